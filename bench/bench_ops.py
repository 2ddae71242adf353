"""Benchmark what operations cost: the middleware stack per request, and renders through 1 vs 2
workers on PostgreSQL + Redis (the scaling ratio, and the queue's overhead per task).

    python bench/bench_ops.py [--quick] [--part stack|page|scaling|all]

**stack**: the same trivial JSON route in a bare FastAPI app and in tailorcv's full app (request
context with logs and metrics, security headers, rate limits, gzip, body limit), called through
the ASGI interface in process, so that only the stack is timed, not a network or a client. The
full app is measured with rate limits in memory, in Redis, and off.

**page**: a published page seen a moment ago, as a server runs it (``served``: the fast path in
front of the app), against the bare Starlette page ``bench/bare_page.py`` with the same bytes,
both through the ASGI interface in process.

Metrics are kept in files, as under ``tailorcv serve`` (prometheus-client's multiprocess mode).

**scaling**: a burst of renders (each of a different version) through one `tailorcv worker
--workers 1`, then through two of them, on PostgreSQL + Redis; renders/s and their ratio. The
queue's overhead per task is the submit → file ready p50 of single renders minus the p50 of the
same render called in process.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tailorcv.ops.lifecycle import count_metrics_together

count_metrics_together()  # metrics kept as under `tailorcv serve` (multiprocess files)
# ruff: noqa: E402  (the imports below load prometheus_client, which must come after that)

from bench.bench_queue import submit, versions, wait
from bench.timing import percentile
from fastapi import FastAPI
from tests.store.conftest import postgres_database
from tests.tasks.conftest import example_resume, seed
from tests.tasks.consumers import REDIS_URL, worker

from tailorcv.ops.settings import Settings
from tailorcv.render import render
from tailorcv.resume import validate
from tailorcv.service.runtime import close_runtimes
from tailorcv.tasks import HueyDispatcher, make_huey

PATH = "/api/v1/bench-ping"


async def ping() -> dict[str, str]:
    return {"status": "ok"}


def bare_app() -> FastAPI:
    app = FastAPI()
    app.add_api_route(PATH, ping, methods=["GET"])
    return app


def full_app(folder: Path, **overrides: Any) -> FastAPI:
    from tailorcv.tasks.dispatch import InlineDispatcher
    from tailorcv.web import create_app

    settings = Settings(data_dir=folder, **overrides)
    app = create_app(settings, dispatcher=InlineDispatcher(settings))
    app.add_api_route(PATH, ping, methods=["GET"])
    app.router.routes.insert(0, app.router.routes.pop())  # matched first, as in the bare app
    return app


async def call(app: Any, n: int, path: str = PATH) -> list[float]:
    """``n`` GETs of ``path`` straight through the ASGI interface; microseconds each."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"bench"), (b"accept-encoding", b"gzip")],
        "client": ("127.0.0.1", 50000),
        "server": ("bench", 80),
    }

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    statuses: list[int] = []

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    times = []
    for _ in range(n):
        started = time.perf_counter()
        await app(dict(scope), receive, send)
        times.append((time.perf_counter() - started) * 1e6)
    assert set(statuses) == {200}, set(statuses)
    return times


def stack(n: int) -> None:
    import logging

    logging.disable(logging.INFO)  # the access log line is timed as a call, not as console I/O
    with tempfile.TemporaryDirectory() as folder:
        apps = {
            "bare FastAPI route": bare_app(),
            "full stack, rate limits off": full_app(Path(folder) / "a", ratelimit_enabled=False),
            "full stack, rate limits in memory": full_app(
                Path(folder) / "b", ratelimit_global="1000000/minute", ratelimit_ip="1000000/minute"
            ),
            "full stack, rate limits in Redis": full_app(
                Path(folder) / "c",
                ratelimit_url=REDIS_URL,
                ratelimit_global="1000000/minute",
                ratelimit_ip="1000000/minute",
            ),
        }
        results: dict[str, list[float]] = {name: [] for name in apps}
        for _ in range(3):  # interleaved rounds: noise hits every app alike
            for name, app in apps.items():
                asyncio.run(call(app, 50))  # warm
                results[name] += asyncio.run(call(app, n))
    logging.disable(logging.NOTSET)
    bare = statistics.median(results["bare FastAPI route"])
    print(f"\nMiddleware stack, {3 * n} calls each through ASGI in process\n")
    print("| app | p50 µs | p95 µs | × bare |")
    print("| --- | --- | --- | --- |")
    for name, times in results.items():
        p50 = statistics.median(times)
        print(f"| {name} | {p50:.0f} | {percentile(times, 95):.0f} | {p50 / bare:.2f} |")


