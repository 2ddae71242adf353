"""Commands that run or prepare the service: migrate, worker."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from tailorcv.cli import app, handle_errors, out
from tailorcv.errors import InvalidSettings


@app.command()
@handle_errors
def migrate() -> None:
    """Bring the database (TAILORCV_DATABASE_URL) to the newest schema; print its revision."""
    from tailorcv.ops.settings import load_settings
    from tailorcv.store import migrate as migrate_database

    settings = load_settings()
    revision = migrate_database(settings)
    out.print(f"database at revision {revision}", highlight=False)


@app.command()
@handle_errors
def worker(
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Worker processes.")] = 2,
    lease_seconds: Annotated[
        float, typer.Option(min=0.1, help="Lease of a running task, renewed while it runs.")
    ] = 10.0,
    recover_seconds: Annotated[
        float, typer.Option(min=1, help="How often lost tasks are re-enqueued.")
    ] = 30.0,
    time_limit: Annotated[
        list[str] | None,
        typer.Option(
            help="KIND=SECONDS, e.g. render=30 (defaults: import 60, render 30, tailor 120)."
        ),
    ] = None,
) -> None:
    """Run the task queue's consumer (TAILORCV_QUEUE_URL). Stop it with SIGINT (Ctrl-C): running
    tasks finish first; SIGTERM or SIGKILL abandon them to recovery."""
    from tailorcv.ops.settings import load_settings
    from tailorcv.tasks import DEFAULT_OPTIONS, TaskOptions, run_consumer

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    options = TaskOptions(
        lease_seconds=lease_seconds,
        recover_seconds=recover_seconds,
        retry_base_seconds=DEFAULT_OPTIONS.retry_base_seconds,
    ).with_limits(_limits(time_limit or []))
    run_consumer(load_settings(), workers, options=options)


def _limits(specs: list[str]) -> dict[str, float]:
    """``["render=30"]`` → ``{"render": 30.0}``."""
    limits = {}
    for spec in specs:
        kind, _, seconds = spec.partition("=")
        try:
            limits[kind.strip()] = float(seconds)
        except ValueError:
            raise InvalidSettings(f"--time-limit {spec!r}: expected KIND=SECONDS") from None
    return limits
