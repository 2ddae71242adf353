"""What an import keeps that no output shows: the measure behind issue 19's "custom sections and
rich content rendered", shared by ``bench/content_losses.py`` and ``tests/render/test_content.py``.

A *lost value* is a text value of the imported document (any field, known to JSON Resume or kept
as an unknown one) that the plain-text output does not show. Every output reads the same view,
and ``test_content`` checks that each one shows what the view holds, so the plain text stands for
all of them. Left out of the count: ``meta`` (settings, not content), the photo, and identifiers
and numbers a reader never sees (``id``, ratings). URLs count as shown when their display form is.
Values no output shows on purpose are counted apart (``BY_DESIGN``, with the reason).

Two more losses are counted from the source file itself, as the import cannot keep what it drops:
*markup*, the Markdown emphasis and links of a RenderCV file that reach the view as strong,
emphasised or linked runs; and *nested*, the sub-bullets (RenderCV's "a - b - c" highlights,
Reactive Resume's lists in lists) that reach the view as nested items.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tailorcv.ingest import read_path
from tailorcv.render import locale as locales
from tailorcv.render import text, view
from tailorcv.resume import dates, read_file, to_dict
from tailorcv.resume.model import Resume

_SKIPPED = frozenset({"meta", "$schema", "image", "id", "rating", "visible", "icon"})
_DATES = frozenset({"startDate", "endDate", "releaseDate", "date"})
_MARKUP = re.compile(
    r"\*\*[^*\n]+\*\*|(?<![*\w])\*[^*\s][^*\n]*?\*(?![*\w])|\[[^\]\n]+\]\([^)\s]+\)"
)
_TITLE_FIELDS = frozenset({"name", "company", "institution", "title", "label", "position", "area"})
# Values no output shows on purpose, by path pattern, and why.
BY_DESIGN = {
    "basics.location.address": "a résumé gives the city, region and country, not the street",
    "basics.location.postalCode": "a résumé gives the city, region and country, not the street",
    "basics.profiles[].network": "a profile is shown by its address, which names the network",
    "basics.profiles[].username": "a profile is shown by its address, which holds the username",
    "projects[].type": "a category for sorting ('application'), not text for a reader",
    "otherSections[].title": "a section with no lines is not shown, as an empty section is not",
}


@dataclass
class Losses:
    """What one file's import kept and its outputs dropped."""

    values: int = 0  # text values of the imported document
    lost: Counter[str] = field(default_factory=Counter)  # path pattern → values not shown
    by_design: int = 0  # values not shown on purpose (BY_DESIGN)
    markup: int = 0  # Markdown spans in the source's body text
    markup_kept: int = 0  # ... shown as emphasis or links
    nested: int = 0  # sub-bullets in the source
    nested_kept: int = 0  # ... shown as nested items

    @property
    def lost_values(self) -> int:
        return sum(self.lost.values())


def imported(path: Path) -> Resume:
    """The résumé tailorcv imports from ``path``: a document file, or a PDF or DOCX read."""
    if path.suffix.lower() in (".pdf", ".docx"):
        return read_path(path, force=True).resume
    return read_file(path).resume


def measure(path: Path) -> Losses:
    resume = imported(path)
    built = view.build(resume)
    shown = text.to_text(built)
    for run in _view_runs(built):  # plain text writes a link's address after its text
        if run.get("url"):
            shown = shown.replace(f" ({view.display_url(run['url'])})", "")
    shown = _normal(shown)
    loc = locales.get(resume.locale)
    found = Losses()
    for where, value in _leaves(to_dict(resume), ""):
        found.values += 1
        if not _is_shown(where, value, shown, loc):
            pattern = re.sub(r"\[\d+\]", "[]", where)
            if pattern in BY_DESIGN:
                found.by_design += 1
            else:
                found.lost[pattern] += 1
    _count_rich(path, built, found)
    return found


def _leaves(value: Any, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in _SKIPPED:
                yield from _leaves(item, f"{where}.{key}" if where else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, f"{where}[{index}]")
    elif isinstance(value, str) and value.strip():
        yield where, value


def _normal(value: str) -> str:
    return " ".join(value.split()).casefold()


def _plain(value: str) -> str:
    """A value as a reader sees it: Markdown links by their text, emphasis marks and list
    markers of sub-bullets gone."""
    value = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", value)
    value = re.sub(r"(\*{1,3}|_{1,2})(\S(?:.*?\S)?)\1", r"\2", value)
    return re.sub(r"(?m)^\s*[-*•]\s+", "", value)


def _is_shown(where: str, value: str, shown: str, loc: locales.Locale) -> bool:
    key = where.rsplit(".", 1)[-1]
    if key in _DATES:
        with contextlib.suppress(ValueError):
            value = locales.format_date(dates.parse(value), loc)
    if key == "url" or key.endswith("Url"):
        safe = view.safe_url(value)
        return not safe or _normal(view.display_url(safe)) in shown
    lines = [_normal(_plain(line)) for line in value.splitlines()]
    return all(line in shown for line in lines if line)


def _count_rich(path: Path, built: dict[str, Any], found: Losses) -> None:
    runs = list(_view_runs(built))
    found.markup_kept = sum(1 for r in runs if r.get("strong") or r.get("emph") or r.get("url"))
    found.nested_kept = sum(len(i.get("items", [])) for i in _view_items(built))
    if path.suffix in (".yaml", ".yml"):
        sections = (yaml.safe_load(path.read_text()) or {}).get("cv", {}).get("sections") or {}
        for where, value in _leaves(sections, ""):
            if where.rsplit(".", 1)[-1] not in _TITLE_FIELDS:
                found.markup += len(_MARKUP.findall(value))
            if ".highlights[" in where:
                found.nested += value.count(" - ")
    elif path.suffix == ".json" and "reactive" in path.name:
        found.nested = _reactive_nested(path)


def _reactive_nested(path: Path) -> int:
    """Sub-items of Reactive Resume lists: ``<li>`` elements inside another ``<li>``."""
    count = 0
    for _, html in _leaves(json.loads(path.read_text()), ""):
        depth = 0
        for tag in re.findall(r"</?li\b", html):
            count += tag == "<li" and depth > 0
            depth = depth + 1 if tag == "<li" else max(0, depth - 1)
    return count


def _view_runs(built: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every run of rich text in the view (summary, entry text, bullets, other lines)."""
    yield from built.get("summary_runs", [])
    for section in built["sections"]:
        for entry in section["entries"]:
            for key in ("summary_runs", "note_runs"):
                yield from entry.get(key, [])
            for item in _items(entry.get("items", [])):
                yield from item["runs"]


def _view_items(built: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for section in built["sections"]:
        for entry in section["entries"]:
            yield from _items(entry.get("items", []))


def _items(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for item in items:
        yield item
        yield from _items(item.get("items", []))
