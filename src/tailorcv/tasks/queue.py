"""The huey app, built from ``TAILORCV_QUEUE_URL``, with the tasks that run rows.

| URL | huey | how a worker waits |
| --- | --- | --- |
| ``sqlite:///path`` (the default) | ``SqliteHuey`` | polls, at most every ``SQLITE_POLL[2]`` s |
| ``redis://host[:port][/db]`` | ``PriorityRedisHuey`` | blocks on the list (no polling) |
| ``postgresql://…`` | ``PostgresHuey`` | blocks on LISTEN/NOTIFY |
| ``memory://`` | ``MemoryHuey`` | one process only: thread workers beside the web app |

``?queue=name`` names the queue (default ``tailorcv``), so deployments can share a server.
Plain ``RedisHuey`` refuses ``priority=``, hence the priority variant. An idle SqliteHuey worker
backs off to huey's 10 s default, and a task after a quiet spell waited ≈ 2.7 s (DESIGN.md): the
short poll below is what lets the embedded default answer in well under 150 ms.

The queue only carries task ids; huey keeps no results (``results=False``): the rows are the
truth, read by ``GET /tasks/{id}``.
"""

from __future__ import annotations

import sqlite3
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import huey as huey_lib
import psycopg
import redis

from tailorcv.errors import InvalidSettings, QueueUnavailable
from tailorcv.ops.logs import get_logger
from tailorcv.ops.settings import Settings
from tailorcv.service.runtime import runtime_for
from tailorcv.tasks.cleanup import cleanup_everyone
from tailorcv.tasks.dispatch import HueyDispatcher, bind
from tailorcv.tasks.options import DEFAULT_OPTIONS, PERIODIC_PRIORITY, TaskOptions
from tailorcv.tasks.recovery import recover
from tailorcv.tasks.runner import run_task

log = get_logger(__name__)

DEFAULT_QUEUE = "tailorcv"
CONNECT_TIMEOUT_SECONDS = 3
SQLITE_POLL = (0.005, 1.5, 0.05)  # first delay, backoff factor, longest delay (seconds)
HUEY_POLL = (0.1, 1.15, 10.0)  # huey's defaults; only non-blocking storages poll at all


def make_huey(settings: Settings, options: TaskOptions = DEFAULT_OPTIONS) -> Any:
    """The huey instance for ``settings.queue_url``, reachable, with tailorcv's tasks on it;
    ``QueueUnavailable`` (one line) when the queue cannot be reached."""
    url, name = _split_name(settings.queue_url)
    huey = _open(url, name)
    check_queue(huey, settings.queue_url)
    _register(huey, settings, options)
    return huey


def check_queue(huey: Any, url: str = "") -> None:
    """Raise ``QueueUnavailable`` with one clear line unless the queue answers."""
    try:
        huey.pending_count()
    except (redis.RedisError, psycopg.Error, sqlite3.Error, OSError) as exc:
        raise _unavailable(url, exc) from None


def poll_delays(huey: Any) -> tuple[float, float, float]:
    """How a consumer's idle workers poll this storage: (first delay, backoff, longest delay)."""
    return HUEY_POLL if huey.storage.blocking else SQLITE_POLL


def _split_name(url: str) -> tuple[str, str]:
    """The URL without its ``queue=`` parameter, and the queue name."""
    # Split by hand: urlunsplit turns sqlite:////abs/path into sqlite://abs/path (a host "abs"
    # and a relative file), which put the embedded queue in the wrong folder.
    base, _, given = url.partition("?")
    query = parse_qsl(given)
    name = next((value for key, value in query if key == "queue"), DEFAULT_QUEUE)
    rest = urlencode([(key, value) for key, value in query if key != "queue"])
    return (f"{base}?{rest}" if rest else base), name


def _open(url: str, name: str) -> Any:
    """The huey instance for one URL; ``InvalidSettings`` for one that cannot name a queue."""
    scheme = urlsplit(url).scheme.lower()
    try:
        if scheme == "sqlite":
            return _sqlite(url, name)
        if scheme in ("redis", "rediss"):
            pool = redis.ConnectionPool.from_url(
                url, socket_connect_timeout=CONNECT_TIMEOUT_SECONDS
            )
            return huey_lib.PriorityRedisHuey(name, connection_pool=pool, results=False)
        if scheme in ("postgresql", "postgres"):
            return huey_lib.PostgresHuey(
                name, dsn=url, connect_timeout=CONNECT_TIMEOUT_SECONDS, results=False
            )
        if scheme == "memory":
            return huey_lib.MemoryHuey(name, results=False)
    except ValueError as exc:
        raise InvalidSettings(f"TAILORCV_QUEUE_URL: {exc} in {_hidden(url)!r}") from None
    except (redis.RedisError, psycopg.Error, sqlite3.Error, OSError) as exc:
        raise _unavailable(url, exc) from None
    raise InvalidSettings(
        f"TAILORCV_QUEUE_URL: not a queue URL: {_hidden(url)!r} "
        "(expected sqlite:///path, redis://host or postgresql://host/db)"
    )


def _sqlite(url: str, name: str) -> Any:
    path = urlsplit(url).path[1:]  # sqlite:///relative, sqlite:////absolute, as SQLAlchemy
    if not path:
        raise ValueError("sqlite:// needs a file path")
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return huey_lib.SqliteHuey(name, filename=path, results=False)


def _unavailable(url: str, exc: BaseException) -> QueueUnavailable:
    lines = str(exc).strip().splitlines()
    reason = " ".join(lines[0].split()) if lines else type(exc).__name__
    return QueueUnavailable(
        f"queue unreachable at {_hidden(url)}: {reason} (check TAILORCV_QUEUE_URL)"
    )


def _hidden(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


class Every:
    """A periodic-task test that passes once per ``seconds`` (first at start). huey's crontab
    cannot say "every 30 s"; the consumer checks periodic tasks as often as recovery runs."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.last: float | None = None

    def __call__(self, _timestamp: object) -> bool:
        now = time.monotonic()
        if self.last is not None and now - self.last < self.seconds * 0.9:
            return False
        self.last = now
        return True


def _register(huey: Any, settings: Settings, options: TaskOptions) -> None:
    """Put the three tasks on ``huey``: run a row, recover lost rows, delete expired files."""

    def run(task_id: str) -> None:
        dispatcher = HueyDispatcher(huey)
        run_task(settings, uuid.UUID(task_id), options=options, requeue=dispatcher.enqueue_later)

    def recover_lost() -> None:
        dispatcher = HueyDispatcher(huey)
        found = recover(
            runtime_for(settings),
            dispatcher.enqueue,
            pending=dispatcher.pending(),
            grace_seconds=options.recover_seconds,
        )
        if found.buried or found.lost or found.waiting:
            log.warning(
                "tasks_recovered", buried=found.buried, lost=found.lost, waiting=found.waiting
            )

    def cleanup() -> None:
        deleted = cleanup_everyone(runtime_for(settings))
        if deleted:
            log.info("expired_files_deleted", count=deleted)

    bind(huey, huey.task(name="tailorcv.run")(run))
    for function, seconds in (
        (recover_lost, options.recover_seconds),
        (cleanup, options.cleanup_seconds),
    ):
        periodic = huey.periodic_task(
            Every(seconds), name=f"tailorcv.{function.__name__}", priority=PERIODIC_PRIORITY
        )
        periodic(function)
