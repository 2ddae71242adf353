"""The editor on a desktop and on a phone, for the preview and design tests (issue 19).

``screen`` (import ``screen_fixture``) is a page at one of the two sizes with the checks of
``conftest.page`` (no refusal under the Content-Security-Policy, no script error). ``show``
brings a part of the editor into view: on a phone the editor is three tabs (Edit, Design,
Preview), on a desktop three columns.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.ui.conftest import DESKTOP, PHONE, Server, import_example, register


@dataclass
class Screen:
    page: object
    phone: bool

    @property
    def name(self) -> str:
        return "phone" if self.phone else "desktop"

    def show(self, tab: str) -> None:
        """The editor's ``Edit``, ``Design`` or ``Preview`` in view (a tab on a phone)."""
        if self.phone:
            self.page.get_by_role("tab", name=tab).click()  # type: ignore[attr-defined]


@pytest.fixture(name="screen", params=["desktop", "phone"])
def screen_fixture(request: pytest.FixtureRequest, browser, server: Server) -> Iterator[Screen]:  # type: ignore[no-untyped-def]
    phone = request.param == "phone"
    size = PHONE if phone else DESKTOP
    context = browser.new_context(
        base_url=server.url, viewport=size, is_mobile=phone, has_touch=phone
    )
    context.set_default_timeout(15_000)
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
    yield Screen(opened, phone)
    context.close()
    assert problems == [], problems


def open_editor(screen: Screen) -> str:
    """A new account with the example résumé imported, its review (the editor) open once the
    preview shows it; the résumé's path, ``/resumes/<id>``."""
    register(screen.page)
    import_example(screen.page)
    first = screen.page.locator("#preview img.preview-page").first  # type: ignore[attr-defined]
    first.wait_for(state="attached")
    url = screen.page.locator("#preview").get_attribute("data-url")  # type: ignore[attr-defined]
    return str(url).removesuffix("/preview")


def first_page(screen: Screen) -> str:
    """The digest of the first page the preview shows."""
    locator = screen.page.locator("#preview img.preview-page").first  # type: ignore[attr-defined]
    return str(locator.get_attribute("data-digest"))


def wait_for_new_page(screen: Screen, before: str) -> str:
    """Wait until the preview's first page is another than ``before``; the new digest."""
    screen.page.wait_for_function(  # type: ignore[attr-defined]
        "before => { const img = document.querySelector('#preview img.preview-page');"
        " return img && img.dataset.digest !== before && img.complete; }",
        arg=before,
    )
    return first_page(screen)


def aspect(screen: Screen) -> float:
    """Height over width of the preview's first page, as the browser decoded it."""
    ratio = screen.page.evaluate(  # type: ignore[attr-defined]
        "() => { const img = document.querySelector('#preview img.preview-page');"
        " return img.naturalHeight / img.naturalWidth; }"
    )
    return float(ratio)
