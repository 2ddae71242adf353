"""What the benchmark scripts share: time a call many times, and read the samples' percentiles."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def timings(work: Callable[[], object], runs: int, warmup: int = 1) -> list[float]:
    """Milliseconds per call of ``work`` over ``runs`` calls, after ``warmup`` untimed calls
    (the first call loads fonts, the taxonomy and libraries, which is not what is measured)."""
    for _ in range(warmup):
        work()
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        out.append((time.perf_counter() - started) * 1000)
    return out


def percentile(samples: list[float], q: int) -> float:
    """The ``q``-th percentile (1–99), inclusive of the extremes; one sample is its own."""
    if len(samples) < 2:
        return samples[0]
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


def cells(samples: list[float], digits: int = 1) -> str:
    """The p50 and p95 of ``samples`` as two Markdown table cells: ``12.3 | 14.5``."""
    return f"{percentile(samples, 50):.{digits}f} | {percentile(samples, 95):.{digits}f}"
