"""``POST /imports``: upload a résumé file; a task reads it in the background
(``service.imports``: every limit is checked before a byte is written). ``POST
/imports/{task_id}/force``: import a file refused as not a résumé anyway, from the bytes kept
(issue 18)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, Response, UploadFile, status

from tailorcv.service.imports import ImportOrder, force_import, submit_import
from tailorcv.service.schemas import TaskEnvelope
from tailorcv.web.deps import CurrentUser, IdempotencyKey, ServicesDep, SessionDep, caller_of
from tailorcv.web.envelopes import accepted

router = APIRouter(tags=["work"])


@router.post("/imports", status_code=status.HTTP_202_ACCEPTED)
def create_import(
    file: Annotated[UploadFile, File(description="PDF, DOCX, Markdown, text, JSON or YAML")],
    request: Request,
    user: CurrentUser,
    services: ServicesDep,
    session: SessionDep,
    response: Response,
    key: IdempotencyKey = None,
    resume_id: Annotated[uuid.UUID | None, Form()] = None,
    force: Annotated[
        bool, Form(description="Import the file although it does not look like a résumé.")
    ] = False,
) -> TaskEnvelope:
    """Import into a new résumé, or as a new version of ``resume_id``."""
    order = ImportOrder(file.file, file.filename, resume_id=resume_id, force=force)
    caller = caller_of(request, user)
    return accepted(submit_import(services, session, caller, order, key), response)


@router.post("/imports/{task_id}/force", status_code=status.HTTP_202_ACCEPTED)
def force(
    task_id: uuid.UUID,
    request: Request,
    user: CurrentUser,
    services: ServicesDep,
    session: SessionDep,
    response: Response,
    key: IdempotencyKey = None,
) -> TaskEnvelope:
    """Import the file of a task that failed as ``not-a-resume`` anyway (``force``), with no
    second upload: 404 for another user's task, 409 when it did not fail so or its file is no
    longer kept (an hour after the refusal)."""
    caller = caller_of(request, user)
    return accepted(force_import(services, session, caller, task_id, key), response)
