"""Why ``test_500_tasks…`` once counted 449 files for 450 renders (issue 16), without a cluster.

A user's file is its bytes: a render stores the PDF content-addressed, and one owner's equal
bytes are one file row (``store.file_queries.add_file``, unique on owner and key), so that a
re-run task, or the same render asked twice, keeps one copy. The scale test's renders each
change the résumé's draft (a new headline) and then render it. Its orders used to go through
one pool of threads, so one user could have two orders in flight at once; when both drafts were
written before either render was asked, both renders rendered the later draft, with the same
template every third order: the same document, the same bytes, one file for two tasks. The code
is right; the test now sends each user's orders one after another.
"""

from __future__ import annotations

import copy
import uuid
from typing import Any

from tailorcv.ops.settings import Settings
from tailorcv.tasks.runner import run_task
from tests.tasks.conftest import example_resume, task_row
from tests.web.conftest import Client
from tests.web.helpers import register

API = "/api/v1"


def _draft(label: str) -> dict[str, Any]:
    document = copy.deepcopy(example_resume())
    document["basics"]["label"] = label
    return {"resume": document}


def _render(client: Client, auth: dict[str, str], resume_id: str) -> str:
    """Ask for a render of the draft as it is now; the task's id (run later, by ``_run``)."""
    answer = client.post(
        f"{API}/renders", json={"resume_id": resume_id, "template": "modern"}, headers=auth
    )
    assert answer.status_code == 202, answer.text
    return str(answer.json()["task"]["id"])


def _run(settings: Settings, task_id: str) -> str:
    """Run the task as a worker would; its file's id."""
    run_task(settings, uuid.UUID(task_id))
    task = task_row(settings, uuid.UUID(task_id))
    assert task.status == "succeeded", task.error
    assert task.result is not None
    return str(task.result["file_id"])


def _resume(client: Client, auth: dict[str, str]) -> str:
    body = {"title": "Scale", **_draft("Engineer")}
    answer = client.post(f"{API}/resumes", json=body, headers=auth)
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def test_two_renders_in_flight_for_one_user_can_share_a_file(
    client: Client, settings: Settings
) -> None:
    """Orders 10 and 13 of one user (both ``modern``), interleaved as two threads did: both
    drafts written, then both renders asked. Two tasks, one document, one file."""
    auth = register(client)
    resume_id = _resume(client, auth)
    for label in ("Engineer 10", "Engineer 13"):
        answer = client.put(f"{API}/resumes/{resume_id}", json=_draft(label), headers=auth)
        assert answer.status_code == 200, answer.text
    first = _render(client, auth, resume_id)
    second = _render(client, auth, resume_id)  # the first has not run: a new task

    assert first != second
    versions = {task_row(settings, uuid.UUID(i)).payload["version_id"] for i in (first, second)}
    assert len(versions) == 1  # both rendered the draft the later order wrote
    assert _run(settings, first) == _run(settings, second)


def test_each_users_orders_in_turn_get_a_file_each(client: Client, settings: Settings) -> None:
    """The same two orders one after the other, as the scale test now sends them: each render
    renders its own draft, and each task has its own file."""
    auth = register(client)
    resume_id = _resume(client, auth)
    files = []
    for label in ("Engineer 10", "Engineer 13"):
        answer = client.put(f"{API}/resumes/{resume_id}", json=_draft(label), headers=auth)
        assert answer.status_code == 200, answer.text
        files.append(_run(settings, _render(client, auth, resume_id)))

    assert files[0] != files[1]
