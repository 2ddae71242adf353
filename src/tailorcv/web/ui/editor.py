"""The résumé editor: the structured form, the raw JSON/YAML editor beside it, autosave of the
working draft, committing a version, and the history with restore.

Saving goes through the use case the API calls, ``service.resumes.update_resume`` (validation,
normalisation), and committing through ``commit_draft``; an ``InvalidResume`` becomes one
message per field, by path.
"""

from __future__ import annotations

import copy
import json
import uuid
from datetime import datetime
from typing import Any

import yaml
from fastapi import APIRouter, Request
from starlette.responses import Response

from tailorcv.errors import InvalidResume
from tailorcv.resume import read_text, to_dict
from tailorcv.service import resumes
from tailorcv.service.schemas import ResumeCreate, ResumeUpdate
from tailorcv.store import queries
from tailorcv.store.models import Resume
from tailorcv.web.deps import Services, ServicesDep, SessionDep
from tailorcv.web.ui import design_form, forms
from tailorcv.web.ui.pages import (
    SignedIn,
    Viewer,
    field,
    go,
    is_htmx,
    not_found,
    off_loop,
    render,
)

router = APIRouter()
BLANK: dict[str, Any] = {"basics": {"name": ""}}


def owned(session: SessionDep, me: Viewer, resume_id: uuid.UUID) -> Resume:
    resume = queries.get_resume(session, me.user.id, resume_id)
    if resume is None:
        raise not_found("résumé")
    return resume


def problems_by_path(exc: InvalidResume) -> dict[str, str]:
    """Each problem under its field's path ('' for the document as a whole)."""
    found: dict[str, str] = {}
    for problem in exc.problems:
        found.setdefault(problem.path, problem.message)
    return found


def raw_text(document: dict[str, Any], fmt: str) -> str:
    if fmt == "yaml":
        return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    return json.dumps(document, ensure_ascii=False, indent=2)


def editor_context(session: SessionDep, me: Viewer, resume: Resume, **extra: Any) -> dict[str, Any]:
    fmt = extra.pop("fmt", "json")
    document = extra.pop("document", resume.draft)
    return {
        "resume": resume,
        "doc": document,
        "sections": forms.ordered_sections(document),
        "basics_fields": forms.BASICS,
        "location_fields": forms.LOCATION,
        "profile_fields": forms.PROFILE,
        "others": forms.other_sections(document)[: forms.MAX_OTHERS],
        "versions": queries.list_versions(session, me.user.id, resume.id) or [],
        "raw": extra.pop("raw", None) or raw_text(resume.draft, fmt),
        "fmt": fmt,
        "errors": {},
        "raw_errors": [],
        "low": set(),
        "low_sections": set(),
        "section_sure": {},
        **extra,
    }


@router.post("/resumes")
async def create(
    request: Request, me: SignedIn, services: ServicesDep, session: SessionDep
) -> Response:
    """A new, empty résumé, opened in the editor."""
    form = await request.form()
    title = field(form, "title") or "New résumé"
    blank = ResumeCreate(title=title[:200], resume=BLANK)
    created, _version = await off_loop(resumes.create_resume, services, session, me.user, blank)
    return go(request, f"/resumes/{created.id}")


@router.get("/resumes/{resume_id}")
def edit(
    request: Request, resume_id: uuid.UUID, me: SignedIn, session: SessionDep, raw: str = "json"
) -> Response:
    resume = owned(session, me, resume_id)
    fmt = "yaml" if raw == "yaml" else "json"
    context = editor_context(session, me, resume, fmt=fmt, saved=request.query_params.get("saved"))
    return render(request, "editor.html", context, me=me)


async def _posted(request: Request, resume: Resume) -> tuple[dict[str, Any], str, str]:
    """The document the form describes, the move asked for, and the title."""
    form = await request.form()
    pairs = [(k, v) for k, v in form.multi_items() if isinstance(v, str)]
    document = design_form.document_of(pairs, resume.draft)  # the design panel's too
    return document, field(form, "move"), field(form, "title") or resume.title


def _save(
    request: Request,
    session: SessionDep,
    me: Viewer,
    resume: Resume,
    document: dict[str, Any],
    title: str,
) -> dict[str, str]:
    """Save the working draft as the API's update does; the problems by path, if any."""
    services: Services = request.app.state.services
    if bounds := forms.other_problems(document):
        return {problem.path: problem.message for problem in bounds}
    try:
        body = ResumeUpdate(title=title[:200], resume=document)
        resumes.update_resume(services, session, me.user, resume.id, body)
    except InvalidResume as exc:
        session.rollback()
        return problems_by_path(exc)
    return {}


