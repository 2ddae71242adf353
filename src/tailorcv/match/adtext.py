"""Turn a job ad in whatever form people paste it into plain lines.

Plain text, Markdown (front matter read for the title and its lists; Liquid tags dropped), HTML
(tags stripped, entities decoded, scripts ignored) and JSON Resume job documents all become the
same thing: lines of text, plus what a structured document states outright (title, company, the
skills it lists). Links keep their text; a URL names no skill, so URLs are dropped.
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
    """A job ad reduced to plain lines, with what its format said outright."""

    lines: list[str]
    title: str | None = None
    company: str | None = None
    listed: list[str] = field(default_factory=list)  # skills a structured document lists


class _TextOfHtml(HTMLParser):
    _BLOCKS = frozenset(
        {
            "p",
            "div",
            "br",
            "li",
            "ul",
            "ol",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "tr",
            "section",
            "article",
            "header",
            "footer",
        }
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    parser = _TextOfHtml()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)


def read_ad(text: str) -> Ad:
    stripped = text.strip()
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
    title = None
    front = re.match(r"^---\s*\n(.*?)\n---[ \t]*(?:\n|$)", stripped, re.S)
    if front:
        title = _front_matter_title(front.group(1))
        stripped = _front_matter_text(front.group(1)) + "\n" + stripped[front.end() :]
    stripped = re.sub(r"\{%.*?%\}|\{\{.*?\}\}", " ", stripped, flags=re.S)
    stripped = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", stripped)  # Markdown links: keep the text
    stripped = re.sub(r"\b(?:https?://|www\.)\S+", " ", stripped)  # a URL names no skill
    return Ad(lines=[_clean_line(line) for line in stripped.splitlines()], title=title)


def _front_matter_title(header: str) -> str | None:
    found = re.search(r"^title:\s*[\"']?(.+?)[\"']?\s*$", header, re.M)
    return found.group(1).strip() if found else None


def _front_matter_text(header: str) -> str:
    """Job boards keep the posting's lists in front matter; turn them into plain lines."""
    try:
        data = yaml.safe_load(header)
    except yaml.YAMLError:  # hand-edited front matter is often not valid YAML: keep its values
        return "\n".join(
            re.sub(r"^\s*(?:-\s*)?(?:[\w-]+:\s*)?", "- ", line)
            for line in header.splitlines()
            if len(line.split()) > 3
        )
    lines: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "title" and isinstance(item, str):
                    lines.append(item.rstrip(":") + ":")
                elif isinstance(item, (dict, list)) or key in ("body", "description", "text"):
                    lines.append(str(key).replace("_", " ") + ":")  # a list's key is its heading
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str) and len(value.split()) > 3:
            lines.append("- " + value)

    walk(data)
    return "\n".join(lines)


def _read_job_document(doc: dict[str, Any]) -> Ad:
    lines = [str(doc.get("description") or "")]
    if doc.get("experience"):
        lines.append(f"Experience level: {doc['experience']}")
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
    line = re.sub(r"^\s{0,3}#{1,6}\s*", "", line)  # Markdown headings
    line = re.sub(r"(\*\*|__|`)", "", line)
    return re.sub(r"\s+", " ", line).strip()
