"""The API's shapes, as other programs rely on them (issue 5), on SQLite and on PostgreSQL.

The background-work flows (tests taking ``inline_client``) wait for their task with ``settle``,
so ``test_api_queue.py`` runs them again through the Redis queue and a real worker."""

from __future__ import annotations

import io
import json
import uuid
import zipfile

import pytest

from tailorcv.store import queries
from tests.web.conftest import Client, RecordingDispatcher
from tests.web.helpers import (
    PASSWORD,
    RESUME,
    assert_problem,
    create_job,
    create_resume,
    register,
    resume,
    settle,
)

TASK_KEYS = {"id", "kind", "status", "attempts", "error", "result", "created_at"}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_register_then_login_answers_user_and_token(client: Client) -> None:
    body = {"email": "Ada@Example.com", "password": PASSWORD, "display_name": "Ada"}
    registered = client.post("/api/v1/auth/register", json=body)
    assert registered.status_code == 202  # the same for a taken address (issue 16)
    assert set(registered.json()) == {"detail"}
    logged_in = client.post(
        "/api/v1/auth/login", json={"email": "ada@example.com", "password": PASSWORD}
    )
    assert logged_in.status_code == 200
    assert set(logged_in.json()) == {"user", "token"}
    user = logged_in.json()["user"]
    assert user["email"] == "ada@example.com"
    assert user["display_name"] == "Ada"  # the profile was made with the user
    assert "password_hash" not in user
    token = logged_in.json()["token"]
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["id"] == user["id"]
    again = client.post("/api/v1/auth/register", json=body)
    assert (again.status_code, again.json()) == (202, registered.json())


def test_logout_revokes_the_token(client: Client) -> None:
    auth = register(client)
    assert client.post("/api/v1/auth/logout", headers=auth).status_code == 204
    assert_problem(client.get("/api/v1/me", headers=auth), 401)


def test_resume_crud_and_versions(client: Client) -> None:
    auth = register(client)
    created = create_resume(client, auth)
    assert set(created) == {"id", "title", "version_id"}
    read = client.get(f"/api/v1/resumes/{created['id']}", headers=auth).json()
    assert read["version_id"] == created["version_id"]
    assert read["resume"]["basics"]["name"] == RESUME["basics"]["name"]
    changed = resume(name="Ada King")
    put = client.put(
        f"/api/v1/resumes/{created['id']}", json={"resume": changed, "title": "New"}, headers=auth
    )
    assert put.status_code == 200
    assert put.json()["resume"]["basics"]["name"] == "Ada King"
    assert put.json()["version_id"] == created["version_id"]  # the draft changed, not a version
    committed = client.post(f"/api/v1/resumes/{created['id']}/versions", headers=auth)
    assert committed.status_code == 201
    assert committed.json()["parent_id"] == created["version_id"]
    assert committed.json()["resume"]["basics"]["name"] == "Ada King"
    versions = client.get(f"/api/v1/resumes/{created['id']}/versions", headers=auth).json()
    assert versions["items"][0]["id"] == committed.json()["id"]
    first = client.get(
        f"/api/v1/resumes/{created['id']}/versions/{created['version_id']}", headers=auth
    )
    assert first.json()["resume"]["basics"]["name"] == RESUME["basics"]["name"]  # immutable
    listed = client.get("/api/v1/resumes", headers=auth).json()["items"]
    assert [item["title"] for item in listed] == ["New"]
    assert client.delete(f"/api/v1/resumes/{created['id']}", headers=auth).status_code == 204
    assert_problem(client.get(f"/api/v1/resumes/{created['id']}", headers=auth), 404)


def test_invalid_resume_lists_every_path(client: Client) -> None:
    auth = register(client)
    bad = {"basics": {"name": ["a"]}, "work": [{"startDate": "yesterday"}]}
    answer = client.post("/api/v1/resumes", json={"title": "x", "resume": bad}, headers=auth)
    body = assert_problem(answer, 422)
    paths = {error["path"] for error in body["errors"]}
    assert {"basics.name", "work[0].startDate"} <= paths


