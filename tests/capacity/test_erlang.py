"""The M/M/c maths against closed forms, an independent formula, and a simulation."""

from __future__ import annotations

import heapq
import math
import random

import pytest

from tailorcv.capacity.erlang import (
    erlang_b,
    erlang_c,
    max_arrival_rate,
    mean_wait,
    wait_quantile,
    workers_needed,
)


def erlang_c_by_sums(c: int, a: float) -> float:
    """The textbook formula with factorials, as a second opinion."""
    top = a**c / math.factorial(c) * c / (c - a)
    return top / (sum(a**k / math.factorial(k) for k in range(c)) + top)


@pytest.mark.parametrize(
    ("c", "a", "expected"),
    [(1, 0.5, 0.5), (1, 0.9, 0.9), (2, 1.0, 1 / 3), (3, 2.0, 4 / 9)],
)
def test_erlang_c_matches_known_values(c: int, a: float, expected: float) -> None:
    assert erlang_c(c, a) == pytest.approx(expected)


@pytest.mark.parametrize(("c", "a"), [(5, 3.2), (10, 8.0), (20, 17.5), (40, 30.0)])
def test_erlang_c_agrees_with_the_factorial_formula(c: int, a: float) -> None:
    assert erlang_c(c, a) == pytest.approx(erlang_c_by_sums(c, a), rel=1e-9)


def test_erlang_b_of_one_server_is_a_over_one_plus_a() -> None:
    assert erlang_b(1, 3.0) == pytest.approx(0.75)


def test_a_thousand_servers_do_not_overflow() -> None:
    assert 0 < erlang_c(1000, 950.0) < 1


def test_mm1_wait_has_its_closed_forms() -> None:
    arrival, service = 8.0, 10.0  # ρ = 0.8
    assert mean_wait(1, arrival, service) == pytest.approx(0.8 / (service - arrival))
    expected = math.log(0.8 / 0.05) / (service - arrival)
    assert wait_quantile(1, arrival, service, 0.95) == pytest.approx(expected)


def test_light_load_waits_nothing_at_the_95th_percentile() -> None:
    assert wait_quantile(4, 0.1, 10.0) == 0.0


def test_overload_waits_forever() -> None:
    assert erlang_c(2, 2.0) == 1.0
    assert math.isinf(wait_quantile(2, 30.0, 10.0))
    assert math.isinf(mean_wait(2, 20.0, 10.0))


def test_workers_needed_is_the_fewest_that_meet_the_target() -> None:
    arrival, service, target = 45.0, 10.0, 0.05
    c = workers_needed(arrival, service, target)
    assert wait_quantile(c, arrival, service) <= target
    assert wait_quantile(c - 1, arrival, service) > target
    assert workers_needed(0.0, service, target) == 1


def test_max_arrival_rate_is_where_the_wait_meets_the_target() -> None:
    rate = max_arrival_rate(2, 10.0, 0.5)
    assert wait_quantile(2, rate, 10.0) <= 0.5
    assert wait_quantile(2, rate * 1.01, 10.0) > 0.5
    assert rate < 20.0


@pytest.mark.parametrize(
    "call",
    [
        lambda: erlang_c(0, 1.0),
        lambda: erlang_b(-1, 1.0),
        lambda: wait_quantile(2, 1.0, 0.0),
        lambda: wait_quantile(2, -1.0, 1.0),
        lambda: wait_quantile(2, 1.0, 1.0, q=1.0),
        lambda: workers_needed(1.0, 1.0, -1.0),
    ],
)
def test_bad_inputs_are_refused(call: object) -> None:
    assert callable(call)
    with pytest.raises(ValueError):  # noqa: PT011 (each message names its own input)
        call()


def simulated_waits(c: int, arrival: float, service: float, n: int, seed: int) -> list[float]:
    """First come, first served on ``c`` servers with Poisson arrivals and exponential work."""
    rng = random.Random(seed)
    free_at = [0.0] * c
    heapq.heapify(free_at)
    now, waits = 0.0, []
    for _ in range(n):
        now += rng.expovariate(arrival)
        start = max(now, heapq.heappop(free_at))
        waits.append(start - now)
        heapq.heappush(free_at, start + rng.expovariate(service))
    return waits


def test_a_simulated_queue_waits_as_the_model_says() -> None:
    c, arrival, service = 3, 24.0, 10.0  # ρ = 0.8
    waits = sorted(simulated_waits(c, arrival, service, 200_000, seed=7)[10_000:])
    assert sum(waits) / len(waits) == pytest.approx(mean_wait(c, arrival, service), rel=0.1)
    p95 = waits[int(0.95 * len(waits))]
    assert p95 == pytest.approx(wait_quantile(c, arrival, service), rel=0.1)
    waited = sum(1 for w in waits if w > 0) / len(waits)
    assert waited == pytest.approx(erlang_c(c, arrival / service), rel=0.05)
