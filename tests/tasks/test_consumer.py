"""A real consumer (``tailorcv worker`` in a subprocess) runs tasks on every queue backend, and
loses nothing when it is killed: the row is the truth, and recovery re-runs it exactly once."""

from __future__ import annotations

import os
import signal
import socket
import time
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from structlog.testing import capture_logs

from tailorcv.cli.service import WORKER_NICENESS
from tailorcv.ops.settings import Settings
from tailorcv.service.runtime import close_runtimes, runtime_for
from tailorcv.store import queries
from tailorcv.store.models import File, Worker, utcnow
from tailorcv.tasks import HueyDispatcher, make_huey
from tailorcv.tasks.heartbeat import Heartbeat
from tests.store.conftest import postgres_database
from tests.tasks.conftest import Seeded, count, example_resume, seed, sqlite_settings, submit
from tests.tasks.consumers import kill_group, redis_or_skip, redis_queue_url, wait_for, worker

BACKENDS = ["sqlite", "redis+postgresql", "postgresql"]


@pytest.fixture(params=BACKENDS)
def backend_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    """Database and queue URLs for one backend pair; PostgreSQL databases are dropped after."""
    if request.param == "sqlite":
        yield sqlite_settings(tmp_path)
        return
    if request.param.startswith("redis"):
        redis_or_skip()
    with postgres_database() as url:
        queue = redis_queue_url() if request.param.startswith("redis") else _plain(url)
        yield Settings(data_dir=tmp_path, database_url=url, queue_url=queue)
        close_runtimes()


def _plain(url: str) -> str:
    return "postgresql://" + url.split("://", 1)[1]


def render_payload(seeded: Seeded, fmt: str = "pdf") -> dict[str, str]:
    return {"version_id": str(seeded.version_id), "template": "classic", "format": fmt}


def enqueue(settings: Settings, task_id: uuid.UUID, kind: str = "render") -> None:
    huey = make_huey(settings)
    HueyDispatcher(huey).enqueue(task_id, kind, priority=1)
    huey.storage.close()


def test_a_worker_renders_a_submitted_task(backend_settings: Settings, tmp_path: Path) -> None:
    seeded = seed(backend_settings)
    log = tmp_path / "worker.log"
    huey = make_huey(backend_settings)
    try:
        with worker(backend_settings, log):
            task_id = submit(seeded, "render", render_payload(seeded))
            HueyDispatcher(huey).enqueue(task_id, "render")
            task = wait_for(backend_settings, task_id, lambda t: t.status == "succeeded", 20, log)
        assert task.attempts == 1
        assert task.result is not None
        assert count(backend_settings, File) == 1
    finally:
        huey.flush()  # the Redis keys of this run's queue
        huey.storage.close()


def big_resume() -> dict[str, object]:
    """About 100 pages: a PDF takes ≈ 1 s and a PNG ≈ 5 s to render, long enough to interrupt."""
    document = example_resume()
    document["work"] = document["work"] * 500
    return document


def test_sigkill_mid_task_then_recovery_finishes_it_exactly_once(tmp_path: Path) -> None:
    settings = sqlite_settings(tmp_path)
    seeded = seed(settings, big_resume())
    log = tmp_path / "worker.log"
    task_id = submit(seeded, "render", render_payload(seeded))
    with worker(settings, log) as first:
        enqueue(settings, task_id)
        wait_for(settings, task_id, lambda t: t.status == "running", 15, log)
        kill_group(first, signal.SIGKILL)
    assert wait_for(settings, task_id, lambda t: True, 0, log).status == "running"
    with worker(settings, log):  # the queue lost the message; the row did not
        task = wait_for(settings, task_id, lambda t: t.status == "succeeded", 20, log)
    assert task.attempts == 2
    assert count(settings, File) == 1


@pytest.mark.parametrize(
    ("signum", "whole_group"),
    [
        (signal.SIGINT, True),  # as Ctrl-C does: every process of the group
        (signal.SIGTERM, False),  # as `docker stop` and Kubernetes do: the main process only
    ],
    ids=["sigint-group", "sigterm-main"],
)
def test_a_stop_signal_lets_the_running_task_finish(
    tmp_path: Path, signum: int, whole_group: bool
) -> None:
    settings = sqlite_settings(tmp_path)
    seeded = seed(settings, big_resume())
    log = tmp_path / "worker.log"
    task_id = submit(seeded, "render", render_payload(seeded))
    with worker(settings, log) as process:
        enqueue(settings, task_id)
        wait_for(settings, task_id, lambda t: t.status == "running", 15, log)
        if whole_group:
            kill_group(process, signum)
        else:
            process.send_signal(signum)
        assert process.wait(timeout=20) == 0
    task = wait_for(settings, task_id, lambda t: True, 0, log)
    assert (task.status, task.attempts) == ("succeeded", 1)


