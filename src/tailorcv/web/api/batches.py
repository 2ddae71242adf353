"""Batches: rank many candidates against one job (issue 9; docs/batches.md).

``POST /batches`` takes a multipart form — ``job_id`` or ``job_text``, repeated ``files`` (PDF,
DOCX, JSON, YAML, text, or zips of them), repeated ``resume_ids``, optional ``criteria`` (JSON),
``blind`` and ``title`` — and answers 202 at once; the items are scored by ``batch_item`` tasks.
The form is read here rather than by FastAPI's ``File()`` parameters, so that the number of files
follows ``batch_max_items`` instead of Starlette's default of 1,000.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException

from tailorcv.batch import Entry, Ranking, parse_criteria, rank, to_csv
from tailorcv.batch import FileEntry as Upload
from tailorcv.errors import TooLarge, UserError
from tailorcv.store import batch_queries, queries
from tailorcv.store.models import Batch, User, utcnow
from tailorcv.web.api import batch_submit, batch_tailor
from tailorcv.web.api.batch_schemas import (
    BatchEnvelope,
    BatchPublic,
    BatchReport,
    BatchTailoring,
    BatchTailorRequest,
    Progress,
    RankedRow,
    Tailoring,
)
from tailorcv.web.api.batch_schemas import Ranking as RankingOut
from tailorcv.web.deps import CurrentUser, ServicesDep, SessionDep
from tailorcv.web.files import disposition, safe_filename
from tailorcv.web.ratelimits import limited
from tailorcv.web.schemas import Items, TaskPublic
from tailorcv.web.work import not_found

router = APIRouter(tags=["batches"])
FORM_OVERHEAD = 1024 * 1024  # multipart boundaries and headers (as web.app.BATCH_SLACK)
TRUE = {"1", "true", "yes", "on"}
FORM_SCHEMA: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "job_id": {"type": "string", "format": "uuid"},
                        "job_text": {"type": "string"},
                        "title": {"type": "string"},
                        "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                        "resume_ids": {
                            "type": "array",
                            "items": {"type": "string", "format": "uuid"},
                        },
                        "criteria": {
                            "type": "string",
                            "description": 'JSON: {"skills": [...], "min_years": 3, '
                            '"degree": "bachelor", "languages": [...]}',
                        },
                        "blind": {"type": "boolean"},
                    },
                }
            }
        },
    }
}


@router.post(
    "/batches",
    status_code=status.HTTP_202_ACCEPTED,
    openapi_extra=FORM_SCHEMA,
    dependencies=[limited("upload")],
)
async def create_batch(
    request: Request, user: CurrentUser, services: ServicesDep, session: SessionDep
) -> BatchEnvelope:
    """Rank candidates against a job: 202 and the batch; poll ``GET /batches/{id}``."""
    settings = services.settings
    declared = int(request.headers.get("content-length") or 0)
    if declared > settings.batch_max_bytes + FORM_OVERHEAD:
        raise TooLarge(_over_bytes(settings.batch_max_bytes))
    parsed = await _read_form(request, settings.batch_max_items, settings.batch_max_bytes)
    batch = await run_in_threadpool(batch_submit.submit, services, session, user, parsed)
    return BatchEnvelope(batch=_public(session, batch))


async def _read_form(request: Request, max_items: int, max_bytes: int) -> batch_submit.Request:
    try:
        form = await request.form(max_files=max_items + 1, max_fields=max_items + 50)
    except HTTPException as exc:
        if "Too many" in str(exc.detail):
            raise TooLarge(
                f"a batch takes at most {max_items} candidates (batch_max_items)"
            ) from None
        raise UserError(f"the form cannot be read: {exc.detail}") from None
    uploads: list[Upload] = []
    room = max_bytes
    for value in form.getlist("files"):
        if isinstance(value, UploadFile):
            data = await value.read(room + 1)
            room -= len(data)
            if room < 0:
                await form.close()
                raise TooLarge(_over_bytes(max_bytes))
            uploads.append(Upload(safe_filename(value.filename), data))
    await form.close()
    text = form.get("job_text")
    return batch_submit.Request(
        uploads=uploads,
        resume_ids=[_uuid(v, "resume_ids") for v in form.getlist("resume_ids")],
        job_id=_uuid(form["job_id"], "job_id") if form.get("job_id") else None,
        job_text=text if isinstance(text, str) and text else None,
        title=str(form.get("title") or "")[:300],
        criteria=parse_criteria(str(form.get("criteria") or "") or None),
        blind=str(form.get("blind") or "").strip().lower() in TRUE,
    )


def _uuid(value: object, name: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise UserError(f"{name}: {str(value)[:80]!r} is not an id") from None


def _over_bytes(limit: int) -> str:
    return f"the upload is over {limit} bytes (batch_max_bytes); split it into several batches"


@router.get("/batches")
def list_batches(
    user: CurrentUser, services: ServicesDep, session: SessionDep
) -> Items[BatchPublic]:
    """The owner's batches, newest first (expired ones are deleted first)."""
    batch_submit.expire(services, session, user)
    return Items(items=[_public(session, b) for b in batch_queries.list_batches(session, user.id)])


