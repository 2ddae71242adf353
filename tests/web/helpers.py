"""Small helpers for the web tests: accounts, documents, and the problem shape."""

from __future__ import annotations

import copy
import json
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from tailorcv.ops.settings import Settings
from tailorcv.store.blobs import KEY
from tailorcv.tasks.dispatch import InlineDispatcher
from tests.web.conftest import Client

ROOT = Path(__file__).resolve().parents[2]
RESUME: dict[str, Any] = json.loads((ROOT / "examples" / "resume.json").read_text())
JOB_TEXT = (ROOT / "examples" / "job.txt").read_text()
PASSWORD = "correct horse battery staple"
PROBLEM_KEYS = {"type", "title", "status", "detail", "instance"}
FINAL = {"succeeded", "failed", "dead", "cancelled"}


def resume(**basics: Any) -> dict[str, Any]:
    document = copy.deepcopy(RESUME)
    document["basics"].update(basics)
    return document


def register(client: Client, email: str | None = None) -> dict[str, str]:
    """A new account, logged in; its bearer header. The client's cookie jar is left empty."""
    address = email or f"user-{uuid.uuid4().hex[:8]}@example.com"
    credentials = {"email": address, "password": PASSWORD}
    answer = client.post("/api/v1/auth/register", json=credentials)
    assert answer.status_code == 202, answer.text
    logged_in = client.post("/api/v1/auth/login", json=credentials)
    assert logged_in.status_code == 200, logged_in.text
    client.cookies.clear()
    return {"Authorization": f"Bearer {logged_in.json()['token']}"}


def assert_problem(answer: httpx.Response, status: int) -> dict[str, Any]:
    """The answer is an RFC 9457 problem with ``status`` and every member we promise."""
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = answer.json()
    assert set(body) >= PROBLEM_KEYS, body
    assert body["status"] == status
    assert body["type"].startswith("https://tailorcv.dev/problems/")
    return body


def create_resume(client: Client, auth: dict[str, str], **basics: Any) -> dict[str, Any]:
    answer = client.post(
        "/api/v1/resumes", json={"title": "Main", "resume": resume(**basics)}, headers=auth
    )
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return body


def create_job(client: Client, auth: dict[str, str]) -> dict[str, Any]:
    answer = client.post("/api/v1/jobs", json={"text": JOB_TEXT}, headers=auth)
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return body


def settle(
    client: Client, auth: dict[str, str], task: dict[str, Any], seconds: float = 30.0
) -> dict[str, Any]:
    """``task`` once it has finished: at once when an inline dispatcher ran it, else polled
    through ``GET /tasks/{id}`` while a worker runs it."""
    deadline = time.monotonic() + seconds
    while task["status"] not in FINAL:
        if time.monotonic() > deadline:
            pytest.fail(f"task {task['id']} still {task['status']} after {seconds} s")
        time.sleep(0.02)
        task = client.get(f"/api/v1/tasks/{task['id']}", headers=auth).json()
    return task


def storing_clients(
    make_client: Callable[..., Client], files: Path, settings: Settings, *, inline: bool
) -> Callable[..., Client]:
    """Clients keeping their files in ``files``, rate limits off; ``inline`` (the default of
    the builder, overridable per call) runs their tasks here with the app's settings."""

    def build(*, inline: bool = inline, **overrides: Any) -> Client:
        overrides = {"storage_url": f"file://{files}", "ratelimit_enabled": False, **overrides}
        if not inline:
            return make_client(**overrides)
        chosen = Settings(**{**settings.model_dump(), **overrides})
        return make_client(InlineDispatcher(chosen), **overrides)

    return build


def stored(folder: Path) -> set[str]:
    """The blob keys in the folder (temporary files of a write in progress are not blobs)."""
    return {path.name for path in folder.glob("??/??/*") if KEY.fullmatch(path.name)}
