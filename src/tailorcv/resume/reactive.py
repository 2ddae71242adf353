"""Convert a Reactive Resume JSON export (``basics`` + ``sections`` + ``metadata``) to JSON Resume.

Reactive Resume keeps rich text as HTML and each entry's dates as one line of free text
("January 2019 to Present"). The HTML becomes plain text (list items become highlights) and the
dates are parsed into partial ISO dates where possible; text that is not a date is kept as an
unknown field with a note. Hidden items and sections are left out, with a note, as Reactive Resume
leaves them out of the résumé it prints. ``metadata`` (layout, theme, fonts) has no JSON Resume
counterpart and is ignored.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from tailorcv.errors import Problem
from tailorcv.resume import dates

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
    doc.update(_custom(sections.get("custom"), doc, notes))
    return doc, notes


def html_text(html: str) -> tuple[str, list[str]]:
    """Plain text and list items of a bit of HTML: ``<li>`` items become separate highlights."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.text(), reader.items


class _Reader(HTMLParser):
    """Collects text by blocks, setting aside the text of each ``<li>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = [""]
        self.items: list[str] = []
        self.depth = 0  # inside how many <li>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "li":
            self.depth += 1
            if self.depth == 1:
                self.items.append("")
        elif tag in _BLOCKS and not self.depth:
            self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "li":
            self.depth = max(0, self.depth - 1)
        elif tag in _BLOCKS and not self.depth:
            self.blocks.append("")

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.items[-1] += data
        else:
            self.blocks[-1] += data

    def text(self) -> str:
        return "\n".join(" ".join(b.split()) for b in self.blocks if b.strip())

    def close(self) -> None:
        super().close()
        self.items = [" ".join(item.split()) for item in self.items if item.strip()]


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


def _custom(custom: Any, doc: dict[str, Any], notes: list[Problem]) -> dict[str, Any]:
    """Custom sections have no JSON Resume counterpart: each is kept as an unknown field."""
    kept: dict[str, Any] = {}
    for key, section in (custom or {}).items() if isinstance(custom, dict) else []:
        path = f"sections.custom.{key}"
        items = _visible(section, path, notes)
        if not items:
            continue
        name = str(section.get("name") or key)
        name = name if name not in doc and name not in ("sections", "cv") else f"{name} ({key})"
        kept[name] = [
            _entry(item, {}, "summary", "range", f"{path}.items[{i}]", notes) for i, item in items
        ]
        notes.append(Problem(path, f"custom section kept as the unknown field {name!r}"))
    return kept
