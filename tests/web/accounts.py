"""Helpers for the account tests (sessions, log-in safety): accounts made straight in the store,
so that a test of one rule does not lean on how registration answers, log-ins by the API and
by the page's form, and more clients on the same app."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from http.cookiejar import Cookie
from typing import Any

import httpx

from tailorcv.store import queries
from tests.web.conftest import Client
from tests.web.helpers import PASSWORD

FIELD = re.compile(r'name="csrf_token" value="([^"]*)"')


def make_account(client: Client, email: str, password: str = PASSWORD) -> None:
    services = client.app.state.services
    with services.sessions() as session:
        queries.create_user(session, email, services.passwords.hash(password))
        session.commit()


def api_login(
    client: Client, email: str, password: str = PASSWORD, **options: Any
) -> httpx.Response:
    return client.post("/api/v1/auth/login", json={"email": email, "password": password}, **options)


def bearer(client: Client, email: str, **options: Any) -> dict[str, str]:
    """A new log-in session's bearer header (the cookie jar is left as it was)."""
    kept = list(client.cookies.jar)
    answer = api_login(client, email, **options)
    assert answer.status_code == 200, answer.text
    restore(client, kept)
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def restore(client: Client, cookies: list[Cookie]) -> None:
    """Put back the cookie jar as it was (a thief's copy, or before a side log-in)."""
    client.cookies.clear()
    for cookie in cookies:
        client.cookies.jar.set_cookie(cookie)


def form_token(client: Client, path: str, **options: Any) -> str:
    """The ``csrf_token`` of the form at ``path`` ('' when the page has none)."""
    found = FIELD.search(client.get(path, **options).text)
    return found.group(1) if found else ""


def page_login(
    client: Client, email: str, password: str = PASSWORD, next_url: str = "/dashboard"
) -> httpx.Response:
    """Log in through the page's form, as a browser would."""
    data = {"email": email, "password": password, "next": next_url}
    return client.post("/login", data={**data, "csrf_token": form_token(client, "/login")})


def set_cookie(answer: httpx.Response, name: str) -> str:
    """The ``Set-Cookie`` line for ``name`` ('' when there is none)."""
    lines = answer.headers.get_list("set-cookie")
    return next((line for line in lines if line.startswith(f"{name}=")), "")


MoreClients = Callable[..., Client]


def extra_clients() -> Iterator[MoreClients]:
    """For a fixture: more clients on the app of one already made (another address, or plain
    HTTP), closed afterwards."""
    opened: list[Client] = []

    def make(
        of: Client, peer: tuple[str, int] = ("127.0.0.1", 50001), base_url: str = ""
    ) -> Client:
        extra = Client(of.app, of.portal, peer=peer)
        if base_url:
            extra.http.base_url = httpx.URL(base_url)
        opened.append(extra)
        return extra

    yield make
    for extra in opened:
        extra.portal.call(extra.http.aclose)
