"""Read a PDF résumé into lines in reading order with pypdfium2, undoing its layout.

Why pypdfium2: it is the fastest reader that gives each character's box, font size, weight and
font name. Measured here on one- and two-page résumés, text extraction takes 9–14 ms with
pypdfium2, 22–25 ms with pdftotext, 53–85 ms with pypdf, 178–242 ms with pdfminer.six and
281–291 ms with pdfplumber. This module's whole reading (boxes, fonts, layout, links) takes
p50 10–30 ms per corpus résumé, 17–40 ms with the sandbox around it (``bench/bench_extract.py``),
well inside the 150 ms import budget. pdfium is
also the engine of Chromium, so it opens what browsers open and fails cleanly on the rest.

How: characters are read with pdfium's raw API (``FPDFText_GetUnicode``, ``GetLooseCharBox``,
``GetTextObject``; font size, weight, name and render mode once per text object) and cut into
*spans* at pdfium's line breaks and at gaps wider than two ems. On each page:

- a vertical gutter that no span crosses over most of the text's height, with text on both sides
  that is not aligned row by row (that would be a table or a date margin), makes two columns: the
  left column is read before the right, band by band between full-width rows (a header);
- spans on the same baseline become one row, joined by a space, or by a tab across a wide gap
  ("Engineer\\tJan 2020 – Present");
- rows that repeat at the same place on several pages (running headers, footers) and page numbers
  ("3", "Page 2 of 3", "2/3") near the top or bottom edge are dropped;
- a word hyphenated across two rows is joined ("develop-" + "ment" → "development"); before a
  capital the hyphen is kept ("Front-" + "End" → "Front-End"), as it is then part of the name;
- a leading bullet glyph (•, ●, ▪, –, -, *, ✓, icon-font private-use glyphs …) sets ``bullet`` and
  is removed; other private-use glyphs (contact icons) are removed too;
- ``size`` is the row's font size over the median size of all characters, ``bold`` is set when
  most of its characters come from a bold font; link annotations become ``links``.
"""

from __future__ import annotations

import ctypes
import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from tailorcv.errors import EncryptedFile, NoTextFound, TooLarge, UnreadableFile
from tailorcv.ingest.document import Document, Limits, Line

BULLETS = frozenset("•●▪■◦‣➢►▶▸➤✓✔☐□○◆◇♦∙·⁃")
LOOSE_BULLETS = frozenset("-–*+")  # bullets only when followed by a space
WIDE_GAP = 2.0  # ems between two characters that start a new span
EDGE = 0.12  # top and bottom share of a page where running headers and footers live
PAGE_NUMBER_EDGE = 0.2  # the same for page numbers, which some classes set higher
TWO_COLUMNS = "two columns detected; check the order of your sections and skills"

_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?(?:(?:page|p\.|seite|página|pagina|side)\s*)?\d{1,3}"
    r"(?:\s*(?:of|/|von|de|sur|di|af)\s*\d{1,3})?(?:\s*[-–—])?$",
    re.IGNORECASE,
)
_ICON_FONT = re.compile(
    r"awesome|academicons|material.?(icons|symbols)|icomoon|ionicons|glyphicons|octicons"
    r"|simple.?icons|devicon|remixicon|tabler|bootstrap.?icons|phosphor|lucide",
    re.IGNORECASE,
)
_BOLD_FONT = re.compile(r"bold|black|heavy|demi|cmbx|sfbx|\bbx|-bd\b", re.IGNORECASE)
_REGULAR_FONT = re.compile(
    r"regular|book|light|thin|medium|roman|normal|italic|oblique|cmr\d|sfrm", re.IGNORECASE
)
# TeX fonts in the T1 encoding that lack a ToUnicode map leave ligatures as control codes;
# pdfium reports a hyphen that ends a line as 0x02.
_LIGATURES = {0x02: "-", 0x1B: "ff", 0x1C: "fi", 0x1D: "fl", 0x1E: "ffi", 0x1F: "ffl"}
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

    @property
    def text(self) -> str:
        return _join(self.spans)

    @property
    def top(self) -> float:
        return min(span.top for span in self.spans)


def extract(data: bytes, limits: Limits) -> Document:
    """The lines of a PDF; raises ``EncryptedFile``, ``TooLarge``, ``NoTextFound`` or
    ``UnreadableFile`` with a sentence a person can act on."""
    import pypdfium2 as pdfium

    document = _open(pdfium, data)
    try:
        pages = len(document)
        if pages == 0:
            raise UnreadableFile("the PDF has no pages; export it again from your editor")
        if pages > limits.max_pages:
            raise TooLarge(
                f"the PDF has {pages} pages; the limit is {limits.max_pages} pages — "
                "upload the résumé alone, not a whole portfolio"
            )
        heights, rows, columns = _read_pages(document, limits)
    finally:
        document.close()
    return _document(rows, heights, columns, pages)


