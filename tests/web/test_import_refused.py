"""A file refused as not a résumé (issue 18): the failed task says why, "import anyway" imports the
kept bytes with ``force`` through ``POST /imports/{id}/force`` (no second upload, the limits of
any import), and the kept file lives only as long as the person may insist: the periodic cleanup
deletes it after its grace, erasing the account at once."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tailorcv.ops.settings import Settings
from tailorcv.service.payloads import ImportPayload, read
from tailorcv.service.runtime import runtime_for
from tailorcv.store.blobs import blob_key
from tailorcv.store.models import File, Task, utcnow
from tailorcv.tasks.cleanup import cleanup_everyone
from tests.web.conftest import Client
from tests.web.helpers import assert_problem, register, stored, storing_clients

LETTER = b"""Ada Lovelace
12 Analytical Way, London
ada@example.com

14 March 2026

Dear Hiring Manager,

I am writing to apply for the position of Senior Engineer at Babbage & Co. I have followed your
work on computing engines for years and believe my experience would make me a strong addition.

In my current role I led the design of a new notation for programs, and I would welcome the
chance to bring the same care to your projects.

Thank you for your time and consideration. I look forward to hearing from you.

Sincerely,
Ada Lovelace
"""
RESUME = b"""Ada Lovelace
ada@example.com

Experience
Senior Engineer, Babbage & Co, 2020 - present
- Built the analytical engine

Education
BSc Mathematics, University of London, 2011 - 2015

Skills
Python, Rust
"""
NOT_A_RESUME = "https://tailorcv.dev/problems/not-a-resume"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db_backend(request: pytest.FixtureRequest) -> str:
    """Both databases: the kept file is found by a JSON path into the task's payload."""
    return str(request.param)


@pytest.fixture
def files(tmp_path: Path) -> Path:
    return tmp_path / "files"


@pytest.fixture
def make(
    make_client: Callable[..., Client], files: Path, settings: Settings
) -> Callable[..., Client]:
    """A client keeping files in this test's folder, running its tasks at once unless
    ``inline=False``."""
    return storing_clients(make_client, files, settings, inline=True)


def upload(client: Client, auth: dict[str, str], data: bytes, name: str = "cv.txt") -> Any:
    files = {"file": (name, data, "text/plain")}
    answer = client.post("/api/v1/imports", files=files, headers=auth)
    assert answer.status_code == 202, answer.text
    return answer.json()["task"]


def force(client: Client, auth: dict[str, str], task_id: str, **headers: str) -> Any:
    return client.post(f"/api/v1/imports/{task_id}/force", headers={**auth, **headers})


def age(client: Client, hours: float) -> None:
    """Move every file's expiry ``hours`` earlier, as if that time had passed."""
    with client.app.state.services.sessions() as session, session.begin():
        for file in session.scalars(select(File).where(File.expires_at.is_not(None))):
            file.expires_at = file.expires_at - timedelta(hours=hours)


def cleanup(settings: Settings, files: Path) -> None:
    cleanup_everyone(
        runtime_for(Settings(**{**settings.model_dump(), "storage_url": f"file://{files}"}))
    )


def test_a_cover_letter_fails_with_the_not_a_resume_problem(make: Callable[..., Client]) -> None:
    client = make()
    auth = register(client)
    task = upload(client, auth, LETTER, "letter.txt")
    assert task["status"] == "failed", task
    seen = client.get(f"/api/v1/tasks/{task['id']}", headers=auth).json()
    problem = seen["result"]["problem"]
    assert problem["type"] == NOT_A_RESUME
    assert problem["status"] == 422
    assert problem["kind"] == "cover-letter"
    assert any("Dear Hiring Manager" in reason for reason in problem["reasons"])
    assert problem["detail"] == seen["error"]


def test_import_anyway_reads_the_kept_file_again_with_force(
    make: Callable[..., Client], files: Path
) -> None:
    client = make()
    auth = register(client)
    refused = upload(client, auth, LETTER, "letter.txt")
    answer = force(client, auth, refused["id"])
    assert answer.status_code == 202, answer.text
    task = answer.json()["task"]
    assert answer.headers["Location"] == f"/api/v1/tasks/{task['id']}"
    assert task["id"] != refused["id"]
    assert task["status"] == "succeeded", task
    assert "cover letter" in task["result"]["warnings"][0], "the reason is the first warning"
    with client.app.state.services.sessions() as session:
        row = session.get(Task, uuid.UUID(task["id"]))
        assert row is not None
        payload = read(row.kind, row.payload, ImportPayload)
        assert payload.force is True
        assert payload.file_key == blob_key(LETTER), "the same bytes, not a second upload"
        assert payload.filename == "letter.txt"
        kept = session.scalars(select(File)).one()
        assert kept.expires_at is None, "an imported file is kept as any import's upload"
    assert stored(files) == {blob_key(LETTER)}
    again = force(client, auth, refused["id"])
    assert again.json()["task"]["id"] == task["id"], "forcing twice answers the same task"


