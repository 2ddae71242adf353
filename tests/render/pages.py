"""How a rendered PDF falls on its pages, read back with pypdfium2: the facts that tell a layout
made by hand from one made by a machine (issue 19).

A page is its lines of text from top to bottom (the page-number footer left out); from them come
how far down the text of a page reaches, how many lines the last page holds, and which pages end
on a section heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pypdfium2

_FOOTER = re.compile(r"^\d+ / \d+$")


@dataclass(frozen=True)
class Line:
    text: str
    top: float  # points from the bottom of the page, as PDF counts
    bottom: float
    left: float  # points from the left edge
    right: float


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    lines: list[Line]

    @property
    def text_bottom(self) -> float:
        """How far from the top the text reaches, as a share of the page's height."""
        if not self.lines:
            return 0.0
        return (self.height - min(line.bottom for line in self.lines)) / self.height


def read_pages(pdf: bytes) -> list[Page]:
    """Every page of ``pdf`` with its lines of text, top first."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [_page(document[i]) for i in range(len(document))]
    finally:
        document.close()


def _page(page: pypdfium2.PdfPage) -> Page:
    width, height = page.get_size()
    text = page.get_textpage()
    pieces: list[tuple[float, float, float, float, str]] = []
    for index in range(text.count_rects()):
        left, bottom, right, top = text.get_rect(index)
        words = text.get_text_bounded(left, bottom, right, top).strip()
        if words:
            pieces.append((bottom, top, left, right, words))
    rows: list[list[tuple[float, float, float, float, str]]] = []
    for piece in sorted(pieces, key=lambda p: -p[0]):
        if rows and abs(rows[-1][0][0] - piece[0]) < 2.5:  # the same baseline: one line
            rows[-1].append(piece)
        else:
            rows.append([piece])
    lines = [_line(sorted(row, key=lambda p: p[2])) for row in rows]
    return Page(width, height, [line for line in lines if not _FOOTER.match(line.text)])


def colour_pixels(pdf: bytes, colour: str, page: int = 0) -> int:
    """How many pixels of page ``page``, drawn at 144 dpi, are exactly ``colour`` (``#rrggbb``):
    solid strokes and glyph middles in that colour; zero when the page does not use it."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        bitmap = document[page].render(scale=2, rev_byteorder=True)  # RGB
        return bytes(bitmap.buffer).count(bytes.fromhex(colour.removeprefix("#")))
    finally:
        document.close()


def _line(pieces: list[tuple[float, float, float, float, str]]) -> Line:
    """One line from its pieces, left to right (two columns' lines on one baseline are one)."""
    return Line(
        " ".join(p[4] for p in pieces),
        max(p[1] for p in pieces),
        min(p[0] for p in pieces),
        min(p[2] for p in pieces),
        max(p[3] for p in pieces),
    )


def headings_at_page_ends(pages: list[Page], headings: set[str]) -> list[str]:
    """The section headings that are the last line of a page that is not the last page."""
    ends = [page.lines[-1].text for page in pages[:-1] if page.lines]
    return [text for text in ends if text.casefold() in {h.casefold() for h in headings}]
