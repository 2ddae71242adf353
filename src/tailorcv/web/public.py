"""Public pages: ``/r/{slug}`` (HTML), ``/r/{slug}.pdf`` and ``/r/{slug}.json``.

These are plain Starlette routes mounted first in the app: a FastAPI route costs about 80–100 µs per
request against about 20 µs (DESIGN.md), and this is the hot path. A page's row (without its
document) is read at most once a second per process: a page seen in the last second whose rendering
is at hand is answered on the event loop with no thread and no query. Publishing, unpublishing or
deleting takes effect at once on the replica that did it (``forget``) and within a second on the
others; expiry within a second. Editing the draft changes nothing here. A slug with no page is
remembered as such for ``MISSING_SECONDS``, apart from the pages, so a flood of wrong addresses
neither reads the database per request nor pushes the real pages out.

What a page shows is ``service.published``: the version its owner published (issue 19; never the
working draft) with what its owner hid removed, cut to the fields the page lays out, at most
``MAX_DOCUMENT_BYTES``. The JSON is that document; the HTML is rendered from it here (about 15 ms at
the size limit); the PDF is never rendered in this process: a worker renders it once per content and
this serves the stored file, or 503 with Retry-After while it is not ready (issue 16). The document
is read, cut and hashed only when another version or other privacy settings are published.
Renderings are cached in process by the SHA-256 of what is shown, which is also the ``ETag`` (a
client that has it gets 304), up to ``CACHE_BYTES`` in all, the least recently used dropped first
(``web.renderings``). An answer that is not the page (too large, not renderable, PDF not ready) is
remembered too, for as long as it holds. That cache stays in process whatever ``TAILORCV_CACHE_URL``
says: keyed by content, every replica would hold the same bytes, and a network hop would cost more
than the lookup saves; its hits and misses count under ``page``. The HTML links the PDF at the top;
an answer that is not the page (no page, a password, a refusal) is ``web.notices``: a page in the
product's look for a browser, a problem for a client asking JSON.

A password-protected page asks for HTTP Basic credentials (any user name, the page's password): it
needs no cookie, no form and no state, and every browser prompts for it. Such a page is
``Cache-Control: private`` so no shared cache keeps it. Wrong passwords are throttled like logins,
per client address and page (and, more loosely, per address over all pages): one address's
guesses never lock anyone else out.

Views are counted in memory and added to the row at most every ``flush_seconds`` in one UPDATE per
page, so a busy page does not write the database per request; the count stores nothing about the
visitor. A crash loses at most those seconds of counts.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import threading
import time
import uuid
from collections import Counter, OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tailorcv.errors import BASE, UserError
from tailorcv.ops import metrics
from tailorcv.render import build_view, get_template
from tailorcv.render.html import to_html
from tailorcv.render.photo import shown_photo
from tailorcv.resume import validate
from tailorcv.service.passwords import Passwords
from tailorcv.service.published import (
    MAX_DOCUMENT_BYTES,
    Published,
    page_photo,
    published,
    stored_pdf,
)
from tailorcv.service.throttle import Throttle
from tailorcv.store.models import Resume, Version
from tailorcv.store.queries import content_hash, published_row
from tailorcv.web import notices
from tailorcv.web.ratelimits import client_of
from tailorcv.web.renderings import Refusal, Rendered, Renderings, pdf_refusal, too_large

if TYPE_CHECKING:
    from tailorcv.web.deps import Services

MEDIA = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "json": "application/json",
}
MAX_AGE = 300
CACHE_BYTES = 64 * 1024 * 1024  # renderings kept per process (bodies and their gzipped forms)
KEY_ENTRIES = 4096  # page versions remembered with the key of their rendering (small tuples)
ROW_ENTRIES = 4096  # slugs whose page row is remembered
ROW_SECONDS = 1.0  # how long a page's row is trusted before it is read again
MISSING_ENTRIES = 4096  # slugs remembered to have no page
MISSING_SECONDS = 5.0  # how long a slug with no page answers 404 without a query
VERIFIED_ENTRIES = 256  # passwords checked right, by page (saves argon2 on each request)
_UNKNOWN = object()  # not remembered: read the row


@dataclass(frozen=True)
class Page:
    """What one request needs of a published résumé's row (not its document)."""

    resume_id: uuid.UUID
    slug: str
    version_id: uuid.UUID  # the published version: what the page shows, never the draft
    hidden: tuple[bool, bool, bool]  # email, phone, address
    password_hash: str | None
    noindex: bool


