"""A circuit breaker: stop calling a provider that keeps failing, and try again after a while.

``closed`` (calls go through) → after ``failures`` failed requests in a row, ``open`` (calls are
refused at once, and the offline engine answers) → after ``cooldown`` seconds, ``half-open``: one
call goes through; its success closes the breaker, its failure opens it again.

State is kept per process (one breaker per base URL and model, in ``breaker_for``): each worker
process learns on its own that a provider is down, after ``failures`` requests. That is
deliberate and cheap; sharing it through Redis would add a round trip to every call.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half-open"


class Breaker:
    def __init__(
        self,
        failures: int = 5,
        cooldown: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.failures = failures
        self.cooldown = cooldown
        self._clock = clock
        self._lock = threading.Lock()
        self._failed = 0
        self._opened_at: float | None = None
        self._trial = False  # a half-open trial call is under way

    @property
    def state(self) -> str:
        with self._lock:
            return self._state()

    def _state(self) -> str:
        if self._opened_at is None:
            return CLOSED
        if self._clock() - self._opened_at >= self.cooldown:
            return HALF_OPEN
        return OPEN

    def allow(self) -> bool:
        """Whether a call may go now; in half-open state only one trial at a time."""
        with self._lock:
            state = self._state()
            if state == CLOSED:
                return True
            if state == HALF_OPEN and not self._trial:
                self._trial = True
                return True
            return False

    def succeeded(self) -> None:
        with self._lock:
            self._failed = 0
            self._opened_at = None
            self._trial = False

    def failed(self) -> None:
        with self._lock:
            self._failed += 1
            if self._trial or self._failed >= self.failures:
                self._opened_at = self._clock()
            self._trial = False

    def retry_in(self) -> float:
        """Seconds until a half-open trial is allowed (0 when calls go through)."""
        with self._lock:
            if self._opened_at is None:
                return 0.0
            return max(0.0, self.cooldown - (self._clock() - self._opened_at))


_BREAKERS: dict[tuple[str, str], Breaker] = {}
_LOCK = threading.Lock()


def breaker_for(base_url: str, model: str, failures: int = 5, cooldown: float = 30.0) -> Breaker:
    """This process's breaker for one provider and model."""
    with _LOCK:
        found = _BREAKERS.get((base_url, model))
        if found is None:
            found = _BREAKERS[(base_url, model)] = Breaker(failures, cooldown)
        return found
