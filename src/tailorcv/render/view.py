"""What every output shows, decided once: the résumé as a plain ``View`` for templates to lay out.

Every renderer (Typst templates, HTML, text, Markdown, DOCX) reads the same view, so that the
sections, their order, the dates and the headings are identical in every format. The view is plain
data — strings, lists, dicts — so it crosses into Typst as JSON through ``sys.inputs``.

Shape (also documented in ``templates/README.md``)::

    {"lang", "dir", "name", "label", "summary", "summary_runs",
     "contact": [{"kind", "text", "url"}],
     "sections": [{"key", "title", "layout": "entries" | "tags" | "lines",
                   "entries": [{"title", "subtitle", "location", "dates", "url", "url_text",
                                "note", "summary", "bullets", "tags", "detail",
                                "note_runs", "summary_runs", "items"}]}],
     "document": {"title", "author", "keywords"}, "headings": {...},
     "design": {"accent", "font", "size", "margin", "spacing", "paper"}}

``design`` is ``meta.design`` (``tailorcv.resume.design``) as every output needs it: ``""`` or
``0`` where the owner left the choice to the template, ``paper`` always ``"a4"`` or ``"letter"``.
The section order and hidden sections of ``meta.design`` are applied here, to ``sections``, so
that every output shows the same sections in the same order.

Rich text (``tailorcv.resume.richtext``): ``summary`` and an entry's ``summary`` and ``note`` are
plain text, and ``*_runs`` the same text as runs ``{"text", "strong", "emph", "url"}`` with its
Markdown emphasis and links (a RenderCV or FRESH import's; titles are plain, their marks taken
out). ``items`` are the entry's bullets as a tree, ``{"runs", "items"}``, sub-bullets nested;
``bullets`` is every item's plain text in reading order. Other sections (``otherSections``)
follow the JSON Resume ones, layout ``"lines"``, key ``other-`` and their title
(``other-patents``): their entries have only text and items.

Every key is present; an absent value is ``""`` or ``[]`` so that templates never test for none.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from tailorcv.render import locale as locales
from tailorcv.resume import dates, fresh, others, richtext
from tailorcv.resume.design import Design
from tailorcv.resume.model import (
    Award,
    Basics,
    Certificate,
    Education,
    Interest,
    Language,
    Project,
    Publication,
    Reference,
    Resume,
    Skill,
    Volunteer,
    Work,
)
from tailorcv.resume.richtext import safe_url as safe_url  # here since every output uses it
from tailorcv.resume.section import Section

View = dict[str, Any]
Entry = dict[str, Any]
_RICH = ("summary", "note")  # entry text shown with its emphasis and links (``*_runs``)


def build(resume: Resume) -> View:
    """The view of ``resume`` in its own locale (``meta.locale``), its dates written as
    ``meta.design.dateFormat`` asks."""
    design = resume.design
    loc = locales.with_date_format(locales.get(resume.locale), design.date_format)
    name = resume.basics.name or ""
    reader = richtext.Reader(bool(resume.meta.markdown))
    shown = [_rich_section(s, reader) for s in _sections(resume, loc) if s["entries"]]
    sections = arrange([*shown, *_other_sections(resume, reader)], design)
    summary = reader.runs(
        "" if "summary" in design.hidden_sections else resume.basics.summary or ""
    )
    return {
        "lang": loc.code,
        "dir": loc.direction,
        "name": name,
        "label": resume.basics.label or "",
        "summary": _text(summary),
        "summary_runs": summary,
        "contact": _contact(resume.basics),
        "sections": sections,
        "headings": loc.headings,
        "document": {
            "title": " – ".join(p for p in (name, resume.basics.label or "") if p) or "Résumé",
            "author": name,
            "keywords": _keywords(resume),
        },
        "design": design_view(design),
    }


def design_view(design: Design) -> dict[str, Any]:
    """The owner's design choices as plain values, ``""``/``0`` for "the template's own"."""
    return {
        "accent": design.accent or "",
        "font": design.font or "",
        "size": design.font_size or 0,
        "margin": design.margins or 0,
        "spacing": design.line_spacing or 0,
        "paper": design.paper or "a4",
    }


def arrange(sections: list[dict[str, Any]], design: Design) -> list[dict[str, Any]]:
    """The sections without the hidden ones, those named in ``section_order`` first in that
    order, the rest after them in their usual order."""
    shown = [s for s in sections if s["key"] not in design.hidden_sections]
    rank = {key: i for i, key in enumerate(design.section_order)}
    return sorted(shown, key=lambda s: rank.get(s["key"], len(rank)))  # stable: usual order kept


def display_url(url: str) -> str:
    """A URL as people write it: no scheme, no trailing slash."""
    for prefix in ("https://", "http://", "mailto:", "tel:"):
        if url.startswith(prefix):
            url = url[len(prefix) :]
            break
    return url.removeprefix("www.").rstrip("/")


