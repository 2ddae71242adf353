"""Nothing a person types in the editor is lost or saved wrong (issue 19), in Chromium at desktop
and phone width: the form and the raw editor show one document; a save over a newer draft (the
other panel, another tab) is refused with what changed, the person's text kept; a restore asks
first and keeps the draft it replaces; e-mail and web addresses that are not addresses are
refused beside their fields; a reload after a form never posts it again nor shows JSON; a résumé
can be duplicated."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.ui.conftest import DESKTOP, PHONE, import_example, register, watched

SIZES = {"desktop": DESKTOP, "phone": PHONE}
RAW = "The résumé as JSON Resume JSON"
NAME = "Maya Lindqvist"  # examples/resume.json
LABEL = "Senior Backend Engineer"


@pytest.fixture(params=list(SIZES))
def context(request: pytest.FixtureRequest, browser: Any, server: Any) -> Iterator[Any]:
    """A browser context at desktop or phone width (no cookies yet)."""
    phone = request.param == "phone"
    made = browser.new_context(
        base_url=server.url, viewport=SIZES[request.param], is_mobile=phone, has_touch=phone
    )
    made.set_default_timeout(15_000)
    yield made
    made.close()


@pytest.fixture
def tab(context: Any) -> Iterator[Any]:
    """A page of ``context``; afterwards it must have met no CSP refusal nor script error."""
    opened, problems = watched(context)
    yield opened
    assert problems == [], problems


def open_editor(tab: Any) -> str:
    """A new account with examples/resume.json imported; the editor's URL, opened."""
    register(tab)
    import_example(tab)
    action = tab.locator("#editor-form").get_attribute("action")
    url = str(action).removesuffix("/edit")
    tab.goto(url)
    return url


def answered(tab: Any, suffix: str, action: Callable[[], None]) -> Any:
    """Do ``action``; the answer to the request it made to an address ending in ``suffix``,
    once its swaps are done."""
    with tab.expect_response(lambda answer: answer.url.endswith(suffix)) as waiting:
        action()
    answer = waiting.value
    answer.finished()
    tab.wait_for_load_state()
    return answer


def autosaved(tab: Any, change: Callable[[], None]) -> Any:
    """Make ``change`` in the form; the autosave answer it led to."""
    return answered(tab, "/autosave", change)


