"""Commands that run or prepare the service: migrate, worker, serve."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from tailorcv.cli import app, handle_errors, out
from tailorcv.errors import InvalidSettings

if TYPE_CHECKING:
    from tailorcv.cli.serving import Demo
    from tailorcv.ops.settings import Settings

IDLE_CONNECTION_MS = 60_000  # granian's most; nginx keeps idle client connections 75 s
# Background work yields the CPU to requests on a machine both share: a person waiting on an
# API call (p95 ≤ 250 ms) goes before a render they are polling for (issue 10). On a machine
# of its own a worker loses nothing by it.
WORKER_NICENESS = 10


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
    metrics_port: Annotated[
        int | None,
        typer.Option(
            min=1, max=65535, help="Serve /metrics of this consumer and its workers on this port."
        ),
    ] = None,
    metrics_host: Annotated[str, typer.Option(help="Address for --metrics-port.")] = "127.0.0.1",
    nice: Annotated[
        int,
        typer.Option(
            min=0,
            max=19,
            help="Added to the CPU niceness of the consumer and its workers, so that on a "
            "shared machine the web server's requests go first (0: as the shell's).",
        ),
    ] = WORKER_NICENESS,
) -> None:
    """Run the task queue's consumer (TAILORCV_QUEUE_URL). Stop it with SIGINT (Ctrl-C) or
    SIGTERM: running tasks finish first; a SIGKILL abandons them to recovery."""
    import os

    from tailorcv.ops.lifecycle import count_metrics_together

    os.nice(nice)  # inherited by the worker processes it starts
    from tailorcv.ops.logs import configure_for
    from tailorcv.ops.settings import load_settings

    if metrics_port is not None:
        count_metrics_together()  # first: before anything loads prometheus_client
    settings = load_settings()
    configure_for(settings)
    if metrics_port is not None:
        _serve_metrics(settings, metrics_host, metrics_port)
    from tailorcv.tasks import DEFAULT_OPTIONS, TaskOptions, run_consumer

    options = TaskOptions(
        lease_seconds=lease_seconds,
        recover_seconds=recover_seconds,
        retry_base_seconds=DEFAULT_OPTIONS.retry_base_seconds,
    ).with_limits(_limits(time_limit or []))
    run_consumer(settings, workers, options=options)


def _serve_metrics(settings: Settings, host: str, port: int) -> None:
    """Answer ``GET /metrics`` on ``host:port`` from a thread: this consumer's and its workers'
    counts, and the queue's state."""
    from prometheus_client import start_http_server

    from tailorcv.ops import metrics
    from tailorcv.store.db import make_engine, make_sessions

    sessions = make_sessions(make_engine(settings))
    registry = metrics.scrape_registry((metrics.QueueCollector(sessions),))
    start_http_server(port, addr=host, registry=registry)


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


@app.command()
@handle_errors
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Web server processes.")] = 1,
    queue_workers: Annotated[
        int, typer.Option(min=1, help="Queue worker processes started beside the server.")
    ] = 2,
    no_worker: Annotated[
        bool, typer.Option("--no-worker", help="Serve only; run `tailorcv worker` elsewhere.")
    ] = False,
    demo: Annotated[
        bool, typer.Option("--demo", help="Seed a demo account and résumé; print how to log in.")
    ] = False,
) -> None:
    """Run the HTTP service on granian and, unless --no-worker, a queue consumer beside it."""
    import os

    from tailorcv.ops.lifecycle import count_metrics_together

    count_metrics_together()  # first: before anything loads prometheus_client

    from granian import Granian
    from granian.constants import Interfaces
    from granian.http import HTTP1Settings

    from tailorcv.cli import serving
    from tailorcv.ops.logs import configure_for
    from tailorcv.ops.settings import load_settings
    from tailorcv.tasks.queue import check_queue, make_huey

    settings = load_settings()
    env = serving.install_secret(settings)
    revision = serving.prepare_database(settings)
    check_queue(make_huey(settings), settings.queue_url)
    configure_for(settings)  # after the migrations' chatter: this process logs worker restarts
    os.environ.update(env)  # granian's worker processes build the app from the environment
    out.print(
        f"database at revision {revision}; queue at {settings.queue_url}",
        highlight=False,
        soft_wrap=True,
    )
    if demo:
        _print_demo(serving.seed_demo(settings), host, port)
    supervisor = None if no_worker else serving.supervise_worker(queue_workers, env)
    try:
        Granian(
            "tailorcv.web.app:create_app_from_environment",
            factory=True,
            interface=Interfaces.ASGI,
            address=host,
            port=port,
            workers=workers,
            log_access=False,
            # An idle keep-alive connection is closed after this long; granian's 30 s is about
            # the pause of a person reading a match report, and a request sent on a connection
            # the server is closing at that moment fails (seen in the 1,000-user load test).
            http1_settings=HTTP1Settings(header_read_timeout=IDLE_CONNECTION_MS),
        ).serve()
    finally:
        if supervisor is not None:
            supervisor.stop()


def _print_demo(demo: Demo, host: str, port: int) -> None:
    """How to log in, and the README's three API calls to try: list, render, publish."""
    base = f"http://{host}:{port}"
    auth = f"-H 'Authorization: Bearer {demo.token}'"
    send = f"{auth} -H 'Content-Type: application/json' -d"
    resume = f"{base}/api/v1/resumes/{demo.resume_id}"
    out.print(
        f"\n[bold]Demo account[/]: {demo.email} / {demo.password}\n"
        f"In the browser: {base}/login\n"
        f"API token: {demo.token}\n"
        f"List résumés:   curl {auth} {base}/api/v1/resumes\n"
        f'Render a PDF:   curl -X POST {send} \'{{"resume_id": "{demo.resume_id}"}}\' '
        f"{base}/api/v1/renders\n"
        f"                answers a task: GET {base}/api/v1/tasks/<its id> until it has "
        f"succeeded, then GET {base}<its result's url> for the PDF\n"
        f'Publish a page: curl -X PUT {send} \'{{"slug": "demo"}}\' {resume}/publish   '
        f"then open {base}/r/demo\n"
        f"API reference: {base}/api/docs\n",
        highlight=False,
        soft_wrap=True,
    )
