"""``POST /suggestions`` and ``POST /letters``: writing help from a model, or offline
(``service.writing``).

Both are background tasks on an immutable version and a job, like a tailoring: the task's result
holds the suggestions, or the letter and its file. Which engine answered is in the result
(``engine``): ``llm``, ``offline`` or ``offline (fallback: <reason>)``; a provider that fails
never fails the request.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status

from tailorcv.service import writing
from tailorcv.service.schemas import LetterRequest, SuggestionRequest, TaskEnvelope
from tailorcv.web.deps import CurrentUser, IdempotencyKey, ServicesDep, SessionDep, caller_of
from tailorcv.web.envelopes import accepted

router = APIRouter(tags=["writing"])


@router.post("/suggestions", status_code=status.HTTP_202_ACCEPTED)
def create_suggestions(
    body: SuggestionRequest,
    request: Request,
    user: CurrentUser,
    services: ServicesDep,
    session: SessionDep,
    response: Response,
    key: IdempotencyKey = None,
) -> TaskEnvelope:
    """Suggestions for the weak bullets of a version (or the working draft), for a job. They
    are kept only in the task's result; the draft's snapshot (a new version, when the draft
    changed) must fit the storage allowance."""
    caller = caller_of(request, user)
    return accepted(writing.submit_suggestions(services, session, caller, body, key), response)


@router.post("/letters", status_code=status.HTTP_202_ACCEPTED)
def create_letter(
    body: LetterRequest,
    request: Request,
    user: CurrentUser,
    services: ServicesDep,
    session: SessionDep,
    response: Response,
    key: IdempotencyKey = None,
) -> TaskEnvelope:
    """A cover letter for a version (or the working draft) and a job, as a PDF or DOCX file in
    the résumé's template family; the task's result links to it."""
    caller = caller_of(request, user)
    return accepted(writing.submit_letter(services, session, caller, body, key), response)
