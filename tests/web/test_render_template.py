"""``POST /renders`` uses the résumé's own ``meta.template`` unless the request names one
(issue 17: the API's render always used classic, while tailorings and letters honoured it)."""

from __future__ import annotations

import uuid

import pytest

from tailorcv.store.models import Task
from tests.web.conftest import Client
from tests.web.helpers import register, resume


def rendered_with(client: Client, auth: dict[str, str], order: dict[str, str]) -> str:
    answer = client.post("/api/v1/renders", json=order, headers=auth)
    assert answer.status_code == 202, answer.text
    with client.app.state.services.sessions() as session:
        task = session.get(Task, uuid.UUID(answer.json()["task"]["id"]))
        assert task is not None
        return str(task.payload["template"])


@pytest.mark.parametrize(
    ("own", "asked", "used"),
    [("modern", None, "modern"), ("modern", "compact", "compact"), (None, None, "classic")],
)
def test_a_render_uses_the_resumes_template_unless_one_is_asked_for(
    client: Client, own: str | None, asked: str | None, used: str
) -> None:
    auth = register(client)
    document = {**resume(), "meta": {"template": own}} if own else resume()
    made = client.post("/api/v1/resumes", json={"title": "T", "resume": document}, headers=auth)
    assert made.status_code == 201, made.text
    order = {"resume_id": made.json()["id"], **({"template": asked} if asked else {})}
    assert rendered_with(client, auth, order) == used
