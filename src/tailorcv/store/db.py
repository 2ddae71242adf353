"""Engines and sessions from settings: SQLite embedded by default, PostgreSQL at scale.

SQLite gets WAL (readers never block the writer), foreign keys (off by default in SQLite, and the
cascades that erase a user rely on them) and a busy timeout (a writer waits for the lock instead
of failing at once). PostgreSQL gets the pool and statement timeout from settings and a short
connect timeout, so an unreachable server fails at start with one line rather than hanging.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from tailorcv.errors import DatabaseUnavailable
from tailorcv.ops.settings import Settings

CONNECT_TIMEOUT_SECONDS = 5
POOL_OVERFLOW = 10  # connections opened beyond ``db_pool_size`` at a peak, closed after use


def pool_capacity(settings: Settings) -> int:
    """The most connections a process's pool hands out at once (``web.admission``)."""
    return settings.db_pool_size + POOL_OVERFLOW


def make_engine(settings: Settings) -> Engine:
    """The engine for ``settings.database_url``, configured for its backend."""
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url, settings)
    return _postgresql_engine(url, settings)


def make_sessions(engine: Engine) -> sessionmaker[Session]:
    """A session factory; objects stay readable after commit, as a request handler expects."""
    return sessionmaker(engine, expire_on_commit=False)


def _sqlite_engine(url: URL, settings: Settings) -> Engine:
    busy_seconds = settings.db_pool_timeout
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    # pysqlite's default transaction handling is kept on purpose: it begins a transaction at the
    # first write, so a task claim's single UPDATE takes the write lock at once and waits out the
    # busy timeout, rather than failing on a stale read snapshot (SQLITE_BUSY_SNAPSHOT).
    engine = create_engine(
        url,
        pool_size=settings.db_pool_size,
        max_overflow=POOL_OVERFLOW,
        pool_timeout=busy_seconds,
        connect_args={"timeout": busy_seconds},
    )

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_seconds * 1000)}")
        cursor.close()

    return engine


def _postgresql_engine(url: URL, settings: Settings) -> Engine:
    options = f"-c statement_timeout={settings.db_statement_timeout_ms}"
    return create_engine(
        url,
        pool_size=settings.db_pool_size,
        max_overflow=POOL_OVERFLOW,
        pool_timeout=settings.db_pool_timeout,
        pool_pre_ping=True,  # a connection the server closed is replaced, not handed out
        connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS, "options": options},
    )


def check(engine: Engine) -> None:
    """Raise ``DatabaseUnavailable`` with one clear line unless the database answers a query."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except DBAPIError as exc:
        where = engine.url.render_as_string(hide_password=True)
        lines = str(exc.orig).strip().splitlines()
        reason = lines[0] if lines else type(exc.orig).__name__
        raise DatabaseUnavailable(
            f"database unreachable at {where}: {reason} (check TAILORCV_DATABASE_URL)"
        ) from None
