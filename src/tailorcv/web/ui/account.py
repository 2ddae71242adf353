"""Account: log-in sessions (listed, this one marked, ended one by one or all others), API tokens
(made, shown once, revoked), export of everything, and erasure.

Each action is the API's own function from ``api/me.py``; erasing asks the person to type their
e-mail address first, so that no slip of a key deletes an account.
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.responses import Response

from tailorcv.errors import InputNotFound
from tailorcv.store import queries
from tailorcv.store.account_queries import list_login_sessions, live_session
from tailorcv.web.api import me as api_me
from tailorcv.web.deps import Auth, ServicesDep, SessionDep
from tailorcv.web.schemas import TokenCreate
from tailorcv.web.ui.pages import (
    SignedIn,
    Viewer,
    call,
    call_off_loop,
    field,
    go,
    not_found,
    render,
)

router = APIRouter()


def account_context(session: SessionDep, me: Viewer, **extra: Any) -> dict[str, Any]:
    tokens = queries.list_api_tokens(session, me.user.id)
    return {
        "sessions": list_login_sessions(session, me.user.id),
        "this_session": queries.token_hash(me.token),
        "tokens": [token for token in tokens if token.revoked_at is None],
        "storage": queries.storage_used(session, me.user.id),
        "new_token": None,
        "errors": {},
        **extra,
    }


@router.get("/account")
def page(request: Request, me: SignedIn, session: SessionDep) -> Response:
    return render(request, "account.html", account_context(session, me), me=me)


@router.post("/account/sessions/{session_id}/end")
def end_session(
    request: Request, session_id: uuid.UUID, me: SignedIn, session: SessionDep
) -> Response:
    """End one session; ending this one logs this browser out."""
    this = live_session(session, me.token)
    ending_this = this is not None and this.id == session_id
    answer = go(request, "/" if ending_this else "/account")
    try:
        ending = {"session_id": session_id, "auth": _auth(me), "response": answer}
        call(api_me.end_session, request, session, me, **ending)
    except InputNotFound:
        raise not_found("session") from None
    return answer


@router.post("/account/sessions/end-others")
def end_other_sessions(request: Request, me: SignedIn, session: SessionDep) -> Response:
    call(api_me.end_other_sessions, request, session, me, auth=_auth(me))
    return go(request, "/account")


def _auth(me: Viewer) -> Auth:
    return Auth(me.user, me.token, "cookie")


@router.post("/account/tokens")
async def create_token(request: Request, me: SignedIn, session: SessionDep) -> Response:
    form = await request.form()
    try:
        created = await call_off_loop(
            api_me.create_token, request, session, me, body=TokenCreate(name=field(form, "name"))
        )
    except ValidationError:
        errors = {"name": "Give the token a name of 1 to 100 characters."}
        context = account_context(session, me, errors=errors)
        return render(request, "account.html", context, status=422, me=me)
    context = account_context(session, me, new_token=created.token, new_name=created.name)
    return render(request, "account.html", context, me=me)


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(
    request: Request, token_id: uuid.UUID, me: SignedIn, session: SessionDep
) -> Response:
    call(api_me.revoke_token, request, session, me, token_id=token_id)
    return go(request, "/account")


@router.get("/account/export")
def export(request: Request, me: SignedIn, session: SessionDep) -> Response:
    return call(api_me.export, request, session, me)


@router.post("/account/delete")
async def erase(
    request: Request, me: SignedIn, services: ServicesDep, session: SessionDep
) -> Response:
    form = await request.form()
    if field(form, "confirm").lower() != me.user.email.lower():
        errors = {"confirm": "Type your e-mail address exactly to confirm."}
        context = account_context(session, me, errors=errors)
        return render(request, "account.html", context, status=422, me=me)
    answer = go(request, "/?deleted=1")
    await call_off_loop(api_me.erase, request, session, me, response=answer)
    return answer
