"""Publishing a résumé's public page: which version it shows, at which address, how.

A page shows a version its owner chose to publish, never the working draft (issue 19): before,
every autosave was public at once. Publishing "the current draft" (the default) first commits
the draft as a version (kind ``commit``, as the editor's "Commit" does) unless one of the
résumé's versions already holds the same content, then publishes that version; the page stays
as it is through any number of edits until the owner publishes again. What the page shows of
the version, and its PDF, is ``service.published``.
"""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from tailorcv.errors import Conflict
from tailorcv.service import published, resumes
from tailorcv.service.resumes import owned
from tailorcv.service.runtime import Runtime
from tailorcv.service.schemas import PagePublic, PublishRequest
from tailorcv.service.work import not_found, resume_changed
from tailorcv.store import queries
from tailorcv.store.models import Resume, User, Version


def publish(
    runtime: Runtime,
    session: Session,
    user: User,
    resume_id: uuid.UUID,
    form: PublishRequest,
    *,
    keep_password: bool = False,
) -> Resume:
    """Publish ``form.version_id`` (default: the current draft, kept as a version) at
    ``/r/{slug}`` with these options; each call replaces them all, but ``keep_password`` keeps
    the page's password when the form gives none (the page's form never shows it)."""
    resume = owned(session, user.id, resume_id)
    # SlugTaken before anything is kept: the draft's commit below commits these too.
    queries.publish_resume(session, user.id, resume.id, form.slug)
    password = form.password.get_secret_value() if form.password else None
    if password or not keep_password:
        resume.password_hash = runtime.passwords.hash(password) if password else None
    resume.hide_email, resume.hide_phone = form.hide_email, form.hide_phone
    resume.hide_address, resume.noindex = form.hide_address, form.noindex
    resume.expires_at = form.expires_at
    version = chosen_version(runtime, session, user, resume, form.version_id)
    resume.published_version_id = version.id
    return _shown(runtime, session, resume, version)


def republish(
    runtime: Runtime,
    session: Session,
    user: User,
    resume_id: uuid.UUID,
    version_id: uuid.UUID | None = None,
) -> Resume:
    """Show another version (default: the current draft) on a published page, its address and
    options unchanged; 409 when the résumé is not published."""
    resume = owned(session, user.id, resume_id)
    if resume.slug is None:
        raise not_published(resume_id)
    version = chosen_version(runtime, session, user, resume, version_id)
    resume.published_version_id = version.id
    return _shown(runtime, session, resume, version)


def unpublish(runtime: Runtime, session: Session, user: User, resume_id: uuid.UUID) -> None:
    resume = queries.unpublish_resume(session, user.id, resume_id)
    if resume is None:
        raise not_found("résumé", resume_id)
    pdf = published.refresh(session, resume)  # deletes the page's stored PDF
    session.commit()
    published.deliver(runtime.blobs, runtime.dispatcher, pdf)
    resume_changed(runtime, resume_id)


def _shown(runtime: Runtime, session: Session, resume: Resume, version: Version) -> Resume:
    """Check the page's size, queue its PDF, commit, and drop what was cached of the page."""
    published.ensure_publishable(version.document, published.hidden_of(resume))
    pdf = published.refresh(session, resume)  # its PDF, rendered by a worker (issue 16)
    session.commit()
    published.deliver(runtime.blobs, runtime.dispatcher, pdf)
    resume_changed(runtime, resume.id)
    return resume


def chosen_version(
    runtime: Runtime,
    session: Session,
    user: User,
    resume: Resume,
    version_id: uuid.UUID | None,
) -> Version:
    """The named version of this résumé (404 for any other), or the current draft's; a draft
    too large for a page is refused before it is kept."""
    if version_id is None:
        published.ensure_publishable(resume.draft, published.hidden_of(resume))
        return draft_version(runtime, session, user, resume)
    version = queries.get_version(session, user.id, version_id)
    if version is None or version.resume_id != resume.id:
        raise not_found("version", version_id)
    return version


def draft_version(runtime: Runtime, session: Session, user: User, resume: Resume) -> Version:
    """A version holding the draft: the newest one with its content, or the draft committed
    as a new version (``resumes.commit_draft``: its own transaction, within the allowance)."""
    same = queries.version_with_content(
        session, user.id, resume.id, queries.content_hash(resume.draft)
    )
    return same or resumes.commit_draft(runtime, session, user, resume.id)


def not_published(resume_id: uuid.UUID) -> Conflict:
    return Conflict(f"résumé {resume_id} is not published; publish it with an address first")


def page_public(session: Session, resume: Resume) -> PagePublic:
    """The page's settings and the version it shows; 404 when the résumé is not published."""
    version = published.published_version(session, resume)
    if resume.slug is None or version is None:
        raise not_found("public page of résumé", resume.id)
    return PagePublic(
        slug=resume.slug,
        url=f"/r/{resume.slug}",
        version_id=version.id,
        published_at=version.created_at,
        draft_changed=version.content_hash != queries.content_hash(resume.draft),
        hide_email=resume.hide_email,
        hide_phone=resume.hide_phone,
        hide_address=resume.hide_address,
        protected=resume.password_hash is not None,
        expires_at=resume.expires_at,
        noindex=resume.noindex,
        view_count=resume.view_count,
    )
