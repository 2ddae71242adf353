"""Task tests: a migrated database with one user who has a résumé, a version and a job.

SQLite by default; the consumer tests also run on PostgreSQL (databases made and dropped by
``tests.store.conftest.postgres_database``) and on the Redis queue.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tailorcv.ops.settings import Settings
from tailorcv.service.runtime import close_runtimes, runtime_for
from tailorcv.store import queries
from tailorcv.store.models import File, Task, Version
from tailorcv.store.schema import upgrade
from tailorcv.tasks.options import TaskOptions
from tests.conftest import EXAMPLES

FAST = TaskOptions(lease_seconds=1.0, retry_base_seconds=0.01, recover_seconds=1.0)


@dataclass
class Seeded:
    settings: Settings
    user_id: uuid.UUID
    resume_id: uuid.UUID
    version_id: uuid.UUID
    job_id: uuid.UUID


def example_resume() -> dict[str, Any]:
    document: dict[str, Any] = json.loads((EXAMPLES / "resume.json").read_text(encoding="utf-8"))
    return document


def seed(settings: Settings, document: dict[str, Any] | None = None) -> Seeded:
    """Migrate the database and give it a user with a résumé, its version and an analysed job."""
    from tailorcv.match import analyse

    ctx = runtime_for(settings)
    upgrade(ctx.engine)
    text = (EXAMPLES / "job.txt").read_text(encoding="utf-8")
    analysis = analyse(text)
    with ctx.sessions() as session, session.begin():
        user = queries.create_user(session, f"{uuid.uuid4().hex[:8]}@example.com", "x")
        resume, version = queries.create_resume(
            session, user.id, "Main", document or example_resume()
        )
        job = queries.create_job(session, user.id, text, analysis.to_dict(), title=analysis.title)
        return Seeded(settings, user.id, resume.id, version.id, job.id)


def submit(
    seeded: Seeded, kind: str, payload: dict[str, Any], *, max_attempts: int = 3
) -> uuid.UUID:
    """Commit a queued task row, as the web layer does before it enqueues."""
    with runtime_for(seeded.settings).sessions() as session, session.begin():
        task = queries.create_task(
            session, seeded.user_id, kind, payload, max_attempts=max_attempts
        )
        return task.id


def task_row(settings: Settings, task_id: uuid.UUID) -> Task:
    with runtime_for(settings).sessions() as session:
        task = session.get(Task, task_id)
        assert task is not None
        return task


def count(settings: Settings, model: type[File] | type[Version]) -> int:
    with runtime_for(settings).sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def sqlite_settings(folder: Path, **overrides: Any) -> Settings:
    return Settings(
        data_dir=folder,
        database_url=f"sqlite:///{folder / 'tailorcv.db'}",
        queue_url=f"sqlite:///{folder / 'queue.db'}",
        **overrides,
    )


@pytest.fixture
def seeded(tmp_path: Path) -> Iterator[Seeded]:
    yield seed(sqlite_settings(tmp_path))
    close_runtimes()
