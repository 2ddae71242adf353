"""A capacity plan: from what one visit asks of the service and what each part can give, the
workers and API processes each load level needs, and what one machine can serve.

A *visit* is one person's journey through the service (the load test's ``mixed`` scenario):
register, write or import a résumé, paste a job, match, tailor, render, download, look at the
public page. Its tasks share one queue, so the workers are planned as one M/M/c queue whose
service time is the visit's mix of kinds (``tailorcv.capacity.erlang``). The API is planned by
throughput: each process is kept under ``API_HEADROOM`` of the requests/s it served flat out,
where its latency still holds.

Every figure comes from a measurement: ``Profile.from_report`` reads a ``tailorcv loadtest``
report; the defaults are this repository's benchmark figures (docs/benchmarks.md).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tailorcv.capacity.erlang import max_arrival_rate, wait_quantile, workers_needed
from tailorcv.errors import UserError

LEVELS = (100, 1_000, 10_000, 100_000)  # visits per hour
TARGET_P95_WAIT = 1.0  # seconds a task may wait for a worker, 95 % of the time
API_HEADROOM = 0.7
SECONDS_PER_DAY = 86_400


@dataclass(frozen=True)
class Profile:
    """What one visit costs: worker seconds per task of each kind, tasks of each kind per
    visit, HTTP requests per visit, and what one API process serves flat out."""

    service_seconds: Mapping[str, float]
    tasks_per_visit: Mapping[str, float]
    requests_per_visit: float
    api_rps_per_process: float
    cores: int = 2
    source: str = "defaults (docs/benchmarks.md)"
    measured: Measured | None = None

    @property
    def tasks_per_visit_total(self) -> float:
        return sum(self.tasks_per_visit.values())

    @property
    def mean_service_seconds(self) -> float:
        """The mean worker time of a task, weighted by how often each kind occurs."""
        total = self.tasks_per_visit_total
        if total <= 0:
            raise UserError("the profile has no tasks per visit; measure a mixed load test")
        work = sum(
            n * self.service_seconds.get(kind, 0.0) for kind, n in self.tasks_per_visit.items()
        )
        return work / total

    @classmethod
    def from_report(cls, path: Path, base: Profile | None = None) -> Profile:
        """The profile measured by ``tailorcv loadtest --report``: its task times, its mix
        of tasks and requests per visit; what the report lacks comes from ``base``."""
        base = base or DEFAULT_PROFILE
        try:
            report = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise UserError(f"cannot read the load test report {path}: {exc}") from None
        return _from_report(report, base, str(path))


@dataclass(frozen=True)
class Measured:
    """One load test's figures, to compare the model's prediction with."""

    workers: int
    arrival_rate: float  # tasks/s
    service_seconds: float  # mean
    p95_wait: float  # seconds
    tasks: int
    overhead: float = 0.0  # the median wait: delivery and claim, which the queue model leaves out


@dataclass(frozen=True)
class LevelPlan:
    visits_per_hour: float
    tasks_per_hour: dict[str, float]
    workers: int
    p95_wait: float  # predicted with ``workers``
    worker_utilisation: float
    requests_per_second: float
    api_processes: int


@dataclass(frozen=True)
class Check:
    """The model's p95 queue wait (Erlang C plus the measured delivery overhead) against the
    one measured at the same load."""

    measured: Measured
    predicted_p95_wait: float

    @property
    def error_seconds(self) -> float:
        return self.predicted_p95_wait - self.measured.p95_wait

    @property
    def relative_error(self) -> float | None:
        if self.measured.p95_wait <= 0:
            return None
        return self.error_seconds / self.measured.p95_wait


@dataclass(frozen=True)
class Plan:
    profile: Profile
    target_p95_wait: float
    levels: list[LevelPlan]
    pdfs_per_day: int  # tailored PDFs one machine of ``profile.cores`` serves in a day
    check: Check | None = None
    notes: list[str] = field(default_factory=list)


def plan_level(profile: Profile, visits_per_hour: float, target: float) -> LevelPlan:
    """Workers and API processes for one load level."""
    per_second = visits_per_hour / 3600
    arrival = per_second * profile.tasks_per_visit_total
    service_rate = 1 / profile.mean_service_seconds
    workers = workers_needed(arrival, service_rate, target) if arrival > 0 else 1
    rps = per_second * profile.requests_per_visit
    return LevelPlan(
        visits_per_hour=visits_per_hour,
        tasks_per_hour={k: n * visits_per_hour for k, n in sorted(profile.tasks_per_visit.items())},
        workers=workers,
        p95_wait=wait_quantile(workers, arrival, service_rate) if arrival > 0 else 0.0,
        worker_utilisation=arrival / (workers * service_rate),
        requests_per_second=rps,
        api_processes=max(1, math.ceil(rps / (profile.api_rps_per_process * API_HEADROOM))),
    )


def cpu_seconds_per_visit(profile: Profile) -> float:
    """Worker time of the visit's tasks plus the API's time for its requests."""
    work = profile.mean_service_seconds * profile.tasks_per_visit_total
    return work + profile.requests_per_visit / profile.api_rps_per_process


def pdfs_per_day(profile: Profile, target: float) -> int:
    """Tailored PDFs (whole visits) one machine serves in a day at a steady rate, its cores
    shared by the API and the workers, with the p95 wait of a visit's work within ``target``."""
    rate = max_arrival_rate(profile.cores, 1 / cpu_seconds_per_visit(profile), target)
    return int(rate * SECONDS_PER_DAY)


