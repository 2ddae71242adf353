"""What each kind of task does: import, render (a version, or a public page's PDF), tailor.

A handler reads the task's payload, calls the pure core, and writes its rows in the session it is
given, which the runner commits together with the task's ``succeeded`` status: either both are
stored or neither, so a worker that dies half-way leaves nothing behind and a retry starts clean.
Handlers never commit. Bytes go to the content-addressed blob store first; writing the same
bytes twice stores them once, which is what makes a re-run harmless.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import PurePath
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from tailorcv.errors import InputNotFound, InvalidPayload, NotAResume, UserError
from tailorcv.service.payloads import (
    ImportPayload,
    PagePayload,
    Payload,
    RenderPayload,
    TailorPayload,
    read,
)
from tailorcv.service.photo_lookup import stored_photo
from tailorcv.service.runtime import Runtime
from tailorcv.store import queries
from tailorcv.store.models import Resume, Task, utcnow
from tailorcv.tasks.cleanup import ORPHAN_GRACE
from tailorcv.tasks.common import (
    CONTENT_TYPES,
    Done,
    job_analysis,
    owned_job,
    owned_version,
    refuse_invented,
    resume_of,
    save_tailored,
    store_file,
    tailored_result,
)

if TYPE_CHECKING:
    from tailorcv.ingest import Imported, Limits

# How long the upload of an import refused as not a résumé is kept, for the person to insist
# ("Import anyway", ``service.imports.force_import``): the grace the orphan sweep already gives
# a blob without a row (an hour). Any other failed import's upload goes at the next cleanup:
# nothing can use it (issue 18).
INSIST_GRACE = ORPHAN_GRACE


def import_resume(ctx: Runtime, session: Session, task: Task) -> Done:
    """Read an uploaded file into a new résumé, or into a new version of an existing one."""
    from tailorcv.ingest import Limits
    from tailorcv.resume import to_dict

    payload = read(task.kind, task.payload, ImportPayload)
    settings = ctx.settings
    limits = Limits(
        max_bytes=settings.max_upload_bytes,
        max_pages=settings.max_pdf_pages,
        seconds=settings.parse_seconds,
    )
    imported = read_upload(ctx.blobs.get(payload.file_key), payload, limits)
    document = to_dict(imported.resume)
    resume_id = payload.resume_id
    with queries.within_allowance(session, task.owner_id, settings.storage_per_user_bytes):
        if resume_id is None:
            title = imported.resume.basics.name if imported.resume.basics else None
            name = title or PurePath(payload.filename).stem or "Imported résumé"
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


def read_upload(data: bytes, payload: ImportPayload, limits: Limits) -> Imported:
    """The one call of ``ingest.read`` for an import task. Without ``payload.force`` a file that
    does not look like a résumé fails the task with ``NotAResume`` (422), a user error that is
    not retried; with it, the file is imported and the reason stays among the warnings."""
    from tailorcv.ingest import read as read_file

    return read_file(data, payload.filename, limits=limits, force=payload.force)


def release_upload(session: Session, task: Task, error: UserError) -> None:
    """The ``import`` kind's part of a permanent failure: its upload is kept ``INSIST_GRACE``
    when the file was refused as not a résumé (it may be forced), else only until the next
    cleanup; never while another import of the same bytes needs it (``queries.release_upload``).
    """
    try:
        payload = read(task.kind, task.payload, ImportPayload)
    except InvalidPayload:
        return  # no file key to trust; the file row, if any, stays as it was
    insist = isinstance(error, NotAResume) and not payload.force
    until = utcnow() + (INSIST_GRACE if insist else timedelta(0))
    queries.release_upload(session, task.owner_id, payload.file_key, task.id, until)


def render_version(ctx: Runtime, session: Session, task: Task) -> Done:
    """Render a version to a file; the same bytes for the same owner give the same file row.
    A file that would take the owner over ``storage_per_user_bytes`` fails the task with
    ``TooLarge`` (a user error: not retried) and stores nothing."""
    from tailorcv.render import render

    payload = read(task.kind, task.payload, Payload)
    if isinstance(payload, PagePayload):
        return render_page(ctx, session, task, payload)
    assert isinstance(payload, RenderPayload)
    version = owned_version(session, task.owner_id, payload.version_id)
    resume = resume_of(version)
    photo = stored_photo(session, ctx.blobs, task.owner_id, resume)
    data = render(resume, payload.template, payload.format, photo)
    return Done(store_file(ctx, session, task.owner_id, data, payload.format))


def page_task_key(resume_id: uuid.UUID, content_key: str) -> str:
    """The idempotency key of the task rendering a public page's PDF for one content (issue 16,
    ``web.published``): one rendering per page and content, however many ask for it."""
    return f"page:{resume_id}:{content_key}"


def render_page(ctx: Runtime, session: Session, task: Task, payload: PagePayload) -> Done:
    """A public page's PDF, rendered from the payload's ``document`` (already what the page
    shows, within its size limit) and kept as the owner's file until a later rendering of the
    page replaces it. An overtaken task (the page unpublished, or a newer rendering of it
    queued) renders nothing."""
    from tailorcv.render import render
    from tailorcv.resume import validate

    resume = session.get(Resume, payload.resume_id)
    if resume is None or resume.owner_id != task.owner_id or resume.slug is None:
        return Done({"page": payload.page, "overtaken": True})
    newer = select(Task.id).where(
        Task.owner_id == task.owner_id,
        Task.idempotency_key.like(page_task_key(resume.id, "") + "%"),
        Task.created_at > task.created_at,
    )
    if session.scalars(newer.limit(1)).first() is not None:
        return Done({"page": payload.page, "overtaken": True})
    shown = validate(payload.document).resume
    data = render(shown, None, "pdf", stored_photo(session, ctx.blobs, task.owner_id, shown))
    key = ctx.blobs.put(data)
    file = queries.add_file(session, task.owner_id, key, CONTENT_TYPES["pdf"], len(data))
    result = {"page": payload.page, "key": key, "file_id": str(file.id), "bytes": len(data)}
    return Done(result)


def tailor_version(ctx: Runtime, session: Session, task: Task) -> Done:
    """Tailor a version to a job offline and store it, only when the guard finds nothing
    invented; otherwise fail with every violation (``TailoringRefused``, never retried).
    ``engine: llm`` in the payload asks a model first (``tasks.llm_kinds``, issue 7)."""
    from tailorcv.render import count_pages
    from tailorcv.tailor import offline

    payload = read(task.kind, task.payload, TailorPayload)
    if payload.engine == "llm":
        from tailorcv.tasks.llm_kinds import tailor_with_llm

        return tailor_with_llm(ctx, session, task, payload)
    source_version = owned_version(session, task.owner_id, payload.version_id)
    job = owned_job(session, task.owner_id, payload.job_id)
    source = resume_of(source_version)
    template = payload.template or source.template
    photo = stored_photo(session, ctx.blobs, task.owner_id, source)
    tailored = offline(
        source,
        job_analysis(job.analysis, job.text),
        pages=payload.pages or 1,
        count_pages=lambda resume: count_pages(resume, template, photo),
    )
    refuse_invented(source, tailored.resume)
    version = save_tailored(ctx, session, task.owner_id, source_version, tailored.resume, job.id)
    return Done(tailored_result(version, "offline", tailored))
