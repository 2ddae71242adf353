"""Convert a FRESH résumé (fresh-standard/fresh-resume-schema) into a JSON Resume document.

FRESH and JSON Resume describe the same things under other names (``employment.history`` is
``work``, ``employer`` is ``name``, ``start`` is ``startDate``). Most of the conversion is a table
of renames; every FRESH field without a JSON Resume name is kept as an unknown field, and FRESH
sections JSON Resume lacks (testimonials, samples, reading, speaking…) are kept whole at the top.
Text is kept as written. FRESH allows Markdown in it, so the converted résumé says so
(``meta.markdown``, as a RenderCV one does) and every output shows its bold, italics and links;
HTML, which FRESH allows too, is shown as written.
"""

from __future__ import annotations

from typing import Any

from tailorcv.errors import Problem
from tailorcv.resume import dates

_DATES = {"start": "startDate", "end": "endDate"}
# JSON Resume section ← (FRESH section, renames of its fields)
_SECTIONS: dict[str, tuple[str, dict[str, str]]] = {
    "work": ("employment", {"employer": "name", **_DATES}),
    "education": ("education", {"grade": "score", "curriculum": "courses", **_DATES}),
    "volunteer": ("service", {**_DATES}),
    "awards": ("recognition", {"from": "awarder"}),
    "publications": ("writing", {"title": "name", "date": "releaseDate"}),
    "projects": ("projects", {"title": "name", "category": "type", **_DATES}),
    "languages": ("languages", {"level": "fluency"}),
    "interests": ("interests", {}),
    "references": ("references", {"summary": "reference"}),
}
_DATE_FIELDS = frozenset({"startDate", "endDate", "date", "releaseDate"})
_LOCATION = {"code": "postalCode", "country": "countryCode"}
_CONTACT = {"email": "email", "phone": "phone", "website": "url"}
_INFO = {"label": "label", "brief": "summary", "image": "image"}
# Read by the converter itself; every other top-level key is kept as an unknown field.
_HANDLED = frozenset({"name", "meta", "info", "contact", "location", "social", "skills"})
_EMPTY: tuple[Any, ...] = (None, "", [], {})


