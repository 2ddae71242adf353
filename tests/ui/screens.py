"""A page on each screen the issue 19 tests cover: a desktop and a 390 px phone.

``screen`` is the conftest's ``page`` (its own context, no cookies, and a failure on any
Content-Security-Policy refusal or script error), once at desktop size and once as a phone
(touch, mobile viewport). Import it into a test module to parametrize its tests by both."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.ui.conftest import DESKTOP, PHONE, Server


@dataclass
class Screen:
    page: Any
    phone: bool

    @property
    def width(self) -> int:
        return int((PHONE if self.phone else DESKTOP)["width"])

    def fits(self) -> bool:
        """Whether the document is no wider than the viewport (no sideways scrolling)."""
        return int(self.page.evaluate("document.documentElement.scrollWidth")) <= self.width


def open_context(browser: Any, server: Server, *, phone: bool, **options: Any) -> Any:
    size = PHONE if phone else DESKTOP
    return browser.new_context(
        base_url=server.url,
        viewport=size,
        is_mobile=phone,
        has_touch=phone,
        accept_downloads=True,
        **options,
    )


def watched(context: Any) -> tuple[Any, list[str]]:
    """A new page of ``context`` and the list its CSP refusals and script errors go to."""
    opened = context.new_page()
    problems: list[str] = []
    opened.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    opened.on(
        "console",
        lambda message: (
            problems.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    return opened, problems


@pytest.fixture(params=["desktop", "phone"])
def screen(request: pytest.FixtureRequest, browser: Any, server: Server) -> Iterator[Screen]:
    context = open_context(browser, server, phone=request.param == "phone")
    context.set_default_timeout(15_000)
    opened, problems = watched(context)
    yield Screen(opened, request.param == "phone")
    context.close()
    assert problems == [], problems
