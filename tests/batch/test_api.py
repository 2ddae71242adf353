"""``/api/v1/batches`` on a real SQLite database, its tasks run by the real runner in process."""

from __future__ import annotations

import csv
import io
import json
import time
import uuid
import zipfile
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import select, update

from tailorcv.ops.settings import Settings
from tailorcv.service.batch_submit import BATCH_PRIORITY
from tailorcv.service.runtime import runtime_for
from tailorcv.store.db import make_engine, make_sessions
from tailorcv.store.models import Batch, BatchItem, File, Task, utcnow
from tailorcv.tasks.cleanup import cleanup_everyone
from tailorcv.tasks.dispatch import InlineDispatcher
from tailorcv.tasks.options import TaskOptions
from tests.batch.support import STRONG, as_file, candidate, report, submit, zipped
from tests.web.conftest import Client, RecordingDispatcher
from tests.web.helpers import JOB_TEXT, assert_problem, create_job, create_resume, register

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def rows(settings: Settings, model: Any) -> list[Any]:
    engine = make_engine(settings)
    try:
        with make_sessions(engine)() as session:
            return list(session.scalars(select(model)))
    finally:
        engine.dispose()


def three_people() -> list[tuple[str, tuple[str, bytes, str]]]:
    return [
        as_file("ada.json", candidate("Ada Lovelace")),
        as_file("bob.json", candidate("Bob Stone", skills=["Excel"], bare=True)),
        as_file("cy.json", candidate("Cy Young", skills=STRONG)),
    ]


def test_a_batch_ranks_candidates_and_lists_failures_apart(inline_client: Client) -> None:
    auth = register(inline_client)
    files = [
        *three_people(),
        ("files", ("photo.png", PNG, "image/png")),
        ("files", ("broken.json", b'{"basics": ', "application/json")),
    ]
    answer = submit(inline_client, auth, files, criteria='{"skills": ["Python"]}')
    assert answer.status_code == 202, answer.text
    batch = answer.json()["batch"]
    assert batch["progress"] == {
        "total": 5,
        "done": 5,
        "succeeded": 3,
        "failed": 2,
        "running": 0,
        "queued": 0,
    }
    assert batch["status"] == "finished"
    assert batch["finished_at"]
    body = report(inline_client, auth, batch["id"])
    ranked = body["ranking"]["ranked"]
    assert [r["candidate"] for r in ranked] == ["Cy Young", "Ada Lovelace"]
    assert ranked[0]["rank"] == 1
    assert ranked[0]["score"] >= ranked[1]["score"]
    assert "Python" in ranked[0]["matched_required"]
    assert ranked[0]["contact"]["email"] == "cy@example.com"
    knocked = body["ranking"]["knocked_out"]
    assert [(r["candidate"], r["reasons"]) for r in knocked] == [
        ("Bob Stone", ["missing required skill Python"])
    ]
    failed = {r["candidate"]: r["reasons"][0] for r in body["ranking"]["failed"]}
    assert "PNG image" in failed["photo.png"]
    assert "line 1" in failed["broken.json"]


def test_the_ranking_downloads_as_csv(inline_client: Client) -> None:
    auth = register(inline_client)
    batch_id = submit(inline_client, auth, three_people()).json()["batch"]["id"]
    answer = inline_client.get(f"/api/v1/batches/{batch_id}/ranking.csv", headers=auth)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    table = list(csv.DictReader(io.StringIO(answer.text)))
    assert [row["candidate"] for row in table] == ["Cy Young", "Ada Lovelace", "Bob Stone"]
    assert table[0]["rank"] == "1"
    assert table[0]["email"] == "cy@example.com"


def test_blind_screening_hides_names_and_contacts(inline_client: Client) -> None:
    auth = register(inline_client)
    broken = ("files", ("jane-doe.json", b'{"basics": {"name": 7}', "application/json"))
    files = [*three_people(), broken]
    batch_id = submit(inline_client, auth, files, blind="true").json()["batch"]["id"]
    body = report(inline_client, auth, batch_id)
    assert len(body["ranking"]["failed"]) == 1
    shown = json.dumps(body)
    shown += inline_client.get(f"/api/v1/batches/{batch_id}/ranking.csv", headers=auth).text
    secrets = ("Ada", "Lovelace", "Bob", "cy@example.com", "+46", "linkedin", "ada.json", "jane")
    for secret in secrets:
        assert secret not in shown
    assert "Candidate 3" in shown


