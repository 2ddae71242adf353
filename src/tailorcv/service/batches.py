"""Batches, read and changed: the list, one batch's progress and ranking, one candidate in full,
tailoring its best candidates, and deleting it (making one: ``service.batch_submit``)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from tailorcv.batch import Entry, Ranking, parse_criteria, rank
from tailorcv.render import get_template
from tailorcv.service import batch_submit, batch_tailor
from tailorcv.service.batch_schemas import (
    BatchPublic,
    BatchReport,
    BatchTailoring,
    BatchTailorRequest,
    CandidateDetail,
    Progress,
    RankedRow,
    Tailoring,
)
from tailorcv.service.batch_schemas import Ranking as RankingOut
from tailorcv.service.limits import Caller
from tailorcv.service.runtime import Runtime
from tailorcv.service.schemas import TaskPublic
from tailorcv.service.work import not_found
from tailorcv.store import batch_queries, queries
from tailorcv.store.models import Batch, User, utcnow


def list_batches(runtime: Runtime, session: Session, user: User) -> list[BatchPublic]:
    """The owner's batches, newest first (expired ones are deleted first)."""
    batch_submit.expire(runtime, session, user)
    return [public(session, b) for b in batch_queries.list_batches(session, user.id)]


def batch_report(
    runtime: Runtime, session: Session, user: User, batch_id: uuid.UUID, limit: int
) -> BatchReport:
    """Progress, and the ranking so far (best first; knocked-out and failed candidates apart);
    ``limit`` rows of each list (0: progress only, a cheaper poll)."""
    batch = owned(session, user, batch_id)
    batch_tailor.advance(runtime, session, user, batch)
    if limit == 0:
        empty = RankingOut(ranked=[], knocked_out=[], failed=[])
        return BatchReport(batch=public(session, batch, counted(session, batch)), ranking=empty)
    ranking, progress = view(session, batch)
    tailored = tailorings(session, user, batch)
    return BatchReport(
        batch=public(session, batch, progress),
        ranking=RankingOut(
            ranked=[ranked_row(r, tailored) for r in ranking.ranked[:limit]],
            knocked_out=[ranked_row(r, tailored) for r in ranking.knocked_out[:limit]],
            failed=[ranked_row(r, tailored) for r in ranking.failed[:limit]],
        ),
    )


def tailor_batch(
    runtime: Runtime,
    session: Session,
    caller: Caller,
    batch_id: uuid.UUID,
    order: BatchTailorRequest,
) -> BatchTailoring:
    """Tailor and render the best ``top`` ranked candidates (knocked-out ones are not ranked);
    one ``tailor`` from the caller's rate limit."""
    runtime.limits.take_action(caller, "tailor")
    user = caller.signed_in
    get_template(order.template)
    batch = owned(session, user, batch_id)
    ranking, progress = view(session, batch)
    items = batch_tailor.tailor_top(
        runtime,
        session,
        user,
        batch,
        ranking.ranked,
        top=order.top,
        template=order.template,
        pages=order.pages,
    )
    names = {r.id: r.candidate for r in ranking.ranked}
    made: list[Tailoring] = []
    for item in items:
        info = batch_tailor.tailoring_of(session, user, item) or {}
        tailor = task_public(session, user, info.get("tailor_task_id"))
        if tailor is not None:
            render = task_public(session, user, info.get("render_task_id"))
            candidate = names.get(str(item.id), "")
            made.append(
                Tailoring(item_id=item.id, candidate=candidate, tailor=tailor, render=render)
            )
    return BatchTailoring(batch=public(session, batch, progress), tailoring=made)


def candidate_detail(
    runtime: Runtime, session: Session, user: User, batch_id: uuid.UUID, item_id: uuid.UUID
) -> CandidateDetail:
    """One candidate of the batch, as the ranking shows it (blind screening applied) with the
    whole of its result and its tailoring; 404 for an item of another batch."""
    batch = owned(session, user, batch_id)
    batch_tailor.advance(runtime, session, user, batch)
    items = batch_queries.get_items(session, user.id, [item_id])
    if not items or items[0].batch_id != batch.id:
        raise not_found("candidate", item_id)
    item = items[0]
    row = next(r for r in view(session, batch)[0].rows() if r.id == str(item.id))
    tailoring = batch_tailor.tailoring_of(session, user, item)
    result = item.result or {}
    return CandidateDetail(
        batch_id=batch.id,
        candidate=ranked_row(row, {row.id: tailoring} if tailoring else {}),
        years=float((result.get("facts") or {}).get("years") or 0.0),
        parts={str(k): float(v) for k, v in (result.get("parts") or {}).items()},
        matched_required=list(result.get("matched_required") or []),
        missing_required=list(result.get("missing_required") or []),
        missing_preferred=list(result.get("missing_preferred") or []),
    )


