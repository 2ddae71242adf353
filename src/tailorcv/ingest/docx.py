"""Read a DOCX résumé into lines with python-docx, after checking that the zip is not a bomb.

A DOCX is a zip of XML parts. Before python-docx inflates anything, the zip's central directory
is checked without extracting: too many members, too many bytes once unpacked, or a member that
inflates more than 100× (a zip bomb's signature; real DOCX parts inflate 3–20×) is refused with
``TooLarge``. The declared sizes can be trusted as a ceiling: ``zipfile`` never returns more than a
member's declared size, and a member that claims less than it holds fails its CRC check.

python-docx parses XML with ``resolve_entities=False`` (``docx.oxml.parser.oxml_parser``), so an
entity-expansion ("billion laughs") part is not expanded; ``tests/ingest/test_hostile.py`` proves
it on such a file.

Lines come in body order, tables included (row by row as ``docx_tables`` reads them: a date or
label cell joined to its value by a tab, a heading alone in a cell as a heading line, merged
cells once, nesting and cell count bounded), then text boxes. Heading styles (Title, Heading n,
and styles based on them) set ``heading``; list styles or numbering set ``bullet``; a paragraph
whose text is all bold sets ``bold``; hyperlink targets become ``links``. What a style says is
looked up once per style (``_Styles``).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from tailorcv.errors import NoTextFound, TooLarge, UnreadableFile
from tailorcv.ingest.document import Document, Limits, Line
from tailorcv.ingest.docx_tables import Budget, ReadParagraph, table_lines

MAX_MEMBERS = 2_000
MAX_RATIO = 100  # uncompressed ÷ compressed size of one member

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL = f"{_W}p", f"{_W}tbl"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def extract(data: bytes, limits: Limits) -> Document:
    """The lines of a DOCX file; raises ``TooLarge`` for a bomb, ``UnreadableFile`` if damaged."""
    check_zip(data, limits)
    document = _open(data)
    lines: list[Line] = []
    for line in _body_lines(document):  # counted as read: a huge document stops at the limit
        lines.append(line)
        if len(lines) > limits.max_lines:
            raise TooLarge(f"the DOCX has more than {limits.max_lines:,} paragraphs of text")
    if not any(line.text for line in lines):
        raise NoTextFound(
            "the DOCX holds no text (only images?); OCR is not available — "
            "type the résumé into the document or upload a PDF with selectable text"
        )
    links = list(dict.fromkeys(link for line in lines for link in line.links))
    return Document(lines=lines, kind="docx", links=links)


def check_zip(data: bytes, limits: Limits) -> None:
    """Refuse a zip that would unpack too big, from its directory alone."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise UnreadableFile(
            f"the DOCX is damaged ({error}); save it again and re-upload"
        ) from None
    if len(members) > MAX_MEMBERS:
        raise TooLarge(f"the DOCX holds {len(members):,} parts; the limit is {MAX_MEMBERS:,}")
    total = sum(member.file_size for member in members)
    if total > limits.max_unzipped_bytes:
        raise TooLarge(
            f"the DOCX unpacks to {total / 2**20:.0f} MB; the limit is "
            f"{limits.max_unzipped_bytes / 2**20:.0f} MB (large images? compress them and retry)"
        )
    for member in members:
        if member.file_size > MAX_RATIO * max(member.compress_size, 1) + 1024:
            raise TooLarge(
                f"the DOCX part {member.filename!r} inflates more than {MAX_RATIO}× "
                "(a zip bomb); save the document again from your editor"
            )


def _open(data: bytes) -> Any:
    """A python-docx ``Document``; any parse failure becomes ``UnreadableFile``."""
    import docx  # imported here: the sandbox child needs it, a JSON import does not

    try:
        return docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises KeyError, ValueError, lxml errors …
        raise UnreadableFile(
            f"the DOCX is damaged ({type(error).__name__}: {error}); "
            "open it in your editor, save it again and re-upload"
        ) from None


def _body_lines(document: Any) -> Iterator[Line]:
    """Paragraphs and tables in body order, then the paragraphs of text boxes."""
    from docx.text.paragraph import Paragraph

    budget, styles = Budget(), _Styles()

    def paragraph(element: Any) -> Line:
        return _paragraph_line(Paragraph(element, document.part), styles)

    body = document.element.body
    yield from _blocks(body, paragraph, budget)
    for box in _text_boxes(body):
        yield from _blocks(box, paragraph, budget)


