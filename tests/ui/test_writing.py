"""Writing help in a real browser: a cover letter written offline, read on the page and in its PDF
(and made as Word too), and suggestions for a résumé's weak bullets, both from the match report."""

from __future__ import annotations

import json
import re

import pypdfium2

from tests.conftest import EXAMPLES
from tests.ui.conftest import import_example, paste_job, register, shot

WEAK = "Responsible for the database"


def pdf_text(path: str) -> str:
    document = pypdfium2.PdfDocument(path)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def open_match(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name="See the match report").click()
    page.get_by_role("heading", name="Breakdown").wait_for()


def test_a_cover_letter_written_offline_reads_the_same_in_its_pdf(page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    register(page)
    import_example(page)
    paste_job(page)
    open_match(page)
    page.get_by_role("link", name="Cover letter").click()
    page.get_by_role("heading", name="Cover letter").wait_for()
    assert page.get_by_label(re.compile("Offline")).is_checked()
    assert page.get_by_label(re.compile("Language model")).is_disabled()  # none configured
    page.get_by_role("button", name="Write the letter").click()
    letter = page.locator("#letter")
    letter.wait_for()
    assert page.locator("#engine").inner_text() == "offline"
    text = letter.inner_text()
    assert "Maya Lindqvist" in text
    shot(page, "letter")

    with page.expect_download() as waiting:
        page.locator("#download-letter").click()
    saved = tmp_path / "letter.pdf"
    waiting.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    printed = " ".join(pdf_text(str(saved)).split())
    assert "Maya Lindqvist" in printed
    opening = " ".join(letter.locator("p").nth(3).inner_text().split())  # the first paragraph
    assert opening.startswith("I am writing to apply for the Senior Platform Engineer")
    assert opening[:60] in printed

    # The same letter as a Word file.
    page.get_by_role("button", name=re.compile("Word")).click()
    page.locator("#download-letter").get_by_text("DOCX").wait_for()
    with page.expect_download() as waiting:
        page.locator("#download-letter").click()
    word = tmp_path / "letter.docx"
    waiting.value.save_as(word)
    assert word.read_bytes().startswith(b"PK")


def test_suggestions_name_the_weak_bullets(page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    register(page)
    document = json.loads((EXAMPLES / "resume.json").read_text())
    document["work"][0]["highlights"].append(WEAK)
    weak = tmp_path / "weak.json"
    weak.write_text(json.dumps(document))
    page.goto("/import")
    page.set_input_files("input[type=file]", str(weak))
    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_role("heading", name="Check what was imported").wait_for()
    paste_job(page)
    open_match(page)
    page.get_by_role("link", name="Suggestions for weak bullets").click()
    page.get_by_role("button", name="Find weak bullets").click()
    found = page.locator("#suggestions")
    found.wait_for()
    assert page.locator("#engine").inner_text() == "offline"
    assert found.locator("li.suggestion").count() >= 1
    first = found.locator("li.suggestion").filter(has_text=WEAK)
    assert first.count() == 1
    assert "Work · Senior Backend Engineer at Nordpay · bullet" in first.inner_text()
    assert first.locator(".why li").count() >= 1


def test_a_letter_for_someone_elses_task_is_not_found(page) -> None:  # type: ignore[no-untyped-def]
    register(page)
    assert page.goto("/letters/00000000-0000-4000-8000-000000000000").status == 404
    page.goto("/letters")
    assert "You need" in page.locator("main").inner_text()
