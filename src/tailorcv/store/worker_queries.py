"""Worker rows: which consumers (``tailorcv worker``) are alive, from their heartbeats.

A consumer registers itself when it starts, refreshes ``seen_at`` every few seconds
(``tailorcv.tasks.heartbeat``) and deletes its row when it stops cleanly. A consumer that was
killed leaves its row behind, going stale: readers count only rows seen recently, and
``forget_workers`` prunes the old ones.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from tailorcv.ops.settings import public_url
from tailorcv.store.models import Worker

QUEUE_LENGTH = 500  # the column's length
WORKER_SEEN_SECONDS = 60.0  # a worker whose heartbeat is older than this is not counted alive


def public_queue_url(url: str) -> str:
    """The queue URL fit to store and show (``ops.settings.public_url``), cut to the column."""
    return public_url(url)[:QUEUE_LENGTH]


def record_heartbeat(
    session: Session,
    worker_id: uuid.UUID,
    hostname: str,
    pid: int,
    queue: str,
    now: datetime,
    *,
    processes: int = 0,
) -> None:
    """Say the worker is alive at ``now``: insert its row (started now) or refresh it, in one
    statement (``INSERT … ON CONFLICT (id) DO UPDATE``). ``queue`` is stored as given: pass it
    through ``public_queue_url``."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(Worker).values(
        id=worker_id,
        hostname=hostname[:255],
        pid=pid,
        queue=queue[:QUEUE_LENGTH],
        processes=processes,
        started_at=now,
        seen_at=now,
    )
    statement = statement.on_conflict_do_update(
        index_elements=[Worker.id],
        set_={
            "hostname": statement.excluded.hostname,
            "pid": statement.excluded.pid,
            "queue": statement.excluded.queue,
            "processes": statement.excluded.processes,
            "seen_at": statement.excluded.seen_at,
        },
    )
    session.execute(statement)


def workers_seen(session: Session, since: datetime) -> Sequence[Worker]:
    """The workers whose last heartbeat was at or after ``since``, longest running first."""
    query = select(Worker).where(Worker.seen_at >= since).order_by(Worker.started_at, Worker.id)
    return session.scalars(query).all()


def forget_worker(session: Session, worker_id: uuid.UUID) -> bool:
    """Delete one worker's row (it stopped cleanly); False when there was none."""
    statement = delete(Worker).where(Worker.id == worker_id).returning(Worker.id)
    return session.execute(statement).first() is not None


def forget_workers(session: Session, before: datetime) -> int:
    """Delete the rows of workers last seen before ``before`` (killed, or of another host that
    is gone); returns how many."""
    statement = delete(Worker).where(Worker.seen_at < before).returning(Worker.id)
    return len(session.execute(statement).all())
