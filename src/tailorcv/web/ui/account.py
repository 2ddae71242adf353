"""Account: API tokens (made, shown once, revoked), export of everything, and erasure.

Each action is the API's own function from ``api/me.py``; erasing asks the person to type their
e-mail address first, so that no slip of a key deletes an account.
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.responses import Response

from tailorcv.store import queries
from tailorcv.web.api import me as api_me
from tailorcv.web.deps import ServicesDep, SessionDep
from tailorcv.web.schemas import TokenCreate
from tailorcv.web.ui.pages import SignedIn, Viewer, call, call_off_loop, field, go, render

router = APIRouter()


def account_context(session: SessionDep, me: Viewer, **extra: Any) -> dict[str, Any]:
    tokens = queries.list_api_tokens(session, me.user.id)
    return {
        "tokens": [token for token in tokens if token.revoked_at is None],
        "storage": queries.storage_used(session, me.user.id),
        "new_token": None,
        "errors": {},
        **extra,
    }


@router.get("/account")
def page(request: Request, me: SignedIn, session: SessionDep) -> Response:
    return render(request, "account.html", account_context(session, me), me=me)


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
