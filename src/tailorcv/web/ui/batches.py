"""Batches: rank many candidates against one job, watch the progress, read and sort the ranking
(a table on a wide screen, cards on a phone), open one candidate in full, export the ranking,
tailor the best, delete the batch.

Everything goes through the use cases the API calls (``service.batches``, ``service.batch_submit``):
the new-batch form is read as the API reads it (``web.batch_form``) and submitted with its limits,
its zip checks and its storage allowance, the page is the API's report (``limit=0``, the cheap
progress, while polling), and the exports are the API's own URLs. The page adds words, the knock-out
criteria as separate fields, and sorting.

Every form answers a plain POST with a redirect, never a page at its POST address (issue 19): a
refusal goes to the form's page with its reasons (``web.ui.flash``), so a reload neither sends
the form again nor lands on an action's address (a GET of one goes to its page, never a 405).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.responses import Response

from tailorcv.errors import UserError
from tailorcv.match.analyse import EDUCATION
from tailorcv.render import list_templates
from tailorcv.resume.model import DEFAULT_TEMPLATE
from tailorcv.service import batch_submit, batches
from tailorcv.service.batch_schemas import (
    BatchReport,
    BatchTailorRequest,
    CandidateDetail,
    RankedRow,
)
from tailorcv.service.files import disposition, safe_filename
from tailorcv.store import batch_queries, queries
from tailorcv.web.batch_form import read_batch_form
from tailorcv.web.deps import ServicesDep, SessionDep
from tailorcv.web.ui import flash
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
ACCEPT = ".pdf,.docx,.txt,.md,.markdown,.json,.yaml,.yml,.zip"
CRITERIA_FIELDS = ("skills", "min_years", "degree", "languages")
UNFINISHED = ("queued", "running")
# column → how a row sorts (ascending); every key ends with the upload order, for stable ties
SORTS: dict[str, Any] = {
    "rank": lambda row, years: (row.rank or 10**9, row.position),
    "score": lambda row, years: (row.score or 0.0, -row.position),
    "candidate": lambda row, years: (row.candidate.casefold(), row.position),
    "years": lambda row, years: (years.get(str(row.id), 0.0), -row.position),
    "matched": lambda row, years: (row.required_met, row.score or 0.0),
}
FIRST_ORDER = {"rank": "asc", "candidate": "asc"}  # the other columns start best first
FLASH_ROOM = 2000  # bytes of typed values carried to the list after a refusal (web.ui.flash)


# The list and the new-batch form


def form_context(request: Request, session: SessionDep, me: Viewer, **extra: Any) -> dict[str, Any]:
    return {
        "batches": batches.list_batches(request.app.state.services, session, me.user),
        "jobs": queries.list_jobs(session, me.user.id),
        "resumes": queries.list_resumes(session, me.user.id),
        "degrees": EDUCATION,
        "accept": ACCEPT,
        "values": {},
        "picked": [],
        "error": "",
        "criteria_error": "",
        "notice": "",
        **extra,
    }


@router.get("/batches")
def list_page(request: Request, me: SignedIn, session: SessionDep) -> Response:
    """The list and the form; a refused plain form's reasons and values, carried here once."""
    note = flash.read(request, me)
    carried = {k: note.get(k) for k in ("values", "picked", "error", "criteria_error", "notice")}
    context = form_context(request, session, me, **{k: v for k, v in carried.items() if v})
    return flash.shown(request, render(request, "batches.html", context, me=me))


@router.post("/batches")
async def create(
    request: Request, me: SignedIn, services: ServicesDep, session: SessionDep
) -> Response:
    """The form is read as the API reads it, with the criteria fields made into its one
    ``criteria`` JSON field and the empty file part of "no file chosen" left out."""
    limit = services.settings.batch_max_items
    values: dict[str, str] = {}
    picked: list[str] = []
    try:
        form = await request.form(max_files=limit + 1, max_fields=limit + 50)
        values = {name: field(form, name) for name in ("title", "job_id", "job_text", "blind")}
        values.update({name: field(form, name) for name in CRITERIA_FIELDS})
        picked = [str(v) for v in form.getlist("resume_ids")]
        if values["job_id"] and values["job_text"]:
            raise UserError("Choose one of your jobs or paste an ad, not both.")
        # Starlette keeps the parsed form on the request: read_batch_form reads this one.
        request._form = _for_api(form, _criteria(values))
        order = await read_batch_form(request, services.settings)
        asking = caller(request, me)
        batch = await off_loop(batch_submit.submit, services, session, asking, order)
    except HTTPException as exc:
        return _refused(request, session, me, values, picked, sentence(str(exc.detail)), 400)
    except UserError as exc:
        session.rollback()
        return _refused(request, session, me, values, picked, exc, exc.status)
    return go(request, f"/batches/{batch.id}")


def fitting(values: dict[str, str], limit: int = FLASH_ROOM) -> dict[str, str]:
    """``values`` small enough to ride in the flash cookie (a browser keeps 4 KB of one): the
    longest emptied first, most often a long pasted ad, which is then pasted again."""
    kept = dict(values)
    while len(json.dumps(kept, ensure_ascii=False).encode()) > limit and any(kept.values()):
        longest = max(kept, key=lambda name: len(kept[name]))
        kept[longest] = ""
    return kept


