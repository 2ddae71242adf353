"""Read a PDF résumé into lines in reading order with pypdfium2.

Why pypdfium2: it is the fastest reader that gives each character's box, font size, weight and
font name. Measured here on one- and two-page résumés, text extraction takes 9–14 ms with
pypdfium2, 22–25 ms with pdftotext, 53–85 ms with pypdf, 178–242 ms with pdfminer.six and
281–291 ms with pdfplumber. This module's whole reading (boxes, fonts, layout, links) takes
p50 10–30 ms per corpus résumé, 17–40 ms with the sandbox around it (``bench/bench_extract.py``),
well inside the 150 ms import budget. pdfium is
also the engine of Chromium, so it opens what browsers open and fails cleanly on the rest.

How: characters are read with pdfium's raw API (``FPDFText_GetUnicode``, ``GetLooseCharBox``,
``GetTextObject``; font size, weight, name and render mode once per text object) and cut into
*spans* at pdfium's line breaks and at gaps wider than an em; link annotations become the
spans' ``links``. ``columns`` and ``layout`` then undo each page's layout (columns, running
headers and footers, page numbers, hyphenation, bullets, icon glyphs, size and bold) into
``Line`` objects.
"""

from __future__ import annotations

import ctypes
import re
from typing import Any

from tailorcv.errors import EncryptedFile, TooLarge, UnreadableFile
from tailorcv.ingest.columns import Box, label_gutter, lay_out
from tailorcv.ingest.document import Document, Limits
from tailorcv.ingest.layout import WIDE_GAP, Row, Span, document_of

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
    return document_of(rows, heights, columns, pages)


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
    pages = [_read_page(document, number) for number in range(len(document))]
    labels = label_gutter([spans for spans, _, _, _ in pages])
    heights, rows, columns = [], [], 1
    for number, (spans, boxes, width, height) in enumerate(pages):
        page_rows, page_columns = lay_out(spans, width, number + 1, labels, boxes)
        heights.append(height)
        rows.extend(page_rows)
        columns = max(columns, page_columns)
        if len(rows) > limits.max_lines:
            raise TooLarge(f"the PDF has more than {limits.max_lines:,} lines of text")
    return heights, rows, columns


def _read_page(document: Any, number: int) -> tuple[list[Span], list[Box], float, float]:
    """The spans of page ``number`` (0-based) with their links, its filled shapes, and its
    width and height."""
    page = _page(document, number)
    try:
        width, height = page.get_size()
        boxes = _filled_boxes(page, height)
        spans = _page_spans(page, height, boxes)
        _attach_links(document, page, height, spans)
    finally:
        page.close()
    return spans, boxes, width, height


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


def _page_spans(page: Any, height: float, boxes: list[Box]) -> list[Span]:
    """Every visible character of the page, cut into spans."""
    textpage = page.get_textpage()
    try:
        return _SpanReader(textpage, height, boxes).read()
    finally:
        textpage.close()


_MAX_BOXES = 500  # filled shapes on a page; the made set's résumés draw at most a few dozen


def _filled_boxes(page: Any, height: float) -> list[Box]:
    """The boxes of the page's filled shapes (tag pills, shaded cells, coloured bands), read
    with pdfium's raw API: the page's own objects, not those inside form XObjects. A page of
    more shapes than ``_MAX_BOXES`` is a drawing (a chart, an outlined font): none are kept,
    so that each space need not be checked against thousands."""
    import pypdfium2.raw as raw

    boxes: list[Box] = []
    count = raw.FPDFPage_CountObjects(page.raw)
    if count > 50 * _MAX_BOXES:
        return boxes
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    corners = [ctypes.byref(value) for value in (left, bottom, right, top)]
    for index in range(count):
        obj = raw.FPDFPage_GetObject(page.raw, index)
        if raw.FPDFPageObj_GetType(obj) != raw.FPDF_PAGEOBJ_PATH:
            continue
        raw.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke))
        if fill.value and raw.FPDFPageObj_GetBounds(obj, *corners):
            boxes.append((left.value, height - top.value, right.value, height - bottom.value))
    return boxes if len(boxes) <= _MAX_BOXES else []


def _parted(boxes: list[Box], one: Box, other: Box) -> bool:
    """Whether two characters sit each in a filled box of its own that does not hold the other,
    as skills set as tags do: "Git" and "Jenkins" in two pills are two cells, not two words."""
    x1, y1 = (one[0] + one[2]) / 2, (one[1] + one[3]) / 2
    x2, y2 = (other[0] + other[2]) / 2, (other[1] + other[3]) / 2
    only_one = only_other = False
    for left, top, right, bottom in boxes:
        holds_one = left <= x1 <= right and top <= y1 <= bottom
        holds_other = left <= x2 <= right and top <= y2 <= bottom
        only_one = only_one or (holds_one and not holds_other)
        only_other = only_other or (holds_other and not holds_one)
    return only_one and only_other


class _SpanReader:
    """Walks a text page character by character; font facts are looked up once per object."""

    def __init__(self, textpage: Any, height: float, boxes: list[Box]) -> None:
        import pypdfium2.raw as raw

        self.raw, self.textpage, self.height, self.boxes = raw, textpage, height, boxes
        self.box = raw.FS_RECTF()
        self.fonts: dict[int, tuple[float, bool, bool, bool]] = {}
        self.spans: list[Span] = []
        self.current: Span | None = None
        self.last: Box = (0.0, 0.0, 0.0, 0.0)  # the box of the character added last

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
        span, ligature = self.current, (left, top, right, bottom) == self.last
        last, self.last = self.last, (left, top, right, bottom)
        # A ligature's glyph ("ffi") gives each of its characters the glyph's whole box, so the
        # second starts left of where the first ended: it continues the span all the same.
        if span is None or not (ligature or _continues(span, left, top, bottom, size)):
            self._close()
            span = self.current = Span("", left, right, top, bottom, size, 0)
        elif span.text.endswith(" ") and _parted(self.boxes, last, self.last):
            span.text = span.text[:-1] + "\t"
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
