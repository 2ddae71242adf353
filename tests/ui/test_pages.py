"""Each page's main action, and the errors a person meets there, in a real browser."""

from __future__ import annotations

import re
import sqlite3
import zipfile

import httpx
import pytest
from playwright.sync_api import expect

from tests.conftest import EXAMPLES
from tests.ui.conftest import (
    MAX_UPLOAD_BYTES,
    PASSWORD,
    PHONE,
    import_example,
    new_email,
    paste_job,
    register,
    shot,
)


def sql(server, statement: str, *args: object) -> None:  # type: ignore[no-untyped-def]
    """Change the server's database directly: what an operator's console would do."""
    with sqlite3.connect(server.data_dir / "tailorcv.db") as connection:
        connection.execute(statement, args)


# Accounts


def test_a_wrong_password_is_said_in_words_and_the_form_keeps_the_email(page) -> None:  # type: ignore[no-untyped-def]
    email = register(page)
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    assert page.locator("#login-error").inner_text() == "Wrong email or password."
    assert page.get_by_label("E-mail address").input_value() == email
    shot(page, "login-error")


def test_registration_errors_stand_beside_their_fields(page) -> None:  # type: ignore[no-untyped-def]
    email = register(page)
    page.get_by_role("button", name="Log out").click()
    page.goto("/register")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill("short")
    page.get_by_role("button", name="Create my account").click()
    assert page.locator("#err-password").inner_text() == "The password needs at least 8 characters."
    page.get_by_label("Password").fill("12345678")
    page.get_by_role("button", name="Create my account").click()
    assert "most common" in page.locator("#err-password").inner_text()
    page.get_by_label("Password").fill("another long passphrase")  # not the account's (issue 16)
    page.get_by_role("button", name="Create my account").click()
    assert "already registered" in page.locator("#err-email").inner_text()
    assert page.get_by_label("E-mail address").get_attribute("aria-invalid") == "true"


def test_a_page_asks_for_a_login_then_returns_there_by_keyboard_alone(page) -> None:  # type: ignore[no-untyped-def]
    email = register(page)
    page.context.clear_cookies()
    page.goto("/jobs")
    assert re.search(r"/login\?next=/jobs$", page.url)
    page.get_by_label("E-mail address").focus()
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r":\d+/jobs$"))
    assert page.get_by_role("heading", name="Paste a job ad").is_visible()


def test_a_form_posted_without_its_csrf_token_is_refused(page) -> None:  # type: ignore[no-untyped-def]
    register(page)
    answer = page.request.post("/resumes", form={"title": "forged"})
    assert answer.status == 403
    assert "out of date" in answer.text()
    page.goto("/dashboard")
    assert page.get_by_text("forged").count() == 0


# Import and the editor


