"""A real scale-out deployment on this machine, for the scale and chaos tests and the benchmark.

``cluster()`` starts N ``tailorcv serve --no-worker`` processes and M ``tailorcv worker``
processes on loopback ports, all on a PostgreSQL and a Redis of the cluster's own
(``tests.scale.services``: its own ports and data folders, removed afterwards), sharing one
storage folder and one secret key, as replicas behind a load balancer would.

Faults are real and touch only the cluster: ``kill`` sends a signal to a process's whole group
(a worker and its worker processes), ``made.redis.restart()`` stops the cluster's Redis, which
keeps nothing on disk, and starts it again empty, and ``made.postgres.stopped()`` stops the
cluster's PostgreSQL for a block. The machine's own servers are never stopped (issue 16).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tailorcv.ops.settings import Settings
from tailorcv.store.db import make_engine
from tailorcv.store.schema import upgrade
from tests.scale.services import PostgresServer, RedisServer, free_port, own_services

__all__ = ["Cluster", "Process", "cluster", "free_port", "worker_has_metrics"]

QUEUE = "tcv-scale"
START_SECONDS = 60.0
QUICK_WORKER = ("--lease-seconds", "2", "--recover-seconds", "2")


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
    postgres: PostgresServer
    redis: RedisServer
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
            while "worker_started" not in worker.tail(100_000):
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
        processes = [*self.servers, *self.workers]
        own = [(service.name, service.tail(1000)) for service in (self.postgres, self.redis)]
        return "\n".join(
            [f"--- {p.name}\n{p.tail(2000)}" for p in processes]
            + [f"--- {name}\n{tail}" for name, tail in own]
        )


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
    PostgreSQL and a Redis of their own; everything stopped and removed on the way out."""
    folder.mkdir(parents=True, exist_ok=True)
    with own_services(folder) as (postgres, queue):
        settings = Settings(
            data_dir=folder,
            database_url=postgres.url(),
            queue_url=f"{queue.url}?queue={QUEUE}",
            storage_url=f"file://{storage or folder / 'files'}",
        )
        engine = make_engine(settings)
        upgrade(engine)
        engine.dispose()
        shared = cluster_env(settings, queue.url, env or {})
        made = Cluster(folder, shared, settings, postgres, queue)
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


def cluster_env(settings: Settings, cache_url: str, extra: dict[str, str]) -> dict[str, str]:
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
        "TAILORCV_CACHE_URL": cache_url,
        "TAILORCV_RATELIMIT_URL": cache_url,
        "TAILORCV_SECRET_KEY": secrets.token_urlsafe(32),
        "TAILORCV_DB_STATEMENT_TIMEOUT_MS": "10000",
        "TAILORCV_DB_POOL_TIMEOUT": "5",
        **extra,
    }


def worker_has_metrics() -> bool:
    """Whether ``tailorcv worker`` takes ``--metrics-port`` (the metrics endpoint of issue 6)."""
    from tailorcv.cli.service import worker

    return "metrics_port" in worker.__code__.co_varnames
