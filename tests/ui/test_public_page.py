"""The public page in a real browser, on a desktop and a phone (issue 19): it shows the version
its owner published until they publish again, links its PDF, offers a password and an expiry
with clear errors, answers a wrong address with a page in the product's look, and its forms
never leave the browser on a POST address."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pypdfium2

from tests.ui.conftest import Server, import_example, new_email, register, shot
from tests.ui.screens import Screen, open_context, screen, watched

__all__ = ["screen"]  # the fixture, imported to parametrize every test by screen

LABEL = "Senior Backend Engineer"  # examples/resume.json's headline
NEW_LABEL = "Principal Engine Designer"


def slug_for(screen: Screen) -> str:
    return f"pub-{new_email()[3:13]}-{'p' if screen.phone else 'd'}"


def publish_from_editor(page: Any, slug: str) -> None:
    page.get_by_label("Page address").fill(slug)
    page.get_by_role("button", name="Publish", exact=True).click()
    page.locator("#published-version").wait_for()


def pdf_of(visitor: Any, slug: str) -> str:
    """The text of the page's PDF, once a worker has made it (503 until then)."""
    deadline = time.monotonic() + 60
    while True:
        answer = visitor.request.get(f"/r/{slug}.pdf")
        if answer.status == 200:
            break
        assert answer.status == 503, answer.status
        assert time.monotonic() < deadline, "the page's PDF was not made in 60 s"
        time.sleep(0.2)
    document = pypdfium2.PdfDocument(answer.body())
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def test_the_page_shows_the_published_version_until_the_draft_is_published(
    screen: Screen, browser: Any, server: Server
) -> None:
    page = screen.page
    register(page)
    import_example(page)
    slug = slug_for(screen)
    publish_from_editor(page, slug)
    assert "your draft has changed" not in page.locator("#publish").inner_text()
    visitor_context = browser.new_context(base_url=server.url)
    visitor = visitor_context.new_page()

    page.get_by_label("Headline").fill(NEW_LABEL)  # autosaved, not published
    page.locator("#save-status").get_by_text(re.compile("Saved at")).wait_for()
    assert LABEL in visitor.request.get(f"/r/{slug}").text()
    assert NEW_LABEL not in visitor.request.get(f"/r/{slug}").text()
    assert visitor.request.get(f"/r/{slug}.json").json()["basics"]["label"] == LABEL
    assert LABEL in pdf_of(visitor, slug)
    page.reload()
    status = page.locator("#published-version")
    assert re.search(r"Published: version of \d{1,2} \w{3} \d\d:\d\d", status.inner_text())
    assert "your draft has changed since" in status.inner_text()
    status.scroll_into_view_if_needed()
    shot(page, f"publish-draft-changed-{'phone' if screen.phone else 'desktop'}", full=False)

    page.get_by_role("button", name="Publish the draft").click()
    page.locator("#published-version").get_by_text("your draft has changed").wait_for(
        state="detached"
    )
    assert NEW_LABEL in visitor.request.get(f"/r/{slug}").text()
    assert visitor.request.get(f"/r/{slug}.json").json()["basics"]["label"] == NEW_LABEL
    assert NEW_LABEL in pdf_of(visitor, slug)
    visitor_context.close()


def test_the_public_page_links_its_pdf_and_fits_the_screen(screen: Screen) -> None:
    page = screen.page
    register(page)
    import_example(page)
    slug = slug_for(screen)
    publish_from_editor(page, slug)
    page.goto(f"/r/{slug}")
    link = page.get_by_role("link", name="Download PDF")
    assert str(link.get_attribute("href")).startswith(f"/r/{slug}.pdf?v=")
    assert screen.fits()
    assert "Maya Lindqvist" in pdf_of(page, slug)
    answer = page.request.get(str(link.get_attribute("href")))
    assert (answer.status, answer.headers["content-type"]) == (200, "application/pdf")


