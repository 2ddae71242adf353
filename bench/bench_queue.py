"""Benchmark renders through the task queue: submit → file ready, and sustained renders/s.

    python bench/bench_queue.py [--quick]

Starts a real ``tailorcv worker --workers 2`` for each backend pair: the embedded default
(SQLite database + SqliteHuey) and, when reachable, PostgreSQL + Redis (and PostgreSQL for both).
A submit is what the web layer does: commit a task row, then enqueue its id; the file is ready
when the row says ``succeeded``. Each render is of a different version (a changed headline), so
Typst compiles new data every time. Latency is measured one task at a time after a short idle
pause (the worst case for a polling queue); throughput by submitting a burst and waiting for the
last one. Targets (issue 5): p50 ≤ 150 ms on the embedded default; ≥ 40 renders/s on 2 cores.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select
from tests.store.conftest import postgres_database
from tests.tasks.conftest import example_resume, seed, sqlite_settings
from tests.tasks.consumers import REDIS_URL, worker

from tailorcv.ops.settings import Settings
from tailorcv.service.runtime import close_runtimes, runtime_for
from tailorcv.store import queries
from tailorcv.store.models import Task
from tailorcv.tasks import HueyDispatcher, make_huey

TARGET_P50_MS = 150.0
TARGET_RATE = 40.0


def versions(settings: Settings, owner: uuid.UUID, resume: uuid.UUID, n: int) -> list[uuid.UUID]:
    """``n`` versions that differ in their headline, so no render repeats another."""
    document = example_resume()
    made = []
    with runtime_for(settings).sessions() as session, session.begin():
        for i in range(n):
            document["basics"]["label"] = f"Engineer no. {i} {uuid.uuid4().hex[:6]}"
            version = queries.add_version(session, owner, resume, "draft", document)
            assert version is not None
            made.append(version.id)
    return made


def submit(
    settings: Settings, owner: uuid.UUID, version: uuid.UUID, dispatcher: HueyDispatcher
) -> uuid.UUID:
    with runtime_for(settings).sessions() as session, session.begin():
        payload = {"version_id": str(version), "template": "classic", "format": "pdf"}
        task_id = queries.create_task(session, owner, "render", payload).id
    dispatcher.enqueue(task_id, "render")
    return task_id


def succeeded(settings: Settings, ids: list[uuid.UUID]) -> int:
    with runtime_for(settings).sessions() as session:
        query = select(func.count()).where(Task.id.in_(ids), Task.status == "succeeded")
        return int(session.scalar(query) or 0)


def wait(settings: Settings, ids: list[uuid.UUID], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while succeeded(settings, ids) < len(ids):
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out: {succeeded(settings, ids)}/{len(ids)} renders done")
        time.sleep(0.002)


def measure(settings: Settings, label: str, samples: int, burst: int) -> dict[str, object]:
    seeded = seed(settings)
    huey = make_huey(settings)
    dispatcher = HueyDispatcher(huey)
    pool = versions(settings, seeded.user_id, seeded.resume_id, samples + burst + 2)
    log = Path(tempfile.mkdtemp()) / "worker.log"
    try:
        with worker(settings, log, "--lease-seconds", "10", "--recover-seconds", "30"):
            wait(settings, [submit(settings, seeded.user_id, pool.pop(), dispatcher)], 60)
            latencies = []
            for _ in range(samples):
                time.sleep(random.uniform(0.1, 0.4))  # let the workers go idle and back off
                started = time.perf_counter()
                wait(settings, [submit(settings, seeded.user_id, pool.pop(), dispatcher)])
                latencies.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            ids = [submit(settings, seeded.user_id, pool.pop(), dispatcher) for _ in range(burst)]
            wait(settings, ids)
            rate = burst / (time.perf_counter() - started)
    finally:
        huey.flush()
        huey.storage.close()
        close_runtimes()
    cuts = statistics.quantiles(latencies, n=20)
    return {"backend": label, "p50": statistics.median(latencies), "p95": cuts[18], "rate": rate}


@contextmanager
def backends(folder: Path) -> Iterator[list[tuple[str, Settings]]]:
    """The embedded default always; PostgreSQL pairs when the server answers."""
    chosen = [("SQLite db + SqliteHuey (embedded)", sqlite_settings(folder / "embedded"))]
    try:
        with postgres_database() as url, postgres_database() as url2:
            plain = "postgresql://" + url2.split("://", 1)[1]
            queue = f"{REDIS_URL}?queue=tailorcv-bench-{uuid.uuid4().hex[:8]}"
            chosen.append(
                (
                    "PostgreSQL db + Redis queue",
                    Settings(data_dir=folder / "r", database_url=url, queue_url=queue),
                )
            )
            chosen.append(
                (
                    "PostgreSQL db + PostgresHuey",
                    Settings(data_dir=folder / "p", database_url=url2, queue_url=plain),
                )
            )
            yield chosen
            return
    except BaseException as exc:  # pytest's Skipped when PostgreSQL is not there
        if type(exc).__name__ != "Skipped":
            raise
        print(f"PostgreSQL unreachable; only the embedded default is measured ({exc})")
    yield chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer samples")
    args = parser.parse_args()
    samples, burst = (20, 100) if args.quick else (60, 300)
    rows = []
    with tempfile.TemporaryDirectory() as folder, backends(Path(folder)) as chosen:
        for label, settings in chosen:
            rows.append(measure(settings, label, samples, burst))
    heading = f"{samples} single submits, a burst of {burst}"
    print(f"\nRenders through the queue, 2 process workers ({heading})\n")
    print("| backend | submit → file ready p50 | p95 | sustained renders/s |")
    print("| --- | --- | --- | --- |")
    for row in rows:
        print(
            f"| {row['backend']} | {row['p50']:.0f} ms | {row['p95']:.0f} ms | {row['rate']:.1f} |"
        )
    print(f"\nTargets: p50 ≤ {TARGET_P50_MS:.0f} ms (embedded), ≥ {TARGET_RATE:.0f} renders/s.")


if __name__ == "__main__":
    main()
