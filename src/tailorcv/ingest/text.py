"""Read plain text and Markdown résumés into lines.

Markdown says what a line is (``#`` headings, ``-`` items, ``**bold**``), so those marks become
``Line`` flags and are removed from the text; links ``[text](url)`` become ``text (url)`` so the
parser still sees the address. Plain text only has its bullet glyphs to go by; ALL-CAPS headings
are left for the section parser, which judges them the same way for every format.
"""

from __future__ import annotations

import re

from tailorcv.errors import TooLarge, UnreadableFile
from tailorcv.ingest.detect import decode
from tailorcv.ingest.document import Document, Limits, Line

BULLETS = "•●▪■◦‣➢►–-*+✓✔➤▸○·∙⁃"

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,2}[.)])\s+(.*)$")
_GLYPH = re.compile(rf"^\s*[{re.escape(BULLETS)}]\s+(.*)$")
_LINK = re.compile(r"!?\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^>\s]+)>")
_BOLD_LINE = re.compile(r"^(\*\*|__)(.+)\1$")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)|`([^`]+)`")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>])")
_HIDDEN = 0xF0000  # escaped characters are moved here while emphasis is removed
_HIDDEN_RUN = re.compile("[\U000f0000-\U000f007f]")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")


def extract(data: bytes, limits: Limits, *, markdown: bool) -> Document:
    """The lines of a text or Markdown file, with headings, bullets, bold and links marked."""
    text = decode(data)
    if text is None:
        raise UnreadableFile("the file is not readable text; save it as UTF-8 and upload it again")
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if len(raw) > limits.max_lines:
        raise TooLarge(f"the file has {len(raw):,} lines; the limit is {limits.max_lines:,}")
    lines = _markdown_lines(raw) if markdown else _text_lines(raw)
    links = list(dict.fromkeys(link for line in lines for link in line.links))
    return Document(lines=lines, kind="markdown" if markdown else "text", links=links)


def _text_lines(raw: list[str]) -> list[Line]:
    """Plain text: one ``Line`` per non-blank line, bullets found by their leading glyph."""
    lines = []
    for row in raw:
        if not row.strip():
            continue
        item = _GLYPH.match(row)
        text = _squash(item.group(1) if item else row)
        if text:
            lines.append(Line(text=text, bullet=bool(item)))
    return lines


def _markdown_lines(raw: list[str]) -> list[Line]:
    """Markdown: headings (ATX and setext), list items, bold lines and links."""
    lines: list[Line] = []
    for row in raw:
        if _SETEXT.match(row) and lines and _is_setext_target(lines[-1], row):
            lines[-1] = Line(text=lines[-1].text, heading=True, links=lines[-1].links)
            continue
        if not row.strip() or _RULE.match(row):
            continue
        line = _markdown_line(row)
        if line.text:
            lines.append(line)
    return lines


def _is_setext_target(previous: Line, row: str) -> bool:
    """``===`` or ``---`` under a plain line makes it a heading (not under a list item)."""
    return not previous.bullet and not previous.heading and len(row.strip()) >= 2


def _markdown_line(row: str) -> Line:
    """One Markdown line reduced to its text and flags."""
    heading = _HEADING.match(row)
    item = None if heading else _ITEM.match(row)
    body = heading.group(2) if heading else item.group(1) if item else row
    bold = bool(_BOLD_LINE.match(body.strip()))
    text, links = _inline(body)
    return Line(text=text, heading=bool(heading), bullet=bool(item), bold=bold, links=links)


def _inline(body: str) -> tuple[str, tuple[str, ...]]:
    """Markdown inline marks removed; links written as ``text (url)`` and collected."""
    links: list[str] = []

    def link(match: re.Match[str]) -> str:
        label, url = match.group(1).strip(), match.group(2)
        links.append(url)
        return f"{label} ({url})" if label and label != url else url

    def autolink(match: re.Match[str]) -> str:
        links.append(match.group(1))
        return match.group(1)

    text = _ESCAPE.sub(lambda m: chr(_HIDDEN + ord(m.group(1))), body)
    text = _LINK.sub(link, text)
    text = _AUTOLINK.sub(autolink, text)
    text = _EMPHASIS.sub(lambda m: next(g for g in m.groups()[1:] if g is not None), text)
    text = _HIDDEN_RUN.sub(lambda m: chr(ord(m.group()) - _HIDDEN), text)
    return _squash(text), tuple(dict.fromkeys(links))


def _squash(text: str) -> str:
    """Runs of spaces and tabs as one space, trimmed."""
    return " ".join(text.split())
