"""Handing a committed task to whoever runs it: the huey queue, or this very process.

The web layer writes the task row, commits, and only then calls ``dispatcher.enqueue(...)``: a
crash in between leaves a queued row, which recovery re-enqueues; the reverse order could run a
task whose row does not exist yet.
"""

from __future__ import annotations

import time
import uuid
import weakref
from dataclasses import dataclass
from typing import Any, Protocol

from tailorcv.ops import metrics
from tailorcv.ops.settings import Settings
from tailorcv.tasks.options import DEFAULT_OPTIONS, TaskOptions
from tailorcv.tasks.runner import run_task

# The huey task that runs a row, per huey instance (set by ``queue.make_huey``).
_RUNNERS: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()


class Dispatcher(Protocol):
    def enqueue(self, task_id: uuid.UUID, kind: str, priority: int = 0) -> None:
        """Deliver a committed task to a worker; higher ``priority`` runs first."""


def bind(huey: Any, runner: Any) -> None:
    """Remember the huey task (a ``TaskWrapper``) that runs rows on ``huey``."""
    _RUNNERS[huey] = runner


class HueyDispatcher:
    """Enqueue on a huey instance made by ``make_huey``; only the task id travels."""

    def __init__(self, huey: Any) -> None:
        if huey not in _RUNNERS:
            raise ValueError("build the huey instance with tailorcv.tasks.make_huey")
        self.huey = huey
        self._runner = _RUNNERS[huey]

    def enqueue(self, task_id: uuid.UUID, kind: str, priority: int = 0) -> None:
        self.huey.enqueue(self._runner.s(str(task_id), priority=priority))
        metrics.TASKS.labels(kind, "enqueued").inc()

    def enqueue_later(self, task_id: uuid.UUID, kind: str, priority: int, delay: float) -> None:
        """Deliver a retry after its backoff (huey's schedule, checked every second)."""
        self._runner.schedule(args=(str(task_id),), delay=delay, priority=priority)

    def pending(self) -> int:
        """How many messages wait in the queue."""
        return int(self.huey.pending_count())


@dataclass
class Deferred:
    task_id: uuid.UUID
    kind: str
    priority: int
    due: float  # time.monotonic()


class InlineDispatcher:
    """Run each task at once, in this process, through the same runner a worker uses.

    For tests and for single-user setups with no consumer. A retry is not slept on: it waits in
    ``deferred`` until ``run_due()`` is called after its backoff.
    """

    def __init__(self, settings: Settings, options: TaskOptions = DEFAULT_OPTIONS) -> None:
        self.settings = settings
        self.options = options
        self.deferred: list[Deferred] = []

    def enqueue(self, task_id: uuid.UUID, kind: str, priority: int = 0) -> None:
        metrics.TASKS.labels(kind, "enqueued").inc()
        run_task(self.settings, task_id, options=self.options, requeue=self._defer)

    def run_due(self) -> int:
        """Run the deferred retries whose backoff has passed; how many ran."""
        now = time.monotonic()
        due = [item for item in self.deferred if item.due <= now]
        self.deferred = [item for item in self.deferred if item.due > now]
        for item in due:
            self.enqueue(item.task_id, item.kind, item.priority)
        return len(due)

    def _defer(self, task_id: uuid.UUID, kind: str, priority: int, delay: float) -> None:
        self.deferred.append(Deferred(task_id, kind, priority, time.monotonic() + delay))
