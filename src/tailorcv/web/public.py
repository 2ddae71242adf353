"""Public pages: ``/r/{slug}`` (HTML), ``/r/{slug}.pdf`` and ``/r/{slug}.json``.

These are plain Starlette routes mounted first in the app: a FastAPI route costs about 80–100 µs
per request against about 20 µs (DESIGN.md), and this is the hot path. A page's row (without its
document) is read at most once a second per process: a page seen in the last second whose
rendering is at hand is answered on the event loop with no thread and no query. Publishing,
unpublishing, editing or deleting takes effect at once on the replica that did it (``forget``)
and within a second on the others; expiry within a second. The document is read, its privacy
settings applied and its hash taken only when the row changed. The rendering comes from an
in-process cache keyed by the SHA-256 of what is shown, which is also the ``ETag``, so a client
that has it gets 304. A page is the résumé's working draft. That cache stays in process whatever
``TAILORCV_CACHE_URL`` says: keyed by content, every replica would hold the same bytes, and a
network hop would cost more than the lookup saves; its hits and misses count under ``page``.

A password-protected page asks for HTTP Basic credentials (any user name, the page's password): it
needs no cookie, no form and no state, and every browser prompts for it. Such a page is
``Cache-Control: private`` so no shared cache keeps it. Wrong passwords are throttled per page and
client address like logins.

Views are counted in memory and added to the row at most every ``flush_seconds`` in one UPDATE per
page, so a busy page does not write the database per request; the count stores nothing about the
visitor. A crash loses at most those seconds of counts.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import hashlib
import json
import threading
import time
import uuid
from collections import Counter, OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tailorcv.ops import metrics
from tailorcv.render import render
from tailorcv.resume import validate
from tailorcv.store.models import Resume
from tailorcv.store.queries import content_hash, published_row
from tailorcv.web.ratelimits import client_of
from tailorcv.web.security import Passwords
from tailorcv.web.throttle import Throttle

MEDIA = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "json": "application/json",
}
COMPRESSIBLE = frozenset({"html", "json", "pdf"})  # a PDF from Typst shrinks by about 40 %
MAX_AGE = 300
CACHE_ENTRIES = 256
ROW_SECONDS = 1.0  # how long a page's row is trusted before it is read again
_UNKNOWN = object()  # not remembered: read the row


@dataclass(frozen=True)
class Page:
    """What one request needs of a published résumé's row (not its document)."""

    resume_id: uuid.UUID
    updated_at: datetime
    hidden: tuple[bool, bool, bool]  # email, phone, address
    password_hash: str | None
    noindex: bool


@dataclass
class Rendered:
    etag: str
    body: bytes
    gzipped: bytes | None = None


def private_view(draft: dict[str, Any], hidden: tuple[bool, bool, bool]) -> dict[str, Any]:
    """The draft with what the owner chose to hide removed: email, phone, and for the address
    the street and postal code (the city and country stay). The draft is not changed: only the
    parts that lose something are copied."""
    hide_email, hide_phone, hide_address = hidden
    basics = draft.get("basics")
    if not isinstance(basics, dict) or not any(hidden):
        return draft
    basics = dict(basics)
    if hide_email:
        basics.pop("email", None)
    if hide_phone:
        basics.pop("phone", None)
    location = basics.get("location")
    if hide_address and isinstance(location, dict):
        basics["location"] = {
            k: v for k, v in location.items() if k not in ("address", "postalCode")
        }
    return {**draft, "basics": basics}