def test_a_zip_of_candidates_fails_only_the_members_it_cannot_use(inline_client: Client) -> None:
    auth = register(inline_client)
    members = {
        "people/ada.json": json.dumps(candidate("Ada Lovelace")).encode(),
        "people/notes.txt": b"",
        "photo.png": PNG,
        "inner.zip": zipped({"x.json": b"{}"}),
    }
    files = [("files", ("cvs.zip", zipped(members), "application/zip"))]
    batch = submit(inline_client, auth, files).json()["batch"]
    body = report(inline_client, auth, batch["id"])
    assert [r["candidate"] for r in body["ranking"]["ranked"]] == ["Ada Lovelace"]
    failed = {r["candidate"]: r["reasons"][0] for r in body["ranking"]["failed"]}
    assert set(failed) == {"notes.txt", "photo.png", "inner.zip"}
    assert "empty" in failed["notes.txt"]
    assert "zip inside the zip" in failed["inner.zip"]


def test_the_owners_resumes_can_be_candidates(inline_client: Client) -> None:
    auth = register(inline_client)
    job = create_job(inline_client, auth)
    mine = create_resume(inline_client, auth, name="Maya Mine")
    answer = submit(inline_client, auth, job_text=None, job_id=job["id"], resume_ids=[mine["id"]])
    assert answer.status_code == 202, answer.text
    assert answer.json()["batch"]["job_id"] == job["id"]
    ranked = report(inline_client, auth, answer.json()["batch"]["id"])["ranking"]["ranked"]
    assert [r["candidate"] for r in ranked] == ["Maya Mine"]


def test_someone_elses_batch_resume_or_job_is_not_found(inline_client: Client) -> None:
    owner = register(inline_client)
    other = register(inline_client)
    batch_id = submit(inline_client, owner, three_people()).json()["batch"]["id"]
    for method, url in [
        ("GET", f"/api/v1/batches/{batch_id}"),
        ("GET", f"/api/v1/batches/{batch_id}/ranking.csv"),
        ("GET", f"/api/v1/batches/{batch_id}/archive.zip"),
        ("DELETE", f"/api/v1/batches/{batch_id}"),
    ]:
        assert_problem(inline_client.request(method, url, headers=other), 404)
    tailor = inline_client.post(f"/api/v1/batches/{batch_id}/tailor", json={}, headers=other)
    assert_problem(tailor, 404)
    assert inline_client.get("/api/v1/batches", headers=other).json() == {"items": []}
    resume = create_resume(inline_client, owner)
    job = create_job(inline_client, owner)
    assert_problem(submit(inline_client, other, resume_ids=[resume["id"]]), 404)
    assert_problem(
        submit(inline_client, other, three_people(), job_text=None, job_id=job["id"]), 404
    )
    assert report(inline_client, owner, batch_id)["batch"]["id"] == batch_id


def test_bad_requests_get_clear_problems(inline_client: Client) -> None:
    auth = register(inline_client)
    assert "give candidates" in assert_problem(submit(inline_client, auth), 400)["detail"]
    both = submit(inline_client, auth, three_people(), job_id="0" * 32)
    assert "exactly one of job_id and job_text" in assert_problem(both, 400)["detail"]
    criteria = submit(inline_client, auth, three_people(), criteria='{"degree": "wizard"}')
    assert assert_problem(criteria, 422)["type"].endswith("/invalid-criteria")
    long_ad = submit(inline_client, auth, three_people(), job_text="x" * 100_001)
    assert "100000 characters" in assert_problem(long_ad, 400)["detail"]
    not_an_id = submit(inline_client, auth, resume_ids=["nope"])
    assert "not an id" in assert_problem(not_an_id, 400)["detail"]
    assert rows(inline_client.app.state.services.settings, Batch) == []


