"""What the task kinds share: a handler's outcome, the version and job a task names, the job's
stored analysis, and storing what a handler made (a file, a tailored version).

``tasks.kinds``, ``tasks.llm_kinds`` and ``tasks.batch_kinds`` import from here and never from
one another (issue 17: kinds and llm_kinds imported each other's private helpers).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from tailorcv.errors import InputNotFound, TailoringRefused
from tailorcv.service.runtime import Runtime
from tailorcv.store import queries
from tailorcv.store.blobs import blob_key
from tailorcv.store.models import Job, Task, Version, utcnow

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "svg": "image/svg+xml",
    "html": "text/html; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass
class Done:
    """A handler's outcome: the task's result, and blobs to delete once the commit succeeded
    (a rolled-back transaction must still find its blobs)."""

    result: dict[str, Any]
    delete_blobs: list[str] = field(default_factory=list)


Handler = Callable[[Runtime, Session, Task], Done]


def owned_version(session: Session, owner_id: uuid.UUID, version_id: uuid.UUID) -> Version:
    """The owner's version, or ``InputNotFound`` (a user error: not retried)."""
    version = queries.get_version(session, owner_id, version_id)
    if version is None:
        raise InputNotFound(f"no version {version_id}; it may have been deleted")
    return version


def owned_job(session: Session, owner_id: uuid.UUID, job_id: uuid.UUID) -> Job:
    job = queries.get_job(session, owner_id, job_id)
    if job is None:
        raise InputNotFound(f"no job {job_id}; paste the job ad first")
    return job


def resume_of(version: Version) -> Any:
    """The version's document as a ``Resume``."""
    from tailorcv.resume import validate

    return validate(version.document).resume


def job_analysis(stored: dict[str, Any], text: str) -> Any:
    """The job's stored analysis as a ``JobAnalysis``; the ad is analysed again (a few ms) when
    the stored form is not one this version of tailorcv reads, or an older analysis made it.
    A batch passes no text: its items are all scored against the analysis it was made with."""
    from tailorcv.match import JobAnalysis, SkillAsk, analyse
    from tailorcv.match.analyse import ANALYSIS_VERSION

    if text and stored.get("version", 1) < ANALYSIS_VERSION:
        return analyse(text)
    try:
        data = dict(stored)
        for key in ("required", "preferred", "keywords"):
            data[key] = [
                SkillAsk(**{**ask, "alternatives": tuple(ask.get("alternatives", ()))})
                for ask in data.get(key, [])
            ]
        return JobAnalysis(**data)
    except (TypeError, AttributeError, ValueError):
        return analyse(text)


def store_file(
    ctx: Runtime, session: Session, owner_id: uuid.UUID, data: bytes, fmt: str
) -> dict[str, str]:
    """Keep generated ``data`` as the owner's file for ``file_ttl_hours``: its ``file_id`` and
    ``url``. ``TooLarge`` (stores nothing) when it would take the owner over the allowance."""
    allowed = ctx.settings.storage_per_user_bytes
    queries.ensure_room(session, owner_id, blob_key(data), len(data), allowed)
    key = ctx.blobs.put(data)
    expires = utcnow() + timedelta(hours=ctx.settings.file_ttl_hours)
    content_type = CONTENT_TYPES.get(fmt, "application/octet-stream")
    file = queries.add_file(session, owner_id, key, content_type, len(data), expires_at=expires)
    return {"file_id": str(file.id), "url": f"/api/v1/files/{file.id}"}


def save_tailored(
    ctx: Runtime,
    session: Session,
    owner_id: uuid.UUID,
    parent: Version,
    resume: Any,
    job_id: uuid.UUID,
) -> Version:
    """Save a tailored version; one that would take the owner past the storage allowance is
    refused like any save (issue 16)."""
    from tailorcv.resume import to_dict

    with queries.within_allowance(session, owner_id, ctx.settings.storage_per_user_bytes):
        version = queries.add_version(
            session,
            owner_id,
            parent.resume_id,
            "tailored",
            to_dict(resume),
            parent_id=parent.id,
            job_id=job_id,
        )
    if version is None:
        raise InputNotFound(f"version {parent.id} is gone; tailor another one")
    return version


def tailored_result(version: Version, engine: str, tailored: Any) -> dict[str, Any]:
    """The result of a tailoring, whichever engine made it."""
    from dataclasses import asdict

    return {
        "version_id": str(version.id),
        "engine": engine,
        "changes": [asdict(change) for change in tailored.changes],
        "score_before": tailored.before.score,
        "score_after": tailored.after.score,
        "violations": [],
        "pages": tailored.pages,
        "notes": list(tailored.notes),
    }


def refuse_invented(source: Any, tailored: Any) -> None:
    """``TailoringRefused`` (never retried) listing every claim of ``tailored`` that
    ``source`` does not support; nothing when there is none."""
    from tailorcv.tailor import guard

    violations = guard(source, tailored)
    if violations:
        listed = "\n".join(f"  {v}" for v in violations)
        raise TailoringRefused(f"the tailored résumé claims what the source does not:\n{listed}")