class PublicPages:
    """The public routes with their cache, view counter and password checks."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        passwords: Passwords,
        attempts: Throttle,
        flush_seconds: float = 5.0,
    ) -> None:
        self.sessions = sessions
        self.passwords = passwords
        self.flush_seconds = flush_seconds
        self.attempts = attempts
        self._cache: OrderedDict[str, Rendered] = OrderedDict()
        # (résumé, row version, privacy, format) → the key of its rendering in ``_cache``
        self._keys: OrderedDict[tuple[Any, ...], str] = OrderedDict()
        self._verified: OrderedDict[tuple[str, str], None] = OrderedDict()
        self._views: Counter[uuid.UUID] = Counter()
        self._rows: dict[str, tuple[float, Page | None]] = {}  # slug → (until, its row)
        self._flushed = time.monotonic()
        self._lock = threading.Lock()

    def routes(self) -> list[Route]:
        return [
            Route("/r/{slug}.pdf", self.pdf, include_in_schema=False),
            Route("/r/{slug}.json", self.json, include_in_schema=False),
            Route("/r/{slug}", self.html, include_in_schema=False),
        ]

    async def html(self, request: Request) -> Response:
        return await self.serve(request, "html")

    async def pdf(self, request: Request) -> Response:
        return await self.serve(request, "pdf")

    async def json(self, request: Request) -> Response:
        return await self.serve(request, "json")

    async def serve(self, request: Request, fmt: str) -> Response:
        """A page seen in the last ``ROW_SECONDS`` with its rendering at hand is answered on the
        event loop; anything that reads the database, renders or checks a password goes to the
        thread pool."""
        slug = request.path_params["slug"]
        page = self._remembered(slug)
        if page is _UNKNOWN:
            page = await run_in_threadpool(self.lookup, slug)
        if page is None:
            return _message(404, "No page here", "This page does not exist or is no longer public.")
        assert isinstance(page, Page)
        if page.password_hash is not None and not await run_in_threadpool(
            self.allowed, request, page
        ):
            return _ask_password()
        rendered = self._rendered_at_hand(page, fmt)
        if rendered is None:
            rendered = await run_in_threadpool(self.rendered_page, page, fmt)
        await self.viewed(page, fmt)
        status, headers, body = answer(page, rendered, fmt, request.headers)
        return Response(body, status_code=status, headers=headers)

    def at_hand(self, slug: str, fmt: str) -> tuple[Page, Rendered] | None:
        """The page and its rendering when both are in memory and it asks no password: what
        ``web.fastpath`` answers before any other layer runs. None: ask ``serve``."""
        page = self._remembered(slug)
        if not isinstance(page, Page) or page.password_hash is not None:
            return None
        rendered = self._rendered_at_hand(page, fmt)
        return None if rendered is None else (page, rendered)

    async def viewed(self, page: Page, fmt: str) -> None:
        """Count a view of the HTML page; write the counts in a thread when they are due."""
        if fmt == "html" and self.count_view(page.resume_id):
            await run_in_threadpool(self.flush_views)

    def lookup(self, slug: str) -> Page | None:
        """The page's row (or None), remembered for ``ROW_SECONDS``."""
        with self.sessions() as session:
            row = published_row(session, slug)
        page = None
        if row is not None:
            resume_id, updated_at, email, phone, address, password_hash, noindex = row
            page = Page(resume_id, updated_at, (email, phone, address), password_hash, noindex)
        with self._lock:
            if len(self._rows) >= 4 * CACHE_ENTRIES:
                self._rows.clear()
            self._rows[slug] = (time.monotonic() + ROW_SECONDS, page)
        return page

    def forget(self, resume_id: uuid.UUID) -> None:
        """Drop what this process remembers of the résumé's page (it was edited, published,
        unpublished or deleted here); other replicas see the change within ``ROW_SECONDS``."""
        with self._lock:
            for slug, (_until, page) in list(self._rows.items()):
                if page is None or page.resume_id == resume_id:
                    del self._rows[slug]

    def _remembered(self, slug: str) -> Page | object | None:
        with self._lock:
            until, page = self._rows.get(slug, (0.0, _UNKNOWN))
        return page if until > time.monotonic() else _UNKNOWN

    def _rendered_at_hand(self, page: Page, fmt: str) -> Rendered | None:
        with self._lock:
            key = self._keys.get((page.resume_id, page.updated_at, page.hidden, fmt))
            found = self._cache.get(key) if key is not None else None
        if found is not None:
            metrics.count_cache("page", hit=True)
        return found

    def rendered_page(self, page: Page, fmt: str) -> Rendered:
        """The page's rendering; its document is read only when its row changed."""
        found = self._rendered_at_hand(page, fmt)
        if found is not None:
            return found
        version = (page.resume_id, page.updated_at, page.hidden, fmt)
        with self.sessions() as session:
            draft = session.scalar(select(Resume.draft).where(Resume.id == page.resume_id))
        made = self.rendered(private_view(draft or {}, page.hidden), fmt)
        with self._lock:
            self._keys[version] = made.etag
            while len(self._keys) > CACHE_ENTRIES:
                self._keys.popitem(last=False)
        return made

    def rendered(self, document: dict[str, Any], fmt: str) -> Rendered:
        key = f'"{content_hash({"format": fmt, "document": document})[:40]}"'
        with self._lock:
            found = self._cache.get(key)
            if found is not None:
                self._cache.move_to_end(key)
        metrics.count_cache("page", hit=found is not None)
        if found is not None:
            return found
        made = Rendered(key, _render(document, fmt))
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
        client = client_of(request.scope)
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

    def count_view(self, resume_id: uuid.UUID) -> bool:
        """Count one view; whether the counts are due to be written (``flush_views``)."""
        with self._lock:
            self._views[resume_id] += 1
            due = time.monotonic() - self._flushed >= self.flush_seconds
            if due:
                self._flushed = time.monotonic()  # one request flushes, not every one
        return due

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


def answer(
    page: Page, rendered: Rendered, fmt: str, request: Mapping[str, str]
) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) for a page: 304 when the client has this rendering (its
    ``If-None-Match``), gzipped when it takes gzip and the format is text."""
    headers = _headers(rendered.etag, page)
    if rendered.etag in _etags(request.get("if-none-match", "")):
        return 304, headers, b""
    body = rendered.body
    if fmt in COMPRESSIBLE and "gzip" in request.get("accept-encoding", ""):
        rendered.gzipped = rendered.gzipped or gzip.compress(body, compresslevel=6)
        body, headers["Content-Encoding"] = rendered.gzipped, "gzip"
    headers["Content-Type"] = MEDIA[fmt]
    return 200, headers, body


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
