"""Task rows: the truth about background work, which the queue only carries by id.

Lifecycle (docs/storage.md): ``queued`` → ``running`` under a lease → ``succeeded``; or, on a
transient error, back to ``queued`` with a backoff ``not_before`` until ``max_attempts`` is spent,
then ``dead``; a permanent error (bad input) goes straight to ``failed``. A worker that dies lets
its lease expire, and the task becomes claimable again.

Every state change is one ``UPDATE … WHERE`` on the row's current state, so it is atomic on both
backends: two workers cannot both claim a task, and a worker whose lease was taken over (its
``attempt`` number is no longer the row's) can neither finish nor fail it.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Update, and_, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from tailorcv.store.models import FINISHED, Task, utcnow

BASE_DELAY_SECONDS = 2.0
MAX_DELAY_SECONDS = 3600.0
JITTER = (0.75, 1.25)  # ±25 %: attempt n+1 always waits longer than attempt n
REFRESH = {"populate_existing": True}


def create_task(
    session: Session,
    owner_id: uuid.UUID,
    kind: str,
    payload: dict[str, Any],
    idempotency_key: str | None = None,
    *,
    priority: int = 0,
    max_attempts: int = 3,
) -> Task:
    """A queued task in the caller's transaction. With an ``idempotency_key`` the owner's task
    with that key is returned instead when there is one, also under a concurrent race (the insert
    is ``ON CONFLICT DO NOTHING`` on the unique (owner, key) pair)."""
    values: dict[str, Any] = {
        "id": uuid.uuid4(),
        "owner_id": owner_id,
        "kind": kind,
        "status": "queued",
        "priority": priority,
        "payload": payload,
        "attempts": 0,
        "max_attempts": max_attempts,
        "idempotency_key": idempotency_key,
        "created_at": utcnow(),
    }
    if idempotency_key is None:
        task = Task(**values)
        session.add(task)
        session.flush()
        return task
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = (
        insert(Task)
        .values(values)
        .on_conflict_do_nothing(index_elements=["owner_id", "idempotency_key"])
        .returning(Task)
    )
    created = session.scalars(statement).one_or_none()
    if created is not None:
        return created
    query = select(Task).where(Task.owner_id == owner_id, Task.idempotency_key == idempotency_key)
    return session.scalars(query).one()


def get_task(session: Session, owner_id: uuid.UUID, task_id: uuid.UUID) -> Task | None:
    task = session.get(Task, task_id)
    return task if task is not None and task.owner_id == owner_id else None


def list_tasks(
    session: Session, owner_id: uuid.UUID, status: str | None = None, limit: int = 100
) -> Sequence[Task]:
    """The owner's tasks, newest first, optionally of one status."""
    query = select(Task).where(Task.owner_id == owner_id)
    if status is not None:
        query = query.where(Task.status == status)
    return session.scalars(query.order_by(Task.created_at.desc(), Task.id).limit(limit)).all()


def active_tasks(session: Session, owner_id: uuid.UUID) -> int:
    """How many of the owner's tasks are queued or running (the per-user limit counts these)."""
    query = select(func.count()).where(
        Task.owner_id == owner_id, Task.status.in_(("queued", "running"))
    )
    return int(session.scalar(query) or 0)


def cancel_task(
    session: Session, owner_id: uuid.UUID, task_id: uuid.UUID, now: datetime | None = None
) -> Task | None:
    """Cancel the owner's unfinished task. A running one keeps running, but its worker can no
    longer record a result. None when it is not the owner's or has already finished."""
    statement = (
        update(Task)
        .where(Task.id == task_id, Task.owner_id == owner_id, Task.status.not_in(FINISHED))
        .values(status="cancelled", finished_at=now or utcnow(), lease_expires_at=None)
    )
    return _apply(session, statement)


def claimable(now: datetime) -> ColumnElement[bool]:
    """Due queued tasks, and running tasks whose lease expired with attempts left."""
    due = or_(Task.not_before.is_(None), Task.not_before <= now)
    lost = and_(Task.status == "running", Task.lease_expires_at < now)
    return and_(or_(and_(Task.status == "queued", due), lost), Task.attempts < Task.max_attempts)


def claim_task(
    session: Session, task_id: uuid.UUID, lease_seconds: float, now: datetime | None = None
) -> Task | None:
    """Take the task for ``lease_seconds``: one UPDATE that only matches a claimable row, so of
    two workers racing, one gets the task and the other None. The claimed task's ``attempts`` is
    the attempt number to pass to ``finish_task``/``fail_task``/``renew_lease``."""
    now = now or utcnow()
    statement = (
        update(Task)
        .where(Task.id == task_id, claimable(now))
        .values(
            status="running",
            attempts=Task.attempts + 1,
            started_at=now,
            lease_expires_at=now + timedelta(seconds=lease_seconds),
            not_before=None,
        )
    )
    return _apply(session, statement)


def holds(task_id: uuid.UUID, attempt: int) -> ColumnElement[bool]:
    """The row is still running under the lease taken by claim number ``attempt``."""
    return and_(Task.id == task_id, Task.status == "running", Task.attempts == attempt)


def renew_lease(
    session: Session,
    task_id: uuid.UUID,
    attempt: int,
    lease_seconds: float,
    now: datetime | None = None,
) -> bool:
    """Extend a long task's lease; False when the lease was lost (stop working on it)."""
    expires = (now or utcnow()) + timedelta(seconds=lease_seconds)
    statement = update(Task).where(holds(task_id, attempt)).values(lease_expires_at=expires)
    return _apply(session, statement) is not None


