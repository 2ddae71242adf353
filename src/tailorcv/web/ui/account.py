"""Account: the e-mail address and the password (each changed with the current password asked
again), log-in sessions (listed, this one marked, ended one by one or all others), API tokens
(made, shown once, revoked), export of everything, and erasure.

Each action is the use case the API calls (``service.account_changes``,
``service.account_data``); erasing asks the person to type their e-mail address first, so that
no slip of a key deletes an account. Every form is answered with a redirect to this page
(``web.ui.flash``): reloading it never posts again.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import uuid
from typing import Any

from fastapi import APIRouter, Request
from pydantic import SecretStr, ValidationError
from starlette.datastructures import FormData
from starlette.responses import RedirectResponse, Response

from tailorcv.errors import (
    EmailTaken,
    InputNotFound,
    Unchanged,
    UserError,
    WeakPassword,
    WrongPassword,
)
from tailorcv.service import account_changes, account_data
from tailorcv.service.schemas import EmailChange, PasswordChange, TokenCreate
from tailorcv.store import queries
from tailorcv.store.account_queries import TOKEN_PREFIX, list_login_sessions
from tailorcv.store.models import ApiToken
from tailorcv.web.deps import ServicesDep, SessionDep
from tailorcv.web.ui import flash
from tailorcv.web.ui.pages import (
    SignedIn,
    Viewer,
    caller,
    field,
    go,
    not_found,
    off_loop,
    render,
    sentence,
)

router = APIRouter()
PAGE = "/account"
NOT_YOURS = "That is not your current password."


def account_context(
    request: Request, session: SessionDep, me: Viewer, shown: dict[str, Any]
) -> dict[str, Any]:
    tokens = queries.list_api_tokens(session, me.user.id)
    live = [token for token in tokens if token.revoked_at is None]
    return {
        "sessions": list_login_sessions(session, me.user.id),
        "this_session": queries.token_hash(me.token),
        "tokens": live,
        "storage": queries.storage_used(session, me.user.id),
        "notice": shown.get("notice", ""),
        "errors": shown.get("errors", {}),
        "values": shown.get("values", {}),
        "new_token": _revealed(request, live, shown.get("secret")),
    }


# A new API token is shown on the page the form redirects to, carried there by the message
# cookie (``web.ui.flash``), which is signed but not encrypted. So the cookie carries a *seal*,
# 256 random bits, and the token is the seal's HMAC-SHA256 under the server's secret key: the
# cookie alone (a browser's cookie store, a proxy's log) gives no token, and the page can make
# it again. The page shows it only while it is the live token the database holds for that id.
_SEAL_PURPOSE = b"tailorcv.api-token\0"


def _sealed_token(request: Request, seal: str) -> str:
    key = request.app.state.services.settings.secret_key.get_secret_value().encode()
    digest = hmac.new(key, _SEAL_PURPOSE + seal.encode(), hashlib.sha256).digest()
    return TOKEN_PREFIX + base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _revealed(request: Request, live: list[ApiToken], secret: Any) -> dict[str, str]:
    """The new token to show ({} when none): its name and value, made again from its seal."""
    if not isinstance(secret, dict) or not isinstance(secret.get("seal"), str):
        return {}
    raw = _sealed_token(request, secret["seal"])
    for token in live:
        if str(token.id) == secret.get("id") and token.token_hash == queries.token_hash(raw):
            return {"name": token.name, "token": raw}
    return {}  # revoked since, or the secret key changed: nothing that would not work


@router.get(PAGE)
def page(request: Request, me: SignedIn, session: SessionDep) -> Response:
    shown = flash.read(request, me)
    answer = render(request, "account.html", account_context(request, session, me, shown), me=me)
    answer.headers["Cache-Control"] = "no-store"  # a new token is on it once, and only once
    return flash.shown(request, answer)


@router.post("/account/email")
async def change_email(
    request: Request, me: SignedIn, services: ServicesDep, session: SessionDep
) -> Response:
    form = await request.form()
    typed = field(form, "email")
    back = f"{PAGE}#h-email"
    try:
        body = EmailChange(email=typed, current_password=_secret(form, "email_password"))
        use_case, asking = account_changes.change_email, caller(request, me)
        changed = await off_loop(use_case, services, session, asking, body)
    except ValidationError as exc:
        errors = _field_errors(exc, {"email": "email", "current_password": "email_password"})
        return flash.send(request, back, me, errors=errors, values={"email": typed})
    except UserError as exc:
        session.rollback()
        errors = {_email_field(exc): _email_words(exc)}
        return flash.send(request, back, me, errors=errors, values={"email": typed})
    notice = f"Your e-mail address is now {changed.email}: log in with it from now on."
    return flash.send(request, back, me, notice=notice)


def _email_field(exc: UserError) -> str:
    if isinstance(exc, WrongPassword):
        return "email_password"
    return "email" if isinstance(exc, EmailTaken | Unchanged) else "email_form"


def _email_words(exc: UserError) -> str:
    if isinstance(exc, WrongPassword):
        return NOT_YOURS
    if isinstance(exc, EmailTaken):
        return "Another account has this address: choose another."
    if isinstance(exc, Unchanged):
        return "This is the address your account already has."
    return sentence(exc.message)


@router.post("/account/password")
async def change_password(
    request: Request, me: SignedIn, services: ServicesDep, session: SessionDep
) -> Response:
    form = await request.form()
    back = f"{PAGE}#h-password"
    try:
        body = PasswordChange(
            current_password=_secret(form, "current_password"),
            new_password=_secret(form, "new_password"),
        )
        use_case, asking = account_changes.change_password, caller(request, me)
        changed = await off_loop(use_case, services, session, asking, me.token, body)
    except ValidationError as exc:
        errors = _field_errors(exc, {"current_password": "current_password"})
        return flash.send(request, back, me, errors=errors)
    except UserError as exc:
        session.rollback()
        return flash.send(request, back, me, errors=_password_error(exc))
    notice = f"{sentence(changed.detail)} This session stays, and so do your API tokens."
    return flash.send(request, back, me, notice=notice)


def _password_error(exc: UserError) -> dict[str, str]:
    if isinstance(exc, WrongPassword):
        return {"current_password": NOT_YOURS}
    if isinstance(exc, Unchanged):
        return {"new_password": "This is the password you have: choose another."}
    if isinstance(exc, WeakPassword):
        return {"new_password": sentence(exc.message.removeprefix("new_password: "))}
    return {"password_form": sentence(exc.message)}


def _secret(form: FormData, name: str) -> SecretStr:
    """A password field as typed: never trimmed (a space may be part of it)."""
    value = form.get(name)
    return SecretStr(value if isinstance(value, str) else "")


def _field_errors(exc: ValidationError, fields: dict[str, str]) -> dict[str, str]:
    """A form's fields' errors in words: the address's own words, or what is missing."""
    errors: dict[str, str] = {}
    for error in exc.errors():
        name = str(error["loc"][0]) if error["loc"] else ""
        if error["type"] == "email":
            errors.setdefault(fields.get(name, name), f"The e-mail address {error['msg']}.")
        elif name.endswith("password"):
            errors.setdefault(fields.get(name, "new_password"), "Type the password here.")
        else:
            errors.setdefault(fields.get(name, name), "Type an e-mail address here.")
    return errors


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
    answer = go(request, "/" if ended_this else f"{PAGE}#h-sessions")
    if ended_this:
        services.cookies.clear(answer)
    return answer


