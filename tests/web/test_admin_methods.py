"""Admin routes hide their methods too (issue 16): a wrong method answers a non-admin with the
404 of an unknown route, never the 405 that would say the path exists; an admin gets the 405."""

from __future__ import annotations

import uuid

from sqlalchemy import update

from tailorcv.store.models import User
from tests.web.conftest import Client
from tests.web.helpers import PASSWORD, assert_problem

# (a method the route does not take, its path, what it does take)
WRONG = [
    ("DELETE", "/api/v1/admin/tasks", "GET"),
    ("POST", "/api/v1/admin/queue", "GET"),
    ("PUT", "/api/v1/admin/queue", "GET"),
    ("HEAD", "/api/v1/admin/tasks", "GET"),
    ("GET", f"/api/v1/admin/tasks/{uuid.uuid4()}/retry", "POST"),
    ("PROPFIND", "/api/v1/admin/queue", "GET"),  # a method no list of standard ones names
]


def register(client: Client) -> dict[str, str]:
    """A new account, logged in: its bearer header (whatever registering itself answers)."""
    body = {"email": f"user-{uuid.uuid4().hex[:8]}@example.com", "password": PASSWORD}
    assert client.post("/api/v1/auth/register", json=body).status_code in (201, 202)
    answer = client.post("/api/v1/auth/login", json=body)
    assert answer.status_code == 200, answer.text
    client.cookies.clear()
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def make_admin(client: Client) -> dict[str, str]:
    auth = register(client)
    uid = uuid.UUID(client.get("/api/v1/me", headers=auth).json()["id"])
    with client.app.state.services.sessions() as session, session.begin():
        session.execute(update(User).where(User.id == uid).values(is_admin=True))
    return auth


def test_a_wrong_method_answers_others_with_the_404_of_an_unknown_route(client: Client) -> None:
    owner = register(client)
    unknown = assert_problem(client.delete("/api/v1/nothing-here"), 404)
    for method, url, _allowed in WRONG:
        for headers in (owner, {"Authorization": "Bearer tcv_wrong"}, {}):
            answer = client.request(method, url, headers=headers)
            assert answer.status_code == 404, (method, url, answer.status_code)
            assert "allow" not in answer.headers
            if method != "HEAD":
                body = assert_problem(answer, 404)
                assert (body["type"], body["title"]) == (unknown["type"], unknown["title"])
                assert body["detail"] == f"nothing at {url}"


def test_a_wrong_method_answers_an_admin_with_405_and_the_methods_allowed(
    client: Client,
) -> None:
    admin = make_admin(client)
    for method, url, allowed in WRONG:
        answer = client.request(method, url, headers=admin)
        assert answer.status_code == 405, (method, url, answer.text)
        assert answer.headers["allow"] == allowed
        if method != "HEAD":
            assert assert_problem(answer, 405)["type"].endswith("/method-not-allowed")


def test_the_right_method_still_reaches_the_route(client: Client) -> None:
    admin = make_admin(client)
    assert client.get("/api/v1/admin/queue", headers=admin).status_code == 200
    assert client.get("/api/v1/admin/tasks", headers=admin).status_code == 200
    retried = client.post(f"/api/v1/admin/tasks/{uuid.uuid4()}/retry", headers=admin)
    assert_problem(retried, 404)
