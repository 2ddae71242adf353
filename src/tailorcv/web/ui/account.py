"""Account: log-in sessions (listed, this one marked, ended one by one or all others), API tokens
(made, shown once, revoked), export of everything, and erasure.

Each action is the use case the API calls (``service.account_data``); erasing asks the person to
type their e-mail address first, so that no slip of a key deletes an account.
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.responses import Response

from tailorcv.errors import InputNotFound
from tailorcv.service import account_data
from tailorcv.service.schemas import TokenCreate
from tailorcv.store import queries
from tailorcv.store.account_queries import list_login_sessions
from tailorcv.web.deps import ServicesDep, SessionDep
from tailorcv.web.ui.pages import (
    SignedIn,
    Viewer,
    caller,
    field,
    go,
    not_found,
    off_loop,
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
    request: Request,
    session_id: uuid.UUID,
    me: SignedIn,
    services: ServicesDep,
    session: SessionDep,
) -> Response:
    """End one session; ending this one logs this browser out."""
    try:
        ended_this = account_data.end_session(session, me.user, me.token, session_id)
    except InputNotFound:
        raise not_found("session") from None
    answer = go(request, "/" if ended_this else "/account")
    if ended_this:
        services.cookies.clear(answer)
    return answer


@router.post("/account/sessions/end-others")
def end_other_sessions(request: Request, me: SignedIn, session: SessionDep) -> Response:
    account_data.end_other_sessions(session, me.user, me.token)
    return go(request, "/account")


@router.post("/account/tokens")
async def create_token(request: Request, me: SignedIn, session: SessionDep) -> Response:
    form = await request.form()
    try:
        named = TokenCreate(name=field(form, "name"))
        created = await off_loop(account_data.create_token, session, me.user, named)
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
    account_data.revoke_token(session, me.user, token_id)
    return go(request, "/account")


@router.get("/account/export")
def export(request: Request, me: SignedIn, services: ServicesDep, session: SessionDep) -> Response:
    data = account_data.export_account(services, session, caller(request, me))
    disposition = 'attachment; filename="tailorcv-export.zip"'
    return Response(
        data, media_type="application/zip", headers={"Content-Disposition": disposition}
    )


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
    await off_loop(account_data.erase_account, services, session, me.user)
    services.cookies.clear(answer)
    return answer
