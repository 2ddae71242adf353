"""Writing help: suggestions for a résumé's weak bullets, and a cover letter, for a job.

Both are the use cases the API calls (``service.writing``: ``submit_suggestions``,
``submit_letter``, their rate limit included) on a résumé's working draft or one of its versions:
the page submits one, follows it while it runs, then shows the suggestions or the letter (with its
PDF or Word file), and which engine wrote it — the language model, the offline engine, or the
offline engine because the model could not (``offline (fallback: …)``).
"""

from __future__ import annotations

import re
import uuid
from typing import Any, Literal

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.responses import Response

from tailorcv.errors import UserError
from tailorcv.service import writing
from tailorcv.service.schemas import LetterRequest, SuggestionRequest
from tailorcv.store import queries
from tailorcv.store.models import Task
from tailorcv.web.deps import Services, SessionDep
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
Kind = Literal["suggestions", "letters"]
TASK_KIND = {"suggestions": "suggest", "letters": "letter"}
TITLES = {"suggestions": "Suggestions for weak bullets", "letters": "Cover letter"}
FORMATS = {"pdf": "PDF", "docx": "Word (.docx)"}
_PATH = re.compile(r"^(\w+)\[(\d+)\]\.highlights\[(\d+)\]$")
SECTION_WORDS = {"work": "Work", "volunteer": "Volunteering", "projects": "Project"}


def engine_words(engine: str | None) -> str:
    """Who wrote it, for people: ``llm`` is the language model; the rest reads as it is."""
    if not engine:
        return "unknown"
    return "language model" if engine == "llm" else engine


def form_context(
    request: Request, session: SessionDep, me: Viewer, kind: Kind, picked: dict[str, str]
) -> dict[str, Any]:
    services = request.app.state.services
    version = None
    if picked.get("version"):
        try:
            version = queries.get_version(session, me.user.id, uuid.UUID(picked["version"]))
        except ValueError:
            version = None
    return {
        "kind": kind,
        "heading": TITLES[kind],
        "resumes": queries.list_resumes(session, me.user.id),
        "jobs": queries.list_jobs(session, me.user.id),
        "version": version,
        "llm": services.settings.llm_base_url is not None,
        "formats": FORMATS,
        "picked": picked,
        "error": "",
    }


def _picked(resume: str, job: str, version: str, fmt: str = "pdf") -> dict[str, str]:
    return {"resume": resume, "job": job, "version": version, "format": fmt, "engine": ""}


@router.get("/suggestions")
def suggestions_page(
    request: Request,
    me: SignedIn,
    session: SessionDep,
    resume: str = "",
    job: str = "",
    version: str = "",
) -> Response:
    context = form_context(request, session, me, "suggestions", _picked(resume, job, version))
    return render(request, "writing.html", context, me=me)


@router.get("/letters")
def letters_page(
    request: Request,
    me: SignedIn,
    session: SessionDep,
    resume: str = "",
    job: str = "",
    version: str = "",
) -> Response:
    context = form_context(request, session, me, "letters", _picked(resume, job, version))
    return render(request, "writing.html", context, me=me)


@router.post("/suggestions")
async def ask_suggestions(request: Request, me: SignedIn, session: SessionDep) -> Response:
    return await _submit(request, me, session, "suggestions")


@router.post("/letters")
async def ask_letter(request: Request, me: SignedIn, session: SessionDep) -> Response:
    return await _submit(request, me, session, "letters")


async def _submit(request: Request, me: Viewer, session: SessionDep, kind: Kind) -> Response:
    form = await request.form()
    picked = {name: field(form, name) for name in ("resume", "job", "version", "format", "engine")}
    order: dict[str, Any] = {
        "resume_id": None if picked["version"] else picked["resume"] or None,
        "version_id": picked["version"] or None,
        "job_id": picked["job"] or None,
        "engine": picked["engine"] or None,
    }
    services: Services = request.app.state.services
    try:
        if kind == "letters":
            order["format"] = picked["format"] or "pdf"
            letter = LetterRequest.model_validate(order)
            asking = caller(request, me)
            submitted = await off_loop(
                writing.submit_letter, services, session, asking, letter, None
            )
        else:
            asked = SuggestionRequest.model_validate(order)
            asking = caller(request, me)
            submitted = await off_loop(
                writing.submit_suggestions, services, session, asking, asked, None
            )
    except (ValidationError, UserError) as exc:
        session.rollback()
        error = (
            "Choose a résumé and a job."
            if isinstance(exc, ValidationError)
            else sentence(exc.message)
        )
        context = {**form_context(request, session, me, kind, picked), "error": error}
        status = exc.status if isinstance(exc, UserError) else 422
        return render(request, "writing.html", context, status=status, me=me)
    return go(request, f"/{kind}/{submitted.task.id}")


@router.get("/suggestions/{task_id}")
def suggestions_result(
    request: Request, task_id: uuid.UUID, me: SignedIn, session: SessionDep
) -> Response:
    return _result(request, me, session, "suggestions", task_id)


@router.get("/letters/{task_id}")
def letter_result(
    request: Request, task_id: uuid.UUID, me: SignedIn, session: SessionDep
) -> Response:
    return _result(request, me, session, "letters", task_id)


def _result(
    request: Request, me: Viewer, session: SessionDep, kind: Kind, task_id: uuid.UUID
) -> Response:
    """While the task runs: its progress (polled). Then the suggestions, or the letter."""
    task = owned_task(session, me, task_id, TASK_KIND[kind])
    context: dict[str, Any] = {"task": task, "kind": kind, "heading": TITLES[kind]}
    if task.status != "succeeded" or not task.result:
        name = "_writing_status.html" if is_htmx(request) else "writing_status.html"
        return render(request, name, context, me=me)
    if is_htmx(request):
        return go(request, f"/{kind}/{task.id}")
    version = queries.get_version(session, me.user.id, uuid.UUID(str(task.result["version_id"])))
    job_id = task.payload.get("job_id")
    job = queries.get_job(session, me.user.id, uuid.UUID(str(job_id))) if job_id else None
    if version is None:
        raise not_found("résumé version")
    context.update(
        r=task.result,
        job=job,
        version=version,
        engine=engine_words(task.result.get("engine")),
        suggestions=[placed(s, version.document) for s in task.result.get("suggestions") or []],
        letter=task.result.get("letter"),
        format=str(task.payload.get("format") or "pdf"),
        other_format=_other(task),
    )
    return render(request, "written.html", context, me=me)


def _other(task: Task) -> str:
    return "docx" if (task.payload.get("format") or "pdf") == "pdf" else "pdf"


def placed(suggestion: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    """A suggestion with where its bullet is in words: "Work · Engineer at Acme · bullet 3"."""
    where = str(suggestion.get("path") or "")
    found = _PATH.match(where)
    if found is not None:
        section, entry, bullet = found.group(1), int(found.group(2)), int(found.group(3))
        entries = document.get(section) or []
        item = entries[entry] if entry < len(entries) and isinstance(entries[entry], dict) else {}
        label = " at ".join(str(part) for part in (item.get("position"), item.get("name")) if part)
        parts = [SECTION_WORDS.get(section, section), label, f"bullet {bullet + 1}"]
        where = " · ".join(part for part in parts if part)
    return {**suggestion, "where": where}
