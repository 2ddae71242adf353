"""Brute-force protection: failed attempts counted per key, in the shared rate-limit storage.

Failures are counted per key in ``TAILORCV_RATELIMIT_URL`` through ``ops.ratelimit``, so with
Redis the count holds across every API replica. After ``allowed`` failures within ``window``, the
key is locked until the window ends: even the right password is refused with 429 and
``Retry-After``. A success clears the key it names.

A key's kind is the part before its first colon, and ``allowed`` is set per kind. Log-ins count
under two keys (``login_keys``): the pair of account and client address (kind ``email``), and the
client address alone (kind ``ip``, allowed more: an office or a NAT shares one address). Never
the account alone: anyone could then lock any account they know the address of with a few wrong
passwords (issue 16). Public pages with a password count ``page:<id>`` and ``page-ip:<address>``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from tailorcv.errors import TooManyRequests
from tailorcv.ops.ratelimit import RateLimiter

DEFAULT_ALLOWED = 5
WINDOW = "15 minutes"


class Throttle:
    """Failure counters; ``allowed`` says how many failures each kind of key (the part before
    the colon) may have in ``window`` before it is locked."""

    def __init__(
        self, limiter: RateLimiter, allowed: Mapping[str, int], window: str = WINDOW
    ) -> None:
        self.limiter, self.allowed, self.window = limiter, allowed, window

    def _rate(self, key: str) -> str:
        return f"{self.allowed.get(key.partition(':')[0], DEFAULT_ALLOWED)} per {self.window}"

    def check(self, *keys: str) -> None:
        """Raise ``TooManyRequests`` when any of ``keys`` is locked."""
        waits = [self.limiter.peek(self._rate(key), f"fail:{key}") for key in keys]
        locked = [verdict.retry_after for verdict in waits if not verdict.allowed]
        if locked:
            wait = max(locked)
            raise TooManyRequests(
                f"too many failed attempts; try again in {math.ceil(wait)} s", wait
            )

    def failed(self, *keys: str) -> None:
        for key in keys:
            self.limiter.take(self._rate(key), f"fail:{key}")

    def succeeded(self, *keys: str) -> None:
        for key in keys:
            self.limiter.clear(self._rate(key), f"fail:{key}")


def login_keys(email: str, address: str) -> tuple[str, str]:
    """The keys a log-in's failures count under: (account at this address, this address).
    A success clears only the first: one right password must not reset the address's count."""
    account = email.strip().lower()
    return f"email:{account}|ip:{address}", f"ip:{address}"
