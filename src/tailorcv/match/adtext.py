"""Turn a job ad in whatever form people paste it into plain lines.

Plain text, Markdown (front matter read for the title and its lists; Liquid tags dropped), HTML
(tags stripped, entities decoded, scripts ignored) and JSON Resume job documents all become the
same thing: lines of text, plus what a structured document states outright (title, company, the
skills it lists). Links keep their text; a URL names no skill, so URLs are dropped.

Text copied out of a PDF (pdftotext) wraps sentences and lists at the page edge; a line that
clearly continues the one before it (no bullet, the line before ends without punctuation, and it
starts in lower case or the line before ends in a comma, "and", "or" …) is joined to it, so that
"one of JSF, Wicket,⏎GWT, Spring MVC" stays one sentence (issue 15).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import yaml


@dataclass
class Ad:
    """A job ad reduced to plain lines, with what its format said outright.

    ``body_start`` is the first line of the ad itself, after the lines made from front matter;
    ``headings`` are the lines the format marks as headings (Markdown ``#``, HTML ``<h1>``…).
    """

    lines: list[str]
    title: str | None = None
    company: str | None = None
    listed: list[str] = field(default_factory=list)  # skills a structured document lists
    body_start: int = 0
    headings: frozenset[int] = frozenset()


class _TextOfHtml(HTMLParser):
    _BLOCKS = frozenset(
        "p div br li ul ol tr section article header footer h1 h2 h3 h4 h5 h6".split()
    )
    _HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0
        self._heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in self._HEADINGS:
            self.parts.append("\n## ")  # read as a Markdown heading from here on
            self._heading = True
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCKS:
            self._heading = self._heading and tag not in self._HEADINGS
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:  # a heading's text stays on the heading's line
            self.parts.append(" ".join(data.split()) if self._heading else data)


def html_to_text(markup: str) -> str:
    parser = _TextOfHtml()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)


_FRONT_MATTER = re.compile(
    r"\A---[ \t]*\n(?P<header>.*?)^(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S | re.M
)
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_RULE = re.compile(r"^\s*(?:[-=_*]\s*){3,}$")  # a Markdown rule or an underline, not a title


def read_ad(text: str) -> Ad:
    stripped = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").strip()
    if stripped.startswith("{"):
        try:
            document = json.loads(stripped)
        except json.JSONDecodeError:
            document = None
        if isinstance(document, dict):
            return _read_job_document(document)
    if re.search(r"<(?:p|div|li|ul|br|h[1-6]|span|strong|b)\b[^>]*>", stripped, re.I):
        stripped = html_to_text(stripped)
    stripped = html.unescape(stripped)
    title: str | None = None
    front_lines: list[str] = []
    front = _FRONT_MATTER.match(stripped)
    if front and re.search(r"^[\w -]+:|\A\s*\Z", front.group("header"), re.M):
        title, front_lines = _read_front_matter(front.group("header"))
        stripped = stripped[front.end() :]
    raw = [_plain(line) for line in front_lines] + _joined(_plain(stripped).splitlines())
    return Ad(
        lines=[_clean_line(line) for line in raw],
        title=title,
        body_start=len(front_lines),
        headings=frozenset(i for i, line in enumerate(raw) if _MARKDOWN_HEADING.match(line)),
    )


def _plain(text: str) -> str:
    """Liquid tags, link targets and URLs removed; the words stay."""
    text = re.sub(r"\{%.*?%\}|\{\{.*?\}\}", " ", text, flags=re.S)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # Markdown links: keep the text
    return re.sub(r"\b(?:https?://|www\.)\S+", " ", text)  # a URL names no skill


# --- front matter ----------------------------------------------------------------------------


FRONT_MATTER_LIMIT = 20_000  # characters: a posting's header, not a document of its own


def _read_front_matter(header: str) -> tuple[str | None, list[str]]:
    """The title and the posting's text that Jekyll-style front matter holds.

    Anchors and aliases are not read as YAML: a few hundred bytes of nested aliases would
    expand to gigabytes when walked (issue 16). Such a header, one past the size limit, or one
    that is not valid YAML is read line by line instead."""
    if len(header) > FRONT_MATTER_LIMIT or _ALIAS.search(header):
        return _title_by_pattern(header), _loose_front_matter(header[:FRONT_MATTER_LIMIT])
    try:  # libyaml's loader when present: 20x faster on a long header
        data = yaml.load(header, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:  # hand-edited front matter is often not valid YAML: keep its values
        return _title_by_pattern(header), _loose_front_matter(header)
    if not isinstance(data, dict):
        return None, []  # "---" opened a rule or an empty header, not a mapping
    title = data.get("title")
    lines: list[str] = []
    _walk(data, lines)
    return (str(title).strip() or None) if isinstance(title, (str, int)) else None, lines


_ALIAS = re.compile(r"(?:^|[\s\[{,:-])[&*][^\s,\]}]")  # a YAML anchor or alias


def _title_by_pattern(header: str) -> str | None:
    found = re.search(
        r"""^title:[ \t]*(?:"([^"\n]*)"|'([^'\n]*)'|([^#\n]*?))[ \t]*(?:\#.*)?$""", header, re.M
    )
    if not found:
        return None
    return next((g.strip() for g in found.groups() if g and g.strip()), None)


