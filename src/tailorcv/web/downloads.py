"""A stored file as an HTTP answer: streamed, with its type, the name of the person and template
it was made for (``service.download_names``) and the right disposition (``attachment`` for the
API's download, ``inline`` for the page that shows it)."""

from __future__ import annotations

import uuid
from typing import Literal

from sqlalchemy.orm import Session
from starlette.responses import StreamingResponse

from tailorcv.service.download_names import file_name
from tailorcv.service.files import chunks, disposition
from tailorcv.service.runtime import Runtime
from tailorcv.service.work import not_found
from tailorcv.store import queries
from tailorcv.store.models import User, utcnow


def file_response(
    runtime: Runtime,
    session: Session,
    user: User,
    file_id: uuid.UUID,
    shown: Literal["attachment", "inline"] = "attachment",
) -> StreamingResponse:
    """An expired file answers 404 like a missing one: it is about to be deleted."""
    file = queries.get_file(session, user.id, file_id)
    if file is None or (file.expires_at is not None and file.expires_at <= utcnow()):
        raise not_found("file", file_id)
    name = file_name(session, user.id, file)
    stream = runtime.blobs.open(file.key)
    headers = {
        "Content-Disposition": disposition(name, shown),
        "Content-Length": str(file.size),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, max-age=3600",
    }
    return StreamingResponse(chunks(stream), media_type=file.content_type, headers=headers)
