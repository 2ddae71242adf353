"""Engines from settings: SQLite pragmas, PostgreSQL pool and timeouts, one-line failures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from tailorcv.ops.settings import Settings
from tailorcv.store import DatabaseUnavailable, check, make_engine, migrate
from tailorcv.store.schema import head_revision

from .conftest import postgres_database


def test_sqlite_gets_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    engine = make_engine(Settings(data_dir=tmp_path / "new" / "folder", db_pool_timeout=7))
    with engine.connect() as connection:
        pragmas = {
            name: connection.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("journal_mode", "foreign_keys", "busy_timeout")
        }
    assert pragmas == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 7000}
    assert (tmp_path / "new" / "folder" / "tailorcv.db").is_file(), "the data folder is made"
    engine.dispose()


def test_migrate_makes_the_embedded_database_from_defaults(tmp_path: Path) -> None:
    assert migrate(Settings(data_dir=tmp_path)) == head_revision()
    assert (tmp_path / "tailorcv.db").is_file()


def test_an_unreachable_database_fails_with_one_line() -> None:
    engine = make_engine(
        Settings(database_url="postgresql+psycopg://nobody:secret@127.0.0.1:1/nowhere")
    )
    with pytest.raises(DatabaseUnavailable) as caught:
        check(engine)
    message = caught.value.message
    assert "\n" not in message
    assert message.startswith("database unreachable at postgresql+psycopg://nobody:***@127.0.0.1:1")
    assert "secret" not in message


def test_an_unopenable_sqlite_file_fails_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "tailorcv.db").mkdir()  # a folder where the database file should be
    with pytest.raises(DatabaseUnavailable, match="unable to open database file"):
        check(make_engine(Settings(data_dir=tmp_path)))


@pytest.fixture
def postgres() -> Iterator[str]:
    with postgres_database() as url:
        yield url


def test_postgresql_takes_pool_and_statement_timeout_from_settings(postgres: str) -> None:
    engine: Engine = make_engine(
        Settings(
            database_url=postgres, db_pool_size=3, db_pool_timeout=2, db_statement_timeout_ms=50
        )
    )
    assert engine.pool.size() == 3  # type: ignore[attr-defined]
    check(engine)
    with engine.connect() as connection, pytest.raises(OperationalError, match="statement timeout"):
        connection.execute(text("SELECT pg_sleep(1)"))
    engine.dispose()
