"""Download a stored file: streamed, as an attachment, with its type and a safe name."""

from __future__ import annotations

import uuid

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from tailorcv.store import queries
from tailorcv.store.models import utcnow
from tailorcv.web.deps import CurrentUser, ServicesDep, SessionDep
from tailorcv.web.files import chunks, disposition, extension
from tailorcv.web.work import not_found

router = APIRouter(tags=["files"])


@router.get("/files/{file_id}", response_class=StreamingResponse)
def download(
    file_id: uuid.UUID, user: CurrentUser, services: ServicesDep, session: SessionDep
) -> StreamingResponse:
    """An expired file answers 404 like a missing one: it is about to be deleted."""
    file = queries.get_file(session, user.id, file_id)
    if file is None or (file.expires_at is not None and file.expires_at <= utcnow()):
        raise not_found("file", file_id)
    stream = services.blobs.open(file.key)
    headers = {
        "Content-Disposition": disposition(f"tailorcv-{file.id}.{extension(file.content_type)}"),
        "Content-Length": str(file.size),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, max-age=3600",
    }
    return StreamingResponse(chunks(stream), media_type=file.content_type, headers=headers)
