"""Prometheus metrics: what every process counts, and what ``/metrics`` reads at scrape time.

One scrape target per process tree. ``tailorcv serve`` sets ``PROMETHEUS_MULTIPROC_DIR`` (a
fresh folder, ``ops.lifecycle.count_metrics_together``) before its granian workers and its queue
consumer start, so every one of its
processes writes its counts to files there, and ``/metrics`` on any of them adds them all up
(prometheus-client's multiprocess mode); ``tailorcv worker --metrics-port`` does the same for a
consumer and its worker processes. Counts of a process that ended stay in the sum, so a restart
does not make a counter go backwards. Without the variable (tests, a library user) the metrics
live in this process's default registry.

The state of the queue is not counted by anyone: it is read from the database when scraped
(``QueueCollector``), so every API process reports the same truth; take ``max`` over targets.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from tailorcv.ops.lifecycle import MULTIPROC_ENV

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

TASK_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600)
LLM_BUCKETS = (0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300)

HTTP_REQUESTS = Counter(
    "tailorcv_http_requests",
    "HTTP requests answered, by route template, method and status.",
    ["route", "method", "status"],
)
HTTP_LATENCY = Histogram(
    "tailorcv_http_request_duration_seconds",
    "Time to answer an HTTP request, by route template and method.",
    ["route", "method"],
)
TASKS = Counter(
    "tailorcv_tasks",
    "Task events by kind: enqueued, started, succeeded, failed, retried, dead.",
    ["kind", "event"],
)
TASK_DURATION = Histogram(
    "tailorcv_task_duration_seconds",
    "Time a task's attempt ran, by kind.",
    ["kind"],
    buckets=TASK_BUCKETS,
)
TASK_QUEUE_WAIT = Histogram(
    "tailorcv_task_queue_wait_seconds",
    "Time from a task being due to a worker starting it, by kind.",
    ["kind"],
    buckets=TASK_BUCKETS,
)
CACHE_REQUESTS = Counter(
    "tailorcv_cache_requests",
    "Cache look-ups by namespace and result (hit or miss).",
    ["namespace", "result"],
)
RATELIMIT_REJECTIONS = Counter(
    "tailorcv_ratelimit_rejections",
    "Requests refused with 429, by the limit that refused them.",
    ["scope"],
)
LLM_REQUESTS = Counter(
    "tailorcv_llm_requests",
    "Calls to the LLM provider by model and outcome.",
    ["model", "outcome"],
)
LLM_TOKENS = Counter(
    "tailorcv_llm_tokens",
    "Tokens used by model and direction (prompt or completion).",
    ["model", "direction"],
)
LLM_COST = Counter(
    "tailorcv_llm_cost_usd",
    "Estimated provider cost in US dollars, from the configured prices per 1,000 tokens.",
    ["model"],
)
LLM_LATENCY = Histogram(
    "tailorcv_llm_request_duration_seconds",
    "Time of one call to the LLM provider, by model.",
    ["model"],
    buckets=LLM_BUCKETS,
)


# Labelled series of the hot paths, looked up once: ``labels()`` takes a lock and builds a key
# on every call, which cost a public page more than counting itself. Bounded by the routes'
# templates, methods and statuses.
_REQUEST_SERIES: dict[tuple[str, str, int], tuple[Any, Any]] = {}
_CACHE_SERIES: dict[tuple[str, str], Any] = {}


def count_request(route: str, method: str, status: int, seconds: float) -> None:
    """One answered HTTP request, by route template (never the path), method and status."""
    key = (route, method, status)
    series = _REQUEST_SERIES.get(key)
    if series is None:
        series = (
            HTTP_REQUESTS.labels(route, method, str(status)),
            HTTP_LATENCY.labels(route, method),
        )
        _REQUEST_SERIES[key] = series
    series[0].inc()
    series[1].observe(seconds)


def count_cache(namespace: str, hit: bool) -> None:
    """One look-up in the cache ``namespace``."""
    key = (namespace, "hit" if hit else "miss")
    series = _CACHE_SERIES.get(key)
    if series is None:
        series = _CACHE_SERIES[key] = CACHE_REQUESTS.labels(*key)
    series.inc()


def multiprocess() -> bool:
    return bool(os.environ.get(MULTIPROC_ENV))


def scrape_registry(collectors: tuple[Collector, ...] = ()) -> CollectorRegistry:
    """The registry ``/metrics`` reads: every process's counts, plus ``collectors``."""
    if multiprocess():
        from prometheus_client import multiprocess as mp

        registry = CollectorRegistry()
        mp.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry = CollectorRegistry()
        registry.register(_Default())
    for collector in collectors:
        registry.register(collector)
    return registry


def exposition(registry: CollectorRegistry) -> tuple[bytes, str]:
    """The Prometheus text format of ``registry``, and its content type."""
    return generate_latest(registry), CONTENT_TYPE_LATEST


class _Default(Collector):
    """This process's own metrics (the default registry), re-exported."""

    def collect(self) -> Iterator[Metric]:
        yield from REGISTRY.collect()


class QueueCollector(Collector):
    """Queue depth by priority, the oldest queued task's age and the workers alive, read from
    the database at scrape time. A database that does not answer yields nothing (the scrape
    still succeeds; an alert on absent series tells)."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def collect(self) -> Iterator[Metric]:
        from tailorcv.store.models import utcnow
        from tailorcv.store.queries import queue_stats, workers_seen
        from tailorcv.store.worker_queries import WORKER_SEEN_SECONDS

        now = utcnow()
        try:
            with self.sessions() as session:
                stats = queue_stats(session)
                alive = len(workers_seen(session, now - timedelta(seconds=WORKER_SEEN_SECONDS)))
        except Exception:  # a scrape must not fail because the database is away
            return
        depth = GaugeMetricFamily(
            "tailorcv_queue_depth", "Tasks waiting to run, by priority.", labels=["priority"]
        )
        for priority, count in sorted(stats.by_priority.items()):
            depth.add_metric([str(priority)], count)
        yield depth
        oldest = stats.oldest_queued_at
        yield GaugeMetricFamily(
            "tailorcv_queue_oldest_age_seconds",
            "Seconds the oldest queued task has waited (0 when none waits).",
            value=0.0 if oldest is None else max(0.0, (now - oldest).total_seconds()),
        )
        yield GaugeMetricFamily(
            "tailorcv_tasks_running", "Tasks a worker holds right now.", value=stats.running
        )
        yield GaugeMetricFamily(
            "tailorcv_workers_alive",
            "Consumers whose heartbeat was seen in the last minute.",
            value=alive,
        )
