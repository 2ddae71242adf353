"""Résumés: the working draft, its immutable versions (``service.resumes``), and its public
page: the version it shows and its settings (``service.publishing``).

A résumé's ETag is its revision (the hash of its title and draft, ``service.resumes.revision``):
``GET`` and ``PUT`` send it, and a ``PUT`` with ``If-Match`` is refused with 412 when the résumé
changed since (issue 19), the current ETag in the answer. Without ``If-Match`` the last write
wins, as before.
"""

from __future__ import annotations

import re
import uuid
from typing import Annotated

from fastapi import APIRouter, Header, Response, status

from tailorcv.service import publishing, resumes
from tailorcv.service.resumes import etag, owned, resume_public, revision_of
from tailorcv.service.schemas import (
    Items,
    PagePublic,
    PublishRequest,
    PublishVersion,
    ResumeCreate,
    ResumeCreated,
    ResumePublic,
    ResumeSummary,
    ResumeUpdate,
    VersionPublic,
    VersionSummary,
)
from tailorcv.service.work import not_found
from tailorcv.store import queries
from tailorcv.store.models import Version
from tailorcv.web.deps import CurrentUser, ServicesDep, SessionDep

router = APIRouter(prefix="/resumes", tags=["résumés"])


def version_public(version: Version) -> VersionPublic:
    summary = VersionSummary.model_validate(version).model_dump()
    return VersionPublic.model_validate({**summary, "resume": version.document})


IfMatch = Annotated[
    str | None,
    Header(description="The ETag the change starts from; 412 when the résumé changed since."),
]


_ENTITY_TAG = re.compile(r'(W/)?"([^"]*)"')


def if_match_revisions(value: str | None) -> frozenset[str] | None:
    """The revisions an ``If-Match`` names: None for none or ``*`` (any), else each strong
    entity tag of its list. A weak one (``W/"…"``) or a bare word matches nothing, as RFC 9110
    compares them strongly; a header of only those names no revision at all."""
    if value is None or value.strip() == "*":
        return None
    return frozenset(tag for weak, tag in _ENTITY_TAG.findall(value) if not weak)


@router.post("", status_code=status.HTTP_201_CREATED)
def create(
    body: ResumeCreate,
    user: CurrentUser,
    session: SessionDep,
    services: ServicesDep,
    response: Response,
) -> ResumeCreated:
    """A new résumé; its draft and first version count against the storage allowance."""
    resume, version = resumes.create_resume(services, session, user, body)
    response.headers["ETag"] = etag(revision_of(resume))
    return ResumeCreated(id=resume.id, title=resume.title, version_id=version.id)


@router.get("")
def list_all(user: CurrentUser, session: SessionDep) -> Items[ResumeSummary]:
    """The owner's résumés, newest first (without their documents)."""
    found = queries.list_resumes(session, user.id)
    return Items(items=[ResumeSummary.model_validate(resume) for resume in found])


@router.get("/{resume_id}")
def read(
    resume_id: uuid.UUID, user: CurrentUser, session: SessionDep, response: Response
) -> ResumePublic:
    """The résumé with its working draft; its ETag is what a ``PUT`` sends in ``If-Match``."""
    resume = owned(session, user.id, resume_id)
    response.headers["ETag"] = etag(revision_of(resume))
    return resume_public(session, resume)


@router.put("/{resume_id}")
def update(
    resume_id: uuid.UUID,
    body: ResumeUpdate,
    user: CurrentUser,
    session: SessionDep,
    services: ServicesDep,
    response: Response,
    if_match: IfMatch = None,
) -> ResumePublic:
    """Change the title and/or the working draft; versions stay as they were. With
    ``If-Match``, only over the résumé that ETag names: else 412, nothing saved."""
    base = if_match_revisions(if_match)
    resume = resumes.update_resume(services, session, user, resume_id, body, base=base)
    response.headers["ETag"] = etag(revision_of(resume))
    return resume_public(session, resume)


@router.post("/{resume_id}/duplicate", status_code=status.HTTP_201_CREATED)
def duplicate(
    resume_id: uuid.UUID,
    user: CurrentUser,
    session: SessionDep,
    services: ServicesDep,
    response: Response,
) -> ResumeCreated:
    """A new résumé, "Copy of …", with the same working draft (not its versions: it starts
    with one of that draft; not its page); it counts against the storage allowance as
    creating one does."""
    resume, version = resumes.duplicate_resume(services, session, user, resume_id)
    response.headers["ETag"] = etag(revision_of(resume))
    return ResumeCreated(id=resume.id, title=resume.title, version_id=version.id)


@router.delete("/{resume_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete(
    resume_id: uuid.UUID, user: CurrentUser, session: SessionDep, services: ServicesDep
) -> None:
    resumes.delete_resume(services, session, user, resume_id)


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
    return version_public(resumes.commit_draft(services, session, user, resume_id))


@router.get("/{resume_id}/versions/{version_id}")
def read_version(
    resume_id: uuid.UUID, version_id: uuid.UUID, user: CurrentUser, session: SessionDep
) -> VersionPublic:
    version = queries.get_version(session, user.id, version_id)
    if version is None or version.resume_id != resume_id:
        raise not_found("version", version_id)
    return version_public(version)


@router.get("/{resume_id}/publish")
def read_page(resume_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> PagePublic:
    """The public page: its settings, the version it shows, and whether the draft has changed
    since (404 when the résumé is not published)."""
    return publishing.page_public(session, owned(session, user.id, resume_id))


@router.put("/{resume_id}/publish")
def publish(
    resume_id: uuid.UUID,
    body: PublishRequest,
    user: CurrentUser,
    services: ServicesDep,
    session: SessionDep,
) -> PagePublic:
    """Publish a version (default: the current draft, kept as a version first) at
    ``/r/{slug}`` with these privacy settings (each PUT replaces them all). Later edits of the
    draft are not public until it is published again."""
    resume = publishing.publish(services, session, user, resume_id, body)
    return publishing.page_public(session, resume)


@router.post("/{resume_id}/publish/version")
def publish_version(
    resume_id: uuid.UUID,
    body: PublishVersion,
    user: CurrentUser,
    services: ServicesDep,
    session: SessionDep,
) -> PagePublic:
    """Show another version on the published page (default: the current draft, kept as a
    version first), its address and settings unchanged; 409 when it is not published."""
    resume = publishing.republish(services, session, user, resume_id, body.version_id)
    return publishing.page_public(session, resume)


@router.delete("/{resume_id}/publish", status_code=status.HTTP_204_NO_CONTENT)
def unpublish(
    resume_id: uuid.UUID, user: CurrentUser, session: SessionDep, services: ServicesDep
) -> None:
    publishing.unpublish(services, session, user, resume_id)
