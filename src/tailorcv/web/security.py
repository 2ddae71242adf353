"""Passwords, session cookies and CSRF tokens.

Passwords are hashed with argon2id at OWASP's recommended costs (``HASHER``). A login makes one API
token (only its SHA-256 is stored); the API client gets it as a bearer token, the browser gets it
inside a signed, HttpOnly, Secure, SameSite=Lax cookie. So logging out revokes one row and ends
both, and any replica can check a session with no state of its own.

CSRF: a cookie rides along on cross-site requests, a bearer header does not. The session cookie
therefore carries a random CSRF secret, which is also set in a cookie the page's script can read
(``tailorcv_csrf``); a state-changing request authenticated by cookie must echo it in
``X-CSRF-Token`` (the signed double-submit pattern: a cross-site page can neither read the cookie
nor forge the signed one).
"""

from __future__ import annotations

import os
import secrets
import threading
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.responses import Response

SESSION_COOKIE = "tailorcv_session"
CSRF_COOKIE = "tailorcv_csrf"
CSRF_HEADER = "X-CSRF-Token"
SESSION_DAYS = 14
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


# OWASP's first recommended argon2id configuration: 19 MiB, 2 passes, 1 lane, ≈ 24 ms of one
# core here. argon2-cffi's default (RFC 9106's low-memory one: 64 MiB, 3 passes, 4 lanes) cost
# ≈ 190 ms of CPU, so two cores hashed about 10 passwords a second and a crowd signing up took
# the CPU from everyone else (issue 10). A hash made at other costs is redone at the next log-in.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


class Passwords:
    """Hash and check passwords with argon2id; ``hasher`` lets tests choose cheaper costs.

    At most one hash per core runs at a time in a process: a burst of sign-ups then waits its
    turn instead of taking every thread of the pool (and its memory) from the requests that
    need a few milliseconds."""

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self.hasher = hasher or HASHER
        self._turns = threading.BoundedSemaphore(os.cpu_count() or 1)
        self._decoy = self.hasher.hash(secrets.token_urlsafe(16))

    def hash(self, password: str) -> str:
        with self._turns:
            return self.hasher.hash(password)

    def verify(self, hashed: str | None, password: str) -> bool:
        """Whether ``password`` matches. With no hash (an unknown email), a decoy is checked so
        that the answer takes as long and says nothing about which emails exist."""
        try:
            with self._turns:
                matches = self.hasher.verify(hashed or self._decoy, password)
            return matches and hashed is not None
        except (VerificationError, InvalidHashError):
            return False

    def outdated(self, hashed: str) -> bool:
        """Whether ``hashed`` was made at other costs than this hasher's (redo it at log-in)."""
        try:
            return self.hasher.check_needs_rehash(hashed)
        except InvalidHashError:
            return True


@dataclass(frozen=True)
class SessionData:
    token: str
    csrf: str


class SessionCookies:
    """Issue, read and clear the signed session cookie and its CSRF companion."""

    def __init__(self, secret: str, max_age_seconds: int = SESSION_DAYS * 86400) -> None:
        self.serializer = URLSafeTimedSerializer(secret, salt="tailorcv.session")
        self.max_age = max_age_seconds

    def issue(self, response: Response, token: str) -> SessionData:
        data = SessionData(token, secrets.token_urlsafe(32))
        value = self.serializer.dumps({"t": data.token, "c": data.csrf})
        self._set(response, SESSION_COOKIE, value, httponly=True)
        self._set(response, CSRF_COOKIE, data.csrf, httponly=False)  # the page's script reads it
        return data

    def _set(self, response: Response, name: str, value: str, *, httponly: bool) -> None:
        response.set_cookie(
            name,
            value,
            max_age=self.max_age,
            path="/",
            secure=True,
            httponly=httponly,
            samesite="lax",
        )

    def read(self, value: str) -> SessionData | None:
        """The session in a cookie; None when it is forged, altered or older than its age."""
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
        for name in (SESSION_COOKIE, CSRF_COOKIE):
            response.delete_cookie(name, path="/", secure=True, samesite="lax")


def csrf_matches(sent: str | None, expected: str) -> bool:
    return sent is not None and secrets.compare_digest(sent.encode(), expected.encode())
