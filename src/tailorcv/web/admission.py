"""Admission: at most as many requests at a time as the database pool has connections.

FastAPI runs a synchronous endpoint and each synchronous dependency as separate tasks on one
thread pool (40 threads), and a request's session keeps its pooled connection from its first
query to the end of the request, across those hops. With more requests in flight than
connections, every thread can end up waiting for a connection while every connection belongs
to a request waiting for a thread: nothing moves until the pool's timeout fails them all. That
is what stopped the service at 1,000 simulated users (issue 10).

So a process lets at most ``limit`` requests past this layer at once — the size of its pool —
and the rest wait here, on the event loop, holding neither a thread nor a connection, first
come first served. One that waits longer than ``wait_seconds`` is answered 503 (``busy``, with
``Retry-After``) instead of timing out somewhere inside. Paths that never hold a connection
across a hop (public pages, static files, health, metrics) are not counted.

A slow client uploading a large body holds its slot while it sends: put a buffering proxy
(nginx's default) in front of a server on the open internet.
"""

from __future__ import annotations

import asyncio

from starlette.types import ASGIApp, Receive, Scope, Send

from tailorcv.errors import Busy
from tailorcv.web.problems import from_error

EXEMPT_PREFIXES = ("/r/", "/static/", "/health", "/metrics", "/favicon.ico")
RETRY_AFTER_SECONDS = 5


class AdmissionMiddleware:
    """Let at most ``limit`` requests in at once; the rest wait up to ``wait_seconds``."""

    def __init__(self, app: ASGIApp, limit: int, wait_seconds: float) -> None:
        if limit < 1:
            raise ValueError("the admission limit must be at least 1")
        self.app = app
        self.limit = limit
        self.wait_seconds = wait_seconds
        self._slots: asyncio.Semaphore | None = None  # made on the server's event loop

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(EXEMPT_PREFIXES):
            await self.app(scope, receive, send)
            return
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.limit)
        slots = self._slots
        try:
            async with asyncio.timeout(self.wait_seconds):
                await slots.acquire()
        except TimeoutError:
            busy = Busy(
                f"the server is answering all the requests it can ({self.limit} at a time) "
                f"and this one waited {self.wait_seconds:g} s; try again shortly",
                RETRY_AFTER_SECONDS,
            )
            await from_error(busy, scope["path"])(scope, receive, send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            slots.release()