@router.get("/batches/{batch_id}")
def read_batch(
    batch_id: uuid.UUID,
    user: CurrentUser,
    services: ServicesDep,
    session: SessionDep,
    limit: Annotated[int, Query(ge=0, le=10_000)] = 1000,
) -> BatchReport:
    """Progress, and the ranking so far (best first; knocked-out and failed candidates apart);
    ``limit`` rows of each list (0: progress only, a cheaper poll)."""
    batch = _owned(session, user, batch_id)
    batch_tailor.advance(services, session, user, batch)
    if limit == 0:
        empty = RankingOut(ranked=[], knocked_out=[], failed=[])
        return BatchReport(batch=_public(session, batch, _counted(session, batch)), ranking=empty)
    ranking, progress = _view(session, batch)
    tailored = _tailorings(session, user, batch)
    return BatchReport(
        batch=_public(session, batch, progress),
        ranking=RankingOut(
            ranked=[_out(r, tailored) for r in ranking.ranked[:limit]],
            knocked_out=[_out(r, tailored) for r in ranking.knocked_out[:limit]],
            failed=[_out(r, tailored) for r in ranking.failed[:limit]],
        ),
    )


@router.get("/batches/{batch_id}/ranking.csv", dependencies=[limited("export")])
def ranking_csv(batch_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> Response:
    batch = _owned(session, user, batch_id)
    name = safe_filename(f"ranking-{batch.id}.csv")
    return Response(
        to_csv(_ranking(session, batch)).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": disposition(name), "X-Content-Type-Options": "nosniff"},
    )


@router.post(
    "/batches/{batch_id}/tailor",
    status_code=status.HTTP_202_ACCEPTED,
    dependencies=[limited("tailor")],
)
def tailor_batch(
    batch_id: uuid.UUID,
    body: BatchTailorRequest,
    user: CurrentUser,
    services: ServicesDep,
    session: SessionDep,
) -> BatchTailoring:
    """Tailor and render the best ``top`` ranked candidates (knocked-out ones are not ranked)."""
    from tailorcv.render import get_template

    get_template(body.template)
    batch = _owned(session, user, batch_id)
    ranking, progress = _view(session, batch)
    items = batch_tailor.tailor_top(
        services,
        session,
        user,
        batch,
        ranking.ranked,
        top=body.top,
        template=body.template,
        pages=body.pages,
    )
    names = {r.id: r.candidate for r in ranking.ranked}
    out: list[Tailoring] = []
    for item in items:
        info = batch_tailor.tailoring_of(session, user, item) or {}
        tailor = _task(session, user, info.get("tailor_task_id"))
        if tailor is not None:
            render = _task(session, user, info.get("render_task_id"))
            out.append(
                Tailoring(
                    item_id=item.id,
                    candidate=names.get(str(item.id), ""),
                    tailor=tailor,
                    render=render,
                )
            )
    return BatchTailoring(batch=_public(session, batch, progress), tailoring=out)


@router.get("/batches/{batch_id}/archive.zip", dependencies=[limited("export")])
def batch_archive(
    batch_id: uuid.UUID, user: CurrentUser, services: ServicesDep, session: SessionDep
) -> Response:
    """The tailored PDFs made so far, in rank order (409 while none is ready)."""
    batch = _owned(session, user, batch_id)
    batch_tailor.advance(services, session, user, batch)
    data = batch_tailor.archive(services, session, user, _ranking(session, batch).ranked)
    return Response(
        data,
        media_type="application/zip",
        headers={"Content-Disposition": disposition(f"batch-{batch.id}.zip")},
    )


@router.delete("/batches/{batch_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_batch(
    batch_id: uuid.UUID, user: CurrentUser, services: ServicesDep, session: SessionDep
) -> None:
    """The batch, its items and the uploaded files no other batch uses."""
    keys = batch_queries.delete_batch(session, user.id, batch_id)
    if keys is None:
        raise not_found("batch", batch_id)
    session.commit()
    for key in keys:
        services.blobs.delete(key)


def _owned(session: Session, user: User, batch_id: uuid.UUID) -> Batch:
    batch = batch_queries.get_batch(session, user.id, batch_id)
    if batch is None:
        raise not_found("batch", batch_id)
    return batch


def _ranking(session: Session, batch: Batch) -> Ranking:
    return _view(session, batch)[0]


def _view(session: Session, batch: Batch) -> tuple[Ranking, Progress]:
    """The ranking and the progress, from one read of the items."""
    rows = batch_queries.item_rows(session, batch.id)
    ranking = rank([_entry(r) for r in rows], parse_criteria(batch.criteria), blind=batch.blind)
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


def _counted(session: Session, batch: Batch) -> Progress:
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


def _entry(row: Any) -> Entry:
    status_, error = row.status, row.error
    if status_ == "queued" and row.task_status in batch_queries.DEAD:
        status_, error = (
            "failed",
            f"the task scoring it failed: {row.task_error or row.task_status}",
        )
    return Entry(str(row.id), row.position, row.name, status_, row.score, row.result, error)


def _public(session: Session, batch: Batch, progress: Progress | None = None) -> BatchPublic:
    progress = progress or _counted(session, batch)
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


def _tailorings(session: Session, user: User, batch: Batch) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for item in batch_queries.tailored_items(session, batch.id):
        info = batch_tailor.tailoring_of(session, user, item)
        if info is not None:
            found[str(item.id)] = info
    return found


def _out(row: Any, tailored: dict[str, dict[str, Any]]) -> RankedRow:
    return RankedRow(**row.to_dict(), tailoring=tailored.get(row.id))


def _task(session: Session, user: User, raw: object) -> TaskPublic | None:
    if not raw:
        return None
    task = queries.get_task(session, user.id, uuid.UUID(str(raw)))
    return TaskPublic.model_validate(task) if task is not None else None
