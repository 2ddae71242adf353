"""One user cannot see or touch another's data: every id of user A answers 404 to user B, the
answer leaks nothing of A's, and A's data is unchanged. Unauthenticated calls answer 401.
Run on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from tests.web.conftest import Client
from tests.web.helpers import assert_problem, create_job, create_resume, register

PUBLIC = {("POST", "/api/v1/auth/register"), ("POST", "/api/v1/auth/login")}
PUBLIC |= {("GET", "/api/v1/templates")}
SECRET_NAME = "Augusta Ada Byron"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@dataclass
class Owned:
    auth: dict[str, str]
    resume: str
    version: str
    job: str
    task: str
    file: str
    token: str
    session: str


def populate(client: Client) -> Owned:
    """User A with one of everything that has an id."""
    auth = register(client, "a@example.com")
    created = create_resume(client, auth, name=SECRET_NAME)
    job = create_job(client, auth)
    body = {"version_id": created["version_id"], "template": "classic", "format": "txt"}
    task = client.post("/api/v1/renders", json=body, headers=auth).json()["task"]
    assert task["status"] == "succeeded", task
    token = client.post("/api/v1/tokens", json={"name": "ci"}, headers=auth).json()["id"]
    client.put(f"/api/v1/resumes/{created['id']}/publish", json={"slug": "ada"}, headers=auth)
    session = client.get("/api/v1/me/sessions", headers=auth).json()["items"][0]["id"]
    return Owned(
        auth, created["id"], created["version_id"], job["id"], task["id"],
        task["result"]["file_id"], token, session,
    )  # fmt: skip


def attempts(a: Owned, b_resume: str, b_job: str) -> list[tuple[str, str, dict[str, Any]]]:
    """Every endpoint that takes an id, given A's ids (alone, or beside B's own)."""
    r, v = f"/api/v1/resumes/{a.resume}", a.version
    return [
        ("GET", r, {}),
        ("PUT", r, {"json": {"title": "stolen"}}),
        ("DELETE", r, {}),
        ("GET", f"{r}/versions", {}),
        ("POST", f"{r}/versions", {}),
        ("GET", f"{r}/versions/{v}", {}),
        ("GET", f"/api/v1/resumes/{b_resume}/versions/{v}", {}),
        ("PUT", f"{r}/publish", {"json": {"slug": "stolen"}}),
        ("DELETE", f"{r}/publish", {}),
        ("GET", f"/api/v1/jobs/{a.job}", {}),
        ("DELETE", f"/api/v1/jobs/{a.job}", {}),
        ("POST", "/api/v1/match", {"json": {"resume_id": a.resume, "job_id": b_job}}),
        ("POST", "/api/v1/match", {"json": {"version_id": v, "job_id": b_job}}),
        ("POST", "/api/v1/match", {"json": {"resume_id": b_resume, "job_id": a.job}}),
        ("POST", "/api/v1/renders", {"json": {"version_id": v, "format": "pdf"}}),
        ("POST", "/api/v1/renders", {"json": {"resume_id": a.resume, "format": "pdf"}}),
        ("POST", "/api/v1/tailorings", {"json": {"version_id": v, "job_id": b_job}}),
        ("POST", "/api/v1/tailorings", {"json": {"resume_id": b_resume, "job_id": a.job}}),
        (
            "POST",
            "/api/v1/imports",
            {"files": {"file": ("cv.txt", b"Ada\nEngineer\n")}, "data": {"resume_id": a.resume}},
        ),
        ("GET", f"/api/v1/tasks/{a.task}", {}),
        ("DELETE", f"/api/v1/tasks/{a.task}", {}),
        ("GET", f"/api/v1/files/{a.file}", {}),
        ("DELETE", f"/api/v1/tokens/{a.token}", {}),
        ("DELETE", f"/api/v1/me/sessions/{a.session}", {}),
    ]


def test_another_users_ids_answer_404_and_leak_nothing(inline_client: Client) -> None:
    client = inline_client
    a = populate(client)
    before = client.get(f"/api/v1/resumes/{a.resume}", headers=a.auth).json()
    b = register(client, "b@example.com")
    b_resume = create_resume(client, b)["id"]
    b_job = create_job(client, b)["id"]
    for method, path, options in attempts(a, b_resume, b_job):
        answer = client.request(method, path, headers=b, **options)
        body = assert_problem(answer, 404)
        text = json.dumps(body)
        assert SECRET_NAME not in text, (method, path)
        assert "a@example.com" not in text, (method, path)
    after = client.get(f"/api/v1/resumes/{a.resume}", headers=a.auth).json()
    assert after == before, "nothing of A's changed"
    assert client.get(f"/api/v1/tasks/{a.task}", headers=a.auth).json()["status"] == "succeeded"
    assert client.get(f"/api/v1/files/{a.file}", headers=a.auth).status_code == 200
    assert client.get("/api/v1/me", headers=a.auth).status_code == 200
    assert client.get("/r/ada").status_code == 200
    lists = ("resumes", "jobs", "tasks", "tokens")
    for name in lists:
        items = client.get(f"/api/v1/{name}", headers=b).json()["items"]
        ids = {item["id"] for item in items}
        assert not ids & {a.resume, a.job, a.task, a.token}, name


def test_unauthenticated_calls_answer_401_everywhere(client: Client) -> None:
    """Every API route in the OpenAPI document, bar the public ones, with no credentials, a
    wrong token, or a forged cookie."""
    spec = client.get("/api/openapi.json").json()
    ids = {name: str(uuid.uuid4()) for name in ("resume_id", "version_id", "job_id", "task_id")}
    ids |= {"file_id": str(uuid.uuid4()), "token_id": str(uuid.uuid4())}
    ids |= {"batch_id": str(uuid.uuid4()), "session_id": str(uuid.uuid4())}
    ids |= {"item_id": str(uuid.uuid4())}
    checked = 0
    for path, operations in spec["paths"].items():
        for method in operations:
            if not path.startswith("/api/v1") or (method.upper(), path) in PUBLIC:
                continue
            url = path.format(**ids)
            for headers in ({}, {"Authorization": "Bearer tcv_wrong"}):
                answer = client.request(method.upper(), url, headers=headers)
                assert_problem(answer, 401)
                assert answer.headers["www-authenticate"].startswith("Bearer")
            client.cookies.set("tailorcv_session", "forged.value", domain="testserver")
            assert_problem(client.request(method.upper(), url), 401)
            client.cookies.clear()
            checked += 1
    assert checked >= 20
