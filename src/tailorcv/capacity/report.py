"""A capacity plan as a Markdown page (docs/capacity.md) with a hand-drawn SVG chart.

The chart plots the model's p95 queue wait against the task arrival rate for 1, 2, 4 and 8
workers, with the target as a dashed line and the measured run as a dot: where a curve crosses
the target is what that many workers can carry. SVG written by hand keeps matplotlib out of the
dependencies.
"""

from __future__ import annotations

import math
from html import escape

from tailorcv.capacity.erlang import wait_quantile
from tailorcv.capacity.plan import API_HEADROOM, Plan, cpu_seconds_per_visit

WIDTH, HEIGHT, MARGIN = 640, 360, 56
CURVES = (1, 2, 4, 8)
COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd")


def table_rows(plan: Plan) -> list[list[str]]:
    """The plan's rows as table cells (header first), for the terminal and for Markdown."""
    kinds = sorted({kind for level in plan.levels for kind in level.tasks_per_hour})
    header = [
        "visits/hour",
        *[f"{k} tasks/h" for k in kinds],
        "workers",
        "p95 wait",
        "worker use",
        "API req/s",
        "API processes",
    ]
    rows = [header]
    for level in plan.levels:
        rows.append(
            [
                f"{level.visits_per_hour:,.0f}",
                *[f"{level.tasks_per_hour.get(k, 0):,.0f}" for k in kinds],
                str(level.workers),
                _seconds(level.p95_wait),
                f"{level.worker_utilisation:.0%}",
                f"{level.requests_per_second:,.1f}",
                str(level.api_processes),
            ]
        )
    return rows


def markdown(plan: Plan, chart: str = "capacity.svg") -> str:
    """docs/capacity.md: the inputs, the plan, the one-machine ceiling, the check."""
    p = plan.profile
    rows = table_rows(plan)
    lines = [
        "# Capacity",
        "",
        "Written by `tailorcv capacity"
        + (f" --from {p.source}`" if p.measured else "`")
        + ": an M/M/c (Erlang C) model of the task queue fed with measured service times",
        "and the arrival mix of the load test's mixed visit (register, résumé, job, match, tailor,",
        "render, poll, download, public page). Regenerate it after a new measurement.",
        "",
        "## Inputs",
        "",
        f"- source: {p.source}",
        "- worker seconds per task: "
        + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in sorted(p.service_seconds.items())),
        "- tasks per visit: "
        + ", ".join(f"{k} {v:.2f}" for k, v in sorted(p.tasks_per_visit.items())),
        f"- HTTP requests per visit: {p.requests_per_visit:.1f}",
        f"- one API process serves {p.api_rps_per_process:,.0f} requests/s flat out; planned at "
        f"{API_HEADROOM:.0%} of that",
        f"- target: 95 % of tasks wait at most {plan.target_p95_wait:g} s for a worker",
        "",
        "## Plan",
        "",
        *_markdown_table(rows),
        "",
        "## One machine",
        "",
        f"A visit costs {cpu_seconds_per_visit(p) * 1000:.0f} ms of CPU (its tasks and its API "
        f"requests). This {p.cores}-core machine, running the API and the workers, serves "
        f"**{plan.pdfs_per_day:,} tailored PDFs a day** at a steady rate with the p95 wait "
        f"within the target (about {plan.pdfs_per_day / 24:,.0f} an hour); real traffic has "
        "peaks, so size for the peak hour, not the daily mean.",
        "",
        f"![p95 queue wait against arrival rate]({chart})",
        "",
        *_check_lines(plan),
        "## Caveats",
        "",
        "- M/M/c assumes random arrivals and exponential service times; renders are steadier "
        "than that, which makes the model pessimistic (it over-predicts waits).",
        "- One queue serves every kind; a burst of slow tailorings delays renders behind them.",
        "- The API figure assumes CPU-bound processes; the database and Redis need their own "
        "headroom at the top levels.",
        "- The model counts CPU, not concurrency: a limit that stalls the service with the CPU "
        "idle (a connection pool, a lock) shows only in a load test at that many users; see "
        'docs/benchmarks.md, "Load and capacity".',
        "- A visit here excludes signing up: each new account costs one argon2id hash (about "
        "25 ms of CPU at OWASP's costs).",
        "",
    ]
    return "\n".join(lines)


