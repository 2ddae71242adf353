"""One set of store tests, run on every database backend.

Each store test runs twice: on SQLite (a file in a temporary folder) and on PostgreSQL. Every
PostgreSQL run makes its own database (``tailorcv_test_<random>``) beside the one it connects to,
and drops it afterwards, so runs in parallel never see each other's rows. PostgreSQL is skipped
when the server is unreachable, except under ``CI=true``, where that is a failure.

Set ``TAILORCV_TEST_POSTGRES_URL`` to use another server (default: postgres@127.0.0.1/test).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, delete, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from tailorcv.ops.settings import Settings
from tailorcv.store.db import make_engine, make_sessions
from tailorcv.store.models import Base
from tailorcv.store.schema import upgrade

POSTGRES_URL = os.environ.get(
    "TAILORCV_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
BACKENDS = ["sqlite", "postgresql"]


def postgres_or_skip() -> None:
    """Skip when PostgreSQL is unreachable; fail instead under CI=true."""
    probe = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
    try:
        with probe.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as exc:
        reason = f"PostgreSQL unreachable at {POSTGRES_URL}: {' '.join(str(exc.orig).split())}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (required under CI=true)")
        pytest.skip(reason)
    finally:
        probe.dispose()


@contextmanager
def postgres_database() -> Iterator[str]:
    """A new, empty PostgreSQL database for one run; dropped on the way out."""
    postgres_or_skip()
    name = f"tailorcv_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def empty_database(backend: str, folder: Path) -> Iterator[Settings]:
    """Settings pointing at a new, empty database of ``backend``."""
    if backend == "sqlite":
        yield Settings(data_dir=folder, database_url=f"sqlite:///{folder / 'tailorcv.db'}")
        return
    with postgres_database() as url:
        yield Settings(data_dir=folder, database_url=url, db_statement_timeout_ms=10_000)


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def migrated(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """One migrated database per backend for the whole run."""
    with empty_database(backend, tmp_path_factory.mktemp(backend)) as settings:
        engine = make_engine(settings)
        upgrade(engine)
        yield engine
        engine.dispose()


@pytest.fixture
def engine(migrated: Engine) -> Iterator[Engine]:
    """The run's migrated database, emptied after each test."""
    yield migrated
    with migrated.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(delete(table))


@pytest.fixture
def sessions(engine: Engine) -> Callable[[], Session]:
    return make_sessions(engine)


@pytest.fixture
def session(sessions: Callable[[], Session]) -> Iterator[Session]:
    with sessions() as opened:
        yield opened
