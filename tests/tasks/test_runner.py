"""Each task kind end to end through ``InlineDispatcher`` (the runner a worker uses) on SQLite,
and the runner's promises: one result however often a task runs, no retry for bad input,
backoff then ``dead`` for other errors, and no overwrite by a worker that lost its lease."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest

from tailorcv.render import render
from tailorcv.resume import validate
from tailorcv.service.runtime import close_runtimes, runtime_for
from tailorcv.store import queries
from tailorcv.store.models import File, Task, Version, utcnow
from tailorcv.store.task_queries import claim_task
from tailorcv.tasks import InlineDispatcher, run_task
from tailorcv.tasks.runner import LeaseLost, execute
from tests.tasks.conftest import (
    FAST,
    Seeded,
    count,
    example_resume,
    seed,
    sqlite_settings,
    submit,
    task_row,
)


def run(seeded: Seeded, kind: str, payload: dict[str, object]) -> Task:
    task_id = submit(seeded, kind, payload)
    InlineDispatcher(seeded.settings, FAST).enqueue(task_id, kind)
    return task_row(seeded.settings, task_id)


def test_import_reads_a_rendered_pdf_into_a_new_resume(seeded: Seeded) -> None:
    pdf = render(validate(example_resume()).resume, "classic", "pdf")
    key = runtime_for(seeded.settings).blobs.put(pdf)
    task = run(seeded, "import", {"file_key": key, "filename": "cv.pdf"})
    assert task.status == "succeeded", task.error
    assert task.result is not None
    assert set(task.result) >= {"resume_id", "version_id", "warnings", "sections"}
    with runtime_for(seeded.settings).sessions() as session:
        version = queries.get_version(session, seeded.user_id, uuid.UUID(task.result["version_id"]))
        assert version is not None
        assert version.kind == "imported"
        assert version.document["basics"]["name"] == example_resume()["basics"]["name"]
        assert str(version.resume_id) == task.result["resume_id"] != str(seeded.resume_id)


def test_import_into_an_existing_resume_adds_a_version(seeded: Seeded) -> None:
    key = runtime_for(seeded.settings).blobs.put(b"Ada Lovelace\nada@example.com\n\nSkills\nPython")
    payload = {"file_key": key, "filename": "cv.txt", "resume_id": str(seeded.resume_id)}
    task = run(seeded, "import", payload)
    assert task.status == "succeeded", task.error
    assert task.result is not None
    assert task.result["resume_id"] == str(seeded.resume_id)
    assert count(seeded.settings, Version) == 2


def test_render_stores_one_content_addressed_file(seeded: Seeded) -> None:
    payload = {"version_id": str(seeded.version_id), "template": "classic", "format": "pdf"}
    task = run(seeded, "render", payload)
    assert task.status == "succeeded", task.error
    assert task.result is not None
    file_id = task.result["file_id"]
    assert task.result["url"] == f"/api/v1/files/{file_id}"
    ctx = runtime_for(seeded.settings)
    with ctx.sessions() as session:
        file = queries.get_file(session, seeded.user_id, uuid.UUID(file_id))
        assert file is not None
        assert file.content_type == "application/pdf"
        assert ctx.blobs.get(file.key).startswith(b"%PDF")
    again = run(seeded, "render", payload)
    assert again.result == task.result  # same bytes, same owner: the same file row
    assert count(seeded.settings, File) == 1


def test_tailor_stores_a_tailored_version_linked_to_job_and_parent(seeded: Seeded) -> None:
    payload = {"version_id": str(seeded.version_id), "job_id": str(seeded.job_id), "pages": 1}
    task = run(seeded, "tailor", {**payload, "template": "classic"})
    assert task.status == "succeeded", task.error
    assert task.result is not None
    assert task.result["violations"] == []
    assert task.result["score_after"] >= task.result["score_before"]
    assert isinstance(task.result["changes"], list)
    with runtime_for(seeded.settings).sessions() as session:
        version = queries.get_version(session, seeded.user_id, uuid.UUID(task.result["version_id"]))
        assert version is not None
        assert (version.kind, version.parent_id, version.job_id) == (
            "tailored",
            seeded.version_id,
            seeded.job_id,
        )


def test_cleanup_deletes_expired_files_and_their_blobs_only(seeded: Seeded) -> None:
    ctx = runtime_for(seeded.settings)
    old, fresh = ctx.blobs.put(b"old"), ctx.blobs.put(b"fresh")
    with ctx.sessions() as session, session.begin():
        past, future = utcnow() - timedelta(hours=1), utcnow() + timedelta(hours=1)
        queries.add_file(session, seeded.user_id, old, "text/plain", 3, expires_at=past)
        queries.add_file(session, seeded.user_id, fresh, "text/plain", 5, expires_at=future)
    task = run(seeded, "cleanup", {})
    assert task.status == "succeeded", task.error
    assert task.result == {"deleted": 1}
    assert not ctx.blobs.exists(old)
    assert ctx.blobs.exists(fresh)
    assert count(seeded.settings, File) == 1


def test_running_a_task_twice_yields_one_result(seeded: Seeded) -> None:
    payload = {"version_id": str(seeded.version_id), "job_id": str(seeded.job_id)}
    task_id = submit(seeded, "tailor", payload)
    dispatcher = InlineDispatcher(seeded.settings, FAST)
    dispatcher.enqueue(task_id, "tailor")
    first = task_row(seeded.settings, task_id)
    dispatcher.enqueue(task_id, "tailor")
    second = task_row(seeded.settings, task_id)
    assert (second.status, second.attempts, second.result) == ("succeeded", 1, first.result)
    assert count(seeded.settings, Version) == 2  # the source and one tailored version


def test_a_user_error_fails_at_once_without_retry(seeded: Seeded) -> None:
    payload = {"version_id": str(seeded.version_id), "template": "no-such-template"}
    dispatcher = InlineDispatcher(seeded.settings, FAST)
    task_id = submit(seeded, "render", payload)
    dispatcher.enqueue(task_id, "render")
    task = task_row(seeded.settings, task_id)
    assert (task.status, task.attempts) == ("failed", 1)
    assert task.error
    assert "no-such-template" in task.error
    assert dispatcher.deferred == []


def test_a_foreign_version_is_not_found(seeded: Seeded) -> None:
    other = seed(seeded.settings)  # a second user in the same database
    task = run(other, "render", {"version_id": str(seeded.version_id), "format": "pdf"})
    assert task.status == "failed"
    assert task.error
    assert "no version" in task.error


def test_a_transient_error_is_retried_with_backoff_then_dead(tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the blob folder should be")
    settings = sqlite_settings(tmp_path, storage_url=f"file://{blocked}/files")
    seeded = seed(settings)
    task_id = submit(seeded, "render", {"version_id": str(seeded.version_id)})
    dispatcher = InlineDispatcher(settings, FAST)
    dispatcher.enqueue(task_id, "render")
    waits = []
    for _ in range(2):
        task = task_row(settings, task_id)
        assert task.status == "queued"
        assert task.not_before is not None
        waits.append((task.not_before - utcnow()).total_seconds())
        assert len(dispatcher.deferred) == 1
        time.sleep(max(0.0, waits[-1]) + 0.02)
        assert dispatcher.run_due() == 1
    task = task_row(settings, task_id)
    assert (task.status, task.attempts) == ("dead", 3)
    assert task.error
    assert str(blocked) in task.error
    assert dispatcher.deferred == []
    close_runtimes()


def test_a_transient_error_then_success(tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("in the way")
    settings = sqlite_settings(tmp_path, storage_url=f"file://{blocked}/files")
    seeded = seed(settings)
    task_id = submit(seeded, "render", {"version_id": str(seeded.version_id)})
    dispatcher = InlineDispatcher(settings, FAST)
    dispatcher.enqueue(task_id, "render")
    assert task_row(settings, task_id).status == "queued"
    blocked.unlink()  # the disk is back
    time.sleep(0.1)
    dispatcher.run_due()
    task = task_row(settings, task_id)
    assert (task.status, task.attempts, task.error) == ("succeeded", 2, None)
    close_runtimes()


def test_a_worker_that_lost_its_lease_cannot_overwrite(seeded: Seeded) -> None:
    """Worker A claims, stalls past its lease; worker B re-runs and finishes; A's late result
    is rolled back: one tailored version, B's result kept."""
    payload = {"version_id": str(seeded.version_id), "job_id": str(seeded.job_id)}
    task_id = submit(seeded, "tailor", payload)
    ctx = runtime_for(seeded.settings)
    with ctx.sessions() as session, session.begin():
        stale = claim_task(session, task_id, 0.01, now=utcnow() - timedelta(seconds=5))
    assert stale is not None
    assert stale.attempts == 1
    run_task(seeded.settings, task_id, options=FAST)  # B takes over the expired lease
    finished = task_row(seeded.settings, task_id)
    assert (finished.status, finished.attempts) == ("succeeded", 2)
    with pytest.raises(LeaseLost):
        execute(ctx, stale)
    assert task_row(seeded.settings, task_id).result == finished.result
    assert count(seeded.settings, Version) == 2


def test_a_running_task_held_by_another_worker_is_skipped(seeded: Seeded) -> None:
    task_id = submit(seeded, "render", {"version_id": str(seeded.version_id)})
    with runtime_for(seeded.settings).sessions() as session, session.begin():
        assert claim_task(session, task_id, 60) is not None
    run_task(seeded.settings, task_id, options=FAST)
    task = task_row(seeded.settings, task_id)
    assert (task.status, task.attempts) == ("running", 1)
    assert count(seeded.settings, File) == 0