def test_another_users_task_cannot_be_forced(make: Callable[..., Client]) -> None:
    client = make()
    owner, stranger = register(client), register(client)
    refused = upload(client, owner, LETTER)
    assert_problem(force(client, stranger, refused["id"]), 404)
    assert_problem(force(client, stranger, str(uuid.uuid4())), 404)


def test_only_an_import_refused_as_not_a_resume_can_be_forced(
    make: Callable[..., Client],
) -> None:
    client = make()
    auth = register(client)
    imported = upload(client, auth, RESUME)
    assert imported["status"] == "succeeded", imported
    problem = assert_problem(force(client, auth, imported["id"]), 409)
    assert problem["type"].endswith("/conflict")
    assert "not refused as not a résumé" in problem["detail"]
    unreadable = upload(client, auth, b"%PDF-1.4\n%broken", "cv.pdf")
    assert unreadable["status"] == "failed", unreadable
    assert_problem(force(client, auth, unreadable["id"]), 409)


def test_a_refused_file_past_its_grace_is_gone_and_cannot_be_forced(
    make: Callable[..., Client], files: Path, settings: Settings
) -> None:
    client = make()
    auth = register(client)
    refused = upload(client, auth, LETTER)
    cleanup(settings, files)
    assert stored(files) == {blob_key(LETTER)}, "kept while the person may still insist"
    age(client, 1.01)
    cleanup(settings, files)
    assert stored(files) == set(), "the cleanup deleted it after its hour"
    problem = assert_problem(force(client, auth, refused["id"]), 409)
    assert "no longer kept" in problem["detail"]


def test_erasing_the_account_deletes_a_kept_refused_file(
    make: Callable[..., Client], files: Path
) -> None:
    client = make()
    auth = register(client)
    upload(client, auth, LETTER)
    assert stored(files) == {blob_key(LETTER)}
    assert client.delete("/api/v1/me", headers=auth).status_code == 204
    assert stored(files) == set()


def test_other_failed_imports_keep_no_file_past_the_next_cleanup(
    make: Callable[..., Client], files: Path, settings: Settings
) -> None:
    client = make()
    auth = register(client)
    failed = upload(client, auth, b"%PDF-1.4\n%broken", "cv.pdf")
    assert failed["status"] == "failed", failed
    cleanup(settings, files)
    assert stored(files) == set()


def test_a_refused_file_also_imported_before_is_kept(
    make: Callable[..., Client], files: Path, settings: Settings
) -> None:
    """The same bytes imported with ``force`` earlier: that import's file is not expired."""
    client = make()
    auth = register(client)
    forced = client.post(
        "/api/v1/imports",
        files={"file": ("letter.txt", LETTER, "text/plain")},
        data={"force": "true"},
        headers=auth,
    ).json()["task"]
    assert forced["status"] == "succeeded", forced
    assert upload(client, auth, LETTER)["status"] == "failed"
    age(client, 2)
    cleanup(settings, files)
    assert stored(files) == {blob_key(LETTER)}


def test_import_anyway_is_rate_limited_like_an_import(make: Callable[..., Client]) -> None:
    client = make(ratelimit_enabled=True, ratelimit_upload="2/minute")
    auth = register(client)
    refused = upload(client, auth, LETTER)
    assert force(client, auth, refused["id"]).status_code == 202
    limited = assert_problem(force(client, auth, refused["id"]), 429)
    assert "upload rate limit" in limited["detail"]
    files = {"file": ("cv.txt", RESUME, "text/plain")}
    assert client.post("/api/v1/imports", files=files, headers=auth).status_code == 429


def test_import_anyway_counts_against_the_imports_in_flight(
    make: Callable[..., Client],
) -> None:
    client = make(tasks_per_user=1)
    auth = register(client)
    refused = upload(client, auth, LETTER)
    queued = make(inline=False, tasks_per_user=1)  # its tasks stay queued
    files = {"file": ("cv.txt", RESUME, "text/plain")}
    assert queued.post("/api/v1/imports", files=files, headers=auth).status_code == 202
    problem = assert_problem(force(queued, auth, refused["id"]), 429)
    assert "in progress" in problem["detail"]


def test_the_refused_tasks_expiry_is_an_hour(make: Callable[..., Client]) -> None:
    client = make()
    auth = register(client)
    upload(client, auth, LETTER)
    with client.app.state.services.sessions() as session:
        expires = session.scalars(select(File.expires_at)).one()
    assert expires is not None
    left = expires.replace(tzinfo=utcnow().tzinfo) - utcnow()
    assert timedelta(minutes=58) < left <= timedelta(hours=1)
