"""The ``batch_item`` task kind: score a batch's candidates against its job (issue 9).

One task carries one candidate file that must be parsed (PDF, DOCX, text: tens of milliseconds
each, in the import sandbox), or a chunk of structured candidates (JSON Resume, YAML, the owner's
own résumés: a few milliseconds each), so that per-task overhead does not dominate a 1,000-item
batch (docs/batches.md). Each item is judged on its own: a bad file fails its item with the
reason and never the task, nor the batch. An unexpected error fails the attempt, so the task is
retried; on the last attempt the items still unscored fail with the reason instead.

The job is analysed once, when the batch is made; every task reuses the stored analysis. The
outcomes are written with one bulk UPDATE per task, in the runner's transaction.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from tailorcv.errors import UnreadableFile, UserError
from tailorcv.ops.logs import get_logger
from tailorcv.service.payloads import BatchItemPayload, read
from tailorcv.service.runtime import Runtime
from tailorcv.store import batch_queries, queries
from tailorcv.store.models import BatchItem, File, Task, utcnow
from tailorcv.tasks.common import Done, job_analysis

log = get_logger(__name__)

PARSE_SECONDS = 20.0  # per file, within the kind's 30 s time limit (tasks/options.py)
STRUCTURED_TYPES = ("application/json", "application/yaml")
PAUSE_SECONDS = 0.01
CHECK_SECONDS = 0.02  # how often a chunk looks for a person's running task
MAX_PAUSE_SECONDS = 1.0  # per item
INTERACTIVE_FLOOR = -500_000  # batch work (its tailoring and renders too) runs far below this


def score_items(ctx: Runtime, session: Session, task: Task) -> Done:
    """Score each still-queued item the task carries; record each outcome on its item."""
    payload = read(task.kind, task.payload, BatchItemPayload)
    batch = batch_queries.get_batch(session, task.owner_id, payload.batch_id)
    if batch is None:
        return Done({"scored": 0, "failed": 0, "note": "the batch was deleted"})
    chosen = batch_queries.get_items(session, task.owner_id, payload.item_ids)
    items = [i for i in chosen if i.status == "queued"]
    files = _files(session, task.owner_id, items)
    analysis = job_analysis(batch.analysis, "")
    last_try = task.attempts >= task.max_attempts
    outcomes: list[dict[str, Any]] = []
    checked = 0.0
    for item in items:
        if time.monotonic() - checked > CHECK_SECONDS:
            _make_way(ctx)
            checked = time.monotonic()
        try:
            outcomes.append(_score(ctx, session, item, files.get(item.file_id), analysis))
        except UserError as exc:
            outcomes.append(_failed(item, exc.message))
        except Exception as exc:
            if not last_try:
                raise
            log.exception("batch_item_failed", item_id=str(item.id))
            outcomes.append(_failed(item, f"internal error: {type(exc).__name__}: {exc}"))
    if outcomes:
        session.execute(update(BatchItem), outcomes)
    batch_queries.mark_finished(session, batch.id)
    failed = sum(1 for o in outcomes if o["status"] == "failed")
    return Done({"scored": len(outcomes) - failed, "failed": failed})


def _make_way(ctx: Runtime) -> None:
    """Pause while a person's task runs, so that it has the CPU to itself: on 2 cores, a render
    beside a busy batch worker took far longer than alone (docs/batches.md). The pause is
    bounded, so a stream of interactive work slows a batch down but never stops it."""
    waited = 0.0
    while waited < MAX_PAUSE_SECONDS:
        with ctx.sessions() as session:
            if not batch_queries.interactive_running(session, INTERACTIVE_FLOOR):
                return
        time.sleep(PAUSE_SECONDS)
        waited += PAUSE_SECONDS


def _files(session: Session, owner_id: uuid.UUID, items: list[BatchItem]) -> dict[Any, File]:
    ids = [item.file_id for item in items if item.file_id is not None]
    if not ids:
        return {}
    query = select(File).where(File.owner_id == owner_id, File.id.in_(ids))
    return {file.id: file for file in session.scalars(query)}


def _score(
    ctx: Runtime, session: Session, item: BatchItem, file: File | None, analysis: Any
) -> dict[str, Any]:
    from tailorcv.batch import evaluate
    from tailorcv.resume import to_dict

    resume, from_file = _candidate(ctx, session, item, file)
    result = evaluate(resume, analysis)
    return {
        "id": item.id,
        "status": "succeeded",
        "score": result["score"],
        "result": result,
        "document": to_dict(resume) if from_file else None,
        "error": None,
        "finished_at": utcnow(),
    }


def _candidate(
    ctx: Runtime, session: Session, item: BatchItem, file: File | None
) -> tuple[Any, bool]:
    """The item's résumé, and whether it was read from a file."""
    from tailorcv.ingest import Limits, read
    from tailorcv.resume import validate

    if item.source == "resume":
        found = (
            queries.get_resume(session, item.owner_id, item.resume_id) if item.resume_id else None
        )
        if found is None:
            raise UserError("the résumé was deleted before it was scored")
        return validate(found.draft).resume, False
    if file is None:
        raise UserError("the file expired or was deleted before it was scored")
    data = ctx.blobs.get(file.key)
    if file.content_type in STRUCTURED_TYPES:
        return _structured(data, item.name), True
    settings = ctx.settings
    limits = Limits(
        max_bytes=settings.max_upload_bytes,
        max_pages=settings.max_pdf_pages,
        seconds=min(settings.parse_seconds, PARSE_SECONDS),
    )
    return read(data, item.name, limits=limits).resume, True


def _structured(data: bytes, name: str) -> Any:
    """A JSON or YAML résumé, read as ``ingest.read`` would once it knows the type."""
    from tailorcv.resume import read_text

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile("the file is not UTF-8 text") from None
    return read_text(text, source=name).resume


def _failed(item: BatchItem, reason: str) -> dict[str, Any]:
    return {
        "id": item.id,
        "status": "failed",
        "score": None,
        "result": None,
        "document": None,
        "error": reason[:2000],
        "finished_at": utcnow(),
    }


def expire_batches_everywhere(ctx: Runtime) -> int:
    """Delete every owner's expired batches with their uploaded files (the periodic cleanup
    calls this, so a batch's results and files follow the file TTL even for an owner who never
    comes back); how many batches."""
    total = 0
    while True:
        with ctx.sessions() as session, session.begin():
            count = batch_queries.count_expired(session)
            keys = batch_queries.expire_batches(session)
        for key in keys:
            ctx.blobs.delete(key)
        total += count
        if count < batch_queries.IN_CHUNK:
            return total
