"""Hostile résumé text is shown literally or refused clearly: it never runs, reads or crashes."""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

import pypdfium2 as pdfium
import pytest

from tailorcv.errors import UserError
from tailorcv.render import typst, view
from tailorcv.resume import validate
from tailorcv.resume.model import Resume

TEMPLATES = [t.name for t in typst.list_templates()]
LONG_WORD = "x" * 500
LONG_URL = "https://example.com/" + "a" * 480 + "?q=1"
MARKUP = [
    '#read("/etc/passwd")',
    "] closes [ opens",
    "$x^2$ costs $5",
    "#set page(width: 1cm)",
    "@reference <label>",
    "*bold* _emphasis_ `raw`",
    "back\\slash \\ and \\n",
    'say "quoted"',
    "// line comment",
    "/* block comment",
    '#import "/lib.typ": *',
]


def render(doc: dict[str, Any], template: str) -> bytes:
    return typst.compile_view(view.build(validate(doc).resume), typst.get_template(template))


def text_of(pdf: bytes) -> str:
    """The extracted text with line breaks and the zero-width breaks of long words removed."""
    doc = pdfium.PdfDocument(pdf)
    try:
        text = "".join(page.get_textpage().get_text_range() for page in doc)
    finally:
        doc.close()
    return re.sub(r"[\r\n\u200b\ufffe\x02]", "", text)


@pytest.mark.parametrize("template", TEMPLATES)
def test_markup_and_code_are_shown_literally(template: str) -> None:
    doc = {
        "basics": {"name": MARKUP[0], "label": MARKUP[1], "summary": MARKUP[2]},
        "work": [{"name": MARKUP[3], "position": MARKUP[4], "highlights": MARKUP[5:]}],
        "skills": [{"name": MARKUP[6], "keywords": MARKUP[7:9]}],
    }
    text = text_of(render(doc, template))
    for literal in MARKUP:
        assert literal in text
    assert "root:" not in text


@pytest.mark.parametrize("template", TEMPLATES)
def test_long_words_and_urls_stay_on_the_page_and_whole(template: str) -> None:
    doc = {
        "basics": {"name": "Ada", "summary": f"see {LONG_WORD} end", "url": LONG_URL},
        "projects": [{"name": LONG_WORD, "url": LONG_URL}],
    }
    pdf = render(doc, template)
    assert LONG_WORD in text_of(pdf)
    assert f"/URI({LONG_URL})".encode() in pdf


@pytest.mark.parametrize("template", TEMPLATES)
def test_five_thousand_bullets_render_on_many_pages(template: str) -> None:
    bullets = [f"Bullet {n}" for n in range(5000)]
    pdf = render(
        {"basics": {"name": "Ada"}, "work": [{"name": "Acme", "highlights": bullets}]}, template
    )
    assert typst.count_pages(pdf) > 10
    assert "Bullet 4999" in text_of(pdf)


@pytest.mark.parametrize("template", TEMPLATES)
def test_empty_strings_everywhere_render_an_empty_page(template: str) -> None:
    empty = {"name": "", "position": "", "summary": "", "highlights": ["", ""], "url": ""}
    doc = {
        "basics": {"name": "", "label": "", "email": "", "url": "", "profiles": [{"url": ""}]},
        "work": [empty],
        "skills": [{"name": "", "keywords": [""]}],
    }
    assert typst.page_count(view.build(validate(doc).resume), typst.get_template(template)) == 1


@pytest.mark.parametrize("template", TEMPLATES)
def test_null_where_a_list_belongs_is_read_as_absent(template: str) -> None:
    doc = {
        "basics": {"name": "Ada", "profiles": None},
        "work": None,
        "skills": [{"keywords": None}],
    }
    assert "Ada" in text_of(render(doc, template))


@pytest.mark.parametrize(
    ("doc", "limit"),
    [
        ({"work": [{"name": "A", "highlights": ["b"] * (typst.MAX_BULLETS + 1)}]}, "bullet points"),
        ({"work": [{"name": f"A{n}"} for n in range(typst.MAX_ENTRIES + 1)]}, "entries"),
        ({"basics": {"summary": "word " * (typst.MAX_CHARS // 5 + 1)}}, "characters of text"),
    ],
)
def test_oversized_resumes_are_refused_naming_the_limit(doc: dict[str, Any], limit: str) -> None:
    with pytest.raises(UserError, match=f"{limit}; the limit is"):
        render(doc, "classic")


def test_long_words_get_a_break_every_dozen_characters_but_urls_and_marks_do_not() -> None:
    hash_ = "0123456789ab" * 4
    accented = "e\u0301" * 40  # "é" as a letter and its combining accent, 80 code points
    thai = "ประสบการณ์" * 5
    view = {"summary": f"see {hash_} now", "url": hash_, "items": [accented, thai], "n": 3}
    out = typst.softened(view)
    assert out["summary"] == "see " + "\u200b".join(["0123456789ab"] * 4) + " now"
    assert out["url"] == hash_  # a link needs its address whole
    assert out["n"] == 3
    assert out["items"][1] == thai  # Typst breaks Thai between its words
    pieces = out["items"][0].split("\u200b")
    assert len(pieces) > 1
    assert all(not unicodedata.category(p[0]).startswith("M") for p in pieces)  # é stays whole
    assert "".join(pieces) == accented


def test_the_text_limit_counts_each_character_once() -> None:
    """A view repeats its text as runs and nested items; the limit is on the text a user wrote."""
    words = "word " * (typst.MAX_CHARS // 10)
    built = view.build(Resume.model_validate({"basics": {"summary": words}}))
    assert len(json.dumps(built, ensure_ascii=False)) > typst.MAX_CHARS
    typst.check_size(built)  # not refused: about half the limit of text


def test_the_typst_root_holds_no_symlinks_and_nothing_a_user_wrote() -> None:
    """Typst follows symlinks inside its root; the root must hold only the shipped templates."""
    files = list(typst.TEMPLATES.rglob("*"))
    assert files
    assert not [f for f in files if f.is_symlink()]
    suffixes = {f.suffix for f in files if f.is_file()}
    assert suffixes <= {".typ", ".png", ".md"}, suffixes


def test_templates_import_no_package_and_evaluate_no_data() -> None:
    """A `@preview` import would be downloaded at render time; `eval` would run résumé text."""
    for source in typst.TEMPLATES.rglob("*.typ"):
        code = source.read_text(encoding="utf-8")
        assert "@preview" not in code, source
        assert not re.search(r"\beval\s*\(", code), source
        assert "sys.inputs" not in code or source.name == "lib.typ", source
