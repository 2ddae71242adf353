"""Fair queueing: one user's burst does not starve the others (docs/queue.md, "Priorities")."""

from __future__ import annotations

from pathlib import Path

from tailorcv.ops.settings import Settings
from tailorcv.tasks import HueyDispatcher, make_huey
from tests.web.conftest import Client, RecordingDispatcher
from tests.web.helpers import create_resume, register


def render(client: Client, auth: dict[str, str], version_id: str, n: int) -> str:
    body = {"version_id": version_id, "template": "classic", "format": "txt"}
    answer = client.post("/api/v1/renders", json=body, headers={**auth, "Idempotency-Key": str(n)})
    assert answer.status_code == 202, answer.text
    task_id: str = answer.json()["task"]["id"]
    return task_id


def test_each_active_task_lowers_the_next_ones_priority(
    client: Client, dispatcher: RecordingDispatcher
) -> None:
    """The burst's tasks go 0, -1, -2, …; a second user's first task is 0 again, and a task
    that finished no longer counts."""
    burst = register(client)
    version = create_resume(client, burst)["version_id"]
    for n in range(4):
        render(client, burst, version, n)
    other = register(client)
    render(client, other, create_resume(client, other)["version_id"], 0)
    assert [priority for _, _, priority in dispatcher.enqueued] == [0, -1, -2, -3, 0]
    first = str(dispatcher.enqueued[0][0])
    assert client.delete(f"/api/v1/tasks/{first}", headers=burst).status_code == 200
    render(client, burst, version, 99)
    assert dispatcher.enqueued[-1][2] == -3, "three tasks still active"


def test_a_second_users_first_task_leaves_the_queue_before_the_burst(
    client: Client, dispatcher: RecordingDispatcher, tmp_path: Path
) -> None:
    """The priorities the API gave, on a real SqliteHuey: the second user's task is dequeued
    right after the burst's first (equal priority, first come), ahead of its other nine."""
    burst = register(client)
    version = create_resume(client, burst)["version_id"]
    ids = [render(client, burst, version, n) for n in range(10)]
    other = register(client)
    ids.append(render(client, other, create_resume(client, other)["version_id"], 0))
    huey = make_huey(Settings(data_dir=tmp_path, queue_url=f"sqlite:///{tmp_path / 'q.db'}"))
    queue = HueyDispatcher(huey)
    for task_id, kind, priority in dispatcher.enqueued:
        queue.enqueue(task_id, kind, priority)
    order = [huey.dequeue().args[0] for _ in ids]
    assert order == [ids[0], ids[10], *ids[1:10]]