def page(n: int) -> None:
    """The public page at hand through ``served(create_app())`` against a bare Starlette page."""
    import json
    import os

    import httpx

    from tailorcv.store import migrate
    from tailorcv.tasks.dispatch import InlineDispatcher
    from tailorcv.web import create_app
    from tailorcv.web.app import served

    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(data_dir=Path(folder), trusted_proxies="127.0.0.1")
        migrate(settings)
        app = served(create_app(settings, dispatcher=InlineDispatcher(settings)))
        document = json.loads((Path(__file__).parent.parent / "examples/resume.json").read_text())

        async def publish() -> bytes:
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://b") as client:
                body = {"email": "bench@example.com", "password": "bench-password-1"}
                await client.post("/api/v1/auth/register", json=body)
                token = (await client.post("/api/v1/auth/login", json=body)).json()["token"]
                auth = {"Authorization": f"Bearer {token}"}
                made = await client.post(
                    "/api/v1/resumes", json={"title": "b", "resume": document}, headers=auth
                )
                path = f"/api/v1/resumes/{made.json()['id']}/publish"
                await client.put(path, json={"slug": "bench"}, headers=auth)
                return (await client.get("/r/bench")).content

        os.environ["BARE_PAGE_FILE"] = str(Path(folder) / "page.html")
        Path(os.environ["BARE_PAGE_FILE"]).write_bytes(asyncio.run(publish()))
        from bench.bare_page import app as bare

        results: dict[str, list[float]] = {"tailorcv `/r/{slug}`": [], "bare Starlette": []}
        for _ in range(3):
            results["tailorcv `/r/{slug}`"] += asyncio.run(call(app, n, "/r/bench"))
            results["bare Starlette"] += asyncio.run(call(bare, n, "/r/bench"))
    ours, peer = (statistics.median(times) for times in results.values())
    print(f"\nPublic page at hand, {3 * n} calls each through ASGI in process\n")
    print("| app | p50 µs | p95 µs |")
    print("| --- | --- | --- |")
    for name, times in results.items():
        print(f"| {name} | {statistics.median(times):.1f} | {percentile(times, 95):.1f} |")
    print(f"\nratio (bare time / ours) {peer / ours:.2f}")


def scaling(burst: int, samples: int) -> None:
    with ExitStack() as stack_, tempfile.TemporaryDirectory() as folder:
        url = stack_.enter_context(postgres_database())
        queue = f"{REDIS_URL}?queue=tailorcv-bench-{uuid.uuid4().hex[:8]}"
        settings = Settings(data_dir=Path(folder), database_url=url, queue_url=queue)
        seeded = seed(settings)
        huey = make_huey(settings)
        dispatcher = HueyDispatcher(huey)
        pool = versions(settings, seeded.user_id, seeded.resume_id, 2 * burst + samples + 4)
        rates = {}
        latencies: list[float] = []
        log = Path(folder) / "worker.log"
        for count in (1, 2):
            with ExitStack() as workers:
                for _ in range(count):
                    workers.enter_context(worker(settings, log, "--workers", "1"))
                wait(settings, [submit(settings, seeded.user_id, pool.pop(), dispatcher)], 60)
                if count == 1:
                    for _ in range(samples):
                        time.sleep(0.05)
                        started = time.perf_counter()
                        wait(settings, [submit(settings, seeded.user_id, pool.pop(), dispatcher)])
                        latencies.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                ids = [
                    submit(settings, seeded.user_id, pool.pop(), dispatcher) for _ in range(burst)
                ]
                wait(settings, ids)
                rates[count] = burst / (time.perf_counter() - started)
        huey.flush()
        huey.storage.close()
        close_runtimes()
    resume = validate(example_resume()).resume
    in_process = []
    for i in range(samples):
        resume.basics.label = f"Engineer no. {i} {uuid.uuid4().hex[:6]}"  # type: ignore[union-attr]
        started = time.perf_counter()
        render(resume, "classic", "pdf")
        in_process.append((time.perf_counter() - started) * 1000)
    through, direct = statistics.median(latencies), statistics.median(in_process)
    print(f"\nRenders on PostgreSQL + Redis, a burst of {burst}\n")
    print("| `tailorcv worker --workers 1` processes | renders/s |")
    print("| --- | --- |")
    for count, rate in rates.items():
        print(f"| {count} | {rate:.1f} |")
    print(f"\nScaling ratio 2 : 1 = {rates[2] / rates[1]:.2f} (2 cores)")
    print(
        f"Queue overhead per task: submit → file p50 {through:.1f} ms − in-process render "
        f"p50 {direct:.1f} ms = {through - direct:.1f} ms ({samples} single renders)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer calls and renders")
    parser.add_argument("--part", choices=["stack", "page", "scaling", "all"], default="all")
    args = parser.parse_args()
    if args.part in ("stack", "all"):
        stack(1000 if args.quick else 5000)
    if args.part in ("page", "all"):
        page(2000 if args.quick else 10000)
    if args.part in ("scaling", "all"):
        scaling(*((60, 15) if args.quick else (200, 40)))


if __name__ == "__main__":
    main()
