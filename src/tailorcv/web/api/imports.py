"""``POST /imports``: upload a résumé file; a task reads it in the background.

Every limit is checked before a byte is written (issue 16: a refused upload used to stay on disk
with no row, for ever). Then the file row and the task row are written in one transaction, the
bytes go to the blob store (content-addressed, so a retry stores nothing new), the transaction
is committed, and only then the task is enqueued. A failure between the write and the commit
deletes the bytes again (``queries.staged_blobs``); a crash there leaves them to the orphan
sweep (``tasks.cleanup``).
"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, File, Form, Response, UploadFile, status
from sqlalchemy.orm import Session

from tailorcv.errors import TooLarge
from tailorcv.store import queries
from tailorcv.store.blobs import blob_key
from tailorcv.store.models import User
from tailorcv.tasks.options import priority_for
from tailorcv.web import work
from tailorcv.web.deps import CurrentUser, IdempotencyKey, ServicesDep, SessionDep
from tailorcv.web.files import safe_filename, upload_type
from tailorcv.web.problems import TooManyRequests
from tailorcv.web.ratelimits import limited
from tailorcv.web.schemas import TaskEnvelope

router = APIRouter(tags=["work"])
RETRY_AFTER_SECONDS = 5


@router.post("/imports", status_code=status.HTTP_202_ACCEPTED, dependencies=[limited("upload")])
def create_import(
    file: Annotated[UploadFile, File(description="PDF, DOCX, Markdown, text, JSON or YAML")],
    user: CurrentUser,
    services: ServicesDep,
    session: SessionDep,
    response: Response,
    key: IdempotencyKey = None,
    resume_id: Annotated[uuid.UUID | None, Form()] = None,
) -> TaskEnvelope:
    """Import into a new résumé, or as a new version of ``resume_id``."""
    settings = services.settings
    data = file.file.read(settings.max_upload_bytes + 1)
    if len(data) > settings.max_upload_bytes:
        raise TooLarge(f"the file is over {settings.max_upload_bytes} bytes; upload a smaller one")
    content_type = upload_type(data)
    if resume_id is not None and queries.get_resume(session, user.id, resume_id) is None:
        raise work.not_found("résumé", resume_id)
    in_flight = imports_in_flight(session, user)
    blob = blob_key(data)
    queries.ensure_room(session, user.id, blob, len(data), settings.storage_per_user_bytes)
    row = queries.add_file(session, user.id, blob, content_type, len(data))
    payload = {"file_key": row.key, "filename": safe_filename(file.filename)}
    if resume_id is not None:
        payload["resume_id"] = str(resume_id)
    submitted = work.create(
        session, user, "import", payload, key, rank=priority_for(user.tier, len(data))
    )
    if submitted.new and len(in_flight) >= settings.tasks_per_user:
        session.rollback()
        raise TooManyRequests(
            f"{len(in_flight)} imports are already in progress; wait for one to finish",
            RETRY_AFTER_SECONDS,
        )
    with queries.staged_blobs(session, services.blobs) as staged:
        staged.put(data)
        work.dispatch(services, session, submitted)
    response.headers["Location"] = f"/api/v1/tasks/{submitted.task.id}"
    return work.envelope(submitted.task)


def imports_in_flight(session: Session, user: User) -> list[uuid.UUID]:
    """The user's import tasks that are queued or running."""
    tasks = [
        *queries.list_tasks(session, user.id, "queued"),
        *queries.list_tasks(session, user.id, "running"),
    ]
    return [task.id for task in tasks if task.kind == "import"]