def test_jobs_and_match(client: Client) -> None:
    auth = register(client)
    job = create_job(client, auth)
    assert job["analysis"]["required"], "the ad was analysed when it was stored"
    assert client.get(f"/api/v1/jobs/{job['id']}", headers=auth).json()["text"]
    assert [j["id"] for j in client.get("/api/v1/jobs", headers=auth).json()["items"]] == [
        job["id"]
    ]
    created = create_resume(client, auth)
    match = client.post(
        "/api/v1/match", json={"resume_id": created["id"], "job_id": job["id"]}, headers=auth
    )
    assert set(match.json()) == {
        *("score", "parts", "matched", "missing", "suggestions"),
        *("counts", "confidence", "notes"),
    }
    by_version = client.post(
        "/api/v1/match",
        json={"version_id": created["version_id"], "job_id": job["id"]},
        headers=auth,
    )
    assert by_version.json()["score"] == match.json()["score"]
    assert client.delete(f"/api/v1/jobs/{job['id']}", headers=auth).status_code == 204


def test_work_is_committed_then_enqueued(client: Client, dispatcher: RecordingDispatcher) -> None:
    auth = register(client)
    created = create_resume(client, auth)
    job = create_job(client, auth)
    render = client.post(
        "/api/v1/renders",
        json={"version_id": created["version_id"], "template": "classic", "format": "pdf"},
        headers=auth,
    )
    assert render.status_code == 202
    task = render.json()["task"]
    assert set(task) >= TASK_KEYS
    assert (task["status"], task["kind"]) == ("queued", "render")
    tailoring = client.post(
        "/api/v1/tailorings", json={"resume_id": created["id"], "job_id": job["id"]}, headers=auth
    )
    assert tailoring.status_code == 202
    enqueued = [(str(task_id), kind) for task_id, kind, _ in dispatcher.enqueued]
    assert enqueued == [(task["id"], "render"), (tailoring.json()["task"]["id"], "tailor")]
    polled = client.get(f"/api/v1/tasks/{task['id']}", headers=auth)
    assert polled.headers["retry-after"] == "1"  # a young task: ask again soon
    seen = polled.json()
    assert set(seen) >= TASK_KEYS
    assert seen["status"] == "queued"
    queued = client.get("/api/v1/tasks?status=queued", headers=auth).json()["items"]
    assert len(queued) == 2
    cancelled = client.delete(f"/api/v1/tasks/{task['id']}", headers=auth)
    assert cancelled.json()["status"] == "cancelled"
    finished = client.get(f"/api/v1/tasks/{task['id']}", headers=auth)
    assert "retry-after" not in finished.headers  # nothing more to wait for
    assert_problem(client.delete(f"/api/v1/tasks/{task['id']}", headers=auth), 409)
    assert_problem(client.get("/api/v1/tasks?status=lost", headers=auth), 422)


def test_same_idempotency_key_same_task(client: Client, dispatcher: RecordingDispatcher) -> None:
    auth = register(client)
    created = create_resume(client, auth)
    body = {"resume_id": created["id"], "template": "classic", "format": "pdf"}
    headers = {**auth, "Idempotency-Key": "render-1"}
    first = client.post("/api/v1/renders", json=body, headers=headers).json()["task"]
    again = client.post("/api/v1/renders", json=body, headers=headers).json()["task"]
    assert first["id"] == again["id"]
    assert len(dispatcher.enqueued) == 1, "a repeated request enqueues nothing new"
    other = client.post("/api/v1/renders", json=body, headers={**auth, "Idempotency-Key": "2"})
    assert other.json()["task"]["id"] != first["id"]


def test_render_runs_and_is_served_from_cache(inline_client: Client) -> None:
    client = inline_client
    auth = register(client)
    created = create_resume(client, auth)
    body = {"version_id": created["version_id"], "template": "classic", "format": "pdf"}
    made = client.post("/api/v1/renders", json=body, headers=auth)
    assert made.status_code == 202
    task = settle(client, auth, made.json()["task"])
    assert task["status"] == "succeeded", task
    download = client.get(task["result"]["url"], headers=auth)
    assert download.status_code == 200
    assert download.headers["content-type"] == "application/pdf"
    assert download.headers["content-disposition"].startswith("attachment; filename=")
    assert download.content.startswith(b"%PDF-")
    cached = client.post("/api/v1/renders", json=body, headers=auth)
    assert cached.status_code == 200
    assert cached.json()["task"]["id"] == task["id"]
    assert cached.json()["task"]["status"] == "succeeded"


