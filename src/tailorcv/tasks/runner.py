"""Run one task from its row: claim, work under a lease, record the outcome.

The queue carries only a task's id; the row says what to do and whether it is still to be done.
So running a task is safe whatever the queue delivers, however often:

- the claim is one conditional UPDATE: a finished task, or one another worker holds, is skipped;
- the handler's rows and the ``succeeded`` status are committed in one transaction, and only if
  this worker still holds the claim: a stale worker's work is rolled back, never merged;
- a user error (``UserError``: bad input) fails the task at once, its problem (the document an
  API answer would carry: ``type``, ``title``, ``status``, ``detail``, and for ``not-a-resume``
  the ``kind`` and ``reasons``) kept as ``result.problem``; anything else is retried after an
  exponential backoff with jitter, and the task is ``dead`` after its last attempt;
- a kind may act on its own failure in the same transaction (``ON_FAILURE``: an import lets go
  of its upload, issue 18).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from tailorcv.errors import NotAResume, UserError
from tailorcv.ops import metrics
from tailorcv.ops.logs import bind_contextvars, get_logger, unbind_contextvars
from tailorcv.ops.settings import Settings
from tailorcv.service.runtime import Runtime, runtime_for
from tailorcv.store.models import Task, utcnow
from tailorcv.store.task_queries import claim_task, fail_task, finish_task
from tailorcv.tasks.batch_kinds import score_items
from tailorcv.tasks.cleanup import cleanup_files
from tailorcv.tasks.common import Handler
from tailorcv.tasks.kinds import import_resume, release_upload, render_version, tailor_version
from tailorcv.tasks.lease import Heartbeat, hard_limit
from tailorcv.tasks.llm_kinds import suggest_bullets, write_cover_letter
from tailorcv.tasks.options import DEFAULT_OPTIONS, TaskOptions

log = get_logger(__name__)
# The task's outcome as an event of tailorcv_tasks_total: a failure that will be tried again
# counts as ``retried``.
EVENTS = {"succeeded": "succeeded", "failed": "failed", "queued": "retried", "dead": "dead"}
CONTEXT = ("task_id", "kind", "attempt", "request_id")

HANDLERS: Mapping[str, Handler] = {
    "import": import_resume,
    "render": render_version,
    "tailor": tailor_version,
    "cleanup": cleanup_files,
    "batch_item": score_items,
    "suggest": suggest_bullets,
    "letter": write_cover_letter,
}

# What a kind does, in the transaction that records its permanent failure (``failed``).
ON_FAILURE: Mapping[str, Callable[[Session, Task, UserError], None]] = {
    "import": release_upload,
}

# Called with (task id, kind, priority, delay in seconds) to deliver a retry after its backoff.
Requeue = Callable[[uuid.UUID, str, int, float], None]


class LeaseLost(Exception):
    """This worker no longer holds the task; what it did is rolled back."""


def run_task(
    settings: Settings,
    task_id: uuid.UUID,
    *,
    options: TaskOptions = DEFAULT_OPTIONS,
    requeue: Requeue | None = None,
) -> None:
    """Run the task ``task_id`` if it is claimable; otherwise do nothing.

    ``requeue`` delivers a retry after its backoff (the huey consumer schedules it); without
    one, the periodic recovery finds the due task instead.
    """
    ctx = runtime_for(settings)
    task = _claim(ctx, task_id, options.lease_seconds)
    if task is None:
        log.info("task_skipped", task_id=str(task_id), reason="finished, held or not due")
        return
    bind_contextvars(
        task_id=str(task.id),
        kind=task.kind,
        attempt=task.attempts,
        request_id=task.payload.get("request_id") if isinstance(task.payload, dict) else None,
    )
    try:
        _observe_start(task)
        limit = options.time_limit(task.kind)
        started = time.monotonic()
        heartbeat = Heartbeat(ctx.sessions, task.id, task.attempts, options.lease_seconds, limit)
        with heartbeat, hard_limit(limit + options.lease_seconds):
            status = _attempt(ctx, task, options, requeue)
        took = time.monotonic() - started
        metrics.TASK_DURATION.labels(task.kind).observe(took)
        if status in EVENTS:
            metrics.TASKS.labels(task.kind, EVENTS[status]).inc()
        log.info("task_ran", status=status, duration_ms=round(took * 1000, 1))
    finally:
        unbind_contextvars(*CONTEXT)


def _observe_start(task: Task) -> None:
    """Count the start, and how long the task waited since it was due."""
    metrics.TASKS.labels(task.kind, "started").inc()
    due = task.not_before or task.created_at
    if task.started_at is not None and due is not None:
        wait = (_aware(task.started_at) - _aware(due)).total_seconds()
        metrics.TASK_QUEUE_WAIT.labels(task.kind).observe(max(0.0, wait))


def _aware(moment: datetime) -> datetime:
    """SQLite gives naive datetimes back; every stored time is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _claim(ctx: Runtime, task_id: uuid.UUID, lease_seconds: float) -> Task | None:
    with ctx.sessions() as session, session.begin():
        return claim_task(session, task_id, lease_seconds)


