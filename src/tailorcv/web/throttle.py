"""Brute-force protection: failure counters with an exponential lockout.

Failures are counted per key (``email:<address>``, ``ip:<address>``, ``page:<id>``). Up to
``free`` failures within ``window`` seconds cost nothing; each one after that locks the key for
``base · 2^(n - free)`` seconds (at most ``cap``), during which even the right password is refused
with 429 and ``Retry-After``. A success clears the key.

The counters live in process memory, on purpose for now: the store has no table for them, and a
lost counter (a restart) only gives an attacker a few more tries against argon2id, which already
costs tens of milliseconds each. With M replicas an attacker gets at most M times the tries. The
shared counterpart belongs in ``ops/ratelimit.py`` on ``TAILORCV_RATELIMIT_URL`` (memory:// or
Redis), which is later work.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from tailorcv.web.problems import TooManyRequests

DEFAULT_FREE = 5
MAX_KEYS = 100_000  # beyond this, counters older than the window are dropped


@dataclass
class _Count:
    failures: int
    last: float


class Throttle:
    """Failure counters; ``free`` says how many failures each kind of key (the part before the
    colon) gets before the lockout. Thread-safe: endpoints run in a thread pool."""

    def __init__(
        self,
        free: Mapping[str, int],
        window: float = 900.0,
        base: float = 2.0,
        cap: float = 900.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.free, self.window, self.base, self.cap, self.clock = free, window, base, cap, clock
        self._counts: dict[str, _Count] = {}
        self._lock = threading.Lock()

    def wait(self, key: str) -> float:
        """Seconds ``key`` stays locked (0 when it is free to try)."""
        with self._lock:
            count = self._current(key)
        free = self.free.get(key.partition(":")[0], DEFAULT_FREE)
        if count is None or count.failures <= free:
            return 0.0
        delay: float = min(self.cap, self.base * 2.0 ** (count.failures - free - 1))
        return max(0.0, count.last + delay - self.clock())

    def check(self, *keys: str) -> None:
        """Raise ``TooManyRequests`` when any of ``keys`` is locked."""
        wait = max((self.wait(key) for key in keys), default=0.0)
        if wait > 0:
            raise TooManyRequests(
                f"too many failed attempts; try again in {max(1, round(wait))} s", wait
            )

    def failed(self, *keys: str) -> None:
        now = self.clock()
        with self._lock:
            if len(self._counts) > MAX_KEYS:
                self._prune(now)
            for key in keys:
                count = self._current(key)
                self._counts[key] = _Count((count.failures if count else 0) + 1, now)

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._counts.pop(key, None)

    def _current(self, key: str) -> _Count | None:
        count = self._counts.get(key)
        if count is not None and self.clock() - count.last > self.window:
            del self._counts[key]
            return None
        return count

    def _prune(self, now: float) -> None:
        stale = [k for k, c in self._counts.items() if now - c.last > self.window]
        for key in stale:
            del self._counts[key]
