"""Jobs: paste an ad and read its analysis; the match report of a résumé against it.

Storing goes through the API's ``jobs.create`` (the analysis happens there) and the report is
the API's ``jobs.match`` answer, drawn as a gauge, a breakdown and the skills found or missing.
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.responses import Response

from tailorcv.errors import UserError
from tailorcv.service import jobs
from tailorcv.service.schemas import JobCreate, MatchRequest
from tailorcv.store import queries
from tailorcv.store.models import Job
from tailorcv.web.deps import ServicesDep, SessionDep
from tailorcv.web.ui.home import field_errors
from tailorcv.web.ui.pages import (
    SignedIn,
    Viewer,
    field,
    go,
    not_found,
    off_loop,
    render,
    sentence,
)

router = APIRouter()


def owned(session: SessionDep, me: Viewer, job_id: uuid.UUID) -> Job:
    job = queries.get_job(session, me.user.id, job_id)
    if job is None:
        raise not_found("job")
    return job


@router.get("/jobs")
def list_page(request: Request, me: SignedIn, session: SessionDep) -> Response:
    context = {"jobs": queries.list_jobs(session, me.user.id), "errors": {}, "values": {}}
    return render(request, "jobs.html", context, me=me)


@router.post("/jobs")
async def paste(
    request: Request, me: SignedIn, services: ServicesDep, session: SessionDep
) -> Response:
    form = await request.form()
    values = {name: field(form, name) for name in ("title", "company", "text")}
    try:
        ad = JobCreate(**values)
        job = await off_loop(jobs.create_job, services, session, me.user, ad)
    except ValidationError as exc:
        errors = field_errors(exc)
        if "text" in errors:
            errors["text"] = "Paste the job ad's text here (up to 100,000 characters)."
        context = {"jobs": queries.list_jobs(session, me.user.id), "errors": errors}
        return render(request, "jobs.html", {**context, "values": values}, status=422, me=me)
    return go(request, f"/jobs/{job.id}")


@router.get("/jobs/{job_id}")
def detail(request: Request, job_id: uuid.UUID, me: SignedIn, session: SessionDep) -> Response:
    job = owned(session, me, job_id)
    context = {"job": job, "a": job.analysis, "resumes": queries.list_resumes(session, me.user.id)}
    return render(request, "job.html", context, me=me)


@router.post("/jobs/{job_id}/delete")
def delete(
    request: Request, job_id: uuid.UUID, me: SignedIn, services: ServicesDep, session: SessionDep
) -> Response:
    owned(session, me, job_id)
    jobs.delete_job(services, session, me.user, job_id)
    return go(request, "/jobs")


@router.get("/jobs/{job_id}/match")
def match(
    request: Request,
    job_id: uuid.UUID,
    me: SignedIn,
    services: ServicesDep,
    session: SessionDep,
    resume: str = "",
) -> Response:
    """The match report of a résumé's working draft against the job."""
    job = owned(session, me, job_id)
    resumes = queries.list_resumes(session, me.user.id)
    chosen = _chosen(resume, resumes)
    context: dict[str, Any] = {"job": job, "resumes": resumes, "chosen": chosen, "error": ""}
    if chosen is not None:
        try:
            body = MatchRequest(resume_id=chosen.id, job_id=job.id)
            context["m"] = jobs.match(services, session, me.user, body)
        except UserError as exc:
            context["error"] = sentence(exc.message)
    return render(request, "match.html", context, me=me)


def _chosen(raw: str, resumes: Any) -> Any:
    for resume in resumes:
        if str(resume.id) == raw:
            return resume
    return resumes[0] if resumes else None
