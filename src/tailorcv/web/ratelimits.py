"""Which rate limits a request meets, and the headers that tell the client where it stands.

Four layers, each a fixed window in ``TAILORCV_RATELIMIT_URL`` (``ops.ratelimit``):

- **global**: every limited request, all replicas together (``TAILORCV_RATELIMIT_GLOBAL``);
- **ip**: every limited request from one client address (``TAILORCV_RATELIMIT_IP``);
- **user**: every authenticated request of one user, scaled by the user's tier;
- **endpoint class**: ``upload``, ``tailor`` and ``export`` per user (scaled by tier), and
  ``login`` per client address, declared on the routes with ``Depends(limited("upload"))``.

The first two are taken by ``RateLimitMiddleware`` before routing (in a thread when they are kept
in Redis: a blocking round trip on the event loop stalled every request of the process under
load, issue 10); the user's when the request is
authenticated (``deps.authenticate``); the class's by the route's dependency. Public pages, static
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
from typing import Any

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tailorcv.ops import metrics
from tailorcv.ops.ratelimit import RateLimiter, Verdict
from tailorcv.ops.settings import Settings
from tailorcv.web.deps import AuthDep, ServicesDep
from tailorcv.web.problems import TooManyRequests, from_error

UNLIMITED_PREFIXES = ("/r/", "/static/", "/health", "/metrics", "/favicon.ico")
STATE_KEY = "ratelimit"


class RequestLimits:
    """The limits of ``settings``, taken from ``limiter``."""

    def __init__(self, settings: Settings, limiter: RateLimiter) -> None:
        self.limiter = limiter
        self.remote = not limiter.url.startswith("memory://")  # counts kept in Redis
        self.enabled = settings.ratelimit_enabled
        self.global_rate = settings.ratelimit_global
        self.ip_rate = settings.ratelimit_ip
        self.user_rate = settings.ratelimit_user
        self.classes = {
            "upload": settings.ratelimit_upload,
            "tailor": settings.ratelimit_tailor,
            "export": settings.ratelimit_export,
            "login": settings.ratelimit_login,
        }
        self.factors = {
            "free": 1.0,
            "pro": settings.ratelimit_pro_factor,
            "premium": settings.ratelimit_premium_factor,
        }

    def take(self, scope: Scope, name: str, rate: str, key: str) -> Verdict:
        """Take one request from ``rate`` for ``key``; raise 429 when refused. The verdict is
        kept in the request's state for the response headers."""
        verdict = self.limiter.take(rate, key)
        scope.setdefault("state", {}).setdefault(STATE_KEY, []).append(verdict)
        if not verdict.allowed:
            metrics.RATELIMIT_REJECTIONS.labels(name).inc()
            raise TooManyRequests(
                f"{name} rate limit of {rate} reached; try again in "
                f"{math.ceil(verdict.retry_after)} s",
                verdict.retry_after,
            )
        return verdict

    def take_shared(self, scope: Scope) -> None:
        """The limits every request meets before routing: global, then its address's."""
        self.take(scope, "global", self.global_rate, "global")
        self.take(scope, "ip", self.ip_rate, f"ip:{client_of(scope)}")

    def user(self, scope: Scope, user_id: object, tier: str) -> None:
        """The per-user limit for an authenticated request."""
        if self.enabled:
            self.take(scope, "user", self.scaled(self.user_rate, tier), f"user:{user_id}")

    def scaled(self, rate: str, tier: str) -> str:
        """``rate`` for ``tier``: ``60/minute`` is ``300/minute`` at a factor of 5."""
        factor = self.factors.get(tier, 1.0)
        if factor == 1.0:
            return rate
        amount, _, per = rate.partition("/")
        return f"{math.floor(int(amount) * factor)}/{per}"


def limited(name: str) -> Any:
    """A route dependency taking from the endpoint class ``name`` (``login`` per client address;
    the others per user, which the route must authenticate)."""
    if name == "login":

        def by_address(request: Request, services: ServicesDep) -> None:
            limits = services.limits
            if limits.enabled:
                address = client_of(request.scope)
                limits.take(request.scope, name, limits.classes[name], f"{name}:{address}")

        return Depends(by_address)

    def by_user(request: Request, services: ServicesDep, auth: AuthDep) -> None:
        limits = services.limits
        if limits.enabled:
            rate = limits.scaled(limits.classes[name], auth.user.tier)
            limits.take(request.scope, name, rate, f"{name}:{auth.user.id}")

    return Depends(by_user)


def client_of(scope: Scope) -> str:
    """The client address the outermost middleware found (``web.clientip``)."""
    return str(scope.get("state", {}).get("client", "unknown"))


class RateLimitMiddleware:
    """Take the global and per-address limits before routing; add the headers to the answer."""

    def __init__(self, app: ASGIApp, limits: Callable[[], RequestLimits]) -> None:
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
            if limits.remote:  # a round trip to Redis: in a thread, never blocking the loop
                await run_in_threadpool(limits.take_shared, scope)
            else:
                limits.take_shared(scope)
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
