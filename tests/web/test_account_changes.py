"""Changing the password and the e-mail address through the API (issue 19), on SQLite and
PostgreSQL: the current password is asked again, the new one meets the registration's rules, the
other log-in sessions end, and every bad input is refused with its own problem, changing nothing.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.web.accounts import api_login, bearer, make_account
from tests.web.conftest import Client
from tests.web.helpers import PASSWORD, assert_problem

NEW = "a brand new passphrase"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def new_address(name: str = "ada") -> str:
    return f"{name}-{uuid.uuid4().hex[:8]}@example.com"


def account(client: Client) -> tuple[str, dict[str, str]]:
    email = new_address()
    make_account(client, email)
    return email, bearer(client, email)


def test_a_new_password_ends_the_other_sessions_and_keeps_this_one(client: Client) -> None:
    email, mine = account(client)
    others = [bearer(client, email), bearer(client, email)]
    made = client.post("/api/v1/tokens", json={"name": "script"}, headers=mine).json()
    script = {"Authorization": f"Bearer {made['token']}"}
    body = {"current_password": PASSWORD, "new_password": NEW}
    answer = client.put("/api/v1/me/password", json=body, headers=mine)
    assert answer.status_code == 200, answer.text
    assert answer.json() == {
        "detail": "password changed; 2 other sessions were logged out",
        "sessions_ended": 2,
    }
    assert client.get("/api/v1/me", headers=mine).status_code == 200
    for other in others:
        assert_problem(client.get("/api/v1/me", headers=other), 401)
    assert client.get("/api/v1/me", headers=script).status_code == 200  # tokens are kept
    assert api_login(client, email).status_code == 401
    assert api_login(client, email, NEW).status_code == 200


def test_a_change_by_an_api_token_ends_every_session(client: Client) -> None:
    _, session = account(client)
    made = client.post("/api/v1/tokens", json={"name": "script"}, headers=session).json()
    script = {"Authorization": f"Bearer {made['token']}"}
    body = {"current_password": PASSWORD, "new_password": NEW}
    answer = client.put("/api/v1/me/password", json=body, headers=script)
    assert answer.json()["sessions_ended"] == 1
    assert_problem(client.get("/api/v1/me", headers=session), 401)


@pytest.mark.parametrize(
    ("body", "status", "kind", "says"),
    [
        ({"current_password": "not my password", "new_password": NEW}, 403, "wrong-password",
         "current_password: it is not the account's password"),
        ({"current_password": PASSWORD, "new_password": "short"}, 422, "weak-password",
         "new_password: the password needs at least 8 characters"),
        ({"current_password": PASSWORD, "new_password": "12345678"}, 422, "weak-password",
         "most common"),
        ({"current_password": PASSWORD, "new_password": PASSWORD}, 422, "unchanged",
         "new_password: it is the password the account has"),
        ({"current_password": PASSWORD}, 422, "invalid-request", "body.new_password"),
    ],
)  # fmt: skip
def test_a_refused_password_change_changes_nothing(
    client: Client, body: dict[str, str], status: int, kind: str, says: str
) -> None:
    email, mine = account(client)
    other = bearer(client, email)
    problem = assert_problem(client.put("/api/v1/me/password", json=body, headers=mine), status)
    assert problem["type"].endswith(f"/{kind}")
    assert says in problem["detail"]
    assert client.get("/api/v1/me", headers=other).status_code == 200
    assert api_login(client, email).status_code == 200


def test_the_weak_password_rule_is_the_registrations(client: Client) -> None:
    """Not the account's address either, as at registration."""
    email, mine = account(client)
    body = {"current_password": PASSWORD, "new_password": email.upper()}
    problem = assert_problem(client.put("/api/v1/me/password", json=body, headers=mine), 422)
    assert "must not be your e-mail address" in problem["detail"]


def test_a_new_address_is_the_one_to_log_in_with(client: Client) -> None:
    email, mine = account(client)
    wanted = new_address("Lovelace").upper()
    body = {"email": f"  {wanted} ", "current_password": PASSWORD}
    answer = client.put("/api/v1/me/email", json=body, headers=mine)
    assert answer.status_code == 200, answer.text
    assert answer.json()["email"] == wanted.lower()
    assert client.get("/api/v1/me", headers=mine).json()["email"] == wanted.lower()
    assert api_login(client, wanted.lower()).status_code == 200
    assert api_login(client, email).status_code == 401


def refused_addresses(mine: str, taken: str) -> list[tuple[dict[str, Any], int, str, str]]:
    return [
        ({"email": taken.upper(), "current_password": PASSWORD}, 409, "email-taken",
         "belongs to another account"),
        ({"email": "jane at example", "current_password": PASSWORD}, 422, "invalid-request",
         "body.email: needs one @"),
        ({"email": "jane@example", "current_password": PASSWORD}, 422, "invalid-request",
         "body.email: needs a whole domain after the @"),
        ({"email": mine.title(), "current_password": PASSWORD}, 422, "unchanged",
         "email: it is the address the account has"),
        ({"email": new_address(), "current_password": "not my password"}, 403, "wrong-password",
         "current_password"),
    ]  # fmt: skip


@pytest.mark.parametrize("case", range(5))
def test_a_refused_address_changes_nothing(client: Client, case: int) -> None:
    email, mine = account(client)
    taken = new_address("taken")
    make_account(client, taken)
    body, status, kind, says = refused_addresses(email, taken)[case]
    problem = assert_problem(client.put("/api/v1/me/email", json=body, headers=mine), status)
    assert problem["type"].endswith(f"/{kind}")
    assert says in problem["detail"]
    assert client.get("/api/v1/me", headers=mine).json()["email"] == email
    assert api_login(client, taken).status_code == 200


def test_registering_refuses_what_cannot_be_an_address(client: Client) -> None:
    body = {"email": "jane@example", "password": PASSWORD}
    problem = assert_problem(client.post("/api/v1/auth/register", json=body), 422)
    assert problem["errors"][0]["path"] == "body.email"
    assert "whole domain" in problem["errors"][0]["message"]


def test_wrong_current_passwords_lock_the_account_out_from_that_address(client: Client) -> None:
    """Six wrong ones, as at log-in: then even the right one waits (429 with Retry-After)."""
    _, mine = account(client)
    wrong = {"email": new_address(), "current_password": "not my password"}
    for _ in range(6):
        assert_problem(client.put("/api/v1/me/email", json=wrong, headers=mine), 403)
    right = {**wrong, "current_password": PASSWORD}
    locked = client.put("/api/v1/me/email", json=right, headers=mine)
    assert_problem(locked, 429)
    assert int(locked.headers["Retry-After"]) > 0