def _attempt(ctx: Runtime, task: Task, options: TaskOptions, requeue: Requeue | None) -> str:
    """Run the handler and record its outcome; the status the row was left in."""
    try:
        execute(ctx, task)
    except LeaseLost:
        return "lease lost"
    except UserError as exc:
        return _fail(
            ctx, task, exc.message, retry=False, options=options, requeue=requeue, error=exc
        )
    except Exception as exc:
        log.exception("task_attempt_failed")
        message = f"{type(exc).__name__}: {exc}"
        return _fail(ctx, task, message, retry=True, options=options, requeue=requeue)
    return "succeeded"


def execute(ctx: Runtime, task: Task) -> None:
    """The handler's writes and the task's success in one transaction, committed only while
    claim number ``task.attempts`` still holds the row (``LeaseLost`` otherwise)."""
    handler = HANDLERS.get(task.kind)
    if handler is None:
        raise UserError(f"no worker runs tasks of kind {task.kind!r}")
    with ctx.sessions() as session, session.begin():
        done = handler(ctx, session, task)
        if finish_task(session, task.id, task.attempts, done.result) is None:
            raise LeaseLost(str(task.id))  # leaving the block rolls the handler's rows back
    for key in done.delete_blobs:
        ctx.blobs.delete(key)


def _fail(
    ctx: Runtime,
    task: Task,
    message: str,
    *,
    retry: bool,
    options: TaskOptions,
    requeue: Requeue | None,
    error: UserError | None = None,
) -> str:
    with ctx.sessions() as session, session.begin():
        failed = _record_failure(session, task, message, retry, options.retry_base_seconds)
        if failed is not None and failed.status == "failed" and error is not None:
            failed.result = {"problem": problem_of(error, failed.error or message)}
            if (hook := ON_FAILURE.get(failed.kind)) is not None:
                hook(session, failed, error)
    if failed is None:
        return "lease lost"
    if failed.status == "queued" and requeue is not None and failed.not_before is not None:
        delay = max(0.0, (failed.not_before - utcnow()).total_seconds())
        requeue(failed.id, failed.kind, failed.priority, delay)
    return failed.status


def problem_of(error: UserError, detail: str) -> dict[str, Any]:
    """The problem a failed task keeps (``result.problem``): what the API would have answered
    had the work been done in the request, with the failure's cleaned message as ``detail``."""
    problem: dict[str, Any] = {
        "type": error.type,
        "title": error.title,
        "status": error.status,
        "detail": detail,
    }
    if isinstance(error, NotAResume):
        problem.update(kind=error.kind, reasons=list(error.reasons))
    return problem


def _record_failure(
    session: Session, task: Task, message: str, retry: bool, base: float
) -> Task | None:
    # A message may quote the user's bytes, NUL included, which PostgreSQL refuses (issue 16).
    cleaned = message.replace("\x00", "")[:4000]
    return fail_task(session, task.id, task.attempts, cleaned, retry=retry, base_delay=base)
