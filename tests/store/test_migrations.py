"""Migrations make exactly the models' schema, and upgrading keeps every row, on every backend.

Each revision has a seed below: rows written with plain SQL in that revision's schema, and a check
run after upgrading to head. A new migration adds its revision to ``SEEDS`` (a test insists),
and the upgrade test then starts a database at every earlier revision.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Column, Connection, Engine, Integer, MetaData, Table, inspect, text

from tailorcv.store.db import make_engine
from tailorcv.store.models import Base
from tailorcv.store.schema import (
    alembic_config,
    current_revision,
    downgrade,
    head_revision,
    upgrade,
)

from .conftest import empty_database


def revisions() -> list[str]:
    """Every revision, oldest first."""
    script = ScriptDirectory.from_config(alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


@pytest.fixture
def fresh(backend: str, tmp_path: Path) -> Iterator[Engine]:
    """A new, empty database of the backend, never migrated."""
    with empty_database(backend, tmp_path) as settings:
        engine = make_engine(settings)
        yield engine
        engine.dispose()


def diff(connection: Connection, metadata: MetaData) -> list[object]:
    return list(compare_metadata(MigrationContext.configure(connection), metadata))


def test_the_migrated_schema_is_the_models(fresh: Engine) -> None:
    upgrade(fresh)
    with fresh.connect() as connection:
        assert diff(connection, Base.metadata) == []


def test_the_comparison_can_see_a_difference(fresh: Engine) -> None:
    """Guards the test above: a column the migrations lack is reported."""
    upgrade(fresh)
    extended = MetaData(naming_convention=Base.metadata.naming_convention)
    for table in Base.metadata.sorted_tables:
        table.to_metadata(extended)
    Table("users", extended, Column("shoe_size", Integer), extend_existing=True)
    with fresh.connect() as connection:
        assert any(change[0] == "add_column" for change in diff(connection, extended))  # type: ignore[index]


@dataclass(frozen=True)
class Seed:
    """Rows written at one revision, and how to tell they survived the upgrade."""

    write: Callable[[Connection, dict[str, object]], None]
    check: Callable[[Connection, dict[str, object]], None]


def _ids(connection: Connection) -> dict[str, object]:
    """Fresh ids bound the way the dialect stores UUIDs (CHAR(32) hex on SQLite)."""
    make = (lambda: uuid.uuid4().hex) if connection.dialect.name == "sqlite" else uuid.uuid4
    return {name: make() for name in ("user", "resume", "version", "task", "worker")}


def write_0001(connection: Connection, ids: dict[str, object]) -> None:
    now = "2025-01-01 00:00:00"
    statements = [
        "INSERT INTO users (id, email, password_hash, created_at)"
        " VALUES (:user, 'ada@example.com', 'h', :now)",
        "INSERT INTO profiles (user_id, created_at) VALUES (:user, :now)",
        "INSERT INTO resumes (id, owner_id, title, draft, created_at, updated_at)"
        ' VALUES (:resume, :user, \'Main\', \'{"basics": {"name": "Ada"}}\', :now, :now)',
        "INSERT INTO versions (id, resume_id, kind, document, content_hash, created_at)"
        " VALUES (:version, :resume, 'imported', '{\"basics\": {}}', 'h', :now)",
        "INSERT INTO tasks (id, owner_id, kind, payload, created_at)"
        " VALUES (:task, :user, 'render', '{}', :now)",
    ]
    for statement in statements:
        connection.execute(text(statement), {**ids, "now": now})


def check_0001(connection: Connection, ids: dict[str, object]) -> None:
    user = connection.execute(text("SELECT email, tier FROM users WHERE id = :user"), ids).one()
    assert tuple(user) == ("ada@example.com", "free")
    task = connection.execute(
        text("SELECT status, attempts FROM tasks WHERE id = :task"), ids
    ).one()
    assert tuple(task) == ("queued", 0)
    for table in ("profiles", "resumes", "versions"):
        assert connection.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 1


def write_0002(connection: Connection, ids: dict[str, object]) -> None:
    connection.execute(
        text(
            "INSERT INTO workers (id, hostname, pid, queue, processes, started_at, seen_at)"
            " VALUES (:worker, 'box', 42, 'redis://cache:6379/0?queue=q', 2, :now, :now)"
        ),
        {**ids, "now": "2025-01-02 00:00:00"},
    )


def check_0002(connection: Connection, ids: dict[str, object]) -> None:
    row = connection.execute(
        text("SELECT hostname, pid, queue, processes FROM workers WHERE id = :worker"), ids
    ).one()
    assert tuple(row) == ("box", 42, "redis://cache:6379/0?queue=q", 2)


def write_0003_batches(connection: Connection, ids: dict[str, object]) -> None:
    fresh = _ids(connection)  # its own user: a database started at 0002 has none
    params = {"now": "2025-01-03 00:00:00", **{f"b_{k}": v for k, v in fresh.items()}}
    connection.execute(
        text(
            "INSERT INTO users (id, email, password_hash, created_at)"
            " VALUES (:b_user, 'grace@example.com', 'h', :now)"
        ),
        params,
    )
    connection.execute(
        text(
            "INSERT INTO batches (id, owner_id, job_hash, analysis, criteria, created_at)"
            " VALUES (:b_task, :b_user, 'j', '{}', '{\"skills\": [\"Python\"]}', :now)"
        ),
        params,
    )
    connection.execute(
        text(
            "INSERT INTO batch_items (id, batch_id, owner_id, position, source, created_at)"
            " VALUES (:b_worker, :b_task, :b_user, 0, 'resume', :now)"
        ),
        params,
    )


def check_0003_batches(connection: Connection, ids: dict[str, object]) -> None:
    row = connection.execute(text("SELECT blind, total FROM batches")).one()
    assert tuple(row) == (False, 0)
    item = connection.execute(text("SELECT status, position FROM batch_items")).one()
    assert tuple(item) == ("queued", 0)


def write_0004_llm_kinds(connection: Connection, ids: dict[str, object]) -> None:
    fresh = _ids(connection)  # its own user: a database started at 0003 has none
    params = {"now": "2025-01-04 00:00:00", **{f"l_{k}": v for k, v in fresh.items()}}
    connection.execute(
        text(
            "INSERT INTO users (id, email, password_hash, created_at)"
            " VALUES (:l_user, 'hedy@example.com', 'h', :now)"
        ),
        params,
    )
    connection.execute(
        text(
            "INSERT INTO tasks (id, owner_id, kind, payload, created_at)"
            " VALUES (:l_task, :l_user, 'letter', '{}', :now)"
        ),
        params,
    )


def check_0004_llm_kinds(connection: Connection, ids: dict[str, object]) -> None:
    kinds = connection.execute(text("SELECT kind FROM tasks WHERE kind = 'letter'")).scalars()
    assert list(kinds) == ["letter"]


def write_0005_sessions(connection: Connection, ids: dict[str, object]) -> None:
    fresh = _ids(connection)  # its own user: a database started at 0004 may have none
    params = {"now": "2025-01-05 00:00:00", "later": "2099-01-01 00:00:00"}
    params |= {f"s_{k}": v for k, v in fresh.items()}
    connection.execute(
        text(
            "INSERT INTO users (id, email, password_hash, created_at)"
            " VALUES (:s_user, 'lise@example.com', 'h', :now)"
        ),
        params,
    )
    connection.execute(
        text(
            "INSERT INTO login_sessions (id, owner_id, token_hash, created_at, last_seen_at,"
            " idle_expires_at, expires_at) VALUES (:s_task, :s_user, 's', :now, :now, :later,"
            " :later)"
        ),
        params,
    )


def check_0005_sessions(connection: Connection, ids: dict[str, object]) -> None:
    row = connection.execute(
        text("SELECT token_hash, user_agent, address FROM login_sessions WHERE token_hash = 's'")
    ).one()
    assert tuple(row) == ("s", "", "")


def write_0006_published_versions(connection: Connection, ids: dict[str, object]) -> None:
    ids["disabled"] = _ids(connection)["user"]  # its own user: a database started at 0002 has none
    connection.execute(
        text(
            "INSERT INTO users (id, email, password_hash, created_at, disabled_at)"
            " VALUES (:disabled, 'off@example.com', 'h', :now, :now)"
        ),
        {**ids, "now": "2025-01-06 00:00:00"},
    )


def check_0006_published_versions(connection: Connection, ids: dict[str, object]) -> None:
    disabled = connection.execute(text("SELECT disabled_at FROM users WHERE id = :disabled"), ids)
    assert disabled.scalar() is not None


SEEDS: dict[str, Seed] = {
    "0001": Seed(write_0001, check_0001),
    "0002": Seed(write_0002, check_0002),
    "0003_batches": Seed(write_0003_batches, check_0003_batches),
    "0004_llm_kinds": Seed(write_0004_llm_kinds, check_0004_llm_kinds),
    "0005_sessions": Seed(write_0005_sessions, check_0005_sessions),
    "0006_published_versions": Seed(write_0006_published_versions, check_0006_published_versions),
}


def test_every_revision_has_a_seed() -> None:
    assert list(SEEDS) == revisions()


@pytest.mark.parametrize("start", revisions())
def test_upgrading_keeps_the_data(fresh: Engine, start: str) -> None:
    """Start at ``start`` and write its seed, then upgrade one revision at a time, writing each
    revision's seed on the way: at head, every seed still checks out."""
    later = revisions()[revisions().index(start) :]
    ids: dict[str, object] = {}
    for revision in later:
        upgrade(fresh, revision)
        with fresh.begin() as connection:
            ids = ids or _ids(connection)
            SEEDS[revision].write(connection, ids)
    upgrade(fresh)
    assert current_revision(fresh) == head_revision()
    with fresh.connect() as connection:
        for revision in later:
            SEEDS[revision].check(connection, ids)


