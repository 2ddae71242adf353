"""Log-in sessions (issue 16, item 8): a log-in makes a session, not an API token; sessions are
listed (this one marked) in the API and on the account page, can be ended one by one or all
but this one, end at log-out and at their idle and absolute limits; API tokens stay as they
were, long-lived and listed apart."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest

from tailorcv.store.models import LoginSession, utcnow
from tests.web.accounts import (
    MoreClients,
    api_login,
    bearer,
    extra_clients,
    form_token,
    make_account,
    page_login,
    restore,
    set_cookie,
)
from tests.web.conftest import Client
from tests.web.helpers import assert_problem

EMAIL = "ada@example.com"


@pytest.fixture
def more_clients() -> Iterator[MoreClients]:
    yield from extra_clients()


@pytest.fixture
def ada(client: Client) -> Client:
    make_account(client, EMAIL)
    return client


def sessions(client: Client, auth: dict[str, str]) -> list[dict[str, Any]]:
    answer = client.get("/api/v1/me/sessions", headers=auth)
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


def current(client: Client, auth: dict[str, str]) -> str:
    return next(item["id"] for item in sessions(client, auth) if item["current"])


def test_a_log_in_makes_a_session_and_no_api_token(ada: Client) -> None:
    first = bearer(ada, EMAIL, headers={"User-Agent": "curl/8.5"})
    second = bearer(ada, EMAIL)
    assert ada.get("/api/v1/tokens", headers=first).json()["items"] == []
    listed = sessions(ada, first)
    assert len(listed) == 2
    assert [item["current"] for item in listed].count(True) == 1
    assert {item["user_agent"] for item in listed} >= {"curl/8.5"}
    assert set(listed[0]) >= {"id", "created_at", "last_seen_at", "idle_expires_at", "expires_at"}
    assert current(ada, first) != current(ada, second)


def test_ending_a_session_logs_that_one_out_and_no_other(ada: Client) -> None:
    mine, theirs = bearer(ada, EMAIL), bearer(ada, EMAIL)
    target = current(ada, theirs)
    assert ada.delete(f"/api/v1/me/sessions/{target}", headers=mine).status_code == 204
    assert_problem(ada.get("/api/v1/me", headers=theirs), 401)
    assert ada.get("/api/v1/me", headers=mine).status_code == 200
    assert_problem(ada.delete(f"/api/v1/me/sessions/{target}", headers=mine), 404)
    make_account(ada, "bob@example.com")
    bob = bearer(ada, "bob@example.com")
    assert_problem(ada.delete(f"/api/v1/me/sessions/{current(ada, mine)}", headers=bob), 404)
    assert ada.get("/api/v1/me", headers=mine).status_code == 200, "not Bob's to end"


def test_ending_all_other_sessions_keeps_this_one_and_the_api_tokens(ada: Client) -> None:
    mine, others = bearer(ada, EMAIL), [bearer(ada, EMAIL) for _ in range(2)]
    raw = ada.post("/api/v1/tokens", json={"name": "ci"}, headers=mine).json()["token"]
    api_token = {"Authorization": f"Bearer {raw}"}
    assert ada.delete("/api/v1/me/sessions", headers=mine).status_code == 204
    for other in others:
        assert_problem(ada.get("/api/v1/me", headers=other), 401)
    assert [item["current"] for item in sessions(ada, mine)] == [True]
    assert ada.get("/api/v1/me", headers=api_token).status_code == 200
    assert sessions(ada, api_token)[0]["current"] is False, "an API token is no session"
    assert [t["name"] for t in ada.get("/api/v1/tokens", headers=mine).json()["items"]] == ["ci"]


def test_log_out_ends_the_session_on_the_server(ada: Client) -> None:
    answer = api_login(ada, EMAIL)
    token, stolen = answer.json()["token"], list(ada.cookies.jar)  # a copy kept by a thief
    assert ada.get("/api/v1/me").status_code == 200
    other = bearer(ada, EMAIL)
    csrf = {"X-CSRF-Token": ada.cookies["tailorcv_csrf"]}
    assert ada.post("/api/v1/auth/logout", headers=csrf).status_code == 204
    restore(ada, stolen)
    assert_problem(ada.get("/api/v1/me"), 401)
    ada.cookies.clear()
    assert_problem(ada.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}), 401)
    assert len(sessions(ada, other)) == 1


def test_sessions_end_at_their_limits_which_are_settings(
    make_client: Callable[..., Client],
) -> None:
    client = make_client(session_idle_days=2, session_max_days=3)
    make_account(client, EMAIL)
    answer = api_login(client, EMAIL)
    assert "max-age=259200" in set_cookie(answer, "tailorcv_session").lower(), "3 days"
    auth = {"Authorization": f"Bearer {answer.json()['token']}"}
    (listed,) = sessions(client, auth)
    services = client.app.state.services
    with services.sessions() as session:
        row = session.get(LoginSession, uuid.UUID(listed["id"]))
        assert row is not None
        assert timedelta(days=1.99) < row.idle_expires_at - utcnow() <= timedelta(days=2)
        assert timedelta(days=2.99) < row.expires_at - utcnow() <= timedelta(days=3)
        row.idle_expires_at = utcnow() - timedelta(seconds=1)  # two idle days went by
        session.commit()
    assert_problem(client.get("/api/v1/me", headers=auth), 401)
    client.cookies.clear()


def test_the_account_page_lists_sessions_marks_this_one_and_ends_them(
    ada: Client, more_clients: MoreClients
) -> None:
    assert page_login(ada, EMAIL).status_code == 303
    phone = more_clients(ada, peer=("198.51.100.7", 443))
    phone_auth = bearer(phone, EMAIL, headers={"User-Agent": "TailorPhone/2.1"})
    laptop_auth = bearer(phone, EMAIL, headers={"User-Agent": "Laptop/1.0"})
    page = ada.get("/account")
    assert page.status_code == 200
    assert "This session" in page.text
    assert "TailorPhone/2.1" in page.text
    assert "198.51.100.7" in page.text
    assert "End all other sessions" in page.text
    csrf = {"csrf_token": form_token(ada, "/account")}
    target = current(phone, phone_auth)
    ended = ada.post(f"/account/sessions/{target}/end", data=csrf)
    assert (ended.status_code, ended.headers["location"]) == (303, "/account#h-sessions")
    assert_problem(phone.get("/api/v1/me", headers=phone_auth), 401)
    assert ada.post("/account/sessions/end-others", data=csrf).status_code == 303
    assert_problem(phone.get("/api/v1/me", headers=laptop_auth), 401)
    own = re.search(r"/account/sessions/([0-9a-f-]+)/end", ada.get("/account").text)
    assert own is not None
    out = ada.post(f"/account/sessions/{own.group(1)}/end", data=csrf)
    assert (out.status_code, out.headers["location"]) == (303, "/")
    assert ada.get("/dashboard").status_code == 303, "this browser is logged out"
