"""Issue 19: six templates or more, among them a sidebar and a two-column one, each honouring the
owner's design, mirrored for right-to-left résumés, and breaking across pages without losing a
column — plus a timeline. (The read-back of every template is in tests/ingest/test_readback.py.)
"""

from __future__ import annotations

import copy
import ctypes
import json
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest
import typst as typst_binding

from tailorcv.render import typst, view
from tailorcv.render.letter import render_letter
from tailorcv.resume import read_file, validate
from tests.conftest import EXAMPLES

NEW = ["sidebar", "twocolumn", "timeline"]
ARABIC = Path(__file__).parents[1] / "data" / "render" / "scripts" / "ar.json"
EXAMPLE = json.loads((EXAMPLES / "resume.json").read_text(encoding="utf-8"))
CM = 72 / 2.54


def view_of(doc: dict[str, Any], **design: Any) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    doc["meta"] = {**doc.get("meta", {}), "design": design}
    return view.build(validate(doc).resume)


def chars(pdf: bytes) -> list[tuple[int, str, float, float, float, float, str, float]]:
    """(page, letter, left, right, bottom, top, font, size) for every letter of the PDF, in
    points from the page's bottom-left corner."""
    doc = pdfium.PdfDocument(pdf)
    name = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    box = [ctypes.c_double() for _ in range(4)]
    found = []
    try:
        for number, page in enumerate(doc):
            textpage = page.get_textpage()
            for index in range(textpage.count_chars()):
                letter = chr(raw.FPDFText_GetUnicode(textpage, index))
                if letter.isspace() or raw.FPDFText_IsGenerated(textpage, index):
                    continue
                raw.FPDFText_GetCharBox(textpage, index, *box)
                raw.FPDFText_GetFontInfo(textpage, index, name, 256, ctypes.byref(flags))
                size = raw.FPDFText_GetFontSize(textpage, index)
                left, right, bottom, top = (b.value for b in box)
                found.append((number, letter, left, right, bottom, top, name.value.decode(), size))
    finally:
        doc.close()
    return found


def page_size(pdf: bytes) -> tuple[float, float]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return doc[0].get_size()
    finally:
        doc.close()


def x_of(pdf: bytes, text: str) -> float:
    """Where across page one ``text`` starts (its first letter's middle), 0 left to 1 right."""
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0]
        textpage = page.get_textpage()
        index = textpage.get_text_range().index(text)
        box = [ctypes.c_double() for _ in range(4)]
        raw.FPDFText_GetCharBox(textpage, index, *box)
        return (box[0].value + box[1].value) / 2 / page.get_width()
    finally:
        doc.close()


def pdf(shown: dict[str, Any], template: str) -> bytes:
    return typst.compile_view(shown, typst.get_template(template))


def test_there_are_six_templates_or_more_each_with_a_letter_and_a_small_preview() -> None:
    templates = typst.list_templates()
    assert len(templates) >= 6
    assert set(NEW) <= {t.name for t in templates}
    for template in templates:
        assert (template.path.parent / "letter.typ").is_file(), template.name
        assert 10_000 < template.preview.stat().st_size < 300_000, template.name


@pytest.mark.parametrize("template", NEW)
def test_the_owners_accent_colours_the_template(template: str) -> None:
    chosen = typst.get_template(template)
    accented = typst.compile_view(view_of(EXAMPLE, accent="#b0306a"), chosen, "svg").decode()
    plain = typst.compile_view(view_of(EXAMPLE), chosen, "svg").decode()
    assert "#b0306a" in accented
    assert "#b0306a" not in plain


@pytest.mark.parametrize("template", NEW)
def test_the_owners_margins_bound_the_text(template: str) -> None:
    """Every letter stays inside the owner's margins on the sides that have one (a sidebar's
    band reaches the page edge on its own side), and narrower margins let lines run wider."""
    wide = pdf(view_of(EXAMPLE, margins=3.5), template)
    width, _ = page_size(wide)
    # the page numbers stand in the bottom margin, as in every template
    letters = [c for c in chars(wide) if not (c[1].isdigit() or c[1] == "/")]
    assert max(right for _, _, _, right, *_ in letters) <= width - 3.5 * CM + 0.5
    assert min(bottom for *_, bottom, _, _, _ in letters) >= 3.5 * CM - 0.5
    if template != "sidebar":
        assert min(left for _, _, left, *_ in letters) >= 3.5 * CM - 0.5
    narrow = chars(pdf(view_of(EXAMPLE, margins=1.0), template))
    assert max(right for _, _, _, right, *_ in narrow) > width - 3.5 * CM + 0.5


@pytest.mark.parametrize("template", NEW)
def test_the_owners_font_size_and_paper_are_used(template: str) -> None:
    shown = view_of(EXAMPLE, font="EB Garamond", fontSize=12, paper="letter")
    made = pdf(shown, template)
    assert page_size(made) == (612, 792)
    summary = [c for c in chars(made) if c[0] == 0 and "Garamond" in c[6]]
    assert summary, "the owner's family draws the text"
    sizes = {round(c[7], 1) for c in summary}
    assert 12.0 in sizes


