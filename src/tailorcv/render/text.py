"""The résumé as plain text and as Markdown, in reading order.

Plain text is what an application portal's "paste your résumé" box wants: one fact per line, no
layout, no markup, and no hard wrapping. Lines are left unwrapped on purpose: every text box and
editor reflows long lines to its own width, while lines broken at a fixed column turn into ragged
half-lines in a narrower box, and résumé parsers read a line break as the end of a field.

Markdown keeps the same order with ``#`` headings, links and bullets. User text is escaped so that
it never becomes markup: ``*not bold*`` stays literal, and a line cannot start a list or a heading.
Rich text (``tailorcv.resume.richtext``: a RenderCV résumé's bold, italics and links) is written
from the view's runs, each run's text escaped; in plain text a link keeps its address in
parentheses. Sub-bullets are indented under their bullet in both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from tailorcv.render.view import View, display_url

_SEPARATOR = " | "
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]<>|#~$])")
_MARKDOWN_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_MARKDOWN_LINE_START = re.compile(r"^([-+=]|\d+(?=[.)]))")
_INDENT = "  "  # of a sub-bullet, per level: the width of "- ", as CommonMark wants
Runs = list[dict[str, Any]]


def to_text(view: View) -> str:
    """The résumé as plain text: header lines, then each section under its title in capitals."""
    blocks = [_text_header(view)]
    if view["summary"]:
        blocks.append([view["headings"]["summary"].upper(), _text_runs(view["summary_runs"])])
    for section in view["sections"]:
        blocks.append([section["title"].upper(), *_text_section(section)])
    return _join_blocks(blocks)


def to_markdown(view: View) -> str:
    """The résumé as CommonMark: ``# name``, ``## section``, ``### entry``, bullets and links."""
    blocks = [_markdown_header(view)]
    if view["summary"]:
        blocks.append([f"## {escape_markdown(view['headings']['summary'])}", ""])
        blocks.append([_markdown_paragraphs(view["summary_runs"])])
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
    for line in (heading, facts, _text_runs(entry["note_runs"]), _text_runs(entry["summary_runs"])):
        if line:
            yield line
    yield from _text_items(entry["items"], 0)
    if entry["tags"]:
        yield ", ".join(entry["tags"])


def _text_items(items: list[dict[str, Any]], depth: int) -> Iterator[str]:
    """Bullets as ``- text``, sub-bullets indented under them."""
    for item in items:
        yield f"{_INDENT * depth}- {' '.join(_text_runs(item['runs']).split())}"
        yield from _text_items(item["items"], depth + 1)


def _text_runs(runs: Runs) -> str:
    """Rich text as plain text: a link's address after its text, unless the text shows it."""
    out = []
    for run in runs:
        out.append(run["text"])
        shown = display_url(run["url"]) if run["url"] else ""
        if shown and shown not in run["text"]:
            out.append(f" ({shown})")
    return "".join(out)


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


def _markdown_paragraphs(runs: Runs) -> str:
    """Multi-line rich text: blank lines separate paragraphs, single newlines are hard breaks."""
    paragraphs: list[list[str]] = [[]]
    for line in _lines(runs):
        if any(run["text"].strip() for run in line):
            paragraphs[-1].append(_markdown_line(line))
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join("\\\n".join(p) for p in paragraphs if p)


def _lines(runs: Runs) -> list[Runs]:
    """Runs split at their newlines: a run over two lines becomes two runs."""
    lines: list[Runs] = [[]]
    for run in runs:
        for index, part in enumerate(run["text"].split("\n")):
            if index:
                lines.append([])
            lines[-1].append({**run, "text": part})
    return lines


def _markdown_line(runs: Runs) -> str:
    """One line of rich text as Markdown: each run escaped, then marked bold, italic or linked;
    the marks hug the text (``**bold** next``), as Markdown only reads them so."""
    out = []
    for run in runs:
        text = run["text"]
        core = _MARKDOWN_ENTITY.sub(r"\\&", _MARKDOWN_SPECIALS.sub(r"\\\1", text.strip()))
        if not core:
            out.append(text)
            continue
        if run["emph"]:
            core = f"*{core}*"
        if run["strong"]:
            core = f"**{core}**"
        if run["url"]:
            core = f"[{core}]({run['url'].replace('(', '%28').replace(')', '%29')})"
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()) :]
        out.append(f"{lead}{core}{trail}")
    line = " ".join("".join(out).split())
    return _MARKDOWN_LINE_START.sub(_escape_line_start, line)


def _markdown_note(runs: Runs) -> str:
    """The note in italics, unless parts of it have their own emphasis or links (italics
    around those would need marks Markdown cannot nest)."""
    line = _markdown_line(runs)
    plain = not any(run["strong"] or run["emph"] or run["url"] for run in runs)
    return f"*{line}*" if line and plain else line


def _markdown_items(items: list[dict[str, Any]], depth: int) -> Iterator[str]:
    """Bullets as a CommonMark list, sub-bullets indented under them."""
    for item in items:
        flat = [{**run, "text": run["text"].replace("\n", " ")} for run in item["runs"]]
        yield f"{_INDENT * depth}- {_markdown_line(flat)}"
        yield from _markdown_items(item["items"], depth + 1)


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
    blocks.append(_markdown_note(entry["note_runs"]))
    blocks.append(_markdown_paragraphs(entry["summary_runs"]))
    blocks.append("\n".join(_markdown_items(entry["items"], 0)))
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
