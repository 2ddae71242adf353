"""Run ``tailorcv worker`` as a real subprocess for a test, and always end its process group."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis

from tailorcv.ops.settings import Settings
from tailorcv.store.models import Task
from tests.tasks.conftest import task_row

REDIS_URL = os.environ.get("TAILORCV_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
QUICK = ("--lease-seconds", "1", "--recover-seconds", "1")


def redis_or_skip() -> None:
    """Skip when Redis is unreachable; fail instead under CI=true."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis unreachable at {REDIS_URL}: {exc} (required under CI=true)")
        pytest.skip(f"Redis unreachable at {REDIS_URL}: {exc}")
    finally:
        client.close()


def redis_queue_url() -> str:
    """The test Redis with a queue name of its own, so parallel runs never share keys."""
    return f"{REDIS_URL}?queue=tailorcv-test-{uuid.uuid4().hex[:10]}"


def drop_redis_queue(url: str) -> None:
    """Delete a test queue's keys (``redis_queue_url``) from the shared Redis."""
    name = url.split("queue=", 1)[1]
    client = redis.Redis.from_url(REDIS_URL)
    try:
        keys = list(client.scan_iter(match=f"huey.*{name}*"))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


@contextlib.contextmanager
def worker(settings: Settings, log: Path, *options: str) -> Iterator[subprocess.Popen[bytes]]:
    """``tailorcv worker`` on ``settings``' URLs in its own session; killed with its workers
    (the whole process group) on the way out, whatever happened."""
    env = {
        **os.environ,
        "TAILORCV_DATA_DIR": str(settings.data_dir),
        "TAILORCV_DATABASE_URL": settings.database_url,
        "TAILORCV_QUEUE_URL": settings.queue_url,
        "TAILORCV_STORAGE_URL": settings.storage_url,
    }
    command = [sys.executable, "-m", "tailorcv", "worker", "--workers", "2", *QUICK, *options]
    with log.open("ab") as output:
        process = subprocess.Popen(
            command, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield process
    finally:
        kill_group(process, signal.SIGKILL)


def kill_group(process: subprocess.Popen[bytes], signum: int) -> None:
    """Send ``signum`` to the worker's whole process group and reap the main process."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)
    if signum == signal.SIGKILL:
        process.wait(timeout=10)


def wait_for(
    settings: Settings, task_id: uuid.UUID, done: Callable[[Task], bool], seconds: float, log: Path
) -> Task:
    """Poll the task row until ``done(row)``; fail with the worker's log after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        task = task_row(settings, task_id)
        if done(task):
            return task
        if time.monotonic() > deadline:
            tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
            pytest.fail(f"task {task.status} (attempts {task.attempts}) after {seconds} s:\n{tail}")
        time.sleep(0.02)
