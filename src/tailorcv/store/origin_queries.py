"""What tasks and files were made from, in a few words (issue 19): the résumé, person and
template a version names, a job's title and company, a batch's title, and the task that made a
file. The task list says "Rendering a PDF of ‘Main’ (modern)" and a download is named
``Ada-Lovelace-modern.pdf`` from these.

Each look-up takes many ids at once (one query for a page of tasks) and reads a few columns,
never a whole document: the person's name and the template are read inside the stored JSON.
Every answer carries its owner, and the callers use only what the asker owns.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from tailorcv.store.models import Batch, Job, Resume, Task, Version


@dataclass(frozen=True)
class VersionOrigin:
    owner_id: uuid.UUID
    resume_title: str
    person: str | None  # basics.name
    template: str | None  # meta.template
    job_id: uuid.UUID | None  # the job a tailored version was made for


@dataclass(frozen=True)
class JobOrigin:
    owner_id: uuid.UUID
    title: str
    company: str


@dataclass(frozen=True)
class BatchOrigin:
    owner_id: uuid.UUID
    title: str


def versions_named(session: Session, ids: Collection[uuid.UUID]) -> dict[uuid.UUID, VersionOrigin]:
    if not ids:
        return {}
    query = (
        select(
            Version.id,
            Resume.owner_id,
            Resume.title,
            Version.document[("basics", "name")].as_string(),
            Version.document[("meta", "template")].as_string(),
            Version.job_id,
        )
        .join(Resume, Resume.id == Version.resume_id)
        .where(Version.id.in_(ids))
    )
    return {row[0]: VersionOrigin(*row[1:]) for row in session.execute(query)}


def jobs_named(session: Session, ids: Collection[uuid.UUID]) -> dict[uuid.UUID, JobOrigin]:
    if not ids:
        return {}
    query = select(Job.id, Job.owner_id, Job.title, Job.company).where(Job.id.in_(ids))
    return {row[0]: JobOrigin(*row[1:]) for row in session.execute(query)}


def batches_named(session: Session, ids: Collection[uuid.UUID]) -> dict[uuid.UUID, BatchOrigin]:
    if not ids:
        return {}
    query = select(Batch.id, Batch.owner_id, Batch.title).where(Batch.id.in_(ids))
    return {row[0]: BatchOrigin(*row[1:]) for row in session.execute(query)}


def task_that_made(session: Session, owner_id: uuid.UUID, file_id: uuid.UUID) -> Task | None:
    """The owner's newest succeeded render or letter whose result is the file ``file_id``
    (equal bytes share one file row, so several may have made it)."""
    query = (
        select(Task)
        .where(
            Task.owner_id == owner_id,
            Task.status == "succeeded",
            Task.kind.in_(("render", "letter")),
            Task.result["file_id"].as_string() == str(file_id),
        )
        .order_by(Task.created_at.desc())
        .limit(1)
    )
    return session.scalars(query).first()
