"""Build ``Document``s for the section parser's tests without any file reader: from plain text,
and from the text pypdfium2 gives for a PDF tailorcv rendered."""

from __future__ import annotations

import re
from pathlib import Path

from tailorcv.ingest.document import Document, Line

_BULLET = re.compile(r"^\s*[-•]\s+")


def doc_from_text(text: str, kind: str = "text") -> Document:
    """One ``Line`` per non-blank line; "- " and "• " items become bullets."""
    lines = []
    for raw in text.splitlines():
        if not raw.strip():
            continue
        bullet = _BULLET.match(raw)
        body = raw[bullet.end() :] if bullet else raw
        lines.append(Line(body.strip(), bullet=bool(bullet)))
    return Document(lines=lines, kind=kind)


def doc_from_pdf(path: Path) -> Document:
    """The lines pypdfium2 reads from a PDF, page by page, with no layout cues at all."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        lines = [
            Line(text.strip(), page=number)
            for number, page in enumerate(pdf, start=1)
            for text in page.get_textpage().get_text_range().splitlines()
            if text.strip()
        ]
        return Document(lines=lines, kind="pdf", pages=len(pdf))
    finally:
        pdf.close()
