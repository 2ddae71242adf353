"""A PostgreSQL and a Redis of the test's own, for the scale and chaos tests and the benchmark.

A test that stops, kills or restarts a database or a queue must never do it to the machine's
own servers, which other tests (and other people) use at the same time (issue 16). So each
cluster starts its own: ``redis-server`` on a free loopback port with its folder in the
cluster's, and a PostgreSQL cluster made by ``initdb`` in a fresh folder and run by
``postgres`` on a free loopback port (no Unix socket), both with the machine's binaries and
their stock settings. Stopping, restarting and removing them touches nothing else.

PostgreSQL refuses to run as root, so under root both ``initdb`` and ``postgres`` run as the
``postgres`` account (or ``nobody`` where there is none), in a folder that account owns.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
import redis

POSTGRES_BIN = Path("/usr/lib/postgresql")  # Debian's layout: <version>/bin/{initdb,postgres}
ACCOUNTS = ("postgres", "nobody")  # who runs PostgreSQL when the tests run as root
WAIT_SECONDS = 30.0  # for a server to start, or to stop


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def postgres_program(name: str) -> str | None:
    """``initdb`` or ``postgres`` of the newest PostgreSQL installed, else on the ``PATH``."""
    found = [p / "bin" / name for p in POSTGRES_BIN.glob("*") if (p / "bin" / name).is_file()]
    if found:
        return str(max(found, key=lambda p: _version(p.parents[1].name)))
    return shutil.which(name)


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", name))


def postgres_account() -> pwd.struct_passwd | None:
    """The account PostgreSQL runs as: ours, or an unprivileged one when we are root."""
    if os.geteuid() != 0:
        return pwd.getpwuid(os.geteuid())
    for name in ACCOUNTS:
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(name)
    return None


def missing() -> str | None:
    """What this machine lacks to run the services of its own, or None."""
    if shutil.which("redis-server") is None:
        return "redis-server is not installed"
    if postgres_program("initdb") is None or postgres_program("postgres") is None:
        return "PostgreSQL's initdb and postgres are not installed"
    if postgres_account() is None:
        return f"running as root and no account of {ACCOUNTS} to run PostgreSQL as"
    return None


def services_or_skip(also: bool = True, why: str = "") -> None:
    """Skip unless this machine can run a PostgreSQL and a Redis of the test's own (and
    ``also`` holds); under ``CI=true``, where it must, fail instead."""
    reason = missing() or ("" if also else why)
    if not reason:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (required under CI=true)")
    pytest.skip(reason)


class Service:
    """One server process of ours: started, stopped (only it), restarted on the same port."""

    name = "service"
    stop_signal = signal.SIGTERM

    def __init__(self, log: Path) -> None:
        self.port = free_port()
        self.log = log
        self.popen: subprocess.Popen[bytes] | None = None

    def command(self) -> list[str]:
        raise NotImplementedError

    def spawn_options(self) -> dict[str, Any]:
        return {}

    def alive(self) -> bool:
        raise NotImplementedError

    def start(self) -> None:
        if self.running():
            return
        with self.log.open("ab") as output:
            self.popen = subprocess.Popen(
                self.command(),
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a Ctrl-C in the terminal is the test's, not its
                **self.spawn_options(),
            )
        _until(lambda: self.alive() or not self.running(), WAIT_SECONDS)
        if not self.alive():
            raise AssertionError(f"{self.name} did not start:\n{self.tail()}")

    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def stop(self) -> None:
        """``stop_signal`` to our process (SIGKILL if it has not ended within 30 s)."""
        if self.popen is None:
            return
        if self.popen.poll() is None:
            self.popen.send_signal(self.stop_signal)
            try:
                self.popen.wait(timeout=WAIT_SECONDS)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(timeout=WAIT_SECONDS)
        self.popen = None

    @contextlib.contextmanager
    def stopped(self) -> Iterator[None]:
        """Down for the block, and started again on the same port whatever happens."""
        self.stop()
        try:
            yield
        finally:
            self.start()

    def restart(self) -> None:
        with self.stopped():
            pass

    def tail(self, size: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-size:] if self.log.exists() else ""


class RedisServer(Service):
    """``redis-server`` keeping nothing on disk: a restart loses every key, as the machine's
    Redis (``--save '' --appendonly no``) would."""

    name = "Redis"

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        super().__init__(folder / "redis.log")
        self.folder = folder

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def command(self) -> list[str]:
        return [
            "redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
            "--dir", str(self.folder), "--save", "", "--appendonly", "no",
            "--daemonize", "no", "--logfile", "",
        ]  # fmt: skip

    def alive(self) -> bool:
        client = redis.Redis.from_url(self.url, socket_connect_timeout=1, socket_timeout=1)
        try:
            return bool(client.ping())
        except redis.RedisError:
            return False
        finally:
            client.close()


class PostgresServer(Service):
    """A PostgreSQL cluster of its own, with stock settings, trusting local connections.
    Stopping it is a fast shutdown (SIGINT, what ``pg_ctl stop -m fast`` sends)."""

    name = "PostgreSQL"
    stop_signal = signal.SIGINT

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        super().__init__(folder / "postgres.log")
        account = postgres_account()
        assert account is not None, missing()
        self.account = account
        # Not under the test's folder: pytest keeps that private to root, and the account
        # PostgreSQL runs as must own its data folder.
        self.home = Path(tempfile.mkdtemp(prefix="tailorcv-postgres-"))
        os.chown(self.home, account.pw_uid, account.pw_gid)
        self.data = self.home / "data"

    def start(self) -> None:
        """Made by ``initdb`` on the first start; started again as it was after that."""
        if not (self.data / "PG_VERSION").exists():
            self._run([postgres_program("initdb") or "initdb", *self._initdb_options()])
        super().start()

    def _initdb_options(self) -> list[str]:
        return [
            "--pgdata", str(self.data), "--username", "postgres", "--auth", "trust",
            "--encoding", "UTF8", "--locale", "C", "--no-sync",
        ]  # fmt: skip

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def command(self) -> list[str]:
        return [
            postgres_program("postgres") or "postgres", "-D", str(self.data),
            "-p", str(self.port), "-c", "listen_addresses=127.0.0.1",
            "-c", "unix_socket_directories=",  # none: the machine's socket folder is not ours
        ]  # fmt: skip

    def spawn_options(self) -> dict[str, Any]:
        """As the account, with nothing of the caller's ``PG*`` variables."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        options: dict[str, Any] = {"env": env, "cwd": self.home}
        if os.geteuid() == 0:
            options |= {
                "user": self.account.pw_uid,
                "group": self.account.pw_gid,
                "extra_groups": [],
            }
        return options

    def alive(self) -> bool:
        try:
            with psycopg.connect(
                host="127.0.0.1", port=self.port, user="postgres", dbname="postgres",
                connect_timeout=1,
            ) as connection:  # fmt: skip
                connection.execute("SELECT 1")
            return True
        except psycopg.Error:
            return False

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.home, ignore_errors=True)

    def _run(self, command: list[str]) -> None:
        with self.log.open("ab") as output:
            done = subprocess.run(
                command,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                timeout=120,
                check=False,
                **self.spawn_options(),
            )
        if done.returncode != 0:
            raise AssertionError(f"{command[0]} failed:\n{self.tail()}")


@contextlib.contextmanager
def own_services(folder: Path) -> Iterator[tuple[PostgresServer, RedisServer]]:
    """A running PostgreSQL and Redis of our own, logging into ``folder``; stopped and their
    data removed on the way out, whatever happened."""
    services_or_skip()
    queue = RedisServer(folder / "redis")
    postgres = PostgresServer(folder / "postgres")  # last: it makes a folder to remove
    try:
        postgres.start()
        queue.start()
        yield postgres, queue
    finally:
        queue.stop()
        postgres.remove()


def _until(check: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not check() and time.monotonic() < deadline:
        time.sleep(0.05)
