"""Download a stored file: streamed, as an attachment, with its type and a safe name."""

from __future__ import annotations

import uuid

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from tailorcv.web.deps import CurrentUser, ServicesDep, SessionDep
from tailorcv.web.downloads import file_response

router = APIRouter(tags=["files"])


@router.get("/files/{file_id}", response_class=StreamingResponse)
def download(
    file_id: uuid.UUID, user: CurrentUser, services: ServicesDep, session: SessionDep
) -> StreamingResponse:
    """An expired file answers 404 like a missing one: it is about to be deleted."""
    return file_response(services, session, user, file_id)
