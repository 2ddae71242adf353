"""Submitting suggestions or a cover letter: writing help from a model, or offline.

Both are background tasks on an immutable version and a job, like a tailoring, and take from the
caller's ``tailor`` rate limit: the task's result holds the suggestions, or the letter and its
file. Which engine answered is in the result (``engine``): ``llm``, ``offline`` or
``offline (fallback: <reason>)``; a provider that fails never fails the request.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from tailorcv.service import work
from tailorcv.service.limits import Caller
from tailorcv.service.payloads import LetterPayload, SuggestPayload
from tailorcv.service.renders import engine_for, refuse_when_full, version_for_job
from tailorcv.service.runtime import Runtime
from tailorcv.service.schemas import LetterRequest, SuggestionRequest
from tailorcv.service.work import Submitted
from tailorcv.store import queries


def submit_suggestions(
    runtime: Runtime, session: Session, caller: Caller, order: SuggestionRequest, key: str | None
) -> Submitted:
    """Suggestions for the weak bullets of a version (or the working draft), for a job. They
    are kept only in the task's result; the draft's snapshot (a new version, when the draft
    changed) must fit the storage allowance."""
    runtime.limits.take_action(caller, "tailor")
    user = caller.signed_in
    with queries.within_allowance(session, user.id, runtime.settings.storage_per_user_bytes):
        version = work.version_for(session, user.id, order)
    if queries.get_job(session, user.id, order.job_id) is None:
        raise work.not_found("job", order.job_id)
    payload = SuggestPayload(
        version_id=version.id, job_id=order.job_id, engine=engine_for(order.engine, runtime)
    )
    return work.submit(runtime, session, user, payload, key)


def submit_letter(
    runtime: Runtime, session: Session, caller: Caller, order: LetterRequest, key: str | None
) -> Submitted:
    """A cover letter for a version (or the working draft) and a job, as a PDF or DOCX file in
    the résumé's template family; the task's result links to it."""
    runtime.limits.take_action(caller, "tailor")
    user = caller.signed_in
    version = version_for_job(session, user, order, order.template)
    refuse_when_full(session, user, runtime.settings.storage_per_user_bytes)
    payload = LetterPayload(
        version_id=version.id,
        job_id=order.job_id,
        template=order.template,
        format=order.format,
        engine=engine_for(order.engine, runtime),
    )
    return work.submit(runtime, session, user, payload, key)
