"""DOCX résumés come out in body order, tables included, with headings, bullets, bold and links."""

from __future__ import annotations

import io
import struct
import time
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from docx.shared import Pt

from tailorcv import ingest
from tailorcv.errors import NoTextFound, TooLarge
from tailorcv.ingest.document import Limits, Line
from tailorcv.ingest.docx import extract
from tailorcv.ingest.docx_tables import MAX_CELLS, MAX_DEPTH
from tailorcv.render import render
from tailorcv.resume.model import Resume
from tests.conftest import corpus_files, corpus_path
from tests.render.samples import sample_resume


def _saved(document: docx.document.Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _built() -> bytes:
    """A DOCX with each structure the reader must understand, in a known order."""
    document = docx.Document()
    document.add_paragraph("Jane Doe", style="Title")
    document.add_heading("Experience", level=1)
    document.add_paragraph().add_run("Senior Engineer").bold = True
    document.add_paragraph("Built the platform", style="List Bullet")
    document.add_paragraph("Second numbered point", style="List Number")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Python"
    table.cell(0, 1).text = "Expert"
    merged = table.cell(1, 0).merge(table.cell(1, 1))
    merged.text = "Spans two cells"
    mixed = document.add_paragraph("Partly ")
    mixed.add_run("bold").bold = True
    document.add_paragraph("After the table")
    return _saved(document)


def test_reads_body_order_with_tables_and_marks() -> None:
    document = extract(_built(), Limits())
    assert document.kind == "docx"
    assert document.lines == [
        Line("Jane Doe", heading=True),
        Line("Experience", heading=True, bold=True),
        Line("Senior Engineer", bold=True),
        Line("Built the platform", bullet=True),
        Line("Second numbered point", bullet=True),
        Line("Python\tExpert"),
        Line("Spans two cells"),
        Line("Partly bold"),
        Line("After the table"),
    ]


def test_reads_a_rendered_resume_with_links() -> None:
    resume = Resume.model_validate(sample_resume())
    document = extract(render(resume, "classic", "docx"), Limits())
    texts = [line.text for line in document.lines]
    assert texts[0] == "Jane Doe"
    assert document.lines[0].heading
    assert any(line.bullet and "Cut build time" in line.text for line in document.lines)
    assert "https://github.com/jane" in document.links


def test_a_docx_without_text_says_so() -> None:
    with pytest.raises(NoTextFound, match="no text"):
        extract(_saved(docx.Document()), Limits())


def test_unpacked_size_is_limited() -> None:
    with pytest.raises(TooLarge, match="unpacks to"):
        extract(_built(), Limits(max_unzipped_bytes=1000))


@pytest.mark.corpus
@pytest.mark.parametrize("path", corpus_files("docx", "*.docx"), ids=lambda p: p.name)
def test_corpus_docx(path: Path) -> None:
    document = extract(path.read_bytes(), Limits())
    assert document.lines
    assert all(line.text == line.text.strip() and line.text for line in document.lines)


@pytest.mark.corpus
def test_corpus_jane_smith() -> None:
    data = corpus_path("docx", "resumeparserapi-jane-smith.docx").read_bytes()
    texts = [line.text for line in extract(data, Limits()).lines]
    assert texts[:3] == ["Jane Smith", "Software Engineer", "jane@example.com"]
    assert "Python, FastAPI, PostgreSQL, Docker, Kubernetes" in texts


# ---- tables laid out as pages (issue: the made set's docx-table layout) ----------------------

_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _png() -> bytes:
    """A 1×1 grey PNG, for a table that holds only pictures."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0\x80"))
        + chunk(b"IEND", b"")
    )


def _with_body(body: str) -> bytes:
    """A DOCX whose body is ``body`` (WordprocessingML), its parts stored rather than deflated
    so that a large, repetitive body is not refused as a zip bomb before it is read."""
    xml = f'<?xml version="1.0"?><w:document {_NS}><w:body>{body}</w:body></w:document>'
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_saved(docx.Document()))) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target,
    ):
        for member in source.infolist():
            data = xml.encode() if member.filename == "word/document.xml" else source.read(member)
            target.writestr(member.filename, data)
    return out.getvalue()


def _p(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def _tc(*content: str, properties: str = "") -> str:
    return f"<w:tc><w:tcPr>{properties}</w:tcPr>{''.join(content) or '<w:p/>'}</w:tc>"


def _tbl(*rows: list[str]) -> str:
    return "<w:tbl>" + "".join(f"<w:tr>{''.join(cells)}</w:tr>" for cells in rows) + "</w:tbl>"


def _row(table: object, left: str, right: list[str], bold_left: bool = False) -> None:
    """A row as the made set's docx-table layout writes it: a short left cell, the right one
    with its first paragraph bold."""
    cells = table.add_row().cells  # type: ignore[attr-defined]
    run = cells[0].paragraphs[0].add_run(left)
    run.bold, run.font.size = bold_left or None, Pt(9)
    if right:
        cells[1].paragraphs[0].add_run(right[0]).bold = True
        for line in right[1:]:
            cells[1].add_paragraph(line)


def _table_resume() -> bytes:
    """A two-column table résumé: a header table, bold capital headings over borderless tables
    with the dates or group names in a narrow left column."""
    document = docx.Document()
    head = document.add_table(rows=1, cols=2).rows[0].cells
    head[0].paragraphs[0].add_run("Jürgen Müller").bold = True
    head[0].add_paragraph("Bilanzbuchhalter")
    head[1].paragraphs[0].add_run("juergen.mueller@example.de")
    head[1].add_paragraph("+49 30 1234567")
    document.add_paragraph().add_run("BERUFSERFAHRUNG").bold = True
    jobs = document.add_table(rows=0, cols=2)
    _row(
        jobs,
        "Apr. 2020 – heute",
        [
            "Finanzbuchhalter",
            "Havelland Logistik GmbH – Potsdam",
            "• Monatsabschlüsse in fünf Tagen",
        ],
    )
    _row(jobs, "Jan. 2015 – März 2020", ["Bilanzbuchhalter", "Spreewald Feinkost AG – Lübbenau"])
    document.add_paragraph().add_run("AUSBILDUNG").bold = True
    schools = document.add_table(rows=0, cols=2)
    _row(schools, "2007 – 2011", ["Technische Universität Berlin", "Bachelor of Arts"])
    document.add_paragraph().add_run("KENNTNISSE").bold = True
    skills = document.add_table(rows=0, cols=2)
    _row(skills, "Rechnungswesen", ["HGB, Jahresabschluss, DATEV"])
    _row(skills, "Zertifikate", ["SAP FI, Excel"])
    return _saved(document)


def test_a_row_of_a_date_cell_and_an_entry_reads_as_its_printed_line() -> None:
    """A short left cell (dates, a group's name) and the cell beside it make one line, joined by
    a tab as a reader of the page joins them; the rest of the right cell follows."""
    lines = extract(_table_resume(), Limits()).lines
    assert lines == [
        Line("Jürgen Müller", bold=True),
        Line("Bilanzbuchhalter"),
        Line("juergen.mueller@example.de"),
        Line("+49 30 1234567"),
        Line("BERUFSERFAHRUNG", bold=True),
        Line("Apr. 2020 – heute\tFinanzbuchhalter"),
        Line("Havelland Logistik GmbH – Potsdam"),
        Line("• Monatsabschlüsse in fünf Tagen"),
        Line("Jan. 2015 – März 2020\tBilanzbuchhalter"),
        Line("Spreewald Feinkost AG – Lübbenau"),
        Line("AUSBILDUNG", bold=True),
        Line("2007 – 2011\tTechnische Universität Berlin"),
        Line("Bachelor of Arts"),
        Line("KENNTNISSE", bold=True),
        Line("Rechnungswesen\tHGB, Jahresabschluss, DATEV"),
        Line("Zertifikate\tSAP FI, Excel"),
    ]


def test_a_table_resume_imports_its_jobs_schools_and_skills() -> None:
    """The whole import of the two-column table layout: each row's entry is one entry, and a
    group named like a section ("Zertifikate") beside its keywords stays a group of skills."""
    resume = ingest.parse(extract(_table_resume(), Limits())).resume
    assert resume.basics.name == "Jürgen Müller"
    assert [(w.position, w.name, w.start_date) for w in resume.work] == [
        ("Finanzbuchhalter", "Havelland Logistik GmbH", "2020-04"),
        ("Bilanzbuchhalter", "Spreewald Feinkost AG", "2015-01"),
    ]
    assert [e.institution for e in resume.education] == ["Technische Universität Berlin"]
    keywords = [k for group in resume.skills for k in group.keywords]
    assert {"HGB", "DATEV", "SAP FI", "Excel"} <= set(keywords)


def test_a_heading_alone_in_a_cell_is_a_heading_line() -> None:
    """A section heading in a cell of its own row, or set apart in bold in the left cell beside
    its section's first entry, is a line of its own marked ``heading``, never joined."""
    document = docx.Document()
    table = document.add_table(rows=0, cols=2)
    _row(table, "BERUFSERFAHRUNG", [], bold_left=True)
    _row(table, "03.2020 – heute", ["Leiter Finanzbuchhaltung", "Havelland Logistik GmbH"])
    _row(table, "Ausbildung:", ["Bachelor of Arts", "HWR Berlin"], bold_left=True)
    lines = extract(_saved(document), Limits()).lines
    assert lines == [
        Line("BERUFSERFAHRUNG", bold=True, heading=True),
        Line("03.2020 – heute\tLeiter Finanzbuchhaltung"),
        Line("Havelland Logistik GmbH"),
        Line("Ausbildung:", bold=True, heading=True),
        Line("Bachelor of Arts", bold=True),
        Line("HWR Berlin"),
    ]


def test_a_section_word_in_plain_type_beside_its_value_is_a_label() -> None:
    """ "Certifications" in plain type beside "Basic Life Support, Manual handling" names a
    group of skills: it is joined to its value, not made a heading."""
    document = docx.Document()
    _row(document.add_table(rows=0, cols=2), "Certifications", ["BLS, Manual handling"])
    lines = extract(_saved(document), Limits()).lines
    assert lines == [Line("Certifications\tBLS, Manual handling")]


def test_a_cell_merged_down_rows_is_read_once_beside_its_first_row() -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    merged = table.cell(0, 0).merge(table.cell(1, 0))
    merged.text = "2019 – 2021"
    table.cell(0, 1).text = "Engineer"
    table.cell(1, 1).text = "Acme GmbH"
    lines = extract(_saved(document), Limits()).lines
    assert lines == [Line("2019 – 2021\tEngineer"), Line("Acme GmbH")]


def test_a_huge_column_span_is_read_once_and_fast() -> None:
    """``w:gridSpan`` of 10⁹: python-docx's ``row.cells`` would repeat the cell 10⁹ times."""
    span = '<w:gridSpan w:val="1000000000"/>'
    data = _with_body(_tbl([_tc(_p("Jane Doe"), properties=span)]))
    started = time.monotonic()
    document = ingest.extract(data, Limits(seconds=20))
    assert [line.text for line in document.lines] == ["Jane Doe"]
    assert time.monotonic() - started < 5


def test_a_table_in_a_cell_is_read_as_a_table() -> None:
    inner = _tbl([_tc(_p("2019 – 2021")), _tc(_p("Engineer"), _p("Acme GmbH"))])
    data = _with_body(_tbl([_tc(_p("Experience"), inner)]))
    lines = extract(data, Limits()).lines
    assert [line.text for line in lines] == ["Experience", "2019 – 2021\tEngineer", "Acme GmbH"]


def test_tables_nested_past_the_depth_limit_give_their_paragraphs_in_order() -> None:
    """Deeper than ``MAX_DEPTH`` no row is joined: the text is kept, the structure is not."""
    nest = _tbl([_tc(_p("Python")), _tc(_p("Expert"))])
    for _ in range(MAX_DEPTH):
        nest = _tbl([_tc(nest)])
    lines = extract(_with_body(nest), Limits()).lines
    assert [line.text for line in lines] == ["Python", "Expert"]


def test_a_table_sixty_levels_deep_is_read_in_bounded_time() -> None:
    nest = _p("Jane Doe")
    for level in range(60):
        nest = _tbl([_tc(nest), _tc(_p(f"level {level}"))])
    data = _with_body(nest)
    started = time.monotonic()
    lines = extract(data, Limits()).lines
    assert time.monotonic() - started < 2
    assert lines[0].text == "Jane Doe"
    assert len(lines) == 61


def test_empty_tables_give_no_lines() -> None:
    document = docx.Document()
    document.add_table(rows=3, cols=3)
    document.add_paragraph("Jane Doe")
    assert extract(_saved(document), Limits()).lines == [Line("Jane Doe")]
    assert extract(_with_body("<w:tbl/>" + _p("Jane Doe")), Limits()).lines == [Line("Jane Doe")]
    with pytest.raises(NoTextFound, match="no text"):
        extract(_with_body(_tbl([_tc(), _tc()], [_tc(), _tc()])), Limits())


def test_a_table_of_only_images_has_no_text() -> None:
    document = docx.Document()
    cells = document.add_table(rows=1, cols=2).rows[0].cells
    for cell in cells:
        cell.paragraphs[0].add_run().add_picture(io.BytesIO(_png()))
    with pytest.raises(NoTextFound, match="only images"):
        extract(_saved(document), Limits())


def test_a_hundred_thousand_cells_are_refused_in_bounded_time() -> None:
    """Counted as read: the reader stops at ``MAX_CELLS``, whatever the table holds after."""
    rows = "".join(f"<w:tr>{_tc(_p(f'r{i}'))}{_tc(_p(f'v{i}'))}</w:tr>" for i in range(50_000))
    data = _with_body(f"<w:tbl>{rows}</w:tbl>")
    started = time.monotonic()
    with pytest.raises(TooLarge, match=f"more than {MAX_CELLS:,} table cells"):
        ingest.extract(data, Limits())
    assert time.monotonic() - started < 10


def test_empty_cells_count_toward_the_cell_limit() -> None:
    data = _with_body(_tbl(*[[_tc()] * 10 for _ in range(MAX_CELLS // 10 + 1)]))
    with pytest.raises(TooLarge, match="table cells"):
        extract(data, Limits())
