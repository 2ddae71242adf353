"""``POST /renders`` and ``POST /tailorings``: background work on an immutable version
(``service.renders``).

A render of the same version, template and format that was made before answers 200 and the
earlier succeeded task at once; a render that names no template uses the résumé's
``meta.template``.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status

from tailorcv.service import renders
from tailorcv.service.schemas import RenderRequest, TailoringRequest, TaskEnvelope
from tailorcv.web.deps import CurrentUser, IdempotencyKey, ServicesDep, SessionDep, caller_of
from tailorcv.web.envelopes import accepted

router = APIRouter(tags=["work"])


@router.post("/renders", status_code=status.HTTP_202_ACCEPTED)
def create_render(
    body: RenderRequest,
    request: Request,
    user: CurrentUser,
    services: ServicesDep,
    session: SessionDep,
    response: Response,
    key: IdempotencyKey = None,
) -> TaskEnvelope:
    """202 and a queued task; 200 and the earlier succeeded task when the file exists."""
    caller = caller_of(request, user)
    return accepted(renders.submit_render(services, session, caller, body, key), response)


@router.post("/tailorings", status_code=status.HTTP_202_ACCEPTED)
def create_tailoring(
    body: TailoringRequest,
    request: Request,
    user: CurrentUser,
    services: ServicesDep,
    session: SessionDep,
    response: Response,
    key: IdempotencyKey = None,
) -> TaskEnvelope:
    """Tailor a version (or the working draft) to a job; the result is a new version."""
    caller = caller_of(request, user)
    return accepted(renders.submit_tailoring(services, session, caller, body, key), response)
