"""Accounts in a real browser, on desktop and on a 390 px phone (issue 19): changing the password
and the e-mail address, the operator's ``tailorcv admin grant`` and the admin page (a tier,
disabling and enabling an account), downloads named after the person and template, tasks named
in words, the icon, and forms that answer with a redirect (a reload never posts again).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from tests.conftest import EXAMPLES
from tests.ui.conftest import DESKTOP, PASSWORD, PHONE, new_email, register, shot

SIZES = [pytest.param(DESKTOP, id="desktop"), pytest.param(PHONE, id="phone")]
NEW = "a brand new passphrase"


def grant(server, email: str) -> str:  # type: ignore[no-untyped-def]
    """``tailorcv admin grant EMAIL`` as the operator runs it beside the server."""
    env = {**os.environ, "TAILORCV_DATA_DIR": str(server.data_dir)}
    for name in ("TAILORCV_DATABASE_URL", "TAILORCV_SECRET_KEY"):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-m", "tailorcv", "admin", "grant", email],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def log_in(page, email: str, password: str = PASSWORD) -> None:  # type: ignore[no-untyped-def]
    page.goto("/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/dashboard")


def fits(page) -> bool:  # type: ignore[no-untyped-def]
    """Nothing sticks out sideways: no horizontal scrolling on a phone."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


@pytest.mark.parametrize("size", SIZES)
def test_a_new_password_logs_the_other_sessions_out_and_says_so(  # type: ignore[no-untyped-def]
    page, browser, server, size
) -> None:
    page.set_viewport_size(size)
    email = register(page)
    elsewhere = browser.new_context(base_url=server.url)
    other = elsewhere.new_page()
    log_in(other, email)
    page.goto("/account")
    page.get_by_label("Current password").fill("not my password")
    page.get_by_label("New password").fill(NEW)
    page.get_by_role("button", name="Change my password").click()
    page.wait_for_url(re.compile(r"/account#h-password$"))
    said = page.locator("#err-current_password").inner_text()
    assert said == "That is not your current password."
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password").fill("12345678")
    page.get_by_role("button", name="Change my password").click()
    assert "most common" in page.locator("#err-new_password").inner_text()
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password").fill(NEW)
    page.get_by_role("button", name="Change my password").click()
    notice = page.locator("#notice")
    assert notice.inner_text() == (
        "Password changed; 1 other session was logged out. This session stays, and so do your "
        "API tokens."
    )
    assert fits(page)
    shot(page, f"account-password-{'phone' if size == PHONE else 'desktop'}")
    page.reload()  # the address is the page's: nothing is posted again, the notice is gone
    assert page.locator("#notice").count() == 0
    other.goto("/dashboard")
    assert "/login" in other.url
    elsewhere.close()
    page.get_by_role("button", name="Log out", exact=True).click()
    log_in(page, email, NEW)


@pytest.mark.parametrize("size", SIZES)
def test_a_new_email_address_is_checked_then_used_to_log_in(page, size) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size(size)
    register(page)
    page.goto("/account")
    page.get_by_label("New e-mail address").fill("jane at example")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Change my e-mail address").click()
    page.wait_for_url(re.compile(r"/account#h-email$"))
    said = page.locator("#err-email").inner_text()
    assert said == (
        "The e-mail address needs one @ between a name and a domain, like jane@example.com."
    )
    assert page.get_by_label("New e-mail address").input_value() == "jane at example"
    wanted = new_email()
    page.get_by_label("New e-mail address").fill(wanted.upper())
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Change my e-mail address").click()
    assert page.locator("#notice").inner_text().startswith(f"Your e-mail address is now {wanted}")
    assert fits(page)
    page.get_by_role("button", name="Log out", exact=True).click()
    log_in(page, wanted)


