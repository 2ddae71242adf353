"""Every read and write of user data, each scoped by owner.

Each function takes a ``Session`` and, for anything user-owned, the ``owner_id`` of the person
asking; a foreign or unknown id gives ``None`` (the web layer answers 404, never 403, so an id
reveals nothing). Nothing here commits: the caller decides the transaction, which is how a task
row is written in the same transaction as the data it works on. Accounts, files, task rows and
worker heartbeats are in ``account_queries.py``, ``file_queries.py``, ``task_queries.py`` and
``worker_queries.py``, re-exported here so that callers import one module.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from tailorcv.errors import EmailTaken, SlugTaken
from tailorcv.store.account_queries import (
    create_api_token,
    create_user,
    get_profile,
    get_user,
    get_user_by_email,
    list_api_tokens,
    revoke_api_token,
    token_hash,
    user_for_token,
)
from tailorcv.store.file_queries import (
    StagedBlobs,
    StorageUse,
    add_file,
    delete_file,
    ensure_room,
    expired_files,
    get_file,
    list_files,
    mentioned,
    orphaned_keys,
    release_upload,
    staged_blobs,
    storage_usage,
    storage_used,
    too_large,
    unused_photos,
    upload_of,
    within_allowance,
)
from tailorcv.store.models import (
    ApiToken,
    Batch,
    BatchItem,
    File,
    Job,
    Profile,
    Resume,
    Task,
    User,
    Version,
    utcnow,
)
from tailorcv.store.task_queries import (
    active_tasks,
    backoff_seconds,
    bury_lost_tasks,
    cancel_task,
    claim_task,
    create_task,
    fail_task,
    finish_task,
    get_task,
    list_tasks,
    list_tasks_by_status,
    queue_stats,
    recoverable_tasks,
    renew_lease,
    retry_task,
)
from tailorcv.store.worker_queries import (
    forget_worker,
    forget_workers,
    public_queue_url,
    record_heartbeat,
    workers_seen,
)

__all__ = [
    "EmailTaken",
    "SlugTaken",
    "StagedBlobs",
    "StorageUse",
    "active_tasks",
    "add_file",
    "add_version",
    "backoff_seconds",
    "bury_lost_tasks",
    "cancel_task",
    "claim_task",
    "content_hash",
    "count_view",
    "create_api_token",
    "create_job",
    "create_resume",
    "create_task",
    "create_user",
    "delete_file",
    "delete_job",
    "delete_resume",
    "delete_user",
    "ensure_room",
    "expired_files",
    "fail_task",
    "finish_task",
    "forget_worker",
    "forget_workers",
    "get_file",
    "get_job",
    "get_profile",
    "get_published",
    "get_resume",
    "get_task",
    "get_user",
    "get_user_by_email",
    "get_version",
    "list_api_tokens",
    "list_files",
    "list_jobs",
    "list_resumes",
    "list_tasks",
    "list_tasks_by_status",
    "list_versions",
    "lock_resume",
    "mentioned",
    "orphaned_keys",
    "public_queue_url",
    "publish_resume",
    "published_row",
    "queue_stats",
    "record_heartbeat",
    "recoverable_tasks",
    "release_upload",
    "renew_lease",
    "retry_task",
    "revoke_api_token",
    "staged_blobs",
    "storage_usage",
    "storage_used",
    "token_hash",
    "too_large",
    "unpublish_resume",
    "unused_photos",
    "update_draft",
    "upload_of",
    "user_for_token",
    "version_with_content",
    "within_allowance",
    "workers_seen",
]


def content_hash(document: Any) -> str:
    """SHA-256 of a JSON document in canonical form, so equal documents hash equal."""
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


# Résumés and versions


def create_resume(
    session: Session,
    owner_id: uuid.UUID,
    title: str,
    document: dict[str, Any],
    kind: str = "imported",
    *,
    batch_id: uuid.UUID | None = None,
) -> tuple[Resume, Version]:
    """A résumé whose draft is ``document``, and its first version, in one transaction; with
    ``batch_id``, a candidate's résumé that belongs to that batch (issue 19)."""
    resume = Resume(owner_id=owner_id, title=title, draft=document, batch_id=batch_id)
    session.add(resume)
    session.flush()
    version = Version(
        resume_id=resume.id, kind=kind, document=document, content_hash=content_hash(document)
    )
    session.add(version)
    session.flush()
    return resume, version


def get_resume(session: Session, owner_id: uuid.UUID, resume_id: uuid.UUID) -> Resume | None:
    return _owned(session, Resume, owner_id, resume_id)


