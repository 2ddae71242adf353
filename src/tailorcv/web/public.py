"""Public pages: ``/r/{slug}`` (HTML), ``/r/{slug}.pdf`` and ``/r/{slug}.json``.

These are plain Starlette routes mounted in the app: a FastAPI route costs about 80–100 µs per
request against about 20 µs (DESIGN.md), and this is the hot path. Each request reads the page's
row (unpublishing or expiry take effect at once, on every replica), applies its privacy settings,
and serves the rendering from an in-process cache keyed by the SHA-256 of what is shown, which is
also the ``ETag``: an unchanged page costs a lookup and no rendering, and a client that has it
gets 304. A page is the résumé's working draft.

A password-protected page asks for HTTP Basic credentials (any user name, the page's password):
it needs no cookie, no form and no state, and every browser prompts for it. Such a page is
``Cache-Control: private`` so no shared cache keeps it. Wrong passwords are throttled per page
and client address like logins.

Views are counted in memory and added to the row at most every ``flush_seconds`` in one UPDATE
per page, so a busy page does not write the database per request; the count stores nothing about
the visitor. A crash loses at most those seconds of counts.
"""

from __future__ import annotations

import base64
import binascii
import copy
import gzip
import hashlib
import json
import threading
import time
import uuid
from collections import Counter, OrderedDict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tailorcv.render import render
from tailorcv.resume import validate
from tailorcv.store.models import Resume
from tailorcv.store.queries import content_hash, get_published
from tailorcv.web.security import Passwords
from tailorcv.web.throttle import Throttle

MEDIA = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "json": "application/json",
}
COMPRESSIBLE = frozenset({"html", "json"})
MAX_AGE = 300
CACHE_ENTRIES = 256


@dataclass(frozen=True)
class Page:
    """What one request needs of a published résumé, read inside its session."""

    resume_id: uuid.UUID
    document: dict[str, Any]
    password_hash: str | None
    noindex: bool


@dataclass
class Rendered:
    etag: str
    body: bytes
    gzipped: bytes | None = None


def private_view(resume: Resume) -> dict[str, Any]:
    """The draft with what the owner chose to hide removed (the street address and postal
    code for ``hide_address``; the city and country stay)."""
    document = copy.deepcopy(resume.draft)
    basics = document.get("basics")
    if isinstance(basics, dict):
        if resume.hide_email:
            basics.pop("email", None)
        if resume.hide_phone:
            basics.pop("phone", None)
        location = basics.get("location")
        if resume.hide_address and isinstance(location, dict):
            location.pop("address", None)
            location.pop("postalCode", None)
    return document


