"""Small builders for store tests: a user, and one row of every user-owned kind."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from tailorcv.store import account_queries, batch_queries, queries
from tailorcv.store.models import User

RESUME = {"basics": {"name": "Ada Lovelace", "email": "ada@example.com"}, "work": []}


def make_user(session: Session, email: str | None = None) -> User:
    address = email or f"user-{uuid.uuid4().hex[:8]}@example.com"
    return queries.create_user(session, address, "argon2id$not-a-real-hash")


@dataclass
class Owned:
    """One row of every user-owned table, for scoping and erasure tests."""

    user: User
    resume_id: uuid.UUID
    version_id: uuid.UUID
    job_id: uuid.UUID
    file_id: uuid.UUID
    task_id: uuid.UUID
    token_id: uuid.UUID


def populate(session: Session, email: str | None = None, key: str | None = None) -> Owned:
    """A user with a résumé (two versions, one tailored to a job), a file, a task and a token."""
    user = make_user(session, email)
    resume, first = queries.create_resume(session, user.id, "Main", RESUME)
    job = queries.create_job(session, user.id, "Python developer", {"required": ["Python"]})
    tailored = queries.add_version(
        session, user.id, resume.id, "tailored", RESUME, parent_id=first.id, job_id=job.id
    )
    assert tailored is not None
    expires = datetime.now(UTC) + timedelta(hours=24)
    file = queries.add_file(
        session, user.id, key or "a" * 64, "application/pdf", 1000, expires_at=expires
    )
    task = queries.create_task(session, user.id, "render", {"version_id": str(tailored.id)}, "k1")
    token, _raw = queries.create_api_token(session, user.id, "laptop")
    day = timedelta(days=1)
    account_queries.create_login_session(session, user.id, idle=day, absolute=day)
    batch = batch_queries.create_batch(
        session, user.id, job_id=job.id, job_hash="j", analysis={}, criteria={}, total=1
    )
    item = {"id": uuid.uuid4(), "batch_id": batch.id, "owner_id": user.id, "position": 0}
    batch_queries.add_items(session, [{**item, "source": "file", "file_id": file.id}])
    return Owned(user, resume.id, tailored.id, job.id, file.id, task.id, token.id)
