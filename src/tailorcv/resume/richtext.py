"""Rich text in a résumé's values: Markdown emphasis and links, and bullets with sub-bullets.

RenderCV and FRESH text is Markdown (``**bold**``, ``*italic*``, ``[text](url)``). A résumé
imported from either keeps it and says so in ``meta.markdown``; only such a résumé is read as
Markdown, so that the asterisks of any other stay as written ("*nix", "5* hotel"). A value
becomes a list of *runs*, ``{"text", "strong", "emph", "url"}``: plain data that every output
lays out its own way (Typst ``strong``, a DOCX bold run, an escaped ``<strong>``) and none
evaluates, so no text can turn into Typst, HTML or Markdown markup whatever it holds.

A bullet may hold sub-bullets on lines of their own (``"Led research\\n  - ICML paper"``); the
RenderCV and Reactive Resume imports write theirs so. That is structure, not inline markup, and is
read in every résumé: a line after a bullet's first that starts with ``-``, ``*`` or ``•`` and a
space is a sub-bullet, nested by its indentation.

Bounded, as the view is built on every render: the first ``MAX_MARKDOWN`` characters of a
value, and ``MAX_MARKDOWN_PER_RESUME`` of a whole résumé, are read as Markdown and the rest is
plain; a link's text is at most 300 characters and its URL 2,000; a closing ``*`` looks back over
at most ``_LOOK_BACK`` unclosed ones; bullets nest ``MAX_DEPTH`` levels (a bullet and two levels of
sub-bullets), deeper ones stay at the last level. Reading is linear in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

Run = dict[str, Any]  # {"text": str, "strong": bool, "emph": bool, "url": str}
Item = dict[str, Any]  # {"runs": [Run], "items": [Item]}

MAX_MARKDOWN = 10_000  # characters of one value
MAX_MARKDOWN_PER_RESUME = 100_000
MAX_DEPTH = 3
_LOOK_BACK = 32
_SPECIAL = re.compile(r"[\\\[*_]")
_ESCAPABLE = frozenset("\\`*_{}[]()#+-.!|~<>$")
_LINK = re.compile(r"\[([^\[\]\n]{1,300})\]\(([^()\s]{1,2000})\)")
_BULLET = re.compile(r"^([ \t]*)[-*•][ \t]+(?=\S)")
_SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def safe_url(url: str | None) -> str:
    """The URL when it is one a reader may follow (http, https, mailto, tel), else ``""``."""
    if not url:
        return ""
    candidate = url.strip()
    if "://" not in candidate and not candidate.startswith(("mailto:", "tel:")):
        candidate = "https://" + candidate
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return ""
    if parts.scheme.lower() not in _SAFE_SCHEMES or any(c in candidate for c in " \n\t<>\"'"):
        return ""
    if parts.scheme.lower() in {"http", "https"} and "." not in parts.netloc:
        return ""
    return candidate


class Reader:
    """Reads the values of one résumé, Markdown only when ``markdown``; at most ``budget``
    characters in all are read as Markdown, the rest as plain text, so that a hostile résumé
    costs no more than a long one (about 0.3 s for 100,000 characters of asterisks)."""

    def __init__(self, markdown: bool = False, budget: int = MAX_MARKDOWN_PER_RESUME) -> None:
        self.markdown = markdown
        self.budget = budget

    def runs(self, text: str) -> list[Run]:
        """``text`` as runs: one plain run, or, when Markdown, its emphasis and links."""
        if not text:
            return []
        if not self.markdown or self.budget <= 0 or not _SPECIAL.search(text):
            return [_run(text)]
        cut = min(MAX_MARKDOWN, self.budget)
        self.budget -= min(len(text), cut)
        head, tail = text[:cut], text[cut:]
        found = _inline(head, in_link=False)
        if tail:
            found.append(_run(tail))
        return _merged(found)

    def plain(self, text: str) -> str:
        """``text`` as a reader sees it: without Markdown's marks when Markdown."""
        return "".join(r["text"] for r in self.runs(text))

    def bullet(self, text: str) -> Item:
        """One bullet: its first lines as its own text, its sub-bullet lines as nested items."""
        lines = text.splitlines() or [""]
        first = next((i for i, line in enumerate(lines) if i and _BULLET.match(line)), len(lines))
        own = "\n".join(line.strip() for line in lines[:first] if line.strip())
        return {"runs": self.runs(own), "items": self.outline(lines[first:], MAX_DEPTH - 1)}

    def outline(self, lines: list[str], depth: int = MAX_DEPTH) -> list[Item]:
        """Bullet lines as a tree by their indentation, ``depth`` levels at most; a line
        without a marker continues the one before it."""
        root: list[Item] = []
        open_: list[tuple[int, Item]] = []  # the items a deeper line may nest in, with indents
        texts: dict[int, list[str]] = {}
        for line in lines:
            found = _BULLET.match(line)
            if found is None:
                if open_ and line.strip():
                    texts[id(open_[-1][1])].append(line.strip())
                continue
            indent = len(found[1].expandtabs(4))
            while open_ and open_[-1][0] >= indent:
                open_.pop()
            del open_[depth - 1 :]
            item: Item = {"runs": [], "items": []}
            (open_[-1][1]["items"] if open_ else root).append(item)
            open_.append((indent, item))
            texts[id(item)] = [line[found.end() :].strip()]
        self._fill(root, texts)
        return root

    def _fill(self, items: list[Item], texts: dict[int, list[str]]) -> None:
        for item in items:
            item["runs"] = self.runs(" ".join(texts[id(item)]))
            self._fill(item["items"], texts)