class PublicPages:
    """The public routes with their cache, view counter and password checks."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        passwords: Passwords,
        flush_seconds: float = 5.0,
    ) -> None:
        self.sessions = sessions
        self.passwords = passwords
        self.flush_seconds = flush_seconds
        self.attempts = Throttle({"page": 10, "page-ip": 20})
        self._cache: OrderedDict[str, Rendered] = OrderedDict()
        self._verified: OrderedDict[tuple[str, str], None] = OrderedDict()
        self._views: Counter[uuid.UUID] = Counter()
        self._flushed = time.monotonic()
        self._lock = threading.Lock()

    def routes(self) -> list[Route]:
        return [
            Route("/r/{slug}.pdf", self.pdf, include_in_schema=False),
            Route("/r/{slug}.json", self.json, include_in_schema=False),
            Route("/r/{slug}", self.html, include_in_schema=False),
        ]

    def html(self, request: Request) -> Response:
        return self.serve(request, "html")

    def pdf(self, request: Request) -> Response:
        return self.serve(request, "pdf")

    def json(self, request: Request) -> Response:
        return self.serve(request, "json")

    def serve(self, request: Request, fmt: str) -> Response:
        """Run in Starlette's thread pool (a sync endpoint), since it reads the database."""
        page = self.lookup(request.path_params["slug"])
        if page is None:
            return _message(404, "No page here", "This page does not exist or is no longer public.")
        if page.password_hash is not None and not self.allowed(request, page):
            return _ask_password()
        rendered = self.rendered(page.document, fmt)
        if fmt == "html":
            self.count_view(page.resume_id)
        headers = _headers(rendered.etag, page)
        if rendered.etag in _etags(request.headers.get("if-none-match", "")):
            return Response(status_code=304, headers=headers)
        body = rendered.body
        if fmt in COMPRESSIBLE and "gzip" in request.headers.get("accept-encoding", ""):
            rendered.gzipped = rendered.gzipped or gzip.compress(body, compresslevel=6)
            body, headers["Content-Encoding"] = rendered.gzipped, "gzip"
        return Response(body, media_type=MEDIA[fmt], headers=headers)

    def lookup(self, slug: str) -> Page | None:
        with self.sessions() as session:
            resume = get_published(session, slug)
            if resume is None:
                return None
            return Page(resume.id, private_view(resume), resume.password_hash, resume.noindex)

    def rendered(self, document: dict[str, Any], fmt: str) -> Rendered:
        key = content_hash({"format": fmt, "document": document})
        with self._lock:
            found = self._cache.get(key)
            if found is not None:
                self._cache.move_to_end(key)
                return found
        made = Rendered(f'"{key[:40]}"', _render(document, fmt))
        with self._lock:
            self._cache[key] = made
            while len(self._cache) > CACHE_ENTRIES:
                self._cache.popitem(last=False)
        return made

    def allowed(self, request: Request, page: Page) -> bool:
        """Whether the request carries the page's password (Basic auth, any user name)."""
        password = _basic_password(request.headers.get("authorization", ""))
        if password is None:
            return False
        assert page.password_hash is not None
        proof = (page.password_hash, hashlib.sha256(password.encode()).hexdigest())
        with self._lock:
            if proof in self._verified:
                return True
        client = request.client.host if request.client else "unknown"
        keys = (f"page:{page.resume_id}", f"page-ip:{client}")
        self.attempts.check(*keys)
        if not self.passwords.verify(page.password_hash, password):
            self.attempts.failed(*keys)
            return False
        with self._lock:
            self._verified[proof] = None
            while len(self._verified) > CACHE_ENTRIES:
                self._verified.popitem(last=False)
        return True

    def count_view(self, resume_id: uuid.UUID) -> None:
        with self._lock:
            self._views[resume_id] += 1
            due = time.monotonic() - self._flushed >= self.flush_seconds
        if due:
            self.flush_views()

    def flush_views(self) -> None:
        """Add the counted views to their rows: one UPDATE per page, one transaction."""
        with self._lock:
            views, self._views = self._views, Counter()
            self._flushed = time.monotonic()
        if not views:
            return
        with self.sessions() as session:
            for resume_id, count in views.items():
                statement = (
                    update(Resume)
                    .where(Resume.id == resume_id)
                    .values(view_count=Resume.view_count + count)
                )
                session.execute(statement)
            session.commit()


def _render(document: dict[str, Any], fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps(document, ensure_ascii=False, indent=2).encode()
    return render(validate(document).resume, None, fmt)


def _headers(etag: str, page: Page) -> dict[str, str]:
    protected = page.password_hash is not None
    headers = {
        "ETag": f"W/{etag}",  # weak: the gzipped and plain bodies are the same page
        "Cache-Control": "private, no-cache" if protected else f"public, max-age={MAX_AGE}",
        "Vary": "Accept-Encoding, Authorization" if protected else "Accept-Encoding",
        "X-Content-Type-Options": "nosniff",
    }
    if page.noindex:
        headers["X-Robots-Tag"] = "noindex"
    return headers


def _etags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def _basic_password(header: str) -> str | None:
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    return decoded.partition(":")[2]


def _ask_password() -> Response:
    response = _message(401, "Password required", "This page is protected by a password.")
    response.headers["WWW-Authenticate"] = 'Basic realm="tailorcv page", charset="UTF-8"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _message(status: int, title: str, text: str) -> Response:
    """A small page for a person (the public routes are opened in a browser)."""
    body = (
        '<!doctype html><html lang="en"><meta charset="utf-8">'
        f'<meta name="robots" content="noindex"><title>{title}</title>'
        f"<h1>{title}</h1><p>{text}</p></html>"
    )
    return Response(body, status_code=status, media_type="text/html; charset=utf-8")
