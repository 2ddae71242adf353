"""Admin endpoints (issue 5): dead tasks, retry, the queue's state; hidden from everyone else."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import update

from tailorcv.store import queries
from tailorcv.store.models import Task, User, utcnow
from tests.web.conftest import Client
from tests.web.helpers import ROOT, assert_problem, create_resume, register

ADMIN_ROUTES = [
    ("GET", "/api/v1/admin/tasks?status=dead"),
    ("POST", f"/api/v1/admin/tasks/{uuid.uuid4()}/retry"),
    ("GET", "/api/v1/admin/queue"),
]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def user_id(client: Client, auth: dict[str, str]) -> uuid.UUID:
    return uuid.UUID(client.get("/api/v1/me", headers=auth).json()["id"])


def make_admin(client: Client) -> dict[str, str]:
    auth = register(client)
    with client.app.state.services.sessions() as session, session.begin():
        uid = user_id(client, auth)
        session.execute(update(User).where(User.id == uid).values(is_admin=True))
    return auth


def add_task(
    client: Client, owner: uuid.UUID, kind: str, payload: dict[str, Any], **row: Any
) -> uuid.UUID:
    """A task row, then its columns set as given (``status="dead"``, an old ``created_at``)."""
    with client.app.state.services.sessions() as session, session.begin():
        task = queries.create_task(session, owner, kind, payload)
        if row:
            session.execute(update(Task).where(Task.id == task.id).values(**row))
        return task.id


def test_admin_lists_dead_tasks_newest_first_a_page_at_a_time(client: Client) -> None:
    admin = make_admin(client)
    owner = user_id(client, register(client))
    now = utcnow()
    dead = [
        add_task(
            client, owner, "render", {}, status="dead", error=f"boom {n}", attempts=3,
            created_at=now - timedelta(minutes=n),
        )
        for n in range(3)
    ]  # fmt: skip
    add_task(client, owner, "render", {}, status="failed", error="bad input")
    first = client.get("/api/v1/admin/tasks?status=dead&limit=2", headers=admin).json()
    assert [item["id"] for item in first["items"]] == [str(dead[0]), str(dead[1])]
    assert first["items"][0]["owner_id"] == str(owner)
    assert (first["items"][0]["kind"], first["items"][0]["error"]) == ("render", "boom 0")
    assert first["items"][0]["attempts"] == 3
    second = client.get(
        f"/api/v1/admin/tasks?status=dead&limit=2&offset={first['next_offset']}", headers=admin
    ).json()
    assert ([item["id"] for item in second["items"]], second["next_offset"]) == (
        [str(dead[2])],
        None,
    )
    failed = client.get("/api/v1/admin/tasks?status=failed", headers=admin).json()["items"]
    assert [item["error"] for item in failed] == ["bad input"]


def test_others_get_the_404_of_a_route_that_does_not_exist(client: Client) -> None:
    """A user who is not an admin, a wrong token and no token all see what an unknown route
    answers, and the OpenAPI document does not list the routes."""
    owner = register(client)
    add_task(client, user_id(client, owner), "render", {}, status="dead")
    unknown = client.get("/api/v1/nothing-here").json()
    for method, url in ADMIN_ROUTES:
        for headers in (owner, {"Authorization": "Bearer tcv_wrong"}, {}):
            body = assert_problem(client.request(method, url, headers=headers), 404)
            assert (body["type"], body["title"]) == (unknown["type"], unknown["title"])
            assert body["detail"] == f"nothing at {url.split('?')[0]}"
    assert not [path for path in client.get("/api/openapi.json").json()["paths"] if "admin" in path]


def test_retry_runs_a_dead_task_again_to_success(inline_client: Client) -> None:
    client = inline_client
    admin = make_admin(client)
    auth = register(client)
    created = create_resume(client, auth)
    payload = {"version_id": created["version_id"], "template": "classic", "format": "txt"}
    task_id = add_task(
        client, user_id(client, auth), "render", payload, status="dead", attempts=3,
        error="OSError: disk full", finished_at=utcnow(),
    )  # fmt: skip
    retried = client.post(f"/api/v1/admin/tasks/{task_id}/retry", headers=admin)
    assert retried.status_code == 200, retried.text
    task = retried.json()
    assert (task["id"], task["status"], task["attempts"]) == (str(task_id), "succeeded", 1)
    assert task["error"] is None
    owned = client.get(f"/api/v1/tasks/{task_id}", headers=auth).json()
    assert client.get(owned["result"]["url"], headers=auth).status_code == 200
    assert_problem(client.post(f"/api/v1/admin/tasks/{task_id}/retry", headers=admin), 409)
    assert_problem(client.post(f"/api/v1/admin/tasks/{uuid.uuid4()}/retry", headers=admin), 404)


def test_queue_report_counts_queued_work_by_priority_and_kind(client: Client) -> None:
    admin = make_admin(client)
    owner = user_id(client, register(client))
    old = utcnow() - timedelta(seconds=90)
    add_task(client, owner, "render", {}, priority=10, created_at=old)
    add_task(client, owner, "render", {}, priority=0)
    add_task(client, owner, "import", {}, priority=0)
    add_task(client, owner, "tailor", {}, status="running", lease_expires_at=utcnow())
    add_task(client, owner, "render", {}, status="dead")
    report = client.get("/api/v1/admin/queue", headers=admin).json()
    assert report["queued"] == 3
    assert report["running"] == 1
    assert report["by_priority"] == {"10": 1, "0": 2}
    assert list(report["by_priority"]) == ["10", "0"], "highest priority first"
    assert report["by_kind"] == {"render": 2, "import": 1}
    assert 90 <= report["oldest_queued_seconds"] < 120
    assert (report["workers_seen"], report["workers"]) == (0, [])
    assert report["pending_messages"] is None  # the recording dispatcher cannot count


def test_queue_report_of_an_empty_queue(client: Client) -> None:
    report = client.get("/api/v1/admin/queue", headers=make_admin(client)).json()
    assert (report["queued"], report["oldest_queued_seconds"], report["by_kind"]) == (0, None, {})


def test_queue_report_lists_the_workers_seen_in_the_last_minute(client: Client) -> None:
    """Heartbeat rows as ``tailorcv worker`` writes them: a stale one is not counted."""
    admin = make_admin(client)
    now = utcnow()
    alive, quiet, stale = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    with client.app.state.services.sessions() as session, session.begin():
        queue = queries.public_queue_url("redis://:s3cret@cache:6379/0?queue=tailorcv")
        for worker_id, pid, started, seen in (
            (alive, 11, now - timedelta(hours=1), now - timedelta(seconds=3)),
            (quiet, 12, now - timedelta(minutes=1), now - timedelta(seconds=50)),
            (stale, 13, now - timedelta(hours=2), now - timedelta(seconds=90)),
        ):
            queries.record_heartbeat(session, worker_id, "box", pid, queue, started, processes=2)
            queries.record_heartbeat(session, worker_id, "box", pid, queue, seen, processes=2)
    report = client.get("/api/v1/admin/queue", headers=admin).json()
    assert report["workers_seen"] == 2
    assert [(w["hostname"], w["pid"], w["processes"]) for w in report["workers"]] == [
        ("box", 11, 2),
        ("box", 12, 2),
    ]
    first = report["workers"][0]
    assert first["queue"] == "redis://cache:6379/0?queue=tailorcv"
    assert "s3cret" not in str(report)
    assert set(first) == {"hostname", "pid", "queue", "processes", "started_at", "seen_at"}
    assert datetime.fromisoformat(first["seen_at"]) == now - timedelta(seconds=3)
    assert datetime.fromisoformat(first["started_at"]) == now - timedelta(hours=1)


def test_the_hidden_routes_are_documented() -> None:
    """The OpenAPI document leaves them out, so test_docs.py cannot see them: check here."""
    documented = (ROOT / "docs" / "api.md").read_text()
    for route in (
        "`GET /admin/tasks?status=",
        "`POST /admin/tasks/{id}/retry`",
        "`GET /admin/queue`",
    ):
        assert route in documented, route
