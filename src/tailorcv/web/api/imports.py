"""``POST /imports``: upload a résumé file; a task reads it in the background
(``service.imports``: every limit is checked before a byte is written)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, Response, UploadFile, status

from tailorcv.service.imports import ImportOrder, submit_import
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
