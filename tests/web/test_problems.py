"""The error shape, pinned once for every kind of error: RFC 9457 problem+json with ``type``,
``title``, ``status``, ``detail`` and ``instance`` (and ``errors`` with paths where the input
was invalid), never a traceback or the input itself."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from tailorcv.render import FORMATS
from tailorcv.service.schemas import Format
from tests.web.conftest import Client
from tests.web.helpers import assert_problem, create_resume, register

P = "https://tailorcv.dev/problems/"
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


def cases(ids: dict[str, str]) -> list[tuple[str, str, dict[str, Any], int, str]]:
    """(method, path, request options, status, type) for each kind of error."""
    r, v = ids["resume"], ids["version"]
    missing = str(uuid.uuid4())
    return [
        ("GET", "/api/v1/me", {"auth": False}, 401, "unauthenticated"),
        ("POST", "/api/v1/auth/login", {"json": {"email": "a@b.c", "password": "no"}},
         401, "wrong-credentials"),
        ("GET", f"/api/v1/resumes/{missing}", {}, 404, "not-found"),
        ("GET", "/api/v1/no-such-route", {}, 404, "not-found"),
        ("PATCH", "/api/v1/me", {}, 405, "method-not-allowed"),
        ("POST", "/api/v1/renders", {"json": {"version_id": v, "template": "nope"}},
         404, "template-not-found"),
        ("POST", "/api/v1/auth/register", {"json": {"email": "n@example.com",
         "password": "12345678"}, "auth": False}, 422, "weak-password"),
        ("PUT", f"/api/v1/resumes/{r}/publish", {"json": {"slug": "taken"}}, 409, "slug-taken"),
        ("POST", "/api/v1/resumes", {"json": {"title": "t", "resume": {"work": "x"}}},
         422, "invalid-resume"),
        ("POST", "/api/v1/resumes", {"json": {"title": ""}}, 422, "invalid-request"),
        ("GET", "/api/v1/resumes/not-a-uuid", {}, 422, "invalid-request"),
        ("POST", "/api/v1/match", {"json": {"job_id": missing}}, 422, "invalid-request"),
        ("POST", "/api/v1/renders", {"json": {"version_id": v},
         "headers": {"Idempotency-Key": "x" * 201}}, 422, "invalid-request"),
        ("POST", "/api/v1/imports", {"files": {"file": ("cv.pdf", PNG)}},
         415, "unsupported-format"),
        ("POST", "/api/v1/imports", {"files": {"file": ("cv.txt", b"  ")}}, 422, "unreadable-file"),
        ("POST", "/api/v1/imports", {"content": b"x" * 300_000,
         "headers": {"Content-Type": "application/octet-stream"}}, 413, "too-large"),
    ]  # fmt: skip


@pytest.fixture
def small(make_client: Callable[..., Client]) -> Client:
    return make_client(max_upload_bytes=100_000)


def test_every_error_kind_is_a_problem(small: Client) -> None:
    auth = register(small, "a@example.com")
    created = create_resume(small, auth)
    other = register(small)
    small.put(
        f"/api/v1/resumes/{create_resume(small, other)['id']}/publish",
        json={"slug": "taken"},
        headers=other,
    )
    ids = {"resume": created["id"], "version": created["version_id"]}
    for method, path, options, status, kind in cases(ids):
        headers = {**(auth if options.pop("auth", True) else {}), **options.pop("headers", {})}
        answer = small.request(method, path, headers=headers, **options)
        body = assert_problem(answer, status)
        assert body["type"] == P + kind, (method, path, body)
        assert body["instance"] == path.split("?")[0]
        if status == 422 and kind in ("invalid-resume", "invalid-request"):
            assert all({"path", "message"} <= set(error) for error in body["errors"])
            assert body["errors"], body


def test_validation_errors_name_locations_and_never_echo_input(client: Client) -> None:
    secret = "hunter2-never-echo"
    answer = client.post("/api/v1/auth/register", json={"email": "bad", "password": secret})
    body = assert_problem(answer, 422)
    assert {e["path"] for e in body["errors"]} == {"body.email"}
    assert secret not in answer.text


def test_unexpected_errors_are_500_problems_without_internals(
    make_client: Callable[..., Client],
) -> None:
    class BrokenStorage:
        def put(self, data: bytes) -> str:
            raise RuntimeError("internal detail: /srv/secret/path")

    client = make_client(raise_errors=False)
    client.app.state.services.blobs = BrokenStorage()
    auth = register(client)
    answer = client.post("/api/v1/imports", files={"file": ("cv.txt", b"Ada\n")}, headers=auth)
    body = assert_problem(answer, 500)
    assert body["type"] == P + "internal"
    assert "secret" not in answer.text
    assert "Traceback" not in answer.text
    assert answer.headers["x-request-id"] in body["detail"]


def test_a_queue_that_refuses_work_does_not_lose_it(make_client: Callable[..., Client]) -> None:
    """The row is committed before the queue is asked; recovery delivers it later."""

    class Refusing:
        def enqueue(self, task_id: uuid.UUID, kind: str, priority: int = 0) -> None:
            raise ConnectionError("the queue is down")

    client = make_client(Refusing())
    auth = register(client)
    created = create_resume(client, auth)
    answer = client.post("/api/v1/renders", json={"resume_id": created["id"]}, headers=auth)
    assert answer.status_code == 202
    task = client.get(f"/api/v1/tasks/{answer.json()['task']['id']}", headers=auth).json()
    assert task["status"] == "queued"


def test_not_ready_names_the_failing_part(make_client: Callable[..., Client]) -> None:
    class Down:
        def enqueue(self, task_id: uuid.UUID, kind: str, priority: int = 0) -> None:
            raise AssertionError("not called")

        def pending(self) -> int:
            raise ConnectionError("redis at 10.0.0.1:6379 refused the connection")

    client = make_client(Down())
    body = assert_problem(client.get("/health/ready"), 503)
    assert body["type"] == P + "not-ready"
    assert body["failing"] == ["queue"]
    detailed = client.get("/health")
    assert detailed.status_code == 503
    assert detailed.json()["checks"]["queue"]["status"] == "failing"
    assert detailed.json()["checks"]["database"]["status"] == "ok"


def test_render_formats_match_the_core() -> None:
    assert set(Format.__args__) == set(FORMATS)
