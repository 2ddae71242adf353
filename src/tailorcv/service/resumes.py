"""Résumés: create one, change its draft, commit a version, restore one, duplicate it, delete
it (publishing its page: ``service.publishing``).

Every change that a cached match could show drops what was cached about the résumé
(``work.resume_changed``); a public page shows a published version, not the draft (issue 19).

A save may say which draft it started from (its ``base``: the ``revision`` it read, the API's
ETag): one made over a newer draft is refused (``DraftChanged``), so that two tabs, the editor's
two panels or two API clients never silently undo each other's work (issue 19). A restore keeps
the working draft as a version first, so that it can be undone from the history.
"""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from tailorcv.errors import DraftChanged, InvalidResume
from tailorcv.resume import to_dict, validate
from tailorcv.resume.contacts import contact_problems
from tailorcv.service import photo_store, published
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

COPY_OF = "Copy of "


def checked(document: dict[str, Any]) -> dict[str, Any]:
    """A person's document as stored: validated (``InvalidResume`` lists every path, an e-mail
    or web address that is not one included) and normalised. Imports and restores keep such an
    address, with a warning: only what a person types is refused for it."""
    resume = validate(document).resume
    if problems := contact_problems(resume):
        raise InvalidResume(problems)
    return to_dict(resume)


def revision(title: str, draft: dict[str, Any]) -> str:
    """What a save says it started from: the hash of the title and the draft (the API's ETag).
    Equal content gives an equal revision, whoever saved it and however it was formatted."""
    return queries.content_hash({"title": title, "resume": draft})


def revision_of(resume: Resume) -> str:
    return revision(resume.title, resume.draft)


def owned(session: Session, owner_id: uuid.UUID, resume_id: uuid.UUID) -> Resume:
    resume = queries.get_resume(session, owner_id, resume_id)
    if resume is None:
        raise not_found("résumé", resume_id)
    return resume


def create_resume(
    runtime: Runtime, session: Session, user: User, form: ResumeCreate
) -> tuple[Resume, Version]:
    """A new résumé; its draft and first version count against the storage allowance."""
    return _new_resume(runtime, session, user, form.title, checked(form.resume))


def duplicate_resume(
    runtime: Runtime, session: Session, user: User, resume_id: uuid.UUID
) -> tuple[Resume, Version]:
    """A new résumé, "Copy of …", with the same working draft: not its versions (it starts
    with one, of that draft), not its page. It counts as creating one does."""
    source = owned(session, user.id, resume_id)
    title = (COPY_OF + source.title)[:200]
    return _new_resume(runtime, session, user, title, copy.deepcopy(source.draft))


def _new_resume(
    runtime: Runtime, session: Session, user: User, title: str, document: dict[str, Any]
) -> tuple[Resume, Version]:
    with queries.within_allowance(session, user.id, runtime.settings.storage_per_user_bytes):
        resume, version = queries.create_resume(session, user.id, title, document, kind="commit")
    session.commit()
    return resume, version


def update_resume(
    runtime: Runtime,
    session: Session,
    user: User,
    resume_id: uuid.UUID,
    form: ResumeUpdate,
    *,
    base: str | frozenset[str] | None = None,
) -> Resume:
    """Change the title and/or the working draft; versions stay as they were. With ``base``
    (the ``revision`` the change started from, or those any of which it may start from: an
    ``If-Match`` list), a change over a newer draft is refused."""
    document = checked(form.resume) if form.resume is not None else None
    if base is None:
        resume = owned(session, user.id, resume_id)
    else:
        resume = _unchanged(session, user, resume_id, base, (form.title, document))
    if document is not None:
        with queries.within_allowance(session, user.id, runtime.settings.storage_per_user_bytes):
            queries.update_draft(session, user.id, resume_id, document)
    if form.title is not None:
        resume.title = form.title
    session.commit()
    resume_changed(runtime, resume_id)
    published.page_changed(runtime, session, resume)
    return resume


def _locked(session: Session, user: User, resume_id: uuid.UUID) -> Resume:
    """The résumé read afresh and locked until the commit (``queries.lock_resume``)."""
    resume = queries.lock_resume(session, user.id, resume_id)
    if resume is None:
        session.rollback()
        raise not_found("résumé", resume_id)
    return resume


def _unchanged(
    session: Session,
    user: User,
    resume_id: uuid.UUID,
    base: str | frozenset[str],
    change: tuple[str | None, dict[str, Any] | None],
) -> Resume:
    """The résumé, locked, when its revision is still ``base`` (one of them), or when
    ``change`` (a title, a draft) would leave it as it is: a change already made is no conflict
    (a form posted again by a reload, one edit made in two tabs; RFC 9110 allows a 2xx for it).
    Else ``DraftChanged``."""
    resume = _locked(session, user, resume_id)
    current = revision_of(resume)
    title, document = change
    after = revision(
        resume.title if title is None else title, resume.draft if document is None else document
    )
    bases = {base} if isinstance(base, str) else base
    if current != after and current not in bases:
        session.rollback()  # the lock
        raise DraftChanged(
            "this résumé was changed since you loaded it (another tab, the editor's other "
            "panel or another client); load it again and redo your change on top, or send its "
            "current ETag in If-Match to replace it",
            {"ETag": etag(current)},
        )
    return resume


def etag(current: str) -> str:
    """A revision as an HTTP entity tag (strong: equal tags, equal title and draft)."""
    return f'"{current}"'


@dataclass(frozen=True)
class Restored:
    """A restore's outcome: ``kept`` is the working draft kept as a version first (None when
    a version already held it)."""

    resume: Resume
    kept: Version | None


def restore_version(
    runtime: Runtime, session: Session, user: User, resume_id: uuid.UUID, version_id: uuid.UUID
) -> Restored:
    """Make a version's document the working draft again. The draft it replaces is kept as a
    version first, unless a version already holds it: a restore can itself be undone from the
    history. That version counts against the storage allowance (a restore refused for room
    loses nothing)."""
    resume = _locked(session, user, resume_id)
    version = queries.get_version(session, user.id, version_id)
    if version is None or version.resume_id != resume.id:
        session.rollback()
        raise not_found("version", version_id)
    with queries.within_allowance(session, user.id, runtime.settings.storage_per_user_bytes):
        kept = _keep_draft(session, user, resume)
        queries.update_draft(session, user.id, resume.id, copy.deepcopy(version.document))
    session.commit()
    resume_changed(runtime, resume.id)
    published.page_changed(runtime, session, resume)
    return Restored(resume, kept)


def _keep_draft(session: Session, user: User, resume: Resume) -> Version | None:
    versions = queries.list_versions(session, user.id, resume.id) or []
    if queries.content_hash(resume.draft) in {version.content_hash for version in versions}:
        return None
    parent = versions[0].id if versions else None
    return queries.add_version(session, user.id, resume.id, "draft", resume.draft, parent_id=parent)


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


def resume_public(session: Session, resume: Resume) -> ResumePublic:
    versions = queries.list_versions(session, resume.owner_id, resume.id) or []
    return ResumePublic.model_validate(
        {
            **ResumeSummary.model_validate(resume).model_dump(),
            "version_id": versions[0].id if versions else None,
            "resume": resume.draft,
        }
    )
