"""A real scale-out deployment on this machine, for the scale and chaos tests and the benchmark.

``cluster()`` starts N ``tailorcv serve --no-worker`` processes and M ``tailorcv worker``
processes on loopback ports, all on a fresh PostgreSQL database (dropped afterwards) and on the
machine's Redis, in database ``REDIS_DB`` with a queue name of their own, sharing one storage
folder and one secret key, as replicas behind a load balancer would.

Faults are real: ``kill`` sends a signal to a process's whole group (a worker and its worker
processes), ``redis_restarted`` stops Redis without saving and starts it again, and
``postgres_stopped`` stops the PostgreSQL cluster. Other tests on this machine use both
servers, so every fault restores its service in a ``finally`` block, and ``restore_services``
starts whatever is still down when a cluster ends.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import redis
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from tailorcv.ops.settings import Settings
from tailorcv.store.db import make_engine
from tailorcv.store.schema import upgrade
from tests.store.conftest import POSTGRES_URL, postgres_or_skip
from tests.tasks.consumers import REDIS_URL, redis_or_skip

REDIS_DB = 11  # apart from the other tests' database 0
REDIS_START = [
    "redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379",
    "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis",
    "--logfile", "/var/log/redis/ci.log",
]  # fmt: skip
START_SECONDS = 60.0
QUICK_WORKER = ("--lease-seconds", "2", "--recover-seconds", "2")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def redis_url(db: int = REDIS_DB) -> str:
    base = REDIS_URL.rsplit("/", 1)[0] if REDIS_URL.count("/") > 2 else REDIS_URL
    return f"{base}/{db}"


@dataclass
class Process:
    """One server or worker: its process (leader of its own group), log and port."""

    name: str
    popen: subprocess.Popen[bytes]
    log: Path
    port: int  # HTTP for a server, /metrics for a worker (0: none)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def alive(self) -> bool:
        return self.popen.poll() is None

    def tail(self, size: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-size:] if self.log.exists() else ""


@dataclass
class Cluster:
    folder: Path
    env: dict[str, str]
    settings: Settings
    servers: list[Process] = field(default_factory=list)
    workers: list[Process] = field(default_factory=list)
    worker_options: tuple[str, ...] = QUICK_WORKER

    @property
    def urls(self) -> list[str]:
        return [server.url for server in self.servers if server.alive()]

    def start_server(self, processes: int = 1) -> Process:
        port = free_port()
        command = ["serve", "--no-worker", "--port", str(port), "--workers", str(processes)]
        server = self._spawn(f"server-{len(self.servers)}", command, port)
        self.servers.append(server)
        return server

    def start_worker(self, processes: int = 1) -> Process:
        port = free_port() if worker_has_metrics() else 0
        command = ["worker", "--workers", str(processes), *self.worker_options]
        if port:
            command += ["--metrics-port", str(port)]
        worker = self._spawn(f"worker-{len(self.workers)}", command, port)
        self.workers.append(worker)
        return worker

    def _spawn(self, name: str, command: list[str], port: int) -> Process:
        log = self.folder / f"{name}.log"
        with log.open("ab") as output:
            popen = subprocess.Popen(
                [sys.executable, "-m", "tailorcv", *command],
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return Process(name, popen, log, port)

    def wait_ready(self, seconds: float = START_SECONDS) -> None:
        """Until every server answers ``/health/ready`` with 200 (and each worker has logged
        that it started); fails with the process's log otherwise."""
        deadline = time.monotonic() + seconds
        for server in self.servers:
            while not _answers(f"{server.url}/health/ready"):
                self._check_starting(server, deadline)
        for worker in self.workers:
            while "worker:" not in worker.tail(100_000):
                self._check_starting(worker, deadline)

    @staticmethod
    def _check_starting(process: Process, deadline: float) -> None:
        if not process.alive() or time.monotonic() > deadline:
            raise AssertionError(f"{process.name} did not start:\n{process.tail()}")
        time.sleep(0.1)

    def kill(self, process: Process, signum: int = signal.SIGKILL) -> None:
        """``signum`` to the process's whole group; reaped when it is SIGKILL."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.popen.pid, signum)
        if signum == signal.SIGKILL:
            process.popen.wait(timeout=10)

    def stop(self) -> None:
        """Workers get SIGINT (running tasks finish), servers SIGTERM; then SIGKILL for any
        process group still there."""
        for worker in self.workers:
            if worker.alive():
                self.kill(worker, signal.SIGINT)
        for server in self.servers:
            if server.alive():
                self.kill(server, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in [*self.workers, *self.servers]:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.popen.wait(timeout=max(0.1, deadline - time.monotonic()))
            self.kill(process, signal.SIGKILL)  # also ends orphaned workers in the group

    def logs(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.tail(2000)}" for p in [*self.servers, *self.workers])


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@contextlib.contextmanager
def cluster(
    folder: Path,
    *,
    servers: int = 2,
    workers: int = 2,
    env: dict[str, str] | None = None,
    storage: Path | None = None,
    worker_options: tuple[str, ...] = QUICK_WORKER,
    server_processes: int = 1,
) -> Iterator[Cluster]:
    """``servers`` API processes and ``workers`` consumers (one worker process each) on a
    fresh PostgreSQL database and Redis; everything stopped and dropped on the way out."""
    redis_or_skip()
    folder.mkdir(parents=True, exist_ok=True)
    queue = f"tcv-scale-{uuid.uuid4().hex[:10]}"
    with scale_database() as database:
        settings = Settings(
            data_dir=folder,
            database_url=database,
            queue_url=f"{redis_url()}?queue={queue}",
            storage_url=f"file://{storage or folder / 'files'}",
        )
        engine = make_engine(settings)
        upgrade(engine)
        engine.dispose()
        made = Cluster(folder, cluster_env(settings, env or {}), settings)
        made.worker_options = worker_options
        try:
            for _ in range(servers):
                made.start_server(server_processes)
            for _ in range(workers):
                made.start_worker()
            made.wait_ready()
            yield made
        finally:
            made.stop()
            restore_services()
            _forget_queue(queue)


@contextlib.contextmanager
def scale_database() -> Iterator[str]:
    """A new PostgreSQL database (``tcv_scale_<random>``), dropped on the way out. Its admin
    connections are not pooled: a test that restarts PostgreSQL must not leave the drop a
    connection the restart closed."""
    postgres_or_skip()
    name = f"tcv_scale_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        restore_services()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def cluster_env(settings: Settings, extra: dict[str, str]) -> dict[str, str]:
    """The environment every process of the cluster shares (nothing inherited from a
    ``TAILORCV_*`` variable of the caller's)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("TAILORCV_")}
    base.pop("PROMETHEUS_MULTIPROC_DIR", None)
    return {
        **base,
        "TAILORCV_DATA_DIR": str(settings.data_dir),
        "TAILORCV_DATABASE_URL": settings.database_url,
        "TAILORCV_QUEUE_URL": settings.queue_url,
        "TAILORCV_STORAGE_URL": settings.storage_url,
        "TAILORCV_CACHE_URL": redis_url(),
        "TAILORCV_RATELIMIT_URL": redis_url(),
        "TAILORCV_SECRET_KEY": secrets.token_urlsafe(32),
        "TAILORCV_DB_STATEMENT_TIMEOUT_MS": "10000",
        "TAILORCV_DB_POOL_TIMEOUT": "5",
        **extra,
    }


def worker_has_metrics() -> bool:
    """Whether ``tailorcv worker`` takes ``--metrics-port`` (the metrics endpoint of issue 6)."""
    from tailorcv.cli.service import worker

    return "metrics_port" in worker.__code__.co_varnames


def _forget_queue(queue: str) -> None:
    with contextlib.suppress(redis.RedisError):
        client = redis.Redis.from_url(redis_url(), socket_connect_timeout=2)
        for key in client.scan_iter(f"*{queue}*"):
            client.delete(key)
        client.close()


# --- faults -------------------------------------------------------------------------------------


def redis_alive() -> bool:
    client = redis.Redis.from_url(redis_url(), socket_connect_timeout=1, socket_timeout=1)
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


def postgres_alive() -> bool:
    probe = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 2})
    try:
        with probe.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:
        return False
    finally:
        probe.dispose()