def lock_resume(session: Session, owner_id: uuid.UUID, resume_id: uuid.UUID) -> Resume | None:
    """The owner's résumé read afresh with its row locked until the transaction ends, so that
    what is checked on it (the draft a save started from) still holds when the change is
    written. The lock is a write that changes nothing: PostgreSQL locks the row, SQLite takes
    its write lock; a ``SELECT … FOR UPDATE`` would do neither on SQLite."""
    touched = session.execute(
        update(Resume)
        .where(Resume.id == resume_id, Resume.owner_id == owner_id)
        .values(title=Resume.title)
        .execution_options(synchronize_session=False)
    )
    if not getattr(touched, "rowcount", 0):
        return None
    query = select(Resume).where(Resume.id == resume_id).execution_options(populate_existing=True)
    return session.scalars(query).one()


def list_resumes(
    session: Session, owner_id: uuid.UUID, limit: int = 100, *, with_candidates: bool = False
) -> Sequence[Resume]:
    """The owner's own résumés, newest first: what every "my résumés" list and picker shows.
    A batch's candidates (``batch_id`` set) are the batch's, not the owner's (issue 19); only
    the account's export and erasure ask ``with_candidates``."""
    query = select(Resume).where(Resume.owner_id == owner_id)
    if not with_candidates:
        query = query.where(Resume.batch_id.is_(None))
    query = query.order_by(Resume.created_at.desc(), Resume.id).limit(limit)
    return session.scalars(query).all()


def update_draft(
    session: Session, owner_id: uuid.UUID, resume_id: uuid.UUID, document: dict[str, Any]
) -> Resume | None:
    resume = get_resume(session, owner_id, resume_id)
    if resume is not None:
        resume.draft = document
    return resume


def delete_resume(session: Session, owner_id: uuid.UUID, resume_id: uuid.UUID) -> bool:
    """Delete a résumé with its versions; False when it is not the owner's."""
    if get_resume(session, owner_id, resume_id) is None:
        return False
    session.execute(delete(Version).where(Version.resume_id == resume_id))
    session.execute(delete(Resume).where(Resume.id == resume_id))
    return True


def add_version(
    session: Session,
    owner_id: uuid.UUID,
    resume_id: uuid.UUID,
    kind: str,
    document: dict[str, Any],
    *,
    parent_id: uuid.UUID | None = None,
    job_id: uuid.UUID | None = None,
) -> Version | None:
    """A new immutable version; None when the résumé, the parent (which must be a version of the
    same résumé) or the job is not the owner's."""
    if get_resume(session, owner_id, resume_id) is None:
        return None
    parent = get_version(session, owner_id, parent_id) if parent_id else None
    if parent_id and (parent is None or parent.resume_id != resume_id):
        return None
    if job_id and get_job(session, owner_id, job_id) is None:
        return None
    version = Version(
        resume_id=resume_id,
        kind=kind,
        document=document,
        content_hash=content_hash(document),
        parent_id=parent_id,
        job_id=job_id,
    )
    session.add(version)
    session.flush()
    return version


def get_version(session: Session, owner_id: uuid.UUID, version_id: uuid.UUID) -> Version | None:
    query = (
        select(Version)
        .join(Resume, Resume.id == Version.resume_id)
        .where(Version.id == version_id, Resume.owner_id == owner_id)
    )
    return session.scalars(query).one_or_none()


def list_versions(
    session: Session, owner_id: uuid.UUID, resume_id: uuid.UUID
) -> Sequence[Version] | None:
    """A résumé's versions, newest first; None when the résumé is not the owner's."""
    if get_resume(session, owner_id, resume_id) is None:
        return None
    query = (
        select(Version)
        .where(Version.resume_id == resume_id)
        .order_by(Version.created_at.desc(), Version.id)
    )
    return session.scalars(query).all()


def version_with_content(
    session: Session, owner_id: uuid.UUID, resume_id: uuid.UUID, digest: str
) -> Version | None:
    """The résumé's newest version whose ``content_hash`` is ``digest``, if it is the owner's."""
    query = (
        select(Version)
        .join(Resume, Resume.id == Version.resume_id)
        .where(
            Resume.id == resume_id,
            Resume.owner_id == owner_id,
            Version.content_hash == digest,
        )
        .order_by(Version.created_at.desc(), Version.id)
        .limit(1)
    )
    return session.scalars(query).first()


def publish_resume(
    session: Session, owner_id: uuid.UUID, resume_id: uuid.UUID, slug: str
) -> Resume | None:
    """Give the résumé a public address; ``SlugTaken`` when another résumé has it. The page
    shows ``published_version_id``, which the caller sets."""
    resume = get_resume(session, owner_id, resume_id)
    if resume is None:
        return None
    holder = session.scalars(select(Resume.id).where(Resume.slug == slug)).one_or_none()
    if holder is not None and holder != resume_id:
        raise SlugTaken(f"/r/{slug} is taken; choose another address")
    resume.slug = slug
    return resume


