"""Jobs (a pasted ad, analysed at once) and matches (a résumé scored against a job)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, status

from tailorcv.match import analyse, score
from tailorcv.resume import validate
from tailorcv.store import queries
from tailorcv.store.models import Job
from tailorcv.tasks.kinds import job_analysis
from tailorcv.web.deps import CurrentUser, SessionDep
from tailorcv.web.schemas import Items, JobCreate, JobPublic, JobSummary, MatchRequest
from tailorcv.web.work import not_found

router = APIRouter(tags=["jobs"])


@router.post("/jobs", status_code=status.HTTP_201_CREATED)
def create(body: JobCreate, user: CurrentUser, session: SessionDep) -> JobPublic:
    """Store the ad with its analysis (a few milliseconds), so later matches need not redo it.
    A title or company left empty is taken from the analysis."""
    analysis = analyse(body.text)
    job = queries.create_job(
        session,
        user.id,
        body.text,
        analysis.to_dict(),
        title=body.title or analysis.title,
        company=body.company or analysis.company or "",
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
def delete(job_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> None:
    """Versions tailored for the job keep their document and lose the link."""
    if not queries.delete_job(session, user.id, job_id):
        raise not_found("job", job_id)
    session.commit()


@router.post("/match")
def match(body: MatchRequest, user: CurrentUser, session: SessionDep) -> dict[str, Any]:
    """Score a résumé's working draft, or a version, against a job: ``Match.to_dict()``."""
    if body.version_id is not None:
        version = queries.get_version(session, user.id, body.version_id)
        if version is None:
            raise not_found("version", body.version_id)
        document = version.document
    else:
        assert body.resume_id is not None
        resume = queries.get_resume(session, user.id, body.resume_id)
        if resume is None:
            raise not_found("résumé", body.resume_id)
        document = resume.draft
    job = owned(session, user.id, body.job_id)
    result = score(validate(document).resume, job_analysis(job.analysis, job.text))
    return result.to_dict()
