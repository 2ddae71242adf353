"""Convert a Reactive Resume JSON export (``basics`` + ``sections`` + ``metadata``) to JSON Resume.

Reactive Resume keeps rich text as HTML and each entry's dates as one line of free text
("January 2019 to Present"). The HTML becomes plain text (list items become highlights, a list
in a list item sub-bullets on lines of their own, as ``tailorcv.resume.richtext`` reads them) and
the dates are parsed into partial ISO dates where possible; text that is not a date is kept as an
unknown field with a note. Hidden items and sections are left out, with a note, as Reactive Resume
leaves them out of the résumé it prints. ``metadata`` (layout, theme, fonts) has no JSON Resume
counterpart and is ignored. Custom sections are kept under ``otherSections``, as lines.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from tailorcv.errors import Problem
from tailorcv.resume import dates, others

# Below this, a date reading (a season) is kept as text rather than guessed.
_SURE = 0.5
_BLOCKS = frozenset({"p", "div", "br", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6"})
_EMPTY: tuple[Any, ...] = (None, "", [], {})
# JSON Resume section ← (Reactive Resume section, renames, field the summary goes to, date kind)
_SECTIONS: dict[str, tuple[str, dict[str, str], str, str]] = {
    "work": ("experience", {"company": "name"}, "summary", "range"),
    "volunteer": ("volunteer", {}, "summary", "range"),
    "education": ("education", {}, "summary", "range"),
    "projects": ("projects", {}, "description", "range"),
    "awards": ("awards", {}, "summary", "date"),
    "certificates": ("certifications", {}, "summary", "date"),
    "publications": ("publications", {}, "summary", "releaseDate"),
    "skills": ("skills", {"description": "level", "level": "rating"}, "summary", "none"),
    "languages": (
        "languages",
        {"name": "language", "description": "fluency", "level": "rating"},
        "summary",
        "none",
    ),
    "interests": ("interests", {}, "summary", "none"),
    "references": ("references", {"description": "relationship"}, "reference", "none"),
}


def to_jsonresume(data: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """Convert a Reactive Resume export; the notes say what was left out or kept as text."""
    notes: list[Problem] = []
    sections: dict[str, Any] = data["sections"]  # io.detect checked it is an object
    doc: dict[str, Any] = {"basics": _basics(data["basics"], sections, notes)}
    for target, (source, renames, summary, when) in _SECTIONS.items():
        items = _visible(sections.get(source), f"sections.{source}", notes)
        converted = [
            _entry(item, renames, summary, when, f"sections.{source}.items[{i}]", notes)
            for i, item in items
        ]
        if converted:
            doc[target] = converted
    kept = _custom(sections.get("custom"), notes)
    if kept:
        doc[others.KEY] = kept
    return doc, notes


def html_text(html: str) -> tuple[str, list[str]]:
    """Plain text and list items of a bit of HTML: ``<li>`` items become separate highlights,
    the items of a list inside one its sub-bullets ("A\n  - a1")."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.text(), reader.items


