"""``POST /suggestions`` and ``POST /letters``: writing help from a model, or offline.

Both are background tasks on an immutable version and a job, like a tailoring: the task's result
holds the suggestions, or the letter and its file. Which engine answered is in the result
(``engine``): ``llm``, ``offline`` or ``offline (fallback: <reason>)``; a provider that fails
never fails the request.
"""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from tailorcv.ops.settings import Settings
from tailorcv.render import get_template
from tailorcv.store import queries
from tailorcv.tasks.options import priority_for
from tailorcv.web import work
from tailorcv.web.api.renders import refuse_when_full
from tailorcv.web.deps import CurrentUser, IdempotencyKey, ServicesDep, SessionDep
from tailorcv.web.ratelimits import limited
from tailorcv.web.schemas import Engine, LetterRequest, SuggestionRequest, TaskEnvelope

router = APIRouter(tags=["writing"])


def engine_for(asked: Engine | None, settings: Settings) -> Engine:
    """The engine a task uses: the one asked for, else ``llm`` when a model is configured."""
    if asked is not None:
        return asked
    return "llm" if settings.llm_base_url else "offline"


@router.post("/suggestions", status_code=status.HTTP_202_ACCEPTED, dependencies=[limited("tailor")])
def create_suggestions(
    body: SuggestionRequest,
    user: CurrentUser,
    services: ServicesDep,
    session: SessionDep,
    response: Response,
    key: IdempotencyKey = None,
) -> TaskEnvelope:
    """Suggestions for the weak bullets of a version (or the working draft), for a job. They
    are kept only in the task's result; the draft's snapshot (a new version, when the draft
    changed) must fit the storage allowance."""
    with queries.within_allowance(session, user.id, services.settings.storage_per_user_bytes):
        version = work.version_for(session, user.id, body)
    if queries.get_job(session, user.id, body.job_id) is None:
        raise work.not_found("job", body.job_id)
    payload = {
        "version_id": str(version.id),
        "job_id": str(body.job_id),
        "engine": engine_for(body.engine, services.settings),
    }
    submitted = work.create(session, user, "suggest", payload, key, rank=priority_for(user.tier))
    work.dispatch(services, session, submitted)
    response.headers["Location"] = f"/api/v1/tasks/{submitted.task.id}"
    return work.envelope(submitted.task)


@router.post("/letters", status_code=status.HTTP_202_ACCEPTED, dependencies=[limited("tailor")])
def create_letter(
    body: LetterRequest,
    user: CurrentUser,
    services: ServicesDep,
    session: SessionDep,
    response: Response,
    key: IdempotencyKey = None,
) -> TaskEnvelope:
    """A cover letter for a version (or the working draft) and a job, as a PDF or DOCX file in
    the résumé's template family; the task's result links to it."""
    if body.template is not None:
        get_template(body.template)
    version = work.version_for(session, user.id, body)
    if queries.get_job(session, user.id, body.job_id) is None:
        raise work.not_found("job", body.job_id)
    refuse_when_full(session, user, services.settings.storage_per_user_bytes)
    payload = {
        "version_id": str(version.id),
        "job_id": str(body.job_id),
        "template": body.template,
        "format": body.format,
        "engine": engine_for(body.engine, services.settings),
    }
    submitted = work.create(session, user, "letter", payload, key, rank=priority_for(user.tier))
    work.dispatch(services, session, submitted)
    response.headers["Location"] = f"/api/v1/tasks/{submitted.task.id}"
    return work.envelope(submitted.task)
