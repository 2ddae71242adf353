"""What the LLM engine needs from the service around it: a cache and a rate limiter.

The engine takes both as constructor arguments, typed by these small protocols, so the core never
imports a backend: the service passes ``tailorcv.ops.cache.Cache`` and
``tailorcv.ops.ratelimit.RateLimiter``; a notebook or the CLI can pass nothing and get the
do-nothing stand-ins below (no cache, no limits).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol


class Cache(Protocol):
    def get(self, namespace: str, key: str) -> Any | None: ...

    def set(
        self,
        namespace: str,
        key: str,
        value: Any,
        *,
        ttl: float | None = None,
        tags: Iterable[str] = (),
    ) -> None: ...


class Verdict(Protocol):
    @property
    def allowed(self) -> bool: ...

    @property
    def retry_after(self) -> float: ...


class Limiter(Protocol):
    def take(self, rate: str, key: str, cost: int = 1, /) -> Verdict: ...


class NoCache:
    """Remembers nothing."""

    def get(self, namespace: str, key: str) -> Any | None:
        return None

    def set(
        self,
        namespace: str,
        key: str,
        value: Any,
        *,
        ttl: float | None = None,
        tags: Iterable[str] = (),
    ) -> None:
        return None


@dataclass(frozen=True)
class Allowed:
    allowed: bool = True
    retry_after: float = 0.0


class NoLimits:
    """Allows everything."""

    def take(self, rate: str, key: str, cost: int = 1, /) -> Verdict:
        return Allowed()
