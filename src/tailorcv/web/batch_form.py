"""A new batch's multipart form, read as the API and the page both send it: ``job_id`` or
``job_text``, repeated ``files`` (PDF, DOCX, JSON, YAML, text, or zips of them), repeated
``resume_ids``, optional ``criteria`` (JSON), ``blind`` and ``title``.

The form is read here rather than by FastAPI's ``File()`` parameters, so that the number of files
follows ``batch_max_items`` instead of Starlette's default of 1,000.
"""

from __future__ import annotations

import uuid

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request

from tailorcv.batch import FileEntry as Upload
from tailorcv.batch import parse_criteria
from tailorcv.errors import TooLarge, UserError
from tailorcv.ops.settings import Settings
from tailorcv.service.batch_submit import Request as BatchOrder
from tailorcv.service.files import safe_filename

FORM_OVERHEAD = 1024 * 1024  # multipart boundaries and headers (as web.app.BATCH_SLACK)
TRUE = {"1", "true", "yes", "on"}


async def read_batch_form(request: Request, settings: Settings) -> BatchOrder:
    """The batch the form asks for; ``TooLarge`` before reading a body declared too big."""
    declared = int(request.headers.get("content-length") or 0)
    if declared > settings.batch_max_bytes + FORM_OVERHEAD:
        raise TooLarge(_over_bytes(settings.batch_max_bytes))
    return await _read_form(request, settings.batch_max_items, settings.batch_max_bytes)


async def _read_form(request: Request, max_items: int, max_bytes: int) -> BatchOrder:
    try:
        form = await request.form(max_files=max_items + 1, max_fields=max_items + 50)
    except HTTPException as exc:
        if "Too many" in str(exc.detail):
            raise TooLarge(
                f"a batch takes at most {max_items} candidates (batch_max_items)"
            ) from None
        raise UserError(f"the form cannot be read: {exc.detail}") from None
    uploads: list[Upload] = []
    room = max_bytes
    for value in form.getlist("files"):
        if isinstance(value, UploadFile):
            data = await value.read(room + 1)
            room -= len(data)
            if room < 0:
                await form.close()
                raise TooLarge(_over_bytes(max_bytes))
            uploads.append(Upload(safe_filename(value.filename), data))
    await form.close()
    text = form.get("job_text")
    return BatchOrder(
        uploads=uploads,
        resume_ids=[_uuid(v, "resume_ids") for v in form.getlist("resume_ids")],
        job_id=_uuid(form["job_id"], "job_id") if form.get("job_id") else None,
        job_text=text if isinstance(text, str) and text else None,
        title=str(form.get("title") or "")[:300],
        criteria=parse_criteria(str(form.get("criteria") or "") or None),
        blind=str(form.get("blind") or "").strip().lower() in TRUE,
    )


def _uuid(value: object, name: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise UserError(f"{name}: {str(value)[:80]!r} is not an id") from None


def _over_bytes(limit: int) -> str:
    return f"the upload is over {limit} bytes (batch_max_bytes); split it into several batches"
