"""The entries of a RenderCV document's ``sections:``, checked and carried into JSON Resume.

RenderCV text is Markdown. What a reader sees as text keeps it (summaries, highlights, authors,
an other section's lines: ``tailorcv.resume.richtext`` reads it, as ``meta.markdown`` says);
what names a thing (a company, a title, a skill) is made plain. A highlight's " - " parts are
sub-bullets in RenderCV, and become lines of their own. A section JSON Resume has no place for
(patents, talks) is kept in ``otherSections`` under RenderCV's title for it, as lines.

Split from ``rendercv`` (which reads everything else: basics, profiles, locale, design) because
entries are most of the work: each RenderCV entry type is told apart, checked as RenderCV would
check it, then built into the JSON Resume section its title and type point to. ``Report`` and
``plain`` live here, not in ``rendercv``, because both modules need them and ``rendercv`` imports
this one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tailorcv.errors import Problem
from tailorcv.resume import dates, others, richtext

# The field that tells each RenderCV entry type apart, in the order RenderCV's examples use them.
_KINDS = (
    ("company", "experience"),
    ("institution", "education"),
    ("authors", "publication"),
    ("title", "publication"),
    ("label", "one_line"),
    ("bullet", "bullet"),
    ("reversed_number", "reversed_numbered"),
    ("number", "numbered"),
    ("name", "normal"),
)
_REQUIRED = {
    "experience": ("company", "position"),
    "education": ("institution", "area"),
    "publication": ("title", "authors"),
    "one_line": ("label", "details"),
    "bullet": ("bullet",),
    "reversed_numbered": ("reversed_number",),
    "numbered": ("number",),
    "normal": ("name",),
    "text": (),
}
# Section titles (lower case, by word prefix) → where their entries go; skills come first so that
# "Programming languages" lands in skills, not in spoken languages.
_TARGETS = (
    ("skills", ("skill", "technolog", "tool", "programming", "technical", "competenc")),
    ("summary", ("summary", "about", "profile", "objective")),
    ("projects", ("project",)),
    ("awards", ("award", "honor", "honour", "achievement", "prize")),
    ("publications", ("publication", "paper")),
    ("certificates", ("certificat", "licen")),
    ("languages", ("language",)),
    ("interests", ("interest", "hobb")),
    ("volunteer", ("volunteer",)),
    ("references", ("reference",)),
    ("work", ("experience", "employment", "work")),
)
_MAIN = ("name", "label", "bullet", "number", "reversed_number", "company", "institution", "title")
_TEXT_FIELDS = ("position", "area", "degree", "details", "location", "summary", "journal", "doi")
# Keys that would make a converted document look like another format, or clash with JSON Resume.
_RESERVED = frozenset(
    {"basics", "work", "volunteer", "education", "awards", "certificates", "publications"}
    | {"skills", "languages", "interests", "references", "projects", "meta", "$schema"}
    | {"cv", "sections", "employment", "contact"}
)
_ISO_LIKE = re.compile(r"^\d{4}(?:-\d{1,2}){0,2}$")
_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)\)")
# Fields whose Markdown is kept: text a reader reads, not a name. ``details`` is made plain where
# it becomes a name (skills, languages, interests).
_RICH = frozenset({"summary", "highlights", "details", "authors"})
# Entry types that RenderCV prints as a list, and the field holding each item.
_LISTED = {"bullet": "bullet", "numbered": "number", "reversed_numbered": "reversed_number"}
# Words RenderCV leaves in lower case when it makes a section's key a title ("invited_talks").
_SMALL_WORDS = frozenset({"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "to"})


@dataclass
class Report:
    """What a conversion found: errors reject the file; notes are what could not be carried."""

    errors: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    doubts: list[Problem] = field(default_factory=list)  # design/settings: listed only on failure

    def error(self, path: str, message: str) -> None:
        self.errors.append(Problem(path, message))

    def note(self, path: str, message: str) -> None:
        self.notes.append(Problem(path, message))


def plain(text: str) -> str:
    """RenderCV text as a name: link text kept, emphasis marks and escapes gone."""
    return richtext.plain(text, markdown=True).strip()


def _clean(value: Any, rich: bool = False) -> Any:
    """Plain text inside a value, except in the fields that keep their Markdown; nulls dropped
    (RenderCV writes null for unset)."""
    if isinstance(value, str):
        return value.strip() if rich else plain(value)
    if isinstance(value, dict):
        return {str(k): _clean(v, rich or k in _RICH) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_clean(v, rich) for v in value if v is not None]
    return value


def _nested(highlight: str) -> str:
    """RenderCV's sub-bullets ("Published - ICML paper - NeurIPS paper") on lines of their own,
    as ``richtext`` reads them."""
    return highlight.replace(" - ", "\n  - ")


def add_sections(sections: Any, doc: dict[str, Any], report: Report) -> None:
    """Check every section's entries and place the clean ones in ``doc``, by type and title."""
    if sections is None:
        return
    if not isinstance(sections, dict):
        report.error("cv.sections", "expected a mapping of section titles to lists of entries")
        return
    for title, entries in sections.items():
        where = f"cv.sections.{title}"
        if not isinstance(entries, list):
            report.error(where, "expected a list of entries")
            continue
        if not entries:
            continue
        kind = _kind(entries[0])
        if kind is None:
            report.error(where, "no RenderCV entry type matches this section's entries")
        elif _check_entries(entries, kind, where, report):
            _place(str(title), kind, entries, doc, report)


