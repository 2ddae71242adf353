"""Say what kind of file some bytes are, from the bytes themselves and never from a file name.

A résumé named ``cv.pdf`` may be a DOCX, a PNG or a Word 97 file; trusting the name would hand
hostile or unrelated bytes to the wrong reader. ``detect`` looks at magic numbers first (PDF, zip,
OLE, images, RTF, executables), then at the text: JSON (any text that starts with ``{``, so that a
broken JSON résumé gets the JSON reader's error with its line number), YAML that parses as a
mapping (with the bounded parser of ``tailorcv.resume.io``: a YAML alias bomb is refused here, not
read as text, issue 16), Markdown, plain text. Whatever it cannot read raises ``UnsupportedFormat``
naming what the file looks like and what to upload instead.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath

from tailorcv.errors import DocumentRefused, UnreadableFile, UnsupportedFormat
from tailorcv.resume.io import load_yaml

PDF_WINDOW = 1024  # "%PDF-" may follow junk bytes; readers accept it within the first 1 KiB
TEXT_SNIFF = 64 * 1024  # how much of a text file to judge it by

_SEND_PDF = "export your résumé as a PDF with text, or as DOCX"

# (prefix, what it is, what to do) for binary formats tailorcv does not read.
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image", _SEND_PDF),
    (b"\xff\xd8\xff", "a JPEG image", _SEND_PDF),
    (b"GIF87a", "a GIF image", _SEND_PDF),
    (b"GIF89a", "a GIF image", _SEND_PDF),
    (b"II*\x00", "a TIFF image", _SEND_PDF),
    (b"MM\x00*", "a TIFF image", _SEND_PDF),
    (b"BM", "a BMP image", _SEND_PDF),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a Word 97–2003 .doc", "save it as .docx or PDF"),
    (b"{\\rtf", "an RTF document", "save it as .docx or PDF"),
    (b"\x7fELF", "a program (ELF executable)", "upload your résumé as PDF, DOCX or text"),
    (b"MZ", "a program (Windows executable)", "upload your résumé as PDF, DOCX or text"),
    (b"\x1f\x8b", "a gzip archive", "upload the résumé itself as PDF, DOCX or text"),
    (b"Rar!", "a RAR archive", "upload the résumé itself as PDF, DOCX or text"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "upload the résumé itself as PDF, DOCX or text"),
)

_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+\S", re.MULTILINE)
_MARKDOWN_LIST = re.compile(r"^\s*[-*+]\s+\S", re.MULTILINE)
_MARKDOWN_INLINE = re.compile(r"\*\*[^*\n]+\*\*|__[^_\n]+__|\[[^\]\n]+\]\([^)\s]+\)|`[^`\n]+`")


# What a file's suffix promises, and the kinds that keep the promise. A text file may be
# Markdown, JSON or YAML whatever its name; only a name that promises a binary format, or text
# holding a binary, is contradicted. Suffixes not listed (or none) promise nothing.
_PROMISES: dict[str, frozenset[str]] = {
    ".pdf": frozenset({"pdf"}),
    ".docx": frozenset({"docx"}),
    ".txt": frozenset({"text", "markdown", "json", "yaml"}),
    ".text": frozenset({"text", "markdown", "json", "yaml"}),
    ".md": frozenset({"text", "markdown", "json", "yaml"}),
    ".markdown": frozenset({"text", "markdown", "json", "yaml"}),
    ".json": frozenset({"json"}),
    ".yaml": frozenset({"yaml"}),
    ".yml": frozenset({"yaml"}),
}
_NAMED = {
    "pdf": "a PDF",
    "docx": "a Word document (DOCX)",
    "text": "plain text",
    "markdown": "Markdown text",
    "json": "JSON",
    "yaml": "YAML",
}
_READ_AS = {
    "pdf": "PDF",
    "docx": "DOCX",
    "text": "text",
    "markdown": "Markdown",
    "json": "JSON",
    "yaml": "YAML",
}


def detect(data: bytes) -> str:
    """One of "pdf", "docx", "json", "yaml", "markdown", "text"; raises for anything else."""
    if not data.strip():
        raise UnreadableFile("the file is empty")
    if b"%PDF-" in data[:PDF_WINDOW]:
        return "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _detect_zip(data)
    _refuse_known_binary(data)
    text = decode(data[:TEXT_SNIFF])
    if text is None:
        raise UnsupportedFormat(
            "the file is binary data tailorcv does not recognise; "
            "upload your résumé as PDF, DOCX, Markdown or plain text"
        )
    return _detect_text(text, data)


def misnamed(kind: str, filename: str | None) -> str | None:
    """A sentence saying that ``filename``'s suffix promised something other than ``kind`` (what
    ``detect`` found), or None when the name agrees or promises nothing: "the file is named
    cv.pdf but holds plain text; it was read as text"."""
    if not filename:
        return None
    name = PurePath(filename.replace("\\", "/")).name
    promised = _PROMISES.get(PurePath(name).suffix.lower())
    if promised is None or kind in promised:
        return None
    holds, read_as = _NAMED.get(kind, kind), _READ_AS.get(kind, kind)
    return f"the file is named {name} but holds {holds}; it was read as {read_as}"


