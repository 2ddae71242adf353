"""Administration: everyone's tasks by status, retrying a dead one, and the queue's state."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy.orm import Session

from tailorcv.errors import Conflict
from tailorcv.service import work
from tailorcv.service.runtime import Runtime
from tailorcv.service.schemas import AdminTask, AdminTaskPage, QueueReport, WorkerSeen
from tailorcv.store import queries
from tailorcv.store.models import Task, TaskStatus, utcnow
from tailorcv.store.worker_queries import WORKER_SEEN_SECONDS


def task_page(session: Session, status: TaskStatus, limit: int, offset: int) -> AdminTaskPage:
    """Everyone's tasks of one status, newest first, a page at a time."""
    tasks = queries.list_tasks_by_status(session, status, limit + 1, offset)
    items = [AdminTask.model_validate(task) for task in tasks[:limit]]
    return AdminTaskPage(items=items, next_offset=offset + limit if len(tasks) > limit else None)


def retry(runtime: Runtime, session: Session, task_id: uuid.UUID) -> Task:
    """Queue a dead or failed task again, its attempts reset, and hand it to the dispatcher."""
    task = queries.retry_task(session, task_id)
    if task is None:
        if session.get(Task, task_id) is None:
            raise work.not_found("task", task_id)
        raise Conflict(f"task {task_id} is not dead or failed; only those can be retried")
    work.dispatch(runtime, session, work.Submitted(task, new=True))
    return task


def queue_report(runtime: Runtime, session: Session) -> QueueReport:
    """Queued tasks by priority and kind, the oldest one's age, what is running, and the
    workers alive (heartbeat seen in the last ``WORKER_SEEN_SECONDS``)."""
    stats = queries.queue_stats(session)
    oldest = stats.oldest_queued_at
    now = utcnow()
    workers = [
        WorkerSeen.model_validate(row)
        for row in queries.workers_seen(session, now - timedelta(seconds=WORKER_SEEN_SECONDS))
    ]
    return QueueReport(
        queued=sum(stats.by_kind.values()),
        running=stats.running,
        by_priority=dict(sorted(stats.by_priority.items(), reverse=True)),
        by_kind=stats.by_kind,
        oldest_queued_seconds=None if oldest is None else (now - oldest).total_seconds(),
        pending_messages=_pending(getattr(runtime.dispatcher, "pending", None)),
        workers_seen=len(workers),
        workers=workers,
    )


def _pending(count: object) -> int | None:
    """Messages in the queue, or None when the dispatcher cannot count them or the queue fails."""
    if not callable(count):
        return None
    try:
        return int(count())
    except Exception:  # the queue being down must not break the admin's view of the rows
        return None
