"""Worker heartbeat rows: upsert, who was seen since when, pruning, public queue URLs; every
backend."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from tailorcv.store import queries
from tailorcv.store.models import Worker

NOW = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)
QUEUE = "redis://cache:6379/0?queue=tailorcv"


def beat(session: Session, worker_id: uuid.UUID, at: datetime, pid: int = 7) -> None:
    queries.record_heartbeat(session, worker_id, "box", pid, QUEUE, at, processes=2)
    session.commit()


def test_a_heartbeat_registers_then_refreshes_the_same_row(session: Session) -> None:
    worker_id = uuid.uuid4()
    beat(session, worker_id, NOW)
    beat(session, worker_id, NOW + timedelta(seconds=10), pid=8)
    session.expire_all()
    rows = session.query(Worker).all()
    assert len(rows) == 1
    row = rows[0]
    assert (row.id, row.hostname, row.pid, row.queue, row.processes) == (
        worker_id, "box", 8, QUEUE, 2,
    )  # fmt: skip
    assert row.started_at == NOW, "the first heartbeat is the start"
    assert row.seen_at == NOW + timedelta(seconds=10)


def test_workers_seen_since_a_time_longest_running_first(session: Session) -> None:
    old, fresh, stale = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    beat(session, old, NOW - timedelta(hours=2))
    beat(session, fresh, NOW - timedelta(seconds=30))
    beat(session, old, NOW - timedelta(seconds=5))
    beat(session, stale, NOW - timedelta(minutes=5))
    seen = queries.workers_seen(session, NOW - timedelta(seconds=60))
    assert [row.id for row in seen] == [old, fresh]
    assert queries.workers_seen(session, NOW + timedelta(seconds=1)) == []


def test_forget_workers_prunes_only_the_old_rows(session: Session) -> None:
    gone, alive = uuid.uuid4(), uuid.uuid4()
    beat(session, gone, NOW - timedelta(days=2))
    beat(session, alive, NOW - timedelta(hours=1))
    assert queries.forget_workers(session, NOW - timedelta(days=1)) == 1
    session.commit()
    assert [row.id for row in queries.workers_seen(session, NOW - timedelta(days=30))] == [alive]
    assert queries.forget_workers(session, NOW - timedelta(days=1)) == 0


def test_forget_worker_removes_one_row(session: Session) -> None:
    worker_id = uuid.uuid4()
    beat(session, worker_id, NOW)
    assert queries.forget_worker(session, worker_id) is True
    assert queries.forget_worker(session, worker_id) is False
    session.commit()
    assert queries.workers_seen(session, NOW - timedelta(days=1)) == []


@pytest.mark.parametrize(
    ("url", "public"),
    [
        ("sqlite:////var/lib/tailorcv/queue.db", "sqlite:////var/lib/tailorcv/queue.db"),
        ("redis://:s3cret@cache:6379/0?queue=q", "redis://cache:6379/0?queue=q"),
        ("rediss://user:s3cret@cache/1", "rediss://cache/1"),
        (
            "postgresql://tcv:s3cret@db.example/queue?sslmode=require&password=s3cret",
            "postgresql://db.example/queue",
        ),
        ("redis://u:p@[::1]:6380/0", "redis://[::1]:6380/0"),
        ("memory://", "memory://"),
    ],
)
def test_a_queue_url_is_stored_without_credentials(url: str, public: str) -> None:
    assert queries.public_queue_url(url) == public
    assert "s3cret" not in queries.public_queue_url(url)
