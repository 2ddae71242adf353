"""The per-user storage limit (``storage_per_user_bytes``): uploads and renders that would go
over it are refused with 413 ``too-large`` naming the limit; a render that finds out only in the
worker fails as a user error, never retried."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable

from tailorcv.ops.settings import Settings
from tailorcv.store import queries
from tailorcv.store.db import make_engine, make_sessions
from tailorcv.tasks.dispatch import InlineDispatcher
from tests.web.conftest import Client
from tests.web.helpers import RESUME, assert_problem, create_resume, register, resume

UPLOAD = json.dumps(RESUME).encode()


def upload(client: Client, auth: dict[str, str], data: bytes = UPLOAD) -> int:
    files = {"file": ("cv.json", data, "application/json")}
    return client.post("/api/v1/imports", files=files, headers=auth).status_code


def inline(make_client: Callable[..., Client], settings: Settings, limit: int) -> Client:
    """A client whose tasks run in this process, both with the allowance ``limit``."""
    chosen = Settings(**{**settings.model_dump(), "storage_per_user_bytes": limit})
    return make_client(InlineDispatcher(chosen), storage_per_user_bytes=limit)


def test_an_upload_over_the_allowance_is_refused_and_stores_nothing(
    make_client: Callable[..., Client], settings: Settings
) -> None:
    client = inline(make_client, settings, len(UPLOAD) + 10)
    auth = register(client)
    assert upload(client, auth) == 202
    assert upload(client, auth) == 202, "the same bytes again take no more room"
    other = json.dumps(resume(name="Ada King")).encode()
    answer = client.post(
        "/api/v1/imports", files={"file": ("cv.json", other, "application/json")}, headers=auth
    )
    body = assert_problem(answer, 413)
    assert body["type"].endswith("/too-large")
    assert f"storage limit of {len(UPLOAD) + 10} bytes" in body["detail"]
    assert "storage_per_user_bytes" in body["detail"]
    tasks = client.get("/api/v1/tasks", headers=auth).json()["items"]
    assert len(tasks) == 2, "the refused upload made no task"
    assert upload(client, register(client), other) == 202, "the allowance is per user"


def test_a_render_over_the_allowance_fails_in_the_worker_unretried(
    make_client: Callable[..., Client], settings: Settings
) -> None:
    roomy = make_client()
    auth = register(roomy)
    created = create_resume(roomy, auth)
    limit = used(settings, roomy, auth) + 100  # the résumé fits (issue 16: it counts); no PDF
    client = inline(make_client, settings, limit)
    body = {"version_id": created["version_id"], "template": "classic", "format": "pdf"}
    task = client.post("/api/v1/renders", json=body, headers=auth).json()["task"]
    assert (task["status"], task["attempts"]) == ("failed", 1), task
    assert f"over the storage limit of {limit} bytes (storage_per_user_bytes)" in task["error"]
    assert client.app.state.services.dispatcher.deferred == [], "a user error is not retried"


def test_a_render_when_the_allowance_is_full_is_refused_at_once(
    make_client: Callable[..., Client], settings: Settings
) -> None:
    roomy = make_client()
    auth = register(roomy)
    created = create_resume(roomy, auth)
    limit = used(settings, roomy, auth) + len(UPLOAD)  # the upload fills it exactly
    client = make_client(storage_per_user_bytes=limit)
    assert upload(client, auth) == 202
    body = {"version_id": created["version_id"], "template": "classic", "format": "txt"}
    answer = client.post("/api/v1/renders", json=body, headers=auth)
    detail = assert_problem(answer, 413)["detail"]
    assert f"storage limit of {limit} bytes (storage_per_user_bytes)" in detail
    tasks = client.get("/api/v1/tasks?status=queued", headers=auth).json()["items"]
    assert [task["kind"] for task in tasks] == ["import"], "no render was queued"


def used(settings: Settings, client: Client, auth: dict[str, str]) -> int:
    """What the account keeps now: its files and its documents (``queries.storage_used``)."""
    owner = uuid.UUID(client.get("/api/v1/me", headers=auth).json()["id"])
    engine = make_engine(settings)
    try:
        with make_sessions(engine)() as session:
            return queries.storage_used(session, owner)
    finally:
        engine.dispose()
