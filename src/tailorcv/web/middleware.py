"""ASGI middleware: a request id on every request and response, and the body size limit.

Both are plain ASGI rather than ``BaseHTTPMiddleware``: they sit on every request, the public page
included, where a task group per request would cost more than the page itself.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from contextvars import ContextVar

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tailorcv.web.problems import BASE, MEDIA_TYPE

log = logging.getLogger("tailorcv.web.requests")

# The current request's id, for log records written anywhere below the middleware.
request_id_var: ContextVar[str] = ContextVar("request_id", default="")
# A client's id is echoed only when it cannot smuggle anything into a log line or header.
SAFE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


class RequestIdMiddleware:
    """Take ``X-Request-ID`` from the client (or make one), expose it as ``request.state`` and
    on the response, and write one canonical log line per request (never a body or a header)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = Headers(scope=scope).get("x-request-id", "")
        request_id = given if SAFE_ID.fullmatch(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        token = request_id_var.set(request_id)
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
            millis = (time.perf_counter() - started) * 1000
            log.info(
                "%s %s %s %.1fms request_id=%s",
                scope["method"],
                scope["path"],
                status,
                millis,
                request_id,
            )
            request_id_var.reset(token)


class BodyLimitMiddleware:
    """Answer 413 before reading a body over ``limit`` bytes.

    A declared ``Content-Length`` over the limit is refused before the first byte is read. A body
    without one (chunked) is counted as it streams: at the first byte over, the 413 goes out, the
    application is told the client left, and whatever it answers afterwards is dropped.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, send)
            return
        await _Counted(self, scope, receive, send).run()

    async def _refuse(self, scope: Scope, send: Send) -> None:
        detail = f"the request body is over the limit of {self.limit} bytes; send a smaller file"
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


class _Counted:
    """One request whose body is counted as the application reads it."""

    def __init__(self, owner: BodyLimitMiddleware, scope: Scope, receive: Receive, send: Send):
        self.owner, self.scope, self.receive, self.send = owner, scope, receive, send
        self.seen = 0
        self.refused = False
        self.started = False

    async def run(self) -> None:
        try:
            await self.owner.app(self.scope, self._receive, self._send)
        except Exception:
            if not self.refused:
                raise
            # The application failed on the body it was denied; the 413 has been sent.

    async def _receive(self) -> Message:
        if self.refused:
            return {"type": "http.disconnect"}
        message = await self.receive()
        if message["type"] == "http.request":
            self.seen += len(message.get("body", b""))
            if self.seen > self.owner.limit:
                self.refused = True
                if not self.started:
                    await self.owner._refuse(self.scope, self.send)
                return {"type": "http.disconnect"}
        return message

    async def _send(self, message: Message) -> None:
        if self.refused:
            return
        if message["type"] == "http.response.start":
            self.started = True
        await self.send(message)
