"""A source JSON Resume as a Word document (python-docx), in two layouts that LibreOffice then
prints to PDF: ``plain`` paragraphs (Word's built-in heading and list styles, "Position, Company"
over a line of dates) and ``table``, a borderless two-column table per section with the dates in
the narrow left column and a header table with the name left and the contact right."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from words import HEADINGS, date, span


def _doc() -> Document:
    doc = Document()
    for section in doc.sections:
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin = section.bottom_margin = Cm(1.5)
    doc.styles["Normal"].font.name = "Liberation Sans"
    doc.styles["Normal"].font.size = Pt(10)
    return doc


def _save(doc: Document) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def plain(r: dict, lang: str) -> bytes:
    h, b, doc = HEADINGS[lang], r["basics"], _doc()
    doc.add_heading(b["name"], level=0)
    doc.add_paragraph(f"{b['location']['city']} | {b['phone']} | {b['email']}")
    doc.add_heading(h["summary"], level=1)
    doc.add_paragraph(b.get("summary", ""))
    doc.add_heading(h["work"], level=1)
    for w in r["work"]:
        p = doc.add_paragraph()
        p.add_run(f"{w['position']}, {w['name']}").bold = True
        when = doc.add_paragraph(f"{span(w, lang, 'dotted')} · {w.get('location', '')}")
        when.runs[0].italic = True
        for line in w.get("highlights", []):
            doc.add_paragraph(line, style="List Bullet")
    doc.add_heading(h["education"], level=1)
    for e in r["education"]:
        p = doc.add_paragraph()
        p.add_run(f"{e['studyType']} {e.get('area', '')}").bold = True
        doc.add_paragraph(f"{e['institution']}, {span(e, lang, 'year')}")
    doc.add_heading(h["skills"], level=1)
    for s in r["skills"]:
        p = doc.add_paragraph()
        p.add_run(f"{s['name']}: ").bold = True
        p.add_run(", ".join(s.get("keywords", [])))
    doc.add_heading(h["languages"], level=1)
    for x in r.get("languages", []):
        doc.add_paragraph(f"{x['language']} – {x['fluency']}", style="List Bullet")
    return _save(doc)


def _row(table, left: str, right_bold: str, right_lines: list[str]) -> None:
    cells = table.add_row().cells
    cells[0].width, cells[1].width = Cm(3.5), Cm(13.5)
    cells[0].paragraphs[0].add_run(left).font.size = Pt(9)
    first = cells[1].paragraphs[0]
    first.add_run(right_bold).bold = True
    for line in right_lines:
        cells[1].add_paragraph(line)


def _section(doc: Document, title: str):
    doc.add_paragraph().add_run(title.upper()).bold = True
    table = doc.add_table(rows=0, cols=2)
    table.autofit = False
    return table


def table(r: dict, lang: str) -> bytes:
    h, b, doc = HEADINGS[lang], r["basics"], _doc()
    head = doc.add_table(rows=1, cols=2).rows[0].cells
    name = head[0].paragraphs[0].add_run(b["name"])
    name.bold, name.font.size = True, Pt(20)
    head[0].add_paragraph(b.get("label", ""))
    for line in (b["email"], b["phone"], b["location"]["city"]):
        p = head[1].add_paragraph(line) if head[1].paragraphs[0].text else head[1].paragraphs[0]
        if not p.text:
            p.add_run(line)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    t = _section(doc, h["work"])
    for w in r["work"]:
        _row(
            t,
            span(w, lang, "short"),
            w["position"],
            [
                f"{w['name']} – {w.get('location', '')}",
                *(f"• {x}" for x in w.get("highlights", [])),
            ],
        )
    t = _section(doc, h["education"])
    for e in r["education"]:
        _row(t, span(e, lang, "year"), e["institution"], [f"{e['studyType']}, {e.get('area', '')}"])
    t = _section(doc, h["skills"])
    for s in r["skills"]:
        _row(t, s["name"], ", ".join(s.get("keywords", [])), [])
    t = _section(doc, h["languages"])
    for x in r.get("languages", []):
        _row(t, x["language"], x["fluency"], [])
    if r.get("certificates"):
        t = _section(doc, h["certificates"])
        for c in r["certificates"]:
            _row(t, date(c["date"], lang, "year"), c["name"], [c.get("issuer", "")])
    return _save(doc)