def test_limits_answer_413(make_client: Callable[..., Client], settings: Settings) -> None:
    client = make_client(InlineDispatcher(settings), batch_max_items=2, batch_max_bytes=20_000)
    auth = register(client)
    many = assert_problem(submit(client, auth, three_people()), 413)
    assert "batch_max_items" in many["detail"]
    more = assert_problem(submit(client, auth, [*three_people(), *three_people()]), 413)
    assert "batch_max_items" in more["detail"], "refused while the form is read"
    big = [("files", ("big.txt", b"x" * 30_000, "text/plain"))]
    assert "batch_max_bytes" in assert_problem(submit(client, auth, big), 413)["detail"]
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.txt", b"\0" * 1_000_000)
    files = [("files", ("bomb.zip", bomb.getvalue(), "application/zip"))]
    assert "unpacks to more than" in assert_problem(submit(client, auth, files), 413)["detail"]
    nested = [
        ("files", ("z.zip", zipped({f"{i}.json": b"{}" for i in range(3)}), "application/zip"))
    ]
    assert "at most 2" in assert_problem(submit(client, auth, nested), 413)["detail"]


def test_a_batch_over_the_storage_allowance_is_refused(
    make_client: Callable[..., Client], settings: Settings
) -> None:
    client = make_client(InlineDispatcher(settings), storage_per_user_bytes=5_000)
    auth = register(client)
    detail = assert_problem(submit(client, auth, three_people()), 413)["detail"]
    assert "storage_per_user_bytes" in detail
    assert rows(settings, File) == []


def test_re_running_the_same_files_costs_nothing_and_a_new_job_recomputes(
    client: Client, dispatcher: RecordingDispatcher, settings: Settings
) -> None:
    auth = register(client)
    files = [as_file("ada.json", candidate("Ada Lovelace"))]
    first = submit(client, auth, files).json()["batch"]
    assert len(dispatcher.enqueued) == 1
    (task_id, kind, priority) = dispatcher.enqueued[0]
    assert kind == "batch_item"
    assert priority <= BATCH_PRIORITY + 20
    InlineDispatcher(settings).enqueue(task_id, kind, priority)
    scored = report(client, auth, first["id"])["ranking"]["ranked"][0]["score"]
    again = submit(client, auth, files).json()["batch"]
    assert len(dispatcher.enqueued) == 1, "the cached result was reused, no task made"
    assert again["status"] == "finished"
    assert report(client, auth, again["id"])["ranking"]["ranked"][0]["score"] == scored
    edited = submit(client, auth, files, job_text=JOB_TEXT + "\nAlso: Rust is required.")
    assert edited.json()["batch"]["status"] == "running"
    assert len(dispatcher.enqueued) == 2, "an edited job ad is scored afresh"


def test_the_cache_is_per_owner(
    client: Client, dispatcher: RecordingDispatcher, settings: Settings
) -> None:
    files = [as_file("ada.json", candidate("Ada Lovelace"))]
    first = register(client)
    submit(client, first, files)
    InlineDispatcher(settings).enqueue(*dispatcher.enqueued[0])
    submit(client, register(client), files)
    assert len(dispatcher.enqueued) == 2


def test_batch_items_queue_below_a_persons_render(
    client: Client, dispatcher: RecordingDispatcher
) -> None:
    auth = register(client)
    submit(client, auth, [as_file(f"{i}.json", candidate(f"P {i}")) for i in range(30)])
    batch_priorities = {p for _, kind, p in dispatcher.enqueued if kind == "batch_item"}
    assert len([k for _, k, _ in dispatcher.enqueued]) == 3, "30 JSON résumés in chunks of 10"
    resume = create_resume(client, auth)
    client.post("/api/v1/renders", json={"resume_id": resume["id"]}, headers=auth)
    render_priority = dispatcher.enqueued[-1][2]
    assert dispatcher.enqueued[-1][1] == "render"
    assert render_priority > max(batch_priorities) + 100_000


