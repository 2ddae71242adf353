"""Rate limits on the ``limits`` library: fixed windows kept in memory or in Redis.

``memory://`` counts in this process (the embedded default: one process serves everything);
``redis://`` counts once for every replica, so a limit holds however many API processes answer.
A fixed window is one atomic increment per limit and request, the cheapest strategy that still
bounds a burst to twice the rate at a window's edge. It is the ``limits`` fixed-window strategy
done on its storage directly, because the increment's answer already says how much is left: the
window's end is remembered here (exact when this process opened the window, asked once
otherwise), so the ``RateLimit-*`` headers cost no second round trip to Redis.

A storage that does not answer lets the request through (fail open) and logs it once a minute:
a rate limit protects the service, and refusing everyone because Redis restarted would do the
harm it exists to prevent.
"""

from __future__ import annotations

import functools
import threading
import time
from dataclasses import dataclass

import structlog
from limits import RateLimitItem, parse
from limits.storage import Storage, storage_from_string

from tailorcv.ops.settings import public_url

log = structlog.get_logger(__name__)

WARN_EVERY = 60.0  # seconds between two warnings that the storage is away
TIMEOUT = 0.5  # seconds a Redis call may take before the request goes through unlimited
REMEMBERED = 10_000  # windows whose end is remembered; beyond it, ended ones are forgotten


@dataclass(frozen=True)
class Verdict:
    """One limit's answer: ``remaining`` of ``limit`` until ``reset`` (epoch seconds)."""

    allowed: bool
    limit: int
    remaining: int
    reset: float
    retry_after: float  # seconds; 0 when allowed


@functools.lru_cache(maxsize=256)
def rate(text: str) -> RateLimitItem:
    """``"10/minute"`` (or ``"10 per minute"``, ``"1000/day"``) parsed once."""
    return parse(text)


class RateLimiter:
    """Take from (or look at) a named limit for a key such as ``user:<id>``."""

    def __init__(self, url: str = "memory://", *, timeout: float = TIMEOUT) -> None:
        options: dict[str, float | str | bool] = {}
        if url.startswith(("redis://", "rediss://")):
            options = {"socket_timeout": timeout, "socket_connect_timeout": timeout}
        self.url = public_url(url)
        storage = storage_from_string(url, **options)
        if not isinstance(storage, Storage):  # an async:// scheme: not for this process
            raise ValueError(f"not a rate-limit storage for synchronous use: {self.url}")
        self.storage = storage
        self._ends: dict[str, float] = {}  # storage key → when its window ends (epoch seconds)
        self._lock = threading.Lock()
        self._warned = 0.0

    def take(self, limit: str, key: str, cost: int = 1) -> Verdict:
        """Count ``cost`` against ``limit`` for ``key``; refused when it goes over."""
        item = rate(limit)
        stored = item.key_for(key)
        try:
            count = self.storage.incr(stored, item.get_expiry(), amount=cost)
            return self._verdict(item, stored, count, opened=count == cost)
        except Exception as exc:  # the storage is away: let the request through
            return self._open(item, exc)

    def peek(self, limit: str, key: str) -> Verdict:
        """How ``limit`` stands for ``key`` (allowed: one more would pass), taking nothing."""
        item = rate(limit)
        stored = item.key_for(key)
        try:
            count = self.storage.get(stored) + 1
            return self._verdict(item, stored, count, opened=False)
        except Exception as exc:
            return self._open(item, exc)

    def clear(self, limit: str, key: str) -> None:
        """Forget ``key``'s count (a successful login clears its failures)."""
        stored = rate(limit).key_for(key)
        try:
            self.storage.clear(stored)
        except Exception as exc:
            self._open(rate(limit), exc)
        with self._lock:
            self._ends.pop(stored, None)

    def _verdict(self, item: RateLimitItem, stored: str, count: int, *, opened: bool) -> Verdict:
        allowed = count <= item.amount
        end = self._end(item, stored, opened)
        wait = 0.0 if allowed else max(1.0, end - time.time())
        return Verdict(allowed, item.amount, max(0, item.amount - count), end, wait)

    def _end(self, item: RateLimitItem, stored: str, opened: bool) -> float:
        now = time.time()
        if opened:
            end = now + item.get_expiry()
        else:
            with self._lock:
                end = self._ends.get(stored, 0.0)
            if end > now:
                return end
            end = self.storage.get_expiry(stored)
        with self._lock:
            if len(self._ends) >= REMEMBERED:
                self._ends = {k: v for k, v in self._ends.items() if v > now}
            self._ends[stored] = end
        return end

    def _open(self, item: RateLimitItem, exc: Exception) -> Verdict:
        now = time.time()
        if now - self._warned > WARN_EVERY:
            self._warned = now
            log.warning("ratelimit_unavailable", storage=self.url, error=str(exc), limiting=False)
        reset = now + item.get_expiry()
        return Verdict(True, item.amount, item.amount, reset, 0.0)


def make_limiter(url: str) -> RateLimiter:
    return RateLimiter(url)
