"""How background work is paced: leases, time limits, retries, recovery, and priorities.

These are knobs of the worker, not of the service, so they live here rather than in
``Settings``: ``tailorcv worker`` exposes them as options, and tests shorten them so that a lease
expires or a recovery runs within a second.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

# Hard time limits per kind, in seconds (issue 5: import 60 s, render 30 s, tailor 120 s).
# Issue 7: a tailoring, suggestion or letter may wait for an LLM (llm_timeout_seconds, 300 s by
# default, plus one repair request), so those kinds get 660 s; the engine keeps within it.
TIME_LIMITS: Mapping[str, float] = MappingProxyType(
    {"import": 60.0, "render": 30.0, "tailor": 660.0, "cleanup": 300.0, "batch_item": 30.0}
    | {"suggest": 660.0, "letter": 660.0}
)
TIER_RANK = {"free": 0, "pro": 1, "premium": 2}
# Upload sizes below which an import moves ahead of larger ones of the same tier.
SIZE_STEPS = (100 * 1024, 1024 * 1024, 5 * 1024 * 1024)
PERIODIC_PRIORITY = 1000  # recovery and cleanup jump any backlog of user work


@dataclass(frozen=True)
class TaskOptions:
    """Pacing for the runner and the consumer; the defaults suit production.

    A lease is short and renewed every third of its length while the work runs, so a killed
    worker's task is claimable again within ``lease_seconds``, however long its time limit.
    """

    lease_seconds: float = 10.0
    retry_base_seconds: float = 2.0  # backoff after attempt n: base · 2^(n-1), ±25 % jitter
    recover_seconds: float = 30.0
    cleanup_seconds: float = 3600.0
    time_limits: Mapping[str, float] = field(default_factory=lambda: dict(TIME_LIMITS))

    def time_limit(self, kind: str) -> float:
        """Seconds the kind's work may take before its lease stops being renewed."""
        return float(self.time_limits.get(kind, TIME_LIMITS["render"]))

    def with_limits(self, overrides: Mapping[str, float]) -> TaskOptions:
        """These options with some kinds' time limits replaced."""
        limits = {**self.time_limits, **overrides}
        return TaskOptions(
            self.lease_seconds,
            self.retry_base_seconds,
            self.recover_seconds,
            self.cleanup_seconds,
            limits,
        )


DEFAULT_OPTIONS = TaskOptions()


def priority_for(tier: str, size: int | None = None) -> int:
    """The queue priority of a task (higher runs first): the owner's tier decides, and within a
    tier a smaller upload goes first, so one big PDF never holds up many small ones."""
    rank = TIER_RANK.get(tier, 0) * 10
    if size is None:
        return rank
    return rank + sum(1 for step in SIZE_STEPS if size < step)


def fair_priority(rank: int, active: int) -> int:
    """``rank`` (from ``priority_for``) lowered by one for each task the owner already has
    queued or running, so that one user's burst cannot starve the others: another user's
    first task of the same tier goes ahead of the burst's second, and of any later one."""
    return rank - max(0, active)
