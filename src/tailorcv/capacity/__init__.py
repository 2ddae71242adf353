"""Capacity planning: an Erlang C model of the task queue, fed with measured figures, that
says how many workers and API processes each load level needs (``tailorcv capacity``)."""

from __future__ import annotations

from tailorcv.capacity.erlang import erlang_c, wait_quantile, workers_needed
from tailorcv.capacity.plan import DEFAULT_PROFILE, Plan, Profile, make_plan
from tailorcv.capacity.report import markdown, svg, table_rows

__all__ = [
    "DEFAULT_PROFILE",
    "Plan",
    "Profile",
    "erlang_c",
    "make_plan",
    "markdown",
    "svg",
    "table_rows",
    "wait_quantile",
    "workers_needed",
]
