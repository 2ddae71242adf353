"""Typst output: every template renders every résumé, with metadata, links, order and locales."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
import typst as typst_binding

from tailorcv.errors import TemplateNotFound, UnsupportedFormat
from tailorcv.render import typst, view
from tailorcv.resume import read_file, validate
from tests.conftest import EXAMPLES, corpus_path, corpus_resumes

DATA = Path(__file__).parent / "data"
TEMPLATES = [t.name for t in typst.list_templates()]
CORPUS = corpus_resumes()


def view_of(path: Path) -> dict[str, Any]:
    return view.build(read_file(path).resume)


def text_of(pdf: bytes) -> str:
    """The text of every page, in the order a reader extracts it."""
    doc = pdfium.PdfDocument(pdf)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in doc)
    finally:
        doc.close()


@pytest.fixture(scope="module")
def example() -> dict[str, Any]:
    return view_of(EXAMPLES / "resume.json")


def test_templates_are_discovered_with_classic_first() -> None:
    names = [t.name for t in typst.list_templates()]
    assert names[0] == "classic"
    assert sorted(names) == [
        "classic",
        "compact",
        "modern",
        "sidebar",
        "timeline",
        "twocolumn",
    ]
    for template in typst.list_templates():
        assert template.path.is_file()
        assert template.title
        assert template.description


def test_unknown_template_names_the_choices() -> None:
    with pytest.raises(TemplateNotFound, match="choose one of classic, compact, modern, sidebar"):
        typst.get_template("fancy")


def test_unknown_format_is_refused(example: dict[str, Any]) -> None:
    with pytest.raises(UnsupportedFormat):
        typst.compile_view(example, typst.get_template("classic"), "docx")


@pytest.mark.corpus
def test_the_corpus_is_present() -> None:
    """Pairs with the parametrised corpus test, so a missing corpus fails in CI."""
    assert corpus_path("json_resume").is_dir()
    assert CORPUS


@pytest.mark.corpus
@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_every_corpus_resume_renders_in_every_template(path: Path, template: str) -> None:
    shown = view_of(path)
    pdf = typst.compile_view(shown, typst.get_template(template))
    assert pdf.startswith(b"%PDF-")
    if shown["name"]:
        assert shown["name"].split()[0] in text_of(pdf)


@pytest.mark.parametrize("template", TEMPLATES)
def test_pdf_metadata_comes_from_the_view(example: dict[str, Any], template: str) -> None:
    pdf = typst.compile_view(example, typst.get_template(template))
    doc = pdfium.PdfDocument(pdf)
    meta = doc.get_metadata_dict()
    doc.close()
    assert meta["Title"] == example["document"]["title"]
    assert meta["Author"] == example["name"]
    for keyword in ("Python", "Kubernetes"):
        assert keyword in meta["Keywords"]


@pytest.mark.parametrize("template", TEMPLATES)
def test_links_are_clickable(example: dict[str, Any], template: str) -> None:
    pdf = typst.compile_view(example, typst.get_template(template))
    for contact in example["contact"]:
        if contact["url"]:
            assert f"/URI({contact['url']})".encode() in pdf


# The sections a two-column template sets in its narrower column; each column reads in order.
SIDE_COLUMN = {
    "sidebar": lambda s: s["layout"] == "tags",
    "twocolumn": lambda s: (
        s["key"] in ("skills", "languages", "interests", "certificates", "awards")
    ),
}


@pytest.mark.parametrize("template", TEMPLATES)
def test_text_extracts_in_reading_order(example: dict[str, Any], template: str) -> None:
    text = text_of(typst.compile_view(example, typst.get_template(template))).casefold()
    side = SIDE_COLUMN.get(template, lambda s: False)
    for column in (False, True):
        names = [example["name"]] if not column else []
        marks = [*names, *(s["title"] for s in example["sections"] if side(s) == column)]
        at = 0
        for mark in marks:
            at = text.find(mark.casefold(), at)
            assert at != -1, f"{mark!r} missing or out of order in {text!r}"
    assert text.startswith(example["name"].casefold())


@pytest.mark.parametrize("template", TEMPLATES)
def test_many_scripts_render_without_warnings(template: str) -> None:
    """Cyrillic, Greek, CJK and Arabic (right to left, locale ``ar``) all find a font."""
    shown = view_of(DATA / "multiscript.json")
    assert shown["dir"] == "rtl"
    _, warnings = typst_binding.compile_with_warnings(
        str(typst.get_template(template).path),
        root=str(typst.TEMPLATES),
        font_paths=list(typst.FONT_PATHS),
        ignore_system_fonts=True,
        sys_inputs={"resume": json.dumps(shown)},
    )
    assert warnings == []
    text = text_of(typst.compile_view(shown, typst.get_template(template)))
    # "ليلى" is left out: its lam-alef ligature comes back with its two letters swapped, a flaw
    # of pdfium's right-to-left reading (tests/render/test_scripts.py).
    words = [
        "حداد",
        "Ускорила",
        "σύστημα",
        "分布式存储系统",
        "検索エンジン",
        "결제",
        "élégance",
    ]
    for word in words:
        assert word in text


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize(
    ("locale", "heading"), [("de", "Berufserfahrung"), ("fr", "Formation"), ("ja", "職務経歴")]
)
def test_headings_follow_the_locale(template: str, locale: str, heading: str) -> None:
    doc = json.loads((EXAMPLES / "resume.json").read_text(encoding="utf-8"))
    doc["meta"] = {**doc.get("meta", {}), "locale": locale}
    shown = view.build(validate(doc).resume)
    text = text_of(typst.compile_view(shown, typst.get_template(template)))
    assert heading.casefold() in text.casefold()


@pytest.mark.parametrize("template", TEMPLATES)
def test_png_and_svg_show_page_one(example: dict[str, Any], template: str) -> None:
    chosen = typst.get_template(template)
    assert typst.compile_view(example, chosen, "png", ppi=40).startswith(b"\x89PNG\r\n\x1a\n")
    assert b"<svg" in typst.compile_view(example, chosen, "svg")[:500]


@pytest.mark.parametrize("template", TEMPLATES)
def test_a_long_resume_paginates_and_a_short_one_fits_one_page(template: str) -> None:
    chosen = typst.get_template(template)
    short = view.build(validate({"basics": {"name": "Ada Lovelace"}}).resume)
    assert typst.page_count(short, chosen) == 1
    doc = json.loads((EXAMPLES / "resume.json").read_text(encoding="utf-8"))
    doc["work"] = [copy.deepcopy(doc["work"][0]) for _ in range(12)]
    long_pdf = typst.compile_view(view.build(validate(doc).resume), chosen)
    pages = typst.count_pages(long_pdf)
    assert pages > 1
    document = pdfium.PdfDocument(long_pdf)
    assert len(document) == pages
    document.close()


def test_empty_sections_leave_no_heading() -> None:
    shown = view.build(validate({"basics": {"name": "Ada"}, "awards": [{}], "work": []}).resume)
    for template in TEMPLATES:
        text = text_of(typst.compile_view(shown, typst.get_template(template))).casefold()
        assert "awards" not in text
        assert "experience" not in text
        assert "ada" in text


def test_each_thread_gets_its_own_compiler(example: dict[str, Any]) -> None:
    """A compiler cannot serve two threads at once, so parallel renders must not collide."""
    from concurrent.futures import ThreadPoolExecutor

    chosen = typst.get_template("modern")
    with ThreadPoolExecutor(4) as pool:
        pdfs = list(pool.map(lambda _: typst.compile_view(example, chosen), range(16)))
    assert all(p.startswith(b"%PDF-") for p in pdfs)
