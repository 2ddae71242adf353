"""Setting the session cookie of a log-in that succeeded, by either door."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from tailorcv.service import accounts
from tailorcv.service.schemas import SessionPublic
from tailorcv.web.deps import Services
from tailorcv.web.security import is_https


def issue_cookie(
    services: Services, request: Request, response: Response, started: SessionPublic
) -> None:
    """The new log-in session's token, in the signed session cookie."""
    max_age = round(accounts.session_lifetime(services).total_seconds())
    secure = is_https(request.scope)
    services.cookies.issue(response, started.token, secure=secure, max_age=max_age)