def _criteria(values: dict[str, str]) -> str:
    """The knock-out fields as the API's ``criteria`` JSON (``InvalidCriteria`` says what is
    wrong, as the API would)."""
    criteria: dict[str, Any] = {}
    for name in ("skills", "languages"):
        listed = [part.strip() for part in values[name].replace(";", ",").split(",")]
        if any(listed):
            criteria[name] = [part for part in listed if part]
    if values["min_years"]:
        try:
            criteria["min_years"] = float(values["min_years"].replace(",", "."))
        except ValueError:
            criteria["min_years"] = values["min_years"]  # refused below, in the API's words
    if values["degree"]:
        criteria["degree"] = values["degree"]
    return json.dumps(criteria) if criteria else ""


def _for_api(form: FormData, criteria: str) -> FormData:
    items: list[tuple[str, str | UploadFile]] = []
    for name, value in form.multi_items():
        if name in CRITERIA_FIELDS or name in ("criteria", "csrf_token"):
            continue
        if name == "files" and (not isinstance(value, UploadFile) or not value.filename):
            continue
        items.append((name, value))
    if criteria:
        items.append(("criteria", criteria))
    return FormData(items)


def _refused(
    request: Request,
    session: SessionDep,
    me: Viewer,
    values: dict[str, str],
    picked: list[str],
    problem: UserError | str,
    status: int,
) -> Response:
    """The form again with the reason: in place for htmx; a plain form is redirected to the
    list, which shows it once (the files chosen cannot be carried: they are chosen again)."""
    message = problem if isinstance(problem, str) else sentence(problem.message)
    about_criteria = isinstance(problem, UserError) and problem.message.startswith("criteria")
    reasons = {
        "error": "" if about_criteria else message,
        "criteria_error": message if about_criteria else "",
    }
    if not is_htmx(request):
        kept = fitting(values)
        return flash.send(request, "/batches", me, values=kept, picked=picked, **reasons)
    context = form_context(request, session, me, values=values, picked=picked, **reasons)
    return render(request, "_batch_form.html", context, status=status, me=me)


# One batch


def report(
    request: Request, session: SessionDep, me: Viewer, batch_id: uuid.UUID, limit: int
) -> BatchReport:
    try:
        services = request.app.state.services
        return batches.batch_report(services, session, me.user, batch_id, limit)
    except UserError as exc:
        if exc.status == 404:
            raise not_found("batch") from None
        raise


def tailoring_pending(rows: list[RankedRow]) -> bool:
    """Whether a tailoring of the top candidates, or its render, is still to come."""
    for row in rows:
        info = row.tailoring or {}
        if not info:
            continue
        if info.get("tailor_status") in UNFINISHED:
            return True
        rendering = info.get("render_status")
        if info.get("tailor_status") == "succeeded" and rendering in (None, *UNFINISHED):
            return True
    return False


def sorted_rows(
    rows: list[RankedRow], years: dict[str, float], sort: str, order: str
) -> list[RankedRow]:
    key = SORTS.get(sort, SORTS["rank"])
    return sorted(rows, key=lambda row: key(row, years), reverse=order == "desc")


@router.get("/batches/{batch_id}")
def detail(
    request: Request,
    batch_id: uuid.UUID,
    me: SignedIn,
    session: SessionDep,
    sort: str = "rank",
    order: str = "",
) -> Response:
    answer = report(request, session, me, batch_id, 1000)
    ranking = answer.ranking
    sort = sort if sort in SORTS else "rank"
    order = order if order in ("asc", "desc") else FIRST_ORDER.get(sort, "desc")
    years = _years(session, me, [*ranking.ranked, *ranking.knocked_out])
    tailored = [row for row in ranking.ranked if row.tailoring]
    # Knocked-out candidates have no rank: by rank means best score first.
    knocked = ("score", "desc") if sort == "rank" else (sort, order)
    context = {
        "b": answer.batch,
        "job": queries.get_job(session, me.user.id, answer.batch.job_id)
        if answer.batch.job_id
        else None,
        "ranked": sorted_rows(ranking.ranked, years, sort, order),
        "knocked_out": sorted_rows(ranking.knocked_out, years, *knocked),
        "failed": ranking.failed,
        "years": years,
        "sort": sort,
        "order": order,
        "first_order": FIRST_ORDER,
        "tailored": tailored,
        "pending": tailoring_pending(tailored),
        "ready": any((row.tailoring or {}).get("file_id") for row in tailored),
        "templates": list_templates(),
        "knockouts": knockout_words(answer.batch.criteria),
        "tailor_error": flash.read(request, me).get("error", ""),
    }
    return flash.shown(request, render(request, "batch.html", context, me=me))


def knockout_words(criteria: dict[str, Any]) -> list[str]:
    """The batch's knock-out criteria, in words."""
    words = [*criteria.get("skills", [])]
    if criteria.get("min_years"):
        words.append(f"{criteria['min_years']:g}+ years")
    if criteria.get("degree"):
        words.append(f"{criteria['degree']} degree or higher")
    return words + [f"speaks {name}" for name in criteria.get("languages", [])]


