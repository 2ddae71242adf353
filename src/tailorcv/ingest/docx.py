"""Read a DOCX résumé into lines with python-docx, after checking that the zip is not a bomb.

A DOCX is a zip of XML parts. Before python-docx inflates anything, the zip's central directory
is checked without extracting: too many members, too many bytes once unpacked, or a member that
inflates more than 100× (a zip bomb's signature; real DOCX parts inflate 3–20×) is refused with
``TooLarge``. The declared sizes can be trusted as a ceiling: ``zipfile`` never returns more than a
member's declared size, and a member that claims less than it holds fails its CRC check.

python-docx parses XML with ``resolve_entities=False`` (``docx.oxml.parser.oxml_parser``), so an
entity-expansion ("billion laughs") part is not expanded; ``tests/ingest/test_hostile.py`` proves
it on such a file.

Lines come in body order, tables included (row by row, each cell's paragraphs in turn, merged
cells once), then text boxes. Heading styles (Title, Heading n, and styles based on them) set
``heading``; list styles or numbering set ``bullet``; a paragraph whose text is all bold sets
``bold``; hyperlink targets become ``links``.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from tailorcv.errors import NoTextFound, TooLarge, UnreadableFile
from tailorcv.ingest.document import Document, Limits, Line

MAX_MEMBERS = 2_000
MAX_RATIO = 100  # uncompressed ÷ compressed size of one member

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def extract(data: bytes, limits: Limits) -> Document:
    """The lines of a DOCX file; raises ``TooLarge`` for a bomb, ``UnreadableFile`` if damaged."""
    check_zip(data, limits)
    document = _open(data)
    lines = list(_body_lines(document))
    if len(lines) > limits.max_lines:
        raise TooLarge(f"the DOCX has {len(lines):,} paragraphs; the limit is {limits.max_lines:,}")
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
    yield from _blocks(document.iter_inner_content())
    for box in _text_boxes(document.element.body):
        yield from _blocks(_box_content(box, document))


def _blocks(blocks: Iterator[Any]) -> Iterator[Line]:
    """Lines from a sequence of python-docx Paragraphs and Tables."""
    from docx.table import Table

    for block in blocks:
        if isinstance(block, Table):
            yield from _table_lines(block)
        else:
            line = _paragraph_line(block)
            if line.text:
                yield line


def _table_lines(table: Any) -> Iterator[Line]:
    """A table row by row, each distinct cell's content in turn (merged cells appear once)."""
    seen: set[Any] = set()  # the cells' XML elements; holding them keeps their identity
    for row in table.rows:
        for cell in row.cells:
            if cell._tc in seen:
                continue
            seen.add(cell._tc)
            yield from _blocks(cell.iter_inner_content())


def _paragraph_line(paragraph: Any) -> Line:
    """One paragraph as a ``Line`` with its heading, bullet and bold marks and its links."""
    text = " ".join(paragraph.text.split())
    style = paragraph.style
    links = tuple(dict.fromkeys(link.address for link in paragraph.hyperlinks if link.address))
    return Line(
        text=text,
        heading=_is_heading(style),
        bullet=_is_list(paragraph, style),
        bold=bool(text) and _is_bold(paragraph),
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


def _is_list(paragraph: Any, style: Any) -> bool:
    """A list style ("List Bullet", "List Paragraph" …) or numbering on the paragraph."""
    if any((getattr(s, "name", "") or "").startswith("List") for s in _style_chain(style)):
        return True
    properties = paragraph._p.pPr
    return properties is not None and properties.numPr is not None


def _is_bold(paragraph: Any) -> bool:
    """Every run that shows text is bold, by itself, its character style or the paragraph's."""
    runs = [run for run in paragraph.runs if run.text.strip()]
    if not runs:
        return False
    default = _style_bold(paragraph.style)
    return all(_run_bold(run, default) for run in runs)


def _run_bold(run: Any, default: bool) -> bool:
    """A run's effective boldness: its own setting, else its style's, else the paragraph's."""
    if run.bold is not None:
        return bool(run.bold)
    style_bold = run.style.font.bold if run.style is not None else None
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


def _box_content(box: Any, document: Any) -> Iterator[Any]:
    """The paragraphs and tables of one text box, as python-docx objects."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in box.iterchildren():
        if child.tag == f"{_W}p":
            yield Paragraph(child, document.part)
        elif child.tag == f"{_W}tbl":
            yield Table(child, document.part)