def delete_batch(runtime: Runtime, session: Session, user: User, batch_id: uuid.UUID) -> None:
    """The batch, its items, its candidates' résumés and the uploaded files no other batch
    uses."""
    keys = batch_queries.delete_batch(session, user.id, batch_id)
    if keys is None:
        raise not_found("batch", batch_id)
    session.commit()
    for key in keys:
        runtime.blobs.delete(key)


def owned(session: Session, user: User, batch_id: uuid.UUID) -> Batch:
    batch = batch_queries.get_batch(session, user.id, batch_id)
    if batch is None:
        raise not_found("batch", batch_id)
    return batch


def ranking_of(session: Session, batch: Batch) -> Ranking:
    return view(session, batch)[0]


def view(session: Session, batch: Batch) -> tuple[Ranking, Progress]:
    """The ranking and the progress, from one read of the items."""
    rows = batch_queries.item_rows(session, batch.id)
    ranking = rank([entry_of(r) for r in rows], parse_criteria(batch.criteria), blind=batch.blind)
    running = sum(1 for r in rows if r.status == "queued" and r.task_status == "running")
    succeeded = len(ranking.ranked) + len(ranking.knocked_out)
    failed = len(ranking.failed)
    progress = Progress(
        total=batch.total,
        done=succeeded + failed,
        succeeded=succeeded,
        failed=failed,
        running=running,
        queued=max(0, len(ranking.pending) - running),
    )
    return ranking, progress


def counted(session: Session, batch: Batch) -> Progress:
    """The progress from counts alone (no results read)."""
    counts = batch_queries.progress_counts(session, batch.id)
    done = counts["succeeded"] + counts["failed"]
    return Progress(
        total=batch.total,
        done=done,
        succeeded=counts["succeeded"],
        failed=counts["failed"],
        running=counts["running"],
        queued=max(0, batch.total - done - counts["running"]),
    )


def entry_of(row: Any) -> Entry:
    status_, error = row.status, row.error
    if status_ == "queued" and row.task_status in batch_queries.DEAD:
        status_, error = (
            "failed",
            f"the task scoring it failed: {row.task_error or row.task_status}",
        )
    return Entry(str(row.id), row.position, row.name, status_, row.score, row.result, error)


def public(session: Session, batch: Batch, progress: Progress | None = None) -> BatchPublic:
    progress = progress or counted(session, batch)
    if progress.done >= progress.total and batch.finished_at is None:
        # Two workers finishing the last chunks at once each saw the other's items still
        # queued (PostgreSQL, read committed), so neither stamped the batch; the reader does.
        batch.finished_at = utcnow()
        session.commit()
    return BatchPublic(
        id=batch.id,
        title=batch.title,
        job_id=batch.job_id,
        blind=batch.blind,
        criteria=batch.criteria,
        status="finished" if progress.done >= progress.total else "running",
        progress=progress,
        created_at=batch.created_at,
        finished_at=batch.finished_at,
        expires_at=batch.expires_at,
    )


def tailorings(session: Session, user: User, batch: Batch) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for item in batch_queries.tailored_items(session, batch.id):
        info = batch_tailor.tailoring_of(session, user, item)
        if info is not None:
            found[str(item.id)] = info
    return found


def ranked_row(row: Any, tailored: dict[str, dict[str, Any]]) -> RankedRow:
    return RankedRow(**row.to_dict(), tailoring=tailored.get(row.id))


def task_public(session: Session, user: User, raw: object) -> TaskPublic | None:
    if not raw:
        return None
    task = queries.get_task(session, user.id, uuid.UUID(str(raw)))
    return TaskPublic.model_validate(task) if task is not None else None
