"""Issue 19's scripts in the editor, in Chromium on a desktop and a phone: a résumé in Arabic,
Hebrew or Thai imported, shown and edited. The form's fields take their direction from their
text (an Arabic name reads right to left with its full stop at its end, an e-mail address stays
left to right, Thai left to right), and the preview draws the pages of what was typed."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.ui.conftest import register
from tests.ui.screens import (  # noqa: F401 (screen_fixture is the screen fixture)
    Screen,
    first_page,
    screen_fixture,
    wait_for_new_page,
)

SCRIPTS = Path(__file__).parents[1] / "data" / "render" / "scripts"
DIRECTION = {"ar": "rtl", "he": "rtl", "th": "ltr"}
# A bullet each person adds, in their own script, ending with a full stop: in a field set left
# to right the stop of a right-to-left sentence shows at its start.
ADDED = {
    "ar": "قدت فريقاً من أربعة مهندسين.",
    "he": "הובלתי צוות של ארבעה מהנדסים.",
    "th": "นำทีมวิศวกรสี่คน",
}


def direction(field: Any) -> str:
    """The direction Chromium shows a field's text in (``:dir()`` follows ``dir="auto"``)."""
    return str(field.evaluate("f => f.matches(':dir(rtl)') ? 'rtl' : 'ltr'"))


def import_script(screen: Screen, code: str) -> dict[str, Any]:
    """A new account with the résumé in ``code``'s script imported; the document."""
    page = screen.page
    register(page)
    page.goto("/import")
    page.set_input_files("input[type=file]", str(SCRIPTS / f"{code}.json"))
    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_role("heading", name="Check what was imported").wait_for()
    page.locator("#preview img.preview-page").first.wait_for(state="attached")
    document: dict[str, Any] = json.loads((SCRIPTS / f"{code}.json").read_text(encoding="utf-8"))
    return document


@pytest.mark.parametrize("code", list(DIRECTION))
def test_fields_follow_the_direction_of_their_text_and_the_preview_draws_it(
    screen: Screen, code: str
) -> None:
    page = screen.page
    document = import_script(screen, code)
    name = page.get_by_label("Full name")
    assert name.input_value() == document["basics"]["name"]
    assert direction(name) == DIRECTION[code]
    assert direction(page.locator("[name='basics.summary']")) == DIRECTION[code]
    assert direction(page.locator("[name='work[0].highlights[0]']")) == DIRECTION[code]
    email = page.get_by_role("textbox", name="E-mail", exact=True)
    assert direction(email) == "ltr"  # an address, in any résumé

    before = first_page(screen)
    count = page.locator("[name^='work[0].highlights[']").count()
    page.locator("button[value='add:work[0].highlights']").click()
    added = page.locator(f"[name='work[0].highlights[{count}]']")  # once the form is redrawn
    added.fill(ADDED[code])
    assert direction(added) == DIRECTION[code]
    wait_for_new_page(screen, before)
    page.locator("#save-status").get_by_text(re.compile("Saved at")).wait_for()
    screen.show("Preview")
    page.wait_for_function(  # every page of the preview drawn
        "() => { const pages = [...document.querySelectorAll('#preview img.preview-page')];"
        " return pages.length > 0 && pages.every(img => img.complete && img.naturalWidth > 0); }"
    )
    page.reload()
    screen.show("Edit")
    assert page.locator(f"[name='work[0].highlights[{count}]']").input_value() == ADDED[code]
