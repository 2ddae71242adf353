"""Session cookies and CSRF tokens (passwords: ``service.passwords``).

A log-in makes one log-in session (``store.account_queries``; only its token's SHA-256 is stored);
the API client gets its token as a bearer token, the browser gets it inside a signed, HttpOnly,
SameSite=Lax cookie, ``Secure`` when the request came over HTTPS (directly, or by a trusted
proxy's ``X-Forwarded-Proto``): a Secure cookie sent over plain HTTP is dropped by the browser,
which made logging in impossible on a plain-HTTP address (issue 16). Logging out ends the session
row, and so both; any replica can check a session with no state of its own.

CSRF: a cookie rides along on cross-site requests, a bearer header does not. The session cookie
therefore carries a random CSRF secret, which is also set in a cookie the page's script can read
(``tailorcv_csrf``); a state-changing request authenticated by cookie must echo it in
``X-CSRF-Token`` (the signed double-submit pattern: a cross-site page can neither read the cookie
nor forge the signed one). The log-in and registration forms come before any session: their
page sets a signed ``tailorcv_form`` cookie holding a random secret, which the form echoes in its
``csrf_token`` field, so that another site cannot log a browser in to an account of its choosing.
"""

from __future__ import annotations

import ipaddress
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import Scope

from tailorcv.service.passwords import HASHER as HASHER  # where `tailorcv serve` finds it

SESSION_COOKIE = "tailorcv_session"
CSRF_COOKIE = "tailorcv_csrf"
FORM_COOKIE = "tailorcv_form"  # the log-in and registration forms' CSRF secret
CSRF_HEADER = "X-CSRF-Token"
# A signed cookie older than this is refused whatever its session says (browsers keep a cookie
# 400 days at most); the session row decides how long a log-in really lasts.
COOKIE_DAYS = 400
FORM_SECONDS = 24 * 3600  # a log-in form left open longer asks to be reloaded
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class SessionData:
    token: str
    csrf: str


def is_https(scope: Scope) -> bool:
    """Whether the client came over HTTPS: the scheme the request context found
    (``web.clientip``: a trusted proxy's ``X-Forwarded-Proto``), else the connection's."""
    scheme = scope.get("state", {}).get("scheme") or scope.get("scheme", "http")
    return str(scheme) == "https"


def cookie_refusal(scope: Scope) -> str | None:
    """Why the browser would drop a session cookie set in answer to this request; None when it
    will keep it. A Secure cookie (the request is HTTPS to us) set on a page the browser opened
    over plain HTTP (its ``Origin``) is dropped, except on a loopback address."""
    if not is_https(scope):
        return None
    origin = urlsplit(Headers(scope=scope).get("origin", ""))
    if origin.scheme != "http" or _loopback(origin.hostname or ""):
        return None
    return (
        "the browser opened this page over plain HTTP, but the server was told the connection "
        "is HTTPS (a trusted proxy's X-Forwarded-Proto), so the session cookie is Secure and "
        "the browser would not keep it: open tailorcv at its https:// address, or have the "
        "proxy send X-Forwarded-Proto: http for plain-HTTP requests"
    )


def _loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class SessionCookies:
    """Issue, read and clear the signed session cookie and its CSRF companion, and the log-in
    form's signed CSRF cookie."""

    def __init__(self, secret: str, max_age_seconds: int = COOKIE_DAYS * 86400) -> None:
        self.serializer = URLSafeTimedSerializer(secret, salt="tailorcv.session")
        self.forms = URLSafeTimedSerializer(secret, salt="tailorcv.login-form")
        self.max_age = max_age_seconds

    def issue(
        self, response: Response, token: str, *, secure: bool = True, max_age: int | None = None
    ) -> SessionData:
        """Set the session cookies; ``secure`` follows the request's scheme (``is_https``), and
        ``max_age`` is the session's absolute limit in seconds."""
        data = SessionData(token, secrets.token_urlsafe(32))
        value = self.serializer.dumps({"t": data.token, "c": data.csrf})
        age = min(max_age or self.max_age, self.max_age)
        self._set(response, SESSION_COOKIE, value, httponly=True, secure=secure, max_age=age)
        # The page's script reads this one.
        self._set(response, CSRF_COOKIE, data.csrf, httponly=False, secure=secure, max_age=age)
        return data

    def _set(
        self,
        response: Response,
        name: str,
        value: str,
        *,
        httponly: bool,
        secure: bool,
        max_age: int,
    ) -> None:
        response.set_cookie(
            name,
            value,
            max_age=max_age,
            path="/",
            secure=secure,
            httponly=httponly,
            samesite="lax",
        )

    def read(self, value: str) -> SessionData | None:
        """The session in a cookie; None when it is forged or altered (whether the session is
        still live is the session row's to say)."""
        try:
            loaded = self.serializer.loads(value, max_age=self.max_age)
        except BadSignature:
            return None
        if not isinstance(loaded, dict):
            return None
        token, csrf = loaded.get("t"), loaded.get("c")
        if not isinstance(token, str) or not isinstance(csrf, str):
            return None
        return SessionData(token, csrf)

    def clear(self, response: Response) -> None:
        """Delete the session cookies. Without ``Secure``: a browser on plain HTTP refuses a
        Secure Set-Cookie, even one that deletes; over HTTPS either kind is deleted."""
        for name in (SESSION_COOKIE, CSRF_COOKIE):
            response.delete_cookie(name, path="/", samesite="lax")

    def form_secret(self, cookie: str | None) -> str | None:
        """The secret in a log-in form's cookie; None when absent, forged or too old."""
        if not cookie:
            return None
        try:
            loaded = self.forms.loads(cookie, max_age=FORM_SECONDS)
        except BadSignature:
            return None
        return loaded if isinstance(loaded, str) else None

    def form_secret_or_new(self, cookie: str | None) -> str:
        """The secret of the form's cookie when it is valid (a second tab keeps the first one's
        form valid), else a new one."""
        return self.form_secret(cookie) or secrets.token_urlsafe(32)

    def issue_form(self, response: Response, secret: str, *, secure: bool) -> None:
        """(Re)set the log-in form's cookie to ``secret``, which the form's ``csrf_token``
        field carries."""
        value = self.forms.dumps(secret)
        self._set(response, FORM_COOKIE, value, httponly=True, secure=secure, max_age=FORM_SECONDS)

    def form_matches(self, cookie: str | None, sent: str | None) -> bool:
        """Whether a log-in form's ``csrf_token`` (``sent``) is its cookie's secret."""
        expected = self.form_secret(cookie)
        return expected is not None and csrf_matches(sent, expected)

    def clear_form(self, response: Response) -> None:
        response.delete_cookie(FORM_COOKIE, path="/", samesite="lax")


def csrf_matches(sent: str | None, expected: str) -> bool:
    return sent is not None and secrets.compare_digest(sent.encode(), expected.encode())