def runs(text: str, markdown: bool = False) -> list[Run]:
    """``text`` as runs (``Reader.runs``), for one value on its own."""
    return Reader(markdown).runs(text)


def plain(text: str, markdown: bool = False) -> str:
    """``text`` without Markdown's marks when ``markdown`` (``Reader.plain``)."""
    return Reader(markdown).plain(text)


def is_bullet(line: str) -> bool:
    """Whether ``line`` starts with a list marker (``-``, ``*`` or ``•`` and a space)."""
    return _BULLET.match(line) is not None


def flat(items: list[Item]) -> list[str]:
    """Every item's plain text in reading order, sub-bullets after their parent."""
    out = []
    for item in items:
        out.append("".join(r["text"] for r in item["runs"]))
        out.extend(flat(item["items"]))
    return out


def _run(text: str, strong: bool = False, emph: bool = False, url: str = "") -> Run:
    return {"text": text, "strong": strong, "emph": emph, "url": url}


def _merged(found: list[Run]) -> list[Run]:
    """Neighbouring runs of the same style as one; empty runs dropped."""
    out: list[Run] = []
    for item in found:
        if not item["text"]:
            continue
        last = out[-1] if out else None
        if last and all(last[k] == item[k] for k in ("strong", "emph", "url")):
            last["text"] += item["text"]
        else:
            out.append(dict(item))
    return out


@dataclass
class _Piece:
    """A stretch of scanned text, a run of ``*`` or ``_``, or a whole link."""

    text: str = ""
    char: str = ""  # "*" or "_" for a run of delimiters
    count: int = 0  # delimiters of the run not yet matched
    opens: bool = False
    closes: bool = False
    link: list[Run] = field(default_factory=list)
    url: str = ""


def _inline(text: str, in_link: bool) -> list[Run]:
    """Runs of one value: scan it into pieces, pair the emphasis delimiters, style the text."""
    pieces = _scan(text, in_link)
    strong, emph = _pair(pieces)
    out: list[Run] = []
    bold = italic = 0
    for index, piece in enumerate(pieces):
        bold += strong[index]
        italic += emph[index]
        if piece.link or piece.url:
            out.extend(
                _run(r["text"], r["strong"] or bold > 0, r["emph"] or italic > 0, piece.url)
                for r in piece.link
            )
        else:
            out.append(_run(piece.text or piece.char * piece.count, bold > 0, italic > 0))
    return out


def _scan(text: str, in_link: bool) -> list[_Piece]:
    pieces: list[_Piece] = []
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            pieces.append(_Piece(text="".join(buffer)))
            buffer.clear()

    at = 0
    while at < len(text):
        found = _SPECIAL.search(text, at)
        if found is None:
            buffer.append(text[at:])
            break
        start = found.start()
        buffer.append(text[at:start])
        char = text[start]
        if char == "\\":
            escaped = text[start + 1 : start + 2]
            buffer.append(escaped if escaped in _ESCAPABLE and escaped else "\\")
            at = start + (2 if escaped in _ESCAPABLE and escaped else 1)
        elif char == "[":
            link = None if in_link else _LINK.match(text, start)
            if link is None:
                buffer.append("[")
                at = start + 1
            else:
                flush()
                pieces.append(_Piece(link=_inline(link[1], True), url=safe_url(link[2])))
                at = link.end()
        else:
            end = start
            while end < len(text) and text[end] == char:
                end += 1
            flush()
            pieces.append(_delimiters(text, start, end))
            at = end
    flush()
    return pieces


def _delimiters(text: str, start: int, end: int) -> _Piece:
    """A run of ``*`` or ``_``: it may open emphasis when text follows it, close it when text
    precedes it; ``_`` never inside a word (``snake_case`` stays as written)."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    opens, closes = not after.isspace(), not before.isspace()
    if text[start] == "_":
        opens, closes = opens and not before.isalnum(), closes and not after.isalnum()
    return _Piece(char=text[start], count=end - start, opens=opens, closes=closes)


def _pair(pieces: list[_Piece]) -> tuple[list[int], list[int]]:
    """Match closing delimiters with opening ones, nearest first; two on each side make bold,
    one italic. Returns, per piece, how many bold and italic spans start (+1) or end (-1) there."""
    strong = [0] * (len(pieces) + 1)
    emph = [0] * (len(pieces) + 1)
    stack: list[int] = []
    for index, piece in enumerate(pieces):
        if not piece.char:
            continue
        while piece.count and piece.closes:
            depth = _opener(stack, pieces, piece.char)
            if depth is None:
                break
            start = stack[depth]
            opener = pieces[start]
            used = 2 if opener.count >= 2 and piece.count >= 2 else 1
            spans = strong if used == 2 else emph
            spans[start + 1] += 1
            spans[index] -= 1
            opener.count -= used
            piece.count -= used
            del stack[depth + (1 if opener.count else 0) :]
        if piece.count and piece.opens:
            stack.append(index)
    return strong, emph


def _opener(stack: list[int], pieces: list[_Piece], char: str) -> int | None:
    """The position in ``stack`` of the nearest unclosed run of ``char``, looking back a little."""
    for depth in range(len(stack) - 1, max(-1, len(stack) - 1 - _LOOK_BACK), -1):
        if pieces[stack[depth]].char == char:
            return depth
    return None
