"""Tailor and render a batch's best candidates, with the existing ``tailor`` and ``render`` tasks.

A candidate read from a file first becomes a résumé of the batch (from the document the item
task read), so the tailored version has a parent like any other. That résumé belongs to the batch
(``Resume.batch_id``), not to its owner's own résumés: no list or picker of "my résumés" shows it,
the batch's page opens it, and deleting the batch deletes it (issue 19). A render needs the tailored
version, which exists only once the tailor task has succeeded; each read of the batch
(``advance``) therefore enqueues the renders whose tailoring is done. Both kinds run at the
batch's low priority, below anyone's interactive work.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from typing import Any

from sqlalchemy.orm import Session

from tailorcv.batch import Row
from tailorcv.errors import Conflict, UserError
from tailorcv.service.batch_submit import batch_priority
from tailorcv.service.files import safe_filename
from tailorcv.service.payloads import RenderPayload, TailorPayload, read
from tailorcv.service.runtime import Runtime
from tailorcv.service.schemas import Source
from tailorcv.service.work import commit_then_enqueue, version_for
from tailorcv.store import batch_queries, queries
from tailorcv.store.models import Batch, BatchItem, Task, User


def tailor_top(
    runtime: Runtime,
    session: Session,
    user: User,
    batch: Batch,
    ranked: list[Row],
    *,
    top: int,
    template: str,
    pages: int | None,
) -> list[BatchItem]:
    """Tailor tasks for the ``top`` best ranked candidates that have none yet; their items."""
    if batch.job_id is None:
        raise Conflict("the batch's job was deleted; make a new batch to tailor for it")
    wanted = [uuid.UUID(row.id) for row in ranked[:top]]
    items = {item.id: item for item in batch_queries.get_items(session, user.id, wanted)}
    chosen = [items[i] for i in wanted if i in items]
    created: list[Task] = []
    for item in chosen:
        if item.tailor_task_id is not None:
            continue
        version = _version(runtime, session, user, item)
        payload = TailorPayload(
            version_id=version.id, job_id=batch.job_id, pages=pages, template=template
        )
        task = queries.create_task(
            session, user.id, payload.kind, payload.stored(), priority=batch_priority(user.tier)
        )
        item.tailor_task_id = task.id
        item.render_task_id = None
        created.append(task)
    commit_then_enqueue(runtime, session, created)
    return chosen


def _version(runtime: Runtime, session: Session, user: User, item: BatchItem) -> Any:
    """The version to tailor: the résumé's draft, or a new résumé of the batch made from the
    file read (its bytes count against the owner's storage allowance, as any résumé's)."""
    if item.resume_id is None:
        if item.document is None:
            raise UserError(f"candidate {item.position + 1} has no résumé to tailor")
        title = (item.result or {}).get("candidate", {}).get("name") or item.name
        allowed = runtime.settings.storage_per_user_bytes
        with queries.within_allowance(session, user.id, allowed):
            resume, version = queries.create_resume(
                session, user.id, title[:200], item.document, batch_id=item.batch_id
            )
        item.resume_id = resume.id
        return version
    return version_for(session, user.id, Source(resume_id=item.resume_id))


def advance(runtime: Runtime, session: Session, user: User, batch: Batch) -> None:
    """Enqueue a render for each candidate whose tailoring succeeded and has none yet."""
    created: list[Task] = []
    for item in batch_queries.tailored_items(session, batch.id):
        if item.render_task_id is not None or item.tailor_task_id is None:
            continue
        tailored = queries.get_task(session, user.id, item.tailor_task_id)
        if tailored is None or tailored.status != "succeeded" or not tailored.result:
            continue
        asked = read(tailored.kind, tailored.payload, TailorPayload)
        payload = RenderPayload(version_id=tailored.result["version_id"], template=asked.template)
        task = queries.create_task(
            session, user.id, payload.kind, payload.stored(), priority=batch_priority(user.tier)
        )
        item.render_task_id = task.id
        created.append(task)
    if created:
        commit_then_enqueue(runtime, session, created)


def tailoring_of(session: Session, user: User, item: BatchItem) -> dict[str, Any] | None:
    """The item's tailor and render tasks, as the ranking shows them."""
    if item.tailor_task_id is None:
        return None
    tailor = queries.get_task(session, user.id, item.tailor_task_id)
    render = (
        queries.get_task(session, user.id, item.render_task_id) if item.render_task_id else None
    )
    version_id = (tailor.result or {}).get("version_id") if tailor else None
    return {
        "resume_id": str(item.resume_id) if item.resume_id else None,
        "version_id": version_id,
        "tailor_task_id": str(item.tailor_task_id),
        "tailor_status": tailor.status if tailor else "gone",
        "render_task_id": str(item.render_task_id) if item.render_task_id else None,
        "render_status": render.status if render else None,
        "file_id": (render.result or {}).get("file_id") if render else None,
        "error": (tailor.error if tailor and tailor.error else None)
        or (render.error if render else None),
    }


def archive(runtime: Runtime, session: Session, user: User, rows: list[Row]) -> bytes:
    """A zip of the rendered PDFs, in rank order; 409 when none is ready yet."""
    buffer = io.BytesIO()
    count = 0
    items = {
        str(i.id): i
        for i in batch_queries.get_items(session, user.id, [uuid.UUID(r.id) for r in rows])
    }
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive_file:
        for row in rows:
            item = items.get(row.id)
            info = tailoring_of(session, user, item) if item else None
            file_id = (info or {}).get("file_id")
            file = queries.get_file(session, user.id, uuid.UUID(file_id)) if file_id else None
            if file is None:
                continue
            count += 1
            name = safe_filename(f"{row.rank or count:03d}-{row.candidate}")
            archive_file.writestr(f"{name}.pdf", runtime.blobs.get(file.key))
    if count == 0:
        raise Conflict("no tailored PDF is ready yet: POST /tailor, then wait for its renders")
    return buffer.getvalue()
