"""Accounts: register, log in, log out.

Registering answers the same whether the address was free or taken (issue 16): 202, the same
words, no session, and about the same time (the password is hashed either way). It cannot say
more without telling anyone which addresses have accounts, and with no e-mail sent there is no
inbox to say it to; so the answer tells the client to log in with the password it chose, which
works at once for a new account (the pages do both in one step). A taken address is left as it
was. (Whether an address is taken can still be learnt by logging in to it with the password one
chose, as with any service that signs people up without e-mail; that costs a failed log-in,
which the lock-out counts, or leaves an account behind.)

Log-in answers ``{"user": {...}, "token": "..."}``: the token is a new log-in session's, for the
bearer header, and the same token rides in the signed session cookie for the browser. The
session ends at log-out, when ended from another session, or at its idle or absolute limit
(``TAILORCV_SESSION_IDLE_DAYS``, ``TAILORCV_SESSION_MAX_DAYS``); long-lived credentials are API
tokens (``POST /tokens``).
"""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request, Response, status
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tailorcv.errors import EmailTaken
from tailorcv.store import queries
from tailorcv.store.account_queries import create_login_session, end_login_session_by_token
from tailorcv.store.models import User
from tailorcv.web.deps import AuthDep, Services, ServicesDep, SessionDep
from tailorcv.web.problems import WrongCredentials
from tailorcv.web.ratelimits import client_of, limited
from tailorcv.web.schemas import Credentials, Registration, SessionPublic, UserPublic
from tailorcv.web.security import WeakPassword, is_https, password_problem
from tailorcv.web.throttle import login_keys

router = APIRouter(prefix="/auth", tags=["accounts"])

REGISTERED = (
    "registration received: if the address was free, the account is made; either way, log in "
    "with this address and password (a taken address is left as it was)"
)


class RegistrationAccepted(BaseModel):
    detail: str


def user_public(session: Session, user: User) -> UserPublic:
    profile = queries.get_profile(session, user.id)
    public = UserPublic.model_validate(user)
    if profile is not None:
        public = public.model_copy(
            update={"display_name": profile.display_name, "locale": profile.locale}
        )
    return public


def start_session(
    services: Services, session: Session, request: Request, response: Response, user: User
) -> SessionPublic:
    """A new log-in session for ``user``, committed, and set in the session cookie."""
    settings = services.settings
    absolute = timedelta(days=settings.session_max_days)
    _row, raw = create_login_session(
        session,
        user.id,
        idle=timedelta(days=settings.session_idle_days),
        absolute=absolute,
        user_agent=request.headers.get("user-agent", ""),
        address=client_of(request.scope),
    )
    session.commit()
    max_age = round(absolute.total_seconds())
    services.cookies.issue(response, raw, secure=is_https(request.scope), max_age=max_age)
    return SessionPublic(user=user_public(session, user), token=raw)


def check_password(services: Services, body: Registration) -> None:
    """``WeakPassword`` (422) for a short or common password, or the address itself."""
    minimum = services.settings.password_min_length
    problem = password_problem(body.password.get_secret_value(), body.email, minimum)
    if problem is not None:
        raise WeakPassword(problem)


def create_account(services: Services, session: Session, body: Registration) -> User | None:
    """The new account (and its profile), committed; None, with nothing changed, when the
    address is taken. The password is hashed first either way, so both take as long."""
    password_hash = services.passwords.hash(body.password.get_secret_value())
    try:
        user = queries.create_user(
            session, body.email, password_hash, display_name=body.display_name
        )
        session.commit()
    except (EmailTaken, IntegrityError):  # IntegrityError: a registration racing this one won
        session.rollback()
        return None
    return user


@router.post("/register", status_code=status.HTTP_202_ACCEPTED, dependencies=[limited("login")])
def register(
    body: Registration, services: ServicesDep, session: SessionDep
) -> RegistrationAccepted:
    """Make an account (and its profile, in the same transaction) unless the address is taken;
    the answer is the same either way. Log in next."""
    check_password(services, body)
    create_account(services, session, body)
    return RegistrationAccepted(detail=REGISTERED)


@router.post("/login", dependencies=[limited("login")])
def login(
    body: Credentials,
    request: Request,
    services: ServicesDep,
    session: SessionDep,
    response: Response,
) -> SessionPublic:
    """Check the password. Failures lock out the pair of account and client address, and
    (after more) the address (``web.throttle``): never the account alone."""
    keys = login_keys(body.email, client_of(request.scope))
    services.logins.check(*keys)
    user = queries.get_user_by_email(session, body.email)
    hashed = user.password_hash if user else None
    session.commit()  # back to the pool: the hash below may wait its turn (web.security)
    password = body.password.get_secret_value()
    if not services.passwords.verify(hashed, password):
        services.logins.failed(*keys)
        raise WrongCredentials("wrong email or password")
    assert user is not None
    assert hashed is not None
    services.logins.succeeded(keys[0])
    if services.passwords.outdated(hashed):  # made at older costs: store it at today's
        user.password_hash = services.passwords.hash(password)
    return start_session(services, session, request, response, user)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(auth: AuthDep, services: ServicesDep, session: SessionDep, response: Response) -> None:
    """End the log-in session this request used (by cookie or bearer) and clear the cookies.
    An API token used as the bearer is revoked instead."""
    if not end_login_session_by_token(session, auth.user.id, auth.token):
        for token in queries.list_api_tokens(session, auth.user.id):
            if token.token_hash == queries.token_hash(auth.token):
                queries.revoke_api_token(session, auth.user.id, token.id)
    session.commit()
    services.cookies.clear(response)