def date_range(start: str | None, end: str | None, loc: locales.Locale) -> str:
    first = _date(start, loc)
    last = _date(end, loc) if end else (loc.present if start else "")
    if first and last and first != last:
        return f"{first} – {last}"
    return first or last


def _date(value: str | None, loc: locales.Locale) -> str:
    if not value:
        return ""
    try:
        return locales.format_date(dates.parse(value), loc)
    except ValueError:
        return value


def _entry(**given: Any) -> Entry:
    url = safe_url(given.pop("url", None))
    entry: Entry = {
        "title": "",
        "subtitle": "",
        "location": "",
        "dates": "",
        "note": "",
        "summary": "",
        "detail": "",
        "bullets": [],
        "tags": [],
        "url": url,
        "url_text": display_url(url) if url else "",
        "summary_runs": [],
        "note_runs": [],
        "items": [],
    }
    for key, value in given.items():
        if isinstance(value, list):
            entry[key] = [v for v in value if v]
        else:
            entry[key] = value or ""
    return entry


def _contact(basics: Basics) -> list[dict[str, str]]:
    items = []
    if basics.email:
        items.append(
            {"kind": "email", "text": basics.email, "url": safe_url(f"mailto:{basics.email}")}
        )
    if basics.phone:
        dial = "".join(c for c in basics.phone if c.isdigit() or c == "+")
        items.append({"kind": "phone", "text": basics.phone, "url": f"tel:{dial}" if dial else ""})
    if basics.location:
        where = basics.location
        parts = [where.city, where.region, where.country_code]
        text = ", ".join(p for p in parts if p) or where.address or ""
        if text:
            items.append({"kind": "location", "text": text, "url": ""})
    if basics.url:
        url = safe_url(basics.url)
        items.append({"kind": "url", "text": display_url(url) if url else basics.url, "url": url})
    for profile in basics.profiles:
        url = safe_url(profile.url)
        text = display_url(url) if url else (profile.username or "")
        if text:
            items.append({"kind": (profile.network or "profile").lower(), "text": text, "url": url})
    return items


def _keywords(resume: Resume) -> list[str]:
    seen: dict[str, None] = {}
    for skill in resume.skills:
        for word in (skill.name, *skill.keywords):
            if word:
                seen.setdefault(word, None)
    return list(seen)


def _work(item: Work | Volunteer, loc: locales.Locale) -> Entry:
    company = item.name if isinstance(item, Work) else item.organization
    return _entry(
        title=item.position or company,
        subtitle=company if item.position else "",
        location=getattr(item, "location", None),
        dates=date_range(item.start_date, item.end_date, loc),
        url=item.url,
        note=getattr(item, "description", None),
        summary=item.summary,
        bullets=item.highlights,
        tags=_extras(item, "keywords"),
    )


def _education(item: Education, loc: locales.Locale) -> Entry:
    degree = ", ".join(p for p in (item.study_type, item.area) if p)
    return _entry(
        title=degree or item.institution,
        subtitle=item.institution if degree else "",
        location=_extra(item, "location"),
        dates=date_range(item.start_date, item.end_date, loc),
        url=item.url,
        note=f"{loc.score}: {item.score}" if item.score else "",
        summary=_extra(item, "summary"),
        bullets=[*_extras(item, "highlights"), *item.courses],
    )


def _project(item: Project, loc: locales.Locale) -> Entry:
    summary = _extra(item, "summary")  # Reactive Resume's, beside a one-line description
    return _entry(
        title=item.name,
        subtitle=", ".join(p for p in (item.entity, *item.roles) if p),
        dates=date_range(item.start_date, item.end_date, loc),
        url=item.url,
        note=item.description if summary else "",
        summary=summary or item.description,
        bullets=item.highlights,
        tags=item.keywords,
    )


def _award(item: Award, loc: locales.Locale) -> Entry:
    return _entry(
        title=item.title, subtitle=item.awarder, dates=_date(item.date, loc), summary=item.summary
    )


def _certificate(item: Certificate, loc: locales.Locale) -> Entry:
    return _entry(title=item.name, subtitle=item.issuer, dates=_date(item.date, loc), url=item.url)


def _publication(item: Publication, loc: locales.Locale) -> Entry:
    return _entry(
        title=item.name,
        subtitle=item.publisher,
        dates=_date(item.release_date, loc),
        url=item.url,
        note=", ".join(_extras(item, "authors")),
        summary=item.summary,
    )


def _skill(item: Skill, loc: locales.Locale) -> Entry:
    return _entry(title=item.name, detail=item.level, tags=item.keywords)


def _language(item: Language, loc: locales.Locale) -> Entry:
    return _entry(title=item.language, detail=item.fluency)


def _interest(item: Interest, loc: locales.Locale) -> Entry:
    return _entry(title=item.name, tags=item.keywords)


