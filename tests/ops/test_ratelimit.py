"""Rate limits on the ``limits`` library: counts, verdicts, a count shared by two limiters on
one Redis (two API replicas), and a storage that is down letting requests through."""

from __future__ import annotations

import time
import uuid

import pytest
from structlog.testing import capture_logs

from tailorcv.ops.ratelimit import RateLimiter
from tests.tasks.consumers import REDIS_URL, redis_or_skip


@pytest.fixture(params=["memory", "redis"])
def url(request: pytest.FixtureRequest) -> str:
    if request.param == "redis":
        redis_or_skip()
        return REDIS_URL
    return "memory://"


def test_a_limit_allows_its_amount_then_refuses_with_a_wait(url: str) -> None:
    limiter, key = RateLimiter(url), f"user:{uuid.uuid4()}"
    verdicts = [limiter.take("3/minute", key) for _ in range(4)]
    assert [v.allowed for v in verdicts] == [True, True, True, False]
    assert [v.remaining for v in verdicts] == [2, 1, 0, 0]
    assert all(v.limit == 3 for v in verdicts)
    refused = verdicts[-1]
    assert 0 < refused.retry_after <= 60
    assert time.time() < refused.reset <= time.time() + 61


def test_keys_and_limits_count_apart(url: str) -> None:
    limiter = RateLimiter(url)
    a, b = f"user:{uuid.uuid4()}", f"user:{uuid.uuid4()}"
    assert limiter.take("1/minute", a).allowed
    assert not limiter.take("1/minute", a).allowed
    assert limiter.take("1/minute", b).allowed
    assert limiter.take("5/hour", a).allowed, "another limit counts on its own"


def test_peek_takes_nothing_and_clear_forgets(url: str) -> None:
    limiter, key = RateLimiter(url), f"fail:{uuid.uuid4()}"
    assert limiter.peek("2/minute", key).allowed
    limiter.take("2/minute", key)
    limiter.take("2/minute", key)
    assert not limiter.peek("2/minute", key).allowed
    limiter.clear("2/minute", key)
    assert limiter.peek("2/minute", key).allowed


def test_a_cost_takes_several_at_once(url: str) -> None:
    limiter, key = RateLimiter(url), f"tokens:{uuid.uuid4()}"
    assert limiter.take("1000/day", key, cost=600).remaining == 400
    assert not limiter.take("1000/day", key, cost=600).allowed


def test_two_limiters_on_one_redis_share_the_count() -> None:
    """Two API replicas: each has its own limiter, the count is one."""
    redis_or_skip()
    first, second, key = RateLimiter(REDIS_URL), RateLimiter(REDIS_URL), f"ip:{uuid.uuid4()}"
    assert first.take("2/minute", key).allowed
    assert second.take("2/minute", key).allowed
    assert not first.take("2/minute", key).allowed
    assert not second.take("2/minute", key).allowed


def test_a_storage_that_is_down_lets_requests_through() -> None:
    limiter = RateLimiter("redis://:hunter2@127.0.0.1:1/0", timeout=0.2)
    with capture_logs() as logs:
        verdicts = [limiter.take("1/minute", "user:x") for _ in range(3)]
        assert limiter.peek("1/minute", "user:x").allowed
    assert all(v.allowed for v in verdicts)
    (warned,) = logs  # once a minute, not once a request
    assert (warned["event"], warned["log_level"], warned["limiting"]) == (
        "ratelimit_unavailable",
        "warning",
        False,
    )
    assert warned["storage"].startswith("redis://")
    assert warned["error"]
    assert "hunter2" not in str(logs), "the storage URL is logged without its password"