def test_a_file_too_big_is_refused_before_and_at_the_server(page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    register(page)
    page.goto("/import")
    big = tmp_path / "big.txt"
    big.write_bytes(b"Ada Lovelace\n" + b"x" * MAX_UPLOAD_BYTES)
    page.set_input_files("input[type=file]", str(big))
    assert "too large" in page.locator("#import-error").inner_text()
    shot(page, "import-too-big", full=False)
    # Without the page's own check, the server says the same in its words.
    page.locator("input[type=file]").evaluate("input => input.removeAttribute('data-max-bytes')")
    page.get_by_role("button", name="Import", exact=True).click()
    page.locator("#import-error").get_by_text(re.compile("over 2000000 bytes")).wait_for()


def test_a_dropped_file_is_imported_and_reviewed(page) -> None:  # type: ignore[no-untyped-def]
    register(page)
    page.goto("/import")
    text = (EXAMPLES / "resume.json").read_text()
    dropped = page.evaluate_handle(
        """text => {
            const data = new DataTransfer();
            data.items.add(new File([text], "resume.json", {type: "application/json"}));
            return data;
        }""",
        text,
    )
    page.dispatch_event("[data-dropzone]", "drop", {"dataTransfer": dropped})
    page.get_by_role("heading", name="Check what was imported").wait_for()
    assert "Every field was read exactly" in page.locator(".review").inner_text()
    assert page.get_by_label("Full name").input_value() == "Maya Lindqvist"


def test_an_unreadable_file_says_why(page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    register(page)
    page.goto("/import")
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.4 this is not really a PDF")
    page.set_input_files("input[type=file]", str(junk))
    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_role("heading", name="The file could not be imported").wait_for()
    assert page.get_by_role("alert").inner_text().strip()


def test_invalid_json_in_the_raw_editor_is_shown_there_and_not_saved(page) -> None:  # type: ignore[no-untyped-def]
    register(page)
    import_example(page)
    page.get_by_label("The résumé as JSON Resume JSON").fill('{"basics": {"name": "Broken"')
    page.get_by_role("button", name="Save the raw document").click()
    errors = page.locator("#raw-errors")
    errors.get_by_text(re.compile("JSON syntax error at line 1")).wait_for()
    shot(page, "raw-editor-error", full=False)
    page.reload()
    assert page.get_by_label("Full name").input_value() == "Maya Lindqvist"


def test_yaml_in_the_raw_editor_is_saved_and_a_schema_error_is_placed(page) -> None:  # type: ignore[no-untyped-def]
    register(page)
    import_example(page)
    raw = page.get_by_label("The résumé as JSON Resume JSON")
    raw.fill("basics:\n  name: Yaml Person\nwork:\n  - name: Acme\n    startDate: someday\n")
    page.get_by_role("button", name="Save the raw document").click()
    page.locator("#raw-errors").get_by_text(re.compile(r"work\[0\]\.startDate")).wait_for()
    raw = page.get_by_label("The résumé as JSON Resume JSON")
    raw.fill("basics:\n  name: Yaml Person\nwork:\n  - name: Acme\n    startDate: 2020-01\n")
    page.get_by_role("button", name="Save the raw document").click()
    page.get_by_text("Saved from the raw editor.").wait_for()
    assert page.get_by_label("Full name").input_value() == "Yaml Person"


def test_a_bad_date_in_the_form_is_marked_at_its_field_and_not_saved(page) -> None:  # type: ignore[no-untyped-def]
    register(page)
    import_example(page)
    start = page.locator("[name='work[0].startDate']")
    start.fill("last spring")
    error = page.locator("#err-work-0-startDate")
    error.wait_for()
    assert error.inner_text()
    assert "Not saved" in page.locator("#save-status").inner_text()
    start.evaluate("field => field.scrollIntoView({block: 'center'})")
    shot(page, "editor-field-error", full=False)
    start.fill("2021-03")
    page.locator("#save-status").get_by_text(re.compile("Saved at")).wait_for()
    assert error.inner_text() == ""


def test_entries_and_bullets_are_added_reordered_and_removed(page) -> None:  # type: ignore[no-untyped-def]
    register(page)
    import_example(page)
    first = page.locator("[name='work[0].name']").input_value()
    second = page.locator("[name='work[1].name']").input_value()
    page.get_by_role("button", name="Move job 1 down").click()
    page.locator("#save-status").get_by_text("Saved.").wait_for()
    assert page.locator("[name='work[0].name']").input_value() == second
    assert page.locator("[name='work[1].name']").input_value() == first
    page.get_by_role("button", name="Add a job").click()
    page.locator("[name='work[3].name']").fill("Tiny Startup")
    page.locator("#save-status").get_by_text(re.compile("Saved at")).wait_for()
    page.locator("button[value='add:work[3].highlights']").click()
    page.locator("[name='work[3].highlights[0]']").fill("Shipped the first version")
    page.locator("#save-status").get_by_text(re.compile("Saved at")).wait_for()
    bullets = page.locator("[name^='work[0].highlights[']")
    count = bullets.count()
    page.locator("button[value='remove:work[0].highlights[0]']").click()
    page.locator("#save-status").get_by_text("Saved.").wait_for()
    assert page.locator("[name^='work[0].highlights[']").count() == count - 1
    page.reload()
    assert page.locator("[name='work[3].highlights[0]']").input_value() == (
        "Shipped the first version"
    )
    page.get_by_role("button", name="Remove job 4").click()
    page.locator("#save-status").get_by_text("Saved.").wait_for()
    assert page.locator("[name='work[3].name']").count() == 0


def test_a_committed_version_can_be_restored(page) -> None:  # type: ignore[no-untyped-def]
    register(page)
    import_example(page)
    page.get_by_role("button", name="Commit a version").click()
    page.get_by_text("Committed").wait_for()
    page.get_by_label("Full name").fill("Someone Else")
    page.locator("#save-status").get_by_text(re.compile("Saved at")).wait_for()
    page.reload()
    assert page.get_by_label("Full name").input_value() == "Someone Else"
    page.once("dialog", lambda dialog: dialog.accept())  # it asks first (issue 19)
    page.locator("#history li").first.get_by_role("button", name=re.compile("Restore")).click()
    page.get_by_text("The version was restored").wait_for()
    assert page.get_by_label("Full name").input_value() == "Maya Lindqvist"


def test_the_editor_fits_a_phone(browser, server) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=server.url, viewport=PHONE, is_mobile=True)
    phone = context.new_page()
    register(phone)
    import_example(phone)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width}px wide on a {PHONE['width']}px phone"
    shot(phone, "phone-editor", full=False)
    phone.goto("/dashboard")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(phone, "phone-dashboard", full=False)
    context.close()


