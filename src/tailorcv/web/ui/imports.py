"""Import: drop a file, watch it being read, then review the résumé with the fields the reader was
unsure of highlighted, and keep it as a version.

The upload goes through the use case the API calls (``service.imports.submit_import``: the rate
limit, the size limit, the storage allowance, the per-user cap on imports in flight); the page then
polls the task until it has finished.
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from starlette.datastructures import UploadFile as FormFile
from starlette.responses import Response

from tailorcv.errors import UserError
from tailorcv.service.imports import ImportOrder, submit_import
from tailorcv.store import queries
from tailorcv.store.models import Task
from tailorcv.web.deps import ServicesDep, SessionDep
from tailorcv.web.ui.editor import editor_context, owned
from tailorcv.web.ui.pages import (
    SignedIn,
    Viewer,
    caller,
    go,
    is_htmx,
    not_found,
    off_loop,
    render,
)

router = APIRouter()
SURE = 0.75  # a field or section the reader gave less confidence than this is highlighted
ACCEPT = ".pdf,.docx,.txt,.md,.markdown,.json,.yaml,.yml"


@router.get("/import")
def page(request: Request, me: SignedIn, services: ServicesDep) -> Response:
    context = {"max_bytes": services.settings.max_upload_bytes, "accept": ACCEPT, "error": ""}
    return render(request, "import.html", context, me=me)


@router.post("/import")
async def upload(
    request: Request, me: SignedIn, services: ServicesDep, session: SessionDep
) -> Response:
    form = await request.form()
    file = form.get("file")
    context: dict[str, Any] = {"max_bytes": services.settings.max_upload_bytes, "accept": ACCEPT}
    if not isinstance(file, FormFile) or not file.filename:
        return _refused(request, me, context, "Choose a file first: PDF, Word, text or JSON.", 400)
    force = form.get("force") == "1"  # the person insists: it is a résumé
    order = ImportOrder(file.file, file.filename, force=force)
    try:
        submitted = await off_loop(
            submit_import, services, session, caller(request, me), order, None
        )
    except UserError as exc:
        session.rollback()
        return _refused(request, me, context, sentence(exc.message), exc.status)
    finally:
        await form.close()  # the upload's temporary file
    return go(request, f"/import/{submitted.task.id}")


def _refused(
    request: Request, me: Viewer, context: dict[str, Any], error: str, status: int
) -> Response:
    name = "_import_form.html" if is_htmx(request) else "import.html"
    return render(request, name, {**context, "error": error}, status=status, me=me)


def sentence(message: str) -> str:
    """An error message as a sentence: capitalised, with a full stop."""
    text = message.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else f"{text}."


def owned_task(session: SessionDep, me: Viewer, task_id: uuid.UUID, kind: str) -> Task:
    task = queries.get_task(session, me.user.id, task_id)
    if task is None or task.kind != kind:
        raise not_found("task")
    return task


@router.get("/import/{task_id}")
def review(request: Request, task_id: uuid.UUID, me: SignedIn, session: SessionDep) -> Response:
    """While the task runs: its progress (polled). Then the review of what was imported."""
    task = owned_task(session, me, task_id, "import")
    if task.status != "succeeded" or not task.result:
        name = "_import_status.html" if is_htmx(request) else "import_status.html"
        return render(request, name, {"task": task}, me=me)
    if is_htmx(request):
        return go(request, f"/import/{task.id}")
    resume = owned(session, me, uuid.UUID(str(task.result["resume_id"])))
    low, low_sections = doubtful(task.result)
    context = editor_context(
        session,
        me,
        resume,
        review=True,
        low=low,
        low_sections=low_sections,
        warnings=task.result.get("warnings") or [],
    )
    return render(request, "editor.html", context, me=me)


def doubtful(result: dict[str, Any]) -> tuple[set[str], set[str]]:
    """The fields and sections the reader gave low confidence. A result that has a confidence
    per field (``confidence``) marks fields; one per section (``sections``) marks sections."""
    fields = {
        path
        for path, sure in (result.get("confidence") or {}).items()
        if isinstance(sure, int | float) and sure < SURE and path
    }
    sections = {
        name
        for name, sure in (result.get("sections") or {}).items()
        if isinstance(sure, int | float) and sure < SURE
    }
    return fields, sections | {path.split(".")[0].split("[")[0] for path in fields}
