"""Keeping a running task's lease alive, and the hard time limit that ends a stuck worker.

huey's own ``timeout`` cannot help: thread workers ignore it, and in a process worker it is a
Python signal handler, which only runs between bytecodes, so it fires after a Typst compile
returns, never during one (DESIGN.md, "What huey does, measured here"). Two mechanisms replace it:

- ``Heartbeat`` renews the lease every third of its length, but only until the kind's time limit.
  After that the lease runs out, recovery hands the task to another attempt, and the stale
  worker can no longer record a result (every write checks the claim's attempt number).
- ``hard_limit`` arms a kernel timer whose signal keeps its default action, terminating the
  process: it needs no Python code to run, so it ends a worker stuck in C code too. It fires
  when the lease is overdue (time limit + one lease), and the consumer starts a new worker.
  It is used only in process workers (``enable_hard_limits``); in a thread it would end the
  whole program.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
import uuid
from collections.abc import Iterator
from types import TracebackType

from sqlalchemy.orm import Session, sessionmaker

from tailorcv.ops.logs import get_logger
from tailorcv.store.task_queries import renew_lease

log = get_logger(__name__)

_HARD_LIMITS = threading.Event()


def enable_hard_limits() -> None:
    """Let ``hard_limit`` arm its timer in this process (a huey process worker)."""
    _HARD_LIMITS.set()


class Heartbeat:
    """A thread that renews one claim's lease until stopped or until ``limit`` seconds passed.

    ``lost`` becomes true when a renewal finds the claim gone (cancelled, or taken over after
    the lease ran out); the work may carry on, but its result will be refused.
    """

    def __init__(
        self,
        sessions: sessionmaker[Session],
        task_id: uuid.UUID,
        attempt: int,
        lease_seconds: float,
        limit: float,
    ) -> None:
        self.sessions = sessions
        self.task_id = task_id
        self.attempt = attempt
        self.lease_seconds = lease_seconds
        self.deadline = time.monotonic() + limit
        self.lost = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"lease-{task_id}", daemon=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        interval = self.lease_seconds / 3
        while not self._stop.wait(interval):
            if time.monotonic() >= self.deadline:
                log.warning("task_time_limit_passed", task_id=str(self.task_id))
                return
            try:
                with self.sessions() as session, session.begin():
                    renewed = renew_lease(session, self.task_id, self.attempt, self.lease_seconds)
            except Exception:  # a database hiccup: try again at the next beat
                log.exception("lease_not_renewed", task_id=str(self.task_id))
                continue
            if not renewed:
                self.lost = True
                return


@contextlib.contextmanager
def hard_limit(seconds: float) -> Iterator[None]:
    """End this process with SIGALRM if the block runs longer than ``seconds`` (process workers
    only: elsewhere, and outside the main thread, this does nothing)."""
    armed = _HARD_LIMITS.is_set() and threading.current_thread() is threading.main_thread()
    if not armed:
        yield
        return
    previous = signal.signal(signal.SIGALRM, signal.SIG_DFL)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