def test_import_runs_into_a_new_resume(inline_client: Client) -> None:
    client = inline_client
    auth = register(client)
    data = json.dumps(RESUME).encode()
    answer = client.post(
        "/api/v1/imports", files={"file": ("cv.json", data, "application/json")}, headers=auth
    )
    assert answer.status_code == 202
    task = settle(client, auth, answer.json()["task"])
    assert (task["kind"], task["status"]) == ("import", "succeeded"), task
    imported = client.get(f"/api/v1/resumes/{task['result']['resume_id']}", headers=auth)
    assert imported.json()["resume"]["basics"]["name"] == RESUME["basics"]["name"]


def test_tokens_are_listed_and_revoked(client: Client) -> None:
    auth = register(client)
    made = client.post("/api/v1/tokens", json={"name": "laptop"}, headers=auth)
    assert made.status_code == 201
    assert made.json()["token"].startswith("tcv_")
    listed = client.get("/api/v1/tokens", headers=auth).json()["items"]
    assert {t["name"] for t in listed} == {"laptop"}  # a log-in is a session, not a token
    assert all("token" not in t and "token_hash" not in t for t in listed)
    new = {"Authorization": f"Bearer {made.json()['token']}"}
    assert client.get("/api/v1/me", headers=new).status_code == 200
    assert client.delete(f"/api/v1/tokens/{made.json()['id']}", headers=auth).status_code == 204
    assert_problem(client.get("/api/v1/me", headers=new), 401)


def test_export_holds_everything_and_erasure_removes_it(inline_client: Client) -> None:
    client = inline_client
    auth = register(client)
    created = create_resume(client, auth)
    create_job(client, auth)
    body = {"version_id": created["version_id"], "template": "classic", "format": "txt"}
    made = client.post("/api/v1/renders", json=body, headers=auth).json()["task"]
    assert settle(client, auth, made)["status"] == "succeeded"
    export = client.get("/api/v1/me/export", headers=auth)
    assert export.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(export.content))
    names = set(archive.namelist())
    assert {"account.json", "jobs.json", "tasks.json", "files.json"} <= names
    assert f"resumes/{created['id']}.json" in names
    assert any(name.startswith("files/") and name.endswith(".txt") for name in names)
    saved = json.loads(archive.read(f"resumes/{created['id']}.json"))
    assert len(saved["versions"]) == 1
    assert "password_hash" not in archive.read("account.json").decode()
    services = client.app.state.services
    with services.sessions() as session:
        user_id = uuid.UUID(client.get("/api/v1/me", headers=auth).json()["id"])
        keys = [file.key for file in queries.list_files(session, user_id)]
    assert keys
    assert client.delete("/api/v1/me", headers=auth).status_code == 204
    assert_problem(client.get("/api/v1/me", headers=auth), 401)
    assert not any(services.blobs.exists(key) for key in keys), "blobs go after the rows"


def test_publish_and_unpublish(client: Client) -> None:
    auth = register(client)
    created = create_resume(client, auth)
    url = f"/api/v1/resumes/{created['id']}/publish"
    page = client.put(url, json={"slug": "ada-lovelace"}, headers=auth)
    assert page.status_code == 200
    assert page.json()["url"] == "/r/ada-lovelace"
    assert page.json()["noindex"] is True
    assert client.get("/r/ada-lovelace").status_code == 200
    other = register(client)
    taken = client.put(
        f"/api/v1/resumes/{create_resume(client, other)['id']}/publish",
        json={"slug": "ada-lovelace"},
        headers=other,
    )
    assert_problem(taken, 409)
    assert client.delete(url, headers=auth).status_code == 204
    assert client.get("/r/ada-lovelace").status_code == 404


def test_templates_and_health(client: Client) -> None:
    names = {t["name"] for t in client.get("/api/v1/templates").json()["items"]}
    assert {"classic", "modern", "compact"} <= names
    assert client.get("/health/live").json() == {"status": "ok"}
    assert client.get("/health/ready").status_code == 200
    detailed = client.get("/health").json()
    assert set(detailed["checks"]) == {"database", "queue", "storage"}