def to_jsonresume(data: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """Convert a FRESH document; the notes say what was kept aside or left out."""
    notes: list[Problem] = []
    doc: dict[str, Any] = {"basics": _basics(data, notes)}
    for target, (source, renames) in _SECTIONS.items():
        items = _history(data.get(source), source, notes)
        converted = [_entry(item, renames, f"{source}[{i}]", notes) for i, item in items]
        if converted:
            doc[target] = [_FIXES.get(target, _same)(entry) for entry in converted]
    skills = _skills(data.get("skills"), notes)
    if skills:
        doc["skills"] = skills
    doc["meta"] = {**_meta(data.get("meta")), "markdown": True}  # FRESH text is Markdown
    handled = _HANDLED | {source for source, _ in _SECTIONS.values()}
    for key, value in data.items():
        if key not in handled and value not in _EMPTY:
            doc[key] = value
            notes.append(Problem(key, "no JSON Resume section for it; kept as an unknown field"))
    return doc, notes


def _basics(data: dict[str, Any], notes: list[Problem]) -> dict[str, Any]:
    basics: dict[str, Any] = {"name": data.get("name")}
    basics.update(_renamed(_part(data, "info"), _INFO))
    basics.update(_renamed(_part(data, "contact"), _CONTACT, prefix="contact"))
    location = data.get("location")
    if isinstance(location, dict):
        basics["location"] = _renamed(location, _LOCATION)
    social = _history(data.get("social"), "social", notes)
    basics["profiles"] = [_entry(item, {"user": "username"}, "", notes) for _, item in social]
    return {k: v for k, v in basics.items() if v not in _EMPTY}


def _part(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def _renamed(part: dict[str, Any], names: dict[str, str], prefix: str = "") -> dict[str, Any]:
    """Fields renamed by ``names``; the rest keep their name, after ``prefix`` if given."""
    out = {}
    for key, value in part.items():
        if value in _EMPTY:
            continue
        name = names.get(key) or (prefix + key.capitalize() if prefix else key)
        out[name] = value
    return out


def _history(value: Any, source: str, notes: list[Problem]) -> list[tuple[int, dict[str, Any]]]:
    """The entries of a FRESH section, which is a list or an object holding ``history``."""
    if isinstance(value, dict):
        for key, extra in value.items():
            if key != "history" and extra not in _EMPTY:
                notes.append(
                    Problem(f"{source}.{key}", "JSON Resume has no place for it; left out")
                )
        value = value.get("history")
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def _entry(
    item: dict[str, Any], renames: dict[str, str], path: str, notes: list[Problem]
) -> dict[str, Any]:
    """One entry with its fields renamed; a date that is not one keeps its FRESH name."""
    out: dict[str, Any] = {}
    for key, value in item.items():
        if value in _EMPTY:
            continue
        name = renames.get(key, key)
        if name in _DATE_FIELDS:
            iso = _date(value)
            if iso is None:
                name = key if key != name else f"{key}Text"
                notes.append(Problem(f"{path}.{key}", f"{value!r} is not a date; kept as {name}"))
            else:
                value = iso
        out[name] = value
    return out


def _date(value: Any) -> str | None:
    try:
        return dates.normalise(str(value))
    except ValueError:
        return None


def _same(entry: dict[str, Any]) -> dict[str, Any]:
    return entry


def _education(entry: dict[str, Any]) -> dict[str, Any]:
    """FRESH's ``title`` is the degree ("BSCS"): JSON Resume's ``studyType``, unless that is set."""
    if "title" in entry and "studyType" not in entry:
        entry["studyType"] = entry.pop("title")
    return entry


def _publication(entry: dict[str, Any]) -> dict[str, Any]:
    publisher = entry.get("publisher")
    if isinstance(publisher, dict):
        entry["publisher"] = publisher.get("name")
        if publisher.get("url"):
            entry["publisherUrl"] = publisher["url"]
        if not entry["publisher"]:
            del entry["publisher"]
    return entry


def _project(entry: dict[str, Any]) -> dict[str, Any]:
    """FRESH has one ``role`` and both a summary and a description; JSON Resume has ``roles``."""
    if isinstance(entry.get("role"), str):
        entry["roles"] = [entry.pop("role")]
    if "description" not in entry and "summary" in entry:
        entry["description"] = entry.pop("summary")
    return entry


_FIXES = {"education": _education, "publications": _publication, "projects": _project}


def _skills(skills: Any, notes: list[Problem]) -> list[dict[str, Any]]:
    """FRESH groups skills in ``sets`` (name, level, skills) and lists single ones in ``list``."""
    if isinstance(skills, list):
        skills = {"list": skills}
    if not isinstance(skills, dict):
        return []
    found = []
    for part in ("sets", "list"):
        entries = skills.get(part)
        for index, item in enumerate(entries if isinstance(entries, list) else []):
            if isinstance(item, dict):
                found.append(_entry(item, {"skills": "keywords"}, f"skills.{part}[{index}]", notes))
    for key, value in skills.items():
        if key not in ("sets", "list") and value not in _EMPTY:
            notes.append(Problem(f"skills.{key}", "JSON Resume has no place for it; left out"))
    return found


def _meta(meta: Any) -> dict[str, Any]:
    """Drop ``meta.format`` ("FRESH@0.6.0"): kept, the converted résumé would read as FRESH."""
    if not isinstance(meta, dict):
        return {}
    return {k: v for k, v in meta.items() if k != "format" and v not in _EMPTY}


# FRESH sections JSON Resume has no place for, kept at the top of an imported document, and
# how each is shown (as an other section, ``tailorcv.resume.others``): its title and the parts of
# an item's first line, in order. An item's ``highlights`` (or an affiliation's ``summary``)
# become its sub-bullets.
_EXTRA_SECTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "affiliation": ("Affiliations", ("role", "organization", "location", "start", "end")),
    "governance": ("Governance", ("role", "organization", "start", "end")),
    "extracurricular": ("Extracurricular", ("title", "activity", "location", "start", "end")),
    "speaking": ("Speaking", ("title", "role", "event", "location", "date")),
    "samples": ("Samples", ("title", "date", "url")),
    "reading": ("Reading", ("title", "author", "url")),
    "testimonials": ("Testimonials", ("quote", "name")),
}
_MAX_EXTRA_ITEMS = 500  # items shown per section; the document keeps every one


def extra_sections(extra: dict[str, Any]) -> list[dict[str, Any]]:
    """The FRESH sections an import kept at the top of the document (``samples``, ``speaking``,
    ``testimonials`` …) as other sections, ``{"title", "lines"}``: one bullet per item, its
    details as sub-bullets. The document itself is left as it is, so it still writes back."""
    found = []
    for key, (title, parts) in _EXTRA_SECTIONS.items():
        value = extra.get(key)
        if isinstance(value, dict):  # affiliation: {"summary": …, "history": [...]}
            items, intro = value.get("history"), value.get("summary")
        else:
            items, intro = value, None
        lines = [str(intro)] if isinstance(intro, str) and intro.strip() else []
        for item in (items if isinstance(items, list) else [])[:_MAX_EXTRA_ITEMS]:
            lines.extend(_extra_lines(item, parts))
        if lines:
            found.append({"title": title, "lines": lines})
    return found


def _extra_lines(item: Any, parts: tuple[str, ...]) -> list[str]:
    if isinstance(item, str):
        return [f"- {_one_line(item)}"] if item.strip() else []
    if not isinstance(item, dict):
        return []
    head = [_one_line(str(item[p])) for p in parts if isinstance(item.get(p), str | int)]
    head = [h for h in head if h]
    details = item.get("highlights")
    notes = [d for d in details if isinstance(d, str)] if isinstance(details, list) else []
    if isinstance(item.get("summary"), str):
        notes.insert(0, item["summary"])
    notes = [_one_line(n) for n in notes if n.strip()]
    if not head and not notes:
        return []
    first = (" — " if "quote" in parts else ", ").join(head) if head else notes.pop(0)
    return [f"- {first}", *(f"  - {n}" for n in notes)]


def _one_line(text: str) -> str:
    """Text on one line: a line break would end the bullet it is in."""
    return " ".join(text.split())
