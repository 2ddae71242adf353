"""The editor's live preview in Chromium (issue 19), on a desktop beside the form and on a phone
behind its Preview tab: it shows the draft, follows the typing and the design, and says why it
waits when a field is wrong."""

from __future__ import annotations

import re

import pytest

from tests.ui.conftest import shot
from tests.ui.screens import (  # noqa: F401 (screen_fixture is the screen fixture)
    Screen,
    aspect,
    first_page,
    open_editor,
    screen_fixture,
    wait_for_new_page,
)


def test_the_preview_follows_the_typing(screen: Screen) -> None:
    page = screen.page
    open_editor(screen)
    before = first_page(screen)
    status = page.locator("[data-preview-status]")
    assert re.fullmatch(r"\d+ pages? · A4", status.inner_text())
    page.get_by_label("Headline").fill("Principal Backend Engineer")
    after = wait_for_new_page(screen, before)
    assert after != before
    screen.show("Preview")
    assert page.locator("#preview img.preview-page").first.is_visible()
    if screen.phone:
        assert not page.get_by_label("Headline").is_visible()  # the form is behind its tab
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the editor is {width}px wide on a phone"
        page.locator("#preview").scroll_into_view_if_needed()
        shot(page, "editor-preview-phone", full=False)
    else:
        assert page.get_by_label("Headline").is_visible()  # beside the form
        shot(page, "editor-preview", full=False)
    screen.show("Edit")
    page.locator("#save-status").get_by_text(re.compile("Saved at")).wait_for()
    page.reload()  # the autosave, after the preview, kept what the preview showed
    assert page.get_by_label("Headline").input_value() == "Principal Backend Engineer"


def test_paper_and_template_change_the_preview(screen: Screen) -> None:
    page = screen.page
    open_editor(screen)
    assert aspect(screen) == pytest.approx(297 / 210, abs=0.01)  # A4
    before = first_page(screen)
    screen.show("Design")
    page.get_by_text("US Letter", exact=True).click()
    after = wait_for_new_page(screen, before)
    assert aspect(screen) == pytest.approx(11 / 8.5, abs=0.01)  # US Letter
    assert "US Letter" in page.locator("[data-preview-status]").inner_text()
    page.locator(".template-choice", has_text="Modern").click()
    wait_for_new_page(screen, after)
    screen.show("Preview")
    assert page.locator("#preview img.preview-page").first.is_visible()


def test_the_preview_says_why_it_waits_and_comes_back(screen: Screen) -> None:
    page = screen.page
    open_editor(screen)
    before = first_page(screen)
    status = page.locator("[data-preview-status]")
    page.locator("[name='work[0].startDate']").fill("last spring")
    page.wait_for_function(
        "() => document.querySelector('[data-preview-status]').dataset.state === 'warn'"
    )
    assert "Waiting for you to fix a field" in status.inner_text()
    assert first_page(screen) == before  # the last good pages stay in view
    page.locator("[name='work[0].startDate']").fill("2019-04")
    wait_for_new_page(screen, before)
    assert status.get_attribute("data-state") == "ok"
