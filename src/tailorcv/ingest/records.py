"""Turn the entries of a section into JSON Resume items: work, volunteer, education, projects,
certificates, awards and publications, each with a confidence per field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from tailorcv.ingest import entries, heads
from tailorcv.ingest.contact import profile_of
from tailorcv.ingest.entries import Entry
from tailorcv.ingest.lines import URL, Item, Notes, fields, full_url, is_prose, word_count
from tailorcv.ingest.lists import keywords
from tailorcv.resume.dates import DateRange
from tailorcv.skills import taxonomy

Reader = Callable[[Entry, list[str], Notes, str], dict[str, Any]]
# Levels that belong to a certificate's name, not to its issuer ("Architect - Associate").
_LEVELS = re.compile(
    r"^(?:associate|professional|practitioner|expert|specialty|foundation)\b", re.I
)


def read(key: str, lines: list[Item], links: list[str], notes: Notes, start: int) -> list[Any]:
    """The items of one section; ``start`` is how many the résumé already has (for paths)."""
    reader = _READERS[key]
    found = (
        _one_per_line(lines) if key in _LISTED and _is_plain_list(lines) else entries.split(lines)
    )
    out: list[dict[str, Any]] = []
    for entry in found:
        item = reader(entry, links, notes, f"{key}[{start + len(out)}]")
        if any(item.get(k) for k in ("name", "position", "institution", "title", "organization")):
            out.append(item)
        else:
            _forget(notes, f"{key}[{start + len(out)}]")
    return out


def _forget(notes: Notes, path: str) -> None:
    for key in [k for k in notes.confidence if k.startswith(path)]:
        del notes.confidence[key]


def _is_plain_list(lines: list[Item]) -> bool:
    """Certificates and awards are often one per line ("AWS Certified … (2022)", "Prize –
    what it was for"): every line a bullet, a sentence, a dated line or one with separators."""
    return all(
        i.bullet or is_prose(i.text) or entries.dated(i) or len(fields(i.text)) > 1 for i in lines
    )


def _one_per_line(lines: list[Item]) -> list[Entry]:
    out = []
    for item in lines:
        found = entries.dated(Item(item.text))
        dates, rest = found if found else (None, item.text)
        out.append(Entry(head=[rest], dates=dates, links=list(item.links)))
    return out


def _dates(out: dict[str, Any], dates: DateRange | None, notes: Notes, path: str) -> None:
    """Start and end dates; an ongoing entry has no end date, as JSON Resume says."""
    if dates is None or dates.start is None:
        return
    out["startDate"] = dates.start
    notes.sure(f"{path}.startDate", dates.confidence)
    if dates.end and not dates.ongoing:
        out["endDate"] = dates.end
        notes.sure(f"{path}.endDate", dates.confidence)
    elif dates.ongoing:
        notes.sure(f"{path}.endDate", dates.confidence)


def _body(out: dict[str, Any], entry: Entry, summary: str = "summary") -> None:
    """Bullets are highlights. Lines without bullets that each start a sentence are highlights
    too (a plain-text list); other lines are one paragraph of summary."""
    prose, bullets = entry.prose, list(entry.bullets)
    if not bullets and len(prose) > 1 and all(line[:1].isupper() for line in prose):
        prose, bullets = [], prose
    if prose:
        out[summary] = " ".join(prose)
    if bullets:
        out["highlights"] = bullets


def _attribute(entry: Entry, *labels: str) -> str | None:
    for label, value in entry.attributes:
        if label in labels and value:
            return value
    return None


def work(
    entry: Entry, links: list[str], notes: Notes, path: str, who: str = "name"
) -> dict[str, Any]:
    """A job: position and employer from the head, dates, place, link, summary and highlights."""
    parts = heads.read(entry.head, links)
    position, company, sure = heads.position_and_company(parts.names)
    if parts.url and (company is None or (_is_keyword(company) and not _names(parts.url, company))):
        company, sure = _domain(parts.url) or company, min(sure, 0.6)
    out: dict[str, Any] = {}
    if company:
        out[who] = company
        notes.sure(f"{path}.{who}", sure)
    if position:
        out["position"] = position
        notes.sure(f"{path}.position", sure)
    location = parts.location or _attribute(entry, "location", "ort", "lieu", "ubicación")
    if location:
        out["location"] = location
    if parts.url:
        out["url"] = parts.url
    _dates(out, entry.dates, notes, path)
    _body(out, entry)
    if who != "name":
        out.pop("location", None)
    return out


def _is_keyword(name: str) -> bool:
    """A known skill alone ("Java") that no company cue backs is one of a job's keywords."""
    return not heads.company_score(name) and taxonomy().canonical(name) is not None


def _names(url: str, company: str) -> bool:
    """The address is the employer's own ("Confluent" at confluent.io): the name stands."""
    host = (_domain(url) or "").split(".")
    folded = re.sub(r"\W+", "", company.casefold())
    return len(host) > 1 and bool(folded) and re.sub(r"\W+", "", host[-2].casefold()) == folded


def _domain(url: str) -> str | None:
    """The employer a job's only web address names: its host without "www." ("gong.io"); None
    for a profile on a network (a GitHub page names no employer)."""
    if profile_of(url):
        return None
    host = urlsplit(url if "//" in url else f"https://{url}").hostname or ""
    return host.removeprefix("www.") or None


def volunteer(entry: Entry, links: list[str], notes: Notes, path: str) -> dict[str, Any]:
    return work(entry, links, notes, path, who="organization")


def education(entry: Entry, links: list[str], notes: Notes, path: str) -> dict[str, Any]:
    """A degree: institution, study type, area, dates, score and courses."""
    parts = heads.read(entry.head, links, split_places=False)
    out: dict[str, Any] = {}
    found, sure = heads.education(parts)
    for key, value in found.items():
        out[key] = value
        notes.sure(f"{path}.{key}", sure)
    if parts.url:
        out["url"] = parts.url
    _dates(out, entry.dates, notes, path)
    score = parts.score or _attribute(entry, "gpa", "cgpa", "grade", "note", "nota", "mention")
    bullets = list(entry.bullets)
    for bullet in entry.bullets:
        found_score = heads.read([bullet], links).score
        if found_score and not score:
            score = found_score
            bullets.remove(bullet)
    if score:
        out["score"] = score
    courses = _attribute(entry, "courses", "relevant coursework", "coursework")
    out["courses"] = keywords(courses, canonical=False) if courses else bullets
    if not entry.dates:
        year = _attribute(entry, "graduation year", "graduated")
        if year and re.fullmatch(r"\d{4}", year.strip()):
            out["endDate"] = year.strip()
    return {k: v for k, v in out.items() if v}


def project(entry: Entry, links: list[str], notes: Notes, path: str) -> dict[str, Any]:
    """A project: its name, link, dates, description, highlights and keywords."""
    parts = heads.read(entry.head, links, split_places=False)
    out: dict[str, Any] = {}
    if parts.names:
        out["name"] = parts.names[0]
        notes.sure(f"{path}.name", 0.85)
        if len(parts.names) > 1:
            out["entity"] = parts.names[1]
    link = _attribute(entry, "link", "links", "url", "website", "github")
    url = parts.url or (_url(link, links) if link else None)
    if url:
        out["url"] = url
    _dates(out, entry.dates, notes, path)
    _body(out, entry, summary="description")
    stack = _attribute(entry, "technologies", "tech stack", "stack", "tools", "keywords", "skills")
    found = [*entry.keywords, *(keywords(stack) if stack else [])]
    if found:
        out["keywords"] = found
    return out


def _url(text: str, links: list[str]) -> str | None:
    found = URL.search(text)
    return full_url(found.group(), links) if found else None


def _named(
    name: str, by: str, when: str
) -> Callable[[Entry, list[str], Notes, str], dict[str, Any]]:
    """A reader for a titled item with an issuer and a date (certificate, award, publication)."""

    def reader(entry: Entry, links: list[str], notes: Notes, path: str) -> dict[str, Any]:
        parts = heads.read(entry.head, links, split_places=False)
        names = _issuer(_keep_levels(parts.names))
        out: dict[str, Any] = {}
        if names:
            out[name] = names[0]
            notes.sure(f"{path}.{name}", 0.8)
        if len(names) > 1:
            out[by] = names[1]
            notes.sure(f"{path}.{by}", 0.6)
        if parts.url:
            out["url"] = parts.url
        if entry.dates and entry.dates.start:
            out[when] = entry.dates.end or entry.dates.start
            notes.sure(f"{path}.{when}", entry.dates.confidence)
        if len(names) > 1 and word_count(names[1]) > 6:
            entry.prose.insert(0, names.pop(1))
            del out[by]
        text = " ".join([*entry.prose, *entry.bullets])
        if (text and name != "name") or (text and by == "publisher"):
            out["summary"] = text
        return out

    return reader


def _issuer(names: list[str]) -> list[str]:
    """A lone name may end with its issuer: "Certified Kubernetes Administrator, CNCF" or
    "… Administrator CNCF" (an acronym after a name of three words or more)."""
    if len(names) != 1:
        return names
    first, comma, last = names[0].rpartition(", ")
    if comma and word_count(last) <= 4:
        return [first, last]
    words = names[0].split()
    if len(words) >= 4 and re.fullmatch(r"[A-Z][A-Z0-9&]{1,7}", words[-1]):
        return [" ".join(words[:-1]), words[-1]]
    return names


def _keep_levels(names: list[str]) -> list[str]:
    """ "AWS Certified Solutions Architect", "Associate" → one name."""
    out: list[str] = []
    for name in names:
        if out and _LEVELS.match(name):
            out[-1] = f"{out[-1]} - {name}"
        else:
            out.append(name)
    return out


_READERS: dict[str, Reader] = {
    "work": work,
    "volunteer": volunteer,
    "education": education,
    "projects": project,
    "certificates": _named("name", "issuer", "date"),
    "awards": _named("title", "awarder", "date"),
    "publications": _named("name", "publisher", "releaseDate"),
}
_LISTED = frozenset({"certificates", "awards", "publications"})
