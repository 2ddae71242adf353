"""The design panel in Chromium (issue 19), on a desktop and on a phone: every control saved in
``meta.design`` (and ``meta.template``) by the editor's autosave, kept on reload, refused beside
the control when out of bounds; and the photo uploaded, shown and removed."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tests.ingest.pictures import phone_jpeg
from tests.ui.conftest import shot
from tests.ui.screens import (  # noqa: F401 (screen_fixture is the screen fixture)
    Screen,
    first_page,
    open_editor,
    screen_fixture,
    wait_for_new_page,
)

COUNT_SAVES = """() => {
  if (window.savesStarted === undefined) {
    window.savesStarted = 0;
    window.lastSaved = 0;
    document.addEventListener("htmx:beforeRequest", (event) => {
      if (event.detail.elt.hasAttribute("data-autosave")) {
        event.detail.xhr.saveIndex = ++window.savesStarted;
      }
    });
    document.addEventListener("htmx:afterRequest", (event) => {
      const index = event.detail.xhr.saveIndex;
      if (index && event.detail.successful) {
        window.lastSaved = Math.max(window.lastSaved, index);
      }
    });
  }
  return window.savesStarted;
}"""


def mark(screen: Screen) -> int:
    """How many autosaves have started (counting from the first call): call it after the last
    change, whose autosave starts 700 ms later."""
    return int(screen.page.evaluate(COUNT_SAVES))


def saved(screen: Screen, since: int) -> None:
    """Wait for an autosave started after the mark ``since`` to land."""
    screen.page.wait_for_function("n => window.lastSaved > n", arg=since)


def draft(screen: Screen, path: str) -> dict[str, Any]:
    answer = screen.page.request.get(f"/api/v1{path}")
    assert answer.status == 200, answer.text()
    body: dict[str, Any] = answer.json()["resume"]
    return body


def test_every_control_round_trips_through_meta(screen: Screen) -> None:
    page = screen.page
    path = open_editor(screen)
    before = first_page(screen)
    screen.show("Design")
    mark(screen)
    design = page.locator("#design")
    design.locator(".template-choice", has_text="Modern").click()
    page.locator("#accent-colour").fill("#0a7c5a")  # a colour of one's own
    design.get_by_label("Font", exact=True).select_option("Lato")
    design.get_by_label("Dates").select_option("long")
    design.get_by_label("Font size (pt)").fill("10.5")
    design.get_by_label("Margins (cm)").fill("1.8")
    design.get_by_label("Line spacing (×)").fill("1.2")
    design.get_by_text("US Letter", exact=True).click()
    design.get_by_label("Show the photo on the résumé").uncheck()
    design.get_by_role("button", name="Move Education up").click()
    design.get_by_label("Hide Interests").check()
    design.get_by_label("Hide the summary").check()
    saved(screen, mark(screen))
    wait_for_new_page(screen, before)

    meta = draft(screen, path)["meta"]
    assert meta["template"] == "modern"
    assert meta["design"] == {
        "accent": "#0a7c5a",
        "font": "Lato",
        "dateFormat": "long",
        "fontSize": 10.5,
        "margins": 1.8,
        "lineSpacing": 1.2,
        "paper": "letter",
        "showPhoto": False,
        "sectionOrder": [
            "education",
            "work",
            "skills",
            "projects",
            "volunteer",
            "awards",
            "certificates",
            "publications",
            "languages",
            "interests",
            "references",
        ],
        "hiddenSections": ["summary", "interests"],
    }
    if not screen.phone:
        page.evaluate("window.scrollTo(0, document.querySelector('.workspace').offsetTop - 16)")
        shot(page, "design-controls", full=False)

    page.reload()
    screen.show("Design")
    assert design.locator("input[name='meta.template']:checked").get_attribute("value") == "modern"
    assert page.locator("#accent-custom").is_checked()
    assert page.locator("#accent-colour").input_value() == "#0a7c5a"
    assert design.get_by_label("Font", exact=True).input_value() == "Lato"
    assert design.get_by_label("Dates").input_value() == "long"
    assert design.get_by_label("Font size (pt)").input_value() == "10.5"
    assert design.get_by_label("Margins (cm)").input_value() == "1.8"
    assert design.get_by_label("Line spacing (×)").input_value() == "1.2"
    assert design.locator("input[value='letter']").is_checked()
    assert not design.get_by_label("Show the photo on the résumé").is_checked()
    assert design.get_by_label("Hide Interests").is_checked()
    assert design.get_by_label("Hide the summary").is_checked()
    rows = design.locator(".section-row").evaluate_all("rows => rows.map(r => r.dataset.key)")
    assert rows[:2] == ["education", "work"]
    assert design.get_by_role("button", name="Move Education up").is_disabled()


def test_a_preset_colour_and_the_template_s_own_are_saved(screen: Screen) -> None:
    page = screen.page
    path = open_editor(screen)
    screen.show("Design")
    mark(screen)  # counts the autosaves from here
    page.get_by_title("Teal #0f766e").click()
    saved(screen, mark(screen))
    assert draft(screen, path)["meta"]["design"] == {"accent": "#0f766e"}
    page.get_by_title("The template's own colour").click()
    saved(screen, mark(screen))
    assert "design" not in draft(screen, path).get("meta", {})


def test_a_value_out_of_bounds_is_refused_beside_its_control(screen: Screen) -> None:
    page = screen.page
    path = open_editor(screen)
    screen.show("Design")
    mark(screen)
    size = page.locator("#design").get_by_label("Font size (pt)")
    size.fill("30")
    error = page.locator("#err-meta-design-fontSize")
    page.wait_for_function("() => document.querySelector('#err-meta-design-fontSize').textContent")
    assert "14" in error.inner_text()  # the most it may be
    assert size.get_attribute("aria-invalid") == "true"
    screen.show("Edit")
    page.locator("#save-status").get_by_text("Not saved").wait_for()
    assert "fontSize" not in (draft(screen, path).get("meta") or {}).get("design", {})
    screen.show("Design")
    size.fill("11")
    saved(screen, mark(screen))
    assert error.inner_text() == ""
    assert draft(screen, path)["meta"]["design"] == {"fontSize": 11}


def upload_photo(screen: Screen, tmp_path: Path, jpeg: bytes) -> Any:
    """Upload ``jpeg`` from the design panel; its thumbnail once shown."""
    screen.show("Design")
    photo = tmp_path / "me.jpg"
    photo.write_bytes(jpeg)
    screen.page.set_input_files("#photo-file", str(photo))
    thumb = screen.page.locator("#photo img.photo-thumb")
    thumb.wait_for()
    return thumb


def test_a_photo_is_uploaded_shown_refused_and_removed(screen: Screen, tmp_path: Path) -> None:
    page = screen.page
    path = open_editor(screen)
    thumb = upload_photo(screen, tmp_path, phone_jpeg(1600, 1200))
    page.wait_for_function("() => document.querySelector('#photo img').naturalWidth > 0")
    image = draft(screen, path)["basics"]["image"]
    assert re.fullmatch(r"/photos/[0-9a-f-]{36}\.jpg", image)
    assert thumb.get_attribute("src") == image
    assert page.get_by_role("button", name="Remove the photo").is_visible()

    not_a_picture = tmp_path / "cv.jpg"
    not_a_picture.write_bytes(b"%PDF-1.7\n%%EOF")
    page.set_input_files("#photo-file", str(not_a_picture))
    page.locator("#photo-error").get_by_text("This is a PDF, not a picture").wait_for()
    assert draft(screen, path)["basics"]["image"] == image  # the photo stays

    page.get_by_role("button", name="Remove the photo").click()
    page.locator("#photo .photo-none").wait_for()
    assert "image" not in draft(screen, path)["basics"]
    assert page.request.get(image).status == 404


def test_typing_after_a_photo_upload_is_saved_not_refused(screen: Screen, tmp_path: Path) -> None:
    """The photo is saved at once, outside the form: the form's next autosave goes on from the
    draft with the photo, instead of being refused as a save over a newer draft."""
    page = screen.page
    path = open_editor(screen)
    upload_photo(screen, tmp_path, phone_jpeg(900, 900))
    screen.show("Edit")
    mark(screen)
    page.get_by_label("Headline").fill("Staff Engineer")
    saved(screen, mark(screen))
    assert "changed" not in page.locator("#save-status").inner_text()
    document = draft(screen, path)
    assert document["basics"]["label"] == "Staff Engineer"
    assert document["basics"]["image"].startswith("/photos/")
