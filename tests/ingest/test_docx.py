"""DOCX résumés come out in body order, tables included, with headings, bullets, bold and links."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from tailorcv.errors import NoTextFound, TooLarge
from tailorcv.ingest.document import Limits, Line
from tailorcv.ingest.docx import extract
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
        Line("Python"),
        Line("Expert"),
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