def _kind(entry: Any) -> str | None:
    """The RenderCV entry type of one entry, told apart by its characteristic field."""
    if isinstance(entry, str):
        return "text"
    if isinstance(entry, dict):
        return next((kind for key, kind in _KINDS if key in entry), None)
    return None


def _check_entries(entries: list[Any], kind: str, where: str, report: Report) -> bool:
    """Check every entry as RenderCV does (as the section's first entry type); True when clean."""
    before = len(report.errors)
    for index, entry in enumerate(entries):
        path = f"{where}[{index}]"
        if kind == "text" or not isinstance(entry, dict):
            if kind != "text" or not isinstance(entry, str):
                report.error(path, f"not the section's entry type ({_type_name(kind)})")
            continue
        for key in _REQUIRED[kind]:
            if entry.get(key) is None:
                report.error(f"{path}.{key}", f"this field is required ({_type_name(kind)})")
        for key in (*_MAIN, *_TEXT_FIELDS):
            if entry.get(key) is not None and not isinstance(entry[key], str | int | float):
                report.error(f"{path}.{key}", "expected text")
        for key in ("authors", "highlights"):
            if entry.get(key) is not None and not isinstance(entry[key], list):
                report.error(f"{path}.{key}", "expected a list of items")
        _check_dates(entry, path, report)
    return len(report.errors) == before


def _type_name(kind: str) -> str:
    """RenderCV's own name for an entry type (``one_line`` → ``OneLineEntry``)."""
    return kind.title().replace("_", "") + "Entry"


def _check_dates(entry: dict[str, Any], path: str, report: Report) -> None:
    found = {}
    for key in ("date", "start_date", "end_date"):
        value = entry.get(key)
        text = str(value).strip() if value is not None else ""
        if not text or (key == "end_date" and dates.is_ongoing(text)):
            continue
        if not _ISO_LIKE.match(text):
            if key != "date":  # only `date` may be free text ("Fall 2023")
                report.error(f"{path}.{key}", "not a date (write YYYY, YYYY-MM or YYYY-MM-DD)")
            continue
        try:
            found[key] = dates.parse(text)
        except ValueError as exc:
            report.error(f"{path}.{key}", str(exc))
    start, end = found.get("start_date"), found.get("end_date")
    if start and end and _after(start, end):
        report.error(path, f"start_date {start} is after end_date {end}")


def _after(start: dates.PartialDate, end: dates.PartialDate) -> bool:
    """Compare only as precisely as both dates are written (2020-05 is not after 2020)."""
    first = [p for p in (start.year, start.month, start.day) if p is not None]
    last = [p for p in (end.year, end.month, end.day) if p is not None]
    size = min(len(first), len(last))
    return first[:size] > last[:size]


def _target(title: str, kind: str) -> str | None:
    """Where a section's entries go in JSON Resume, from its entry type, then its title."""
    words = re.sub(r"[_\-]+", " ", title.lower()).split()
    by_title = next(
        (name for name, roots in _TARGETS if any(w.startswith(roots) for w in words)), None
    )
    if kind == "experience":
        return "volunteer" if by_title == "volunteer" else "work"
    if kind == "education":
        return "education"
    if kind == "publication":
        return "publications"
    if by_title == "summary" and kind not in ("text", "bullet"):
        return None
    return by_title


