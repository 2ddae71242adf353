"""Commands that measure the service: ``loadtest`` (Locust, headless) and ``capacity`` (the plan
an Erlang C model makes of what was measured)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from tailorcv.cli import app, handle_errors, out
from tailorcv.errors import UserError


@app.command()
@handle_errors
def loadtest(
    url: Annotated[str, typer.Argument(help="The service to load, e.g. http://127.0.0.1:8000.")],
    users: Annotated[int, typer.Option(min=1, help="Simulated people at once.")] = 50,
    spawn_rate: Annotated[float, typer.Option(min=0.1, help="People started per second.")] = 10.0,
    duration: Annotated[float, typer.Option(min=1, help="Seconds to run.")] = 60.0,
    scenario: Annotated[
        str, typer.Option(help="mixed (the whole journey), browse, render or public.")
    ] = "mixed",
    report: Annotated[
        Path, typer.Option(help="JSON report; an HTML one with plots is written beside it.")
    ] = Path("loadtest.json"),
    workers: Annotated[
        int, typer.Option(min=1, help="Queue workers behind URL (recorded for `capacity`).")
    ] = 2,
    steady: Annotated[
        bool,
        typer.Option(
            "--steady",
            help="Report from the moment every user has started; the ramp (sign-ups) apart.",
        ),
    ] = False,
    think: Annotated[
        str, typer.Option(help="LOW,HIGH seconds a person thinks between steps (mixed).")
    ] = "10,30",
) -> None:
    """Load URL with simulated people (Locust, headless); print requests/s and p50/p95/p99 per
    endpoint, failures by cause, and the tasks' queue wait and worker time. Send load only to a
    service you run.

    Locust is an extra: pip install 'tailorcv[load]'."""
    from tailorcv.load import LoadTest, run
    from tailorcv.load.report import summary_rows

    test = LoadTest(
        url, users, spawn_rate, duration, scenario, report, workers, steady, _seconds(think)
    )
    test.check()
    data = run(test)
    out.print(_table(summary_rows(data), f"{scenario}: {users} users, {data['duration_s']} s"))
    for failure in data["failures"][:10]:
        out.print(
            f"[red]{failure['occurrences']}×[/] {failure['method']} {failure['name']}: "
            f"{failure['error']}",
            highlight=False,
        )
    for kind, tasks in data["tasks"].items():
        out.print(
            f"{kind}: {tasks['count']} succeeded, {tasks['failed']} failed, worker time "
            f"{tasks['service_mean_s'] * 1000:.0f} ms on average",
            highlight=False,
        )
    out.print(f"report: {report} and {report.with_suffix('.html')}", highlight=False)


def _seconds(text: str) -> tuple[float, float]:
    low, _, high = text.partition(",")
    try:
        return float(low), float(high or low)
    except ValueError:
        raise UserError(f"--think {text!r}: give LOW,HIGH seconds, e.g. 10,30") from None


@app.command()
@handle_errors
def capacity(
    from_report: Annotated[
        Path | None,
        typer.Option("--from", help="A `tailorcv loadtest --scenario mixed` JSON report."),
    ] = None,
    target_wait: Annotated[
        float, typer.Option(min=0.001, help="Seconds 95 % of tasks may wait for a worker.")
    ] = 1.0,
    api_rps: Annotated[
        float | None,
        typer.Option(min=1, help="Requests/s one API process serves flat out (measured)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(help="Write the plan as Markdown here (e.g. docs/capacity.md), with an SVG."),
    ] = None,
) -> None:
    """Plan workers and API processes per load level from measured figures (Erlang C), and the
    tailored PDFs a day one machine serves."""
    from dataclasses import replace

    from tailorcv.capacity import DEFAULT_PROFILE, Profile, make_plan, markdown, svg, table_rows

    profile = Profile.from_report(from_report) if from_report else DEFAULT_PROFILE
    if api_rps is not None:
        profile = replace(profile, api_rps_per_process=api_rps)
    plan = make_plan(profile, target=target_wait)
    out.print(_table(table_rows(plan), f"capacity (p95 wait ≤ {target_wait:g} s)"))
    out.print(
        f"This {profile.cores}-core machine serves about {plan.pdfs_per_day:,} tailored PDFs "
        "a day.",
        highlight=False,
    )
    if plan.check is not None:
        c = plan.check
        out.print(
            f"At the measured load the model predicts a p95 wait of "
            f"{c.predicted_p95_wait * 1000:.0f} ms; measured {c.measured.p95_wait * 1000:.0f} ms.",
            highlight=False,
        )
    if output is not None:
        chart = output.with_suffix(".svg")
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            chart.write_text(svg(plan), encoding="utf-8")
            output.write_text(markdown(plan, chart.name), encoding="utf-8")
        except OSError as exc:
            raise UserError(f"cannot write {output}: {exc.strerror}") from None
        out.print(f"wrote {output} and {chart}", highlight=False)


def _table(rows: list[list[str]], title: str) -> Table:
    table = Table(title=title)
    for heading in rows[0]:
        table.add_column(heading, justify="left" if heading in ("method", "endpoint") else "right")
    for row in rows[1:]:
        table.add_row(*row)
    return table