def decode(data: bytes) -> str | None:
    """The text of ``data`` (UTF-8 with or without BOM, UTF-16 with BOM, else cp1252) without
    its NUL characters, or None when it has too many control characters to be text. A stray NUL
    is dropped, as any text reader drops it; no database could store it (issue 16)."""
    text = _decode_any(data)
    if text is None or _looks_binary(text):
        return None
    return text.replace("\x00", "")


def _decode_any(data: bytes) -> str | None:
    """Try the encodings a résumé is likely to be saved in, most specific first."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if error.start >= len(data) - 3:  # a multi-byte character cut by TEXT_SNIFF
            return data[: error.start].decode("utf-8-sig")
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return None


def _looks_binary(text: str) -> bool:
    """More than 1 % control characters (other than tab, newlines, form feed) means binary. NULs
    count like the rest: UTF-16 without its BOM is half NULs, a text with a stray one is text."""
    controls = sum(1 for char in text if ord(char) < 32 and char not in "\t\n\r\f")
    return controls > len(text) / 100


def _detect_zip(data: bytes) -> str:
    """A zip is DOCX when it holds ``word/document.xml``; name the other kinds we can tell."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise UnreadableFile(
            f"the file is a damaged zip archive ({error}); save the document again and re-upload"
        ) from None
    if "word/document.xml" in names:
        return "docx"
    raise UnsupportedFormat(_zip_kind(names))


def _zip_kind(names: set[str]) -> str:
    """What a zip that is not a DOCX probably is, and what to do about it."""
    if "content.xml" in names:
        return "the file is an OpenDocument file (ODT); save it as .docx or PDF"
    if any(name.startswith("xl/") for name in names):
        return "the file is an Excel workbook; upload your résumé as PDF, DOCX or text"
    if any(name.startswith("ppt/") for name in names):
        return "the file is a PowerPoint file; upload your résumé as PDF, DOCX or text"
    return "the file is a zip archive; upload the résumé itself as PDF, DOCX or text"


def _refuse_known_binary(data: bytes) -> None:
    """Raise ``UnsupportedFormat`` for images, legacy Office files, RTF and programs."""
    for prefix, what, advice in _SIGNATURES:
        if data.startswith(prefix):
            raise UnsupportedFormat(f"the file is {what}; {advice}")
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        raise UnsupportedFormat(f"the file is a WebP image; {_SEND_PDF}")


def _detect_text(text: str, data: bytes) -> str:
    """JSON, YAML, Markdown or text, from the decoded start of the file."""
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return "json"  # even when broken: the JSON reader then names the line of the mistake
    if _looks_like_yaml(stripped) and _is_yaml_mapping(data):
        return "yaml"
    if _is_markdown(text):
        return "markdown"
    return "text"


def _is_yaml_mapping(data: bytes) -> bool:
    """Whether the text parses as a YAML mapping; a syntax error means no (it is read as text),
    but a document past the parser's bounds (an alias, too deep, too big) is refused."""
    full = decode(data)
    if full is None:
        return False
    try:
        return isinstance(load_yaml(full), dict)
    except DocumentRefused:
        raise
    except Exception:  # a syntax error, or a value YAML cannot build: "not YAML"
        return False


def _looks_like_yaml(text: str) -> bool:
    """YAML résumés start with a document marker, a comment or a ``key:`` line.

    Plain text such as "Name: Jane" also parses as a YAML mapping, so a mapping alone is not
    enough: most non-blank lines must look like YAML (keys, list items, indented values).
    """
    lines = [line for line in text.splitlines()[:200] if line.strip()]
    if not lines or lines[0].startswith("---"):
        return bool(lines)
    shaped = sum(1 for line in lines if _YAML_LINE.match(line))
    return shaped >= 0.9 * len(lines)


_YAML_LINE = re.compile(r"^(\s*#|\s*-\s|\s*[\w\"'.-]+\s*:(\s|$)|\s+\S)")


def _is_markdown(text: str) -> bool:
    """``#`` headings, or ``-`` lists together with Markdown emphasis, links or code."""
    if _MARKDOWN_HEADING.search(text):
        return True
    return bool(_MARKDOWN_LIST.search(text) and _MARKDOWN_INLINE.search(text))
