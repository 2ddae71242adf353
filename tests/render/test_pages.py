"""Every page at once (issue 19's live preview): one compile gives each page as PNG or SVG."""

from __future__ import annotations

import copy
import json

import pytest

from tailorcv.render import typst, view
from tailorcv.resume import validate
from tests.conftest import EXAMPLES

TEMPLATES = [t.name for t in typst.list_templates()]


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_each_page_of_a_long_resume_comes_from_one_compile(template: str, fmt: str) -> None:
    chosen = typst.get_template(template)
    doc = json.loads((EXAMPLES / "resume.json").read_text(encoding="utf-8"))
    doc["work"] = [copy.deepcopy(doc["work"][0]) for _ in range(12)]
    shown = view.build(validate(doc).resume)
    pages = typst.compile_pages(shown, chosen, fmt, ppi=30)
    assert len(pages) == typst.page_count(shown, chosen) > 1
    assert len(set(pages)) == len(pages)  # each page its own picture
    assert pages[0] == typst.compile_view(shown, chosen, fmt, ppi=30)
    start = b"\x89PNG\r\n\x1a\n" if fmt == "png" else b"<svg"
    assert all(page.startswith(start) for page in pages)


def test_a_pdf_is_one_item_holding_every_page() -> None:
    shown = view.build(validate({"basics": {"name": "Ada"}}).resume)
    (pdf,) = typst.compile_pages(shown, typst.get_template("classic"), "pdf")
    assert pdf.startswith(b"%PDF")
