"""Tailor: choose a résumé, a job, the engine and the pages; follow the task; see the result beside
the source with what moved, was dropped or rephrased, the guard's verdict and the score before and
after; keep it as the working draft.

The task is submitted through the use case the API calls (``service.renders.submit_tailoring``,
its rate limit included); the tailored result is
already stored as a ``tailored`` version by the task, so "keep" restores it as the draft (the
draft it replaces kept as a version, as every restore does).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.responses import Response

from tailorcv.errors import UserError
from tailorcv.render import render as render_document
from tailorcv.resume import validate
from tailorcv.service import renders
from tailorcv.service.schemas import TailoringRequest
from tailorcv.store import queries
from tailorcv.web.deps import ServicesDep, SessionDep
from tailorcv.web.ui.editor import restore_version
from tailorcv.web.ui.imports import owned_task
from tailorcv.web.ui.pages import (
    SignedIn,
    Viewer,
    caller,
    field,
    go,
    is_htmx,
    not_found,
    off_loop,
    render,
    sentence,
)

router = APIRouter()
CHANGE_WORDS = {
    "moved": "Moved",
    "dropped": "Dropped",
    "summary": "Rephrased summary",
    "skills": "Skills reordered",
}


def choices(request: Request, session: SessionDep, me: Viewer) -> dict[str, Any]:
    services = request.app.state.services
    return {
        "resumes": queries.list_resumes(session, me.user.id),
        "jobs": queries.list_jobs(session, me.user.id),
        "llm": services.settings.llm_base_url is not None,
        "engines": "engine" in TailoringRequest.model_fields,
    }


@router.get("/tailor")
def page(
    request: Request, me: SignedIn, session: SessionDep, resume: str = "", job: str = ""
) -> Response:
    context = {**choices(request, session, me), "picked": {"resume": resume, "job": job}}
    return render(request, "tailor.html", {**context, "error": ""}, me=me)


@router.post("/tailor")
async def submit(
    request: Request, me: SignedIn, services: ServicesDep, session: SessionDep
) -> Response:
    form = await request.form()
    picked = {name: field(form, name) for name in ("resume", "job", "pages", "engine")}
    order: dict[str, Any] = {
        "resume_id": picked["resume"] or None,
        "job_id": picked["job"] or None,
        "pages": picked["pages"] or None,
    }
    if picked["engine"] and "engine" in TailoringRequest.model_fields:
        order["engine"] = picked["engine"]
    try:
        body = TailoringRequest.model_validate(order)
        use_case, asking = renders.submit_tailoring, caller(request, me)
        submitted = await off_loop(use_case, services, session, asking, body, None)
    except (ValidationError, UserError) as exc:
        session.rollback()
        error = (
            "Choose a résumé and a job."
            if isinstance(exc, ValidationError)
            else sentence(exc.message)
        )
        context = {**choices(request, session, me), "picked": picked, "error": error}
        status = exc.status if isinstance(exc, UserError) else 422
        return render(request, "tailor.html", context, status=status, me=me)
    return go(request, f"/tailor/{submitted.task.id}")


@router.get("/tailor/{task_id}")
def result(request: Request, task_id: uuid.UUID, me: SignedIn, session: SessionDep) -> Response:
    task = owned_task(session, me, task_id, "tailor")
    if task.status != "succeeded" or not task.result:
        name = "_tailor_status.html" if is_htmx(request) else "tailor_status.html"
        return render(request, name, {"task": task}, me=me)
    if is_htmx(request):
        return go(request, f"/tailor/{task.id}")
    source = queries.get_version(session, me.user.id, uuid.UUID(str(task.payload["version_id"])))
    tailored = queries.get_version(session, me.user.id, uuid.UUID(str(task.result["version_id"])))
    if source is None or tailored is None:
        raise not_found("tailored version")
    job = queries.get_job(session, me.user.id, tailored.job_id) if tailored.job_id else None
    changes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for change in task.result.get("changes") or []:
        changes[CHANGE_WORDS.get(change.get("kind"), str(change.get("kind")))].append(change)
    context = {
        "task": task,
        "r": task.result,
        "job": job,
        "source": source,
        "tailored": tailored,
        "changes": dict(changes),
        "source_text": as_text(source.document),
        "tailored_text": as_text(tailored.document),
    }
    return render(request, "tailored.html", context, me=me)


def as_text(document: dict[str, Any]) -> str:
    """The résumé as plain text (the text renderer), for reading side by side."""
    return render_document(validate(document).resume, None, "txt").decode()


@router.post("/tailor/{task_id}/keep")
def keep(
    request: Request, task_id: uuid.UUID, me: SignedIn, services: ServicesDep, session: SessionDep
) -> Response:
    """Make the tailored version the résumé's working draft, as a restore does (the draft it
    replaces is kept as a version first)."""
    task = owned_task(session, me, task_id, "tailor")
    if task.status != "succeeded" or not task.result:
        raise not_found("tailored version")
    version = queries.get_version(session, me.user.id, uuid.UUID(str(task.result["version_id"])))
    if version is None:
        raise not_found("tailored version")
    restored = restore_version(services, session, me, version.resume_id, version.id)
    kept = "-kept" if restored.kept else ""
    return go(request, f"/resumes/{version.resume_id}?saved=restored{kept}")