def test_the_top_candidates_are_tailored_rendered_and_zipped(inline_client: Client) -> None:
    auth = register(inline_client)
    batch_id = submit(inline_client, auth, three_people()).json()["batch"]["id"]
    answer = inline_client.post(f"/api/v1/batches/{batch_id}/tailor", json={"top": 2}, headers=auth)
    assert answer.status_code == 202, answer.text
    tailoring = answer.json()["tailoring"]
    assert [t["candidate"] for t in tailoring] == ["Cy Young", "Ada Lovelace"]
    assert all(t["tailor"]["status"] == "succeeded" for t in tailoring)
    body = report(inline_client, auth, batch_id)  # the read enqueues the renders
    made = [r["tailoring"] for r in body["ranking"]["ranked"]]
    assert all(t and t["render_status"] == "succeeded" and t["file_id"] for t in made[:2])
    assert made[2] is None, "only the top 2 were tailored"
    archive = inline_client.get(f"/api/v1/batches/{batch_id}/archive.zip", headers=auth)
    assert archive.status_code == 200
    with zipfile.ZipFile(io.BytesIO(archive.content)) as opened:
        names = opened.namelist()
        assert names == ["001-Cy Young.pdf", "002-Ada Lovelace.pdf"]
        assert all(opened.read(n).startswith(b"%PDF") for n in names)
    again = inline_client.post(f"/api/v1/batches/{batch_id}/tailor", json={"top": 2}, headers=auth)
    assert [t["tailor"]["id"] for t in again.json()["tailoring"]] == [
        t["tailor"]["id"] for t in tailoring
    ], "tailoring twice makes no new tasks"


def test_the_archive_waits_for_a_tailoring(inline_client: Client) -> None:
    auth = register(inline_client)
    batch_id = submit(inline_client, auth, three_people()).json()["batch"]["id"]
    answer = inline_client.get(f"/api/v1/batches/{batch_id}/archive.zip", headers=auth)
    assert "POST /tailor" in assert_problem(answer, 409)["detail"]


def test_deleting_a_batch_deletes_its_files(inline_client: Client, settings: Settings) -> None:
    auth = register(inline_client)
    batch_id = submit(inline_client, auth, three_people()).json()["batch"]["id"]
    keys = [file.key for file in rows(settings, File)]
    assert len(keys) == 3
    answer = inline_client.delete(f"/api/v1/batches/{batch_id}", headers=auth)
    assert answer.status_code == 204
    assert rows(settings, Batch) == []
    assert rows(settings, BatchItem) == []
    assert rows(settings, File) == []
    blobs = inline_client.app.state.services.blobs
    assert not any(blobs.exists(key) for key in keys)
    assert_problem(inline_client.get(f"/api/v1/batches/{batch_id}", headers=auth), 404)


def test_files_and_batches_expire(inline_client: Client, settings: Settings) -> None:
    auth = register(inline_client)
    batch = submit(inline_client, auth, three_people()).json()["batch"]
    assert batch["expires_at"] is not None
    assert all(f.expires_at is not None for f in rows(settings, File))
    engine = make_engine(settings)
    with engine.begin() as connection:
        connection.execute(update(Batch).values(expires_at=utcnow() - timedelta(seconds=1)))
    engine.dispose()
    assert inline_client.get("/api/v1/batches", headers=auth).json() == {"items": []}
    assert rows(settings, Batch) == []
    assert rows(settings, File) == []


def test_an_item_whose_file_vanished_fails_alone(
    client: Client, dispatcher: RecordingDispatcher, settings: Settings
) -> None:
    auth = register(client)
    batch_id = submit(client, auth, three_people()[:2]).json()["batch"]["id"]
    blobs = client.app.state.services.blobs
    blobs.delete(rows(settings, File)[0].key)
    InlineDispatcher(settings).enqueue(*dispatcher.enqueued[0])
    body = report(client, auth, batch_id)
    assert len(body["ranking"]["failed"]) == 1
    assert len(body["ranking"]["ranked"]) == 1
    assert "no stored file" in body["ranking"]["failed"][0]["reasons"][0]
    tasks = rows(settings, Task)
    assert [t.status for t in tasks] == ["succeeded"]


