"""Files: rows that point at blobs by content key (re-exported by ``queries``).

Equal bytes share one blob, so deleting a row hands back only the keys no row uses any more, and
the caller deletes those blobs after the commit (a rolled-back delete must not lose a blob).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from tailorcv.errors import TooLarge
from tailorcv.store.models import File, utcnow


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


def storage_used(session: Session, owner_id: uuid.UUID) -> int:
    """Bytes of files the owner keeps, for the per-user storage limit."""
    query = select(func.coalesce(func.sum(File.size), 0)).where(File.owner_id == owner_id)
    return int(session.scalar(query) or 0)


def ensure_room(session: Session, owner_id: uuid.UUID, key: str, size: int, allowed: int) -> None:
    """Raise ``TooLarge`` when storing blob ``key`` of ``size`` bytes would take the owner's
    files over ``allowed`` bytes (``Settings.storage_per_user_bytes``). Bytes the owner keeps
    already (the same key) take no more room."""
    query = select(File.id).where(File.owner_id == owner_id, File.key == key)
    if session.scalars(query).first() is not None:
        return
    used = storage_used(session, owner_id)
    if used + size > allowed:
        raise TooLarge(
            f"storing {size} more bytes would take your files to {used + size} bytes, over the "
            f"storage limit of {allowed} bytes (storage_per_user_bytes); delete some files first"
        )


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
    """Those of ``keys`` that no file row refers to: blobs are shared between equal files."""
    wanted = set(keys)
    if not wanted:
        return []
    used = set(session.scalars(select(File.key).where(File.key.in_(wanted))).all())
    return sorted(wanted - used)