@router.post("/account/sessions/end-others")
def end_other_sessions(request: Request, me: SignedIn, session: SessionDep) -> Response:
    account_data.end_other_sessions(session, me.user, me.token)
    return flash.send(
        request, f"{PAGE}#h-sessions", me, notice="Every other session is logged out."
    )


@router.post("/account/tokens")
async def create_token(request: Request, me: SignedIn, session: SessionDep) -> Response:
    form = await request.form()
    typed = field(form, "name")
    back = f"{PAGE}#h-tokens"
    try:
        named = TokenCreate(name=typed)
        seal = secrets.token_urlsafe(32)
        raw = _sealed_token(request, seal)
        created = await off_loop(account_data.create_token, session, me.user, named, raw)
    except ValidationError:
        errors = {"name": "Give the token a name of 1 to 100 characters."}
        return flash.send(request, back, me, errors=errors, values={"name": typed[:100]})
    return flash.send(request, back, me, secret={"seal": seal, "id": str(created.id)})


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(
    request: Request, token_id: uuid.UUID, me: SignedIn, session: SessionDep
) -> Response:
    try:
        account_data.revoke_token(session, me.user, token_id)
    except InputNotFound:
        raise not_found("token") from None
    return go(request, f"{PAGE}#h-tokens")


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
        return flash.send(request, f"{PAGE}#h-delete", me, errors=errors)
    answer = go(request, "/?deleted=1")
    await off_loop(account_data.erase_account, services, session, me.user)
    services.cookies.clear(answer)
    return answer


@router.get("/account/{_action:path}")
def back_to_the_page(_action: str) -> Response:
    """A form's address opened again (from the history, or typed): the page, not a 405."""
    return RedirectResponse(PAGE, status_code=303)
