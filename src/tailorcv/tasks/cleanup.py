"""Delete generated files once they expire (DESIGN.md: generated files are deleted after 24 h).

Rows go in one transaction; blobs only after it committed, and only those no remaining row
shares (equal bytes are one blob), so a rolled-back cleanup never leaves a row without its bytes.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tailorcv.store.file_queries import orphaned_keys
from tailorcv.store.models import File, Task, utcnow
from tailorcv.tasks.context import Context
from tailorcv.tasks.kinds import Done

BATCH = 500


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


def cleanup_files(ctx: Context, session: Session, task: Task) -> Done:
    """The ``cleanup`` task kind: the owner's expired files."""
    count, keys = expire_files(session, task.owner_id)
    return Done({"deleted": count}, delete_blobs=keys)


def cleanup_everyone(ctx: Context) -> int:
    """The periodic cleanup: every owner's expired files, batch after batch; how many."""
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
            return total
