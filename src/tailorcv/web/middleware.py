"""ASGI middleware: the request's context (id, client, log line, metrics), security headers,
and the body size limit.

All are plain ASGI rather than ``BaseHTTPMiddleware``: they sit on every request, the public page
included, where a task group per request would cost more than the page itself.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Mapping, Sequence

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from structlog.contextvars import bind_contextvars, reset_contextvars

from tailorcv.errors import BASE
from tailorcv.ops import metrics
from tailorcv.ops.logs import get_logger
from tailorcv.web.clientip import Network, client_address
from tailorcv.web.problems import MEDIA_TYPE

log = get_logger("tailorcv.web.requests")

# A client's id is echoed only when it cannot smuggle anything into a log line or header.
SAFE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
UNMATCHED = "unmatched"  # the route label of a request no route took (bounded cardinality)
# A successful view of a public page, or a static file, is counted in the metrics but not logged
# one line each: a page's visitors are nobody's business (its view count stores nothing about
# them either), and at thousands a second the line would cost more than the page.
QUIET_PREFIXES = ("/r/", "/static/")


class RequestContextMiddleware:
    """Take ``X-Request-ID`` from the client (or make one) and send it back; find the client's
    address (``web.clientip``); bind the id to every log record written while answering; count
    the request by route template, method and status; write one log line per request (never a
    body, a query string or a header), except for successful public page views and static
    files."""

    def __init__(self, app: ASGIApp, proxies: Sequence[Network] = ()) -> None:
        self.app = app
        self.proxies = tuple(proxies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_of(Headers(scope=scope))
        client, scheme = client_address(scope, self.proxies)
        state = scope.setdefault("state", {})
        state.update(request_id=request_id, client=client, scheme=scheme)
        tokens = bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)["X-Request-ID"] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            route = route_template(scope)
            method = scope["method"]
            metrics.count_request(route, method, status, seconds)
            if status >= 400 or not scope["path"].startswith(QUIET_PREFIXES):
                log.info(
                    "request",
                    method=method,
                    path=scope["path"],
                    route=route,
                    status=status,
                    duration_ms=round(seconds * 1000, 2),
                    client=client,
                    user_id=state.get("user_id"),
                )
            reset_contextvars(**tokens)


def request_id_of(headers: Mapping[str, str]) -> str:
    """The client's ``X-Request-ID`` when it is safe to echo, or a new one."""
    given = headers.get("x-request-id", "")
    return given if SAFE_ID.fullmatch(given) else uuid.uuid4().hex


def route_template(scope: Scope) -> str:
    """The template of the route that answered (``/api/v1/resumes/{resume_id}``), never the
    path itself, so that metrics have one series per route and not one per id. FastAPI keeps
    the full template of a route in an included router in its own part of the scope."""
    context = scope.get("fastapi", {}).get("effective_route_context")
    template = getattr(context, "path_format", None) or getattr(scope.get("route"), "path", None)
    if template is None and "endpoint" in scope:  # a plain Starlette route (public pages)
        endpoint = scope["endpoint"]
        for route in getattr(scope.get("router"), "routes", ()):
            if getattr(route, "endpoint", None) == endpoint:
                template = route.path
                break
    return str(template) if template else UNMATCHED


# Pages of ours load scripts, styles and images from this origin only, and may be framed only by
# it (the PDF preview). Public pages carry their own styles inline and load nothing. The API's
# interactive docs load Swagger UI from its CDN.
CSP_DEFAULT = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
)
CSP_PUBLIC = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data: https:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
CSP_DOCS = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' https://cdn.jsdelivr.net; img-src 'self' data: https:; "
    "frame-ancestors 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"


def security_headers(path: str, secure: bool) -> dict[str, str]:
    """The headers every answer to ``path`` carries (HSTS only when the client came over TLS)."""
    if path.startswith("/r/"):
        policy, framing = CSP_PUBLIC, "DENY"
    elif path.startswith("/api/docs"):
        policy, framing = CSP_DOCS, "DENY"
    else:
        policy, framing = CSP_DEFAULT, "SAMEORIGIN"
    headers = {
        "Content-Security-Policy": policy,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "X-Frame-Options": framing,
    }
    if secure:
        headers["Strict-Transport-Security"] = HSTS
    return headers


