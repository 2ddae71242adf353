"""Submitting an import: an uploaded résumé file, read by a task in the background.

Every limit is checked before a byte is written (issue 16: a refused upload used to stay on disk
with no row, for ever): the caller's ``upload`` rate limit, the size, the storage allowance and
the imports the user has in flight. Then the file row and the task row are written in one
transaction, the bytes go to the blob store (content-addressed, so a retry stores nothing new),
the transaction is committed, and only then the task is enqueued. A failure between the write
and the commit deletes the bytes again (``queries.staged_blobs``); a crash there leaves them to
the orphan sweep (``tasks.cleanup``).

A file refused as not a résumé (``NotAResume``, issue 18) fails its task, and its upload is kept
for an hour (``tasks.kinds.release_upload``) so that the person can insist: ``force_import``
imports the same stored bytes again with ``force``, under the same limits, with no second
upload. After that hour the periodic cleanup deletes it; erasing the account deletes it at once.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import BinaryIO

from sqlalchemy.orm import Session

from tailorcv.errors import Conflict, NotAResume, TooLarge, TooManyRequests
from tailorcv.service import work
from tailorcv.service.files import safe_filename, upload_type
from tailorcv.service.limits import Caller
from tailorcv.service.payloads import ImportPayload, read
from tailorcv.service.runtime import Runtime
from tailorcv.service.work import Submitted
from tailorcv.store import queries
from tailorcv.store.blobs import blob_key
from tailorcv.store.models import Task, User
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
    submitted = _create(runtime, session, user, payload, key, len(data), in_flight)
    with queries.staged_blobs(session, runtime.blobs) as staged:
        staged.put(data)
        work.dispatch(runtime, session, submitted)
    return submitted


def force_import(
    runtime: Runtime, session: Session, caller: Caller, task_id: uuid.UUID, key: str | None
) -> Submitted:
    """Import again, with ``force``, the file of the caller's import ``task_id`` that was
    refused as not a résumé: the bytes kept since (no second upload), under the limits of any
    import (the ``upload`` rate limit, the imports in flight). ``InputNotFound`` for a task
    that is not the caller's import; ``Conflict`` when it did not fail as not a résumé, or its
    file is gone. Without ``key``, forcing one task twice answers the same new task."""
    runtime.limits.take_action(caller, "upload")
    user = caller.signed_in
    task = queries.get_task(session, user.id, task_id)
    if task is None or task.kind != "import":
        raise work.not_found("import", task_id)
    if not refused_as_not_a_resume(task):
        raise Conflict(
            f"import {task_id} was not refused as not a résumé ({task.status}); only such an "
            "import can be forced"
        )
    refused = read(task.kind, task.payload, ImportPayload)
    file = queries.upload_of(session, user.id, refused.file_key)
    payload = refused.model_copy(update={"force": True, "request_id": None})
    chosen = key or f"force:{task.id}"
    in_flight = imports_in_flight(session, user)
    size = file.size if file is not None else 0
    submitted = _create(runtime, session, user, payload, chosen, size, in_flight)
    if submitted.new:
        if file is None or not runtime.blobs.exists(file.key):
            session.rollback()
            raise Conflict(
                f"the file of import {task_id} is no longer kept (it is deleted an hour after "
                "it was refused); upload it again and ask to import it anyway"
            )
        # Kept again as long as any import's upload (``release_upload`` had set an expiry).
        queries.add_file(session, user.id, file.key, file.content_type, file.size)
    work.dispatch(runtime, session, submitted)
    return submitted


def refused_as_not_a_resume(task: Task) -> bool:
    """Whether ``task`` is an import that failed because its file is not a résumé."""
    problem = (task.result or {}).get("problem")
    return (
        task.kind == "import"
        and task.status == "failed"
        and isinstance(problem, dict)
        and problem.get("type") == NotAResume.type
    )


def _create(
    runtime: Runtime,
    session: Session,
    user: User,
    payload: ImportPayload,
    key: str | None,
    size: int,
    in_flight: list[uuid.UUID],
) -> Submitted:
    """The import's task row (not committed); ``TooManyRequests`` when it is new and the user
    already has ``tasks_per_user`` imports queued or running."""
    submitted = work.create(session, user, payload, key, rank=priority_for(user.tier, size))
    if submitted.new and len(in_flight) >= runtime.settings.tasks_per_user:
        session.rollback()
        raise TooManyRequests(
            f"{len(in_flight)} imports are already in progress; wait for one to finish",
            RETRY_AFTER_SECONDS,
        )
    return submitted


def imports_in_flight(session: Session, user: User) -> list[uuid.UUID]:
    """The user's import tasks that are queued or running."""
    tasks = [
        *queries.list_tasks(session, user.id, "queued"),
        *queries.list_tasks(session, user.id, "running"),
    ]
    return [task.id for task in tasks if task.kind == "import"]