def check(profile: Profile) -> Check | None:
    """The model's prediction at the measured load, when the profile carries a measurement."""
    measured = profile.measured
    if measured is None or measured.arrival_rate <= 0 or measured.service_seconds <= 0:
        return None
    rate = 1 / measured.service_seconds
    predicted = wait_quantile(measured.workers, measured.arrival_rate, rate) + measured.overhead
    return Check(measured, predicted)


def make_plan(
    profile: Profile, levels: Sequence[float] = LEVELS, target: float = TARGET_P95_WAIT
) -> Plan:
    if target <= 0:
        raise UserError(f"the target wait must be positive, got {target} s")
    return Plan(
        profile=profile,
        target_p95_wait=target,
        levels=[plan_level(profile, level, target) for level in levels],
        pdfs_per_day=pdfs_per_day(profile, target),
        check=check(profile),
    )


def _from_report(report: Mapping[str, Any], base: Profile, source: str) -> Profile:
    tasks: Mapping[str, Any] = report.get("tasks") or {}
    visits = float(report.get("totals", {}).get("visits") or 0)
    if visits <= 0 or not tasks:
        raise UserError(
            f"{source} has no finished visits or tasks; run `tailorcv loadtest URL "
            "--scenario mixed --report PATH` long enough for visits to complete"
        )
    service = {kind: float(t["service_mean_s"]) for kind, t in tasks.items() if t["count"]}
    per_visit = {kind: float(t["count"]) / visits for kind, t in tasks.items() if t["count"]}
    requests = float(report["totals"]["requests"]) / visits
    return replace(
        base,
        service_seconds={**base.service_seconds, **service},
        tasks_per_visit=per_visit,
        requests_per_visit=requests,
        source=source,
        measured=_measured(report, tasks),
    )


def _measured(report: Mapping[str, Any], tasks: Mapping[str, Any]) -> Measured | None:
    duration = float(report.get("duration_s") or 0)
    count = sum(int(t["count"]) for t in tasks.values())
    waits = report.get("task_wait", {})
    if duration <= 0 or count == 0 or "p95_s" not in waits:
        return None
    busy = sum(int(t["count"]) * float(t["service_mean_s"]) for t in tasks.values())
    return Measured(
        workers=int(report.get("cluster", {}).get("workers") or 1),
        arrival_rate=count / duration,
        service_seconds=busy / count,
        p95_wait=float(waits["p95_s"]),
        tasks=count,
        overhead=float(waits.get("p50_s", 0.0)),
    )


# Measured here (2 cores; docs/benchmarks.md): a render through the queue ≈ 40 ms of a
# worker, an offline tailoring (with its page count) ≈ 0.2 s; a mixed visit makes one of
# each and about 15 requests; one API process serves a few hundred API requests/s.
DEFAULT_PROFILE = Profile(
    service_seconds={"render": 0.04, "tailor": 0.2, "import": 0.15},
    tasks_per_visit={"render": 1.0, "tailor": 1.0},
    requests_per_visit=15.0,
    api_rps_per_process=300.0,
)
