"""Résumés: create one, change its draft, commit a version, delete it, publish its page.

Every change that a cached match or a public page could show drops what was cached about the
résumé (``work.resume_changed``); publishing renders the page's PDF in a worker (issue 16).
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from tailorcv.resume import to_dict, validate
from tailorcv.service import photo_store, published
from tailorcv.service.runtime import Runtime
from tailorcv.service.schemas import (
    PagePublic,
    PublishRequest,
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
    photo_store.drop_unused(runtime, session, user.id)  # its photos, unless shown elsewhere
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


def publish(
    runtime: Runtime, session: Session, user: User, resume_id: uuid.UUID, form: PublishRequest
) -> Resume:
    """Publish at ``/r/{slug}`` with these privacy settings (each call replaces them all)."""
    resume = queries.publish_resume(session, user.id, resume_id, form.slug)
    if resume is None:
        raise not_found("résumé", resume_id)
    password = form.password.get_secret_value() if form.password else None
    resume.password_hash = runtime.passwords.hash(password) if password else None
    resume.hide_email, resume.hide_phone = form.hide_email, form.hide_phone
    resume.hide_address, resume.noindex = form.hide_address, form.noindex
    resume.expires_at = form.expires_at
    published.ensure_publishable(resume)
    pdf = published.refresh(session, resume)  # its PDF, rendered by a worker (issue 16)
    session.commit()
    published.deliver(runtime.blobs, runtime.dispatcher, pdf)
    resume_changed(runtime, resume_id)
    return resume


def unpublish(runtime: Runtime, session: Session, user: User, resume_id: uuid.UUID) -> None:
    resume = queries.unpublish_resume(session, user.id, resume_id)
    if resume is None:
        raise not_found("résumé", resume_id)
    pdf = published.refresh(session, resume)  # deletes the page's stored PDF
    session.commit()
    published.deliver(runtime.blobs, runtime.dispatcher, pdf)
    resume_changed(runtime, resume_id)


def resume_public(session: Session, resume: Resume) -> ResumePublic:
    versions = queries.list_versions(session, resume.owner_id, resume.id) or []
    return ResumePublic.model_validate(
        {
            **ResumeSummary.model_validate(resume).model_dump(),
            "version_id": versions[0].id if versions else None,
            "resume": resume.draft,
        }
    )


def page_public(resume: Resume) -> PagePublic:
    assert resume.slug is not None
    return PagePublic(
        slug=resume.slug,
        url=f"/r/{resume.slug}",
        hide_email=resume.hide_email,
        hide_phone=resume.hide_phone,
        hide_address=resume.hide_address,
        protected=resume.password_hash is not None,
        expires_at=resume.expires_at,
        noindex=resume.noindex,
        view_count=resume.view_count,
    )
