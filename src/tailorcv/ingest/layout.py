"""Undo a PDF page's layout: spans read by ``pdf`` become lines in reading order.

Why apart from ``pdf``: this is pure geometry and text over ``Span`` boxes, with no pdfium in
it, so it can be read, tested and tuned without a PDF library. ``columns`` finds where a page's
columns are and in which order they are read; here:

- spans on the same baseline become one row, joined by a space, or by a tab across a gap wider
  than an em ("Engineer\\tJan 2020 – Present"), unless the row is a justified line whose spaces
  were stretched to reach the column's edge;
- rows that repeat at the same place on several pages (running headers, footers) and page numbers
  ("3", "Page 2 of 3", "2/3") near the top or bottom edge are dropped;
- a word hyphenated across two rows is joined ("develop-" + "ment" → "development"); before a
  capital the hyphen is kept ("Front-" + "End" → "Front-End"), as it is then part of the name;
  an email address a narrow column broke without a hyphen is joined too;
- a leading bullet glyph (•, ●, ▪, –, -, *, ✓, icon-font private-use glyphs …) sets ``bullet`` and
  is removed; other private-use glyphs (contact icons) are removed too;
- ``size`` is the row's font size over the median size of all characters, ``bold`` is set when
  most of its characters come from a bold font.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from tailorcv.errors import NoTextFound
from tailorcv.ingest.document import Document, Line
from tailorcv.ingest.lines import EMAIL

BULLETS = frozenset("•●▪■◦‣➢►▶▸➤✓✔☐□○◆◇♦∙·⁃")
LOOSE_BULLETS = frozenset("-–*+")  # bullets only when followed by a space
# Ems between two characters that start a new span. The widest word space measured in justified
# text (LaTeX, Typst) is 0.85 em; tags set side by side, a date margin and its entry, an email and
# the phone beside it lie 1.1–1.5 em apart and are cells, not words of one phrase.
WIDE_GAP = 1.0
NAME_TO_TEXT = 1.5  # words this much larger than the next are another field (a name, a title)
EDGE = 0.12  # top and bottom share of a page where running headers and footers live
PAGE_NUMBER_EDGE = 0.2  # the same for page numbers, which some classes set higher
TWO_COLUMNS = "the page has two columns; check that your sections and skills are in order"
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?(?:(?:page|p\.|seite|página|pagina|side)\s*)?\d{1,3}"
    r"(?:\s*(?:of|/|von|de|sur|di|af)\s*\d{1,3})?(?:\s*[-–—])?$",
    re.IGNORECASE,
)
_HYPHENATED = re.compile(r"[^\W\d_]-$")
_FIRST_WORD = re.compile(r"^([^\W\d_][\w'’]*[.,;:!?)]?)\s*(.*)$")


@dataclass
class Span:
    """Characters of one font run on one baseline, in top-down page coordinates."""

    text: str
    left: float
    right: float
    top: float
    bottom: float
    size: float
    bold: int  # how many of its characters are bold
    links: list[str] = field(default_factory=list)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Row:
    """Spans on one baseline: a line of the page before it becomes a ``Line``."""

    spans: list[Span]
    page: int
    column: int = 0
    heading: bool = False  # set apart as a heading by the layout (a label column's cell)

    @property
    def text(self) -> str:
        return joined(self.spans)

    @property
    def top(self) -> float:
        return min(span.top for span in self.spans)


def rows_of(spans: list[Span]) -> list[list[Span]]:
    """Spans grouped by baseline, top to bottom, each row left to right."""
    rows: list[list[Span]] = []
    for span in sorted(spans, key=lambda s: (s.middle, s.left)):
        row = rows[-1] if rows else None
        if row and abs(span.middle - row[0].middle) < 0.45 * max(span.size, row[0].size, 1.0):
            row.append(span)
        else:
            rows.append([span])
    edge = max((span.right for span in spans), default=0.0)
    return [_spread(sorted(row, key=lambda s: s.left), edge) for row in rows]


def _spread(row: list[Span], edge: float) -> list[Span]:
    """A justified line whose spaces were stretched past an em, words spread to the right edge
    of their column ("Bachelor   of   Arts,   Hochschule   für …"), as one span: its gaps are
    spaces, not cells. Tags and contact rows rarely reach the edge exactly, and they hold no
    word in lower case ("of", "für"; an address is no word)."""
    if len(row) < 3 or row[-1].right < edge - 1.0:
        return row
    gaps = [(b.left - a.right) / max(a.size, b.size, 1.0) for a, b in itertools.pairwise(row)]
    stretched = sum(1 for gap in gaps if gap > WIDE_GAP)
    prose = any(span.text.split(" ")[0].isalpha() and span.text[:1].islower() for span in row)
    if max(gaps) > 2 * WIDE_GAP or stretched < 2 or not prose:
        return row
    links = list(dict.fromkeys(link for span in row for link in span.links))
    top, bottom = min(s.top for s in row), max(s.bottom for s in row)
    size, bold = max(s.size for s in row), sum(s.bold for s in row)
    text = " ".join(span.text for span in row)
    return [Span(text, row[0].left, row[-1].right, top, bottom, size, bold, links)]


def joined(spans: list[Span]) -> str:
    """Span texts joined by a tab across a gap wider than an em or between words of very
    different sizes (a name in 19 pt, then the person's title in 11 pt), by nothing when they
    touch (a size change inside a word, as fake small capitals make), else by a space."""
    text = spans[0].text
    for before, after in itertools.pairwise(spans):
        gap, em = after.left - before.right, max(before.size, after.size, 1.0)
        wide = gap > WIDE_GAP * em or (gap > 0.12 * em and _unlike(before.size, after.size))
        glue = "\t" if wide else "" if gap < 0.12 * em else " "
        text += glue + after.text
    return text


def _unlike(one: float, other: float) -> bool:
    return min(one, other) > 0 and max(one, other) / min(one, other) >= NAME_TO_TEXT


def document_of(rows: list[Row], heights: list[float], columns: int, pages: int) -> Document:
    """Rows cleaned of running headers and page numbers, turned into ``Line`` objects."""
    if not any(row.text.strip() for row in rows):
        raise NoTextFound(
            "the PDF holds only images (probably a scan); OCR is not available — "
            "export a PDF with selectable text"
        )
    kept = _drop_page_furniture(rows, heights)
    body = _body_size(kept)
    lines = _join_broken_addresses(
        _join_hyphenated([line for row in kept if (line := _line(row, body)).text])
    )
    warnings = [TWO_COLUMNS] if columns > 1 else []
    links = list(dict.fromkeys(link for line in lines for link in line.links))
    return Document(lines, "pdf", pages, columns, warnings, links)


def _drop_page_furniture(rows: list[Row], heights: list[float]) -> list[Row]:
    """Rows without page numbers and running headers/footers (repeated near an edge)."""
    pages_of: dict[tuple[str, int], set[int]] = {}
    for row in rows:
        pages_of.setdefault(_furniture_key(row), set()).add(row.page)
    kept = []
    for row in rows:
        height = heights[row.page - 1]
        edge = min(row.top, height - row.top) / height
        repeated = edge < EDGE and len(pages_of[_furniture_key(row)]) >= 2
        if repeated or (edge < PAGE_NUMBER_EDGE and _PAGE_NUMBER.match(row.text.strip())):
            continue
        kept.append(row)
    return kept


def _furniture_key(row: Row) -> tuple[str, int]:
    """A row's text with its page's number masked, and its position rounded to 6 points. In
    "John Doe – 2/2" only the number before the count is the page's."""
    text = row.text.strip().lower()
    counted = re.sub(rf"(?<!\d){row.page}(?=\s*(?:/|of|von|de|sur)\s*\d)", "#", text)
    masked = counted if counted != text else re.sub(rf"(?<!\d){row.page}(?!\d)", "#", text)
    return masked, round(row.top / 6)


def _body_size(rows: list[Row]) -> float:
    """The median font size over all characters: the size of body text."""
    sizes = Counter[float]()
    for row in rows:
        for span in row.spans:
            sizes[span.size] += len(span.text)
    expanded = sorted(sizes.elements())
    return statistics.median_low(expanded) if expanded else 0.0


def _line(row: Row, body: float) -> Line:
    """A row as a ``Line``: bullet glyph removed, icon glyphs removed, size and bold set."""
    text, bullet = _strip_bullet(_clean(row.text.lstrip()))
    text = _without_icons(text)
    worded = [span for span in row.spans if sum(c.isalnum() for c in span.text) >= 2]
    main = max(worded or row.spans, key=lambda span: span.size)
    characters = sum(len(span.text.replace(" ", "")) for span in row.spans)
    bold = sum(span.bold for span in row.spans) > 0.6 * max(characters, 1)
    links = tuple(dict.fromkeys(link for span in row.spans for link in span.links))
    size = round(main.size / body, 2) if body else 0.0
    return Line(text, row.page, size, bold, row.heading, bullet, row.column, links)


def _clean(text: str) -> str:
    """Soft hyphens made visible at a line end, other control characters removed."""
    text = re.sub(r"[\x02\xad]$", "-", text)
    return "".join(c for c in text if c == "\t" or c.isprintable() or _is_private(c)).strip()


def _without_icons(text: str) -> str:
    """Icon glyphs (private-use code points) removed, and the spaces around them tidied."""
    text = "".join(c for c in text if not _is_private(c))
    return re.sub(r" {2,}", " ", re.sub(r" *\t *", "\t", text)).strip()


def _is_private(char: str) -> bool:
    """A private-use code point: an icon font's glyph, which carries no text."""
    return 0xE000 <= ord(char) <= 0xF8FF or ord(char) >= 0xF0000


def _strip_bullet(text: str) -> tuple[str, bool]:
    """The text without its leading bullet glyph, and whether it had one."""
    first, rest = text[:1], text[1:]
    if (
        first in BULLETS
        or (first and _is_private(first))
        or (first in LOOSE_BULLETS and rest[:1] in (" ", "\t"))
    ):
        return rest.strip(), True
    return text, False


def _join_hyphenated(lines: list[Line]) -> list[Line]:
    """Move the word after a line-end hyphen up to the line before it."""
    joined: list[Line] = []
    for line in lines:
        previous = joined[-1] if joined else None
        match = _FIRST_WORD.match(line.text)
        if previous is None or not _HYPHENATED.search(previous.text) or not match:
            joined.append(line)
            continue
        if line.bullet or line.column != previous.column or line.size != previous.size:
            joined.append(line)
            continue
        word, rest = match.groups()
        head = previous.text if word[0].isupper() else previous.text[:-1]
        joined[-1] = _with_text(previous, head + word, line.links)
        if rest:
            joined.append(_with_text(line, rest, ()))
    return joined


def _join_broken_addresses(lines: list[Line]) -> list[Line]:
    """Join an email address that a narrow column broke inside a word, with no hyphen
    ("theo.lefevre@exampl" then "e.com"): a line that ends in an address cut short and a next
    line of one word that completes it."""
    joined: list[Line] = []
    for line in lines:
        previous = joined[-1] if joined else None
        head = previous.text.rpartition(" ")[2] if previous else ""
        whole = head + line.text
        if (
            previous is not None
            and "@" in head
            and not EMAIL.fullmatch(head)
            and " " not in line.text
            and (line.page, line.column) == (previous.page, previous.column)
            and EMAIL.fullmatch(whole)
        ):
            joined[-1] = _with_text(previous, previous.text + line.text, line.links)
            continue
        joined.append(line)
    return joined


def _with_text(line: Line, text: str, links: tuple[str, ...]) -> Line:
    """A copy of ``line`` with new text and extra links."""
    merged = tuple(dict.fromkeys((*line.links, *links)))
    return Line(
        text, line.page, line.size, line.bold, line.heading, line.bullet, line.column, merged
    )
