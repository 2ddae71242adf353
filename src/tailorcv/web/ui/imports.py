"""Import: drop a file, watch it being read, then review the résumé with the fields the reader was
unsure of highlighted, and keep it as a version.

The upload goes through the use case the API calls (``service.imports.submit_import``: the rate
limit, the size limit, the storage allowance, the per-user cap on imports in flight); the page then
polls the task until it has finished. A file refused as not a résumé shows what it seems to be
and why, with "Import anyway" (``service.imports.force_import``, as the API's
``POST /imports/{id}/force``), which imports the same stored file with no second upload.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from starlette.datastructures import UploadFile as FormFile
from starlette.responses import Response

from tailorcv.errors import InputNotFound, UserError
from tailorcv.ingest.calibration import LOW
from tailorcv.ingest.verdict import Verdict
from tailorcv.service.imports import (
    ImportOrder,
    force_import,
    refused_as_not_a_resume,
    submit_import,
)
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
    labelize,
    not_found,
    off_loop,
    render,
    sentence,
)

router = APIRouter()
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


def owned_task(session: SessionDep, me: Viewer, task_id: uuid.UUID, kind: str) -> Task:
    task = queries.get_task(session, me.user.id, task_id)
    if task is None or task.kind != kind:
        raise not_found("task")
    return task


@router.get("/import/{task_id}")
def review(request: Request, task_id: uuid.UUID, me: SignedIn, session: SessionDep) -> Response:
    """While the task runs: its progress (polled). Then the review of what was imported, or
    why the file was refused."""
    task = owned_task(session, me, task_id, "import")
    if task.status != "succeeded" or not task.result:
        return _status(request, me, session, task)
    if is_htmx(request):
        return go(request, f"/import/{task.id}")
    resume = owned(session, me, uuid.UUID(str(task.result["resume_id"])))
    low, low_sections = doubtful(task.result)
    shown = figures(task.result)
    context = editor_context(
        session,
        me,
        resume,
        review=True,
        low=low,
        low_sections=low_sections,
        warnings=[sentence(str(warning)) for warning in task.result.get("warnings") or []],
        figures=shown,
        section_sure={figure.key: figure.percent for figure in shown},
    )
    return render(request, "editor.html", context, me=me)


@router.post("/import/{task_id}/force")
async def force(
    request: Request, task_id: uuid.UUID, me: SignedIn, services: ServicesDep, session: SessionDep
) -> Response:
    """ "Import anyway": the refused file, imported again with ``force`` (no second upload)."""
    try:
        submitted = await off_loop(
            force_import, services, session, caller(request, me), task_id, None
        )
    except InputNotFound:
        raise not_found("task") from None
    except UserError as exc:
        session.rollback()
        task = owned_task(session, me, task_id, "import")
        return _status(request, me, session, task, error=sentence(exc.message), status=exc.status)
    return go(request, f"/import/{submitted.task.id}")


def _status(
    request: Request,
    me: Viewer,
    session: SessionDep,
    task: Task,
    *,
    error: str = "",
    status: int = 200,
) -> Response:
    """The task's progress, or its failure: for a file refused as not a résumé, what it seems
    to be and why, and whether its file is still kept to import anyway."""
    context: dict[str, Any] = {"task": task, "refusal": None, "error": error}
    if refused_as_not_a_resume(task):
        context["refusal"] = refusal(session, me, task)
    name = "_import_status.html" if is_htmx(request) else "import_status.html"
    return render(request, name, context, status=status, me=me)


def refusal(session: SessionDep, me: Viewer, task: Task) -> dict[str, Any]:
    """What the page says of a file refused as not a résumé: what it seems to be ("a cover
    letter"), the reasons, and whether it can still be imported anyway (its file is kept)."""
    problem = (task.result or {}).get("problem") or {}
    reasons = [str(reason) for reason in problem.get("reasons") or [] if reason]
    key = task.payload.get("file_key") if isinstance(task.payload, dict) else None
    kept = isinstance(key, str) and queries.upload_of(session, me.user.id, key) is not None
    return {
        "seems": Verdict(str(problem.get("kind") or "no-structure")).seems,
        "reasons": [sentence(reason) for reason in reasons],
        "kept": kept,
    }


def doubtful(result: dict[str, Any]) -> tuple[set[str], set[str]]:
    """The fields and sections the reader gave less than ``LOW`` (calibrated: a field at 60 %
    is right about 60 % of the time). A result that has a confidence per field
    (``confidence``) marks fields; one per section (``sections``) marks sections."""
    fields = {
        path
        for path, sure in (result.get("confidence") or {}).items()
        if isinstance(sure, int | float) and sure < LOW and path
    }
    sections = {
        name
        for name, sure in (result.get("sections") or {}).items()
        if isinstance(sure, int | float) and sure < LOW
    }
    return fields, sections | {path.split(".")[0].split("[")[0] for path in fields}


@dataclass(frozen=True)
class Figure:
    """One section's confidence as the review shows it: "Work experience · 97 % sure"."""

    key: str
    name: str
    percent: int
    low: bool


# The review's words for each section, in the order the editor shows them.
SECTION_NAMES = {
    "basics": "Personal details",
    "work": "Work experience",
    "education": "Education",
    "projects": "Projects",
    "skills": "Skills",
    "volunteer": "Volunteering",
    "awards": "Awards",
    "certificates": "Certificates",
    "publications": "Publications",
    "languages": "Languages",
    "interests": "Interests",
    "references": "References",
    "otherSections": "Other sections",
}


def figures(result: dict[str, Any]) -> list[Figure]:
    """Each section the reader gave a figure, in the editor's order; below ``LOW`` flagged."""
    given = {
        key: float(sure)
        for key, sure in (result.get("sections") or {}).items()
        if isinstance(key, str) and isinstance(sure, int | float) and 0 <= sure <= 1
    }
    order = {key: index for index, key in enumerate(SECTION_NAMES)}
    return [
        Figure(key, SECTION_NAMES.get(key) or labelize(key), percent(sure), sure < LOW)
        for key, sure in sorted(given.items(), key=lambda item: order.get(item[0], len(order)))
    ]


def percent(sure: float) -> int:
    """Whole percent, rounded down (0.595 is flagged under 0.6, so it must not read "60 %");
    the epsilon keeps 0.29 at 29, not 28.999… → 28."""
    return math.floor(sure * 100 + 1e-9)
