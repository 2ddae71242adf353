"""A page on each screen the issue 19 tests cover: a desktop and a 390 px phone.

``screen`` is the conftest's ``page`` (its own context, no cookies, and a failure on any
Content-Security-Policy refusal or script error), once at desktop size and once as a phone
(touch, mobile viewport). Import it (or ``screen_fixture``, the same fixture) into a test module
to parametrize its tests by both. ``show`` brings a part of the editor into view: on a phone the
editor is three tabs (Edit, Design, Preview), on a desktop three columns."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.ui.conftest import DESKTOP, PHONE, Server, import_example, register, watched


@dataclass
class Screen:
    page: Any
    phone: bool

    @property
    def name(self) -> str:
        return "phone" if self.phone else "desktop"

    def show(self, tab: str) -> None:
        """The editor's ``Edit``, ``Design`` or ``Preview`` in view (a tab on a phone)."""
        if self.phone:
            self.page.get_by_role("tab", name=tab).click()

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


@pytest.fixture(name="screen", params=["desktop", "phone"])
def screen_fixture(
    request: pytest.FixtureRequest, browser: Any, server: Server
) -> Iterator[Screen]:
    context = open_context(browser, server, phone=request.param == "phone")
    context.set_default_timeout(15_000)
    opened, problems = watched(context)
    yield Screen(opened, request.param == "phone")
    context.close()
    assert problems == [], problems


screen = screen_fixture  # the name the batch and public page tests import


def open_editor(screen: Screen) -> str:
    """A new account with the example résumé imported, its review (the editor) open once the
    preview shows it; the résumé's path, ``/resumes/<id>``."""
    register(screen.page)
    import_example(screen.page)
    first = screen.page.locator("#preview img.preview-page").first
    first.wait_for(state="attached")
    url = screen.page.locator("#preview").get_attribute("data-url")
    return str(url).removesuffix("/preview")


def first_page(screen: Screen) -> str:
    """The digest of the first page the preview shows."""
    locator = screen.page.locator("#preview img.preview-page").first
    return str(locator.get_attribute("data-digest"))


def wait_for_new_page(screen: Screen, before: str) -> str:
    """Wait until the preview's first page is another than ``before``; the new digest."""
    screen.page.wait_for_function(
        "before => { const img = document.querySelector('#preview img.preview-page');"
        " return img && img.dataset.digest !== before && img.complete; }",
        arg=before,
    )
    return first_page(screen)


def aspect(screen: Screen) -> float:
    """Height over width of the preview's first page, as the browser decoded it."""
    ratio = screen.page.evaluate(
        "() => { const img = document.querySelector('#preview img.preview-page');"
        " return img.naturalHeight / img.naturalWidth; }"
    )
    return float(ratio)