# Jobs, match, tailor, templates, publish


def test_an_empty_ad_is_refused_at_its_field(page) -> None:  # type: ignore[no-untyped-def]
    register(page)
    page.goto("/jobs")
    page.get_by_role("button", name="Analyse the ad").click()
    assert "Paste the job ad" in page.locator("#err-text").inner_text()


def test_a_job_shows_its_analysis_and_the_match_report(page) -> None:  # type: ignore[no-untyped-def]
    register(page)
    import_example(page)
    paste_job(page)
    assert page.locator(".chip").count() > 0
    assert "Senior Platform Engineer" in page.locator("h1").inner_text()
    page.get_by_role("button", name="See the match report").click()
    score = int(page.locator("#score").inner_text().split("/")[0])
    assert score > 40  # the example résumé was written for the example job
    assert page.locator("#h-matched + .skills li").count() > 0
    assert page.locator(".skills code").count() > 0  # where each skill was found


def test_tailoring_needs_a_resume_and_a_job(page) -> None:  # type: ignore[no-untyped-def]
    register(page)
    page.goto("/tailor")
    assert "You need" in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Tailor", exact=True).count() == 0


def test_a_tailored_version_becomes_the_working_draft(page) -> None:  # type: ignore[no-untyped-def]
    register(page)
    import_example(page)
    paste_job(page)
    page.goto("/tailor")
    assert page.get_by_label("Language model").is_disabled()  # no LLM configured here
    page.get_by_role("button", name="Tailor", exact=True).click()
    page.locator("#verdict").wait_for()
    assert page.locator(".side-by-side pre").count() == 2
    page.get_by_role("button", name="Use as my working draft").click()
    page.get_by_text("The version was restored").wait_for()
    kinds = page.locator("#history .kind").all_inner_texts()
    assert "TAILORED" in [kind.upper() for kind in kinds]


def test_the_gallery_renders_other_formats_for_download(page) -> None:  # type: ignore[no-untyped-def]
    register(page)
    import_example(page)
    page.get_by_role("link", name="Templates").click()
    assert page.locator(".template-card img").count() >= 3
    shot(page, "templates")
    page.locator(".template-card", has_text="Modern").click()
    page.get_by_label("Format").select_option("docx")
    page.get_by_role("button", name="Render", exact=True).click()
    link = page.locator("#download")
    link.wait_for()
    with page.expect_download() as waiting:
        link.click()
    path = waiting.value.path()
    assert zipfile.is_zipfile(path)  # a .docx is a zip