@pytest.mark.parametrize("size", SIZES)
def test_an_admin_made_by_the_operator_changes_a_tier_and_disables_an_account(  # type: ignore[no-untyped-def]
    page, browser, server, size
) -> None:
    page.set_viewport_size(size)
    admin = register(page)
    assert page.goto("/admin").status == 403
    assert page.get_by_role("heading", name="For admins only").is_visible()
    assert "is now an admin" in grant(server, admin)

    theirs = browser.new_context(base_url=server.url, viewport=size)
    user = theirs.new_page()
    email = register(user)
    page.goto("/admin")
    page.get_by_label("Search by e-mail").fill(email.split("@")[0].upper())
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/admin\?q="))
    rows = page.locator(".users .user")
    assert rows.count() == 1
    page.get_by_label(f"Tier of {email}", exact=True).select_option("pro")
    page.get_by_role("button", name=f"Save the tier of {email}").click()
    assert page.locator("#notice").inner_text() == f"{email} is now on the pro tier."
    assert re.search(r"/admin\?q=[^#]+&offset=0#h-users$", page.url)
    page.get_by_role("button", name=f"Disable {email}").click()
    assert page.locator("#notice").inner_text().startswith(f"{email} is disabled")
    assert fits(page)
    shot(page, f"admin-users-{'phone' if size == PHONE else 'desktop'}")

    user.goto("/dashboard")
    assert user.get_by_role("heading", name="Account disabled").is_visible()
    page.reload()
    page.get_by_role("button", name=f"Enable {email}").click()
    assert "enabled again" in page.locator("#notice").inner_text()
    user.goto("/account")
    assert "pro tier" in user.locator("main").inner_text()
    theirs.close()


@pytest.mark.parametrize("size", SIZES)
def test_a_download_is_named_after_the_person_and_template(page, size, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A name in another alphabet reaches the browser whole (``filename*``, RFC 5987)."""
    page.set_viewport_size(size)
    register(page)
    document = json.loads((EXAMPLES / "resume.json").read_text())
    document["basics"]["name"] = "Zoë Ærøskøbing"
    upload = tmp_path / "cv.json"
    upload.write_text(json.dumps(document), encoding="utf-8")
    page.goto("/import")
    page.set_input_files("input[type=file]", str(upload))
    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_role("heading", name="Check what was imported").wait_for()
    page.goto("/templates")
    page.locator("label.template-card", has_text="Modern").click()
    page.get_by_role("button", name="Render", exact=True).click()
    link = page.locator("#download")
    link.wait_for()
    with page.expect_download() as waiting:
        link.click()
    assert waiting.value.suggested_filename == "Zoë-Ærøskøbing-modern.pdf"
    page.goto("/dashboard")
    page.get_by_role("cell", name="Rendering a PDF of ‘Zoë Ærøskøbing’ (modern)").wait_for()
    assert page.get_by_role("cell", name="Reading cv.json").is_visible()
    assert page.get_by_role("cell", name="render", exact=True).count() == 0
    assert fits(page)
    shot(page, f"dashboard-tasks-{'phone' if size == PHONE else 'desktop'}")
    with page.expect_download() as again:
        page.locator("#tasks").get_by_role("link", name="Download").first.click()
    assert again.value.suggested_filename == "Zoë-Ærøskøbing-modern.pdf"


@pytest.mark.parametrize("size", SIZES)
def test_every_page_has_the_icon_and_old_form_addresses_lead_to_their_page(page, size) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size(size)
    register(page)
    for path in ("/dashboard", "/account"):
        page.goto(path)
        assert page.locator('link[rel="icon"]').get_attribute("href") == "/static/favicon.svg"
    answer = page.request.get("/favicon.ico")
    assert (answer.status, answer.headers["content-type"]) == (200, "image/x-icon")
    for path in ("/account/tokens", "/account/password", "/admin/users/x"):
        page.goto(path)  # a form's address from the history: the page, never a raw 405
        assert "Method Not Allowed" not in page.content()
        assert re.search(r"/(account|admin)$", page.url), page.url
