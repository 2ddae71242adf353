"""PDF résumés come out as lines in reading order: columns, page furniture, hyphens, bullets,
sizes, bold and links handled."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tailorcv.ingest.document import Limits, Line
from tailorcv.ingest.layout import TWO_COLUMNS, _join_hyphenated, _strip_bullet
from tailorcv.ingest.pdf import extract
from tailorcv.render import render
from tailorcv.resume.model import Resume
from tests.conftest import corpus_files, corpus_path
from tests.ingest.pdfs import typst_pdf
from tests.render.samples import sample_resume

TWO_COLUMN_CORPUS = {
    "altacv-mmayer.pdf",
    "altacv-sample.pdf",
    "latexcv-infographics2-fr.pdf",
    "latexcv-sidebar.pdf",
    "reactive-resume-azurill.pdf",
    "reactive-resume-ditto.pdf",
    "reactive-resume-glalie.pdf",
    "reactive-resume-pikachu.pdf",
    "resume-matcher-template-two-column.pdf",
}
PAGE_NUMBER = re.compile(r"^(page\s*)?\d{1,3}(\s*(of|/)\s*\d{1,3})?$", re.IGNORECASE)

TWO_COLUMN_SOURCE = """
#set page(width: 595pt, height: 842pt, margin: 40pt)
#align(center, text(20pt)[*Jane Doe*])
#grid(columns: (2fr, 1fr), gutter: 30pt,
  [
    = Experience
    #for i in range(12) [Main column line number #i about the work done here.\\ ]
  ],
  [
    #set par(leading: 1.1em)
    = Skills
    #for i in range(9) [Sidebar skill #i \\ ]
  ],
)
"""

FURNITURE_SOURCE = """
#set page(width: 595pt, height: 842pt, margin: 60pt,
  header: [Jane Doe — Curriculum Vitae],
  footer: context [Page #counter(page).display() of 3])
#for p in range(3) [
  = Section #p
  #for i in range(10) [Body text line #i of page #p.\\ ]
  #if p < 2 { pagebreak() }
]
"""

MARKS_SOURCE = """
#set page(width: 595pt, height: 842pt, margin: 50pt)
= Experience
*Acme Corp* #h(1fr) 2020 – 2023
- Cut build time by 40 %
- Led the on-call rota
We develop-#linebreak()ment tools for Front-#linebreak()End teams.
See #link("https://github.com/jane")[my GitHub profile].
"""


def test_two_columns_are_read_one_after_the_other(tmp_path: Path) -> None:
    document = extract(typst_pdf(tmp_path, TWO_COLUMN_SOURCE), Limits())
    assert document.columns == 2
    assert TWO_COLUMNS in document.warnings
    texts = [line.text for line in document.lines]
    assert texts[0] == "Jane Doe"
    main = [i for i, t in enumerate(texts) if t.startswith("Main column")]
    side = [i for i, t in enumerate(texts) if t.startswith("Sidebar")]
    assert main == list(range(main[0], main[0] + 12)), "the main column is contiguous"
    assert side == list(range(side[0], side[0] + 9)), "the sidebar is contiguous"
    assert main[-1] < texts.index("Skills") < side[0]
    assert {document.lines[i].column for i in main} == {1}
    assert {document.lines[i].column for i in side} == {2}


def test_running_headers_footers_and_page_numbers_are_dropped(tmp_path: Path) -> None:
    document = extract(typst_pdf(tmp_path, FURNITURE_SOURCE), Limits())
    texts = [line.text for line in document.lines]
    assert document.pages == 3
    assert not any("Curriculum Vitae" in t or t.startswith("Page ") for t in texts)
    assert texts.count("Body text line 0 of page 1.") == 1
    assert len(texts) == 3 * 11


def test_marks_bullets_hyphens_sizes_bold_and_links(tmp_path: Path) -> None:
    document = extract(typst_pdf(tmp_path, MARKS_SOURCE), Limits())
    lines = {line.text: line for line in document.lines}
    assert lines["Experience"].size > 1
    assert lines["Experience"].bold
    assert lines["Acme Corp\t2020 – 2023"].size == 1.0
    assert lines["Cut build time by 40 %"].bullet
    assert lines["Led the on-call rota"].bullet
    assert "We development" in lines
    assert "tools for Front-End" in lines
    linked = next(line for text, line in lines.items() if "See my GitHub profile" in text)
    assert linked.text.startswith("teams.")
    assert linked.links == ("https://github.com/jane",)
    assert document.links == ["https://github.com/jane"]


@pytest.mark.parametrize(
    ("first", "second", "joined"),
    [
        ("We develop-", "ment tools", ["We development", "tools"]),
        ("Built the Front-", "End of it", ["Built the Front-End", "of it"]),
        ("one develop-", "ment", ["one development"]),
        ("Dates 2019 -", "2021 here", ["Dates 2019 -", "2021 here"]),
        ("A well-", "• bullet", ["A well-", "bullet"]),
    ],
)
def test_hyphenation(first: str, second: str, joined: list[str]) -> None:
    text, bullet = _strip_bullet(second)
    lines = [Line(first, size=1.0), Line(text, size=1.0, bullet=bullet)]
    assert [line.text for line in _join_hyphenated(lines)] == joined


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("• Led", ("Led", True)),
        ("●Led", ("Led", True)),
        ("– Led", ("Led", True)),
        ("- Led", ("Led", True)),
        ("* Led", ("Led", True)),
        ("✓ Led", ("Led", True)),
        ("\uf0b7 Led", ("Led", True)),  # a Symbol/Wingdings bullet in a private-use slot
        ("-5 %", ("-5 %", False)),
        ("Led", ("Led", False)),
    ],
)
def test_bullet_glyphs(text: str, expected: tuple[str, bool]) -> None:
    assert _strip_bullet(text) == expected


def test_a_rendered_resume_reads_back() -> None:
    resume = Resume.model_validate(sample_resume())
    document = extract(render(resume, "classic", "pdf"), Limits())
    texts = [line.text for line in document.lines]
    assert document.columns == 1
    assert texts[0] == "Jane Doe"
    assert document.lines[0].size > 1
    assert any("Cut build time by 40 %" in t for t in texts)


def test_a_ligature_wider_than_an_em_keeps_its_letters_in_order() -> None:
    """XCharter's "ffi" is one glyph wider than an em whose three characters share its box:
    the second one starts left of where the first ended and still continues the word (it came
    out as "Shefieldf")."""
    data = sample_resume()
    data["education"][0]["institution"] = "University of Sheffield"
    document = extract(render(Resume.model_validate(data), "classic", "pdf"), Limits())
    assert "University of Sheffield" in [line.text for line in document.lines]


def test_an_email_broken_by_a_narrow_column_is_joined(tmp_path: Path) -> None:
    """A sidebar too narrow for the address breaks it inside a word, with no hyphen."""
    source = (
        "#set page(width: 595pt, height: 842pt, margin: 50pt)\n"
        "#block(width: 110pt)[Saint-Priest FR \\ theo.lefevre\\@exampl \\ e.com \\ "
        "k.schaefer\\@example. \\ net \\ jane\\@example.co \\ uk]\n"
    )
    texts = [line.text for line in extract(typst_pdf(tmp_path, source), Limits()).lines]
    assert texts == [
        "Saint-Priest FR",
        "theo.lefevre@example.com",
        "k.schaefer@example.net",
        "jane@example.co",
        "uk",
    ]


@pytest.mark.corpus
@pytest.mark.parametrize(
    "path",
    corpus_files("pdf", "*.pdf") + corpus_files("rendercv", "*.pdf"),
    ids=lambda p: p.name,
)
def test_corpus_pdf(path: Path) -> None:
    document = extract(path.read_bytes(), Limits())
    assert document.lines
    assert all(line.text and line.text == line.text.strip() for line in document.lines)
    assert not [line.text for line in document.lines if PAGE_NUMBER.match(line.text)]
    assert any(line.size > 1.1 or line.bold for line in document.lines)
    expected = 2 if path.name in TWO_COLUMN_CORPUS else 1
    assert document.columns == expected


@pytest.mark.corpus
def test_corpus_sidebar_does_not_interleave_with_the_main_column() -> None:
    data = corpus_path("pdf", "altacv-sample.pdf").read_bytes()
    lines = [line for line in extract(data, Limits()).lines if line.page == 1]
    texts = [line.text for line in lines]
    first_side = next(i for i, line in enumerate(lines) if line.column == 2)
    assert all(line.column != 1 for line in lines[first_side:])
    assert texts.index("EXPERIENCE") < texts.index("PROJECTS") < texts.index("MY LIFE PHILOSOPHY")
    heading = lines[texts.index("EXPERIENCE")]
    assert heading.size > 1
    assert heading.bold


@pytest.mark.corpus
def test_corpus_ligatures_and_links() -> None:
    data = corpus_path("pdf", "latexcv-classic.pdf").read_bytes()
    text = "\n".join(line.text for line in extract(data, Limits()).lines)
    assert "Scientific" in text
    assert "different" in text
    data = corpus_path("pdf", "latexcv-sidebar.pdf").read_bytes()
    assert "https://github.com/jankapunkt" in extract(data, Limits()).links
