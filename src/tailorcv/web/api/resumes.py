"""Résumés: the working draft, its immutable versions, and its public page settings."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, status
from sqlalchemy.orm import Session

from tailorcv.resume import to_dict, validate
from tailorcv.store import queries
from tailorcv.store.models import Resume, Version
from tailorcv.web import published
from tailorcv.web.deps import CurrentUser, Services, ServicesDep, SessionDep
from tailorcv.web.schemas import (
    Items,
    PagePublic,
    PublishRequest,
    ResumeCreate,
    ResumeCreated,
    ResumePublic,
    ResumeSummary,
    ResumeUpdate,
    VersionPublic,
    VersionSummary,
)
from tailorcv.web.work import not_found, resume_changed

router = APIRouter(prefix="/resumes", tags=["résumés"])


def checked(document: dict[str, Any]) -> dict[str, Any]:
    """The document as stored: validated (``InvalidResume`` lists every path) and normalised."""
    return to_dict(validate(document).resume)


def allowance(services: Services) -> int:
    """Bytes one user may keep; saving a draft or a version beyond it is a 413 (issue 16)."""
    return services.settings.storage_per_user_bytes


def owned(session: Session, owner_id: uuid.UUID, resume_id: uuid.UUID) -> Resume:
    resume = queries.get_resume(session, owner_id, resume_id)
    if resume is None:
        raise not_found("résumé", resume_id)
    return resume


def resume_public(session: Session, resume: Resume) -> ResumePublic:
    versions = queries.list_versions(session, resume.owner_id, resume.id) or []
    return ResumePublic.model_validate(
        {
            **ResumeSummary.model_validate(resume).model_dump(),
            "version_id": versions[0].id if versions else None,
            "resume": resume.draft,
        }
    )


def version_public(version: Version) -> VersionPublic:
    summary = VersionSummary.model_validate(version).model_dump()
    return VersionPublic.model_validate({**summary, "resume": version.document})


@router.post("", status_code=status.HTTP_201_CREATED)
def create(
    body: ResumeCreate, user: CurrentUser, session: SessionDep, services: ServicesDep
) -> ResumeCreated:
    """A new résumé; its draft and first version count against the storage allowance."""
    with queries.within_allowance(session, user.id, allowance(services)):
        resume, version = queries.create_resume(
            session, user.id, body.title, checked(body.resume), kind="commit"
        )
    session.commit()
    return ResumeCreated(id=resume.id, title=resume.title, version_id=version.id)


@router.get("")
def list_all(user: CurrentUser, session: SessionDep) -> Items[ResumeSummary]:
    """The owner's résumés, newest first (without their documents)."""
    resumes = queries.list_resumes(session, user.id)
    return Items(items=[ResumeSummary.model_validate(resume) for resume in resumes])


@router.get("/{resume_id}")
def read(resume_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> ResumePublic:
    return resume_public(session, owned(session, user.id, resume_id))


@router.put("/{resume_id}")
def update(
    resume_id: uuid.UUID,
    body: ResumeUpdate,
    user: CurrentUser,
    session: SessionDep,
    services: ServicesDep,
) -> ResumePublic:
    """Change the title and/or the working draft; versions stay as they were."""
    resume = owned(session, user.id, resume_id)
    if body.resume is not None:
        with queries.within_allowance(session, user.id, allowance(services)):
            queries.update_draft(session, user.id, resume_id, checked(body.resume))
    if body.title is not None:
        resume.title = body.title
    session.commit()
    resume_changed(services, resume_id)
    published.page_changed(services, session, resume)
    return resume_public(session, resume)


@router.delete("/{resume_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete(
    resume_id: uuid.UUID, user: CurrentUser, session: SessionDep, services: ServicesDep
) -> None:
    if not queries.delete_resume(session, user.id, resume_id):
        raise not_found("résumé", resume_id)
    pdf = published.drop(session, user.id, resume_id)  # its public page's stored PDF
    session.commit()
    published.deliver(services.blobs, services.dispatcher, pdf)
    resume_changed(services, resume_id)


@router.get("/{resume_id}/versions")
def list_versions(
    resume_id: uuid.UUID, user: CurrentUser, session: SessionDep
) -> Items[VersionSummary]:
    versions = queries.list_versions(session, user.id, resume_id)
    if versions is None:
        raise not_found("résumé", resume_id)
    return Items(items=[VersionSummary.model_validate(version) for version in versions])


@router.post("/{resume_id}/versions", status_code=status.HTTP_201_CREATED)
def commit(
    resume_id: uuid.UUID, user: CurrentUser, session: SessionDep, services: ServicesDep
) -> VersionPublic:
    """Commit the working draft as an immutable version, whose parent is the newest one; it
    counts against the storage allowance."""
    resume = owned(session, user.id, resume_id)
    versions = queries.list_versions(session, user.id, resume_id)
    parent = versions[0].id if versions else None
    with queries.within_allowance(session, user.id, allowance(services)):
        version = queries.add_version(
            session, user.id, resume_id, "commit", resume.draft, parent_id=parent
        )
    assert version is not None, "owned() found the résumé"
    session.commit()
    return version_public(version)


@router.get("/{resume_id}/versions/{version_id}")
def read_version(
    resume_id: uuid.UUID, version_id: uuid.UUID, user: CurrentUser, session: SessionDep
) -> VersionPublic:
    version = queries.get_version(session, user.id, version_id)
    if version is None or version.resume_id != resume_id:
        raise not_found("version", version_id)
    return version_public(version)


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


@router.put("/{resume_id}/publish")
def publish(
    resume_id: uuid.UUID,
    body: PublishRequest,
    user: CurrentUser,
    services: ServicesDep,
    session: SessionDep,
) -> PagePublic:
    """Publish at ``/r/{slug}`` with these privacy settings (each PUT replaces them all)."""
    resume = queries.publish_resume(session, user.id, resume_id, body.slug)
    if resume is None:
        raise not_found("résumé", resume_id)
    password = body.password.get_secret_value() if body.password else None
    resume.password_hash = services.passwords.hash(password) if password else None
    resume.hide_email, resume.hide_phone = body.hide_email, body.hide_phone
    resume.hide_address, resume.noindex = body.hide_address, body.noindex
    resume.expires_at = body.expires_at
    published.ensure_publishable(resume)
    pdf = published.refresh(session, resume)  # its PDF, rendered by a worker (issue 16)
    session.commit()
    published.deliver(services.blobs, services.dispatcher, pdf)
    resume_changed(services, resume_id)
    return page_public(resume)


@router.delete("/{resume_id}/publish", status_code=status.HTTP_204_NO_CONTENT)
def unpublish(
    resume_id: uuid.UUID, user: CurrentUser, session: SessionDep, services: ServicesDep
) -> None:
    resume = queries.unpublish_resume(session, user.id, resume_id)
    if resume is None:
        raise not_found("résumé", resume_id)
    pdf = published.refresh(session, resume)  # deletes the page's stored PDF
    session.commit()
    published.deliver(services.blobs, services.dispatcher, pdf)
    resume_changed(services, resume_id)