def _open(pdfium: Any, data: bytes) -> Any:
    """A ``PdfDocument``, or the error that says why pdfium refused the bytes."""
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raw = pdfium.raw
        if error.err_code in (raw.FPDF_ERR_PASSWORD, raw.FPDF_ERR_SECURITY):
            raise EncryptedFile(
                "the PDF is password-protected (encrypted); remove the password and upload it again"
            ) from None
        raise UnreadableFile(
            f"the PDF is damaged and cannot be read ({error}); export it again and re-upload"
        ) from None


def _read_pages(document: Any, limits: Limits) -> tuple[list[float], list[Row], int]:
    """Rows of every page in reading order, the page heights, and the most columns seen."""
    heights, rows, columns = [], [], 1
    for number in range(len(document)):
        page = _page(document, number)
        try:
            width, height = page.get_size()
            spans = _page_spans(page, height)
            _attach_links(document, page, height, spans)
        finally:
            page.close()
        page_rows, page_columns = _layout(spans, width, number + 1)
        heights.append(height)
        rows.extend(page_rows)
        columns = max(columns, page_columns)
        if len(rows) > limits.max_lines:
            raise TooLarge(f"the PDF has more than {limits.max_lines:,} lines of text")
    return heights, rows, columns


def _page(document: Any, number: int) -> Any:
    """Page ``number`` (0-based), or ``UnreadableFile`` when its object tree is broken."""
    import pypdfium2 as pdfium

    try:
        return document[number]
    except pdfium.PdfiumError:
        raise UnreadableFile(
            f"page {number + 1} of the PDF is damaged (its page tree is broken or loops); "
            "export the PDF again from your editor and re-upload"
        ) from None


def _page_spans(page: Any, height: float) -> list[Span]:
    """Every visible character of the page, cut into spans."""
    textpage = page.get_textpage()
    try:
        return _SpanReader(textpage, height).read()
    finally:
        textpage.close()


class _SpanReader:
    """Walks a text page character by character; font facts are looked up once per object."""

    def __init__(self, textpage: Any, height: float) -> None:
        import pypdfium2.raw as raw

        self.raw, self.textpage, self.height = raw, textpage, height
        self.box = raw.FS_RECTF()
        self.fonts: dict[int, tuple[float, bool, bool, bool]] = {}
        self.spans: list[Span] = []
        self.current: Span | None = None

    def read(self) -> list[Span]:
        for index in range(self.textpage.count_chars()):
            self._char(index)
        self._close()
        return [span for span in self.spans if span.text.strip()]

    def _char(self, index: int) -> None:
        code = self.raw.FPDFText_GetUnicode(self.textpage, index)
        if code in (0x0D, 0x0A):
            self._close()
            return
        if code == 0x02 or (
            code in _LIGATURES and self.raw.FPDFText_HasUnicodeMapError(self.textpage, index)
        ):
            pass  # pdfium's mark for a line-end hyphen, or an unmapped ligature: see below
        elif code == 0x20 or chr(code).isspace():  # spaces, generated ones included, split words
            if self.current is not None:
                self.current.text += " "
            return
        obj = self.raw.FPDFText_GetTextObject(self.textpage, index)
        text = _LIGATURES.get(code, "") if code < 0x20 else chr(code)
        if not obj or not text or code in (0xFFFD, 0xFFFE, 0xFFFF):  # unmapped: no text
            return
        size, bold, visible, icon = self._font(obj, index)
        if icon:  # whatever text an icon font maps its glyph to, it is not résumé text
            if self.current is not None:
                self.current.text += " "
        elif visible:
            self._add(text, index, size, bold)

    def _font(self, obj: Any, index: int) -> tuple[float, bool, bool, bool]:
        """(size, bold, visible, icon) of a text object, cached by its address."""
        key = ctypes.cast(obj, ctypes.c_void_p).value or 0
        if key not in self.fonts:
            raw = self.raw
            size = round(raw.FPDFText_GetFontSize(self.textpage, index), 1)
            font = raw.FPDFTextObj_GetFont(obj)
            visible = raw.FPDFTextObj_GetTextRenderMode(obj) != raw.FPDF_TEXTRENDERMODE_INVISIBLE
            name = _font_name(raw, font)
            self.fonts[key] = (
                size,
                _is_bold(raw, font, name),
                visible,
                bool(_ICON_FONT.search(name)),
            )
        return self.fonts[key]

    def _add(self, char: str, index: int, size: float, bold: bool) -> None:
        """Append one character, starting a new span when it does not continue the current."""
        self.raw.FPDFText_GetLooseCharBox(self.textpage, index, self.box)
        left, right = self.box.left, self.box.right
        top, bottom = self.height - self.box.top, self.height - self.box.bottom
        span = self.current
        if span is None or not _continues(span, left, top, bottom, size):
            self._close()
            span = self.current = Span("", left, right, top, bottom, size, 0)
        span.text += char
        span.left, span.right = min(span.left, left), max(span.right, right)
        span.top, span.bottom = min(span.top, top), max(span.bottom, bottom)
        span.bold += bold

    def _close(self) -> None:
        if self.current is not None:
            self.current.text = self.current.text.strip()
            self.spans.append(self.current)
            self.current = None