def _years(session: SessionDep, me: Viewer, rows: list[RankedRow]) -> dict[str, float]:
    """Each scored candidate's years of experience (kept with its result for the criteria)."""
    items = batch_queries.get_items(session, me.user.id, [row.id for row in rows])
    return {
        str(item.id): float(((item.result or {}).get("facts") or {}).get("years") or 0.0)
        for item in items
    }


@router.get("/batches/{batch_id}/progress")
def progress(
    request: Request,
    batch_id: uuid.UUID,
    me: SignedIn,
    session: SessionDep,
    sort: str = "rank",
    order: str = "",
    tailoring: int = 0,
) -> Response:
    """The progress bar, polled while the batch runs (or its top candidates are tailored); once
    all is done, the browser reloads the page to show the ranking."""
    answer = report(request, session, me, batch_id, 0)
    running = answer.batch.status == "running"
    waiting = False
    if not running and tailoring:
        ranked = report(request, session, me, batch_id, 50).ranking.ranked
        waiting = tailoring_pending([row for row in ranked if row.tailoring])
    if (running or waiting) or not is_htmx(request):
        context = {"b": answer.batch, "sort": sort, "order": order, "pending": waiting}
        return render(request, "_batch_progress.html", context, me=me)
    default = sort == "rank" and order in ("", FIRST_ORDER["rank"])
    suffix = "" if default else f"?sort={sort}&order={order}"
    return go(request, f"/batches/{batch_id}{suffix}")


@router.get("/batches/{batch_id}/candidates/{item_id}")
def candidate(
    request: Request, batch_id: uuid.UUID, item_id: uuid.UUID, me: SignedIn, session: SessionDep
) -> Response:
    """One candidate in full: score and its parts, skills met and missing, the tailored résumé
    and its downloads."""
    found = _candidate(request, session, me, batch_id, item_id)
    batch = report(request, session, me, batch_id, 0).batch
    return render(request, "batch_candidate.html", {"b": batch, "c": found}, me=me)


def _candidate(
    request: Request, session: SessionDep, me: Viewer, batch_id: uuid.UUID, item_id: uuid.UUID
) -> CandidateDetail:
    try:
        services = request.app.state.services
        return batches.candidate_detail(services, session, me.user, batch_id, item_id)
    except UserError as exc:
        if exc.status == 404:
            raise not_found("candidate") from None
        raise


@router.get("/batches/{batch_id}/candidates/{item_id}/tailored.json")
def tailored_json(
    request: Request, batch_id: uuid.UUID, item_id: uuid.UUID, me: SignedIn, session: SessionDep
) -> Response:
    """The candidate's tailored résumé as JSON Resume, downloaded."""
    found = _candidate(request, session, me, batch_id, item_id)
    version_id = (found.candidate.tailoring or {}).get("version_id")
    version = (
        queries.get_version(session, me.user.id, uuid.UUID(version_id)) if version_id else None
    )
    if version is None:
        raise not_found("tailored résumé")
    name = safe_filename(f"{found.candidate.candidate}-tailored.json")
    body = json.dumps(version.document, ensure_ascii=False, indent=2).encode()
    headers = {"Content-Disposition": disposition(name)}
    return Response(body, media_type="application/json", headers=headers)


@router.post("/batches/{batch_id}/tailor")
async def tailor(
    request: Request, batch_id: uuid.UUID, me: SignedIn, services: ServicesDep, session: SessionDep
) -> Response:
    form = await request.form()
    try:
        body = BatchTailorRequest.model_validate(
            {
                "top": field(form, "top") or 5,
                "template": field(form, "template") or DEFAULT_TEMPLATE,
            }
        )
        asking = caller(request, me)
        await off_loop(batches.tailor_batch, services, session, asking, batch_id, body)
    except ValidationError:
        return _tailoring_refused(request, me, batch_id, "Choose how many to tailor: from 1 to 50.")
    except UserError as exc:
        session.rollback()
        if exc.status == 404:
            return _gone(request, me)
        return _tailoring_refused(request, me, batch_id, sentence(exc.message))
    return go(request, f"/batches/{batch_id}#tailoring")


def _tailoring_refused(request: Request, me: Viewer, batch_id: uuid.UUID, text: str) -> Response:
    """Back to the batch, whose tailoring section says why."""
    return flash.send(request, f"/batches/{batch_id}#tailoring", me, error=text)


def _gone(request: Request, me: Viewer) -> Response:
    """Back to the list, which says the batch is not there (deleted meanwhile, or not yours)."""
    notice = "There is no such batch any more, or it is not yours."
    return flash.send(request, "/batches", me, notice=notice)


@router.post("/batches/{batch_id}/delete")
def delete(
    request: Request, batch_id: uuid.UUID, me: SignedIn, services: ServicesDep, session: SessionDep
) -> Response:
    try:
        batches.delete_batch(services, session, me.user, batch_id)
    except UserError as exc:
        if exc.status == 404:
            return _gone(request, me)
        raise
    return go(request, "/batches")
