"""Résumés: create one, change its draft, commit a version, delete it (publishing its page:
``service.publishing``).

Every change that a cached match could show drops what was cached about the résumé
(``work.resume_changed``); a public page shows a published version, not the draft (issue 19).
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from tailorcv.resume import to_dict, validate
from tailorcv.service import published
from tailorcv.service.runtime import Runtime
from tailorcv.service.schemas import (
    ResumeCreate,
    ResumePublic,
    ResumeSummary,
    ResumeUpdate,
)
from tailorcv.service.work import not_found, resume_changed
from tailorcv.store import queries
from tailorcv.store.models import Resume, User, Version


def checked(document: dict[str, Any]) -> dict[str, Any]:
    """The document as stored: validated (``InvalidResume`` lists every path) and normalised."""
    return to_dict(validate(document).resume)


def owned(session: Session, owner_id: uuid.UUID, resume_id: uuid.UUID) -> Resume:
    resume = queries.get_resume(session, owner_id, resume_id)
    if resume is None:
        raise not_found("résumé", resume_id)
    return resume


def create_resume(
    runtime: Runtime, session: Session, user: User, form: ResumeCreate
) -> tuple[Resume, Version]:
    """A new résumé; its draft and first version count against the storage allowance."""
    with queries.within_allowance(session, user.id, runtime.settings.storage_per_user_bytes):
        resume, version = queries.create_resume(
            session, user.id, form.title, checked(form.resume), kind="commit"
        )
    session.commit()
    return resume, version


def update_resume(
    runtime: Runtime, session: Session, user: User, resume_id: uuid.UUID, form: ResumeUpdate
) -> Resume:
    """Change the title and/or the working draft; versions stay as they were."""
    resume = owned(session, user.id, resume_id)
    if form.resume is not None:
        with queries.within_allowance(session, user.id, runtime.settings.storage_per_user_bytes):
            queries.update_draft(session, user.id, resume_id, checked(form.resume))
    if form.title is not None:
        resume.title = form.title
    session.commit()
    resume_changed(runtime, resume_id)
    published.page_changed(runtime, session, resume)
    return resume


def delete_resume(runtime: Runtime, session: Session, user: User, resume_id: uuid.UUID) -> None:
    if not queries.delete_resume(session, user.id, resume_id):
        raise not_found("résumé", resume_id)
    pdf = published.drop(session, user.id, resume_id)  # its public page's stored PDF
    session.commit()
    published.deliver(runtime.blobs, runtime.dispatcher, pdf)
    resume_changed(runtime, resume_id)


def commit_draft(runtime: Runtime, session: Session, user: User, resume_id: uuid.UUID) -> Version:
    """Commit the working draft as an immutable version, whose parent is the newest one; it
    counts against the storage allowance."""
    resume = owned(session, user.id, resume_id)
    versions = queries.list_versions(session, user.id, resume_id)
    parent = versions[0].id if versions else None
    with queries.within_allowance(session, user.id, runtime.settings.storage_per_user_bytes):
        version = queries.add_version(
            session, user.id, resume_id, "commit", resume.draft, parent_id=parent
        )
    assert version is not None, "owned() found the résumé"
    session.commit()
    return version


def resume_public(session: Session, resume: Resume) -> ResumePublic:
    versions = queries.list_versions(session, resume.owner_id, resume.id) or []
    return ResumePublic.model_validate(
        {
            **ResumeSummary.model_validate(resume).model_dump(),
            "version_id": versions[0].id if versions else None,
            "resume": resume.draft,
        }
    )
