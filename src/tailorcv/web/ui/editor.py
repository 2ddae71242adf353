"""The résumé editor: the structured form, the raw JSON/YAML editor beside it, autosave of the
working draft, committing a version, the history with restore, and duplicating the résumé.

Saving goes through the use case the API calls, ``service.resumes.update_resume`` (validation,
normalisation), and committing through ``commit_draft``; an ``InvalidResume`` becomes one
message per field, by path.

One document, two panels (issue 19): every save carries the draft its panel started from
(``drafts``), and one over a newer draft is refused with what changed, the person's text kept.
A save that goes through refreshes the other panel with the saved draft (the form's: an
out-of-band swap of the raw editor; the raw editor's: the page drawn anew), unless that panel
holds typing of its own not yet saved (``static/ui.js`` says which: the ``fresh_form`` and
``fresh_raw`` fields). A plain form post (no script) is answered with a
redirect to the editor, so that reloading never posts again.
"""

from __future__ import annotations

import copy
import json
import uuid
from datetime import datetime
from typing import Any
from urllib.parse import quote

import yaml
from fastapi import APIRouter, Request
from starlette.datastructures import FormData
from starlette.responses import Response

from tailorcv.errors import DraftChanged, InvalidResume, UserError
from tailorcv.resume import fresh, read_text, to_dict
from tailorcv.service import resumes
from tailorcv.service.schemas import ResumeCreate, ResumeUpdate
from tailorcv.store import queries
from tailorcv.store.models import Resume
from tailorcv.web.deps import Services, ServicesDep, SessionDep
from tailorcv.web.ui import design_form, drafts, forms
from tailorcv.web.ui.drafts import Base, Outcome
from tailorcv.web.ui.pages import (
    PageError,
    SignedIn,
    Viewer,
    field,
    go,
    is_htmx,
    not_found,
    off_loop,
    render,
    sentence,
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


def panel_context(resume: Resume, fmt: str = "json", **extra: Any) -> dict[str, Any]:
    """What the two panels need to be drawn: the résumé, the raw text, and each panel's base
    (the saved draft, unless a refused save keeps the one it started from)."""
    base = drafts.base_text(resume)
    return {
        "resume": resume,
        "raw": raw_text(resume.draft, fmt),
        "fmt": fmt,
        "base": base,
        "raw_base": base,
        "raw_errors": [],
        "conflict": None,
        "raw_conflict": None,
        "input_types": forms.INPUT_TYPES,
        **extra,
    }


def editor_context(session: SessionDep, me: Viewer, resume: Resume, **extra: Any) -> dict[str, Any]:
    fmt = extra.pop("fmt", "json")
    document = extra.pop("document", None)
    if document is None:
        document = resume.draft
    return {
        **panel_context(resume, fmt),
        "doc": document,
        "sections": forms.ordered_sections(document),
        "basics_fields": forms.BASICS,
        "location_fields": forms.LOCATION,
        "profile_fields": forms.PROFILE,
        "others": forms.other_sections(document)[: forms.MAX_OTHERS],
        "kept_sections": [s["title"] for s in fresh.extra_sections(document)],
        "versions": queries.list_versions(session, me.user.id, resume.id) or [],
        "errors": {},
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
    request: Request,
    resume_id: uuid.UUID,
    me: SignedIn,
    session: SessionDep,
    raw: str = "json",
    adding: str = "",
) -> Response:
    """The editor; ``adding`` (a section or list, after a plain form's "Add") shows a new
    empty entry there, which is saved once something is typed in it."""
    resume = owned(session, me, resume_id)
    fmt = "yaml" if raw == "yaml" else "json"
    shown = forms.apply_move(copy.deepcopy(resume.draft), f"add:{adding}") if adding else None
    context = editor_context(
        session, me, resume, fmt=fmt, saved=request.query_params.get("saved"), document=shown
    )
    context["move_path"] = adding
    return render(request, "editor.html", context, me=me)


def _posted(form: FormData, resume: Resume) -> tuple[dict[str, Any], str, str]:
    """The document the form describes, the move asked for, and the title."""
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
    base: Base,
) -> Outcome:
    """Save the working draft as the API's update does, over the draft ``base`` names."""
    services: Services = request.app.state.services
    if bounds := forms.other_problems(document):
        return Outcome(errors={problem.path: problem.message for problem in bounds})
    try:
        body = ResumeUpdate(title=title[:200], resume=document)
        resumes.update_resume(services, session, me.user, resume.id, body, base=base.revision)
    except InvalidResume as exc:
        session.rollback()
        return Outcome(errors=problems_by_path(exc))
    except DraftChanged:
        session.refresh(resume)
        return Outcome(conflict=drafts.conflict(base, resume))
    return Outcome()


def _fresh_raw(form: FormData) -> str | None:
    """The raw editor's format when it may be refreshed (it holds no typing of its own)."""
    fmt = field(form, "fresh_raw")
    return fmt if fmt in ("json", "yaml") else None


def _moved(form: FormData, document: dict[str, Any], move: str) -> dict[str, Any]:
    """The document after the move a button or a drag asked for; Undo's move carries the
    removed entry back in the form's ``removed`` field."""
    if not move:
        return document
    return forms.apply_move(copy.deepcopy(document), move, field(form, "removed"))