class PublicPages:
    """The public routes with their caches, view counter and password checks."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        passwords: Passwords,
        attempts: Throttle,
        flush_seconds: float = 5.0,
        *,
        cache_bytes: int = CACHE_BYTES,
    ) -> None:
        self.sessions = sessions
        self.passwords = passwords
        self.flush_seconds = flush_seconds
        self.attempts = attempts
        self._cache = Renderings(cache_bytes)
        # (résumé, published version, privacy, format) → the ETag of its rendering, or a refusal
        self._keys: OrderedDict[tuple[Any, ...], str | Refusal] = OrderedDict()
        self._verified: OrderedDict[tuple[str, str], None] = OrderedDict()
        self._views: Counter[uuid.UUID] = Counter()
        self._rows: OrderedDict[str, tuple[float, Page]] = OrderedDict()  # slug → (until, row)
        self._missing: OrderedDict[str, float] = OrderedDict()  # slug → until
        self._flushed = time.monotonic()
        self._lock = threading.Lock()
        self._making: dict[tuple[Any, ...], threading.Lock] = {}  # versions being prepared

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
        """A page seen in the last ``ROW_SECONDS`` with its rendering (or refusal) at hand is
        answered on the event loop; anything that reads the database or a stored file, renders
        or checks a password goes to the thread pool."""
        slug = request.path_params["slug"]
        page = self._remembered(slug)
        if page is _UNKNOWN:
            page = await run_in_threadpool(self.lookup, slug)
        if page is None:
            return notices.missing(request.headers, request.url.path)
        assert isinstance(page, Page)
        if page.password_hash is not None and not await run_in_threadpool(
            self.allowed, request, page
        ):
            return notices.password_required(request.headers, request.url.path)
        found = self._prepared(page, fmt)
        if found is None:
            services: Services = request.app.state.services
            found = await run_in_threadpool(self.prepare, page, fmt, services)
        if isinstance(found, Refusal):
            return notices.refused(request.headers, request.url.path, found)
        await self.viewed(page, fmt)
        status, headers, body = answer(page, found, fmt, request.headers)
        return Response(body, status_code=status, headers=headers)

    def at_hand(self, slug: str, fmt: str) -> tuple[Page, Rendered] | None:
        """The page and its rendering when both are in memory and it asks no password: what
        ``web.fastpath`` answers before any other layer runs. None: ask ``serve``."""
        page = self._remembered(slug)
        if not isinstance(page, Page) or page.password_hash is not None:
            return None
        rendered = self._prepared(page, fmt)
        return (page, rendered) if isinstance(rendered, Rendered) else None

    async def viewed(self, page: Page, fmt: str) -> None:
        """Count a view of the HTML page; write the counts in a thread when they are due."""
        if fmt == "html" and self.count_view(page.resume_id):
            await run_in_threadpool(self.flush_views)

    def lookup(self, slug: str) -> Page | None:
        """The page's row (or None), remembered for ``ROW_SECONDS`` (``MISSING_SECONDS``)."""
        with self.sessions() as session:
            row = published_row(session, slug)
        now = time.monotonic()
        with self._lock:
            if row is None:
                _remember(self._missing, slug, now + MISSING_SECONDS, MISSING_ENTRIES)
                return None
            resume_id, version_id, email, phone, address, password_hash, noindex = row
            hidden = (email, phone, address)
            page = Page(resume_id, slug, version_id, hidden, password_hash, noindex)
            self._missing.pop(slug, None)
            _remember(self._rows, slug, (now + ROW_SECONDS, page), ROW_ENTRIES)
        return page

    def forget(self, resume_id: uuid.UUID) -> None:
        """Drop what this process remembers of the résumé's page (it was edited, published,
        unpublished or deleted here) and of every slug with no page (one may have one now);
        other replicas see the change within ``ROW_SECONDS`` (``MISSING_SECONDS``)."""
        with self._lock:
            for slug, (_until, page) in list(self._rows.items()):
                if page.resume_id == resume_id:
                    del self._rows[slug]
            self._missing.clear()

    def _remembered(self, slug: str) -> Page | object | None:
        now = time.monotonic()
        with self._lock:
            until, page = self._rows.get(slug, (0.0, None))
            if until > now:
                return page
            return None if self._missing.get(slug, 0.0) > now else _UNKNOWN

    def _prepared(self, page: Page, fmt: str) -> Rendered | Refusal | None:
        """The page's rendering, or a refusal still valid, when this process has it."""
        version = (page.resume_id, page.version_id, page.hidden, fmt)
        with self._lock:
            known = self._keys.get(version)
            if isinstance(known, Refusal):
                return known if known.until > time.monotonic() else None
            found = self._cache.get(known) if known is not None else None
        if found is not None:
            metrics.count_cache("page", hit=True)
        return found

    def prepare(self, page: Page, fmt: str, services: Services) -> Rendered | Refusal:
        """The page's rendering, or why there is none, made by one thread while the others
        asking for it wait (a crowd arriving at a new page costs one rendering, not one each)."""
        version = (page.resume_id, page.version_id, page.hidden, fmt)
        with self._lock:
            making = self._making.setdefault(version, threading.Lock())
        try:
            with making:
                return self._prepared(page, fmt) or self._prepare(page, fmt, services)
        finally:
            with self._lock:
                self._making.pop(version, None)

    def _prepare(self, page: Page, fmt: str, services: Services) -> Rendered | Refusal:
        """Its document (the published version's) is read only when another version or other
        privacy settings are published, and a rendering of the same content is found by its
        ETag: an autosave of the draft changes neither."""
        with self.sessions() as session:
            query = (
                select(Resume.owner_id, Version.document)
                .join(Version, Version.resume_id == Resume.id)
                .where(Resume.id == page.resume_id, Version.id == page.version_id)
            )
            row = session.execute(query).one_or_none()
        if row is None:  # deleted since its row was read: not remembered
            return Refusal(404, "not-found", "Not found", "This page is no longer public.", until=0)
        shown = published(row.document or {}, page.hidden)
        made = self.made(shown, fmt, services, row.owner_id, page)
        version = (page.resume_id, page.version_id, page.hidden, fmt)
        with self._lock:
            _remember(
                self._keys, version, made if isinstance(made, Refusal) else made.etag, KEY_ENTRIES
            )
        return made

    def made(
        self,
        shown: Published,
        fmt: str,
        services: Services,
        owner_id: uuid.UUID,
        page: Page,
    ) -> Rendered | Refusal:
        """``shown`` in ``fmt``, from the cache when the same content was rendered before (the
        HTML links its PDF by the page's address, which is part of its key)."""
        if shown.too_large:
            return too_large(shown.size, MAX_DOCUMENT_BYTES)
        key = {"format": fmt, "page": shown.key, "at": page.slug if fmt == "html" else ""}
        etag = f'"{content_hash(key)[:40]}"'
        with self._lock:
            found = self._cache.get(etag)
        metrics.count_cache("page", hit=found is not None)
        if found is not None:
            return found
        if fmt == "pdf":
            blobs, dispatcher = services.blobs, services.dispatcher
            stored = stored_pdf(self.sessions, blobs, dispatcher, owner_id, page.resume_id, shown)
            body = pdf_refusal(stored) if isinstance(stored, str) else stored
        elif fmt == "html":
            photo = page_photo(self.sessions, services.blobs, owner_id, shown.document)
            body = _rendered(shown.document, fmt, photo, pdf_link(page.slug, shown))
        else:
            body = _rendered(shown.document, fmt, None, "")
        if isinstance(body, Refusal):
            return body
        made = Rendered.made(etag, body, fmt)
        with self._lock:
            self._cache.put(made)
        return made

    def cached_bytes(self) -> int:
        """Bytes of renderings this process keeps (at most ``cache_bytes``)."""
        with self._lock:
            return self._cache.size

    def allowed(self, request: Request, page: Page) -> bool:
        """Whether the request carries the page's password (Basic auth, any user name). Wrong
        ones are counted per client address and page, and per address over all pages."""
        password = _basic_password(request.headers.get("authorization", ""))
        if password is None:
            return False
        assert page.password_hash is not None
        proof = (page.password_hash, hashlib.sha256(password.encode()).hexdigest())
        with self._lock:
            if proof in self._verified:
                return True
        client = client_of(request.scope)
        keys = (f"page:{page.resume_id}|ip:{client}", f"page-ip:{client}")
        self.attempts.check(*keys)
        if not self.passwords.verify(page.password_hash, password):
            self.attempts.failed(*keys)
            return False
        self.attempts.succeeded(keys[0])
        with self._lock:
            _remember(self._verified, proof, None, VERIFIED_ENTRIES)
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


