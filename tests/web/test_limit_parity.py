"""The API and the pages are limited alike (issue 17): the same rate-limited action, asked for
through the API's route and through the page's form on one app with one limiter configuration,
is refused with 429 at the same count. Before, the pages called the API's functions without
the route dependencies that took the limits: the pages rendered, tailored, registered and
logged in without limit."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from tests.web.accounts import (
    MoreClients,
    api_login,
    bearer,
    extra_clients,
    form_token,
    make_account,
    page_login,
)
from tests.web.conftest import Client
from tests.web.helpers import PASSWORD, create_job, create_resume

ALLOWED = 3  # each action's limit in these tests: the fourth is refused
ATTEMPTS = ALLOWED + 2
API_PEER = ("127.0.0.2", 50101)
PAGE_PEER = ("127.0.0.3", 50102)
Attempt = Callable[[], httpx.Response]


@pytest.fixture
def more_clients() -> Iterator[MoreClients]:
    yield from extra_clients()


def first_refusal(attempt: Attempt) -> tuple[int | None, list[int]]:
    """Which attempt (1-based) was first answered 429, and every status."""
    statuses = [attempt().status_code for _ in range(ATTEMPTS)]
    refused = [n for n, status in enumerate(statuses, 1) if status == 429]
    return (refused[0] if refused else None), statuses


def csrf_header(client: Client) -> dict[str, str]:
    return {"X-CSRF-Token": client.cookies.get("tailorcv_csrf") or ""}


def signed_in_page(client: Client) -> dict[str, str]:
    """A new account logged in through the page's form; the header its forms need."""
    email = f"page-{uuid.uuid4().hex[:8]}@example.com"
    make_account(client, email)
    assert page_login(client, email).status_code == 303
    return csrf_header(client)


def api_account(client: Client) -> dict[str, str]:
    email = f"api-{uuid.uuid4().hex[:8]}@example.com"
    make_account(client, email)
    return bearer(client, email)


def doors(
    make_client: Callable[..., Client], more_clients: MoreClients, **limits: Any
) -> tuple[Client, Client]:
    """Two clients on one app: the API's caller and the page's, from two addresses (the
    ``login`` limit counts per address, the others per user)."""
    app_client = make_client(**limits)
    return more_clients(app_client, API_PEER), more_clients(app_client, PAGE_PEER)


def test_renders_are_refused_at_the_same_count_by_either_door(
    make_client: Callable[..., Client], more_clients: MoreClients
) -> None:
    api, page = doors(make_client, more_clients, ratelimit_export=f"{ALLOWED}/minute")
    auth = api_account(api)
    resume_id = create_resume(api, auth)["id"]
    by_api = first_refusal(
        lambda: api.post("/api/v1/renders", json={"resume_id": resume_id}, headers=auth)
    )
    headers = signed_in_page(page)
    mine = create_resume(page, headers)["id"]
    form = {"resume": mine, "template": "classic", "format": "pdf"}
    by_page = first_refusal(lambda: page.post("/renders", data=form, headers=headers))
    assert by_api[0] == by_page[0] == ALLOWED + 1, (by_api, by_page)
    assert set(by_api[1][:ALLOWED]) == {202}
    assert set(by_page[1][:ALLOWED]) == {303}  # a plain form: redirected to the render


def test_tailorings_are_refused_at_the_same_count_by_either_door(
    make_client: Callable[..., Client], more_clients: MoreClients
) -> None:
    api, page = doors(make_client, more_clients, ratelimit_tailor=f"{ALLOWED}/minute")
    auth = api_account(api)
    order = {"resume_id": create_resume(api, auth)["id"], "job_id": create_job(api, auth)["id"]}
    by_api = first_refusal(lambda: api.post("/api/v1/tailorings", json=order, headers=auth))
    headers = signed_in_page(page)
    form = {"resume": create_resume(page, headers)["id"], "job": create_job(page, headers)["id"]}
    by_page = first_refusal(lambda: page.post("/tailor", data=form, headers=headers))
    assert by_api[0] == by_page[0] == ALLOWED + 1, (by_api, by_page)
    assert set(by_api[1][:ALLOWED]) == {202}
    assert set(by_page[1][:ALLOWED]) == {303}


def test_registrations_are_refused_at_the_same_count_by_either_door(
    make_client: Callable[..., Client], more_clients: MoreClients
) -> None:
    api, page = doors(make_client, more_clients, ratelimit_login=f"{ALLOWED}/minute")

    def by_api() -> httpx.Response:
        email = f"api-{uuid.uuid4().hex[:8]}@example.com"
        return api.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD})

    def by_page() -> httpx.Response:
        email = f"page-{uuid.uuid4().hex[:8]}@example.com"
        form = {"email": email, "password": PASSWORD, "csrf_token": form_token(page, "/register")}
        return page.post("/register", data=form)

    api_seen, page_seen = first_refusal(by_api), first_refusal(by_page)
    assert api_seen[0] == page_seen[0] == ALLOWED + 1, (api_seen, page_seen)
    assert set(api_seen[1][:ALLOWED]) == {202}
    assert set(page_seen[1][:ALLOWED]) == {303}


def test_log_ins_are_refused_at_the_same_count_by_either_door(
    make_client: Callable[..., Client], more_clients: MoreClients
) -> None:
    api, page = doors(make_client, more_clients, ratelimit_login=f"{ALLOWED}/minute")
    email = f"both-{uuid.uuid4().hex[:8]}@example.com"
    make_account(api, email)
    by_api = first_refusal(lambda: api_login(api, email))
    by_page = first_refusal(lambda: page_login(page, email))
    assert by_api[0] == by_page[0] == ALLOWED + 1, (by_api, by_page)
    assert set(by_api[1][:ALLOWED]) == {200}
    assert set(by_page[1][:ALLOWED]) == {303}


def test_changes_of_address_are_refused_at_the_same_count_by_either_door(
    make_client: Callable[..., Client], more_clients: MoreClients
) -> None:
    """A change of e-mail or password takes from the ``login`` limit like a log-in (issue 19).
    Each door logged in once (one taken) and then asks for its own address, which is refused as
    unchanged until the limit refuses it; the page says so on the page its 303 leads to."""
    api, page = doors(make_client, more_clients, ratelimit_login=f"{ALLOWED}/minute")
    api_email = f"api-{uuid.uuid4().hex[:8]}@example.com"
    make_account(api, api_email)
    auth = bearer(api, api_email)
    body = {"email": api_email, "current_password": PASSWORD}
    by_api = first_refusal(lambda: api.put("/api/v1/me/email", json=body, headers=auth))
    page_email = f"page-{uuid.uuid4().hex[:8]}@example.com"
    make_account(page, page_email)
    assert page_login(page, page_email).status_code == 303
    form = {"email": page_email, "email_password": PASSWORD}
    form["csrf_token"] = form_token(page, "/account")

    def by_page() -> httpx.Response:
        answer = page.post("/account/email", data=form)
        assert answer.status_code == 303
        shown = page.get("/account").text
        return httpx.Response(429 if "rate limit of" in shown else 422)

    page_seen = first_refusal(by_page)
    assert by_api[0] == page_seen[0] == ALLOWED, (by_api, page_seen)
    assert set(by_api[1][: ALLOWED - 1]) == {422}
