"""What each kind of task does: import, render (a version, or a public page's PDF), tailor.

A handler reads the task's payload, calls the pure core, and writes its rows in the session it is
given, which the runner commits together with the task's ``succeeded`` status: either both are
stored or neither, so a worker that dies half-way leaves nothing behind and a retry starts clean.
Handlers never commit. Bytes go to the content-addressed blob store first; writing the same
bytes twice stores them once, which is what makes a re-run harmless.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from pathlib import PurePath
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tailorcv.errors import InputNotFound, TailoringRefused, UserError
from tailorcv.store import queries
from tailorcv.store.blobs import blob_key
from tailorcv.store.models import Resume, Task, Version, utcnow
from tailorcv.tasks.context import Context

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


Handler = Callable[[Context, Session, Task], Done]


def import_resume(ctx: Context, session: Session, task: Task) -> Done:
    """Read an uploaded file into a new résumé, or into a new version of an existing one."""
    from tailorcv.ingest import Limits, read
    from tailorcv.resume import to_dict

    payload = task.payload
    settings = ctx.settings
    limits = Limits(
        max_bytes=settings.max_upload_bytes,
        max_pages=settings.max_pdf_pages,
        seconds=settings.parse_seconds,
    )
    filename = str(payload.get("filename") or "upload")
    imported = read(ctx.blobs.get(str(payload.get("file_key") or "")), filename, limits=limits)
    document = to_dict(imported.resume)
    resume_id = _uuid(payload.get("resume_id"), "resume_id")
    with queries.within_allowance(session, task.owner_id, settings.storage_per_user_bytes):
        if resume_id is None:
            title = imported.resume.basics.name if imported.resume.basics else None
            name = title or PurePath(filename).stem or "Imported résumé"
            resume, version = queries.create_resume(session, task.owner_id, name, document)
            resume_id = resume.id
        else:
            added = queries.add_version(session, task.owner_id, resume_id, "imported", document)
            if added is None:
                raise InputNotFound(
                    f"no résumé {resume_id}; import into one of yours, or a new one"
                )
            version = added
    return Done(
        {
            "resume_id": str(resume_id),
            "version_id": str(version.id),
            "warnings": list(imported.warnings),
            "sections": dict(imported.sections),
            "confidence": dict(imported.confidence),  # the UI's review highlights doubtful fields
        }
    )


def render_version(ctx: Context, session: Session, task: Task) -> Done:
    """Render a version to a file; the same bytes for the same owner give the same file row.
    A file that would take the owner over ``storage_per_user_bytes`` fails the task with
    ``TooLarge`` (a user error: not retried) and stores nothing."""
    from tailorcv.render import render

    payload = task.payload
    if "page" in payload:
        return render_page(ctx, session, task)
    version = _version(session, task.owner_id, payload.get("version_id"))
    fmt = str(payload.get("format") or "pdf")
    data = render(_resume(version), payload.get("template"), fmt)
    return Done(store_file(ctx, session, task.owner_id, data, fmt))


def page_task_key(resume_id: uuid.UUID, content_key: str) -> str:
    """The idempotency key of the task rendering a public page's PDF for one content (issue 16,
    ``web.published``): one rendering per page and content, however many ask for it."""
    return f"page:{resume_id}:{content_key}"


def render_page(ctx: Context, session: Session, task: Task) -> Done:
    """A public page's PDF, rendered from the payload's ``document`` (already what the page
    shows, within its size limit) and kept as the owner's file until a later rendering of the
    page replaces it. An overtaken task (the page unpublished, or a newer rendering of it
    queued) renders nothing."""
    from tailorcv.render import render
    from tailorcv.resume import validate

    payload = task.payload
    resume_id = _uuid(payload.get("resume_id"), "resume_id")
    resume = session.get(Resume, resume_id) if resume_id else None
    if resume is None or resume.owner_id != task.owner_id or resume.slug is None:
        return Done({"page": payload.get("page"), "overtaken": True})
    newer = select(Task.id).where(
        Task.owner_id == task.owner_id,
        Task.idempotency_key.like(page_task_key(resume.id, "") + "%"),
        Task.created_at > task.created_at,
    )
    if session.scalars(newer.limit(1)).first() is not None:
        return Done({"page": payload.get("page"), "overtaken": True})
    data = render(validate(payload.get("document") or {}).resume, None, "pdf")
    key = ctx.blobs.put(data)
    file = queries.add_file(session, task.owner_id, key, CONTENT_TYPES["pdf"], len(data))
    result = {"page": payload.get("page"), "key": key, "file_id": str(file.id), "bytes": len(data)}
    return Done(result)


def store_file(
    ctx: Context, session: Session, owner_id: uuid.UUID, data: bytes, fmt: str
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


def tailor_version(ctx: Context, session: Session, task: Task) -> Done:
    """Tailor a version to a job offline and store it, only when the guard finds nothing
    invented; otherwise fail with every violation (``TailoringRefused``, never retried).
    ``engine: llm`` in the payload asks a model first (``tasks.llm_kinds``, issue 7)."""
    from tailorcv.render import count_pages
    from tailorcv.tailor import guard, offline

    payload = task.payload
    if payload.get("engine") == "llm":
        from tailorcv.tasks.llm_kinds import tailor_with_llm

        return tailor_with_llm(ctx, session, task)
    source_version = _version(session, task.owner_id, payload.get("version_id"))
    job_id = _uuid(payload.get("job_id"), "job_id")
    job = queries.get_job(session, task.owner_id, job_id) if job_id else None
    if job is None:
        raise InputNotFound(f"no job {payload.get('job_id')}; paste the job ad first")
    source = _resume(source_version)
    template = str(payload.get("template") or source.template or "classic")
    pages = int(payload.get("pages") or 1)
    tailored = offline(
        source,
        job_analysis(job.analysis, job.text),
        pages=pages,
        count_pages=lambda resume: count_pages(resume, template),
    )
    violations = guard(source, tailored.resume)
    if violations:
        listed = "\n".join(f"  {v}" for v in violations)
        raise TailoringRefused(f"the tailored résumé claims what the source does not:\n{listed}")
    version = _tailored(ctx, session, task.owner_id, source_version, tailored.resume, job.id)
    return Done(
        {
            "version_id": str(version.id),
            "engine": "offline",
            "changes": [asdict(change) for change in tailored.changes],
            "score_before": tailored.before.score,
            "score_after": tailored.after.score,
            "violations": [],
            "pages": tailored.pages,
            "notes": list(tailored.notes),
        }
    )


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


def _tailored(
    ctx: Context,
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


def _version(session: Session, owner_id: uuid.UUID, raw: object) -> Version:
    version_id = _uuid(raw, "version_id")
    version = queries.get_version(session, owner_id, version_id) if version_id else None
    if version is None:
        raise InputNotFound(f"no version {raw}; it may have been deleted")
    return version


def _resume(version: Version) -> Any:
    from tailorcv.resume import validate

    return validate(version.document).resume


def _uuid(raw: object, name: str) -> uuid.UUID | None:
    if raw in (None, ""):
        return None
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        raise UserError(f"{name}: {raw!r} is not an id") from None
