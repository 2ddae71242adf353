"""The cache: lifetimes, content keys, tags that drop entries at once, and a Redis that is down
making the cache miss rather than fail. Both backends run the same tests; Redis is real."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from structlog.testing import capture_logs

from tailorcv.ops import metrics
from tailorcv.ops.cache import Cache, MemoryBackend, RedisBackend, content_key, make_cache
from tests.tasks.consumers import REDIS_URL, redis_or_skip


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["memory", "redis"])
def cache(request: pytest.FixtureRequest) -> Iterator[Cache]:
    if request.param == "redis":
        redis_or_skip()
        made = make_cache(REDIS_URL)
        assert isinstance(made.backend, RedisBackend)
        yield made
        made.backend.client.close()
    else:
        yield make_cache("memory://")


def key() -> str:
    return uuid.uuid4().hex  # every test its own keys: Redis is shared


def counted(namespace: str, result: str) -> float:
    value = metrics.CACHE_REQUESTS.labels(namespace, result)._value.get()
    return float(value)


def test_a_value_comes_back_until_deleted(cache: Cache) -> None:
    k = key()
    assert cache.get("match", k) is None
    cache.set("match", k, {"score": 71.5, "skills": ["Python", "SQL"]})
    assert cache.get("match", k) == {"score": 71.5, "skills": ["Python", "SQL"]}
    cache.delete("match", k)
    assert cache.get("match", k) is None


def test_namespaces_keep_keys_apart(cache: Cache) -> None:
    k = key()
    cache.set("match", k, 1)
    cache.set("analysis", k, 2)
    assert (cache.get("match", k), cache.get("analysis", k)) == (1, 2)


def test_a_tag_drops_every_entry_set_with_it_in_every_namespace(cache: Cache) -> None:
    resume, other = f"resume:{key()}", f"resume:{key()}"
    a, b, c = key(), key(), key()
    cache.set("match", a, "a", tags=[resume])
    cache.set("page", b, "b", tags=[resume, f"job:{key()}"])
    cache.set("match", c, "c", tags=[other])
    cache.invalidate(resume)
    assert cache.get("match", a) is None
    assert cache.get("page", b) is None
    assert cache.get("match", c) == "c", "another résumé's entries stay"


def test_get_or_set_makes_once_and_counts_hits_and_misses(cache: Cache) -> None:
    k, calls = key(), []
    misses, hits = counted("analysis", "miss"), counted("analysis", "hit")

    def make() -> dict[str, int]:
        calls.append(1)
        return {"years": 5}

    assert cache.get_or_set("analysis", k, make) == {"years": 5}
    assert cache.get_or_set("analysis", k, make) == {"years": 5}
    assert len(calls) == 1
    assert counted("analysis", "miss") == misses + 1
    assert counted("analysis", "hit") == hits + 1


def test_an_entry_expires_after_its_namespace_lifetime() -> None:
    clock = Clock()
    cache = Cache(MemoryBackend(clock=clock))
    cache.set("page", "k", "body")  # 5 minutes
    clock.now += 299
    assert cache.get("page", "k") == "body"
    clock.now += 2
    assert cache.get("page", "k") is None


def test_redis_entries_carry_their_lifetime() -> None:
    redis_or_skip()
    cache = make_cache(REDIS_URL)
    assert isinstance(cache.backend, RedisBackend)
    k = key()
    cache.set("templates", k, [1], ttl=2.5)
    millis = cache.backend.client.pttl(f"tailorcv:cache:templates:{k}")
    assert 0 < int(millis) <= 2500  # type: ignore[arg-type]


def test_memory_keeps_a_bounded_number_of_entries_dropping_the_least_recent() -> None:
    cache = Cache(MemoryBackend(entries=3))
    for name in "abc":
        cache.set("match", name, name, tags=["t"])
    assert cache.get("match", "a") == "a"  # a is now the most recent
    cache.set("match", "d", "d")
    assert cache.get("match", "b") is None
    assert [cache.get("match", n) for n in "acd"] == ["a", "c", "d"]
    cache.invalidate("t")
    assert [cache.get("match", n) for n in "acd"] == [None, None, "d"]


def test_an_unknown_namespace_is_a_mistake_not_a_silent_miss() -> None:
    with pytest.raises(ValueError, match="unknown cache namespace"):
        make_cache("memory://").get("sessions", "k")


def test_a_redis_that_is_down_is_a_miss_never_an_error() -> None:
    cache = make_cache("redis://127.0.0.1:1/0")  # nothing listens on port 1
    with capture_logs() as logs:
        cache.set("match", "k", 1, tags=["resume:x"])
        assert cache.get("match", "k") is None
        assert cache.get_or_set("match", "k", lambda: 42) == 42
        cache.invalidate("resume:x")
        cache.delete("match", "k")
    assert {entry["event"] for entry in logs} == {"cache_unavailable"}
    assert [entry["operation"] for entry in logs] == [
        "set", "get", "get", "set", "invalidate", "delete"
    ]  # fmt: skip
    assert all(entry["log_level"] == "warning" and entry["error"] for entry in logs)
    assert logs[4]["tag"] == "resume:x"


def test_content_keys_are_equal_for_equal_content_in_any_order() -> None:
    assert content_key({"a": 1, "b": [1, 2]}, "job") == content_key({"b": [1, 2], "a": 1}, "job")
    assert content_key({"a": 1}, "job") != content_key({"a": 2}, "job")
    assert len(content_key("x")) == 64
