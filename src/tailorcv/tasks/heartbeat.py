"""The consumer's heartbeat: one ``workers`` row per running ``tailorcv worker``.

The consumer's main process registers itself when it starts, then a daemon thread refreshes the
row's ``seen_at`` every ``HEARTBEAT_SECONDS``; the row is deleted when the consumer stops (SIGINT,
or SIGTERM). A killed consumer leaves its row to go stale: ``GET /admin/queue`` counts only rows
seen in the last minute, and each heartbeat pass prunes, about once an hour, rows not seen for a
day. Writing a heartbeat never stops the consumer: a failure is logged, and the next beat tries
again.

The heartbeat has an engine of its own in the main process, and closes its connection after each
beat: no pooled connection is left for a worker forked later to inherit, and an idle consumer
holds no database connection.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from datetime import datetime, timedelta

from tailorcv.ops.logs import get_logger
from tailorcv.ops.settings import Settings
from tailorcv.store.db import make_engine, make_sessions
from tailorcv.store.models import utcnow
from tailorcv.store.worker_queries import (
    forget_worker,
    forget_workers,
    public_queue_url,
    record_heartbeat,
)

log = get_logger(__name__)

HEARTBEAT_SECONDS = 10.0
FORGET_AFTER = timedelta(days=1)
PRUNE_SECONDS = 3600.0


class Heartbeat:
    """This consumer's row in ``workers``: ``start`` registers it and keeps it fresh from a
    daemon thread, ``stop`` ends the thread and deletes the row."""

    def __init__(
        self, settings: Settings, processes: int = 0, *, seconds: float = HEARTBEAT_SECONDS
    ) -> None:
        self.worker_id = uuid.uuid4()
        self.hostname = socket.gethostname()
        self.pid = os.getpid()
        self.queue = public_queue_url(settings.queue_url)
        self.processes = processes
        self.seconds = seconds
        self._engine = make_engine(settings)
        self._sessions = make_sessions(self._engine)
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._pruned_at: float | None = None

    def beat(self, now: datetime | None = None) -> bool:
        """Record one heartbeat (and prune old rows when due); False, logged, when it failed."""
        now = now or utcnow()
        try:
            with self._sessions() as session, session.begin():
                record_heartbeat(
                    session,
                    self.worker_id,
                    self.hostname,
                    self.pid,
                    self.queue,
                    now,
                    processes=self.processes,
                )
                if self._prune_due():
                    forgotten = forget_workers(session, now - FORGET_AFTER)
                    if forgotten:
                        log.info("workers_forgotten", count=forgotten)
            return True
        except Exception as exc:  # a heartbeat must never stop the consumer
            log.warning("heartbeat_not_recorded", worker_id=self.worker_id, error=str(exc))
            return False
        finally:
            self._engine.dispose()

    def _prune_due(self) -> bool:
        clock = time.monotonic()
        if self._pruned_at is not None and clock - self._pruned_at < PRUNE_SECONDS:
            return False
        self._pruned_at = clock
        return True

    def start(self) -> None:
        """Register now, then beat every ``seconds`` from a daemon thread."""
        self.beat()
        self._thread = threading.Thread(target=self._run, name="tailorcv-heartbeat", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stopping.wait(self.seconds):
            self.beat()

    def stop(self) -> None:
        """Stop beating and delete the row (the consumer stopped cleanly)."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=self.seconds + 5)
        try:
            with self._sessions() as session, session.begin():
                forget_worker(session, self.worker_id)
        except Exception as exc:
            log.warning("heartbeat_not_removed", worker_id=self.worker_id, error=str(exc))
        finally:
            self._engine.dispose()