def raw_document(tab: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(tab.get_by_label(RAW).input_value())
    return data


def saved_draft(tab: Any, url: str) -> dict[str, Any]:
    """The working draft as the API has it now (the page's session cookie)."""
    resume_id = url.rsplit("/", 1)[1]
    answer = tab.request.get(f"/api/v1/resumes/{resume_id}")
    assert answer.ok, answer.text()
    draft: dict[str, Any] = answer.json()["resume"]
    return draft


def count_tasks(server: Any, email: str, kind: str) -> int:
    """How many tasks of ``kind`` the account has, as its database says."""
    with sqlite3.connect(server.data_dir / "tailorcv.db") as connection:
        row = connection.execute(
            "SELECT count(*) FROM tasks WHERE kind = ? AND owner_id = "
            "(SELECT id FROM users WHERE email = ?)",
            (kind, email),
        ).fetchone()
    return int(row[0])


# One document, one source of truth


def test_the_raw_editor_shows_what_the_form_saved_and_saving_it_keeps_that(tab: Any) -> None:
    url = open_editor(tab)
    answer = autosaved(tab, lambda: tab.get_by_label("Full name").fill("Maya L. Lindqvist"))
    assert answer.status == 200
    assert raw_document(tab)["basics"]["name"] == "Maya L. Lindqvist"
    tab.get_by_role("button", name="Save the raw document").click()
    tab.get_by_text("Saved from the raw editor.").wait_for()
    assert saved_draft(tab, url)["basics"]["name"] == "Maya L. Lindqvist"
    tab.reload()
    assert tab.get_by_label("Full name").input_value() == "Maya L. Lindqvist"


def test_typing_before_the_scripts_have_loaded_is_saved_and_an_untouched_page_saves_nothing(
    tab: Any,
) -> None:
    url = open_editor(tab)
    saves: list[str] = []
    tab.on("request", lambda sent: sent.url.endswith("/autosave") and saves.append(sent.url))
    tab.wait_for_timeout(1_500)  # longer than the autosave's 700 ms delay
    assert saves == [], "a page nobody typed in saved itself"
    held: list[Any] = []
    tab.route("**/static/vendor/htmx.min.js", lambda route: held.append(route))  # held back
    tab.goto(url, wait_until="commit")
    name = tab.get_by_label("Full name")
    name.fill("Maya L. Lindqvist")  # no script is listening yet
    tab.wait_for_function("() => !window.htmx")
    for _ in range(200):  # the held request reaches this process as an event of its own
        if held:
            break
        tab.wait_for_timeout(50)
    assert len(held) == 1, held
    autosaved(tab, held[0].continue_)
    tab.locator("#save-status").get_by_text(re.compile("Saved at")).wait_for()
    assert saved_draft(tab, url)["basics"]["name"] == "Maya L. Lindqvist"


def test_typing_the_moment_the_form_is_swapped_in_is_saved(tab: Any) -> None:
    """A keystroke in the task right after a structural change swapped the form in reaches the
    autosave (htmx used to bind the new form's listeners only after its 20 ms settle delay)."""
    url = open_editor(tab)
    tab.evaluate(
        """() => document.addEventListener("htmx:afterSwap", () => setTimeout(() => {
          const field = document.querySelector("[name='work[3].name']");
          if (!field || field.value) { return; }
          field.value = "Tiny Startup";
          field.dispatchEvent(new Event("input", { bubbles: true }));
        }, 0))"""
    )
    tab.get_by_role("button", name="Add a job").click()
    tab.locator("#save-status").get_by_text(re.compile("Saved at")).wait_for()
    assert saved_draft(tab, url)["work"][3]["name"] == "Tiny Startup"


def test_a_raw_save_over_the_forms_newer_draft_is_refused_with_the_change_and_the_text_kept(
    tab: Any,
) -> None:
    url = open_editor(tab)
    raw = tab.get_by_label(RAW)
    mine = raw.input_value().replace(LABEL, "Principal Engineer")
    raw.fill(mine)  # typing of its own: the raw editor is no longer refreshed
    answer = autosaved(tab, lambda: tab.get_by_label("Full name").fill("Ada Example"))
    assert answer.status == 200
    assert raw.input_value() == mine
    tab.get_by_role("button", name="Save the raw document").click()
    conflict = tab.locator("#raw-panel .conflict")
    conflict.wait_for()
    assert f"basics.name: “{NAME}” → “Ada Example”" in conflict.inner_text()
    assert tab.get_by_label(RAW).input_value() == mine  # nothing lost
    draft = saved_draft(tab, url)
    assert (draft["basics"]["name"], draft["basics"]["label"]) == ("Ada Example", LABEL)
    # Saving again as it is is refused again: only "Save mine over it" replaces the draft.
    again = answered(tab, "/raw", tab.get_by_role("button", name="Save the raw document").click)
    assert again.status == 409
    assert saved_draft(tab, url)["basics"]["label"] == LABEL
    # Merge the form's change by hand, then save over the draft that was shown.
    tab.get_by_label(RAW).fill(mine.replace(NAME, "Ada Example"))
    tab.get_by_role("button", name="Save mine over it").click()
    tab.get_by_text("Saved from the raw editor.").wait_for()
    draft = saved_draft(tab, url)
    assert (draft["basics"]["name"], draft["basics"]["label"]) == (
        "Ada Example",
        "Principal Engineer",
    )
    # The form, which held nothing unsaved, shows the saved draft.
    assert tab.get_by_label("Headline").input_value() == "Principal Engineer"


def test_two_tabs_on_one_resume_do_not_overwrite_each_other(context: Any, tab: Any) -> None:
    url = open_editor(tab)
    other, problems = watched(context)
    other.goto(url)
    first = autosaved(tab, lambda: tab.get_by_label("Headline").fill("Staff Engineer"))
    assert first.status == 200
    second = autosaved(other, lambda: other.get_by_label("Full name").fill("Ada Other"))
    assert second.status == 409
    assert "changed elsewhere" in other.locator("#save-status").inner_text()
    conflict = other.locator("#form-conflict")
    assert f"basics.label: “{LABEL}” → “Staff Engineer”" in conflict.inner_text()
    draft = saved_draft(tab, url)
    assert (draft["basics"]["name"], draft["basics"]["label"]) == (NAME, "Staff Engineer")
    assert other.get_by_label("Full name").input_value() == "Ada Other"  # kept in the form
    # The second tab chooses to save its form over the draft it was shown.
    other.get_by_role("button", name="Save mine over it").click()
    other.locator("#save-status").get_by_text("Saved.").wait_for()
    draft = saved_draft(tab, url)
    assert (draft["basics"]["name"], draft["basics"]["label"]) == ("Ada Other", LABEL)
    # Now the first tab's next save is the one refused.
    phone = tab.get_by_role("textbox", name="Phone")
    refused = autosaved(tab, lambda: phone.fill("+46 70 000 00 00"))
    assert refused.status == 409
    assert "basics.name" in tab.locator("#form-conflict").inner_text()
    other.close()
    assert problems == [], problems


# Restore


def test_a_restore_asks_first_and_keeps_the_draft_it_replaces(tab: Any) -> None:
    url = open_editor(tab)
    tab.get_by_role("button", name="Commit a version").click()
    tab.get_by_text("Committed").wait_for()
    autosaved(tab, lambda: tab.get_by_label("Full name").fill("Someone Else"))
    restore = tab.locator("#history li").first.get_by_role("button", name=re.compile("Restore"))
    asked: list[str] = []

    def dismiss(dialog: Any) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    tab.once("dialog", dismiss)
    restore.click()  # the question is answered before the click returns
    assert asked, "restoring did not ask first"
    assert "kept as a version" in asked[0]
    tab.reload()
    assert tab.get_by_label("Full name").input_value() == "Someone Else"
    assert saved_draft(tab, url)["basics"]["name"] == "Someone Else"
    tab.once("dialog", lambda dialog: dialog.accept())
    restore.click()
    tab.get_by_text("The draft it replaced is kept as a version").wait_for()
    assert tab.get_by_label("Full name").input_value() == NAME
    assert tab.locator("#history .kind").first.inner_text().lower() == "draft"
    # The kept draft restores like any version: the restore is undone.
    tab.once("dialog", lambda dialog: dialog.accept())
    tab.locator("#history li").first.get_by_role("button", name=re.compile("Restore")).click()
    tab.get_by_text("already among your versions").wait_for()
    assert tab.get_by_label("Full name").input_value() == "Someone Else"


# E-mail and web addresses


BAD_ADDRESSES = [
    ("E-mail", "basics-email", "jane at example", "not an e-mail address"),
    ("E-mail", "basics-email", "mailto:jane@example.com", "without “mailto:”"),
    ("E-mail", "basics-email", f"jane@{'x' * 250}.com", "at most 254 characters"),
    ("Website", "basics-url", "my site", "has spaces"),
    ("Website", "basics-url", "javascript:alert(1)", "“javascript:”"),
    ("Website", "basics-url", "localhost", "not a web address"),
]


def test_an_address_that_is_not_one_is_refused_beside_its_field(tab: Any) -> None:
    url = open_editor(tab)
    before = saved_draft(tab, url)["basics"]
    for label, field, typed, words in BAD_ADDRESSES:
        box = tab.get_by_role("textbox", name=label, exact=True)
        assert box.get_attribute("type") == ("email" if field.endswith("email") else "url")
        answer = autosaved(tab, lambda box=box, typed=typed: box.fill(typed))
        assert answer.status == 422, typed
        assert words in tab.locator(f"#err-{field}").inner_text(), typed
        assert "Not saved" in tab.locator("#save-status").inner_text()
        assert saved_draft(tab, url)["basics"] == before
        good = "example.com/me" if field.endswith("url") else "jane@example.com"
        fixed = autosaved(tab, lambda box=box, good=good: box.fill(good))
        assert fixed.status == 200, good
        assert tab.locator(f"#err-{field}").inner_text() == ""
        before = saved_draft(tab, url)["basics"]
    assert (before["email"], before["url"]) == ("jane@example.com", "example.com/me")


def test_entry_and_raw_addresses_are_refused_with_their_paths(tab: Any) -> None:
    url = open_editor(tab)
    work = tab.locator("[name='work[0].url']")
    assert work.get_attribute("type") == "url"
    answer = autosaved(tab, lambda: work.fill("https://nordpay example.com"))
    assert answer.status == 422
    assert "has spaces" in tab.locator("#err-work-0-url").inner_text()
    profile = tab.locator("[name='basics.profiles[1].url']")
    autosaved(tab, lambda: profile.fill("linkedin"))
    assert "not a web address" in tab.locator("#err-basics-profiles-1-url").inner_text()
    tab.reload()
    raw = tab.get_by_label(RAW)
    raw.fill(raw.input_value().replace("maya.lindqvist@example.com", "maya at example"))
    tab.get_by_role("button", name="Save the raw document").click()
    tab.locator("#raw-errors").get_by_text(re.compile(r"basics\.email: ")).wait_for()
    assert saved_draft(tab, url)["basics"]["email"] == "maya.lindqvist@example.com"


# Redirect after POST


@pytest.fixture
def scriptless(context: Any, browser: Any, server: Any, tab: Any) -> Iterator[tuple[Any, str, str]]:
    """A page with scripts off (every form a plain post), signed in to an account holding
    the example résumé; the page, the editor's URL and the account's e-mail address."""
    email = register(tab)
    import_example(tab)
    url = str(tab.locator("#editor-form").get_attribute("action")).removesuffix("/edit")
    viewport = context.pages[0].viewport_size
    plain = browser.new_context(
        base_url=server.url,
        viewport=viewport,
        java_script_enabled=False,
        storage_state=context.storage_state(),
    )
    plain.set_default_timeout(15_000)
    yield plain.new_page(), url, email
    plain.close()


def is_json(page: Any) -> bool:
    text = page.locator("body").inner_text().strip()
    return text.startswith("{") or "method-not-allowed" in text


def test_a_reload_after_a_form_neither_posts_it_again_nor_shows_json(
    scriptless: tuple[Any, str, str], server: Any
) -> None:
    page, url, email = scriptless
    page.goto(f"/templates?resume={url.rsplit('/', 1)[1]}")
    page.get_by_role("button", name="Render", exact=True).click()
    page.locator("#render-status").wait_for()
    assert count_tasks(server, email, "render") == 1
    page.reload()
    page.locator("#render-status").wait_for()
    assert count_tasks(server, email, "render") == 1  # the reload asked for no second render
    assert re.search(r"/renders/[0-9a-f-]{36}$", page.url)
    # The editor's form, saved without scripts ("Save now").
    page.goto(url)
    page.get_by_label("Full name").fill("Plain Post")
    page.get_by_role("button", name="Save now").click()
    page.wait_for_url(re.compile(r"/resumes/[0-9a-f-]{36}\?saved=form$"))
    page.reload()
    assert page.get_by_label("Full name").input_value() == "Plain Post"
    # A refused raw document is shown at the address it was posted to; that address, asked
    # for again, is the editor (not a 405 in JSON).
    page.get_by_label(RAW).fill('{"basics": {"name": "Broken"')
    page.get_by_role("button", name="Save the raw document").click()
    page.locator("#raw-errors").get_by_text(re.compile("JSON syntax error")).wait_for()
    assert page.url.endswith("/raw")
    answer = page.goto(page.url)
    assert answer.status == 200
    assert not is_json(page)
    assert page.url.endswith(url.rsplit("/", 1)[1])
    for address in (f"{url}/autosave", f"{url}/duplicate", f"{url}/commit", "/logout"):
        answer = page.goto(address)
        assert answer.status == 200, address
        assert not is_json(page), address


# Duplicate


def test_a_resume_is_duplicated_with_its_draft_and_nothing_else(tab: Any) -> None:
    url = open_editor(tab)
    tab.get_by_role("button", name="Commit a version").click()
    tab.get_by_text("Committed").wait_for()
    autosaved(tab, lambda: tab.get_by_label("Full name").fill("Maya Copy Source"))
    title = tab.locator("h1").inner_text()
    tab.get_by_role("button", name="Duplicate", exact=True).click()
    tab.get_by_text("This is a new copy").wait_for()
    assert tab.locator("h1").inner_text() == f"Copy of {title}"
    assert tab.url != url
    assert tab.get_by_label("Full name").input_value() == "Maya Copy Source"
    assert tab.locator("#history .kind").count() == 1  # its own history, not the original's
    tab.goto("/dashboard")
    copies = tab.get_by_role("button", name=f"Duplicate Copy of {title}", exact=True)
    copies.click()
    tab.get_by_text("This is a new copy").wait_for()
    assert tab.locator("h1").inner_text() == f"Copy of Copy of {title}"
