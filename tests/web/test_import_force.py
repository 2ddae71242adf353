"""``force`` (import a file although it does not look like a résumé) travels from the API's form
and from the import page into the import task's payload (issue 17)."""

from __future__ import annotations

import uuid

import pytest

from tailorcv.service.payloads import ImportPayload, read
from tailorcv.store.models import Task
from tests.web.conftest import Client
from tests.web.helpers import register
from tests.web.test_limit_parity import signed_in_page

TEXT = b"Ada Lovelace\nada@example.com\n\nSkills\nPython\n"


def payload_of(client: Client, task_id: str) -> ImportPayload:
    with client.app.state.services.sessions() as session:
        task = session.get(Task, uuid.UUID(task_id))
        assert task is not None
        return read(task.kind, task.payload, ImportPayload)


@pytest.mark.parametrize("force", [True, False])
def test_the_api_carries_force_into_the_task(client: Client, force: bool) -> None:
    auth = register(client)
    files = {"file": ("cv.txt", TEXT, "text/plain")}
    data = {"force": "true"} if force else {}
    answer = client.post("/api/v1/imports", files=files, data=data, headers=auth)
    assert answer.status_code == 202, answer.text
    assert payload_of(client, answer.json()["task"]["id"]).force is force


def test_the_page_carries_force_into_the_task(client: Client) -> None:
    headers = signed_in_page(client)
    files = {"file": ("cv.txt", TEXT, "text/plain")}
    answer = client.post("/import", files=files, data={"force": "1"}, headers=headers)
    assert answer.status_code == 303, answer.text
    task_id = answer.headers["location"].rsplit("/", 1)[1]
    assert payload_of(client, task_id).force is True
