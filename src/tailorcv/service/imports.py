"""Submitting an import: an uploaded résumé file, read by a task in the background.

Every limit is checked before a byte is written (issue 16: a refused upload used to stay on disk
with no row, for ever): the caller's ``upload`` rate limit, the size, the storage allowance and
the imports the user has in flight. Then the file row and the task row are written in one
transaction, the bytes go to the blob store (content-addressed, so a retry stores nothing new),
the transaction is committed, and only then the task is enqueued. A failure between the write
and the commit deletes the bytes again (``queries.staged_blobs``); a crash there leaves them to
the orphan sweep (``tasks.cleanup``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import BinaryIO

from sqlalchemy.orm import Session

from tailorcv.errors import TooLarge, TooManyRequests
from tailorcv.service import work
from tailorcv.service.files import safe_filename, upload_type
from tailorcv.service.limits import Caller
from tailorcv.service.payloads import ImportPayload
from tailorcv.service.runtime import Runtime
from tailorcv.service.work import Submitted
from tailorcv.store import queries
from tailorcv.store.blobs import blob_key
from tailorcv.store.models import User
from tailorcv.tasks.options import priority_for

RETRY_AFTER_SECONDS = 5


@dataclass(frozen=True)
class ImportOrder:
    """An upload: its bytes (read up to one past the limit), the name it came with, the
    résumé to add a version to (None: a new résumé), and ``force``: import it although it does
    not look like a résumé."""

    file: BinaryIO
    filename: str | None
    resume_id: uuid.UUID | None = None
    force: bool = False


def submit_import(
    runtime: Runtime, session: Session, caller: Caller, order: ImportOrder, key: str | None
) -> Submitted:
    """Import into a new résumé, or as a new version of ``order.resume_id``."""
    runtime.limits.take_action(caller, "upload")
    user, settings = caller.signed_in, runtime.settings
    data = order.file.read(settings.max_upload_bytes + 1)
    if len(data) > settings.max_upload_bytes:
        raise TooLarge(f"the file is over {settings.max_upload_bytes} bytes; upload a smaller one")
    content_type = upload_type(data)
    if order.resume_id is not None and not queries.get_resume(session, user.id, order.resume_id):
        raise work.not_found("résumé", order.resume_id)
    in_flight = imports_in_flight(session, user)
    blob = blob_key(data)
    queries.ensure_room(session, user.id, blob, len(data), settings.storage_per_user_bytes)
    row = queries.add_file(session, user.id, blob, content_type, len(data))
    payload = ImportPayload(
        file_key=row.key,
        filename=safe_filename(order.filename),
        resume_id=order.resume_id,
        force=order.force,
    )
    rank = priority_for(user.tier, len(data))
    submitted = work.create(session, user, payload, key, rank=rank)
    if submitted.new and len(in_flight) >= settings.tasks_per_user:
        session.rollback()
        raise TooManyRequests(
            f"{len(in_flight)} imports are already in progress; wait for one to finish",
            RETRY_AFTER_SECONDS,
        )
    with queries.staged_blobs(session, runtime.blobs) as staged:
        staged.put(data)
        work.dispatch(runtime, session, submitted)
    return submitted


def imports_in_flight(session: Session, user: User) -> list[uuid.UUID]:
    """The user's import tasks that are queued or running."""
    tasks = [
        *queries.list_tasks(session, user.id, "queued"),
        *queries.list_tasks(session, user.id, "running"),
    ]
    return [task.id for task in tasks if task.kind == "import"]
