"""Accounts over HTTP: register, log in, log out (the rules: ``service.accounts``).

Registering answers 202 whether the address was free or taken (issue 16), with the same words
and no session. Log-in answers ``{"user": {...}, "token": "..."}``: the token is a new log-in
session's, for the bearer header, and the same token rides in the signed session cookie for the
browser. The session ends at log-out, when ended from another session, or at its idle or
absolute limit (``TAILORCV_SESSION_IDLE_DAYS``, ``TAILORCV_SESSION_MAX_DAYS``); long-lived
credentials are API tokens (``POST /tokens``).
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status
from pydantic import BaseModel

from tailorcv.service import accounts
from tailorcv.service.schemas import Credentials, Registration, SessionPublic
from tailorcv.web.cookies import issue_cookie
from tailorcv.web.deps import AuthDep, ServicesDep, SessionDep, caller_of

router = APIRouter(prefix="/auth", tags=["accounts"])


class RegistrationAccepted(BaseModel):
    detail: str


@router.post("/register", status_code=status.HTTP_202_ACCEPTED)
def register(
    body: Registration, request: Request, services: ServicesDep, session: SessionDep
) -> RegistrationAccepted:
    """Make an account (and its profile, in the same transaction) unless the address is taken;
    the answer is the same either way. Log in next."""
    accounts.register(services, session, caller_of(request), body)
    return RegistrationAccepted(detail=accounts.REGISTERED)


@router.post("/login")
def login(
    body: Credentials,
    request: Request,
    services: ServicesDep,
    session: SessionDep,
    response: Response,
) -> SessionPublic:
    """Check the password. Failures lock out the pair of account and client address, and
    (after more) the address (``service.throttle``): never the account alone."""
    started = accounts.log_in(services, session, caller_of(request), body)
    issue_cookie(services, request, response, started)
    return started


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(auth: AuthDep, services: ServicesDep, session: SessionDep, response: Response) -> None:
    """End the log-in session this request used (by cookie or bearer) and clear the cookies.
    An API token used as the bearer is revoked instead."""
    accounts.log_out(session, auth.user, auth.token)
    services.cookies.clear(response)