def _place(title: str, kind: str, entries: list[Any], doc: dict[str, Any], report: Report) -> None:
    where = f"cv.sections.{title}"
    target = _target(title, kind)
    if target == "summary":
        text = "\n".join(str(e if isinstance(e, str) else e["bullet"]).strip() for e in entries)
        before = doc["basics"].get("summary")
        doc["basics"]["summary"] = f"{before}\n\n{text}" if before else text
        return
    if target is None:
        shown = section_title(title)
        lines = [line for entry in entries for line in _lines(kind, entry)]
        doc.setdefault(others.KEY, []).append({"title": shown, "lines": lines})
        report.note(where, f"no JSON Resume section for it; kept under Other sections as {shown!r}")
        return
    build = _BUILDERS[target]
    for index, entry in enumerate(entries):
        item = _clean({"text": entry} if isinstance(entry, str) else entry)
        if isinstance(item.get("highlights"), list):
            item["highlights"] = [_nested(str(h)) for h in item["highlights"]]
        doc.setdefault(target, []).append(build(item, entry, f"{where}[{index}]", report))


def section_title(key: str) -> str:
    """The title RenderCV prints for a section key: ``invited_talks`` → "Invited Talks"; a
    word with a capital letter is kept as written ("Welcome to RenderCV")."""
    words = key.replace("_", " ").split()
    return " ".join(
        w.capitalize() if w.islower() and (not i or w not in _SMALL_WORDS) else w
        for i, w in enumerate(words)
    )


def _lines(kind: str, entry: Any) -> list[str]:
    """One entry of a section with no JSON Resume place as lines of Markdown, laid out as
    RenderCV lays it out: a bullet for each item of a list, **label:** details, a normal
    entry's bold name, its place and date, its summary and its highlights."""
    if isinstance(entry, str):
        return [line.strip() for line in entry.splitlines() if line.strip()]
    values = {k: str(v).strip() for k, v in entry.items() if isinstance(v, str | int | float)}
    if kind in _LISTED:
        return [f"- {values.get(_LISTED[kind], '')}"]
    if kind == "one_line":
        return [f"**{values.get('label', '')}:** {values.get('details', '')}"]
    name, url = values.get("name", ""), values.get("url", "")
    name = f"[{name}]({url})" if name and url and "](" not in name else name
    when = " – ".join(values[k] for k in ("start_date", "end_date") if k in values)
    head = [f"**{name}**" if name else "", values.get("location", ""), values.get("date", when)]
    lines = [" — ".join(part for part in head if part)]
    lines += [line for line in values.get("summary", "").splitlines() if line.strip()]
    highlights = entry.get("highlights") if isinstance(entry.get("highlights"), list) else []
    lines += [f"- {_nested(str(h).strip())}" for h in highlights if h is not None]
    return [line for line in lines if line]


def _take(item: dict[str, Any], *keys: str) -> Any:
    """Pop the first of ``keys`` that is set; the rest of ``item`` is kept as unknown fields."""
    for key in keys:
        if item.get(key) not in (None, "", []):
            return item.pop(key)
        item.pop(key, None)
    return None


def _main(item: dict[str, Any]) -> Any:
    return _take(item, *_MAIN, "text")


def _words(text: Any) -> list[str]:
    return [w.strip() for w in str(text).split(",") if w.strip()] if text else []


def _link(raw: dict[str, Any] | str, key: str) -> str | None:
    """The URL of a Markdown link in a name (``[FlashInfer](https://…)``), lost by ``plain``."""
    value = raw.get(key) if isinstance(raw, dict) else raw
    found = _LINK.search(value) if isinstance(value, str) else None
    return found.group(2) if found and found.group(2) else None


