"""No byte outlives a refusal or an erasure, and documents count against the allowance (issue 16).

Each test keeps its files in a folder of its own, so what the blob store holds can be compared
with what was accepted. Items 2 and 7 of the issue: a refused upload used to stay on disk with no
row, for ever, even after ``DELETE /me``; a 9.4 MB draft was accepted three times because only
files counted against ``storage_per_user_bytes``.
"""

from __future__ import annotations

import errno
import json
import os
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy.exc

from tailorcv.ops.settings import Settings
from tailorcv.service import work
from tailorcv.service.runtime import runtime_for
from tailorcv.store import queries
from tailorcv.store.blobs import LocalBlobStore, blob_key
from tailorcv.store.db import make_engine, make_sessions
from tailorcv.tasks.cleanup import cleanup_everyone
from tests.batch.support import as_file, candidate, submit
from tests.web.conftest import Client
from tests.web.helpers import (
    assert_problem,
    create_job,
    create_resume,
    register,
    resume,
    stored,
    storing_clients,
)

HOUR = 3600.0


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def files(tmp_path: Path) -> Path:
    return tmp_path / "files"


@pytest.fixture
def make(
    make_client: Callable[..., Client], files: Path, settings: Settings
) -> Callable[..., Client]:
    """A client keeping files in this test's folder; ``inline=True`` runs its tasks here, with
    the same settings as the app."""
    return storing_clients(make_client, files, settings, inline=False)


def document(name: str, padding: int = 0) -> dict[str, Any]:
    """The example résumé as ``name``; ``padding`` ASCII letters make it that much larger."""
    return resume(name=name, summary="x" * padding) if padding else resume(name=name)


def upload(client: Client, auth: dict[str, str], data: bytes) -> int:
    files = {"file": ("cv.json", data, "application/json")}
    return client.post("/api/v1/imports", files=files, headers=auth).status_code


def person(i: int) -> bytes:
    return json.dumps(document(f"Person {i}")).encode()


def user_id(client: Client, auth: dict[str, str]) -> uuid.UUID:
    return uuid.UUID(client.get("/api/v1/me", headers=auth).json()["id"])


def used(settings: Settings, owner: uuid.UUID) -> int:
    engine = make_engine(settings)
    try:
        with make_sessions(engine)() as session:
            return queries.storage_used(session, owner)
    finally:
        engine.dispose()


# Item 2: refusals and failures leave no bytes


def test_imports_over_the_in_flight_limit_leave_only_the_accepted_files(
    make: Callable[..., Client], files: Path
) -> None:
    client = make(tasks_per_user=2)  # tasks stay queued: nothing ever finishes here
    auth = register(client)
    assert [upload(client, auth, person(i)) for i in range(2)] == [202, 202]
    refused = [upload(client, auth, person(i)) for i in range(2, 22)]
    assert refused == [429] * 20
    assert stored(files) == {blob_key(person(0)), blob_key(person(1))}