# Short front-matter values worth keeping as "key: value" lines (the schedule says "Full time").
_FACT_KEYS = re.compile(
    r"^(?:work[ _]schedule|schedule|employment[ _]type|job[ _]type|position[ _]type|hours|"
    r"experience|seniority|level|location)$",
    re.I,
)


def _loose_front_matter(header: str) -> list[str]:
    lines = []
    for line in header.splitlines():
        key, _, value = line.strip().lstrip("- ").partition(":")
        if _FACT_KEYS.match(key.strip()) and value.strip():
            lines.append(f"{key.strip().replace('_', ' ')}: {value.strip()}")
        elif len(line.split()) > 3:
            lines.append(re.sub(r"^\s*(?:-\s*)?(?:[\w-]+:\s*)?", "- ", line))
    return lines


def _walk(value: Any, lines: list[str]) -> None:
    """Job boards keep the posting's lists in front matter; turn them into plain lines."""
    if isinstance(value, dict):
        for key, item in value.items():
            label = str(key).replace("_", " ")
            if key == "title" and isinstance(item, str):
                lines.append(item.strip())
            elif isinstance(item, (dict, list)) or key in ("body", "description", "text"):
                lines.append(label + ":")  # a list's key is its heading
                _walk(item, lines)
            elif isinstance(item, str) and _FACT_KEYS.match(str(key)) and item.strip():
                lines.append(f"{label}: {item.strip()}")
            else:
                _walk(item, lines)
    elif isinstance(value, list):
        for item in value:
            _walk(item, lines)
    elif isinstance(value, str) and len(value.split()) > 3:
        # A nested list written without a blank line folds into its parent item: unfold it.
        lines += ["- " + item for item in re.split(r"\s+-\s+(?=[A-Z])", value.strip())]


# --- wrapped lines ---------------------------------------------------------------------------

_BULLET = re.compile(r"^\s*(?:[-•*·▪◦●‣–]|\d{1,2}[.)])\s")
_ENDS_SENTENCE = re.compile(r"[.!?:;]\W*$")
_ENDS_OPEN = re.compile(
    r"(?:[,&/(–-]|\b(?:and|or|of|the|a|an|to|in|with|for|on|at|by|as|such as|including|"
    r"like|e\.g\.|via|from|into|using)\b)\s*$",
    re.I,
)


def _joined(lines: list[str]) -> list[str]:
    """Lines with every wrapped continuation joined to the line it continues.

    A blank line stays where it was, so that paragraphs stay apart.
    """
    out: list[str] = []
    for line in lines:
        if out and _continues(out[-1], line):
            previous = out[-1].rstrip()
            glue = "" if re.search(r"\w[-/]$", previous) else " "  # "low-⏎latency", "and/⏎or"
            out[-1] = previous + glue + line.strip()
        else:
            out.append(line)
    return out


def _continues(previous: str, line: str) -> bool:
    """Whether ``line`` carries on the sentence of ``previous`` rather than starting its own."""
    before, text = previous.strip(), line.strip()
    if not before or not text or _BULLET.match(line) or _MARKDOWN_HEADING.match(previous):
        return False
    if _ENDS_SENTENCE.search(before) or text.startswith(("#", "|", ">")) or _RULE.match(line):
        return False
    if _ENDS_OPEN.search(before):
        return True
    return (text[0].islower() or text[0] in "([") and not _looks_like_heading(before)


def _looks_like_heading(text: str) -> bool:
    """A short line whose words are capitalised ("Job Description") opens a section."""
    words = re.sub(r"^[-•*·▪◦●‣–\s]+", "", text).split()
    return 0 < len(words) <= 5 and all(w[0].isupper() or len(w) < 4 for w in words)


# --- structured documents --------------------------------------------------------------------


def _read_job_document(doc: dict[str, Any]) -> Ad:
    lines = [str(doc.get("description") or "")]
    if doc.get("experience"):
        lines.append(f"Experience level: {doc['experience']}")
    if doc.get("type"):
        lines.append(f"Employment type: {doc['type']}")
    lines.append("Responsibilities:")
    lines += [f"- {item}" for item in doc.get("responsibilities") or [] if isinstance(item, str)]
    lines.append("Qualifications:")
    lines += [f"- {item}" for item in doc.get("qualifications") or [] if isinstance(item, str)]
    listed: list[str] = []
    for skill in doc.get("skills") or []:
        if isinstance(skill, dict):  # one line per group, so that a list gives its items context
            words = [skill.get("name") or "", *(skill.get("keywords") or [])]
            listed.append(", ".join(str(word) for word in words if word))
    return Ad(
        lines=[_clean_line(line) for line in lines],
        title=str(doc.get("title") or "").strip() or None,
        company=str(doc.get("company") or "").strip() or None,
        listed=[item for item in listed if item],
    )


def _clean_line(line: str) -> str:
    if _RULE.match(line):
        return ""
    line = re.sub(r"^\s{0,3}#{1,6}\s*", "", line)  # Markdown headings
    line = re.sub(r"(\*\*|__|`)", "", line)
    return re.sub(r"\s+", " ", line).strip()