def finish_task(
    session: Session,
    task_id: uuid.UUID,
    attempt: int,
    result: dict[str, Any],
    now: datetime | None = None,
) -> Task | None:
    """Record success; None when this worker no longer holds the task (its result is dropped)."""
    statement = (
        update(Task)
        .where(holds(task_id, attempt))
        .values(
            status="succeeded",
            result=result,
            error=None,
            finished_at=now or utcnow(),
            lease_expires_at=None,
        )
    )
    return _apply(session, statement)


def fail_task(
    session: Session,
    task_id: uuid.UUID,
    attempt: int,
    error: str,
    *,
    retry: bool = True,
    now: datetime | None = None,
    base_delay: float = BASE_DELAY_SECONDS,
    rng: random.Random | None = None,
) -> Task | None:
    """Record a failed attempt. A transient error (``retry``) re-queues the task after a backoff
    while attempts remain, then makes it ``dead``; a permanent one makes it ``failed`` at once.
    None when this worker no longer holds the task."""
    now = now or utcnow()
    task = session.get(Task, task_id, populate_existing=True)
    if task is None or task.status != "running" or task.attempts != attempt:
        return None
    values: dict[str, Any] = {"error": error, "lease_expires_at": None}
    if retry and attempt < task.max_attempts:
        delay = backoff_seconds(attempt, base_delay, rng=rng)
        values.update(status="queued", not_before=now + timedelta(seconds=delay))
    else:
        values.update(status="dead" if retry else "failed", finished_at=now)
    return _apply(session, update(Task).where(holds(task_id, attempt)).values(values))


def backoff_seconds(
    attempt: int,
    base: float = BASE_DELAY_SECONDS,
    cap: float = MAX_DELAY_SECONDS,
    rng: random.Random | None = None,
) -> float:
    """Seconds to wait after failed attempt number ``attempt``: ``base · 2^(attempt-1)``, times
    a random factor so that tasks that failed together do not all retry together."""
    factor = (rng or random).uniform(*JITTER)
    return float(min(cap, base * 2 ** (attempt - 1)) * factor)


def recoverable_tasks(
    session: Session, now: datetime | None = None, limit: int = 500
) -> Sequence[Task]:
    """Tasks a worker could claim now (queued and due, or running with an expired lease), oldest
    first: the periodic recovery re-enqueues them. Enqueueing one twice is harmless, because
    only one claim can succeed."""
    query = select(Task).where(claimable(now or utcnow())).order_by(Task.created_at).limit(limit)
    return session.scalars(query).all()


def bury_lost_tasks(session: Session, now: datetime | None = None) -> int:
    """Make ``dead`` the running tasks whose lease expired on their last attempt (the worker
    died every time, as on a document that kills it); returns how many."""
    now = now or utcnow()
    statement = (
        update(Task)
        .where(
            Task.status == "running",
            Task.lease_expires_at < now,
            Task.attempts >= Task.max_attempts,
        )
        .values(
            status="dead",
            error="the worker stopped before finishing (lease expired on the last attempt)",
            finished_at=now,
            lease_expires_at=None,
        )
        .returning(Task.id)
    )
    return len(session.execute(statement).all())


def _apply(session: Session, statement: Update) -> Task | None:
    """Run one conditional UPDATE and return the changed task, refreshed, or None if no row
    matched. ``RETURNING`` (PostgreSQL, SQLite ≥ 3.35) reads the row in the same statement."""
    return session.scalars(statement.returning(Task), execution_options=REFRESH).one_or_none()


# Admin views across owners: every query filters on ``status`` and orders or aggregates by
# ``created_at``, so it reads the ``ix_tasks_status_created_at`` index.


def list_tasks_by_status(
    session: Session, status: str, limit: int = 50, offset: int = 0
) -> Sequence[Task]:
    """Everyone's tasks of one status, newest first (an admin's view: not scoped by owner)."""
    query = (
        select(Task)
        .where(Task.status == status)
        .order_by(Task.created_at.desc(), Task.id)
        .limit(limit)
        .offset(offset)
    )
    return session.scalars(query).all()


def retry_task(session: Session, task_id: uuid.UUID) -> Task | None:
    """Put a ``dead`` or ``failed`` task back in the queue with its attempts reset (an admin's
    retry); None when there is no such task or it is in another state. The caller commits, then
    enqueues it."""
    statement = (
        update(Task)
        .where(Task.id == task_id, Task.status.in_(("dead", "failed")))
        .values(
            status="queued",
            attempts=0,
            error=None,
            result=None,
            not_before=None,
            lease_expires_at=None,
            started_at=None,
            finished_at=None,
        )
    )
    return _apply(session, statement)


@dataclass(frozen=True)
class QueueStats:
    """The queue as the rows see it: queued tasks by priority and by kind, the oldest queued
    task's creation time, and how many tasks are running."""

    by_priority: dict[int, int]
    by_kind: dict[str, int]
    oldest_queued_at: datetime | None
    running: int


def queue_stats(session: Session) -> QueueStats:
    queued = Task.status == "queued"
    by_priority = session.execute(
        select(Task.priority, func.count()).where(queued).group_by(Task.priority)
    ).all()
    by_kind = session.execute(
        select(Task.kind, func.count()).where(queued).group_by(Task.kind)
    ).all()
    oldest = session.scalar(select(func.min(Task.created_at)).where(queued))
    running = session.scalar(select(func.count()).where(Task.status == "running"))
    return QueueStats(
        by_priority={int(priority): int(n) for priority, n in by_priority},
        by_kind={str(kind): int(n) for kind, n in by_kind},
        oldest_queued_at=oldest,
        running=int(running or 0),
    )
