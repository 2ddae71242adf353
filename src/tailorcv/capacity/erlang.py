"""The M/M/c queue (Erlang C): how long a task waits for one of ``c`` workers.

Tasks arrive at random (Poisson, rate ``λ`` per second) and each takes an exponentially
distributed time with mean ``1/μ``; ``c`` workers take them first come, first served. With the
offered load ``a = λ/μ`` (in Erlangs) below ``c``, the probability that a task has to wait at all
is Erlang's C formula, and the wait of those that do is exponential with rate ``cμ − λ``:

    P(W > t) = C(c, a) · exp(−(cμ − λ) t)

Erlang C is computed from Erlang B by its stable recurrence (no factorials, no overflow for
thousands of servers): ``B(0) = 1``, ``B(k) = a·B(k−1) / (k + a·B(k−1))``, then
``C = c·B / (c − a·(1 − B))``.
"""

from __future__ import annotations

import math

MAX_WORKERS = 100_000


def erlang_b(c: int, a: float) -> float:
    """Blocking probability of ``c`` servers offered ``a`` Erlangs (M/M/c/c)."""
    if c < 0 or a < 0:
        raise ValueError(f"erlang_b needs c ≥ 0 and a ≥ 0, got c={c}, a={a}")
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    return b


def erlang_c(c: int, a: float) -> float:
    """Probability that an arriving task waits (M/M/c); 1.0 when the load is ``≥ c``."""
    if c < 1:
        raise ValueError(f"erlang_c needs at least one server, got {c}")
    if a <= 0:
        return 0.0
    if a >= c:
        return 1.0
    b = erlang_b(c, a)
    return c * b / (c - a * (1 - b))


def mean_wait(c: int, arrival_rate: float, service_rate: float) -> float:
    """Mean time in the queue (seconds); ``inf`` when the workers cannot keep up."""
    _check_rates(arrival_rate, service_rate)
    spare = c * service_rate - arrival_rate
    if spare <= 0:
        return math.inf
    return erlang_c(c, arrival_rate / service_rate) / spare


def wait_quantile(c: int, arrival_rate: float, service_rate: float, q: float = 0.95) -> float:
    """The ``q``-quantile of the time in the queue (seconds): 0 when fewer than ``1 − q`` of
    the tasks wait at all, ``inf`` when the workers cannot keep up."""
    if not 0 < q < 1:
        raise ValueError(f"the quantile must lie between 0 and 1, got {q}")
    _check_rates(arrival_rate, service_rate)
    spare = c * service_rate - arrival_rate
    if spare <= 0:
        return math.inf
    waits = erlang_c(c, arrival_rate / service_rate)
    if waits <= 1 - q:
        return 0.0
    return math.log(waits / (1 - q)) / spare


def workers_needed(
    arrival_rate: float, service_rate: float, target_seconds: float, q: float = 0.95
) -> int:
    """The fewest workers that keep the ``q``-quantile of the queue wait within
    ``target_seconds`` (at least one)."""
    _check_rates(arrival_rate, service_rate)
    if target_seconds < 0:
        raise ValueError(f"the target wait cannot be negative, got {target_seconds}")
    c = max(1, math.floor(arrival_rate / service_rate) + 1)
    while wait_quantile(c, arrival_rate, service_rate, q) > target_seconds:
        c += 1
        if c > MAX_WORKERS:
            raise ValueError(f"more than {MAX_WORKERS} workers needed; check the inputs")
    return c


def max_arrival_rate(
    c: int, service_rate: float, target_seconds: float, q: float = 0.95, tolerance: float = 1e-6
) -> float:
    """The highest arrival rate ``c`` workers serve with the ``q``-quantile wait within
    ``target_seconds`` (bisection; the wait grows with the arrival rate)."""
    _check_rates(0.0, service_rate)
    low, high = 0.0, c * service_rate
    while high - low > tolerance * c * service_rate:
        middle = (low + high) / 2
        if wait_quantile(c, middle, service_rate, q) <= target_seconds:
            low = middle
        else:
            high = middle
    return low


def _check_rates(arrival_rate: float, service_rate: float) -> None:
    if arrival_rate < 0 or service_rate <= 0:
        raise ValueError(
            f"rates must be arrival ≥ 0 and service > 0, got {arrival_rate} and {service_rate}"
        )
