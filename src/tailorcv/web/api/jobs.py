"""Jobs (a pasted ad, analysed at once) and matches (a résumé scored against a job)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, status

import tailorcv
from tailorcv.match import analyse, score
from tailorcv.ops.cache import content_key
from tailorcv.resume import validate
from tailorcv.store import queries
from tailorcv.store.models import Job
from tailorcv.tasks.kinds import job_analysis
from tailorcv.web.deps import CurrentUser, ServicesDep, SessionDep
from tailorcv.web.schemas import Items, JobCreate, JobPublic, JobSummary, MatchRequest
from tailorcv.web.work import job_changed, not_found

router = APIRouter(tags=["jobs"])


@router.post("/jobs", status_code=status.HTTP_201_CREATED)
def create(
    body: JobCreate, user: CurrentUser, session: SessionDep, services: ServicesDep
) -> JobPublic:
    """Store the ad with its analysis (a few milliseconds; the same ad pasted again within
    30 minutes is not analysed twice), so later matches need not redo it. A title or company
    left empty is taken from the analysis."""
    analysis: dict[str, Any] = services.cache.get_or_set(
        "analysis",
        content_key(tailorcv.__version__, body.text),
        lambda: analyse(body.text).to_dict(),
    )
    allowed = services.settings.storage_per_user_bytes
    with queries.within_allowance(session, user.id, allowed):  # a job ad counts (issue 16)
        job = queries.create_job(
            session,
            user.id,
            body.text,
            analysis,
            title=body.title or analysis.get("title") or "",
            company=body.company or analysis.get("company") or "",
        )
    session.commit()
    return JobPublic.model_validate(job)


@router.get("/jobs")
def list_all(user: CurrentUser, session: SessionDep) -> Items[JobSummary]:
    return Items(
        items=[JobSummary.model_validate(job) for job in queries.list_jobs(session, user.id)]
    )


def owned(session: SessionDep, owner_id: uuid.UUID, job_id: uuid.UUID) -> Job:
    job = queries.get_job(session, owner_id, job_id)
    if job is None:
        raise not_found("job", job_id)
    return job


@router.get("/jobs/{job_id}")
def read(job_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> JobPublic:
    return JobPublic.model_validate(owned(session, user.id, job_id))


@router.delete("/jobs/{job_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete(
    job_id: uuid.UUID, user: CurrentUser, session: SessionDep, services: ServicesDep
) -> None:
    """Versions tailored for the job keep their document and lose the link."""
    if not queries.delete_job(session, user.id, job_id):
        raise not_found("job", job_id)
    session.commit()
    job_changed(services, job_id)


@router.post("/match")
def match(
    body: MatchRequest, user: CurrentUser, session: SessionDep, services: ServicesDep
) -> dict[str, Any]:
    """Score a résumé's working draft, or a version, against a job: ``Match.to_dict()``.
    Cached for an hour by the content of both (``match`` namespace), dropped when the résumé
    is edited or deleted."""
    if body.version_id is not None:
        version = queries.get_version(session, user.id, body.version_id)
        if version is None:
            raise not_found("version", body.version_id)
        document, resume_id = version.document, version.resume_id
    else:
        assert body.resume_id is not None
        resume = queries.get_resume(session, user.id, body.resume_id)
        if resume is None:
            raise not_found("résumé", body.resume_id)
        document, resume_id = resume.draft, resume.id
    job = owned(session, user.id, body.job_id)
    key = content_key(tailorcv.__version__, queries.content_hash(document), job.text)
    return services.cache.get_or_set(
        "match",
        key,
        lambda: score(validate(document).resume, job_analysis(job.analysis, job.text)).to_dict(),
        tags=(f"resume:{resume_id}", f"job:{job.id}"),
    )
