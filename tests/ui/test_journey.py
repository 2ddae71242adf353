"""The whole journey a person takes, in a real browser against a real server: register, import a
corpus PDF, fix a field, paste a corpus job, read the match, tailor, download the PDF and read
its text, publish and open the public page logged out, delete the account and see it gone."""

from __future__ import annotations

import re

import pypdfium2
import pytest

from tests.conftest import corpus_path
from tests.ui.conftest import PASSWORD, register, shot

pytestmark = pytest.mark.corpus


def pdf_text(path: str) -> str:
    document = pypdfium2.PdfDocument(path)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def test_the_whole_journey(page, browser, server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    resume_pdf = corpus_path("pdf", "latexcv-classic.pdf")
    job_text = corpus_path(
        "jobs", "resume-matcher-jd-full-stack-engineer.pdftotext.txt"
    ).read_text()

    page.goto("/")
    shot(page, "landing")
    email = register(page)
    shot(page, "dashboard-empty")

    # Import a corpus PDF and review it.
    page.get_by_role("link", name="Import", exact=True).click()
    shot(page, "import")
    page.set_input_files("input[type=file]", str(resume_pdf))
    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_role("heading", name="Check what was imported").wait_for()
    assert page.locator(".field.low").count() > 0  # the reader's doubts are marked
    page.locator(".field.low").first.evaluate("field => field.scrollIntoView({block: 'center'})")
    shot(page, "import-review", full=False)

    # Fix a field: the name, saved by autosave.
    name = page.get_by_label("Full name", exact=True)
    name.fill("Ada Q. Example")
    page.locator("#save-status").get_by_text(re.compile("Saved at")).wait_for()
    page.get_by_role("button", name="Looks right: keep it as a version").click()
    page.get_by_text("Committed: your working draft is kept as a version.").wait_for()
    assert page.locator("#history .kind").first.inner_text().lower() == "commit"
    assert page.get_by_label("Full name", exact=True).input_value() == "Ada Q. Example"
    shot(page, "editor", full=False)
    resume_url = page.url

    # Paste a corpus job and read its analysis and the match.
    page.get_by_role("link", name="Jobs", exact=True).click()
    page.get_by_label("The ad", exact=True).fill(job_text)
    page.get_by_role("button", name="Analyse the ad").click()
    page.get_by_role("heading", name="What the ad asks for").wait_for()
    shot(page, "job")
    page.get_by_role("button", name="See the match report").click()
    page.get_by_role("heading", name="Breakdown").wait_for()
    score = int(page.locator("#score").inner_text().split("/")[0])
    assert 0 <= score <= 100
    assert page.get_by_role("heading", name=re.compile("Missing skills")).is_visible()
    shot(page, "match")

    # Tailor it.
    page.get_by_role("link", name="Tailor this résumé to the job").click()
    shot(page, "tailor")
    page.get_by_role("button", name="Tailor", exact=True).click()
    page.locator("#verdict").wait_for()
    assert page.locator("#verdict").inner_text() == "Passed"
    for figure in ("#score-before", "#score-after"):
        assert 0 <= int(page.locator(figure).inner_text()) <= 100
    shot(page, "tailored")

    page.get_by_role("link", name="Dashboard").click()
    page.locator("#tasks .status-succeeded").first.wait_for()
    shot(page, "dashboard")

    # Render the tailored version to PDF, preview it, download it, read its text.
    page.go_back()
    page.get_by_role("link", name="Render this version").click()
    page.get_by_role("button", name="Render", exact=True).click()
    download_link = page.locator("#download")
    download_link.wait_for()
    assert page.locator("iframe.pdf").count() == 1
    page.locator("#render-status").scroll_into_view_if_needed()
    shot(page, "render", full=False, settle_ms=3000)
    with page.expect_download() as waiting:
        download_link.click()
    saved = tmp_path / "tailored.pdf"
    waiting.value.save_as(saved)
    assert "Ada Q. Example" in pdf_text(str(saved))

    # Publish and open the public page logged out.
    page.goto(resume_url)
    slug = f"ada-{email.split('@')[0][3:]}"
    page.get_by_label("Page address").fill(slug)
    page.get_by_role("button", name="Publish").click()
    page.locator("#public-link").wait_for()
    stranger = browser.new_context(base_url=server.url)
    public = stranger.new_page()
    answer = public.goto(f"/r/{slug}")
    assert answer.status == 200
    assert "Ada Q. Example" in public.content()

    # Delete the account; the data is gone.
    page.get_by_role("link", name="Account", exact=True).click()
    shot(page, "account")
    page.get_by_label("Type your e-mail address to confirm").fill(email)
    page.get_by_role("button", name="Delete my account for good").click()
    page.wait_for_url(re.compile(r"/\?deleted=1$"))
    stranger.close()
    later = browser.new_context(base_url=server.url)  # its own cache: the page was cacheable
    assert later.new_page().goto(f"/r/{slug}").status == 404
    later.close()
    page.goto("/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    assert page.get_by_role("alert").inner_text() == "Wrong email or password."