@router.post("/resumes/{resume_id}/edit")
async def save_form(
    request: Request, resume_id: uuid.UUID, me: SignedIn, session: SessionDep
) -> Response:
    """Save the form, after a move (add, remove, reorder) when a button asked for one. A plain
    form post (scripts off) that saved is answered with a redirect, unless its answer offers
    Undo of a removal, which only that answer can carry: a reload posts it again, and a save
    whose result is already the draft changes nothing (``update_resume``)."""
    resume = owned(session, me, resume_id)
    form = await request.form()
    document, move, title = _posted(form, resume)
    base = drafts.posted_base(form)
    shown = _moved(form, document, move)
    adding = move.startswith("add:")
    outcome = _save(request, session, me, resume, document if adding else shown, title, base)
    undo = forms.undo_for(document, move)
    if outcome.saved and not is_htmx(request) and undo is None:
        added = f"&adding={quote(move[4:])}" if adding else ""
        return go(request, f"/resumes/{resume.id}?saved=form{added}")
    fresh = _fresh_raw(form) if outcome.saved else None
    context = editor_context(session, me, resume, document=shown, fmt=fresh or "json")
    context.update(errors=outcome.errors, conflict=outcome.conflict, refresh_raw=fresh)
    context["raw_oob"] = True  # drawn only when refreshed, out of band
    context["saved"] = "form" if outcome.saved else None
    context["move_path"] = move.partition(":")[2]
    context["move"], context["undo"] = move, undo
    if not outcome.saved:
        context["base"] = base.text or context["base"]
    name = "_editor_saved.html" if is_htmx(request) else "editor.html"
    return render(request, name, context, status=outcome.status, me=me)


@router.post("/resumes/{resume_id}/autosave")
async def autosave(
    request: Request, resume_id: uuid.UUID, me: SignedIn, session: SessionDep
) -> Response:
    """Save the draft as it is typed; errors go beside their fields, a refusal over a newer
    draft below the form's head, the new base into the form, the saved draft into the raw
    editor when it may be refreshed (out-of-band swaps)."""
    resume = owned(session, me, resume_id)
    form = await request.form()
    document, _move, title = _posted(form, resume)
    outcome = _save(request, session, me, resume, document, title, drafts.posted_base(form))
    fresh = _fresh_raw(form) if outcome.saved else None
    context = panel_context(resume, fresh or "json", refresh_raw=fresh, saved=outcome.saved)
    context.update(errors=outcome.errors, conflict=outcome.conflict, raw_oob=True)
    context["now"] = datetime.now().strftime("%H:%M:%S")
    return render(request, "_autosave.html", context, status=outcome.status, me=me)


@router.post("/resumes/{resume_id}/raw")
async def save_raw(
    request: Request, resume_id: uuid.UUID, me: SignedIn, session: SessionDep
) -> Response:
    """Save the raw editor's JSON or YAML (JSON Resume, or a format tailorcv reads)."""
    resume = owned(session, me, resume_id)
    form = await request.form()
    text, fmt = str(form.get("raw") or ""), "yaml" if field(form, "fmt") == "yaml" else "json"
    base = drafts.posted_base(form)
    try:
        document = to_dict(read_text(text, source="the raw editor").resume)
        outcome = _save(request, session, me, resume, document, resume.title, base)
    except InvalidResume as exc:
        outcome = Outcome(errors=problems_by_path(exc))
    if outcome.saved and (not is_htmx(request) or field(form, "fresh_form") == "1"):
        return go(request, f"/resumes/{resume.id}?saved=raw&raw={fmt}")  # both panels anew
    if outcome.saved:
        # The form holds typing of its own: it is left as it is, and its next save is refused
        # with what this one changed.
        context = editor_context(session, me, resume, fmt=fmt, raw_saved=True)
        return render(request, "_raw_editor.html", context, me=me)
    raw_errors = [
        f"{path}: {message}" if path else message for path, message in outcome.errors.items()
    ]
    context = editor_context(session, me, resume, fmt=fmt, raw_errors=raw_errors)
    context.update(
        raw=text, raw_base=base.text or context["raw_base"], raw_conflict=outcome.conflict
    )
    name = "_raw_editor.html" if is_htmx(request) else "editor.html"
    return render(request, name, context, status=outcome.status, me=me)


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
    """Make a version's document the working draft again, the draft it replaces kept as a
    version first (``service.resumes.restore_version``): the page asks before, and says so."""
    owned(session, me, resume_id)
    restored = restore_version(services, session, me, resume_id, version_id)
    return go(request, f"/resumes/{resume_id}?saved=restored{'-kept' if restored.kept else ''}")


def restore_version(
    services: Services, session: SessionDep, me: Viewer, resume_id: uuid.UUID, version_id: uuid.UUID
) -> resumes.Restored:
    """``restore_version``, its refusals as pages (an unknown version, no room to keep the
    draft); shared with "use as my working draft" after tailoring."""
    try:
        return resumes.restore_version(services, session, me.user, resume_id, version_id)
    except UserError as exc:
        session.rollback()
        if exc.status == 404:
            raise not_found("version") from None
        raise PageError(exc.status, "Not restored", sentence(exc.message)) from None


@router.post("/resumes/{resume_id}/duplicate")
async def duplicate(
    request: Request, resume_id: uuid.UUID, me: SignedIn, services: ServicesDep, session: SessionDep
) -> Response:
    """A copy of the résumé's working draft as a new résumé ("Copy of …"), opened in the
    editor: the API's ``POST /resumes/{id}/duplicate``, its storage allowance included."""
    owned(session, me, resume_id)
    try:
        created, _version = await off_loop(
            resumes.duplicate_resume, services, session, me.user, resume_id
        )
    except UserError as exc:
        session.rollback()
        raise PageError(exc.status, "Not duplicated", sentence(exc.message)) from None
    return go(request, f"/resumes/{created.id}?saved=duplicated")


@router.post("/resumes/{resume_id}/delete")
def delete(
    request: Request, resume_id: uuid.UUID, me: SignedIn, services: ServicesDep, session: SessionDep
) -> Response:
    owned(session, me, resume_id)
    resumes.delete_resume(services, session, me.user, resume_id)
    return go(request, "/dashboard")
