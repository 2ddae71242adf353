"""Jobs (a pasted ad, analysed at once) and matches (a résumé scored against a job)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

import tailorcv
from tailorcv.match import analyse, score
from tailorcv.ops.cache import content_key
from tailorcv.resume import validate
from tailorcv.service.runtime import Runtime
from tailorcv.service.schemas import JobCreate, MatchRequest
from tailorcv.service.work import job_changed, not_found
from tailorcv.store import queries
from tailorcv.store.models import Job, User
from tailorcv.tasks.common import job_analysis


def create_job(runtime: Runtime, session: Session, user: User, form: JobCreate) -> Job:
    """Store the ad with its analysis (a few milliseconds; the same ad pasted again within
    30 minutes is not analysed twice), so later matches need not redo it. A title or company
    left empty is taken from the analysis."""
    analysis: dict[str, Any] = runtime.cache.get_or_set(
        "analysis",
        content_key(tailorcv.__version__, form.text),
        lambda: analyse(form.text).to_dict(),
    )
    allowed = runtime.settings.storage_per_user_bytes
    with queries.within_allowance(session, user.id, allowed):  # a job ad counts (issue 16)
        job = queries.create_job(
            session,
            user.id,
            form.text,
            analysis,
            title=form.title or analysis.get("title") or "",
            company=form.company or analysis.get("company") or "",
        )
    session.commit()
    return job


def owned(session: Session, owner_id: uuid.UUID, job_id: uuid.UUID) -> Job:
    job = queries.get_job(session, owner_id, job_id)
    if job is None:
        raise not_found("job", job_id)
    return job


def delete_job(runtime: Runtime, session: Session, user: User, job_id: uuid.UUID) -> None:
    """Versions tailored for the job keep their document and lose the link."""
    if not queries.delete_job(session, user.id, job_id):
        raise not_found("job", job_id)
    session.commit()
    job_changed(runtime, job_id)


def match(runtime: Runtime, session: Session, user: User, order: MatchRequest) -> dict[str, Any]:
    """Score a résumé's working draft, or a version, against a job: ``Match.to_dict()``.
    Cached for an hour by the content of both (``match`` namespace), dropped when the résumé
    is edited or deleted."""
    if order.version_id is not None:
        version = queries.get_version(session, user.id, order.version_id)
        if version is None:
            raise not_found("version", order.version_id)
        document, resume_id = version.document, version.resume_id
    else:
        assert order.resume_id is not None
        resume = queries.get_resume(session, user.id, order.resume_id)
        if resume is None:
            raise not_found("résumé", order.resume_id)
        document, resume_id = resume.draft, resume.id
    job = owned(session, user.id, order.job_id)
    key = content_key(tailorcv.__version__, queries.content_hash(document), job.text)
    found: dict[str, Any] = runtime.cache.get_or_set(
        "match",
        key,
        lambda: score(validate(document).resume, job_analysis(job.analysis, job.text)).to_dict(),
        tags=(f"resume:{resume_id}", f"job:{job.id}"),
    )
    return found
