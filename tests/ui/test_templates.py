"""Issue 19's templates in the gallery, in Chromium on a desktop and a phone: every shipped
template is offered with a picture of its first page, the gallery fits a phone, and each of the
three new ones renders the person's résumé to a PDF that reads back their name."""

from __future__ import annotations

from typing import Any

import pypdfium2 as pdfium
import pytest

from tailorcv.render import list_templates
from tests.ui.conftest import import_example, register
from tests.ui.screens import Screen, screen_fixture  # noqa: F401 (the screen fixture)

NAME = "Maya Lindqvist"  # examples/resume.json
NEW = ["sidebar", "twocolumn", "timeline"]  # issue 19's three


def open_gallery(screen: Screen) -> Any:
    page = screen.page
    register(page)
    import_example(page)
    page.goto("/templates")
    return page


def test_every_template_is_offered_with_its_picture(screen: Screen) -> None:
    page = open_gallery(screen)
    shipped = list_templates()
    assert len(shipped) >= 6
    cards = page.locator(".template-card")
    assert cards.count() == len(shipped)
    for template in shipped:
        card = page.locator(".template-card", has=page.locator(f"input[value='{template.name}']"))
        assert card.locator(".template-name").inner_text() == template.title
        picture = card.locator("img")
        picture.scroll_into_view_if_needed()  # the pictures load lazily
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=picture.element_handle()
        )
        assert picture.evaluate("img => img.naturalHeight / img.naturalWidth") > 1  # a page
    assert screen.fits(), "the gallery is wider than the screen"


@pytest.mark.parametrize("name", NEW)
def test_a_new_template_renders_a_pdf_that_reads_back(screen: Screen, name: str) -> None:
    page = open_gallery(screen)
    page.locator(f".template-card input[value='{name}']").check()
    page.get_by_label("Format").select_option("pdf")
    page.get_by_role("button", name="Render", exact=True).click()
    link = page.locator("#download")
    link.wait_for(timeout=60_000)  # through the queue, which the whole suite shares
    with page.expect_download() as waiting:
        link.click()
    download = waiting.value
    assert name in download.suggested_filename
    pdf = pdfium.PdfDocument(download.path())
    try:
        text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()
    assert NAME in " ".join(text.split())
