"""The résumé as plain text and as Markdown, in reading order.

Plain text is what an application portal's "paste your résumé" box wants: one fact per line, no
layout, no markup, and no hard wrapping. Lines are left unwrapped on purpose: every text box and
editor reflows long lines to its own width, while lines broken at a fixed column turn into ragged
half-lines in a narrower box, and résumé parsers read a line break as the end of a field.

Markdown keeps the same order with ``#`` headings, links and bullets. User text is escaped so that
it never becomes markup: ``*not bold*`` stays literal, and a line cannot start a list or a heading.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from tailorcv.render.view import View

_SEPARATOR = " | "
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]<>|#~$])")
_MARKDOWN_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_MARKDOWN_LINE_START = re.compile(r"^([-+=]|\d+(?=[.)]))")


def to_text(view: View) -> str:
    """The résumé as plain text: header lines, then each section under its title in capitals."""
    blocks = [_text_header(view)]
    if view["summary"]:
        blocks.append([view["headings"]["summary"].upper(), view["summary"]])
    for section in view["sections"]:
        blocks.append([section["title"].upper(), *_text_section(section)])
    return _join_blocks(blocks)


def to_markdown(view: View) -> str:
    """The résumé as CommonMark: ``# name``, ``## section``, ``### entry``, bullets and links."""
    blocks = [_markdown_header(view)]
    if view["summary"]:
        blocks.append([f"## {escape_markdown(view['headings']['summary'])}", ""])
        blocks.append([_markdown_paragraphs(view["summary"])])
    for section in view["sections"]:
        blocks.append([f"## {escape_markdown(section['title'])}", ""])
        blocks.extend(_markdown_section(section))
    return _join_blocks(blocks)


def _join_blocks(blocks: Iterable[list[str]]) -> str:
    """Blocks separated by one blank line, the file ending in one newline."""
    return "\n\n".join("\n".join(block).strip("\n") for block in blocks if block).strip() + "\n"


def _text_header(view: View) -> list[str]:
    lines = [view["name"], view["label"]]
    lines.extend(item["text"] for item in view["contact"])
    return [line for line in lines if line]


def _text_section(section: dict[str, Any]) -> Iterator[str]:
    """The lines of one section; entries in an entry layout are separated by a blank line."""
    if section["layout"] == "tags":
        yield from (_text_tag_line(entry) for entry in section["entries"])
        return
    for index, entry in enumerate(section["entries"]):
        if index:
            yield ""
        yield from _text_entry(entry)


def _text_entry(entry: dict[str, Any]) -> Iterator[str]:
    heading = " — ".join(p for p in (entry["title"], entry["subtitle"]) if p)
    facts = _SEPARATOR.join(p for p in (entry["location"], entry["dates"], entry["url_text"]) if p)
    for line in (heading, facts, entry["note"], entry["summary"]):
        if line:
            yield line
    yield from (f"- {bullet}" for bullet in entry["bullets"])
    if entry["tags"]:
        yield ", ".join(entry["tags"])


def _text_tag_line(entry: dict[str, Any]) -> str:
    """``Title (detail): tag, tag`` — a skill, language or interest on one line."""
    name = entry["title"]
    if entry["detail"]:
        name = f"{name} ({entry['detail']})" if name else entry["detail"]
    tags = ", ".join(entry["tags"])
    return f"{name}: {tags}" if name and tags else name or tags


def escape_markdown(text: str) -> str:
    """``text`` as literal Markdown on one line: specials backslash-escaped, no line-start markup.

    Newlines become spaces because headings, bullets and link texts are one line each.
    """
    line = " ".join(text.split())
    line = _MARKDOWN_ENTITY.sub(r"\\&", _MARKDOWN_SPECIALS.sub(r"\\\1", line))
    return _MARKDOWN_LINE_START.sub(_escape_line_start, line)


def _escape_line_start(match: re.Match[str]) -> str:
    """``-``, ``+`` and ``=`` get a backslash; in ``1.`` the dot does, as digits cannot take one."""
    marker = match.group(1)
    return marker + "\\" if marker[0].isdigit() else "\\" + marker


def _markdown_paragraphs(text: str) -> str:
    """Multi-line user text: blank lines separate paragraphs, single newlines are hard breaks."""
    paragraphs = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [escape_markdown(line) for line in chunk.splitlines() if line.strip()]
        paragraphs.append("\\\n".join(lines))
    return "\n\n".join(p for p in paragraphs if p)


def _markdown_link(url: str, text: str) -> str:
    """``[text](url)``; view URLs hold no spaces or angle brackets, so only parentheses matter."""
    shown = escape_markdown(text)
    if not url:
        return shown
    target = url.replace("(", "%28").replace(")", "%29")
    return f"[{shown}]({target})"


def _markdown_header(view: View) -> list[str]:
    lines = []
    if view["name"]:
        lines += [f"# {escape_markdown(view['name'])}", ""]
    if view["label"]:
        lines += [f"*{escape_markdown(view['label'])}*", ""]
    contact = [_markdown_link(item["url"], item["text"]) for item in view["contact"]]
    if contact:
        lines.append(" · ".join(contact))
    return lines


def _markdown_section(section: dict[str, Any]) -> Iterator[list[str]]:
    if section["layout"] == "tags":
        yield [f"- {_markdown_tag_line(entry)}" for entry in section["entries"]]
        return
    for entry in section["entries"]:
        yield list(_markdown_entry(entry))


def _markdown_entry(entry: dict[str, Any]) -> Iterator[str]:
    heading = " — ".join(escape_markdown(p) for p in (entry["title"], entry["subtitle"]) if p)
    if heading:
        yield f"### {heading}"
        yield ""
    facts = [f"*{escape_markdown(entry['dates'])}*" if entry["dates"] else ""]
    facts += [escape_markdown(entry["location"]), _markdown_link(entry["url"], entry["url_text"])]
    blocks = [" · ".join(f for f in facts if f)]
    blocks.append(f"*{escape_markdown(entry['note'])}*" if entry["note"] else "")
    blocks.append(_markdown_paragraphs(entry["summary"]))
    blocks.append("\n".join(f"- {escape_markdown(b)}" for b in entry["bullets"]))
    blocks.append(", ".join(escape_markdown(t) for t in entry["tags"]))
    yield "\n\n".join(b for b in blocks if b)


def _markdown_tag_line(entry: dict[str, Any]) -> str:
    """``**Title** (detail): tag, tag`` — a skill, language or interest as one bullet."""
    name = f"**{escape_markdown(entry['title'])}**" if entry["title"] else ""
    if entry["detail"]:
        detail = escape_markdown(entry["detail"])
        name = f"{name} ({detail})" if name else detail
    tags = ", ".join(escape_markdown(t) for t in entry["tags"])
    return f"{name}: {tags}" if name and tags else name or tags