def unpublish_resume(session: Session, owner_id: uuid.UUID, resume_id: uuid.UUID) -> Resume | None:
    resume = get_resume(session, owner_id, resume_id)
    if resume is not None:
        resume.slug = None
        resume.published_version_id = None
    return resume


def get_published(session: Session, slug: str, now: datetime | None = None) -> Resume | None:
    """The résumé published at ``slug``, unless its page has expired. Public: no owner."""
    resume = session.scalars(select(Resume).where(Resume.slug == slug)).one_or_none()
    if resume is None or (resume.expires_at is not None and resume.expires_at <= (now or utcnow())):
        return None
    return resume


def published_row(
    session: Session, slug: str, now: datetime | None = None
) -> tuple[uuid.UUID, uuid.UUID, bool, bool, bool, str | None, bool] | None:
    """What a public page needs of the row published at ``slug``, without its document: id,
    the published version's id, the hide flags (email, phone, address), password hash and
    ``noindex``. None when nothing is published there, no version is, its page has expired, or
    its owner's account is disabled (issue 19: kept, and shown again once the account is
    enabled). Public: no owner."""
    query = select(
        Resume.id,
        Resume.published_version_id,
        Resume.hide_email,
        Resume.hide_phone,
        Resume.hide_address,
        Resume.password_hash,
        Resume.noindex,
        Resume.expires_at,
    ).where(Resume.slug == slug)
    query = query.join(User, User.id == Resume.owner_id).where(User.disabled_at.is_(None))
    row = session.execute(query).one_or_none()
    if row is None or row[1] is None:
        return None
    if row.expires_at is not None and row.expires_at <= (now or utcnow()):
        return None
    return (row[0], row[1], row[2], row[3], row[4], row[5], row[6])


def count_view(session: Session, resume_id: uuid.UUID) -> None:
    """Add one view in a single UPDATE (no lost counts under concurrency; no visitor stored)."""
    session.execute(
        update(Resume).where(Resume.id == resume_id).values(view_count=Resume.view_count + 1)
    )


# Jobs


def create_job(
    session: Session,
    owner_id: uuid.UUID,
    text: str,
    analysis: dict[str, Any],
    *,
    title: str = "",
    company: str = "",
) -> Job:
    job = Job(
        owner_id=owner_id,
        title=title,
        company=company,
        text=text,
        analysis=analysis,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
    )
    session.add(job)
    session.flush()
    return job


def get_job(session: Session, owner_id: uuid.UUID, job_id: uuid.UUID) -> Job | None:
    return _owned(session, Job, owner_id, job_id)


def list_jobs(session: Session, owner_id: uuid.UUID, limit: int = 100) -> Sequence[Job]:
    return _newest(session, Job, owner_id, limit)


def delete_job(session: Session, owner_id: uuid.UUID, job_id: uuid.UUID) -> bool:
    """Delete a job; versions tailored for it keep their document and lose the link."""
    if get_job(session, owner_id, job_id) is None:
        return False
    session.execute(delete(Job).where(Job.id == job_id))
    return True


# Erasure


def delete_user(session: Session, user_id: uuid.UUID) -> list[str]:
    """Erase a user and every row they own; return the blob keys no one uses any more, for the
    caller to delete from the blob store once the transaction has committed. (A blob of theirs
    that no row named, or whose delete failed, goes with the periodic orphan sweep.) Batches
    are deleted here rather than left to the cascade, items first: no row is updated to point
    at nothing on the way."""
    keys = session.scalars(select(File.key).where(File.owner_id == user_id)).all()
    resumes = select(Resume.id).where(Resume.owner_id == user_id).scalar_subquery()
    session.execute(delete(Version).where(Version.resume_id.in_(resumes)))
    for model in (BatchItem, Batch, Task, File, Job, Resume, ApiToken):
        session.execute(delete(model).where(model.owner_id == user_id))
    session.execute(delete(Profile).where(Profile.user_id == user_id))
    session.execute(delete(User).where(User.id == user_id))
    session.expire_all()
    return orphaned_keys(session, keys)


# Helpers

M = TypeVar("M", Resume, Job)
Listed = TypeVar("Listed", Resume, Job)


def _owned(session: Session, model: type[M], owner_id: uuid.UUID, row_id: uuid.UUID) -> M | None:
    """The row with ``row_id`` if ``owner_id`` owns it; None for a foreign or unknown id."""
    row = session.get(model, row_id)
    return row if row is not None and row.owner_id == owner_id else None


def _newest(
    session: Session, model: type[Listed], owner_id: uuid.UUID, limit: int
) -> Sequence[Listed]:
    query = (
        select(model)
        .where(model.owner_id == owner_id)
        .order_by(model.created_at.desc(), model.id)
        .limit(limit)
    )
    return session.scalars(query).all()
