"""Redirect-after-POST with a message: what a form's answer has to say rides to the next page in
a short-lived signed cookie, read and deleted by the page the browser is sent to (issue 19).

A form answered with a page of its own leaves the address bar on the POST's URL: reloading it
posts again (a second API token), and opening it again asks for a method the URL does not
answer (a raw 405). So a form is answered with a 303 to its page, and what it has to say (done,
or each field's error with what was typed, or the seal a new token is made from again, never
the token: ``web.ui.account``) is kept in ``tailorcv_flash`` for ``FLASH_SECONDS``: signed
with the server's secret, HttpOnly, and bound to the signed-in user, so that no one else's page
shows it. Passwords are never kept in it.
"""

from __future__ import annotations

import functools
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

from tailorcv.web.security import is_https
from tailorcv.web.ui.pages import Viewer, go

FLASH_COOKIE = "tailorcv_flash"
FLASH_SECONDS = 120  # long enough for a slow redirect, short enough to be gone when unread


@functools.cache
def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt="tailorcv.flash")


def _signer(request: Request) -> URLSafeTimedSerializer:
    return _serializer(request.app.state.services.settings.secret_key.get_secret_value())


def send(request: Request, url: str, me: Viewer, **message: Any) -> Response:
    """Send the browser to ``url`` (``pages.go``) with ``message`` for the page there: any of
    ``notice``, ``errors`` (field → sentence), ``values`` (field → what was typed) and
    ``secret`` (what a secret shown once is made from: never a secret itself, as the cookie is
    signed, not encrypted)."""
    answer = go(request, url)
    value = _signer(request).dumps({"u": str(me.user.id), "m": message})
    answer.set_cookie(
        FLASH_COOKIE,
        value,
        max_age=FLASH_SECONDS,
        path="/",
        secure=is_https(request.scope),
        httponly=True,
        samesite="lax",
    )
    return answer


def read(request: Request, me: Viewer) -> dict[str, Any]:
    """The message sent to this page ({} when none, forged, too old or for another user)."""
    cookie = request.cookies.get(FLASH_COOKIE)
    if not cookie:
        return {}
    try:
        loaded = _signer(request).loads(cookie, max_age=FLASH_SECONDS)
    except BadSignature:
        return {}
    if not isinstance(loaded, dict) or loaded.get("u") != str(me.user.id):
        return {}
    message = loaded.get("m")
    return message if isinstance(message, dict) else {}


def shown(request: Request, answer: Response) -> Response:
    """``answer`` deleting the message it showed, so that a reload does not show it again."""
    if FLASH_COOKIE in request.cookies:
        answer.delete_cookie(FLASH_COOKIE, path="/", samesite="lax")
    return answer
