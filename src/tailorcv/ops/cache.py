"""The cache: namespaces with their own lifetimes, content-hashed keys, and tags to drop by.

What is cached is always derived from something stored elsewhere, so a lost entry costs time,
never data. Keys include the content hash of what they depend on (``content_key``): a résumé
edited gives a new key, so a stale answer cannot be served by construction. Tags drop entries
early on events — a résumé edited or deleted drops its matches and its public page at once
(``invalidate("resume:<id>")``) — so they do not sit in memory until their lifetime ends.

Two backends with one interface: ``memory://`` (process memory, bounded, least recently used
dropped first: the embedded default) and ``redis://`` (shared by every replica; one key per
entry with its TTL, one Redis set per tag). A Redis that is down makes the cache miss and forget,
never fail a request: every call is guarded and counted as a miss.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import structlog

from tailorcv.ops import metrics

log = structlog.get_logger(__name__)

T = TypeVar("T")

# Lifetimes in seconds, per namespace (the operations issue's defaults).
NAMESPACES: dict[str, float] = {
    "analysis": 30 * 60,  # a job ad's analysis
    "match": 60 * 60,  # a résumé × job score
    "llm": 7 * 24 * 3600,  # a model's answer
    "page": 5 * 60,  # a public page's rendering
    "templates": 60 * 60,  # the template gallery
    "batch": 24 * 3600,  # a batch item's score
}
MEMORY_ENTRIES = 10_000  # per process, over all namespaces
PREFIX = "tailorcv:cache:"


def content_key(*parts: object) -> str:
    """SHA-256 of the canonical JSON of ``parts``: equal content, equal key, on every replica."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


class Backend(Protocol):
    def get(self, key: str) -> str | None: ...
    def set(self, key: str, value: str, ttl: float, tags: Iterable[str]) -> None: ...
    def delete(self, key: str) -> None: ...
    def invalidate(self, tag: str) -> None: ...


class Cache:
    """JSON values by (namespace, key); hits and misses counted per namespace."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def get(self, namespace: str, key: str) -> Any | None:
        raw = self.backend.get(_full(namespace, key))
        metrics.count_cache(namespace, hit=raw is not None)
        return None if raw is None else json.loads(raw)

    def set(
        self,
        namespace: str,
        key: str,
        value: Any,
        *,
        ttl: float | None = None,
        tags: Iterable[str] = (),
    ) -> None:
        lifetime = NAMESPACES[namespace] if ttl is None else ttl
        encoded = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        self.backend.set(_full(namespace, key), encoded, lifetime, tags)

    def get_or_set(
        self, namespace: str, key: str, make: Callable[[], T], *, tags: Iterable[str] = ()
    ) -> T:
        """The cached value, or ``make()`` stored and returned (``None`` is never stored)."""
        found = self.get(namespace, key)
        if found is not None:
            return found  # type: ignore[no-any-return]
        made = make()
        if made is not None:
            self.set(namespace, key, made, tags=tags)
        return made

    def delete(self, namespace: str, key: str) -> None:
        self.backend.delete(_full(namespace, key))

    def invalidate(self, *tags: str) -> None:
        """Drop every entry set with any of ``tags``, in every namespace."""
        for tag in tags:
            self.backend.invalidate(tag)


def make_cache(url: str) -> Cache:
    """``memory://`` or ``redis://host:port/db`` (``rediss://`` for TLS)."""
    if url.startswith(("redis://", "rediss://")):
        return Cache(RedisBackend(url))
    return Cache(MemoryBackend())


def _full(namespace: str, key: str) -> str:
    if namespace not in NAMESPACES:
        raise ValueError(f"unknown cache namespace {namespace!r}; add it to NAMESPACES")
    return f"{namespace}:{key}"


@dataclass
class _Entry:
    value: str
    expires: float
    tags: tuple[str, ...]


class MemoryBackend:
    """Process memory, at most ``entries`` values; thread-safe (endpoints run in a pool)."""

    def __init__(
        self, entries: int = MEMORY_ENTRIES, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.entries, self.clock = entries, clock
        self._data: OrderedDict[str, _Entry] = OrderedDict()
        self._tags: dict[str, set[str]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> str | None:
        with self._lock:
            entry = self._data.get(key)
            if entry is None:
                return None
            if entry.expires <= self.clock():
                self._drop(key)
                return None
            self._data.move_to_end(key)
            return entry.value

    def set(self, key: str, value: str, ttl: float, tags: Iterable[str]) -> None:
        with self._lock:
            self._drop(key)
            entry = _Entry(value, self.clock() + ttl, tuple(tags))
            self._data[key] = entry
            for tag in entry.tags:
                self._tags.setdefault(tag, set()).add(key)
            while len(self._data) > self.entries:
                self._drop(next(iter(self._data)))

    def delete(self, key: str) -> None:
        with self._lock:
            self._drop(key)

    def invalidate(self, tag: str) -> None:
        with self._lock:
            for key in self._tags.pop(tag, set()):
                self._drop(key)

    def _drop(self, key: str) -> None:
        entry = self._data.pop(key, None)
        if entry is None:
            return
        for tag in entry.tags:
            keys = self._tags.get(tag)
            if keys is not None:
                keys.discard(key)
                if not keys:
                    del self._tags[tag]


class RedisBackend:
    """One Redis key per entry (``SET … PX``) and one set per tag listing its keys; the tag's
    set lives as long as its longest entry. Errors are logged and read as a miss."""

    def __init__(self, url: str, timeout: float = 0.5) -> None:
        import redis

        self.client = redis.Redis.from_url(
            url, socket_timeout=timeout, socket_connect_timeout=timeout, health_check_interval=30
        )
        self._errors = (redis.RedisError, OSError)

    def get(self, key: str) -> str | None:
        try:
            raw = self.client.get(PREFIX + key)
        except self._errors as exc:
            log.warning("cache_unavailable", operation="get", error=str(exc))
            return None
        return None if raw is None else bytes(raw).decode()  # type: ignore[arg-type]

    def set(self, key: str, value: str, ttl: float, tags: Iterable[str]) -> None:
        millis = max(1, int(ttl * 1000))
        try:
            with self.client.pipeline(transaction=False) as pipe:
                pipe.set(PREFIX + key, value, px=millis)
                for tag in tags:
                    pipe.sadd(_tag(tag), PREFIX + key)
                    pipe.pexpire(_tag(tag), millis, gt=True)
                    pipe.pexpire(_tag(tag), millis, nx=True)
                pipe.execute()
        except self._errors as exc:
            log.warning("cache_unavailable", operation="set", error=str(exc))

    def delete(self, key: str) -> None:
        try:
            self.client.delete(PREFIX + key)
        except self._errors as exc:
            log.warning("cache_unavailable", operation="delete", error=str(exc))

    def invalidate(self, tag: str) -> None:
        try:
            keys = self.client.smembers(_tag(tag))
            self.client.delete(_tag(tag), *keys)
        except self._errors as exc:
            log.warning("cache_unavailable", operation="invalidate", tag=tag, error=str(exc))


def _tag(tag: str) -> str:
    return f"{PREFIX}tag:{tag}"
