"""Files, and the storage allowance (re-exported by ``queries``).

File rows point at blobs by content key. Equal bytes share one blob, so deleting a row hands back
only the keys no row uses any more, and the caller deletes those blobs after the commit (a
rolled-back delete must not lose a blob).

The allowance (``storage_per_user_bytes``) counts everything a user keeps: the files, and the
résumé documents and job ads held in the database (issue 16: a 9.4 MB draft was accepted three
times when only files counted). Documents are measured in SQL as the bytes of their JSON text,
so a check costs one query and reads no document into Python.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, LargeBinary, Text, cast, delete, func, select
from sqlalchemy.orm import Session

from tailorcv.errors import TooLarge
from tailorcv.ops.logs import get_logger
from tailorcv.store.blobs import BlobStore, blob_key
from tailorcv.store.models import File, Job, Resume, Task, Version, utcnow

log = get_logger(__name__)
CHUNK = 500  # keys per IN (...) list: SQLite allows 32,766 parameters, PostgreSQL 65,535


def add_file(
    session: Session,
    owner_id: uuid.UUID,
    key: str,
    content_type: str,
    size: int,
    *,
    expires_at: datetime | None = None,
) -> File:
    """The owner's row for blob ``key``; the same bytes stored twice give the same row, which
    lives as long as the longer-lived of the two (``None``: kept until deleted)."""
    query = select(File).where(File.owner_id == owner_id, File.key == key)
    existing = session.scalars(query).one_or_none()
    if existing is not None:
        if existing.expires_at is not None:
            existing.expires_at = (
                None if expires_at is None else max(existing.expires_at, expires_at)
            )
        return existing
    file = File(
        owner_id=owner_id, key=key, content_type=content_type, size=size, expires_at=expires_at
    )
    session.add(file)
    session.flush()
    return file


def upload_of(session: Session, owner_id: uuid.UUID, key: str) -> File | None:
    """The owner's file row for blob ``key`` (an import's upload), if it has not expired."""
    query = select(File).where(File.owner_id == owner_id, File.key == key)
    file = session.scalars(query).one_or_none()
    if file is None or (file.expires_at is not None and _aware(file.expires_at) <= utcnow()):
        return None
    return file


# Imports whose upload is still needed: one to run, one that made a résumé (its upload is kept
# with it), one an admin may retry (``dead``).
NEEDS_UPLOAD = ("queued", "running", "succeeded", "dead")


def release_upload(
    session: Session, owner_id: uuid.UUID, key: str, task_id: uuid.UUID, until: datetime
) -> None:
    """After import ``task_id`` failed, keep its upload ``key`` only ``until`` then (the
    periodic cleanup deletes it; issue 18: a refused file is kept for as long as the person may
    insist on importing it, and no longer), unless another of the owner's imports of the same
    bytes still needs it. A file row shared with something that expires later keeps the later
    expiry (a batch's copy). A public page's PDF uploaded back and refused is expired with it;
    the page renders it again when asked (``service.published``)."""
    query = select(File).where(File.owner_id == owner_id, File.key == key)
    file = session.scalars(query).one_or_none()
    if file is None:
        return
    others = select(Task.id).where(
        Task.owner_id == owner_id,
        Task.kind == "import",
        Task.id != task_id,
        Task.status.in_(NEEDS_UPLOAD),
        Task.payload["file_key"].as_string() == key,
    )
    if session.scalars(others.limit(1)).first() is not None:
        return
    if file.expires_at is None or _aware(file.expires_at) < until:
        file.expires_at = until


def _aware(moment: datetime) -> datetime:
    """SQLite gives naive datetimes back; every stored time is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def get_file(session: Session, owner_id: uuid.UUID, file_id: uuid.UUID) -> File | None:
    file = session.get(File, file_id)
    return file if file is not None and file.owner_id == owner_id else None


def list_files(session: Session, owner_id: uuid.UUID, limit: int = 100) -> Sequence[File]:
    """The owner's files, newest first."""
    query = (
        select(File)
        .where(File.owner_id == owner_id)
        .order_by(File.created_at.desc(), File.id)
        .limit(limit)
    )
    return session.scalars(query).all()


# The storage allowance


@dataclass(frozen=True)
class StorageUse:
    """Bytes one user keeps: stored files, résumés (drafts and versions), and job ads (their
    text and analysis)."""

    files: int = 0
    documents: int = 0
    jobs: int = 0

    @property
    def total(self) -> int:
        return self.files + self.documents + self.jobs


def storage_usage(session: Session, owner_id: uuid.UUID) -> StorageUse:
    """What the owner keeps, by kind, in one query (the session's unflushed changes included)."""
    files = select(_sum(File.size)).where(File.owner_id == owner_id)
    drafts = select(_sum(_bytes(session, Resume.draft))).where(Resume.owner_id == owner_id)
    versions = (
        select(_sum(_bytes(session, Version.document)))
        .join(Resume, Resume.id == Version.resume_id)
        .where(Resume.owner_id == owner_id)
    )
    job_bytes = _bytes(session, Job.text) + _bytes(session, Job.analysis)
    jobs = select(_sum(job_bytes)).where(Job.owner_id == owner_id)
    parts = [query.scalar_subquery() for query in (files, drafts, versions, jobs)]
    row = session.execute(select(*parts)).one()
    return StorageUse(files=int(row[0]), documents=int(row[1]) + int(row[2]), jobs=int(row[3]))


def storage_used(session: Session, owner_id: uuid.UUID) -> int:
    """Bytes the owner keeps, files and documents, for the per-user storage limit."""
    return storage_usage(session, owner_id).total


def _sum(column: Any) -> ColumnElement[Any]:
    return func.coalesce(func.sum(column), 0)


def _bytes(session: Session, column: Any) -> ColumnElement[int]:
    """The bytes of a JSON or text column as text, in the session's dialect: SQLite keeps JSON
    as text, and PostgreSQL's JSONB is measured as the text it prints (not its compressed size,
    which would let a repetitive 9 MB draft count as one)."""
    if session.get_bind().dialect.name == "sqlite":
        return func.length(cast(column, LargeBinary))
    return func.octet_length(cast(column, Text))


def too_large(summary: str, use: StorageUse) -> TooLarge:
    """The one 413 for the allowance: ``summary`` names the limit, then what takes the room
    and what to delete."""
    return TooLarge(
        f"{summary} (storage_per_user_bytes): files take {use.files} bytes, résumés and their "
        f"versions {use.documents}, job ads {use.jobs}; delete résumés, jobs or batches you no "
        "longer need (generated files expire by themselves)"
    )


def ensure_room(session: Session, owner_id: uuid.UUID, key: str, size: int, allowed: int) -> None:
    """Raise ``TooLarge`` when storing blob ``key`` of ``size`` bytes would take the owner's
    storage over ``allowed`` bytes (``Settings.storage_per_user_bytes``). Bytes the owner keeps
    already (the same key) take no more room."""
    query = select(File.id).where(File.owner_id == owner_id, File.key == key)
    if session.scalars(query).first() is not None:
        return
    use = storage_usage(session, owner_id)
    if use.total + size > allowed:
        raise too_large(
            f"storing {size} more bytes would take your storage to {use.total + size} bytes, "
            f"over the storage limit of {allowed} bytes",
            use,
        )


@contextmanager
def within_allowance(session: Session, owner_id: uuid.UUID, allowed: int) -> Iterator[None]:
    """Refuse (``TooLarge``) what the block saved when it took the owner's storage over
    ``allowed`` bytes: measured before the block and after a flush, before any commit, so the
    refused save is rolled back with the request. A save that does not grow the storage passes
    even over the allowance: a user over it can always shrink a draft."""
    before = storage_used(session, owner_id)
    yield
    session.flush()
    after = storage_usage(session, owner_id)
    if after.total > allowed and after.total > before:
        raise too_large(
            f"saving this would take your storage to {after.total} bytes, over the storage "
            f"limit of {allowed} bytes",
            after,
        )


def mentioned(session: Session, owner_id: uuid.UUID, text: str) -> bool:
    """Whether any of the owner's drafts or versions holds ``text`` (a photo's address, issue
    19: a photo still shown by a version or another résumé is not deleted with the draft's)."""
    pattern = f"%{text}%"  # the caller's text holds no LIKE wildcard (a UUID and a path)
    drafts = select(Resume.id).where(
        Resume.owner_id == owner_id, cast(Resume.draft, Text).like(pattern)
    )
    versions = (
        select(Version.id)
        .join(Resume, Resume.id == Version.resume_id)
        .where(Resume.owner_id == owner_id, cast(Version.document, Text).like(pattern))
    )
    return any(session.scalars(query.limit(1)).first() is not None for query in (drafts, versions))


def unused_photos(session: Session, owner_id: uuid.UUID, types: tuple[str, ...]) -> list[File]:
    """The owner's kept pictures (``types``, no expiry: their photos) that none of their drafts
    or versions names by id."""
    query = select(File).where(
        File.owner_id == owner_id, File.content_type.in_(types), File.expires_at.is_(None)
    )
    return [
        file for file in session.scalars(query) if not mentioned(session, owner_id, str(file.id))
    ]


# Deleting files


def delete_file(session: Session, owner_id: uuid.UUID, file_id: uuid.UUID) -> list[str] | None:
    """Delete the owner's file row; the blob keys no row uses any more (delete them after the
    commit), or None when the file is not the owner's."""
    file = get_file(session, owner_id, file_id)
    if file is None:
        return None
    session.execute(delete(File).where(File.id == file_id))
    return orphaned_keys(session, [file.key])


def expired_files(
    session: Session, now: datetime | None = None, limit: int = 500
) -> Sequence[File]:
    """Files past their expiry, oldest expiry first, for the periodic cleanup."""
    query = (
        select(File)
        .where(File.expires_at <= (now or utcnow()))
        .order_by(File.expires_at)
        .limit(limit)
    )
    return session.scalars(query).all()


def orphaned_keys(session: Session, keys: Iterable[str]) -> list[str]:
    """Those of ``keys`` that no file row refers to (blobs are shared between equal files),
    sorted; asked in chunks, since an erased account may hold thousands."""
    wanted = sorted(set(keys))
    used: set[str] = set()
    for start in range(0, len(wanted), CHUNK):
        query = select(File.key).where(File.key.in_(wanted[start : start + CHUNK]))
        used.update(session.scalars(query))
    return [key for key in wanted if key not in used]


# Blobs written before their rows commit


class StagedBlobs:
    """Blobs a request writes before the rows that refer to them are committed (issue 16).

    ``discard``, on any failure, deletes those this request created that no committed row
    refers to, so a refused or failed request leaves no byte behind. Equal bytes are one blob,
    possibly shared with a request this one cannot see, so ``settle``, after the commit,
    writes back any that such a ``discard`` (or the orphan sweep) removed in between.
    """

    def __init__(self, store: BlobStore) -> None:
        self.store = store
        self.created: list[str] = []
        self.written: dict[str, bytes] = {}

    def put(self, data: bytes) -> str:
        """Store ``data`` (safe from several threads at once); its key."""
        key = blob_key(data)
        existed = self.store.exists(key)
        self.store.put(data)
        self.written[key] = data
        if not existed:
            self.created.append(key)
        return key

    def discard(self, session: Session) -> None:
        """Roll back, then delete the created blobs no committed row refers to. Never raises:
        it runs while another error is on its way out, and the sweep is the fallback."""
        try:
            session.rollback()
            for key in orphaned_keys(session, self.created):
                self.store.delete(key)
        except Exception:
            log.warning("staged_blobs_kept", keys=len(self.created), exc_info=True)

    def settle(self) -> None:
        for key, data in self.written.items():
            if not self.store.exists(key):
                self.store.put(data)


@contextmanager
def staged_blobs(session: Session, store: BlobStore) -> Iterator[StagedBlobs]:
    """Write blobs and commit the rows that refer to them inside the block: an error leaves
    no blob of this block that no row refers to; success leaves every blob it wrote."""
    staged = StagedBlobs(store)
    try:
        yield staged
    except BaseException:
        staged.discard(session)
        raise
    staged.settle()
