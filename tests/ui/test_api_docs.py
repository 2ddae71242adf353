"""``/api/docs`` in a real browser with every other host cut off (issue 16): Swagger UI comes
from the server itself, draws the API's operations, and breaks no rule of the docs' policy (the
``page`` fixture fails a test on any Content-Security-Policy refusal or script error)."""

from __future__ import annotations

from urllib.parse import urlsplit

from tests.ui.conftest import Server, shot


def test_the_api_docs_work_offline(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    here = urlsplit(server.url).netloc
    elsewhere: list[str] = []

    def only_here(route) -> None:  # type: ignore[no-untyped-def]
        if urlsplit(route.request.url).netloc == here:
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.context.route("**/*", only_here)
    page.goto("/api/docs")
    page.locator(".opblock").first.wait_for()  # drawn from /api/openapi.json

    assert page.locator(".opblock").count() > 20
    assert page.get_by_text("/api/v1/renders", exact=True).first.is_visible()
    assert not page.locator(".errors-wrapper").is_visible()  # no "failed to load API definition"
    assert elsewhere == []
    shot(page, "api-docs", full=False)
