"""Recovery: give the queue back what it lost, because the database, not the queue, is the truth.

huey loses a task when its worker is killed, when the consumer gets SIGTERM mid-task, and when
Redis restarts without its data (DESIGN.md). The rows stay. Every ``recover_seconds`` this

- makes ``dead`` the running tasks whose lease expired on their last attempt (a document that
  kills its worker every time stops being retried);
- re-enqueues the running tasks whose lease expired (their worker is gone);
- re-enqueues queued tasks that have waited longer than a recovery period, unless the queue holds
  at least as many messages as there are such rows (then they are most likely still in it, and
  re-enqueueing a backlog every period would only grow it).

Enqueueing a task twice is harmless: only one claim can succeed.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from tailorcv.service.runtime import Runtime
from tailorcv.store.models import Task, utcnow
from tailorcv.store.task_queries import bury_lost_tasks, recoverable_tasks

Enqueue = Callable[[uuid.UUID, str, int], None]


@dataclass(frozen=True)
class Recovered:
    buried: int
    lost: int  # running tasks whose worker went away
    waiting: int  # queued tasks the queue seems to have lost


def recover(
    ctx: Runtime,
    enqueue: Enqueue,
    *,
    pending: int | None,
    grace_seconds: float,
    now: datetime | None = None,
) -> Recovered:
    """One recovery pass; ``pending`` is how many messages the queue holds (None: unknown)."""
    now = now or utcnow()
    with ctx.sessions() as session, session.begin():
        buried = bury_lost_tasks(session, now)
    with ctx.sessions() as session:
        rows = recoverable_tasks(session, now)
    lost = [task for task in rows if task.status == "running"]
    cutoff = now - timedelta(seconds=grace_seconds)
    waiting = [task for task in rows if task.status == "queued" and _since(task) <= cutoff]
    if pending is not None and pending >= len(waiting):
        waiting = []
    for task in [*lost, *waiting]:
        enqueue(task.id, task.kind, task.priority)
    return Recovered(buried, len(lost), len(waiting))


def _since(task: Task) -> datetime:
    """When the task became due: its retry time, or its creation."""
    return task.not_before or task.created_at