def test_a_password_and_an_expiry_are_set_in_the_page_with_clear_errors(
    screen: Screen, browser: Any, server: Server
) -> None:
    page = screen.page
    register(page)
    import_example(page)
    slug = slug_for(screen)
    page.get_by_label("Page address").fill(slug)
    page.get_by_label("Password (optional)").fill("abc")
    page.get_by_label("Public until (optional)").fill("2001-01-01")
    page.get_by_role("button", name="Publish", exact=True).click()
    page.locator("#password-error").get_by_text("4 to 1024 characters").wait_for()
    assert "today or later" in page.locator("#expires-error").inner_text()
    assert page.get_by_label("Page address").input_value() == slug  # kept, to correct
    assert page.locator("#public-link").count() == 0
    assert screen.fits()
    shot(page, f"publish-errors-{'phone' if screen.phone else 'desktop'}", full=False)

    last_day = (datetime.now(UTC) + timedelta(days=30)).date().isoformat()
    page.get_by_label("Password (optional)").fill("open sesame")
    page.get_by_label("Public until (optional)").fill(last_day)
    page.get_by_role("button", name="Publish", exact=True).click()
    options = page.locator("#page-options")
    options.wait_for()
    assert "Protected by a password." in options.inner_text()
    assert "Public until" in options.inner_text()
    assert page.get_by_label("Public until (optional)").input_value() == last_day

    stranger = browser.new_context(base_url=server.url)
    asked = stranger.request.get(f"/r/{slug}")  # a browser prompts; headless gives up
    assert asked.status == 401
    assert asked.headers["www-authenticate"].startswith("Basic")
    stranger.close()
    friend = browser.new_context(
        base_url=server.url, http_credentials={"username": "friend", "password": "open sesame"}
    )
    visit = friend.new_page()
    assert visit.goto(f"/r/{slug}").status == 200
    assert "Maya Lindqvist" in visit.content()
    friend.close()


def test_a_wrong_or_expired_address_is_a_page_in_the_products_look(
    screen: Screen, browser: Any, server: Server
) -> None:
    page = screen.page
    register(page)
    import_example(page)
    slug = slug_for(screen)
    publish_from_editor(page, slug)
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "tailorcv_csrf")
    action = str(page.locator("form.publish-form").get_attribute("action"))
    resume_id = action.removeprefix("/resumes/").removesuffix("/publish")
    past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    expired = page.request.put(
        f"/api/v1/resumes/{resume_id}/publish",
        data={"slug": slug, "expires_at": past},
        headers={"X-CSRF-Token": csrf},
    )
    assert expired.status == 200, expired.text()
    context = open_context(browser, server, phone=screen.phone)
    visitor, problems = watched(context)
    for address in (f"/r/{slug}", "/r/no-such-page-here", f"/r/{slug}.pdf"):
        answer = visitor.goto(address)
        assert answer is not None
        assert answer.status == 404
        assert answer.headers["content-type"] == "text/html; charset=utf-8"
        assert visitor.get_by_role("heading", name="No page here").is_visible()
        assert visitor.get_by_role("link", name="tailorcv").is_visible()
        colour = visitor.locator(".mark").evaluate("e => getComputedStyle(e).backgroundColor")
        assert colour == "rgb(31, 95, 168)"  # the product's accent
        assert visitor.evaluate("document.documentElement.scrollWidth") <= screen.width
    shot(visitor, f"public-404-{'phone' if screen.phone else 'desktop'}", full=False)
    context.close()
    assert problems == []


def test_the_publish_forms_redirect_after_post_without_scripts(
    screen: Screen, browser: Any, server: Server
) -> None:
    context = open_context(browser, server, phone=screen.phone, java_script_enabled=False)
    page, problems = watched(context)
    register(page)
    page.get_by_role("button", name="New résumé").click()
    page.wait_for_url(re.compile(r"/resumes/[0-9a-f-]{36}$"))
    editor = page.url
    page.get_by_label("Page address").fill("Not A Slug")
    page.get_by_role("button", name="Publish", exact=True).click()
    page.wait_for_url(f"{editor}/publish")
    assert "not at either end" in page.locator("#slug-error").inner_text()
    assert page.get_by_label("Page address").input_value() == "not a slug"
    answer = page.reload()  # a GET of a page, not a second POST
    assert answer is not None
    assert answer.status == 200
    assert page.locator("#slug-error").inner_text() == ""
    slug = slug_for(screen)
    page.get_by_label("Page address").fill(slug)
    page.get_by_role("button", name="Publish", exact=True).click()
    page.wait_for_url(f"{editor}#publish")
    assert page.locator("#public-link").inner_text() == f"/r/{slug}"
    page.get_by_role("button", name="Unpublish").click()
    page.wait_for_url(f"{editor}#publish")
    assert page.locator("#public-link").count() == 0
    opened = page.goto(f"{editor}/unpublish")  # an action's address: its page, never a 405
    assert opened is not None
    assert (opened.status, page.url) == (200, f"{editor}/publish")
    context.close()
    assert problems == []