def _continues(span: Span, left: float, top: float, bottom: float, size: float) -> bool:
    """Whether a character at this box belongs to the span: same baseline, no wide gap."""
    em = max(span.size, size, 1.0)
    same_line = abs((top + bottom) / 2 - span.middle) < 0.5 * em
    same_size = abs(size - span.size) <= 0.1 * em
    return same_line and same_size and span.right - em <= left <= span.right + WIDE_GAP * em


def _is_bold(raw: Any, font: Any, name: str) -> bool:
    """The font's name says bold (Lato-Bold, CMBX10); or it says nothing and the weight is ≥ 600.

    The name wins because some generators write a wrong weight (764 for Merriweather-Regular).
    """
    if _BOLD_FONT.search(name):
        return True
    if _REGULAR_FONT.search(name):
        return False
    return bool(font) and raw.FPDFFont_GetWeight(font) >= 600


def _font_name(raw: Any, font: Any) -> str:
    """The font's base name without its subset prefix ("Lato-Bold", "CMBX10"), or ""."""
    if not font:
        return ""
    buffer = ctypes.create_string_buffer(256)
    length = raw.FPDFFont_GetBaseFontName(font, buffer, len(buffer))
    return buffer.value.decode("latin-1", "replace").split("+")[-1] if length else ""


def _attach_links(document: Any, page: Any, height: float, spans: list[Span]) -> None:
    """Give each span the URLs of the link annotations that cover it."""
    for url, (left, top, right, bottom) in _page_links(document, page, height):
        for span in spans:
            inside_x = span.left < right and span.right > left
            inside_y = span.top < bottom and span.bottom > top
            if inside_x and inside_y and url not in span.links:
                span.links.append(url)


def _page_links(document: Any, page: Any, height: float) -> list[tuple[str, tuple[float, ...]]]:
    """(URL, box) of every URI link annotation on the page."""
    import pypdfium2.raw as raw

    links: list[tuple[str, tuple[float, ...]]] = []
    position, link = ctypes.c_int(0), raw.FPDF_LINK()
    rect, buffer = raw.FS_RECTF(), ctypes.create_string_buffer(2048)
    while raw.FPDFLink_Enumerate(page, ctypes.byref(position), ctypes.byref(link)):
        action = raw.FPDFLink_GetAction(link)
        if not action or raw.FPDFAction_GetType(action) != raw.PDFACTION_URI:
            continue
        length = raw.FPDFAction_GetURIPath(document, action, buffer, len(buffer))
        if 1 < length <= len(buffer) and raw.FPDFLink_GetAnnotRect(link, rect):
            url = buffer.value.decode("utf-8", "replace").strip()
            box = (rect.left, height - max(rect.top, rect.bottom), rect.right)
            links.append((url, (*box, height - min(rect.top, rect.bottom))))
    return links


def _layout(spans: list[Span], width: float, page: int) -> tuple[list[Row], int]:
    """The page's rows in reading order, and how many columns it has (1 or 2)."""
    gutter = _gutter(spans)
    if gutter is None:
        return [Row(row, page) for row in _rows(spans)], 1
    full_rows = _rows([s for s in spans if s.left < gutter < s.right])
    tops = [row[0].top for row in full_rows]
    bands: list[list[Span]] = [[] for _ in range(len(full_rows) + 1)]
    for span in spans:
        if not span.left < gutter < span.right:
            bands[_band(span.top, tops)].append(span)
    ordered: list[Row] = []
    for band, inside in enumerate(bands):
        ordered.extend(_band_rows(inside, gutter, page))
        if band < len(full_rows):
            ordered.append(Row(full_rows[band], page))
    return ordered, 2


def _band_rows(spans: list[Span], gutter: float, page: int) -> list[Row]:
    """One band between full-width rows: the left column, then the right one — unless the two
    sides line up row by row (a header's contact grid), which is read across."""
    left = [s for s in spans if s.right <= gutter]
    right = [s for s in spans if s.left >= gutter]
    if left and right and _aligned(left, right):
        return [Row(row, page) for row in _rows(spans)]
    return [Row(row, page, 1) for row in _rows(left)] + [Row(row, page, 2) for row in _rows(right)]