@pytest.mark.parametrize("template", NEW)
def test_the_owners_line_spacing_spreads_the_lines(template: str) -> None:
    short = {**EXAMPLE, "work": EXAMPLE["work"][:1], "projects": [], "certificates": []}

    def depth(spacing: float) -> float:
        letters = chars(pdf(view_of(short, lineSpacing=spacing), template))
        return max(c[5] for c in letters if c[0] == 0) - min(c[4] for c in letters if c[0] == 0)

    assert depth(1.6) > depth(0.9)


def test_the_sidebar_mirrors_for_a_right_to_left_resume() -> None:
    """The band and its name stand at the start of the line: the left for English, the right
    for Arabic."""
    english = pdf(view_of(EXAMPLE), "sidebar")
    arabic_view = view.build(read_file(ARABIC).resume)
    arabic = pdf(arabic_view, "sidebar")
    assert x_of(english, "Maya") < 0.3
    assert x_of(arabic, "سارة") > 0.7
    svg = typst.compile_view(arabic_view, typst.get_template("sidebar"), "svg").decode()
    assert "#1d3c5a" in svg


def test_the_narrow_column_and_the_dates_mirror_for_a_right_to_left_resume() -> None:
    english = pdf(view_of(EXAMPLE), "twocolumn")
    arabic = pdf(view.build(read_file(ARABIC).resume), "twocolumn")
    assert x_of(english, "SKILLS") > 0.6
    assert x_of(arabic, "المها") < 0.4
    assert x_of(pdf(view_of(EXAMPLE), "timeline"), "Mar") < 0.3
    assert x_of(pdf(view.build(read_file(ARABIC).resume), "timeline"), "فبراير") > 0.7


def long_career() -> dict[str, Any]:
    """Twelve jobs, and more skill groups than page one's narrow column holds."""
    doc = copy.deepcopy(EXAMPLE)
    doc["work"] = [copy.deepcopy(doc["work"][0]) for _ in range(12)]
    doc["skills"] = [
        {"name": f"Group {n}", "keywords": ["Python", "Go", "SQL", "Kubernetes", "Terraform"]}
        for n in range(40)
    ]
    doc["skills"][-1]["name"] = "Last group"
    return doc


@pytest.mark.parametrize("template", NEW)
def test_a_long_career_breaks_across_pages_and_keeps_every_column(template: str) -> None:
    """Both columns go on to page two: nothing runs off a page, and the last skill group of an
    overfull narrow column is on a later page, not lost."""
    made = pdf(view_of(long_career()), template)
    width, height = page_size(made)
    letters = chars(made)
    pages = {c[0] for c in letters}
    assert len(pages) > 1
    for number, letter, left, right, bottom, top, *_ in letters:
        inside = left >= 0 and right <= width and bottom >= 0 and top <= height
        assert inside, (number, letter)
    doc = pdfium.PdfDocument(made)
    try:
        texts = [page.get_textpage().get_text_range() for page in doc]
    finally:
        doc.close()
    assert "Last group" not in texts[0]
    assert any("Last group" in text for text in texts[1:])
    assert sum(text.count("Nordpay") for text in texts) == 12


def test_the_sidebar_band_runs_down_every_page() -> None:
    pages = typst_binding.compile(
        str(typst.get_template("sidebar").path),
        root=str(typst.TEMPLATES),
        font_paths=list(typst.FONT_PATHS),
        ignore_system_fonts=True,
        format="svg",
        sys_inputs={"resume": json.dumps(view_of(long_career(), accent="#b0306a"))},
    )
    assert isinstance(pages, list)
    assert len(pages) > 1
    for page in pages:
        assert b"#b0306a" in page


def test_a_sidebar_with_no_section_to_hold_puts_the_name_over_the_main_column() -> None:
    """With no skills, languages or interests the band keeps only its colour; the name and
    contact head the main column, where a reader of the text finds them first."""
    doc = {"basics": {"name": "Bob Smith", "email": "bob@example.com"}, "work": EXAMPLE["work"]}
    made = pdf(view.build(validate(doc).resume), "sidebar")
    assert x_of(made, "Bob Smith") > 0.3
    with_skills = pdf(view.build(validate({**doc, "skills": EXAMPLE["skills"]}).resume), "sidebar")
    assert x_of(with_skills, "Bob Smith") < 0.3


@pytest.mark.parametrize("template", NEW)
@pytest.mark.parametrize("source", [EXAMPLES / "resume.json", ARABIC], ids=["en", "ar"])
def test_each_family_writes_its_letter(template: str, source: Path) -> None:
    resume = read_file(source).resume
    letter = {"greeting": "Hello,", "paragraphs": ["I would like to apply."], "closing": "Regards"}
    made = render_letter(resume, letter, template)
    assert made.startswith(b"%PDF-")
    text = "".join(c[1] for c in chars(made))
    assert "".join((resume.basics.name or "").split())[:4] in text
