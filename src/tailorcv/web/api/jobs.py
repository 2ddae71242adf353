"""Jobs (a pasted ad, analysed at once) and matches (a résumé scored against a job):
``service.jobs``."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, status

from tailorcv.service import jobs
from tailorcv.service.jobs import owned
from tailorcv.service.schemas import Items, JobCreate, JobPublic, JobSummary, MatchRequest
from tailorcv.store import queries
from tailorcv.web.deps import CurrentUser, ServicesDep, SessionDep

router = APIRouter(tags=["jobs"])


@router.post("/jobs", status_code=status.HTTP_201_CREATED)
def create(
    body: JobCreate, user: CurrentUser, session: SessionDep, services: ServicesDep
) -> JobPublic:
    """Store the ad with its analysis (a few milliseconds; the same ad pasted again within
    30 minutes is not analysed twice), so later matches need not redo it. A title or company
    left empty is taken from the analysis."""
    return JobPublic.model_validate(jobs.create_job(services, session, user, body))


@router.get("/jobs")
def list_all(user: CurrentUser, session: SessionDep) -> Items[JobSummary]:
    return Items(
        items=[JobSummary.model_validate(job) for job in queries.list_jobs(session, user.id)]
    )


@router.get("/jobs/{job_id}")
def read(job_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> JobPublic:
    return JobPublic.model_validate(owned(session, user.id, job_id))


@router.delete("/jobs/{job_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete(
    job_id: uuid.UUID, user: CurrentUser, session: SessionDep, services: ServicesDep
) -> None:
    """Versions tailored for the job keep their document and lose the link."""
    jobs.delete_job(services, session, user, job_id)


@router.post("/match")
def match(
    body: MatchRequest, user: CurrentUser, session: SessionDep, services: ServicesDep
) -> dict[str, Any]:
    """Score a résumé's working draft, or a version, against a job: ``Match.to_dict()``.
    Cached for an hour by the content of both (``match`` namespace), dropped when the résumé
    is edited or deleted."""
    return jobs.match(services, session, user, body)