def _blocks(container: Any, paragraph: ReadParagraph, budget: Budget) -> Iterator[Line]:
    """The lines of the paragraphs and tables directly in ``container`` (the body, a text box)."""
    for child in container.iterchildren(_P, _TBL):
        if child.tag == _TBL:
            yield from table_lines(child, paragraph, budget)
        else:
            line = paragraph(child)
            if line.text:
                yield line


class _Styles:
    """What each style says, looked up once per style id: python-docx finds a paragraph's or a
    run's default style by walking every style of the document: a table of 1,000 two-cell rows
    took 4.5 s to read, 0.3 s with this (2 cores, measured here)."""

    def __init__(self) -> None:
        self._paragraph: dict[str | None, tuple[bool, bool, bool]] = {}
        self._character: dict[str | None, bool | None] = {}

    def paragraph(self, paragraph: Any) -> tuple[bool, bool, bool]:
        """Heading style, list style, bold style of a paragraph's style."""
        key = paragraph._p.style
        if key not in self._paragraph:
            style = paragraph.style
            self._paragraph[key] = (_is_heading(style), _is_list(style), _style_bold(style))
        return self._paragraph[key]

    def run_bold(self, run: Any) -> bool | None:
        """Whether a run's character style makes it bold (None: it does not say)."""
        key = run._r.style
        if key not in self._character:
            style = run.style
            self._character[key] = style.font.bold if style is not None else None
        return self._character[key]


def _paragraph_line(paragraph: Any, styles: _Styles) -> Line:
    """One paragraph as a ``Line`` with its heading, bullet and bold marks and its links."""
    text = " ".join(paragraph.text.split())
    if not text:
        return Line("")  # an empty cell or spacer: nothing to mark
    heading, listed, bold = styles.paragraph(paragraph)
    properties = paragraph._p.pPr
    links = tuple(dict.fromkeys(link.address for link in paragraph.hyperlinks if link.address))
    return Line(
        text=text,
        heading=heading,
        bullet=listed or (properties is not None and properties.numPr is not None),
        bold=_is_bold(paragraph, bold, styles),
        links=links,
    )


def _style_chain(style: Any) -> Iterator[Any]:
    """The style and the styles it is based on (at most 10, in case of a cycle)."""
    for _ in range(10):
        if style is None:
            return
        yield style
        style = style.base_style


def _is_heading(style: Any) -> bool:
    """Title, Subtitle or Heading n, directly or through ``based on``."""
    names = (getattr(s, "name", "") or "" for s in _style_chain(style))
    return any(name in ("Title", "Subtitle") or name.startswith("Heading") for name in names)


def _is_list(style: Any) -> bool:
    """A list style ("List Bullet", "List Paragraph" …), directly or through ``based on``."""
    return any((getattr(s, "name", "") or "").startswith("List") for s in _style_chain(style))


def _is_bold(paragraph: Any, default: bool, styles: _Styles) -> bool:
    """Every run that shows text is bold, by itself, its character style or the paragraph's
    (``default``)."""
    runs = [run for run in paragraph.runs if run.text.strip()]
    return bool(runs) and all(_run_bold(run, default, styles) for run in runs)


def _run_bold(run: Any, default: bool, styles: _Styles) -> bool:
    """A run's effective boldness: its own setting, else its style's, else the paragraph's."""
    if run.bold is not None:
        return bool(run.bold)
    style_bold = styles.run_bold(run)
    return bool(style_bold) if style_bold is not None else default


def _style_bold(style: Any) -> bool:
    """Whether a paragraph style, or the first style it is based on that says so, is bold."""
    for each in _style_chain(style):
        if each.font.bold is not None:
            return bool(each.font.bold)
    return False


def _text_boxes(body: Any) -> Iterator[Any]:
    """Outermost ``w:txbxContent`` elements, skipping the VML copies under ``mc:Fallback``."""
    for box in body.iter(f"{_W}txbxContent"):
        ancestors = {parent.tag for parent in box.iterancestors()}
        if _FALLBACK not in ancestors and f"{_W}txbxContent" not in ancestors:
            yield box
