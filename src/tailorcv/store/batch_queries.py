"""Batches and their items: every read and write, scoped by owner (issue 9).

Items are written in bulk (one INSERT for many rows): a batch of 1,000 candidates must be stored
and enqueued in well under a second. Nothing here commits; the caller owns the transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, and_, delete, exists, func, insert, select, update
from sqlalchemy.orm import Session

from tailorcv.store.file_queries import orphaned_keys
from tailorcv.store.models import Batch, BatchItem, File, Resume, Task, Version, utcnow

IN_CHUNK = 500  # ids per IN (...) list: SQLite allows 32,766 parameters, PostgreSQL 65,535
DEAD = ("failed", "dead", "cancelled")


def create_batch(session: Session, owner_id: uuid.UUID, **values: Any) -> Batch:
    batch = Batch(owner_id=owner_id, **values)
    session.add(batch)
    session.flush()
    return batch


def add_items(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert item rows (each with ``id``, ``batch_id``, ``owner_id``, ``position``, ``source``)
    in one statement per chunk."""
    now = utcnow()
    for start in range(0, len(rows), IN_CHUNK):
        chunk = [{"created_at": now, **row} for row in rows[start : start + IN_CHUNK]]
        session.execute(insert(BatchItem), chunk)


def add_tasks(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert task rows (each with ``id``, ``owner_id``, ``kind``, ``payload``, ``priority``)
    queued, in bulk."""
    now = utcnow()
    defaults = {"status": "queued", "attempts": 0, "max_attempts": 3, "created_at": now}
    for start in range(0, len(rows), IN_CHUNK):
        session.execute(
            insert(Task), [{**defaults, **row} for row in rows[start : start + IN_CHUNK]]
        )


def owned_files(
    session: Session,
    owner_id: uuid.UUID,
    blobs: dict[str, tuple[str, int]],
    expires_at: datetime,
) -> dict[str, uuid.UUID]:
    """The owner's file row id for each blob key in ``blobs`` (key → (content type, size)),
    inserting the missing rows in bulk; an existing row lives at least until ``expires_at``."""
    found: dict[str, uuid.UUID] = {}
    keys = list(blobs)
    for start in range(0, len(keys), IN_CHUNK):
        query = select(File.key, File.id, File.expires_at).where(
            File.owner_id == owner_id, File.key.in_(keys[start : start + IN_CHUNK])
        )
        for key, file_id, expires in session.execute(query):
            found[key] = file_id
            if expires is not None and expires < expires_at:
                session.execute(
                    update(File).where(File.id == file_id).values(expires_at=expires_at)
                )
    new: list[dict[str, Any]] = [
        {"id": uuid.uuid4(), "owner_id": owner_id, "key": key, "content_type": kind, "size": size}
        for key, (kind, size) in blobs.items()
        if key not in found
    ]
    now = utcnow()
    for start in range(0, len(new), IN_CHUNK):
        rows = [
            {**row, "created_at": now, "expires_at": expires_at}
            for row in new[start : start + IN_CHUNK]
        ]
        session.execute(insert(File), rows)
    return {**found, **{row["key"]: row["id"] for row in new}}


def new_bytes(session: Session, owner_id: uuid.UUID, sizes: dict[str, int]) -> int:
    """Bytes of ``sizes`` (blob key → size) the owner does not keep yet: what storing them
    adds to the owner's storage."""
    keys = list(sizes)
    kept: set[str] = set()
    for start in range(0, len(keys), IN_CHUNK):
        query = select(File.key).where(
            File.owner_id == owner_id, File.key.in_(keys[start : start + IN_CHUNK])
        )
        kept.update(session.scalars(query))
    return sum(size for key, size in sizes.items() if key not in kept)


@dataclass(frozen=True)
class Cached:
    score: float | None
    result: dict[str, Any]
    document: dict[str, Any] | None


def cached_results(session: Session, owner_id: uuid.UUID, keys: Iterable[str]) -> dict[str, Cached]:
    """The owner's earlier succeeded result for each cache key that has one."""
    wanted = list(dict.fromkeys(keys))
    found: dict[str, Cached] = {}
    for start in range(0, len(wanted), IN_CHUNK):
        query = select(
            BatchItem.cache_key, BatchItem.score, BatchItem.result, BatchItem.document
        ).where(
            BatchItem.owner_id == owner_id,
            BatchItem.status == "succeeded",
            BatchItem.cache_key.in_(wanted[start : start + IN_CHUNK]),
        )
        for key, score, result, document in session.execute(query):
            if key is not None and result is not None:
                found[key] = Cached(score, result, document)
    return found


def get_batch(session: Session, owner_id: uuid.UUID, batch_id: uuid.UUID) -> Batch | None:
    batch = session.get(Batch, batch_id)
    return batch if batch is not None and batch.owner_id == owner_id else None


def list_batches(session: Session, owner_id: uuid.UUID, limit: int = 100) -> Sequence[Batch]:
    query = (
        select(Batch)
        .where(Batch.owner_id == owner_id)
        .order_by(Batch.created_at.desc(), Batch.id)
        .limit(limit)
    )
    return session.scalars(query).all()


def item_rows(session: Session, batch_id: uuid.UUID) -> Sequence[Row[Any]]:
    """Every item of the batch with what the ranking needs, and its task's status and error
    (an item whose task died is failed, with the task's reason)."""
    query = (
        select(
            BatchItem.id,
            BatchItem.position,
            BatchItem.name,
            BatchItem.status,
            BatchItem.score,
            BatchItem.result,
            BatchItem.error,
            Task.status.label("task_status"),
            Task.error.label("task_error"),
        )
        .outerjoin(Task, Task.id == BatchItem.task_id)
        .where(BatchItem.batch_id == batch_id)
        .order_by(BatchItem.position)
    )
    return session.execute(query).all()


def get_items(
    session: Session, owner_id: uuid.UUID, item_ids: Sequence[uuid.UUID]
) -> Sequence[BatchItem]:
    query = (
        select(BatchItem)
        .where(BatchItem.owner_id == owner_id, BatchItem.id.in_(list(item_ids)))
        .order_by(BatchItem.position)
    )
    return session.scalars(query).all()


def tailored_items(session: Session, batch_id: uuid.UUID) -> Sequence[BatchItem]:
    """The batch's items sent to tailoring (``POST /batches/{id}/tailor``)."""
    query = (
        select(BatchItem)
        .where(BatchItem.batch_id == batch_id, BatchItem.tailor_task_id.is_not(None))
        .order_by(BatchItem.position)
    )
    return session.scalars(query).all()


def mark_finished(session: Session, batch_id: uuid.UUID) -> None:
    """Stamp ``finished_at`` once no item of the batch is queued any more."""
    waiting = exists().where(BatchItem.batch_id == batch_id, BatchItem.status == "queued")
    session.execute(
        update(Batch)
        .where(Batch.id == batch_id, Batch.finished_at.is_(None), ~waiting)
        .values(finished_at=utcnow())
    )


def delete_batch(session: Session, owner_id: uuid.UUID, batch_id: uuid.UUID) -> list[str] | None:
    """Delete the batch, its items, and the uploaded files no other batch uses; the blob keys
    nothing refers to any more (delete them after the commit), or None when not the owner's."""
    batch = get_batch(session, owner_id, batch_id)
    if batch is None:
        return None
    return _delete_batches(session, [batch.id])


def expire_batches(
    session: Session, owner_id: uuid.UUID | None = None, now: datetime | None = None
) -> list[str]:
    """Delete batches past their expiry (one owner's, or everyone's), as ``delete_batch``."""
    query = select(Batch.id).where(Batch.expires_at <= (now or utcnow())).limit(IN_CHUNK)
    if owner_id is not None:
        query = query.where(Batch.owner_id == owner_id)
    ids = list(session.scalars(query))
    return _delete_batches(session, ids) if ids else []


def count_expired(session: Session, now: datetime | None = None) -> int:
    """How many batches are past their expiry (at most ``IN_CHUNK``: one ``expire_batches``)."""
    query = select(Batch.id).where(Batch.expires_at <= (now or utcnow())).limit(IN_CHUNK)
    return len(session.scalars(query).all())


def _delete_batches(session: Session, batch_ids: list[uuid.UUID]) -> list[str]:
    """Delete the batches with their items, their candidates' résumés (and their versions),
    the PDFs rendered for their candidates, and the uploaded files no other batch uses."""
    mine = select(BatchItem.file_id).where(
        BatchItem.batch_id.in_(batch_ids), BatchItem.file_id.is_not(None)
    )
    elsewhere = exists().where(
        and_(BatchItem.file_id == File.id, BatchItem.batch_id.not_in(batch_ids))
    )
    doomed = session.execute(select(File.id, File.key).where(File.id.in_(mine), ~elsewhere)).all()
    rendered = _rendered_files(session, batch_ids)
    session.execute(delete(BatchItem).where(BatchItem.batch_id.in_(batch_ids)))
    _delete_candidates(session, batch_ids)
    session.execute(delete(Batch).where(Batch.id.in_(batch_ids)))
    gone = [*doomed, *rendered]
    if gone:
        session.execute(delete(File).where(File.id.in_([row.id for row in gone])))
    return orphaned_keys(session, [row.key for row in gone])


def _delete_candidates(session: Session, batch_ids: list[uuid.UUID]) -> None:
    """The résumés made for the batches' candidates (``Resume.batch_id``), versions first: no
    foreign key cascades from a batch to them (migration 0006 says why)."""
    candidates = select(Resume.id).where(Resume.batch_id.in_(batch_ids))
    session.execute(delete(Version).where(Version.resume_id.in_(candidates)))
    session.execute(delete(Resume).where(Resume.batch_id.in_(batch_ids)))


def _rendered_files(session: Session, batch_ids: list[uuid.UUID]) -> Sequence[Row[uuid.UUID, str]]:
    """The file rows of the PDFs rendered for the batches' candidates' résumés (not for a
    candidate that is one of the owner's own résumés: that PDF is of the owner's résumé)."""
    query = (
        select(Task.result)
        .join(BatchItem, BatchItem.render_task_id == Task.id)
        .join(Resume, Resume.id == BatchItem.resume_id)
        .where(BatchItem.batch_id.in_(batch_ids), Resume.batch_id.in_(batch_ids))
    )
    ids: list[uuid.UUID] = []
    for (result,) in session.execute(query):
        raw = (result or {}).get("file_id")
        try:
            ids.append(uuid.UUID(str(raw)))
        except ValueError:
            continue
    if not ids:
        return []
    return session.execute(select(File.id, File.key).where(File.id.in_(ids))).all()


def progress_counts(session: Session, batch_id: uuid.UUID) -> dict[str, int]:
    """How many of the batch's items succeeded, failed (their own failure or their task's) and
    are running, by one grouped query."""
    query = (
        select(BatchItem.status, Task.status, func.count())
        .outerjoin(Task, Task.id == BatchItem.task_id)
        .where(BatchItem.batch_id == batch_id)
        .group_by(BatchItem.status, Task.status)
    )
    counts = {"succeeded": 0, "failed": 0, "running": 0}
    for item_status, task_status, n in session.execute(query):
        if item_status == "queued" and (task_status in DEAD or task_status is None):
            item_status = "failed"
        elif item_status == "queued" and task_status == "running":
            item_status = "running"
        if item_status in counts:
            counts[item_status] += int(n)
    return counts


def interactive_running(session: Session, floor: int) -> bool:
    """Whether a task above priority ``floor`` (a person's, not a batch's) is running now."""
    query = (
        select(Task.id)
        .where(Task.status == "running", Task.kind != "batch_item", Task.priority > floor)
        .limit(1)
    )
    return session.scalar(query) is not None
