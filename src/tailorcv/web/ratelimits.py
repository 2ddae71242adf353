"""The rate limits' HTTP side: the global and per-address limits taken before routing, and the
headers that tell the client where it stands (the limits themselves: ``service.limits``).

The global and per-address limits are taken by ``RateLimitMiddleware`` before routing (in a
thread when they are kept in Redis: a blocking round trip on the event loop stalled every
request of the process under load, issue 10); the user's when an API request is authenticated
(``deps.authenticate``); an action class's (``upload``, ``tailor``, ``export``, ``login``) by the
use case the request calls (``service``), whichever door it came in by. Public pages, static
files, health checks and ``/metrics`` are not limited: they are cheap (the public page is served
from cache) and a load balancer shields them better.

Every limited response carries ``RateLimit-Limit``, ``RateLimit-Remaining`` and
``RateLimit-Reset`` (seconds) and their ``X-RateLimit-*`` forms (reset as epoch seconds), for
whichever limit is closest to running out; a 429 adds ``Retry-After``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tailorcv.errors import TooManyRequests
from tailorcv.ops.ratelimit import Verdict
from tailorcv.service.limits import Limits
from tailorcv.web.problems import from_error

UNLIMITED_PREFIXES = ("/r/", "/static/", "/health", "/metrics", "/favicon.ico")
STATE_KEY = "ratelimit"


def verdicts_of(scope: Scope) -> list[Verdict]:
    """The request's list of verdicts, which its answer's headers are made from."""
    verdicts: list[Verdict] = scope.setdefault("state", {}).setdefault(STATE_KEY, [])
    return verdicts


def client_of(scope: Scope) -> str:
    """The client address the outermost middleware found (``web.clientip``)."""
    return str(scope.get("state", {}).get("client", "unknown"))


class RateLimitMiddleware:
    """Take the global and per-address limits before routing; add the headers to the answer."""

    def __init__(self, app: ASGIApp, limits: Callable[[], Limits]) -> None:
        self.app = app
        self.limits = limits  # looked up per request: the app's services are built later

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(UNLIMITED_PREFIXES):
            await self.app(scope, receive, send)
            return
        limits = self.limits()
        if not limits.enabled:
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                verdicts = scope.get("state", {}).get(STATE_KEY, [])
                if verdicts:
                    _add_headers(MutableHeaders(scope=message), verdicts)
            await send(message)

        try:
            verdicts, address = verdicts_of(scope), client_of(scope)
            if limits.remote:  # a round trip to Redis: in a thread, never blocking the loop
                await run_in_threadpool(limits.take_shared, verdicts, address)
            else:
                limits.take_shared(verdicts, address)
        except TooManyRequests as refused:
            response = from_error(refused, scope["path"])
            await response(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)


def _add_headers(headers: MutableHeaders, verdicts: list[Verdict]) -> None:
    tightest = min(verdicts, key=lambda v: (v.allowed, v.remaining / max(1, v.limit)))
    reset = max(0, math.ceil(tightest.reset - time.time()))
    headers["RateLimit-Limit"] = headers["X-RateLimit-Limit"] = str(tightest.limit)
    headers["RateLimit-Remaining"] = headers["X-RateLimit-Remaining"] = str(tightest.remaining)
    headers["RateLimit-Reset"] = str(reset)
    headers["X-RateLimit-Reset"] = str(math.ceil(tightest.reset))
