"""The editor's comforts of issue 19 in Chromium, on a desktop and on a 390 px phone: entries and
sections reordered by dragging, focus that follows Add, Move and Remove, Undo of a removal, a
save status that stays in sight, and links to each section of the form."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.ui.conftest import DESKTOP, PHONE, register, shot

SIZES = {"desktop": DESKTOP, "phone": PHONE}
DOCUMENT: dict[str, Any] = {
    "basics": {"name": "Robin Comfort", "label": "Site reliability engineer"},
    "work": [
        {
            "name": "Acme",
            "position": "Lead",
            "startDate": "2020-01",
            "highlights": ["Cut the pager load by half", "Hired four engineers"],
            # Nothing in the form shows these: Undo must bring them back all the same.
            "x-private": {"kept": [1, {"deep": True}], "note": "ünïcode"},
            "roles": ["on-call"],
        },
        {"name": "Globex", "position": "Engineer", "startDate": "2018-01"},
        {"name": "Initech", "position": "Intern", "startDate": "2016-06"},
    ],
    "education": [{"institution": "Tampere University", "area": "Computer science"}],
    "skills": [{"name": "Python", "keywords": ["asyncio"]}],
    "languages": [{"language": "Finnish", "fluency": "Native"}],
    "references": [{"name": "A. Colleague", "reference": "Calm under pressure."}],
}


@pytest.fixture(params=list(SIZES))
def editor(request, page):  # type: ignore[no-untyped-def]
    """A signed-in editor of DOCUMENT, at desktop or phone size."""
    page.set_viewport_size(SIZES[request.param])
    register(page)
    page.get_by_role("button", name="New résumé").click()
    page.wait_for_url(re.compile(r"/resumes/[0-9a-f-]+$"))
    page.locator("#raw").fill(json.dumps(DOCUMENT))
    page.get_by_role("button", name="Save the raw document").click()
    page.wait_for_url(re.compile(r"saved=raw"))
    page.size = request.param
    return page


def draft(page) -> str:  # type: ignore[no-untyped-def]
    """The working draft as the server keeps it, as the raw editor shows it on a fresh load
    (of the editor's own address: a page a plain post answered is not posted again)."""
    page.goto(re.sub(r"(/resumes/[0-9a-f-]+).*$", r"\1", page.url))
    return str(page.locator("#raw").input_value())


def answered(page, move: str) -> None:  # type: ignore[no-untyped-def]
    """Wait until the server has answered ``move`` with the form re-made."""
    page.locator(f"#editor-form[data-move='{move}']").wait_for(state="attached")


def work_names(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [page.locator(f"[name='work[{i}].name']").input_value() for i in range(3)]


def said(page, words: str) -> None:  # type: ignore[no-untyped-def]
    """What a screen reader was told last (the editor's live region)."""
    expect(page.locator("#editor-live")).to_have_text(words)


def drag(page, handle, target, picture: str = "") -> None:  # type: ignore[no-untyped-def]
    """Drag ``handle`` with the mouse onto the top part of ``target`` (and take a ``picture``
    before letting go). The list folds to its headings as soon as the drag starts, so the
    target is measured after the first move, as a person aims at what they see."""
    handle.scroll_into_view_if_needed()
    box = handle.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2 + 8, steps=2)
    aim = target.bounding_box()
    page.mouse.move(aim["x"] + 10, aim["y"] + 3, steps=12)
    if picture:
        shot(page, picture, full=False)
    page.mouse.up()


def to_the_end_of_the_form(page) -> None:  # type: ignore[no-untyped-def]
    """Scroll until the form's last line is at the bottom of the window (below it the page
    goes on with the versions and the raw editor, where the form's bar has no business)."""
    page.evaluate(
        "() => { const form = document.getElementById('editor-form');"
        " window.scrollBy(0, form.getBoundingClientRect().bottom - window.innerHeight); }"
    )


def bar_bottom(page) -> float:  # type: ignore[no-untyped-def]
    box = page.locator("[data-editor-bar]").bounding_box()
    return float(box["y"] + box["height"])


def within_view(page, locator) -> bool:  # type: ignore[no-untyped-def]
    box = locator.bounding_box()
    size = page.viewport_size
    return bool(
        box
        and box["y"] >= 0
        and box["y"] + box["height"] <= size["height"]
        and box["x"] >= 0
        and box["x"] + box["width"] <= size["width"]
    )


# Drag and drop


def test_an_entry_dragged_with_the_mouse_is_saved_in_its_new_place(editor) -> None:  # type: ignore[no-untyped-def]
    page = editor
    handle = page.locator("[data-path='work[2]'] [data-drag-handle]")
    drag(page, handle, page.locator("[data-path='work[0]'] summary"))
    answered(page, "order:work[2]=0")
    assert work_names(page) == ["Initech", "Acme", "Globex"]
    said(page, "Moved Intern to position 1 of 3.")
    saved = json.loads(draft(page))
    assert [entry["name"] for entry in saved["work"]] == ["Initech", "Acme", "Globex"]
    assert saved["work"][1]["x-private"] == DOCUMENT["work"][0]["x-private"]


def test_a_drag_let_go_where_it_started_changes_nothing(editor) -> None:  # type: ignore[no-untyped-def]
    page = editor
    before = draft(page)
    handle = page.locator("[data-path='work[1]'] [data-drag-handle]")
    drag(page, handle, page.locator("[data-path='work[1]'] summary"))
    said(page, "Engineer stays where it was.")
    assert page.locator("#editor-form[data-move]").count() == 0  # nothing was posted
    assert draft(page) == before


def test_a_section_dragged_above_another_is_kept_in_the_design(editor) -> None:  # type: ignore[no-untyped-def]
    page = editor
    handle = page.locator("#section-skills > .section-moves [data-drag-handle]")
    drag(page, handle, page.locator("#section-work > legend"), f"editor-comfort-drag-{page.size}")
    answered(page, "section:skills=0")
    shown = page.locator("[data-sortable=sections] > fieldset").evaluate_all(
        "sections => sections.map(s => s.dataset.key)"
    )
    assert shown[:3] == ["skills", "work", "education"]
    links = page.locator(".section-nav a").evaluate_all("links => links.map(a => a.hash)")
    assert links[:3] == ["#section-basics", "#section-skills", "#section-work"]
    said(page, "Moved the Skills section to position 1 of 11.")
    order = json.loads(draft(page))["meta"]["design"]["sectionOrder"]
    assert order[:3] == ["skills", "work", "education"]
    assert len(order) == 11
    assert page.locator("[data-sortable=sections] > fieldset").first.get_attribute("id") == (
        "section-skills"
    )


# Focus follows Add, Move and Remove (the keyboard's way, the move buttons, kept)


def test_the_keyboard_moves_an_entry_and_the_focus_stays_on_its_button(editor) -> None:  # type: ignore[no-untyped-def]
    page = editor
    page.get_by_role("button", name="Move job 1 down").focus()
    page.keyboard.press("Enter")
    answered(page, "down:work[0]")
    expect(page.get_by_role("button", name="Move job 2 down")).to_be_focused()
    said(page, "Moved Lead to position 2 of 3.")
    page.keyboard.press("Enter")
    answered(page, "down:work[1]")
    expect(page.get_by_role("button", name="Move job 3 up")).to_be_focused()  # "down" is off
    assert work_names(page) == ["Globex", "Initech", "Acme"]
    page.keyboard.press("Enter")
    answered(page, "up:work[2]")
    expect(page.get_by_role("button", name="Move job 2 up")).to_be_focused()
    assert [e["name"] for e in json.loads(draft(page))["work"]] == ["Globex", "Acme", "Initech"]


def test_the_keyboard_moves_a_section_and_the_focus_stays_on_its_button(editor) -> None:  # type: ignore[no-untyped-def]
    page = editor
    page.get_by_role("button", name="Move the Projects section up").focus()
    page.keyboard.press("Enter")
    answered(page, "section:projects=1")
    expect(page.get_by_role("button", name="Move the Projects section up")).to_be_focused()
    said(page, "Moved the Projects section to position 2 of 11.")
    page.keyboard.press("Enter")
    answered(page, "section:projects=0")
    down = page.get_by_role("button", name="Move the Projects section down")
    expect(down).to_be_focused()  # first now: its "up" is disabled
    order = json.loads(draft(page))["meta"]["design"]["sectionOrder"]
    assert order[:3] == ["projects", "work", "education"]


def test_focus_goes_to_a_new_entry_and_to_the_next_one_after_a_removal(editor) -> None:  # type: ignore[no-untyped-def]
    page = editor
    page.get_by_role("button", name="Add a job").focus()
    page.keyboard.press("Enter")
    answered(page, "add:work")
    expect(page.locator("[name='work[3].name']")).to_be_focused()
    said(page, "Added a job, 4 of 4.")
    page.keyboard.type("Umbrella")
    page.locator("#save-status").get_by_text(re.compile("Saved at")).wait_for()
    page.get_by_role("button", name="Remove job 2").focus()
    page.keyboard.press("Enter")
    answered(page, "remove:work[1]")
    expect(page.locator("[data-path='work[1]'] > summary")).to_be_focused()  # the next entry
    assert page.locator("[data-path='work[1]'] summary strong").inner_text() == "Intern"
    page.get_by_role("button", name="Remove job 3").focus()  # the last one
    page.keyboard.press("Enter")
    answered(page, "remove:work[2]")
    expect(page.get_by_role("button", name="Add a job")).to_be_focused()


def test_focus_goes_to_a_new_bullet_and_follows_a_bullet_moved(editor) -> None:  # type: ignore[no-untyped-def]
    page = editor
    page.locator("button[value='add:work[0].highlights']").focus()
    page.keyboard.press("Enter")
    answered(page, "add:work[0].highlights")
    expect(page.locator("[name='work[0].highlights[2]']")).to_be_focused()
    page.locator("button[value='up:work[0].highlights[1]']").focus()
    page.keyboard.press("Enter")
    answered(page, "up:work[0].highlights[1]")
    expect(page.locator("button[value='down:work[0].highlights[0]']")).to_be_focused()
    said(page, "Moved Hired four engineers to position 1 of 2.")


# Undo


def test_a_removed_entry_comes_back_exactly_with_undo(editor) -> None:  # type: ignore[no-untyped-def]
    page = editor
    before = draft(page)
    assert '"x-private"' in before
    page.get_by_role("button", name="Remove job 1").click()
    answered(page, "remove:work[0]")
    page.get_by_role("button", name="Remove job 2").click()  # Initech, now second
    answered(page, "remove:work[1]")
    bar = page.locator("[data-undo-bar]")
    expect(bar).to_contain_text("Removed “Intern” (and 1 more).")
    said(page, "Removed “Intern”. Undo is at the top of the form.")
    to_the_end_of_the_form(page)
    assert within_view(page, page.get_by_role("button", name="Undo: put back “Intern”"))
    shot(page, f"editor-comfort-undo-{page.size}", full=False)
    page.get_by_role("button", name="Undo: put back “Intern”").click()
    answered(page, "insert:work[1]")
    said(page, "Put back Intern.")
    expect(page.locator("[data-path='work[1]'] > summary")).to_be_focused()
    page.get_by_role("button", name="Undo: put back “Lead”").click()
    answered(page, "insert:work[0]")
    assert page.locator("[data-undo-bar]").count() == 0  # nothing left to undo
    assert draft(page) == before  # byte for byte, the keys the form does not show included


def test_an_undo_can_be_declined(editor) -> None:  # type: ignore[no-untyped-def]
    page = editor
    page.get_by_role("button", name="Remove job 3").click()
    answered(page, "remove:work[2]")
    page.get_by_role("button", name="Keep it removed").click()
    assert page.locator("[data-undo-bar]").count() == 0
    assert [e["name"] for e in json.loads(draft(page))["work"]] == ["Acme", "Globex"]


def test_without_scripts_the_server_offers_undo_in_the_form(browser, server) -> None:  # type: ignore[no-untyped-def]
    """Progressive enhancement: with scripts off the buttons post the whole page, and the
    page the server answers carries the removed entry and its Undo button."""
    for size in SIZES.values():
        context = browser.new_context(base_url=server.url, viewport=size, java_script_enabled=False)
        page = context.new_page()
        register(page)
        page.get_by_role("button", name="New résumé").click()
        page.locator("#raw").fill(json.dumps(DOCUMENT))
        page.get_by_role("button", name="Save the raw document").click()
        before = draft(page)
        page.get_by_role("button", name="Remove job 1").click()
        page.get_by_text("Removed “Lead”.").wait_for()
        assert page.locator("[name='work[0].name']").input_value() == "Globex"
        page.locator("#editor-form").get_by_role("button", name="Undo").click()
        page.locator("[name='work[0].name']").wait_for()
        assert page.locator("[name='work[0].name']").input_value() == "Acme"
        assert draft(page) == before
        context.close()


# A save status in sight, and the section links


def test_the_save_status_stays_in_sight_and_covers_no_field(editor) -> None:  # type: ignore[no-untyped-def]
    page = editor
    status = page.locator("#save-status")
    to_the_end_of_the_form(page)
    assert within_view(page, status)
    field = page.locator("[name='references[0].name']")
    field.fill("B. Colleague")
    status.get_by_text(re.compile(r"Saved at \d\d:\d\d:\d\d")).wait_for()
    assert within_view(page, status)
    # A field reached with the keyboard from below the bar is shown below it, not under it.
    field.scroll_into_view_if_needed()
    top = page.locator("[name='education[0].institution']")
    page.evaluate(
        "bar => { const f = document.querySelector(\"[name='education[0].area']\");"
        " window.scrollBy(0, f.getBoundingClientRect().top - bar + 2); }",
        bar_bottom(page),
    )
    page.locator("[name='education[0].area']").focus()
    page.keyboard.press("Shift+Tab")
    expect(top).to_be_focused()
    assert top.bounding_box()["y"] >= bar_bottom(page)
    assert within_view(page, status)


def test_the_section_links_jump_to_a_section_and_mark_it(editor) -> None:  # type: ignore[no-untyped-def]
    page = editor
    nav = page.get_by_role("navigation", name="Sections of the form")
    expect(nav.locator("a[aria-current]")).to_have_text("Basics")
    nav.get_by_role("link", name="Languages").click()
    page.wait_for_url(re.compile("#section-languages$"))
    legend = page.locator("#section-languages > legend")
    assert legend.bounding_box()["y"] >= bar_bottom(page) - 1
    assert within_view(page, legend)
    expect(nav.locator("a[aria-current]")).to_have_text("Languages")
    assert within_view(page, nav.get_by_role("link", name="Languages"))
    page.mouse.move(0, page.viewport_size["height"] - 1)  # no link under the pointer
    shot(page, f"editor-comfort-{page.size}", full=False)
    page.evaluate("window.scrollTo(0, 0)")
    expect(nav.locator("a[aria-current]")).to_have_text("Basics")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_the_section_links_are_plain_anchors_without_scripts(browser, server) -> None:  # type: ignore[no-untyped-def]
    for size in SIZES.values():
        context = browser.new_context(base_url=server.url, viewport=size, java_script_enabled=False)
        page = context.new_page()
        register(page)
        page.get_by_role("button", name="New résumé").click()
        nav = page.get_by_role("navigation", name="Sections of the form")
        nav.get_by_role("link", name="References").click()
        page.wait_for_url(re.compile("#section-references$"))
        legend = page.locator("#section-references > legend")
        assert within_view(page, legend)
        assert legend.bounding_box()["y"] >= bar_bottom(page) - 1
        assert page.locator("[data-drag-handle]").first.is_hidden()  # a drag needs the script
        context.close()
