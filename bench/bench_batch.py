"""Benchmark batches: candidates ranked against one job through the API and the queue (issue 9).

    python bench/bench_batch.py [--quick] [--skip-pdf] [--skip-scaled]

Each scenario runs a real ``tailorcv serve`` on loopback: on the embedded default (SQLite database,
SqliteHuey queue, the 2 queue workers ``serve`` starts beside the web app), and — when reachable —
on PostgreSQL + Redis (``serve --no-worker`` and a separate ``tailorcv worker --workers 2``).
A run is timed from the start of ``POST /api/v1/batches`` (the upload included) until
``GET /api/v1/batches/{id}?limit=0`` (progress only) says ``finished``, polled every 100 ms as a
UI's progress bar would; the full ranking is read once at the end (timed apart).

- 1,000 JSON résumés, each a different person (so no cached result helps);
- 200 PDF résumés: the corpus PDFs repeated, each copy with a different trailing comment so its
  hash differs (a PDF reader ignores what follows ``%%EOF``);
- an interactive render (``POST /renders`` of a new version → task succeeded) timed on an idle
  service, then while a 1,000-item batch runs: the p50s and their ratio.

Targets: 1,000 JSON ≤ 10 s; 200 PDF ≤ 40 s; render p50 during a batch within 2× of idle.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import CORPUS  # noqa: E402
from tests.store.conftest import postgres_database  # noqa: E402
from tests.tasks.consumers import REDIS_URL  # noqa: E402

from tailorcv.ops.settings import Settings  # noqa: E402
from tailorcv.store import migrate  # noqa: E402

RESUME: dict[str, Any] = json.loads((ROOT / "examples" / "resume.json").read_text())
JOB = (ROOT / "examples" / "job.txt").read_text()
TARGETS = {"json": 10.0, "pdf": 40.0}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment(settings: Settings) -> dict[str, str]:
    return {
        **os.environ,
        "TAILORCV_DATA_DIR": str(settings.data_dir),
        "TAILORCV_DATABASE_URL": settings.database_url,
        "TAILORCV_QUEUE_URL": settings.queue_url,
        "TAILORCV_STORAGE_PER_USER_BYTES": str(2 * 1024**3),
        "TAILORCV_RATELIMIT_ENABLED": "false",
        "TAILORCV_BATCH_MAX_ITEMS": "1000",
    }


@contextlib.contextmanager
def service(settings: Settings, separate_worker: bool) -> Iterator[str]:
    """``tailorcv serve`` (with its queue workers, or ``--no-worker`` and a ``tailorcv worker``
    beside it); its base URL. Stopped with SIGINT, as deployments do."""
    port = free_port()
    env = environment(settings)
    command = [sys.executable, "-m", "tailorcv", "serve", "--port", str(port)]
    processes = []
    Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
    log = open(Path(settings.data_dir) / "service.log", "ab")  # noqa: SIM115
    if separate_worker:
        migrate(settings)
        command.append("--no-worker")
        worker = [sys.executable, "-m", "tailorcv", "worker", "--workers", "2"]
        processes.append(
            subprocess.Popen(worker, env=env, stdout=log, stderr=log, start_new_session=True)
        )
    processes.append(
        subprocess.Popen(command, env=env, stdout=log, stderr=log, start_new_session=True)
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/health/ready", timeout=2).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise SystemExit(f"the service did not start; see {log.name}")
            time.sleep(0.2)
        yield base
    finally:
        for process in processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGINT)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        log.close()


def register(http: httpx.Client) -> dict[str, str]:
    email = f"bench-{uuid.uuid4().hex[:8]}@example.com"
    body = {"email": email, "password": "bench-password-" + uuid.uuid4().hex[:6]}
    http.post("/api/v1/auth/register", json=body).raise_for_status()
    answer = http.post("/api/v1/auth/login", json=body)
    answer.raise_for_status()
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def json_files(n: int, tag: str) -> list[tuple[str, tuple[str, bytes, str]]]:
    files = []
    for i in range(n):
        document = copy.deepcopy(RESUME)
        document["basics"]["name"] = f"Candidate {tag} {i}"
        document["basics"]["label"] = random.choice(["Backend engineer", "SRE", "Data engineer"])
        skills = document.get("skills") or []
        if skills:
            skills[0]["keywords"] = random.sample(
                skills[0]["keywords"], k=max(1, len(skills[0]["keywords"]) // 2)
            )
        body = json.dumps(document).encode()
        files.append(("files", (f"{tag}-{i}.json", body, "application/json")))
    return files


def pdf_files(n: int) -> list[tuple[str, tuple[str, bytes, str]]]:
    pdfs = sorted((CORPUS / "pdf").glob("*.pdf"))
    if not pdfs:
        raise SystemExit(f"no corpus PDFs at {CORPUS / 'pdf'}")
    files = []
    for i in range(n):
        source = pdfs[i % len(pdfs)]
        data = source.read_bytes() + f"\n% copy {i} {uuid.uuid4().hex}\n".encode()
        files.append(("files", (f"{i}-{source.name}", data, "application/pdf")))
    return files


def run_batch(
    http: httpx.Client, auth: dict[str, str], files: list[Any], timeout: float = 300
) -> dict[str, Any]:
    """Submit a batch and wait until it is finished; the timings and the final progress."""
    started = time.perf_counter()
    answer = http.post("/api/v1/batches", data={"job_text": JOB}, files=files, headers=auth)
    if answer.status_code != 202:
        raise SystemExit(f"POST /batches answered {answer.status_code}: {answer.text[:500]}")
    accepted = time.perf_counter() - started
    batch_id = answer.json()["batch"]["id"]
    while True:
        body = http.get(f"/api/v1/batches/{batch_id}", params={"limit": 0}, headers=auth).json()
        if body["batch"]["status"] == "finished":
            break
        if time.perf_counter() - started > timeout:
            raise SystemExit(f"batch not finished after {timeout} s: {body['batch']['progress']}")
        time.sleep(0.1)
    total = time.perf_counter() - started
    read = time.perf_counter()
    http.get(f"/api/v1/batches/{batch_id}", headers=auth).raise_for_status()
    ranking = time.perf_counter() - read
    progress = body["batch"]["progress"]
    return {"accepted": accepted, "total": total, "ranking": ranking, "progress": progress}


def render_once(http: httpx.Client, auth: dict[str, str], resume_id: str) -> float:
    """Change the draft (so the render is new), render it, wait for the file: milliseconds."""
    document = copy.deepcopy(RESUME)
    document["basics"]["label"] = f"Engineer {uuid.uuid4().hex[:8]}"
    http.put(
        f"/api/v1/resumes/{resume_id}", json={"resume": document}, headers=auth
    ).raise_for_status()
    started = time.perf_counter()
    task = http.post("/api/v1/renders", json={"resume_id": resume_id}, headers=auth).json()["task"]
    while task["status"] not in ("succeeded", "failed", "dead"):
        time.sleep(0.005)
        task = http.get(f"/api/v1/tasks/{task['id']}", headers=auth).json()
    if task["status"] != "succeeded":
        raise SystemExit(f"render {task['status']}: {task.get('error')}")
    return (time.perf_counter() - started) * 1000


def render_waits(base: str, samples: int) -> dict[str, float]:
    """Render p50 on an idle service, then while a 1,000-item batch runs (another user's)."""
    with httpx.Client(base_url=base, timeout=120) as http:
        person = register(http)
        made = http.post("/api/v1/resumes", json={"title": "me", "resume": RESUME}, headers=person)
        resume_id = made.json()["id"]
        render_once(http, person, resume_id)  # warm up
        idle = []
        for _ in range(samples):
            time.sleep(random.uniform(0.1, 0.3))
            idle.append(render_once(http, person, resume_id))
        recruiter = register(http)
        files = json_files(1000, uuid.uuid4().hex[:6])
        answer = http.post(
            "/api/v1/batches", data={"job_text": JOB}, files=files, headers=recruiter
        )
        batch_id = answer.json()["batch"]["id"]
        busy = []
        while True:
            time.sleep(random.uniform(0.05, 0.15))
            took = render_once(http, person, resume_id)
            state = http.get(f"/api/v1/batches/{batch_id}", params={"limit": 0}, headers=recruiter)
            if state.json()["batch"]["status"] == "finished":
                break
            busy.append(took)
    return {
        "idle": statistics.median(idle),
        "busy": statistics.median(busy) if busy else float("nan"),
        "busy_n": float(len(busy)),
    }


def scenarios(
    label: str, settings: Settings, separate: bool, args: argparse.Namespace
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    with service(settings, separate) as base, httpx.Client(base_url=base, timeout=300) as http:
        auth = register(http)
        run_batch(http, auth, json_files(20, "warm"))  # start the workers' taxonomy
        for _ in range(args.repeats):
            result = run_batch(http, auth, json_files(1000, uuid.uuid4().hex[:6]))
            rows.append({"backend": label, "what": "1,000 JSON", **result})
        same = json_files(1000, "same")
        again = run_batch(http, auth, same)
        rerun = run_batch(http, auth, same)
        rows.append({"backend": label, "what": "1,000 JSON, first run of a set", **again})
        rows.append({"backend": label, "what": "the same 1,000 again (cached)", **rerun})
        if not args.skip_pdf:
            result = run_batch(http, auth, pdf_files(200))
            rows.append({"backend": label, "what": "200 PDF", **result})
        waits = render_waits(base, args.samples)
        rows.append({"backend": label, "what": "render wait", **waits})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one run each, fewer samples")
    parser.add_argument("--skip-pdf", action="store_true")
    parser.add_argument("--skip-scaled", action="store_true", help="embedded default only")
    args = parser.parse_args()
    args.repeats = 1 if args.quick else 3
    args.samples = 10 if args.quick else 25
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as folder:
        embedded = Settings(data_dir=Path(folder) / "embedded")
        rows += scenarios(
            "embedded (SQLite + SqliteHuey, serve's 2 workers)", embedded, False, args
        )
        if not args.skip_scaled:
            try:
                with postgres_database() as url:
                    queue = f"{REDIS_URL}?queue=tailorcv-bench-{uuid.uuid4().hex[:8]}"
                    scaled = Settings(
                        data_dir=Path(folder) / "scaled", database_url=url, queue_url=queue
                    )
                    rows += scenarios("PostgreSQL + Redis, worker -w 2", scaled, True, args)
            except BaseException as exc:  # pytest's Skipped when PostgreSQL is not there
                if type(exc).__name__ != "Skipped":
                    raise
                print(f"PostgreSQL unreachable; only the embedded default is measured ({exc})")
    report(rows)


def report(rows: list[dict[str, Any]]) -> None:
    print("\n| backend | batch | POST answered | finished | done / failed | GET full ranking |")
    print("| --- | --- | --- | --- | --- | --- |")
    for row in rows:
        if row["what"] == "render wait":
            continue
        progress = row["progress"]
        print(
            f"| {row['backend']} | {row['what']} | {row['accepted']:.2f} s | {row['total']:.2f} s "
            f"| {progress['succeeded']} / {progress['failed']} | {row['ranking'] * 1000:.0f} ms |"
        )
    print(
        "\n| backend | render p50 idle | render p50 during a 1,000-item batch | ratio | samples |"
    )
    print("| --- | --- | --- | --- | --- |")
    for row in rows:
        if row["what"] == "render wait":
            ratio = row["busy"] / row["idle"]
            print(
                f"| {row['backend']} | {row['idle']:.0f} ms | {row['busy']:.0f} ms | {ratio:.2f}× "
                f"| {int(row['busy_n'])} |"
            )
    print(
        f"\nTargets: 1,000 JSON ≤ {TARGETS['json']:.0f} s, 200 PDF ≤ {TARGETS['pdf']:.0f} s, "
        "ratio ≤ 2×."
    )


if __name__ == "__main__":
    main()