def test_an_import_whose_commit_fails_leaves_no_bytes(
    make: Callable[..., Client], files: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = make(raise_errors=False)
    auth = register(client)
    other = register(client)
    assert upload(client, other, person(1)) == 202

    def database_gone(*args: object, **kwargs: object) -> None:
        raise sqlalchemy.exc.OperationalError("COMMIT", {}, Exception("server closed"))

    monkeypatch.setattr(work, "dispatch", database_gone)
    assert upload(client, auth, person(0)) == 503
    assert upload(client, auth, person(1)) == 503
    assert stored(files) == {blob_key(person(1))}, "only the other user's file, which stays"


def test_a_batch_whose_storage_fails_half_way_keeps_no_bytes(
    make: Callable[..., Client], files: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = make(raise_errors=False)
    auth = register(client)
    real = LocalBlobStore.put
    calls: list[int] = []
    lock = threading.Lock()

    def fills_up(store: LocalBlobStore, data: bytes) -> str:
        with lock:
            calls.append(1)
            first = len(calls) == 1
        if not first:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(store, data)

    monkeypatch.setattr(LocalBlobStore, "put", fills_up)
    people = [as_file(f"{n}.json", candidate(f"{n} Smith")) for n in ("Ada", "Bob", "Cy")]
    assert_problem(submit(client, auth, people), 503)
    # The puts run in a thread pool whose map cancels what has not started at the first failure:
    # two or three were tried, only the first stored, and that one is gone again.
    assert len(calls) in (2, 3), calls
    assert stored(files) == set()


def test_a_batch_over_the_allowance_writes_nothing(
    make: Callable[..., Client], files: Path
) -> None:
    client = make(storage_per_user_bytes=5_000)
    auth = register(client)
    people = [as_file(f"{n}.json", candidate(f"{n} Smith")) for n in ("Ada", "Bob", "Cy")]
    assert_problem(submit(client, auth, people), 413)
    assert stored(files) == set()


def test_a_render_refused_by_the_worker_stores_nothing(
    make: Callable[..., Client], files: Path, settings: Settings
) -> None:
    roomy = make()
    auth = register(roomy)
    created = create_resume(roomy, auth)
    limit = used(settings, user_id(roomy, auth)) + 10  # the résumé fits; no PDF does
    client = make(inline=True, storage_per_user_bytes=limit)
    body = {"version_id": created["version_id"], "template": "classic", "format": "pdf"}
    task = client.post("/api/v1/renders", json=body, headers=auth).json()["task"]
    assert task["status"] == "failed", task
    assert "storage_per_user_bytes" in task["error"]
    assert stored(files) == set()


def test_erasing_an_account_leaves_no_byte_of_it(make: Callable[..., Client], files: Path) -> None:
    client = make(tasks_per_user=2)
    auth, other = register(client), register(client)
    assert upload(client, other, person(0)) == 202, "the same bytes as one of the erased user's"
    assert [upload(client, auth, person(i)) for i in range(2)] == [202, 202]
    assert [upload(client, auth, person(i)) for i in range(2, 5)] == [429] * 3
    batch = [as_file("ada.json", candidate("Ada Smith")), as_file("p.json", document("P 9"))]
    assert submit(client, auth, batch).status_code == 202
    assert len(stored(files)) == 4, "the two imports (one shared) and the batch's two files"
    assert client.delete("/api/v1/me", headers=auth).status_code == 204
    assert stored(files) == {blob_key(person(0))}, "what another user keeps stays"


# The sweep of blobs no row refers to


def test_the_sweep_deletes_old_orphans_and_keeps_fresh_and_used_blobs(
    make: Callable[..., Client], files: Path, settings: Settings
) -> None:
    from tailorcv.tasks.cleanup import ORPHAN_GRACE

    client = make()
    auth = register(client)
    assert upload(client, auth, person(0)) == 202
    ctx = runtime_for(Settings(**{**settings.model_dump(), "storage_url": f"file://{files}"}))
    store = ctx.blobs
    assert isinstance(store, LocalBlobStore)
    old = time.time() - ORPHAN_GRACE.total_seconds() - HOUR
    kept, orphan, fresh = blob_key(person(0)), store.put(b"old orphan"), store.put(b"new orphan")
    stale, writing = store.path(orphan).parent / ".tmp-1", store.path(orphan).parent / ".tmp-2"
    stale.write_bytes(b"half")
    writing.write_bytes(b"half")
    for path in (store.path(kept), store.path(orphan), stale):
        os.utime(path, (old, old))
    cleanup_everyone(ctx)
    assert stored(files) == {kept, fresh}
    assert not stale.exists(), "an interrupted write's temporary file goes too"
    assert writing.exists(), "a write in progress stays"


# Item 7: drafts and versions count against the allowance


def test_drafts_and_versions_count_against_the_allowance(make: Callable[..., Client]) -> None:
    size = len(json.dumps(document("Ada", 20_000)))
    client = make(storage_per_user_bytes=int(size * 2.5))
    auth = register(client)
    body = {"title": "Main", "resume": document("Ada", 20_000)}
    created = client.post("/api/v1/resumes", json=body, headers=auth)
    assert created.status_code == 201, "a draft and its first version: two documents"
    resume_id = created.json()["id"]
    commit = client.post(f"/api/v1/resumes/{resume_id}/versions", headers=auth)
    detail = assert_problem(commit, 413)["detail"]
    assert "storage_per_user_bytes" in detail
    assert "delete résumés" in detail, "the message says what to delete"
    assert "résumés and their versions" in detail
    again = client.post("/api/v1/resumes", json=body, headers=auth)
    assert_problem(again, 413)
    larger = {"resume": document("Ada", 60_000)}
    assert_problem(client.put(f"/api/v1/resumes/{resume_id}", json=larger, headers=auth), 413)
    kept = client.get(f"/api/v1/resumes/{resume_id}", headers=auth).json()
    assert len(kept["resume"]["basics"]["summary"]) == 20_000, "the refused draft was not saved"
    versions = client.get(f"/api/v1/resumes/{resume_id}/versions", headers=auth).json()
    assert len(versions["items"]) == 1


def test_a_user_over_the_allowance_may_still_shrink_a_draft(
    make: Callable[..., Client],
) -> None:
    roomy = make()
    auth = register(roomy)
    created = create_resume(roomy, auth, summary="x" * 20_000)
    client = make(storage_per_user_bytes=10_000)
    smaller = {"resume": document("Ada", 10)}
    answer = client.put(f"/api/v1/resumes/{created['id']}", json=smaller, headers=auth)
    assert answer.status_code == 200, answer.text


def test_documents_filling_the_allowance_refuse_renders_tailorings_and_uploads(
    make: Callable[..., Client], settings: Settings, files: Path
) -> None:
    roomy = make()
    auth = register(roomy)
    created = create_resume(roomy, auth, summary="x" * 20_000)
    job = create_job(roomy, auth)
    client = make(storage_per_user_bytes=used(settings, user_id(roomy, auth)))
    render = {"version_id": created["version_id"], "template": "classic", "format": "pdf"}
    assert_problem(client.post("/api/v1/renders", json=render, headers=auth), 413)
    tailoring = {"version_id": created["version_id"], "job_id": job["id"]}
    assert_problem(client.post("/api/v1/tailorings", json=tailoring, headers=auth), 413)
    assert upload(client, auth, person(0)) == 413
    assert stored(files) == set()


def test_the_periodic_cleanup_ends_expired_sessions_of_everyone(
    make: Callable[..., Client], files: Path, settings: Settings
) -> None:
    """A log-in purges only its own user's expired sessions; the cleanup does it for all."""
    from datetime import timedelta

    from sqlalchemy import func, select

    from tailorcv.store import account_queries
    from tailorcv.store.models import LoginSession, utcnow

    client = make()
    register(client)
    ctx = runtime_for(Settings(**{**settings.model_dump(), "storage_url": f"file://{files}"}))
    with ctx.sessions() as session, session.begin():
        owner = session.scalars(select(LoginSession.owner_id)).first()
        assert owner is not None
        long_ago = utcnow() - timedelta(days=400)
        account_queries.create_login_session(
            session, owner, idle=timedelta(days=1), absolute=timedelta(days=2),
            user_agent="old", address="192.0.2.9", now=long_ago,
        )  # fmt: skip
    cleanup_everyone(ctx)
    with ctx.sessions() as session:
        agents = session.scalars(select(LoginSession.user_agent)).all()
        assert "old" not in agents
        assert session.scalar(select(func.count()).select_from(LoginSession)) == len(agents) >= 1


def test_job_ads_count_against_the_allowance_and_one_past_it_is_refused(
    make: Callable[..., Client],
) -> None:
    ad = "Platform Engineer\n\n" + "We run Kubernetes and Terraform on AWS. " * 2_000
    client = make(storage_per_user_bytes=len(ad) * 3)
    auth = register(client)
    codes = [client.post("/api/v1/jobs", json={"text": ad}, headers=auth) for _ in range(3)]
    assert codes[0].status_code == 201
    detail = assert_problem(codes[-1], 413)["detail"]
    assert "job ads" in detail
    assert len(client.get("/api/v1/jobs", headers=auth).json()["items"]) < 3


def test_the_account_says_what_it_keeps_against_its_allowance(
    make: Callable[..., Client],
) -> None:
    client = make(storage_per_user_bytes=1_000_000)
    auth = register(client)
    empty = client.get("/api/v1/me/storage", headers=auth).json()
    assert empty == {"used": 0, "allowed": 1_000_000, "files": 0, "documents": 0, "jobs": 0}
    create_resume(client, auth)
    create_job(client, auth)
    kept = client.get("/api/v1/me/storage", headers=auth).json()
    assert kept["documents"] > 0
    assert kept["jobs"] > 0
    assert kept["used"] == kept["files"] + kept["documents"] + kept["jobs"]


def test_an_import_whose_résumé_would_pass_the_allowance_fails_and_saves_nothing(
    make: Callable[..., Client],
) -> None:
    """The upload fits, the résumé read from it does not: the worker refuses the save."""
    data = json.dumps(document("Ada", 30_000)).encode()
    client = make(inline=True, storage_per_user_bytes=len(data) + 1_000)
    auth = register(client)
    answer = client.post(
        "/api/v1/imports", files={"file": ("cv.json", data, "application/json")}, headers=auth
    )
    task = answer.json()["task"]
    assert task["status"] == "failed", task
    assert "storage_per_user_bytes" in task["error"]
    assert client.get("/api/v1/resumes", headers=auth).json()["items"] == []
