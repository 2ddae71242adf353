"""Hostile documents through the web (issue 16): a YAML alias bomb in the raw editor or an import,
a JSON body or file nested hundreds of levels deep. Each is refused with a clear message — a 422
problem, the editor's error, a failed task — within 2 s and 50 MB; none is stored, none is a 500.

Time and memory are measured in this process (``tracemalloc`` traces every thread): the core
paths are also measured in a child that is killed when it runs away (``tests/resume``).
"""

from __future__ import annotations

import json
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from tailorcv.resume.validate import MAX_DEPTH
from tests.resume.bombs import GROWTH, MB, SECONDS, nested_data, nested_json, yaml_bomb
from tests.web.conftest import Client
from tests.web.helpers import (
    PASSWORD,
    RESUME,
    assert_problem,
    create_resume,
    register,
    resume,
    settle,
)

DEEP = f"nested deeper than {MAX_DEPTH} levels"


@contextmanager
def bounded(seconds: float = SECONDS, growth: int = GROWTH) -> Iterator[None]:
    """The block takes less than ``seconds`` and allocates less than ``growth`` at its peak."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert elapsed < seconds, f"took {elapsed:.2f} s"
    assert peak < growth, f"allocated {peak / MB:.1f} MB"


def draft(client: Client, auth: dict[str, str], resume_id: str) -> dict[str, Any]:
    answer = client.get(f"/api/v1/resumes/{resume_id}", headers=auth)
    body: dict[str, Any] = answer.json()["resume"]
    return body


def test_a_yaml_bomb_in_the_raw_editor_is_shown_there_and_not_saved(client: Client) -> None:
    auth = register(client, "editor@example.com")
    made = create_resume(client, auth)
    login = {"email": "editor@example.com", "password": PASSWORD}
    assert client.post("/api/v1/auth/login", json=login).status_code == 200
    csrf = {"X-CSRF-Token": client.cookies["tailorcv_csrf"]}
    form = {"raw": yaml_bomb(), "fmt": "yaml"}
    with bounded():
        answer = client.post(f"/resumes/{made['id']}/raw", data=form, headers=csrf)
    assert answer.status_code == 422, answer.text[:500]
    assert "alias (*a0)" in answer.text
    assert "write the value out where it is used" in answer.text
    assert draft(client, auth, made["id"]) == RESUME


def upload(client: Client, auth: dict[str, str], name: str, data: bytes) -> dict[str, Any]:
    """Import ``data`` as ``name``; the finished task (the inline dispatcher ran it)."""
    files = {"file": (name, data, "application/octet-stream")}
    answer = client.post("/api/v1/imports", files=files, headers=auth)
    assert answer.status_code == 202, answer.text
    return settle(client, auth, answer.json()["task"])


def test_a_yaml_bomb_import_is_refused_at_the_upload(inline_client: Client) -> None:
    """The upload's type is found by parsing it, now within the bounds: the alias is refused
    there, before anything is stored (the import task's reader refuses it too: tests/ingest)."""
    auth = register(inline_client)
    files = {"file": ("bomb.yaml", yaml_bomb().encode(), "application/yaml")}
    with bounded():
        answer = inline_client.post("/api/v1/imports", files=files, headers=auth)
    problem = assert_problem(answer, 422)
    assert problem["type"] == "https://tailorcv.dev/problems/document-refused"
    assert "alias (*a0)" in problem["detail"]
    assert inline_client.get("/api/v1/resumes", headers=auth).json()["items"] == []
    assert inline_client.get("/api/v1/tasks", headers=auth).json()["items"] == []


@pytest.mark.parametrize("levels", [600, 50_000])
def test_a_deep_json_import_fails_its_task_with_the_reason(
    inline_client: Client, levels: int
) -> None:
    auth = register(inline_client)
    with bounded():
        task = upload(inline_client, auth, "deep.json", nested_json(levels).encode())
    assert task["status"] == "failed", task
    assert DEEP in task["error"], task
    assert inline_client.get("/api/v1/resumes", headers=auth).json()["items"] == []


BODIES: dict[str, Callable[[int], dict[str, Any]]] = {
    "create": lambda levels: {"title": "Deep", "resume": nested_data(levels)},
    "update": lambda levels: {"resume": nested_data(levels)},
}


def _send(client: Client, auth: dict[str, str], way: str, body: str) -> httpx.Response:
    headers = {**auth, "content-type": "application/json"}
    if way == "create":
        return client.post("/api/v1/resumes", content=body, headers=headers)
    made = create_resume(client, auth)
    return client.put(f"/api/v1/resumes/{made['id']}", content=body, headers=headers)


@pytest.mark.parametrize("way", BODIES)
@pytest.mark.parametrize("levels", [MAX_DEPTH, 300, 500, 900])
def test_a_resume_body_nested_too_deep_is_a_422_naming_the_bound(
    make_client: Callable[..., Client], way: str, levels: int
) -> None:
    """300 to 900 levels answered 500 (the résumé could not be serialised)."""
    client = make_client(raise_errors=False)
    auth = register(client)
    body = json.dumps(BODIES[way](levels))
    with bounded():
        answer = _send(client, auth, way, body)
    problem = assert_problem(answer, 422)
    assert problem["type"] == "https://tailorcv.dev/problems/document-refused"
    assert DEEP in problem["detail"]
    assert problem["errors"][0]["path"] == "extra.a"


@pytest.mark.parametrize("way", BODIES)
def test_a_resume_body_at_the_depth_bound_is_stored(client: Client, way: str) -> None:
    auth = register(client)
    answer = _send(client, auth, way, json.dumps(BODIES[way](MAX_DEPTH - 1)))
    assert answer.status_code in (200, 201), answer.text


def test_a_body_nested_past_pythons_limit_is_a_client_error(
    make_client: Callable[..., Client],
) -> None:
    """FastAPI parses the body itself and calls a ``RecursionError`` a 400; never a 500."""
    client = make_client(raise_errors=False)
    auth = register(client)
    body = '{"title": "Deep", "resume": ' + nested_json(50_000) + "}"
    with bounded():
        answer = _send(client, auth, "create", body)
    assert_problem(answer, 400)


def test_batch_criteria_nested_past_pythons_limit_are_a_422(
    make_client: Callable[..., Client],
) -> None:
    """``json.loads`` of the criteria raised ``RecursionError``: a 500, now a 422 that says the
    criteria are too long (they are bounded at 10,000 characters before they are parsed)."""
    client = make_client(raise_errors=False, ratelimit_enabled=False)
    auth = register(client)
    data = {"job_text": "Python developer", "criteria": "[" * 50_000 + "]" * 50_000}
    files = [("files", ("cv.json", json.dumps(resume()).encode(), "application/json"))]
    answer = client.post("/api/v1/batches", data=data, files=files, headers=auth)
    problem = assert_problem(answer, 422)
    assert problem["type"] == "https://tailorcv.dev/problems/invalid-criteria"
    assert "over 10000 characters" in problem["detail"]