def _dates(
    item: dict[str, Any], out: dict[str, Any], path: str, report: Report, single: str | None = None
) -> None:
    """Move RenderCV dates into ``out``: a range, or one date (``single`` names its field)."""
    start, end, when = (item.pop(k, None) for k in ("start_date", "end_date", "date"))
    if start is not None:
        out[single or "startDate"] = dates.normalise(str(start))
    if end is not None and not dates.is_ongoing(str(end)) and not single:
        out["endDate"] = dates.normalise(str(end))
    if when is None or (start is not None and single):
        return
    text = str(when).strip()
    if _ISO_LIKE.match(text) and start is None:
        iso = dates.normalise(text)
        out.update({single: iso} if single else {"startDate": iso, "endDate": iso})
        return
    keep = "dateText" if single == "date" else "date"
    out[keep] = text
    report.note(f"{path}.date", f"free-text date {text!r} kept as {keep}")


def _finish(out: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    """The converted entry, plus every source field it did not use (unknown but kept)."""
    kept = {k: v for k, v in out.items() if v not in (None, "", [])}
    return {**kept, **{k: v for k, v in item.items() if v not in (None, "", []) and k not in kept}}


def _work(item: dict[str, Any], raw: Any, path: str, report: Report) -> dict[str, Any]:
    out = {"name": _main(item), "url": _take(item, "url") or _link(raw, "company")}
    _dates(item, out, path, report)
    return _finish(out, item)


def _volunteer(item: dict[str, Any], raw: Any, path: str, report: Report) -> dict[str, Any]:
    out = {"organization": _main(item), "url": _take(item, "url") or _link(raw, "company")}
    _dates(item, out, path, report)
    return _finish(out, item)


def _education(item: dict[str, Any], raw: Any, path: str, report: Report) -> dict[str, Any]:
    out = {"institution": _take(item, "institution"), "studyType": _take(item, "degree")}
    out["url"] = _take(item, "url") or _link(raw, "institution")
    _dates(item, out, path, report)
    return _finish(out, item)


def _publication(item: dict[str, Any], raw: Any, path: str, report: Report) -> dict[str, Any]:
    out = {"name": _main(item), "publisher": _take(item, "journal")}
    doi = item.get("doi")
    out["url"] = _take(item, "url") or (f"https://doi.org/{doi}" if doi else _link(raw, "title"))
    _dates(item, out, path, report, single="releaseDate")
    return _finish(out, item)


def _skill(item: dict[str, Any], raw: Any, path: str, report: Report) -> dict[str, Any]:
    return _finish({"name": _main(item), "keywords": _words(_plain(_take(item, "details")))}, item)


def _project(item: dict[str, Any], raw: Any, path: str, report: Report) -> dict[str, Any]:
    out = {"name": _main(item), "url": _take(item, "url") or _link(raw, "name")}
    out["description"] = _take(item, "summary", "details")
    _dates(item, out, path, report)
    return _finish(out, item)


def _award(item: dict[str, Any], raw: Any, path: str, report: Report) -> dict[str, Any]:
    out = {"title": _main(item), "summary": _take(item, "summary", "details")}
    _dates(item, out, path, report, single="date")
    return _finish(out, item)


def _certificate(item: dict[str, Any], raw: Any, path: str, report: Report) -> dict[str, Any]:
    out = {"name": _main(item), "url": _take(item, "url") or _link(raw, "name")}
    _dates(item, out, path, report, single="date")
    return _finish(out, item)


def _language(item: dict[str, Any], raw: Any, path: str, report: Report) -> dict[str, Any]:
    fluency = _plain(_take(item, "details", "summary"))
    return _finish({"language": _main(item), "fluency": fluency}, item)


def _interest(item: dict[str, Any], raw: Any, path: str, report: Report) -> dict[str, Any]:
    return _finish({"name": _main(item), "keywords": _words(_plain(_take(item, "details")))}, item)


def _plain(value: Any) -> Any:
    """A kept-Markdown field that becomes a name (a skill, a fluency) made plain."""
    return plain(value) if isinstance(value, str) else value


def _reference(item: dict[str, Any], raw: Any, path: str, report: Report) -> dict[str, Any]:
    out = {"name": _take(item, "name", "label"), "reference": _take(item, "summary", "details")}
    out["reference"] = out["reference"] or _main(item)
    return _finish(out, item)


_BUILDERS = {
    "work": _work,
    "volunteer": _volunteer,
    "education": _education,
    "publications": _publication,
    "skills": _skill,
    "projects": _project,
    "awards": _award,
    "certificates": _certificate,
    "languages": _language,
    "interests": _interest,
    "references": _reference,
}
