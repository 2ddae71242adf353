"""The load test's JSON report: requests/s, p50/p95/p99 per endpoint, failures by cause, and
the finished tasks' queue wait and worker time per kind (what ``tailorcv capacity`` reads).

Built from Locust's statistics by duck typing, so this module does not import Locust.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from typing import Any

from tailorcv.load.journeys import FinishedTask, TaskLog

PERCENTILES = {"p50": 0.5, "p95": 0.95, "p99": 0.99}


def endpoint(entry: Any, duration: float) -> dict[str, Any]:
    """One Locust ``StatsEntry`` as a row."""
    row: dict[str, Any] = {
        "method": entry.method,
        "name": entry.name,
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "rps": round(entry.num_requests / duration, 2) if duration > 0 else 0.0,
        "avg_ms": round(entry.avg_response_time, 1),
    }
    for label, q in PERCENTILES.items():
        row[f"{label}_ms"] = entry.get_response_time_percentile(q) if entry.num_requests else 0
    # Locust's rounded response times and their counts: percentiles over several endpoints or
    # several load generators (``percentile``) are then exact, not a guess from each one's.
    row["histogram"] = {str(ms): n for ms, n in sorted(entry.response_times.items())}
    return row


def percentile(rows: Iterable[Mapping[str, Any]], q: float) -> float:
    """The ``q`` quantile (0–1) in ms of every request counted in ``rows`` together."""
    counts: dict[float, int] = {}
    for row in rows:
        for ms, n in row.get("histogram", {}).items():
            counts[float(ms)] = counts.get(float(ms), 0) + n
    total = sum(counts.values())
    if not total:
        return 0.0
    running = 0
    for ms in sorted(counts):
        running += counts[ms]
        if running >= q * total:
            return ms
    return max(counts)


def build(
    stats: Any,
    log: TaskLog,
    *,
    meta: Mapping[str, Any],
    duration: float,
) -> dict[str, Any]:
    """The whole report from Locust's ``RequestStats``, the task log and the run's settings."""
    entries = sorted(stats.entries.values(), key=lambda e: (e.name, e.method))
    total = stats.total
    failures = [
        {"method": e.method, "name": e.name, "error": str(e.error), "occurrences": e.occurrences}
        for e in sorted(stats.errors.values(), key=lambda e: -e.occurrences)
    ]
    return {
        **meta,
        "duration_s": round(duration, 2),
        "totals": {
            **endpoint(total, duration),
            "visits": log.visits,
            "tasks": len(log.tasks),
        },
        "endpoints": [endpoint(entry, duration) for entry in entries],
        "failures": failures,
        "tasks": tasks_by_kind(log.tasks),
        "task_wait": _spread([t.wait_s for t in log.tasks if t.status == "succeeded"]),
    }


def tasks_by_kind(tasks: Iterable[FinishedTask]) -> dict[str, dict[str, Any]]:
    """Per kind: how many finished, how many failed (with their errors), wait and work times."""
    kinds: dict[str, list[FinishedTask]] = {}
    for task in tasks:
        kinds.setdefault(task.kind, []).append(task)
    report = {}
    for kind, done in sorted(kinds.items()):
        ok = [t for t in done if t.status == "succeeded"]
        errors = sorted({t.error or t.status for t in done if t.status != "succeeded"})
        service = _spread([t.service_s for t in ok])
        report[kind] = {
            "count": len(ok),
            "failed": len(done) - len(ok),
            "errors": errors[:10],
            "service_mean_s": service.get("mean_s", 0.0),
            "service_p95_s": service.get("p95_s", 0.0),
            "wait": _spread([t.wait_s for t in ok]),
        }
    return report


def _spread(samples: list[float]) -> dict[str, float]:
    if not samples:
        return {}
    ordered = sorted(samples)
    return {
        "mean_s": round(statistics.fmean(ordered), 4),
        "p50_s": round(_quantile(ordered, 0.5), 4),
        "p95_s": round(_quantile(ordered, 0.95), 4),
        "max_s": round(ordered[-1], 4),
    }


def _quantile(ordered: list[float], q: float) -> float:
    """Nearest-rank quantile of sorted samples."""
    index = min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))
    return ordered[index]


def summary_rows(report: Mapping[str, Any]) -> list[list[str]]:
    """Header and one row per endpoint (and the total), for the terminal."""
    rows = [["method", "endpoint", "requests", "failures", "req/s", "p50 ms", "p95 ms", "p99 ms"]]
    for row in [*report["endpoints"], {**report["totals"], "method": "", "name": "total"}]:
        rows.append(
            [
                row["method"],
                row["name"],
                str(row["requests"]),
                str(row["failures"]),
                f"{row['rps']:.1f}",
                *(f"{row[f'{label}_ms']:.0f}" for label in PERCENTILES),
            ]
        )
    return rows
