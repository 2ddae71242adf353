"""Issue 18 in a real browser: a cover letter is refused with what it seems to be and why, and
"Import anyway" imports the same file with no second upload; the review shows each section's
figure and flags a doubtful one; an other section (what JSON Resume has no place for) is edited
and stays saved. The cover letter is made here, with Typst; nothing is copied from a corpus."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.ui.conftest import PHONE, register, shot

LETTER = """#set page(paper: "a4", margin: 2.5cm)
#set text(size: 11pt)
Ada Lovelace \\
12 Analytical Way, London \\
ada\\@example.com

14 March 2026

Dear Hiring Manager,

I am writing to apply for the position of Senior Engineer at Babbage & Co. I have followed your
work on computing engines for years and believe my experience would make me a strong addition
to your team.

In my current role I led the design of a new notation for programs, and I would welcome the
chance to bring the same care to your projects.

Thank you for your time and consideration. I look forward to hearing from you.

Sincerely, \\
Ada Lovelace
"""
# Work experience with nothing the reader can date (a section it is unsure of), and patents,
# which JSON Resume has no place for (an other section).
DOUBTFUL = """Ada Lovelace
ada@example.com

Experience
Did many things at several places
Worked on engines sometimes

Education
BSc Mathematics, University of London, 2011 - 2015

Skills
Python, Rust

Patents
Adaptive Quantization for Edge Devices (US Patent 11,234,567)
Sparse Attention Patterns (US Patent 11,345,678)
"""


@pytest.fixture
def letter(tmp_path: Path) -> Path:
    import typst

    path = tmp_path / "letter.pdf"
    path.write_bytes(typst.compile(LETTER.encode()))
    return path


@pytest.fixture
def doubtful(tmp_path: Path) -> Path:
    path = tmp_path / "cv.txt"
    path.write_text(DOUBTFUL, encoding="utf-8")
    return path


def upload(page, path: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto("/import")
    page.set_input_files("input[type=file]", str(path))
    page.get_by_role("button", name="Import", exact=True).click()


def refuse_then_insist(page, letter: Path) -> None:  # type: ignore[no-untyped-def]
    register(page)
    upload(page, letter)
    page.get_by_role("heading", name="Is this a résumé?").wait_for()
    assert page.locator("#refusal").inner_text() == "This looks like a cover letter, not a résumé."
    reasons = page.locator(".reasons li").all_inner_texts()
    assert "It opens with “Dear Hiring Manager”." in reasons, reasons
    refused_at = page.url
    shot(page, "import-refused", full=False)
    page.get_by_role("button", name="Import anyway").click()
    page.get_by_role("heading", name="Check what was imported").wait_for()
    assert page.url != refused_at, "a new import, not the refused one"
    first = page.locator(".review .warnings li").first.inner_text()
    assert first.startswith("This looks like a cover letter, not a résumé"), first
    assert "imported because you asked for it" in first
    assert page.get_by_label("Full name", exact=True).input_value() == "Ada Lovelace"


def test_a_cover_letter_is_refused_and_imported_anyway(page, letter) -> None:  # type: ignore[no-untyped-def]
    refuse_then_insist(page, letter)


def test_a_cover_letter_is_refused_and_imported_anyway_on_a_phone(  # type: ignore[no-untyped-def]
    browser, server, letter
) -> None:
    context = browser.new_context(base_url=server.url, viewport=PHONE, is_mobile=True)
    context.set_default_timeout(15_000)
    phone = context.new_page()
    try:
        refuse_then_insist(phone, letter)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the review is {width}px wide on a phone"
    finally:
        context.close()


def test_the_review_shows_each_sections_figure_and_flags_a_doubtful_one(  # type: ignore[no-untyped-def]
    page, doubtful
) -> None:
    register(page)
    upload(page, doubtful)
    page.get_by_role("heading", name="Check what was imported").wait_for()
    figures = page.locator(".figures li")
    texts = [re.sub(r"\s+", " ", text).strip() for text in figures.all_inner_texts()]
    work = next(text for text in texts if text.startswith("Work experience"))
    assert re.match(r"Work experience · \d{1,2} % sure check Check this section", work), work
    education = next(text for text in texts if text.startswith("Education"))
    assert re.fullmatch(r"Education · \d+ % sure", education), "a sure section is not flagged"
    assert page.locator(".figure.low").count() >= 1
    legend = page.locator("#section-work legend").inner_text()
    assert re.search(r"· \d+ % sure", legend), legend
    assert "check" in legend, legend
    shot(page, "import-review-figures", full=False)


def test_an_other_section_is_edited_and_stays_saved(page, doubtful) -> None:  # type: ignore[no-untyped-def]
    register(page)
    upload(page, doubtful)
    page.get_by_role("heading", name="Check what was imported").wait_for()
    title = page.get_by_label("Title of other section 1", exact=True)
    assert title.input_value() == "Patents"
    lines = page.get_by_label("Lines of other section 1 (one per line)", exact=True)
    assert "Sparse Attention Patterns" in lines.input_value()
    lines.fill("Adaptive Quantization (US Patent 11,234,567)\n\nA third patent, pending")
    page.locator("#save-status").get_by_text(re.compile("Saved at")).wait_for()
    page.get_by_role("button", name="Add a section").click()
    added = page.get_by_label("Title of other section 2", exact=True)
    added.fill("Memberships")
    page.get_by_label("Lines of other section 2 (one per line)", exact=True).fill("ACM\nIEEE")
    page.locator("#save-status").get_by_text(re.compile("Saved at")).wait_for()
    page.reload()
    kept = json.loads(page.locator("#raw").input_value())["otherSections"]
    assert kept == [
        {
            "title": "Patents",
            "lines": ["Adaptive Quantization (US Patent 11,234,567)", "A third patent, pending"],
        },
        {"title": "Memberships", "lines": ["ACM", "IEEE"]},
    ]
    assert page.get_by_label("Title of other section 2", exact=True).input_value() == "Memberships"
    page.get_by_role("button", name="Remove other section 1").click()
    page.get_by_label("Title of other section 1", exact=True).wait_for()
    page.wait_for_function(
        "() => document.querySelector('#f-err-otherSections-0-title').value === 'Memberships'"
    )
    page.reload()
    kept = json.loads(page.locator("#raw").input_value())["otherSections"]
    assert kept == [{"title": "Memberships", "lines": ["ACM", "IEEE"]}]