def _aligned(left: list[Span], right: list[Span]) -> bool:
    """Whether most spans of the smaller side share a baseline with a span of the other."""
    fewer, more = sorted((left, right), key=len)
    aligned = sum(1 for s in fewer if any(abs(s.bottom - o.bottom) < 1.0 for o in more))
    return aligned >= 0.5 * len(fewer)


def _band(top: float, tops: list[float]) -> int:
    """How many full-width rows lie above ``top``."""
    return sum(1 for each in tops if each < top)


def _gutter(spans: list[Span]) -> float | None:
    """The x of a vertical gap that splits the page into two real columns, if there is one."""
    if len(spans) < 8:
        return None
    low, high = min(s.left for s in spans), max(s.right for s in spans)
    text_height = _coverage([(s.top, s.bottom) for s in spans])
    best: tuple[float, float] | None = None
    for step in range(20, 81):
        x = low + (high - low) * step / 100
        crossing = _coverage([(s.top, s.bottom) for s in spans if s.left < x < s.right])
        if crossing <= 0.25 * text_height and (best is None or crossing < best[0]):
            best = (crossing, x)
    if best is None:
        return None
    x = _middle_of_gap(spans, best[1])
    return x if _are_columns(spans, x, text_height) else None


def _middle_of_gap(spans: list[Span], x: float) -> float:
    """Move ``x`` to the middle of the empty strip around it."""
    lefts = [s.right for s in spans if s.right <= x]
    rights = [s.left for s in spans if s.left >= x]
    if not lefts or not rights:
        return x
    return (max(lefts) + min(rights)) / 2 if max(lefts) < min(rights) else x


def _are_columns(spans: list[Span], x: float, text_height: float) -> bool:
    """Text on both sides over most of the height, and not aligned row by row like a table."""
    left = [s for s in spans if s.right <= x]
    right = [s for s in spans if s.left >= x]
    if min(len(left), len(right)) < 4:
        return False
    for side in (left, right):
        if _coverage([(s.top, s.bottom) for s in side]) < 0.25 * text_height:
            return False
    return not _aligned(left, right)


def _coverage(intervals: list[tuple[float, float]]) -> float:
    """The total length of the union of vertical intervals."""
    total, reach = 0.0, float("-inf")
    for top, bottom in sorted(intervals):
        if bottom > reach:
            total += bottom - max(top, reach)
            reach = bottom
    return total


def _rows(spans: list[Span]) -> list[list[Span]]:
    """Spans grouped by baseline, top to bottom, each row left to right."""
    rows: list[list[Span]] = []
    for span in sorted(spans, key=lambda s: (s.middle, s.left)):
        row = rows[-1] if rows else None
        if row and abs(span.middle - row[0].middle) < 0.45 * max(span.size, row[0].size, 1.0):
            row.append(span)
        else:
            rows.append([span])
    return [sorted(row, key=lambda s: s.left) for row in rows]


def _join(spans: list[Span]) -> str:
    """Span texts joined by a tab across a gap wider than two ems, by nothing when they touch
    (a size change inside a word, as fake small capitals make), else by a space."""
    text = spans[0].text
    for before, after in itertools.pairwise(spans):
        gap, em = after.left - before.right, max(before.size, after.size, 1.0)
        glue = "\t" if gap > WIDE_GAP * em else "" if gap < 0.12 * em else " "
        text += glue + after.text
    return text


def _document(rows: list[Row], heights: list[float], columns: int, pages: int) -> Document:
    """Rows cleaned of running headers and page numbers, turned into ``Line`` objects."""
    if not any(row.text.strip() for row in rows):
        raise NoTextFound(
            "the PDF holds only images (probably a scan); OCR is not available — "
            "export a PDF with selectable text"
        )
    kept = _drop_page_furniture(rows, heights)
    body = _body_size(kept)
    lines = _join_hyphenated([line for row in kept if (line := _line(row, body)).text])
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
    """A row's text with its page's number masked, and its position rounded to 6 points."""
    text = re.sub(rf"(?<!\d){row.page}(?!\d)", "#", row.text.strip().lower())
    return text, round(row.top / 6)


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
    return Line(text, row.page, size, bold, False, bullet, row.column, links)


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


def _with_text(line: Line, text: str, links: tuple[str, ...]) -> Line:
    """A copy of ``line`` with new text and extra links."""
    merged = tuple(dict.fromkeys((*line.links, *links)))
    return Line(
        text, line.page, line.size, line.bold, line.heading, line.bullet, line.column, merged
    )
