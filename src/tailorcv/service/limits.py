"""The rate limits, taken where the work is asked for: one set of counters for every door.

Four layers, each a fixed window in ``TAILORCV_RATELIMIT_URL`` (``ops.ratelimit``):

- **global**: every limited request, all replicas together (``TAILORCV_RATELIMIT_GLOBAL``);
- **ip**: every limited request from one client address (``TAILORCV_RATELIMIT_IP``);
- **user**: every authenticated API request of one user, scaled by the user's tier;
- **action class**: ``upload``, ``tailor`` and ``export`` per user (scaled by tier), and
  ``login`` per client address; ``preview`` per user, ``PREVIEWS_PER_EXPORT`` times the
  ``export`` rate.

The web layer takes the first three per request (``web.ratelimits``, ``web.deps``). The action
classes are taken by the use cases themselves (``service.renders`` and the others), so that a
render asked for from a page counts exactly as one asked for from the API (issue 17: the pages
called the API's functions, whose limits were route dependencies that never ran for them).
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from limits import parse

from tailorcv.errors import TooManyRequests
from tailorcv.ops import metrics
from tailorcv.ops.ratelimit import RateLimiter, Verdict
from tailorcv.ops.settings import Settings

if TYPE_CHECKING:
    from tailorcv.store.models import User

ActionClass = Literal["upload", "tailor", "export", "login", "preview"]
# Issue 19: the editor's live preview renders the draft a moment after each change, so it cannot
# take from the 10 a minute of ``export`` (the preview would stop after ten pauses in typing). It
# is no way around that limit either: a preview is a picture of the pages at screen resolution,
# too coarse to print and with no text layer an applicant-tracking system could read; it is not
# stored, and it is no file to download. Its own budget follows ``export``, so that one setting
# governs the renders a user may ask for: at 30 times, the 300 a minute of a free user are about
# what one editor can ask at most (one request at a time, 150 ms after the last change), and cost
# at most about 10 s of one core a minute. A preview answered from the cache takes nothing.
PREVIEWS_PER_EXPORT = 30


@dataclass
class Caller:
    """Who asks and from where: the user (None before logging in), the client's address and
    browser, and the list the limits' verdicts are added to (the API's ``RateLimit-*``
    headers are made from it)."""

    user: User | None
    address: str = "unknown"
    user_agent: str = ""
    verdicts: list[Verdict] = field(default_factory=list)

    @property
    def signed_in(self) -> User:
        assert self.user is not None, "this use case needs a signed-in caller"
        return self.user


class Limits:
    """The limits of ``settings``, taken from ``limiter``."""

    def __init__(self, settings: Settings, limiter: RateLimiter) -> None:
        self.limiter = limiter
        self.remote = not limiter.url.startswith("memory://")  # counts kept in Redis
        self.enabled = settings.ratelimit_enabled
        self.global_rate = settings.ratelimit_global
        self.ip_rate = settings.ratelimit_ip
        self.user_rate = settings.ratelimit_user
        self.classes: dict[str, str] = {
            "upload": settings.ratelimit_upload,
            "tailor": settings.ratelimit_tailor,
            "export": settings.ratelimit_export,
            "login": settings.ratelimit_login,
            "preview": multiplied(settings.ratelimit_export, PREVIEWS_PER_EXPORT),
        }
        self.factors = {
            "free": 1.0,
            "pro": settings.ratelimit_pro_factor,
            "premium": settings.ratelimit_premium_factor,
        }

    def take(self, verdicts: list[Verdict], name: str, rate: str, key: str) -> Verdict:
        """Take one request from ``rate`` for ``key``; ``TooManyRequests`` when refused. The
        verdict is added to ``verdicts`` for the answer's headers."""
        verdict = self.limiter.take(rate, key)
        verdicts.append(verdict)
        if not verdict.allowed:
            metrics.RATELIMIT_REJECTIONS.labels(name).inc()
            raise TooManyRequests(
                f"{name} rate limit of {rate} reached; try again in "
                f"{math.ceil(verdict.retry_after)} s",
                verdict.retry_after,
            )
        return verdict

    def take_shared(self, verdicts: list[Verdict], address: str) -> None:
        """The limits every request meets before routing: global, then its address's."""
        self.take(verdicts, "global", self.global_rate, "global")
        self.take(verdicts, "ip", self.ip_rate, f"ip:{address}")

    def take_user(self, verdicts: list[Verdict], user_id: uuid.UUID, tier: str) -> None:
        """The per-user limit of an authenticated API request."""
        if self.enabled:
            self.take(verdicts, "user", self.scaled(self.user_rate, tier), f"user:{user_id}")

    def take_action(self, caller: Caller, name: ActionClass) -> None:
        """One ``name`` action for ``caller``: per client address for ``login``, per user (and
        scaled by their tier) for the others."""
        if not self.enabled:
            return
        if name == "login":
            key = f"{name}:{caller.address}"
            self.take(caller.verdicts, name, self.classes[name], key)
            return
        user = caller.signed_in
        rate = self.scaled(self.classes[name], user.tier)
        self.take(caller.verdicts, name, rate, f"{name}:{user.id}")

    def scaled(self, rate: str, tier: str) -> str:
        """``rate`` for ``tier``: ``60/minute`` is ``300/minute`` at a factor of 5."""
        factor = self.factors.get(tier, 1.0)
        return rate if factor == 1.0 else multiplied(rate, factor)


def multiplied(rate: str, factor: float) -> str:
    """``rate`` times ``factor``, rounded down: ``10/minute`` times 30 is ``300/minute``
    (in any form the settings accept: ``5 per 2 minutes`` times 2 is ``10 per 2 minute``)."""
    item = parse(rate)
    amount, unit = math.floor(item.amount * factor), item.GRANULARITY.name
    return f"{amount}/{unit}" if item.multiples == 1 else f"{amount} per {item.multiples} {unit}"