def _check_lines(plan: Plan) -> list[str]:
    check = plan.check
    if check is None:
        return []
    m = check.measured
    relative = check.relative_error
    error = f"{check.error_seconds * 1000:+.0f} ms" + (
        f" ({relative:+.0%})" if relative is not None else ""
    )
    return [
        "## Prediction against measurement",
        "",
        f"At the measured load ({m.arrival_rate * 3600:,.0f} tasks/hour, {m.workers} workers, "
        f"mean service {m.service_seconds * 1000:.0f} ms, {m.tasks} tasks) the model predicts a "
        f"p95 wait from submit to start of {_seconds(check.predicted_p95_wait)} (Erlang C plus "
        f"the run's median wait, {_seconds(m.overhead)}, as the fixed cost of delivering and "
        f"claiming a task); the run measured {_seconds(m.p95_wait)}: an error of {error}. Where "
        "the error is large, the workers were not the bottleneck: on one 2-core machine they "
        "share the CPU with the API, the database and the load generator, which M/M/c with "
        "dedicated workers does not see.",
        "",
    ]


def _markdown_table(rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * len(rows[0])]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return lines


def _seconds(value: float) -> str:
    if math.isinf(value):
        return "∞"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.1f} s"


def svg(plan: Plan) -> str:
    """p95 queue wait (y) against tasks/hour (x) for 1, 2, 4 and 8 workers."""
    service_rate = 1 / plan.profile.mean_service_seconds
    x_max = CURVES[-1] * service_rate * 3600
    y_max = plan.target_p95_wait * 3
    plot_w, plot_h = WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN

    def point(per_hour: float, wait: float) -> tuple[float, float]:
        x = MARGIN + plot_w * per_hour / x_max
        y = HEIGHT - MARGIN - plot_h * min(wait, y_max) / y_max
        return x, y

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        *_axes(x_max, y_max, point),
    ]
    for workers, colour in zip(CURVES, COLOURS, strict=True):
        points = []
        for step in range(201):
            per_hour = x_max * step / 200
            wait = wait_quantile(workers, per_hour / 3600, service_rate)
            if math.isinf(wait) or wait > y_max:
                points.append(point(per_hour, y_max))
                break
            points.append(point(per_hour, wait))
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{path}"/>')
        lx, ly = points[-1]
        parts.append(
            f'<text x="{lx - 4:.1f}" y="{max(ly - 6, MARGIN - 4):.1f}" fill="{colour}" '
            f'text-anchor="end">{workers} worker{"s" if workers > 1 else ""}</text>'
        )
    parts += _target_and_measured(plan, x_max, point)
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _axes(x_max: float, y_max: float, point: object) -> list[str]:
    assert callable(point)
    x0, y0 = point(0, 0)
    x1, y1 = point(x_max, y_max)
    parts = [
        f'<line x1="{x0}" y1="{y0}" x2="{x1}" y2="{y0}" stroke="black"/>',
        f'<line x1="{x0}" y1="{y0}" x2="{x0}" y2="{y1}" stroke="black"/>',
        f'<text x="{(x0 + x1) / 2}" y="{HEIGHT - 14}" text-anchor="middle">tasks per hour</text>',
        f'<text x="16" y="{(y0 + y1) / 2}" text-anchor="middle" '
        f'transform="rotate(-90 16 {(y0 + y1) / 2})">p95 queue wait (s)</text>',
    ]
    for i in range(5):
        value = x_max * i / 4
        x, _ = point(value, 0)
        parts.append(f'<text x="{x:.1f}" y="{y0 + 16}" text-anchor="middle">{value:,.0f}</text>')
        wait = y_max * i / 4
        _, y = point(0, wait)
        parts.append(f'<text x="{x0 - 6}" y="{y + 4:.1f}" text-anchor="end">{wait:g}</text>')
    return parts


def _target_and_measured(plan: Plan, x_max: float, point: object) -> list[str]:
    assert callable(point)
    x0, yt = point(0, plan.target_p95_wait)
    x1, _ = point(x_max, plan.target_p95_wait)
    parts = [
        f'<line x1="{x0}" y1="{yt:.1f}" x2="{x1}" y2="{yt:.1f}" stroke="grey" '
        'stroke-dasharray="6 4"/>',
        f'<text x="{x0 + 6:.1f}" y="{yt - 6:.1f}" fill="grey">'
        f"target {plan.target_p95_wait:g} s</text>",
    ]
    if plan.check is not None:
        m = plan.check.measured
        x, y = point(m.arrival_rate * 3600, m.p95_wait)
        label = escape(f"measured, {m.workers} workers")
        parts += [
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="black"/>',
            f'<text x="{x + 8:.1f}" y="{y - 8:.1f}">{label}</text>',
        ]
    return parts