class _Reader(HTMLParser):
    """Collects text by blocks, setting aside the text of each ``<li>`` with its nested ones."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = [""]
        self.items: list[str] = []
        self.lines: list[list[list[Any]]] = []  # per item: [depth, text] of it and its sub-items
        self.depth = 0  # inside how many <li>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "li":
            self.depth += 1
            if self.depth == 1:
                self.lines.append([[1, ""]])
            else:
                self.lines[-1].append([self.depth, ""])
        elif tag in _BLOCKS and not self.depth:
            self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "li":
            self.depth = max(0, self.depth - 1)
        elif tag in _BLOCKS and not self.depth:
            self.blocks.append("")

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.lines[-1][-1][1] += data
        else:
            self.blocks[-1] += data

    def text(self) -> str:
        return "\n".join(" ".join(b.split()) for b in self.blocks if b.strip())

    def close(self) -> None:
        super().close()
        self.items = [item for item in map(_item, self.lines) if item]


def _item(lines: list[list[Any]]) -> str:
    """A list item and its sub-items, one line each, a sub-item as "  - text"."""
    out = []
    for depth, text in lines:
        words = " ".join(str(text).split())
        if words:
            out.append(f"{'  ' * (depth - 2)}- {words}" if depth > 1 else words)
    return "\n".join(out)


def parse_date(text: str) -> str | None:
    """One date as people write it ("Jan 2020", "03/2019", "2019-03") → partial ISO, or None."""
    try:
        return dates.normalise(text)
    except ValueError:
        found = dates.parse_range(text)
    if found and found.start == found.end and found.confidence >= _SURE:
        return found.start
    return None


def parse_range(text: str) -> tuple[str, str | None] | None:
    """A date line ("January 2019 to Present", "2016 - 2020") → (start, end or None if ongoing).

    Seasons ("Summer 2020") are too vague to become a date here: the text is kept instead.
    """
    found = dates.parse_range(text)
    if found is None or found.start is None or found.confidence < _SURE:
        return None
    return found.start, found.end


def _basics(
    basics: dict[str, Any], sections: dict[str, Any], notes: list[Problem]
) -> dict[str, Any]:
    out: dict[str, Any] = {key: basics.get(key) for key in ("name", "email", "phone")}
    out["label"] = basics.get("headline")
    out["url"] = _href(basics.get("url"))
    picture = basics.get("picture")
    out["image"] = picture.get("url") if isinstance(picture, dict) else picture
    if isinstance(basics.get("location"), str) and basics["location"].strip():
        out["location"] = {"address": basics["location"]}
    if basics.get("customFields"):
        out["customFields"] = basics["customFields"]
        notes.append(Problem("basics.customFields", "no JSON Resume field; kept as is"))
    summary = sections.get("summary")
    if isinstance(summary, dict) and summary.get("content"):
        if summary.get("visible", True):
            out["summary"] = html_text(str(summary["content"]))[0]
        else:
            notes.append(Problem("sections.summary", "hidden in Reactive Resume; left out"))
    profiles = _visible(sections.get("profiles"), "sections.profiles", notes)
    out["profiles"] = [_entry(item, {"icon": ""}, "", "none", "", notes) for _, item in profiles]
    return {k: v for k, v in out.items() if v not in _EMPTY}


def _href(url: Any) -> Any:
    """Reactive Resume writes a link as ``{"label": …, "href": …}``."""
    return url.get("href") if isinstance(url, dict) else url


def _visible(section: Any, path: str, notes: list[Problem]) -> list[tuple[int, dict[str, Any]]]:
    """The items of a section that Reactive Resume shows; the hidden ones are noted."""
    if not isinstance(section, dict) or not section.get("items"):
        return []
    if section.get("visible") is False:
        notes.append(Problem(path, "section hidden in Reactive Resume; its items left out"))
        return []
    shown = []
    for index, item in enumerate(section["items"]):
        if not isinstance(item, dict):
            continue
        if item.get("visible") is False:
            notes.append(Problem(f"{path}.items[{index}]", "hidden in Reactive Resume; left out"))
        else:
            shown.append((index, item))
    return shown


def _entry(
    item: dict[str, Any],
    renames: dict[str, str],
    summary: str,
    when: str,
    path: str,
    notes: list[Problem],
) -> dict[str, Any]:
    """One item: renamed fields, the link's href, HTML summary as text and highlights, dates."""
    out: dict[str, Any] = {}
    for key, value in item.items():
        name = renames.get(key, key)
        if key in ("id", "visible", "date", "summary") or not name or value in _EMPTY:
            continue
        out[name] = _href(value) if key == "url" else value
    if out.get("rating") == 0:
        del out["rating"]  # Reactive Resume writes 0 for "no rating given"
    text, items = html_text(str(item.get("summary") or ""))
    target = summary if summary not in out else "summary"
    out.update({k: v for k, v in ((target, text), ("highlights", items)) if v})
    if when != "none" and item.get("date"):
        _dates(str(item["date"]), when, out, path, notes)
    return {k: v for k, v in out.items() if v not in _EMPTY}


def _dates(text: str, when: str, out: dict[str, Any], path: str, notes: list[Problem]) -> None:
    """Parse a date line into the entry's date fields, or keep it as text with a note."""
    if when == "range":
        found = parse_range(text)
        if found:
            out["startDate"] = found[0]
            if found[1]:
                out["endDate"] = found[1]
            return
    else:
        single = parse_date(text)
        if single:
            out[when] = single
            return
    keep = "dateText" if when == "date" else "date"
    out[keep] = text
    notes.append(Problem(f"{path}.date", f"{text!r} is not a date tailorcv reads; kept as {keep}"))


def _custom(custom: Any, notes: list[Problem]) -> list[dict[str, Any]]:
    """Custom sections have no JSON Resume counterpart: each is kept as an other section, its
    items as lines (``_lines``)."""
    kept: list[dict[str, Any]] = []
    for key, section in (custom or {}).items() if isinstance(custom, dict) else []:
        path = f"sections.custom.{key}"
        items = _visible(section, path, notes)
        lines = [line for _, item in items for line in _lines(item)]
        if not lines:
            continue
        title = str(section.get("name") or key)
        kept.append({"title": title, "lines": lines})
        notes.append(Problem(path, f"custom section kept under Other sections as {title!r}"))
    return kept


def _lines(item: dict[str, Any]) -> list[str]:
    """One item of a custom section as lines: its name, description, place, date and link on
    one line, then its text, its list items as bullets, its keywords."""
    head = [item.get(k) for k in ("name", "description", "location", "date")]
    head.append(_href(item.get("url")))
    text, items = html_text(str(item.get("summary") or ""))
    found = item.get("keywords")
    keywords = found if isinstance(found, list) else []
    lines = [" · ".join(str(part).strip() for part in head if part and str(part).strip())]
    lines += text.splitlines()
    for listed in items:
        first, *subs = listed.split("\n")
        lines += [f"- {first}", *(f"  {sub}" for sub in subs)]
    lines.append(", ".join(str(k) for k in keywords if k))
    return [line for line in lines if line.strip()]
