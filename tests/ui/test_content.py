"""Issue 19 in a real browser, on a desktop and on a phone: a RenderCV résumé with a patents
section, Markdown emphasis and sub-bullets is imported; the form shows the patents, the
education highlights, the publication's authors and the project's summary, keeps the
sub-bullets through an autosave, and the PDF downloaded from the render page shows them all.
The résumé is written here; nothing is copied from a corpus."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pypdfium2
import pytest

from tests.ui.conftest import DESKTOP, PHONE, register, shot

RENDERCV = """cv:
  name: Ada Example
  email: ada@example.org
  sections:
    experience:
      - company: Engines Ltd
        position: Staff Engineer
        start_date: 2020-05
        end_date: present
        highlights:
          - Cut deploy time by **80 percent**
          - Published research - ICML paper on engines - NeurIPS workshop paper
    education:
      - institution: University of London
        area: Mathematics
        degree: BSc
        start_date: 2011
        end_date: 2015
        highlights:
          - Thesis on difference engines
    projects:
      - name: Notation
        date: 2021
        summary: A notation for *programs*
    publications:
      - title: On Engines
        authors: ["*Ada Example*", Charles Babbage]
        date: 2019-03
    patents:
      - number: Adaptive Quantization for Edge Devices (US Patent 11,234,567)
      - number: Sparse Attention Patterns (US Patent 11,345,678)
"""


@pytest.fixture
def rendercv(tmp_path: Path) -> Path:
    path = tmp_path / "cv.yaml"
    path.write_text(RENDERCV, encoding="utf-8")
    return path


def pdf_text(path: Path) -> str:
    document = pypdfium2.PdfDocument(str(path))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def import_and_check(page, path: Path, saved: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    register(page)
    page.goto("/import")
    page.set_input_files("input[type=file]", str(path))
    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_role("heading", name="Check what was imported").wait_for()

    # The form shows what the import kept.
    assert page.get_by_label("Title of other section 1", exact=True).input_value() == "Patents"
    lines = page.get_by_label("Lines of other section 1 (one per line)", exact=True)
    assert "- Sparse Attention Patterns (US Patent 11,345,678)" in lines.input_value()
    school = page.get_by_label("Highlights 1 of school 1", exact=True)
    assert school.input_value() == "Thesis on difference engines"
    author = page.get_by_label("Authors 1 of publication 1", exact=True)
    assert author.input_value() == "*Ada Example*"
    assert page.locator('[name="projects[0].description"]').input_value() == (
        "A notation for *programs*"
    )
    nested = page.locator('textarea[name="work[0].highlights[1]"]')
    assert nested.input_value().splitlines() == [
        "Published research",
        "  - ICML paper on engines",
        "  - NeurIPS workshop paper",
    ]
    shot(page, f"content-form-{name}", full=False)

    # An edit elsewhere saves the whole form: the sub-bullets survive it.
    page.get_by_label("Lines of other section 1 (one per line)", exact=True).fill(
        lines.input_value() + "\n- A third patent, pending"
    )
    page.locator("#save-status").get_by_text(re.compile("Saved at")).wait_for()
    page.reload()
    kept = json.loads(page.locator("#raw").input_value())
    assert kept["work"][0]["highlights"][1] == (
        "Published research\n  - ICML paper on engines\n  - NeurIPS workshop paper"
    )
    assert kept["otherSections"][0]["lines"][-1] == "- A third patent, pending"

    # The PDF downloaded from the render page shows them.
    page.get_by_role("link", name="Render a PDF").click()
    page.get_by_role("button", name="Render", exact=True).click()
    download = page.locator("#download")
    download.wait_for()
    with page.expect_download() as waiting:
        download.click()
    waiting.value.save_as(saved)
    text = pdf_text(saved)
    for shown in (
        "PATENTS",
        "Adaptive Quantization for Edge Devices (US Patent 11,234,567)",
        "A third patent, pending",
        "Thesis on difference engines",
        "Ada Example, Charles Babbage",
        "A notation for programs",
        "Cut deploy time by 80 percent",
        "ICML paper on engines",
    ):
        assert shown in text, shown
    assert "*" not in text, "Markdown marks are read, not printed"


def test_an_imported_rendercv_resume_shows_its_patents_in_the_form_and_the_pdf(  # type: ignore[no-untyped-def]
    page, rendercv, tmp_path
) -> None:
    assert page.viewport_size == DESKTOP
    import_and_check(page, rendercv, tmp_path / "cv.pdf", "desktop")


def test_an_imported_rendercv_resume_shows_its_patents_on_a_phone(  # type: ignore[no-untyped-def]
    browser, server, rendercv, tmp_path
) -> None:
    context = browser.new_context(
        base_url=server.url, viewport=PHONE, is_mobile=True, accept_downloads=True
    )
    context.set_default_timeout(15_000)
    errors: list[str] = []
    try:
        phone = context.new_page()
        phone.on("pageerror", lambda error: errors.append(str(error)))
        import_and_check(phone, rendercv, tmp_path / "cv.pdf", "phone")
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the page is {width}px wide on a phone"
    finally:
        context.close()
    assert errors == []
