"""The public page's fast path (``web.fastpath``): a page at hand is answered before the stack,
with the very answer the stack would have given, and anything else still reaches the route."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tailorcv.web.fastpath import page_of
from tailorcv.web.public import PublicPages
from tests.web.conftest import Client
from tests.web.helpers import create_resume, register

VARYING = frozenset({"x-request-id", "date"})


class RouteCalls:
    """Counts the requests that reached the public route (``PublicPages.serve``)."""

    def __init__(self, pages: PublicPages, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        self.pages = pages
        original = pages.serve

        async def counted(*args: Any, **kwargs: Any) -> Any:
            self.count += 1
            return await original(*args, **kwargs)

        monkeypatch.setattr(pages, "serve", counted)


def publish(client: Client, **settings: Any) -> str:
    auth = register(client)
    created = create_resume(client, auth, email="ada@example.com")
    body = {"slug": "ada", **settings}
    answer = client.put(f"/api/v1/resumes/{created['id']}/publish", json=body, headers=auth)
    assert answer.status_code == 200, answer.text
    return str(created["id"])


def pages_of(client: Client) -> PublicPages:
    pages: PublicPages = client.app.state.services.pages
    return pages


def comparable(answer: httpx.Response) -> tuple[int, dict[str, Any], bytes]:
    headers: dict[str, Any] = {k: v for k, v in answer.headers.items() if k not in VARYING}
    # Starlette's gzip layer adds its Vary token again to an uncompressed answer of the stack
    headers["vary"] = {token.strip() for token in headers.get("vary", "").split(",")}
    return answer.status_code, headers, answer.content


@pytest.mark.parametrize(
    ("method", "path", "headers"),
    [
        ("GET", "/r/ada", {"Accept-Encoding": "identity"}),
        ("GET", "/r/ada", {"Accept-Encoding": "gzip"}),
        ("HEAD", "/r/ada", {"Accept-Encoding": "identity"}),
        ("GET", "/r/ada.json", {"Accept-Encoding": "gzip"}),
        ("GET", "/r/ada.pdf", {}),
    ],
)
def test_the_fast_answer_is_the_answer_of_the_stack(
    inline_client: Client,
    monkeypatch: pytest.MonkeyPatch,
    method: str,
    path: str,
    headers: dict[str, str],
) -> None:
    client = inline_client  # its worker renders the PDF when the page is published (issue 16)
    resume_id = publish(client)
    pages = pages_of(client)
    calls = RouteCalls(pages, monkeypatch)
    slow = client.request(method, path, headers=headers)
    fast = client.request(method, path, headers=headers)
    assert calls.count == 1  # the second was answered before the stack
    assert slow.status_code == 200
    assert comparable(fast) == comparable(slow)
    assert fast.headers["content-security-policy"].startswith("default-src 'none'")
    assert fast.headers["strict-transport-security"]  # the test client comes over https
    assert len(fast.headers["x-request-id"]) == 32
    pages.forget(uuid.UUID(resume_id))
    client.request(method, path, headers=headers)
    assert calls.count == 2  # forgotten: the route reads the row again


def test_a_client_that_has_the_page_gets_304_on_the_fast_path(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    publish(client)
    calls = RouteCalls(pages_of(client), monkeypatch)
    etag = client.get("/r/ada").headers["etag"]
    again = client.get("/r/ada", headers={"If-None-Match": etag, "X-Request-ID": "trace-7"})
    assert (again.status_code, again.content, calls.count) == (304, b"", 1)
    assert again.headers["etag"] == etag
    assert again.headers["x-request-id"] == "trace-7"
    assert "content-length" not in again.headers


def test_views_on_the_fast_path_are_counted(client: Client) -> None:
    resume_id = publish(client)
    for _ in range(5):
        assert client.get("/r/ada").status_code == 200
    pages = pages_of(client)
    pages.flush_views()
    auth_views = pages._views  # emptied by the flush: every view reached the row
    assert not auth_views
    with pages.sessions() as session:
        from tailorcv.store.models import Resume

        row = session.get(Resume, uuid.UUID(resume_id))
        assert row is not None
        assert row.view_count == 5


def test_a_password_page_a_missing_page_and_a_post_always_reach_the_route(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    publish(client, password="open sesame")
    calls = RouteCalls(pages_of(client), monkeypatch)
    for _ in range(2):
        assert client.get("/r/ada").status_code == 401
        assert client.get("/r/nobody").status_code == 404
    assert calls.count == 4
    assert client.post("/r/ada").status_code == 405
    assert calls.count == 4


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/r/ada", ("ada", "html")),
        ("/r/ada.pdf", ("ada", "pdf")),
        ("/r/ada.json", ("ada", "json")),
        ("/r/.pdf", (".pdf", "html")),  # as the routes match it: no slug before the suffix
        ("/r/ada.html", ("ada.html", "html")),
        ("/r/", None),
        ("/r/ada/more", None),
    ],
)
def test_paths_are_read_as_the_routes_read_them(
    path: str, expected: tuple[str, str] | None
) -> None:
    assert page_of(path) == expected


@pytest.mark.parametrize(("proxies", "hsts"), [("127.0.0.1", True), ("", False)])
def test_hsts_on_the_fast_path_follows_a_trusted_proxys_scheme(
    make_client: Callable[..., Client],
    monkeypatch: pytest.MonkeyPatch,
    proxies: str,
    hsts: bool,
) -> None:
    client = make_client(trusted_proxies=proxies)
    publish(client)
    calls = RouteCalls(pages_of(client), monkeypatch)
    over_tls = {"X-Forwarded-Proto": "https"}
    client.get("http://testserver/r/ada", headers=over_tls)
    fast = client.get("http://testserver/r/ada", headers=over_tls)
    assert calls.count == 1
    assert ("strict-transport-security" in fast.headers) is hsts
