"""Chaos, bounded in time: the queue loses its messages, the server dies without stopping its
worker. The task rows are the truth, so every task still finishes, exactly once."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tailorcv.ops.settings import Settings
from tailorcv.service.runtime import close_runtimes
from tailorcv.store.models import File
from tailorcv.tasks import HueyDispatcher, make_huey
from tests.store.conftest import postgres_database
from tests.tasks.conftest import count, seed, sqlite_settings, submit
from tests.tasks.consumers import redis_or_skip, redis_queue_url, wait_for, worker

ORDERS = [("classic", "pdf"), ("modern", "pdf"), ("compact", "pdf"), ("classic", "svg")]


def test_a_queue_that_loses_every_message_loses_no_task(tmp_path: Path) -> None:
    """Redis restarted without its data: the messages are gone, recovery re-sends the rows."""
    redis_or_skip()
    with postgres_database() as url:
        settings = Settings(data_dir=tmp_path, database_url=url, queue_url=redis_queue_url())
        seeded = seed(settings)
        huey = make_huey(settings)
        try:
            ids = []
            for template, fmt in ORDERS:
                payload = {
                    "version_id": str(seeded.version_id),
                    "template": template,
                    "format": fmt,
                }
                ids.append(submit(seeded, "render", payload))
                HueyDispatcher(huey).enqueue(ids[-1], "render")
            assert huey.pending_count() == len(ORDERS)
            huey.flush()  # what a Redis restart without persistence does to the queue
            assert huey.pending_count() == 0
            log = tmp_path / "worker.log"
            with worker(settings, log):
                done = [
                    wait_for(settings, i, lambda t: t.status == "succeeded", 30, log) for i in ids
                ]
            assert [task.attempts for task in done] == [1] * len(ORDERS)
            assert count(settings, File) == len(ORDERS)
        finally:
            huey.flush()
            huey.storage.close()
            close_runtimes()


def test_a_server_killed_outright_takes_its_worker_down_and_loses_nothing(tmp_path: Path) -> None:
    """SIGKILL gives `tailorcv serve` no chance to stop its worker; the kernel does (SIGINT),
    the running task finishes, and a task submitted meanwhile waits in the database."""
    settings = sqlite_settings(tmp_path)
    seeded = seed(settings)
    env = {
        **os.environ,
        "TAILORCV_DATA_DIR": str(tmp_path),
        "TAILORCV_DATABASE_URL": settings.database_url,
        "TAILORCV_QUEUE_URL": settings.queue_url,
        "TAILORCV_STORAGE_URL": settings.storage_url,
    }
    log = tmp_path / "serve.log"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with log.open("w") as output:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tailorcv",
                "serve",
                "--port",
                str(port),
                "--queue-workers",
                "1",
            ],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_for_line(log, "worker_started", 30)
        # and the web process has built its app (which is when it asks the kernel for a signal
        # at its parent's death): a server killed while still starting is another matter
        _wait_for_http(f"http://127.0.0.1:{port}/health/live", 30, log)
        server.kill()  # SIGKILL: no finally block, no clean shutdown
        server.wait(timeout=10)
        _wait_until_gone(tmp_path, 45)  # niced, on a busy machine, a graceful stop takes a while
    finally:
        if server.poll() is None:
            server.kill()
    payload = {"version_id": str(seeded.version_id), "template": "classic", "format": "pdf"}
    task_id = submit(seeded, "render", payload)  # accepted while nothing runs: only a row
    with worker(settings, tmp_path / "worker.log"):
        task = wait_for(settings, task_id, lambda t: t.status == "succeeded", 30, log)
    assert task.attempts == 1


def _wait_for_http(url: str, seconds: float, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while True:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=2).status_code == 200:
                return
        assert time.monotonic() < deadline, log.read_text(errors="replace")[-2000:]
        time.sleep(0.1)


def _wait_for_line(log: Path, text: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while text not in log.read_text(errors="replace"):
        assert time.monotonic() < deadline, log.read_text(errors="replace")[-2000:]
        time.sleep(0.1)


def _described(pids: list[str]) -> list[str]:
    """Each process's id, state and command line, for a failure message."""
    described = []
    for pid in pids:
        try:
            status = (Path("/proc") / pid / "status").read_text().splitlines()
            state = next(
                (line.split(":", 1)[1].strip() for line in status if line.startswith("State")), "?"
            )
            command = (Path("/proc") / pid / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            state, command = "gone", ""
        described.append(f"{pid} [{state}] {command.strip()}")
    return described


def _wait_until_gone(data_dir: Path, seconds: float) -> None:
    """Until no process has ``data_dir`` as its TAILORCV_DATA_DIR: the orphan worker exited."""
    marker = f"TAILORCV_DATA_DIR={data_dir}".encode()
    deadline = time.monotonic() + seconds
    while True:
        alive = []
        for entry in Path("/proc").glob("[0-9]*"):
            try:
                if marker in (entry / "environ").read_bytes().split(b"\0"):
                    alive.append(entry.name)
            except OSError:
                continue
        if not alive:
            return
        assert time.monotonic() < deadline, f"outlived the server: {_described(alive)}"
        os.kill(int(alive[0]), 0)
        time.sleep(0.2)
