"""What an endpoint can ask for, as ``Annotated`` aliases: the services, a database session,
the authenticated user (by an API token or a log-in session's token), and the
``Idempotency-Key`` header, scoped to the endpoint it was sent to.

A request gets one session (FastAPI caches a dependency per request, so the endpoint and the
authentication share it). Endpoints that write commit themselves, before they enqueue work or
answer; what is left uncommitted at the end (a token's last use) is committed here.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import Depends, Header, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from tailorcv.errors import CsrfRefused, Unauthenticated
from tailorcv.service.accounts import refuse_disabled
from tailorcv.service.limits import ActionClass, Caller
from tailorcv.service.runtime import Runtime
from tailorcv.store.models import User
from tailorcv.store.queries import user_for_token
from tailorcv.web.ratelimits import client_of, verdicts_of
from tailorcv.web.security import (
    CSRF_HEADER,
    SAFE_METHODS,
    SESSION_COOKIE,
    SessionCookies,
    csrf_matches,
)

if TYPE_CHECKING:
    from tailorcv.web.public import PublicPages


API_PATH = "/api/"  # the per-user rate limit counts API calls (pages poll; they count per address)


@dataclass(kw_only=True)
class Services(Runtime):
    """Everything the app holds for its lifetime, built by ``create_app`` from settings: the
    runtime every door shares (``service.runtime``), and what only HTTP needs."""

    cookies: SessionCookies
    pages: PublicPages


@dataclass(frozen=True)
class Auth:
    """Who is asking, with the token they used (``via`` says whether it came in a cookie)."""

    user: User
    token: str
    via: Literal["bearer", "cookie"]


async def get_services(request: Request) -> Services:  # async: no thread-pool hop for this
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


async def get_session(services: ServicesDep) -> AsyncIterator[Session]:
    """The request's session. Making one touches no connection, so this runs on the event loop
    (a synchronous generator would cost a thread-pool hop to open and another to close); the
    end goes to a thread only when a transaction is still open, i.e. when it talks to the
    database."""
    session = services.sessions()
    try:
        yield session
    except BaseException:
        _end(session, keep=False)  # on the loop: the request may be cancelled already
        raise
    if not session.in_transaction():
        session.close()
        return
    try:
        await run_in_threadpool(_end, session, keep=True)
    except BaseException:  # cancelled before a thread took it (a thread, once begun, finishes)
        session.close()
        raise


def _end(session: Session, *, keep: bool) -> None:
    """Commit what is left (a token's last use) when ``keep``, else roll back; then close."""
    try:
        if keep and session.dirty:
            session.commit()
    finally:
        session.close()  # rolls back whatever was not committed


SessionDep = Annotated[Session, Depends(get_session)]


def authenticate(request: Request, services: ServicesDep, session: SessionDep) -> Auth:
    """The bearer token if one is sent, else the session cookie (with CSRF on writes); an API
    request then takes one from the user's rate limit (``web.ratelimits``)."""
    auth = _authenticate(request, services, session)
    # End the look-up's transaction here, giving its connection back to the pool: the endpoint
    # runs in another thread-pool task, and a connection held across that hop deadlocked the
    # server under load (issue 10: every thread waiting for a connection, every connection
    # held by a request waiting for a thread, until the 30 s pool timeout).
    session.commit()
    request.scope.setdefault("state", {})["user_id"] = str(auth.user.id)
    if request.url.path.startswith(API_PATH):
        services.limits.take_user(verdicts_of(request.scope), auth.user.id, auth.user.tier)
    return auth


def _authenticate(request: Request, services: Services, session: Session) -> Auth:
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        raw = credentials.strip()
        user = user_for_token(session, raw)
        if user is None:
            raise Unauthenticated("the bearer token is unknown or revoked; log in again")
        refuse_disabled(user)
        return Auth(user, raw, "bearer")
    cookie = request.cookies.get(SESSION_COOKIE)
    data = services.cookies.read(cookie) if cookie else None
    if data is None:
        raise Unauthenticated("log in first: send Authorization: Bearer <token>")
    user = user_for_token(session, data.token)
    if user is None:
        raise Unauthenticated("the session has ended; log in again")
    refuse_disabled(user)
    if request.method not in SAFE_METHODS and not csrf_matches(
        request.headers.get(CSRF_HEADER), data.csrf
    ):
        raise CsrfRefused(f"send the tailorcv_csrf cookie's value in the {CSRF_HEADER} header")
    return Auth(user, data.token, "cookie")


AuthDep = Annotated[Auth, Depends(authenticate)]


async def current_user(auth: AuthDep) -> User:
    return auth.user


CurrentUser = Annotated[User, Depends(current_user)]


async def idempotency_key(  # async: nothing here blocks, so no thread-pool hop
    request: Request,
    key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            min_length=1,
            max_length=200,
            pattern=r"^[\x21-\x7e]+$",
            description="Repeat a request safely: the same key to the same endpoint answers "
            "the same task.",
        ),
    ] = None,
) -> str | None:
    """The key as stored: a SHA-256 of the method, the route's template and the client's key,
    so that one key sent to two endpoints names two tasks (issue 16), and it fits the column
    whatever the route. The owner scopes it too (the tasks' unique (owner, key) pair)."""
    if key is None:
        return None
    route = getattr(request.scope.get("route"), "path", None) or request.url.path
    return hashlib.sha256(f"{request.method} {route}\n{key}".encode()).hexdigest()


IdempotencyKey = Annotated[str | None, Depends(idempotency_key)]


def caller_of(request: Request, user: User | None = None) -> Caller:
    """The use cases' view of who sent ``request``: the user, the client's address and browser,
    and the request's list of rate-limit verdicts (its ``RateLimit-*`` headers)."""
    return Caller(
        user=user,
        address=client_of(request.scope),
        user_agent=request.headers.get("user-agent", ""),
        verdicts=verdicts_of(request.scope),
    )


def limited(name: ActionClass) -> Any:
    """A route dependency taking from the action class ``name``, for the few reads that are
    limited and call no use case (an export, a ranking's CSV, an archive)."""

    def by_user(request: Request, services: ServicesDep, auth: AuthDep) -> None:
        services.limits.take_action(caller_of(request, auth.user), name)

    return Depends(by_user)