def test_a_database_made_at_0001_keeps_its_rows_at_head(fresh: Engine) -> None:
    """The first real upgrade: rows written at 0001 only, upgraded straight to head."""
    upgrade(fresh, "0001")
    with fresh.begin() as connection:
        ids = _ids(connection)
        write_0001(connection, ids)
    upgrade(fresh)
    assert current_revision(fresh) == head_revision()
    with fresh.connect() as connection:
        check_0001(connection, ids)
        assert connection.execute(text("SELECT count(*) FROM workers")).scalar() == 0


def test_downgrading_0002_keeps_the_0001_rows(fresh: Engine) -> None:
    upgrade(fresh)
    with fresh.begin() as connection:
        ids = _ids(connection)
        write_0001(connection, ids)
        write_0002(connection, ids)
    downgrade(fresh, "0001")
    assert current_revision(fresh) == "0001"
    assert "workers" not in inspect(fresh).get_table_names()
    with fresh.connect() as connection:
        check_0001(connection, ids)
    upgrade(fresh)
    with fresh.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM workers")).scalar() == 0


def test_migrating_twice_changes_nothing(fresh: Engine) -> None:
    upgrade(fresh)
    with fresh.begin() as connection:
        ids = _ids(connection)
        write_0001(connection, ids)
    upgrade(fresh)
    with fresh.connect() as connection:
        check_0001(connection, ids)


def test_downgrading_to_base_and_back_works(fresh: Engine) -> None:
    upgrade(fresh)
    downgrade(fresh, "base")
    assert inspect(fresh).get_table_names() == ["alembic_version"]
    upgrade(fresh)
    assert current_revision(fresh) == head_revision()


def test_a_published_draft_is_kept_as_the_published_version(fresh: Engine) -> None:
    """A résumé public before 0006 showed its draft; after it, it shows that draft as a version."""
    upgrade(fresh, "0005_sessions")
    with fresh.begin() as connection:
        ids = _ids(connection)
        write_0001(connection, ids)
        connection.execute(text("UPDATE resumes SET slug = 'ada' WHERE id = :resume"), ids)
    upgrade(fresh)
    with fresh.connect() as connection:
        published = connection.execute(
            text("SELECT published_version_id FROM resumes WHERE id = :resume"), ids
        ).scalar()
        assert published is not None
        kept = connection.execute(
            text("SELECT kind, document FROM versions WHERE id = :v AND resume_id = :resume"),
            {**ids, "v": published},
        ).one()
    assert kept[0] == "commit"
    assert "Ada" in str(kept[1])
