"""Batches through a real queue and real ``tailorcv worker`` processes: the embedded default
(SQLite database, SqliteHuey), and PostgreSQL + Redis as deployed at scale (skipped when either
is unreachable, never under CI=true). Also real corpus files: PDFs and JSON Resume documents."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tailorcv.ops.settings import Settings
from tailorcv.store.db import make_engine
from tailorcv.store.schema import upgrade
from tailorcv.tasks import HueyDispatcher, make_huey
from tests.batch.support import STRONG, as_file, candidate, report, submit
from tests.conftest import corpus_path
from tests.store.conftest import empty_database
from tests.tasks.consumers import (
    drop_redis_queue,
    redis_or_skip,
    redis_queue_url,
    worker,
)
from tests.web.conftest import Client
from tests.web.helpers import register

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="module", params=BACKENDS)
def db_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def database(db_backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """A migrated database, a queue (SqliteHuey beside SQLite; Redis beside PostgreSQL) and a
    worker with 2 processes on both, for the module."""
    if db_backend == "postgresql":
        redis_or_skip()
    folder = tmp_path_factory.mktemp(f"batch-{db_backend}")
    with empty_database(db_backend, folder) as plain:
        queue = redis_queue_url() if db_backend == "postgresql" else f"sqlite:///{folder}/q.db"
        settings = Settings(**{**plain.model_dump(), "queue_url": queue})
        engine = make_engine(settings)
        upgrade(engine)
        engine.dispose()
        try:
            with worker(settings, folder / "worker.log"):
                yield settings
        finally:
            if db_backend == "postgresql":
                drop_redis_queue(settings.queue_url)


@pytest.fixture
def queued_client(make_client: Callable[..., Client], settings: Settings) -> Client:
    return make_client(HueyDispatcher(make_huey(settings)))


def finished(client: Client, auth: dict[str, str], batch_id: str, seconds: float = 60) -> Any:
    deadline = time.monotonic() + seconds
    while True:
        body = report(client, auth, batch_id)
        if body["batch"]["status"] == "finished":
            return body
        if time.monotonic() > deadline:
            pytest.fail(f"batch still {body['batch']['progress']} after {seconds} s")
        time.sleep(0.05)


def test_a_batch_runs_end_to_end_on_the_workers(queued_client: Client) -> None:
    auth = register(queued_client)
    files = [as_file(f"{i}.json", candidate(f"Person {i}")) for i in range(23)]
    files.append(as_file("best.json", candidate("Best Person", skills=STRONG)))
    files.append(("files", ("empty.txt", b"   ", "text/plain")))
    answer = submit(queued_client, auth, files, criteria='{"min_years": 1}')
    assert answer.status_code == 202, answer.text
    body = finished(queued_client, auth, answer.json()["batch"]["id"])
    assert body["batch"]["progress"]["succeeded"] == 24
    assert body["batch"]["finished_at"] is not None
    assert body["ranking"]["ranked"][0]["candidate"] == "Best Person"
    assert [r["candidate"] for r in body["ranking"]["failed"]] == ["empty.txt"]


def test_real_corpus_pdfs_and_json_resumes_are_ranked(queued_client: Client) -> None:
    folder = corpus_path()
    pdfs = sorted((folder / "pdf").glob("*.pdf"))[:6]
    documents = sorted((folder / "json_resume").glob("*.json"))[:4]
    assert pdfs
    assert documents
    files = [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in pdfs]
    files += [("files", (p.name, p.read_bytes(), "application/json")) for p in documents]
    auth = register(queued_client)
    answer = submit(queued_client, auth, files, job_text=_job(folder))
    assert answer.status_code == 202, answer.text
    body = finished(queued_client, auth, answer.json()["batch"]["id"], seconds=120)
    rows = body["ranking"]["ranked"] + body["ranking"]["knocked_out"]
    assert len(rows) + len(body["ranking"]["failed"]) == len(files)
    assert len(rows) >= len(files) - 2, body["ranking"]["failed"]
    scores = [r["score"] for r in body["ranking"]["ranked"]]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] > 0
    assert any(r["contact"]["file"].endswith(".pdf") for r in rows)


def _job(folder: Path) -> str:
    return (folder / "jobs" / "cvanalyser-tech-devops-engineer.txt").read_text()