def start_redis() -> None:
    if not redis_alive():
        subprocess.run(REDIS_START, check=True, capture_output=True, timeout=30)
    _until(redis_alive, "Redis did not come back")


def stop_redis() -> None:
    subprocess.run(["redis-cli", "shutdown", "nosave"], capture_output=True, timeout=30)
    _until(lambda: not redis_alive(), "Redis did not stop")


@contextlib.contextmanager
def redis_stopped() -> Iterator[None]:
    """Redis down (its data gone, as after a restart without persistence) for the block."""
    stop_redis()
    try:
        yield
    finally:
        start_redis()


def restart_redis() -> None:
    with redis_stopped():
        pass


def _pg_ctl(action: str) -> None:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action]
    if action == "stop":
        command += ["-m", "fast"]
    subprocess.run(command, check=True, capture_output=True, timeout=60)


@contextlib.contextmanager
def postgres_stopped() -> Iterator[None]:
    """The PostgreSQL cluster stopped for the block, and started again whatever happens."""
    _pg_ctl("stop")
    try:
        yield
    finally:
        start_postgres()


def start_postgres() -> None:
    if not postgres_alive():
        with contextlib.suppress(subprocess.CalledProcessError):
            _pg_ctl("start")
    _until(postgres_alive, "PostgreSQL did not come back")


def can_stop_services() -> bool:
    """Whether this machine lets a test stop and start Redis and PostgreSQL itself."""
    return (
        os.geteuid() == 0
        and shutil.which("redis-server") is not None
        and shutil.which("pg_ctlcluster") is not None
        and Path("/etc/postgresql").is_dir()
    )


def faults_or_skip(also: bool = True, why: str = "") -> None:
    """Skip unless this machine lets a test stop Redis and PostgreSQL (and ``also`` holds);
    under ``CI=true``, where it must, fail instead."""
    if can_stop_services() and also:
        return
    reason = why or "needs root, redis-server and pg_ctlcluster to stop and start services"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (required under CI=true)")
    pytest.skip(reason)


def restore_services() -> None:
    """Start Redis and PostgreSQL if a fault left either down."""
    if can_stop_services():
        start_redis()
        start_postgres()


def _until(check: object, message: str, seconds: float = 30.0) -> None:
    assert callable(check)
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(message)
        time.sleep(0.1)