class SecurityHeadersMiddleware:
    """Add a Content-Security-Policy, ``nosniff``, a referrer policy, a framing rule and, when
    the client came over TLS (directly or through a trusted proxy), HSTS. A header the route
    set itself is left alone."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        secure = scope.get("state", {}).get("scheme", scope.get("scheme")) == "https"
        wanted = security_headers(scope["path"], secure)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in wanted.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


# A JSON body is a document, not a file: the largest résumé a page publishes is 256 KiB, and a
# 10 MB body of nested arrays costs FastAPI's parser ~240 MB before our bounds see it (issue 16).
MAX_JSON_BYTES = 2 * 1024 * 1024


class BodyLimitMiddleware:
    """Answer 413 before reading a body over ``limit`` bytes (a JSON body over ``MAX_JSON_BYTES``).

    A declared ``Content-Length`` over the limit is refused before the first byte is read. A body
    without one (chunked) is counted as it streams: at the first byte over, the 413 goes out, the
    application is told the client left, and whatever it answers afterwards is dropped.
    """

    def __init__(self, app: ASGIApp, limit: int, larger: Mapping[str, int] | None = None) -> None:
        self.app = app
        self.limit = limit
        self.larger = dict(larger or {})  # path → its own limit (batches take many files)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        limit = self.larger.get(scope["path"], self.limit)
        if headers.get("content-type", "").split(";")[0].strip().endswith("json"):
            limit = min(limit, MAX_JSON_BYTES)
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await self._refuse(scope, send, limit)
            return
        await _Counted(self, scope, receive, send, limit).run()

    async def _refuse(self, scope: Scope, send: Send, limit: int | None = None) -> None:
        limit = self.limit if limit is None else limit
        detail = f"the request body is over the limit of {limit} bytes; send a smaller file"
        body = {
            "type": BASE + "too-large",
            "title": "Too large",
            "status": 413,
            "detail": detail,
            "instance": scope["path"],
        }
        encoded = json.dumps(body).encode()
        headers = [
            (b"content-type", MEDIA_TYPE.encode()),
            (b"content-length", str(len(encoded)).encode()),
            (b"connection", b"close"),
        ]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": encoded})


class StreamedBody:
    """One request whose body is inspected as the application reads it: at the first chunk that
    ``objects`` to, ``answer`` goes out (unless the application's answer has begun), the
    application is told the client left, and whatever it answers afterwards is dropped. The body
    limit (413) and the NUL check of ``web.text`` (422) are two such inspections."""

    def __init__(self, app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
        self.app, self.scope, self.receive, self.send = app, scope, receive, send
        self.refused = False
        self.started = False

    def objects(self, chunk: bytes) -> bool:
        """Whether the body read so far, ending with ``chunk``, is refused."""
        raise NotImplementedError

    async def answer(self) -> None:
        """Send the refusal."""
        raise NotImplementedError

    async def run(self) -> None:
        try:
            await self.app(self.scope, self._receive, self._send)
        except Exception:
            if not self.refused:
                raise
            # The application failed on the body it was denied; the refusal has been sent.

    async def _receive(self) -> Message:
        if self.refused:
            return {"type": "http.disconnect"}
        message = await self.receive()
        if message["type"] == "http.request" and self.objects(message.get("body", b"")):
            self.refused = True
            if not self.started:
                await self.answer()
            return {"type": "http.disconnect"}
        return message

    async def _send(self, message: Message) -> None:
        if self.refused:
            return
        if message["type"] == "http.response.start":
            self.started = True
        await self.send(message)


class _Counted(StreamedBody):
    """One request whose body is counted as the application reads it."""

    def __init__(
        self,
        owner: BodyLimitMiddleware,
        scope: Scope,
        receive: Receive,
        send: Send,
        limit: int | None = None,
    ):
        super().__init__(owner.app, scope, receive, send)
        self.owner = owner
        self.limit = owner.limit if limit is None else limit
        self.seen = 0

    def objects(self, chunk: bytes) -> bool:
        self.seen += len(chunk)
        return self.seen > self.limit

    async def answer(self) -> None:
        await self.owner._refuse(self.scope, self.send, self.limit)
