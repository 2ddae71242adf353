"""The queue from a URL on every backend, its errors, priorities, leases and recovery."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest

from tailorcv.errors import InvalidSettings, QueueUnavailable
from tailorcv.ops.settings import Settings
from tailorcv.service.runtime import runtime_for
from tailorcv.store.models import utcnow
from tailorcv.store.task_queries import claim_task
from tailorcv.tasks import HueyDispatcher, make_huey, priority_for
from tailorcv.tasks.lease import Heartbeat
from tailorcv.tasks.options import fair_priority
from tailorcv.tasks.queue import Every
from tailorcv.tasks.recovery import recover
from tests.store.conftest import postgres_database
from tests.tasks.conftest import Seeded, submit, task_row
from tests.tasks.consumers import redis_or_skip, redis_queue_url


def settings_with_queue(tmp_path: Path, queue_url: str) -> Settings:
    return Settings(data_dir=tmp_path, queue_url=queue_url)


def test_sqlite_url_gives_a_sqlite_huey_that_honours_priority(tmp_path: Path) -> None:
    huey = make_huey(settings_with_queue(tmp_path, f"sqlite:///{tmp_path / 'q.db'}"))
    assert type(huey).__name__ == "SqliteHuey"
    dispatcher = HueyDispatcher(huey)
    low, high = uuid.uuid4(), uuid.uuid4()
    dispatcher.enqueue(low, "render", priority=0)
    dispatcher.enqueue(high, "render", priority=20)
    assert dispatcher.pending() == 2
    assert huey.dequeue().args == (str(high),)
    assert huey.dequeue().args == (str(low),)


@pytest.mark.parametrize("extra", ["", "?queue=other"])
def test_the_embedded_queue_lives_exactly_where_its_url_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str
) -> None:
    """An absolute path stays absolute (it once lost its first folder and landed under the
    working directory, where a worker started elsewhere would not find it)."""
    monkeypatch.chdir(tmp_path)
    wanted = tmp_path / "data" / "queue.db"
    huey = make_huey(settings_with_queue(tmp_path, f"sqlite:///{wanted}{extra}"))
    HueyDispatcher(huey).enqueue(uuid.uuid4(), "render")
    assert Path(huey.storage.filename) == wanted
    assert wanted.exists()
    assert huey.name == ("other" if extra else "tailorcv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_redis_url_gives_a_priority_redis_huey(tmp_path: Path) -> None:
    redis_or_skip()
    huey = make_huey(settings_with_queue(tmp_path, redis_queue_url()))
    try:
        assert type(huey).__name__ == "PriorityRedisHuey"
        dispatcher = HueyDispatcher(huey)
        low, high = uuid.uuid4(), uuid.uuid4()
        dispatcher.enqueue(low, "import", priority=1)
        dispatcher.enqueue(high, "import", priority=12)
        assert huey.dequeue().args == (str(high),)
    finally:
        huey.flush()


def test_postgresql_url_gives_a_postgres_huey(tmp_path: Path) -> None:
    with postgres_database() as url:
        huey = make_huey(settings_with_queue(tmp_path, "postgresql://" + url.split("://", 1)[1]))
        assert type(huey).__name__ == "PostgresHuey"
        HueyDispatcher(huey).enqueue(uuid.uuid4(), "render")
        assert huey.pending_count() == 1
        huey.storage.close()


@pytest.mark.parametrize("url", ["redis://127.0.0.1:1/0", "postgresql://nobody@127.0.0.1:1/none"])
def test_an_unreachable_queue_fails_with_one_clear_line(tmp_path: Path, url: str) -> None:
    started = time.monotonic()
    with pytest.raises(QueueUnavailable) as caught:
        make_huey(settings_with_queue(tmp_path, url))
    assert time.monotonic() - started < 5
    message = caught.value.message
    assert "\n" not in message
    assert message.startswith(f"queue unreachable at {url}")
    assert "TAILORCV_QUEUE_URL" in message


def test_a_malformed_queue_url_names_the_variable(tmp_path: Path) -> None:
    with pytest.raises(InvalidSettings, match="TAILORCV_QUEUE_URL"):
        make_huey(settings_with_queue(tmp_path, "redis://127.0.0.1:notaport/0"))


def test_the_password_never_appears_in_the_error(tmp_path: Path) -> None:
    with pytest.raises(QueueUnavailable) as caught:
        make_huey(settings_with_queue(tmp_path, "redis://:hunter2@127.0.0.1:1/0"))
    assert "hunter2" not in caught.value.message


def test_a_higher_tier_comes_first_then_smaller_files() -> None:
    assert priority_for("premium") > priority_for("pro") > priority_for("free")
    assert priority_for("free", 10_000) > priority_for("free", 2_000_000)
    assert priority_for("pro", 9_000_000) > priority_for("free", 10)


def test_every_passes_once_per_period() -> None:
    every = Every(0.2)
    assert every(None) is True
    assert every(None) is False
    time.sleep(0.2)
    assert every(None) is True


def test_the_heartbeat_renews_until_the_time_limit(seeded: Seeded) -> None:
    ctx = runtime_for(seeded.settings)
    task_id = submit(seeded, "render", {})
    with ctx.sessions() as session, session.begin():
        claimed = claim_task(session, task_id, 0.3)
    assert claimed is not None
    with Heartbeat(ctx.sessions, task_id, claimed.attempts, 0.3, limit=0.6):
        time.sleep(0.5)
        assert task_row(seeded.settings, task_id).lease_expires_at > utcnow()  # type: ignore[operator]
        time.sleep(0.8)
    assert task_row(seeded.settings, task_id).lease_expires_at < utcnow()  # type: ignore[operator]


def test_recovery_re_enqueues_lost_tasks_and_buries_the_hopeless(seeded: Seeded) -> None:
    ctx = runtime_for(seeded.settings)
    waiting = submit(seeded, "render", {})
    lost = submit(seeded, "render", {})
    hopeless = submit(seeded, "render", {}, max_attempts=1)
    fresh_running = submit(seeded, "render", {})
    past = utcnow() - timedelta(seconds=60)
    with ctx.sessions() as session, session.begin():
        assert claim_task(session, lost, 1, now=past) is not None
        assert claim_task(session, hopeless, 1, now=past) is not None
        assert claim_task(session, fresh_running, 60) is not None
    enqueued: list[uuid.UUID] = []

    def collect(task_id: uuid.UUID, kind: str, priority: int) -> None:
        enqueued.append(task_id)

    later = utcnow() + timedelta(seconds=40)
    found = recover(ctx, collect, pending=0, grace_seconds=30, now=later)
    assert (found.buried, found.lost, found.waiting) == (1, 1, 1)
    assert set(enqueued) == {waiting, lost}
    assert task_row(seeded.settings, hopeless).status == "dead"
    enqueued.clear()
    recover(ctx, collect, pending=5, grace_seconds=30, now=later)
    assert enqueued == [lost]  # the queue is deep enough to still hold the waiting task
    enqueued.clear()
    recover(ctx, collect, pending=0, grace_seconds=30, now=utcnow())
    assert enqueued == [lost]  # the waiting task has not waited a period yet


def test_fair_priority_lowers_the_rank_by_the_owners_active_tasks() -> None:
    assert fair_priority(priority_for("free"), 0) == 0
    assert fair_priority(priority_for("free"), 9) == -9
    assert fair_priority(priority_for("pro", 50_000), 3) == 10 + 3 - 3
    assert fair_priority(priority_for("free"), 0) > fair_priority(priority_for("free"), 1)
    assert fair_priority(5, -1) == 5, "a count is never negative; it never raises a priority"
