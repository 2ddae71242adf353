"""Delete generated files once they expire (DESIGN.md: generated files are deleted after 24 h),
blobs that no row refers to, and log-in sessions past their idle or absolute limit.

Rows go in one transaction; blobs only after it committed, and only those no remaining row
shares (equal bytes are one blob), so a rolled-back cleanup never leaves a row without its bytes.

A blob with no row is left by a crash between its write and the commit of its row, by a worker
whose transaction rolled back after it stored a file, or by a delete that failed after the
commit. The orphan sweep deletes those older than ``ORPHAN_GRACE`` (issue 16): a younger one may
belong to a transaction still running, which must find its bytes when it commits.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from itertools import islice

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tailorcv.ops.logs import get_logger
from tailorcv.service.payloads import CleanupPayload, read
from tailorcv.service.runtime import Runtime
from tailorcv.store.account_queries import purge_login_sessions
from tailorcv.store.blobs import KEY, BlobStore, LocalBlobStore
from tailorcv.store.file_queries import orphaned_keys
from tailorcv.store.models import File, Task, utcnow
from tailorcv.tasks.common import Done

log = get_logger(__name__)
BATCH = 500
# Longer than any write-to-commit: a request takes seconds, a task at most its time limit
# (660 s for an LLM letter) plus a lease, so a blob this old with no row will get none.
ORPHAN_GRACE = timedelta(hours=1)
TEMPORARY = ".tmp-"  # a write in progress (``blobs._write_atomically``); stale after a kill


def expire_files(
    session: Session, owner_id: uuid.UUID | None = None, now: datetime | None = None
) -> tuple[int, list[str]]:
    """Delete up to ``BATCH`` expired file rows (one owner's, or everyone's); return how many,
    and the blob keys no row uses any more, to delete after the commit."""
    query = select(File.id, File.key).where(File.expires_at <= (now or utcnow()))
    if owner_id is not None:
        query = query.where(File.owner_id == owner_id)
    rows = session.execute(query.order_by(File.expires_at).limit(BATCH)).all()
    if not rows:
        return 0, []
    session.execute(delete(File).where(File.id.in_([row.id for row in rows])))
    return len(rows), orphaned_keys(session, [row.key for row in rows])


def cleanup_files(ctx: Runtime, session: Session, task: Task) -> Done:
    """The ``cleanup`` task kind: the owner's expired files."""
    read(task.kind, task.payload, CleanupPayload)
    count, keys = expire_files(session, task.owner_id)
    return Done({"deleted": count}, delete_blobs=keys)


def cleanup_everyone(ctx: Runtime) -> int:
    """The periodic cleanup: every owner's expired batches and files, batch after batch (how
    many files), then the sweep of blobs that no row refers to."""
    total = 0
    from tailorcv.tasks.batch_kinds import expire_batches_everywhere

    expire_batches_everywhere(ctx)  # issue 9: batches expire with their files
    while True:
        with ctx.sessions() as session, session.begin():
            count, keys = expire_files(session)
        for key in keys:
            ctx.blobs.delete(key)
        total += count
        if count < BATCH:
            break
    swept = sweep_orphans(ctx)
    if swept:
        log.info("orphan_blobs_deleted", count=swept)
    with ctx.sessions() as session, session.begin():
        ended = purge_login_sessions(session)  # a log-in purges only its own user's
    if ended:
        log.info("expired_sessions_deleted", count=ended)
    return total


def sweep_orphans(ctx: Runtime, now: datetime | None = None) -> int:
    """Delete the blobs older than ``ORPHAN_GRACE`` that no file row refers to; how many.
    Rows are asked a chunk at a time, just before that chunk's deletes."""
    cutoff = ((now or utcnow()) - ORPHAN_GRACE).timestamp()
    deleted = 0
    for chunk in _chunks(_old_blobs(ctx.blobs, cutoff), BATCH):
        with ctx.sessions() as session:
            orphans = orphaned_keys(session, chunk)
        deleted += sum(_delete_if_old(ctx.blobs, key, cutoff) for key in orphans)
    return deleted


def _old_blobs(store: BlobStore, cutoff: float) -> Iterator[str]:
    """The keys of the blobs last written before ``cutoff`` (a POSIX time). Stale temporary
    files of an interrupted write are deleted on the way; other files are left alone. Only a
    local folder can be listed: ``blob_store`` makes no other store yet (an S3-compatible one
    will need a listing of its own, by key prefix and LastModified)."""
    if not isinstance(store, LocalBlobStore):
        return
    for path in store.root.glob("??/??/*"):
        try:
            stale = path.stat().st_mtime < cutoff
        except FileNotFoundError:
            continue  # deleted meanwhile
        if stale and path.name.startswith(TEMPORARY):
            path.unlink(missing_ok=True)
        elif stale and KEY.fullmatch(path.name):
            yield path.name


def _delete_if_old(store: BlobStore, key: str, cutoff: float) -> bool:
    """Delete the blob unless it was written again since it was listed (a fresh write belongs
    to a transaction that may still commit a row for it)."""
    if isinstance(store, LocalBlobStore):
        try:
            if os.stat(store.path(key)).st_mtime >= cutoff:
                return False
        except FileNotFoundError:
            return False
    store.delete(key)
    return True


def _chunks(keys: Iterable[str], size: int) -> Iterator[list[str]]:
    iterator = iter(keys)
    while chunk := list(islice(iterator, size)):
        yield chunk