def test_items_of_a_dead_task_count_as_failed_with_its_error(
    client: Client, settings: Settings
) -> None:
    auth = register(client)
    batch_id = submit(client, auth, three_people()).json()["batch"]["id"]
    progress = report(client, auth, batch_id)["batch"]["progress"]
    assert progress == {
        "total": 3,
        "done": 0,
        "succeeded": 0,
        "failed": 0,
        "running": 0,
        "queued": 3,
    }
    engine = make_engine(settings)
    with engine.begin() as connection:
        connection.execute(update(Task).values(status="dead", error="TaskTimeout: killed"))
    engine.dispose()
    body = report(client, auth, batch_id)
    assert body["batch"]["status"] == "finished"
    reasons = {r["reasons"][0] for r in body["ranking"]["failed"]}
    assert reasons == {"the task scoring it failed: TaskTimeout: killed"}
    cheap = client.get(f"/api/v1/batches/{batch_id}", params={"limit": 0}, headers=auth).json()
    assert cheap["batch"]["progress"] == body["batch"]["progress"]
    assert cheap["ranking"] == {"ranked": [], "knocked_out": [], "failed": []}


def test_a_batch_may_be_larger_than_one_upload(
    make_client: Callable[..., Client], settings: Settings
) -> None:
    """The body limit of a batch is batch_max_bytes, not the single-upload limit; each file
    is still held to the single-upload limit."""
    client = make_client(InlineDispatcher(settings), max_upload_bytes=60_000)
    auth = register(client)
    padded = [as_file(f"{i}.json", candidate(f"P {i}", summary="x" * 50_000)) for i in range(4)]
    big = ("files", ("big.txt", b"word " * 20_000, "text/plain"))
    answer = submit(client, auth, [*padded, big])
    assert answer.status_code == 202, answer.text
    body = report(client, auth, answer.json()["batch"]["id"])
    assert len(body["ranking"]["ranked"]) == 4
    assert "over the 60000-byte limit" in body["ranking"]["failed"][0]["reasons"][0]
    other = client.post("/api/v1/imports", files={"file": ("x.txt", b"w " * 70_000)}, headers=auth)
    assert_problem(other, 413)


def test_an_unexpected_error_retries_the_task_and_finally_fails_only_its_item(
    client: Client, dispatcher: RecordingDispatcher, settings: Settings
) -> None:
    """A blob that cannot be opened (a folder where the file should be: an OSError, not a
    user error) fails the attempt; the task is retried, and on its last attempt that item
    fails with the error while its neighbour in the same task is scored."""
    auth = register(client)
    batch_id = submit(client, auth, three_people()[:2]).json()["batch"]["id"]
    blobs = client.app.state.services.blobs
    broken = blobs.path(rows(settings, File)[0].key)
    broken.unlink()
    broken.mkdir()
    inline = InlineDispatcher(settings, TaskOptions(retry_base_seconds=0.001))
    inline.enqueue(*dispatcher.enqueued[0])
    for _ in range(200):
        if not inline.deferred:
            break
        time.sleep(0.01)
        inline.run_due()
    (task,) = rows(settings, Task)
    assert (task.status, task.attempts) == ("succeeded", 3)
    body = report(client, auth, batch_id)
    assert len(body["ranking"]["ranked"]) == 1
    assert "internal error: IsADirectoryError" in body["ranking"]["failed"][0]["reasons"][0]


def test_the_periodic_cleanup_deletes_expired_batches_and_their_files(
    inline_client: Client, settings: Settings
) -> None:
    auth = register(inline_client)
    kept = submit(inline_client, auth, three_people()[:1]).json()["batch"]["id"]
    gone = submit(inline_client, auth, three_people()[1:]).json()["batch"]["id"]
    engine = make_engine(settings)
    with engine.begin() as connection:
        past = utcnow() - timedelta(seconds=1)
        connection.execute(update(Batch).where(Batch.id == uuid.UUID(gone)).values(expires_at=past))
    engine.dispose()
    cleanup_everyone(runtime_for(settings))
    assert [str(b.id) for b in rows(settings, Batch)] == [kept]
    assert len(rows(settings, File)) == 1


def test_making_batches_is_rate_limited(
    make_client: Callable[..., Client], settings: Settings
) -> None:
    """A batch is an upload (``TAILORCV_RATELIMIT_UPLOAD``, 5 a minute for the free tier)."""
    client = make_client(RecordingDispatcher(), ratelimit_enabled=True)
    auth = register(client)
    files = three_people()[:1]
    assert [submit(client, auth, files).status_code for _ in range(5)] == [202] * 5
    assert_problem(submit(client, auth, files), 429)