def _reference(item: Reference, loc: locales.Locale) -> Entry:
    return _entry(title=item.name, summary=item.reference)


def _section(
    key: str,
    layout: str,
    items: Iterable[Any],
    make: Callable[[Any, locales.Locale], Entry],
    loc: locales.Locale,
) -> dict[str, Any]:
    entries = [make(item, loc) for item in items]
    kept = [e for e in entries if any(e[k] for k in ("title", "summary", "bullets", "tags"))]
    return {"key": key, "title": loc.headings[key], "layout": layout, "entries": kept}


def _sections(resume: Resume, loc: locales.Locale) -> list[dict[str, Any]]:
    return [
        _section("work", "entries", resume.work, _work, loc),
        _section("education", "entries", resume.education, _education, loc),
        _section("skills", "tags", resume.skills, _skill, loc),
        _section("projects", "entries", resume.projects, _project, loc),
        _section("volunteer", "entries", resume.volunteer, _work, loc),
        _section("awards", "entries", resume.awards, _award, loc),
        _section("certificates", "entries", resume.certificates, _certificate, loc),
        _section("publications", "entries", resume.publications, _publication, loc),
        _section("languages", "tags", resume.languages, _language, loc),
        _section("interests", "tags", resume.interests, _interest, loc),
        _section("references", "entries", resume.references, _reference, loc),
    ]


def _extra(item: Section, key: str) -> str:
    """A text field JSON Resume does not define but an import kept (RenderCV's education
    ``location``, Reactive Resume's project ``summary``), or ``""``."""
    value = (item.model_extra or {}).get(key)
    return str(value) if isinstance(value, str | int | float) and value != "" else ""


def _extras(item: Section, key: str) -> list[str]:
    """A list of texts JSON Resume does not define but an import kept (education
    ``highlights``, publication ``authors``), or ``[]``."""
    value = (item.model_extra or {}).get(key)
    values = value if isinstance(value, list) else [value]
    return [str(v) for v in values if isinstance(v, str | int | float) and v != ""]


def _rich_section(section: dict[str, Any], reader: richtext.Reader) -> dict[str, Any]:
    """The section with each entry's text as runs beside it, its bullets as nested items; its
    titles plain, without the marks Markdown put in them (a FRESH employer, "**Company**")."""
    for entry in section["entries"]:
        for key in ("title", "subtitle"):
            entry[key] = reader.plain(entry[key])
        for key in _RICH:
            entry[f"{key}_runs"] = reader.runs(entry[key])
            entry[key] = _text(entry[f"{key}_runs"])
        entry["items"] = [reader.bullet(b) for b in entry["bullets"]]
        entry["bullets"] = richtext.flat(entry["items"])
    return section


def _other_sections(resume: Resume, reader: richtext.Reader) -> list[dict[str, Any]]:
    """``otherSections`` (``tailorcv.resume.others``) and the FRESH sections an import kept
    (``fresh.extra_sections``), each a section of its own under its own title, its key
    ``other-`` and the title in lower case (``other-invited-talks``)."""
    found = []
    keys: set[str] = set()
    extra = resume.model_extra or {}
    for other in [*others.read(extra.get(others.KEY)), *fresh.extra_sections(extra)]:
        entries = _line_entries(other["lines"], reader)
        if entries:
            key = _other_key(other["title"], keys)
            found.append(
                {"key": key, "title": other["title"], "layout": "lines", "entries": entries}
            )
    return found


def _other_key(title: str, taken: set[str]) -> str:
    """A key for ``meta.design.sectionOrder`` and ``hiddenSections``: stable while the title
    is, and unique within the résumé (a second "Talks" is ``other-talks-2``)."""
    base = "other-" + (re.sub(r"\W+", "-", title.casefold()).strip("-")[:60] or "section")
    key, number = base, 1
    while key in taken:
        number += 1
        key = f"{base}-{number}"
    taken.add(key)
    return key


def _line_entries(lines: list[str], reader: richtext.Reader) -> list[Entry]:
    """The lines of an other section as body-only entries: lines of text together as one
    summary (a line each), bullet lines together as one list."""
    groups: list[tuple[bool, list[str]]] = []
    for line in lines:
        if not line.strip():
            continue
        listed = richtext.is_bullet(line)
        if groups and groups[-1][0] == listed:
            groups[-1][1].append(line)
        else:
            groups.append((listed, [line]))
    entries = []
    for listed, group in groups:
        entry = _entry()
        if listed:
            entry["items"] = reader.outline(group)
            entry["bullets"] = richtext.flat(entry["items"])
        else:
            entry["summary_runs"] = reader.runs("\n".join(line.strip() for line in group))
            entry["summary"] = _text(entry["summary_runs"])
        entries.append(entry)
    return entries


def _text(runs: list[dict[str, Any]]) -> str:
    return "".join(r["text"] for r in runs)
