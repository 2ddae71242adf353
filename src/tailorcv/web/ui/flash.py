"""A refused plain form, carried across its redirect (redirect-after-POST, issue 19).

A form posted without htmx (scripts off) that is refused must not leave the browser on the POST
URL: a reload would send it again, and a GET of an action URL answers 405. Its handler redirects
(303) to the page of the form instead, with what that page needs to show the refusal (the
message, the values to fill in again) in a short-lived signed cookie meant for that page only;
the page reads it once and clears it, so a reload shows the page as it is now. Nothing is kept
on the server, so any replica can show it. A password is never carried.
"""

from __future__ import annotations

import json
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from tailorcv.web.security import is_https

COOKIE = "tailorcv_flash"
SECONDS = 120  # a redirect is followed at once; an older note is stale
MAX_BYTES = 3000  # below the 4 KB a browser keeps per cookie, once signed and encoded


def _signer(request: Request) -> URLSafeTimedSerializer:
    secret = request.app.state.services.settings.secret_key.get_secret_value()
    return URLSafeTimedSerializer(secret, salt="tailorcv.flash")


def refused(request: Request, url: str, **carried: Any) -> Response:
    """A 303 to ``url`` carrying ``carried`` (JSON values) to that page. Text values too long
    to fit are dropped, the longest first: the message is always kept."""
    path = url.split("#", 1)[0].split("?", 1)[0]
    note = {"path": path, **carried}
    while len(json.dumps(note, ensure_ascii=False).encode()) > MAX_BYTES:
        if not _drop_longest(note):
            note = {"path": path, "error": str(carried.get("error", ""))[:500]}
            break
    response = RedirectResponse(url, status_code=303)
    response.set_cookie(
        COOKIE,
        _signer(request).dumps(note),
        max_age=SECONDS,
        path="/",
        secure=is_https(request.scope),
        httponly=True,
        samesite="lax",
    )
    return response


def _drop_longest(note: dict[str, Any]) -> bool:
    """Empty the longest text among the carried values (never the message); False when none
    is left to drop."""
    values = note.get("values")
    if not isinstance(values, dict):
        return False
    texts = [(len(value), key) for key, value in values.items() if isinstance(value, str) and value]
    if not texts:
        return False
    values[max(texts)[1]] = ""
    return True


def taken(request: Request) -> dict[str, Any]:
    """What a refused form carried to this page ({} when nothing was, or it was meant for
    another page, forged or stale). Pair with ``cleared`` on the page's response."""
    raw = request.cookies.get(COOKIE)
    if not raw:
        return {}
    try:
        note = _signer(request).loads(raw, max_age=SECONDS)
    except BadSignature:
        return {}
    if not isinstance(note, dict) or note.get("path") != request.url.path:
        return {}
    return note


def cleared(request: Request, response: Response) -> Response:
    """``response`` with the note deleted, so that a reload does not show it again."""
    if COOKIE in request.cookies and taken(request):
        response.delete_cookie(COOKIE, path="/", secure=is_https(request.scope), httponly=True)
    return response