def test_a_bad_or_taken_slug_is_refused_and_unpublishing_works(browser, server, page) -> None:  # type: ignore[no-untyped-def]
    register(page)
    url = import_example(page)
    page.get_by_label("Page address").fill("No Spaces")
    page.get_by_role("button", name="Publish").click()
    page.locator("#slug-error").get_by_text("lower-case").wait_for()  # swapped in by htmx
    slug = f"taken-{new_email()[3:13]}"
    page.get_by_label("Page address").fill(slug)
    page.get_by_role("button", name="Publish").click()
    page.locator("#public-link").wait_for()
    shot(page, "publish", full=False)
    other = browser.new_context(base_url=server.url)
    rival = other.new_page()
    register(rival)
    import_example(rival)
    rival.get_by_label("Page address").fill(slug)
    rival.get_by_role("button", name="Publish").click()
    rival.locator("#slug-error").get_by_text("is taken").wait_for()
    other.close()
    page.goto(url)
    page.get_by_role("button", name="Unpublish").click()
    # The page reloads after the click; its Publish button was there before it too, so what is
    # awaited is the public link going (retried until the timeout, then a failure).
    expect(page.locator("#public-link")).to_have_count(0)
    expect(page.get_by_role("button", name="Unpublish")).to_have_count(0)


# Account and admin


def test_tokens_work_against_the_api_until_revoked_and_the_export_holds_the_data(
    page, server, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    register(page)
    import_example(page)
    page.goto("/account")
    page.get_by_role("button", name="Create a token").click()
    assert "Give the token a name" in page.locator("#err-name").inner_text()
    page.get_by_label("New token name").fill("laptop")
    page.get_by_role("button", name="Create a token").click()
    token = page.locator("#new-token").inner_text()
    auth = {"Authorization": f"Bearer {token}"}
    assert httpx.get(f"{server.url}/api/v1/resumes", headers=auth).status_code == 200
    with page.expect_download() as waiting:
        page.get_by_role("link", name="Download the export").click()
    with zipfile.ZipFile(waiting.value.path()) as archive:
        assert "account.json" in archive.namelist()
        assert any(name.startswith("resumes/") for name in archive.namelist())
    page.get_by_role("button", name="Revoke the token laptop").click()
    page.wait_for_url(re.compile(r"/account(#h-tokens)?$"))
    assert httpx.get(f"{server.url}/api/v1/resumes", headers=auth).status_code == 401


def test_deleting_the_account_needs_the_email_typed(page) -> None:  # type: ignore[no-untyped-def]
    register(page)
    page.goto("/account")
    page.get_by_label("Type your e-mail address to confirm").fill("someone@else.example")
    page.get_by_role("button", name="Delete my account for good").click()
    assert "exactly" in page.locator("#err-confirm").inner_text()
    page.goto("/dashboard")
    assert page.url.endswith("/dashboard")  # still signed in


def test_admin_is_a_403_for_others_and_shows_the_queue_to_admins(page, server) -> None:  # type: ignore[no-untyped-def]
    email = register(page)
    assert page.goto("/admin").status == 403
    import_example(page)
    sql(server, "UPDATE users SET is_admin = 1 WHERE email = ?", email)
    sql(
        server,
        "UPDATE tasks SET status = 'dead', error = 'worker lost' "
        "WHERE owner_id = (SELECT id FROM users WHERE email = ?)",
        email,
    )
    page.goto("/admin")
    assert page.get_by_role("heading", name="Dead tasks").is_visible()
    assert page.locator("#h-users").is_visible()
    assert page.locator(".users").get_by_text(email, exact=True).is_visible()
    shot(page, "admin")
    page.get_by_role("button", name="Retry").first.click()
    page.wait_for_url(re.compile(r"/admin(#h-dead)?$"))
    page.get_by_role("link", name="Dashboard").click()
    page.locator("#tasks .status-succeeded").first.wait_for()


@pytest.mark.parametrize("kind", ["resumes", "jobs", "import", "tailor"])
def test_an_unknown_or_foreign_id_is_a_page_in_words(page, kind: str) -> None:  # type: ignore[no-untyped-def]
    register(page)
    answer = page.goto(f"/{kind}/00000000-0000-0000-0000-000000000000")
    assert answer.status == 404
    assert "not yours" in page.locator("main").inner_text()
