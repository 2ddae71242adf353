"""Alembic, driven from code: the migrations ship inside the package and need no alembic.ini.

``migrate(settings)`` brings the database to the newest revision. Every schema change is a new
file in ``migrations/versions/`` that keeps existing data; ``tests/store/test_migrations.py``
proves it by upgrading a database made at each earlier revision.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from tailorcv.ops.settings import Settings
from tailorcv.store.db import check, make_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration built in code; ``env.py`` uses ``connection`` when given."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest revision the package ships."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the package ships at least one migration"
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at; None for a database never migrated."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade the database to ``revision`` in one transaction (PostgreSQL and SQLite both
    have transactional DDL, so a failed migration leaves the schema as it was)."""
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Downgrade the database to ``revision`` (``base``: no tables), for tests and rollbacks."""
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), revision)


def migrate(settings: Settings) -> str:
    """Bring ``settings.database_url`` to the newest revision and return it."""
    engine = make_engine(settings)
    try:
        check(engine)
        upgrade(engine)
        revision = current_revision(engine)
    finally:
        engine.dispose()
    assert revision is not None
    return revision
