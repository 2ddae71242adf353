"""Accounts: register, log in, log out.

Register and login answer ``{"user": {...}, "token": "..."}``: the token is a new API token for
the bearer header, and the same token rides in the signed session cookie for the browser.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status
from sqlalchemy.orm import Session

from tailorcv.store import queries
from tailorcv.store.models import User
from tailorcv.web.deps import AuthDep, ServicesDep, SessionDep
from tailorcv.web.problems import WrongCredentials
from tailorcv.web.ratelimits import client_of, limited
from tailorcv.web.schemas import Credentials, Registration, SessionPublic, UserPublic

router = APIRouter(prefix="/auth", tags=["accounts"])


def user_public(session: Session, user: User) -> UserPublic:
    profile = queries.get_profile(session, user.id)
    public = UserPublic.model_validate(user)
    if profile is not None:
        public = public.model_copy(
            update={"display_name": profile.display_name, "locale": profile.locale}
        )
    return public


def start_session(
    services: ServicesDep, session: SessionDep, response: Response, user: User, name: str
) -> SessionPublic:
    """A new token for ``user``, committed, and set in the session cookie."""
    _token, raw = queries.create_api_token(session, user.id, name)
    session.commit()
    services.cookies.issue(response, raw)
    return SessionPublic(user=user_public(session, user), token=raw)


@router.post("/register", status_code=status.HTTP_201_CREATED, dependencies=[limited("login")])
def register(
    body: Registration, services: ServicesDep, session: SessionDep, response: Response
) -> SessionPublic:
    """Make an account (and its profile, in the same transaction) and log it in."""
    password_hash = services.passwords.hash(body.password.get_secret_value())
    user = queries.create_user(session, body.email, password_hash, display_name=body.display_name)
    return start_session(services, session, response, user, "login")


@router.post("/login", dependencies=[limited("login")])
def login(
    body: Credentials,
    request: Request,
    services: ServicesDep,
    session: SessionDep,
    response: Response,
) -> SessionPublic:
    """Check the password; failures per email and per client address lock out with backoff."""
    keys = (f"email:{body.email.strip().lower()}", f"ip:{client_of(request.scope)}")
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
    return start_session(services, session, response, user, "login")


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(auth: AuthDep, services: ServicesDep, session: SessionDep, response: Response) -> None:
    """Revoke the token this request used (ending the cookie session too) and clear cookies."""
    for token in queries.list_api_tokens(session, auth.user.id):
        if token.token_hash == queries.token_hash(auth.token):
            queries.revoke_api_token(session, auth.user.id, token.id)
    session.commit()
    services.cookies.clear(response)