def _remember(store: OrderedDict[Any, Any], key: Any, value: Any, entries: int) -> None:
    """Put ``key`` last in ``store``, dropping the oldest beyond ``entries``."""
    store.pop(key, None)
    store[key] = value
    while len(store) > entries:
        store.popitem(last=False)


def _rendered(
    document: dict[str, Any], fmt: str, photo: bytes | None, pdf_url: str
) -> bytes | Refusal:
    """The JSON or HTML page of ``document``; the HTML with ``photo`` in its header and a link
    to its PDF."""
    if fmt == "json":
        return json.dumps(document, ensure_ascii=False, indent=2).encode()
    try:
        return html_page(document, photo, pdf_url)
    except UserError as exc:  # the same content fails the same way: remembered with it
        detail = f"This page cannot be shown ({exc.title.lower()}); its owner can correct it."
        return Refusal(exc.status, exc.type.removeprefix(BASE), exc.title, detail)


def pdf_link(slug: str, shown: Published) -> str:
    """The address of the page's PDF, naming its content: a browser that kept the PDF of an
    earlier version (``max-age``) fetches the newly published one at once."""
    return f"/r/{slug}.pdf?v={shown.key[:16]}"


def html_page(document: dict[str, Any], photo: bytes | None, pdf_url: str) -> bytes:
    """The page of ``document`` with ``photo`` in its header and a link to download its PDF."""
    resume = validate(document).resume
    template = get_template(resume.template)
    shown = shown_photo(resume, photo)
    return to_html(build_view(resume), template, shown, download=pdf_url).encode()


def answer(
    page: Page, rendered: Rendered, fmt: str, request: Mapping[str, str]
) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) for a page: 304 when the client has this rendering (its
    ``If-None-Match``), gzipped when it takes gzip and the format is one sent gzipped."""
    headers = _headers(rendered.etag, page)
    if rendered.etag in _etags(request.get("if-none-match", "")):
        return 304, headers, b""
    body = rendered.body
    if rendered.gzipped is not None and "gzip" in request.get("accept-encoding", ""):
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
