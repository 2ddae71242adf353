"""Read a DOCX table as a person reads the page: row by row, each row's cells left to right.

Word résumé templates lay a page out in borderless tables: a narrow left cell of dates or labels
beside a wide cell of content ("Sep 2021 – Present" | "Engineer" over "Acme – Berlin" and its
bullets), a header row with the name left and the contact right, a section heading in a cell of
its own. A row is read as a reader of the printed page would join it:

- a row whose cells before the last each hold one short line (a date, a label) is one line of
  those cells and the last cell's first line, joined by tabs ("Sep 2021 – Present\\tEngineer",
  "Languages\\tPython, Go"), then the rest of the last cell, the way the parser reads a row of a
  PDF;
- a first cell that holds only a known section heading ("BERUFSERFAHRUNG", "Experience:"), set
  apart (alone in its row, or in a heading style, bold or capitals), is a line of its own marked
  ``heading``, before the rest of its row, never joined to it; in plain type beside a value
  ("Certifications" | "BLS, Manual handling") it is a label like any other;
- any other row is read cell after cell, each cell's lines in order.

A cell merged across columns is read once, and a cell merged down rows (``w:vMerge``) once, in
its first row. Tables inside cells are read the same way, down to ``MAX_DEPTH`` levels; deeper
ones give their paragraphs in document order, with no further structure. Every cell read counts
against ``MAX_CELLS`` and a document with more is refused with ``TooLarge``, so a table of a
million empty cells costs no more than its first ``MAX_CELLS``. The XML is walked directly
rather than through python-docx's ``Table.rows``, whose ``row.cells`` yields a cell once per
grid column it spans: a ``w:gridSpan`` of 10⁹ would not end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from tailorcv.errors import TooLarge
from tailorcv.ingest import cues
from tailorcv.ingest.document import Line

MAX_DEPTH = 4  # tables in tables in tables in tables; deeper ones are read as plain paragraphs
MAX_CELLS = 5_000  # a two-page résumé laid out in tables has a few hundred
_LABEL_WORDS = 6  # a cell of one line this short is a label or a date beside its value
_LABEL_CHARS = 48

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc"
_SDT_CONTENT = f"{_W}sdtContent"  # a content control wraps rows, cells or paragraphs

ReadParagraph = Callable[[Any], Line]  # a ``w:p`` element → its line (empty text when blank)


@dataclass
class Budget:
    """The cells a document may still hold; shared by all its tables."""

    cells: int = MAX_CELLS

    def spend(self) -> None:
        self.cells -= 1
        if self.cells < 0:
            raise TooLarge(
                f"the DOCX has more than {MAX_CELLS:,} table cells; a résumé has a few hundred "
                "— save it as PDF, or remove the large tables, and re-upload"
            )


def table_lines(
    tbl: Any, paragraph: ReadParagraph, budget: Budget, depth: int = 1
) -> Iterator[Line]:
    """The lines of one ``w:tbl`` element, row by row."""
    if depth > MAX_DEPTH:
        yield from _flat(tbl, paragraph, budget)
        return
    for row in _children(tbl, _TR):
        cells = [
            _cell_lines(tc, paragraph, budget, depth) for tc in _children(row, _TC) if _starts(tc)
        ]
        yield from _row_lines([cell for cell in cells if cell])


def _children(element: Any, tag: str) -> Iterator[Any]:
    """The children of ``element`` with ``tag``, looking through content controls."""
    for child in element.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag == f"{_W}sdt":
            for content in child.iterchildren(_SDT_CONTENT):
                yield from _children(content, tag)


def _starts(tc: Any) -> bool:
    """False for the second and later rows of a vertically merged cell (``w:vMerge`` without
    ``restart``): their content is the first row's cell, already read."""
    merge = tc.find(f"{_W}tcPr/{_W}vMerge")
    return merge is None or merge.get(f"{_W}val") == "restart"


def _cell_lines(tc: Any, paragraph: ReadParagraph, budget: Budget, depth: int) -> list[Line]:
    """A cell's non-empty lines: its paragraphs and nested tables in order."""
    budget.spend()
    lines: list[Line] = []
    for child in _children_of_cell(tc):
        if child.tag == _P:
            line = paragraph(child)
            if line.text:
                lines.append(line)
        else:
            lines.extend(table_lines(child, paragraph, budget, depth + 1))
    return lines


def _children_of_cell(tc: Any) -> Iterator[Any]:
    """A cell's paragraphs and tables in document order."""
    for child in tc.iterchildren():
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag == f"{_W}sdt":
            for content in child.iterchildren(_SDT_CONTENT):
                yield from _children_of_cell(content)


def _flat(tbl: Any, paragraph: ReadParagraph, budget: Budget) -> Iterator[Line]:
    """A table nested too deep: its paragraphs in document order, each counted as a cell."""
    for p in tbl.iter(_P):
        budget.spend()
        line = paragraph(p)
        if line.text:
            yield line


def _row_lines(cells: list[list[Line]]) -> Iterator[Line]:
    """One row's lines from its non-empty cells, as the module docstring describes."""
    if cells and len(cells[0]) == 1 and _is_heading(cells[0][0], alone=len(cells) == 1):
        yield replace(cells[0][0], heading=True)
        cells = cells[1:]
    if len(cells) >= 2 and all(len(cell) == 1 and _is_label(cell[0]) for cell in cells[:-1]):
        yield _joined([cell[0] for cell in cells[:-1]] + [cells[-1][0]])
        yield from cells[-1][1:]
        return
    for cell in cells:
        yield from cell


def _is_heading(line: Line, *, alone: bool) -> bool:
    """A known section heading alone in its cell, and set apart: alone in its row too, or by a
    heading style, bold or capitals. "Certifications" beside "BLS, Manual handling" in plain
    type is a group of skills, not a section."""
    text = line.text.strip().rstrip(":").strip()
    if line.bullet or cues.fold(text) not in cues.HEADING_OF:
        return False
    return alone or line.heading or line.bold or text.isupper()


def _is_label(line: Line) -> bool:
    """A short line that names or dates what stands beside it."""
    text = line.text
    return not line.bullet and len(text) <= _LABEL_CHARS and len(text.split()) <= _LABEL_WORDS


def _joined(parts: list[Line]) -> Line:
    """Lines set side by side as one line, their cells apart by tabs."""
    links = tuple(dict.fromkeys(link for part in parts for link in part.links))
    return Line(
        text="\t".join(part.text for part in parts),
        bold=all(part.bold for part in parts),
        heading=False,
        bullet=False,
        links=links,
    )