async def _moved(request: Request, document: dict[str, Any], move: str) -> dict[str, Any]:
    """The document after the move a button or a drag asked for; Undo's move carries the
    removed entry back in the form's ``removed`` field."""
    if not move:
        return document
    removed = field(await request.form(), "removed")
    return forms.apply_move(copy.deepcopy(document), move, removed)


@router.post("/resumes/{resume_id}/edit")
async def save_form(
    request: Request, resume_id: uuid.UUID, me: SignedIn, session: SessionDep
) -> Response:
    """Save the form, after a move (add, remove, reorder) when a button asked for one."""
    resume = owned(session, me, resume_id)
    document, move, title = await _posted(request, resume)
    shown = await _moved(request, document, move)
    adding = move.startswith("add:")
    errors = _save(request, session, me, resume, document if adding else shown, title)
    context = editor_context(session, me, resume, document=shown, errors=errors)
    context["saved"] = "form" if not errors else None
    context["move_path"] = move.partition(":")[2]
    context["move"], context["undo"] = move, forms.undo_for(document, move)
    name = "_editor_form.html" if is_htmx(request) else "editor.html"
    return render(request, name, context, status=422 if errors else 200, me=me)


@router.post("/resumes/{resume_id}/autosave")
async def autosave(
    request: Request, resume_id: uuid.UUID, me: SignedIn, session: SessionDep
) -> Response:
    """Save the draft as it is typed; errors go beside their fields (out-of-band swaps)."""
    resume = owned(session, me, resume_id)
    document, _move, title = await _posted(request, resume)
    errors = _save(request, session, me, resume, document, title)
    now = datetime.now().strftime("%H:%M:%S")
    return render(request, "_autosave.html", {"errors": errors, "now": now}, me=me)


@router.post("/resumes/{resume_id}/raw")
async def save_raw(
    request: Request, resume_id: uuid.UUID, me: SignedIn, session: SessionDep
) -> Response:
    """Save the raw editor's JSON or YAML (JSON Resume, or a format tailorcv reads)."""
    resume = owned(session, me, resume_id)
    form = await request.form()
    text, fmt = str(form.get("raw") or ""), "yaml" if field(form, "fmt") == "yaml" else "json"
    try:
        document = to_dict(read_text(text, source="the raw editor").resume)
        errors = _save(request, session, me, resume, document, resume.title)
    except InvalidResume as exc:
        errors = problems_by_path(exc)
    if not errors:
        return go(request, f"/resumes/{resume.id}?saved=raw&raw={fmt}")
    raw_errors = [f"{path}: {message}" if path else message for path, message in errors.items()]
    context = editor_context(session, me, resume, raw=text, fmt=fmt, raw_errors=raw_errors)
    name = "_raw_editor.html" if is_htmx(request) else "editor.html"
    return render(request, name, context, status=422, me=me)


@router.post("/resumes/{resume_id}/commit")
def commit(
    request: Request, resume_id: uuid.UUID, me: SignedIn, services: ServicesDep, session: SessionDep
) -> Response:
    """Commit the working draft as a version (the API's commit), then show the history."""
    resume = owned(session, me, resume_id)
    resumes.commit_draft(services, session, me.user, resume.id)
    if not is_htmx(request):
        return go(request, f"/resumes/{resume.id}?saved=committed")
    context = editor_context(session, me, resume, committed=True)
    return render(request, "_history.html", context, me=me)


@router.post("/resumes/{resume_id}/restore/{version_id}")
def restore(
    request: Request,
    resume_id: uuid.UUID,
    version_id: uuid.UUID,
    me: SignedIn,
    services: ServicesDep,
    session: SessionDep,
) -> Response:
    """Make a version's document the working draft again (the versions stay as they were)."""
    resume = owned(session, me, resume_id)
    version = queries.get_version(session, me.user.id, version_id)
    if version is None or version.resume_id != resume.id:
        raise not_found("version")
    body = ResumeUpdate(resume=version.document)
    resumes.update_resume(services, session, me.user, resume.id, body)
    return go(request, f"/resumes/{resume.id}?saved=restored")


@router.post("/resumes/{resume_id}/delete")
def delete(
    request: Request, resume_id: uuid.UUID, me: SignedIn, services: ServicesDep, session: SessionDep
) -> Response:
    owned(session, me, resume_id)
    resumes.delete_resume(services, session, me.user, resume_id)
    return go(request, "/dashboard")