def test_the_hard_time_limit_ends_the_worker_and_the_task_dies(tmp_path: Path) -> None:
    """A render limited to 0.3 s (lease 0.5 s) on a 5 s document: the worker is ended when the
    lease is overdue, recovery re-runs the task once, then buries it."""
    settings = sqlite_settings(tmp_path)
    seeded = seed(settings, big_resume())
    log = tmp_path / "worker.log"
    task_id = submit(seeded, "render", render_payload(seeded, "png"), max_attempts=2)
    limits = ("--time-limit", "render=0.3", "--lease-seconds", "0.5")
    with worker(settings, log, *limits):
        enqueue(settings, task_id)
        task = wait_for(settings, task_id, lambda t: t.status == "dead", 20, log)
    assert task.attempts == 2
    assert task.error
    assert "worker stopped" in task.error
    assert count(settings, File) == 0


def test_a_process_worker_imports_a_pdf_through_the_reader_sandbox(tmp_path: Path) -> None:
    """The import reader forks its own child; huey's workers are daemonic processes, which
    multiprocessing forbids to have children unless the worker says otherwise."""
    from tailorcv.render import render
    from tailorcv.resume import validate
    from tailorcv.service.runtime import runtime_for

    settings = sqlite_settings(tmp_path)
    seeded = seed(settings)
    key = runtime_for(settings).blobs.put(render(validate(example_resume()).resume))
    log = tmp_path / "worker.log"
    task_id = submit(seeded, "import", {"file_key": key, "filename": "cv.pdf"})
    with worker(settings, log):
        enqueue(settings, task_id, "import")
        task = wait_for(
            settings, task_id, lambda t: t.status != "queued" and t.status != "running", 20, log
        )
    assert task.status == "succeeded", task.error


def worker_rows(settings: Settings) -> list[Worker]:
    with runtime_for(settings).sessions() as session:
        return list(session.scalars(select(Worker)).all())


def wait_for_rows(settings: Settings, want: int, seconds: float, log: Path) -> list[Worker]:
    deadline = time.monotonic() + seconds
    while True:
        rows = worker_rows(settings)
        if len(rows) == want:
            return rows
        if time.monotonic() > deadline:
            tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
            pytest.fail(f"{len(rows)} worker rows, not {want}, after {seconds} s:\n{tail}")
        time.sleep(0.05)


def test_a_worker_is_seen_while_it_runs_and_gone_after_sigint(
    backend_settings: Settings, tmp_path: Path
) -> None:
    seed(backend_settings)
    log = tmp_path / "worker.log"
    with worker(backend_settings, log) as process:
        (row,) = wait_for_rows(backend_settings, 1, 10, log)
        assert (row.hostname, row.pid, row.processes) == (socket.gethostname(), process.pid, 2)
        # background work yields the CPU to the web server's requests, its workers too
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
        expected = min(19, os.getpriority(os.PRIO_PROCESS, 0) + WORKER_NICENESS)
        for pid in [process.pid, *map(int, children)]:
            assert os.getpriority(os.PRIO_PROCESS, pid) == expected
        assert row.queue == queries.public_queue_url(backend_settings.queue_url)
        assert utcnow() - row.seen_at < timedelta(seconds=10)
        kill_group(process, signal.SIGINT)
        assert process.wait(timeout=20) == 0
        assert worker_rows(backend_settings) == []


def test_the_heartbeat_refreshes_its_row_then_removes_it(seeded: Seeded) -> None:
    heartbeat = Heartbeat(seeded.settings, 3, seconds=0.05)
    heartbeat.start()
    try:
        (first,) = worker_rows(seeded.settings)
        deadline = time.monotonic() + 5
        while (row := worker_rows(seeded.settings)[0]).seen_at == first.seen_at:
            assert time.monotonic() < deadline, "seen_at was never refreshed"
            time.sleep(0.02)
        assert (row.id, row.started_at, row.processes) == (heartbeat.worker_id, first.started_at, 3)
    finally:
        heartbeat.stop()
    assert worker_rows(seeded.settings) == []


def test_the_heartbeat_prunes_workers_not_seen_for_a_day(seeded: Seeded) -> None:
    gone = uuid.uuid4()
    with runtime_for(seeded.settings).sessions() as session, session.begin():
        old = utcnow() - timedelta(days=1, minutes=1)
        queries.record_heartbeat(session, gone, "old", 1, "memory://", old)
    heartbeat = Heartbeat(seeded.settings)
    assert heartbeat.beat()
    assert [row.id for row in worker_rows(seeded.settings)] == [heartbeat.worker_id]
    heartbeat.stop()


def test_a_heartbeat_that_cannot_be_written_is_logged_not_raised(tmp_path: Path) -> None:
    """A database without the table (never migrated): every write fails, nothing raises."""
    settings = sqlite_settings(tmp_path)
    heartbeat = Heartbeat(settings, seconds=0.01)
    with capture_logs() as logs:
        heartbeat.start()
        time.sleep(0.05)
        heartbeat.stop()
    assert heartbeat.beat() is False
    events = {entry["event"] for entry in logs if entry["log_level"] == "warning"}
    assert {"heartbeat_not_recorded", "heartbeat_not_removed"} <= events
