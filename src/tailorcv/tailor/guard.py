"""The faithfulness guard: a tailored résumé may only say what its source supports.

Tailoring may reorder, select, shorten and rephrase. It may not add an employer, a title, a date,
a degree, an institution, a number, a URL or a skill that the source does not state. The guard
checks every tailored version, whichever engine made it:

- **entries** (jobs, schools, projects, awards …) must each be an entry of the source, with the
  same facts: employer, title, dates, location, degree, score, issuer;
- **contact details** may be left out, never changed;
- **free text** (summary, bullets, descriptions) may only cite numbers, URLs, skills and degrees
  that appear somewhere in the source. Years of experience computed from the source's work dates
  count as stated.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from tailorcv.match import profile as profiles
from tailorcv.match.analyse import EDUCATION_WORDS, WORD_NUMBERS
from tailorcv.match.profile import Profile
from tailorcv.match.skills import taxonomy
from tailorcv.resume.fields import texts
from tailorcv.resume.model import Resume

# For each section: the field naming an entry, then the facts that must not change.
FACTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "work": ("name", ("position", "startDate", "endDate", "location", "url")),
    "volunteer": ("organization", ("position", "startDate", "endDate", "url")),
    "education": ("institution", ("studyType", "area", "startDate", "endDate", "score", "url")),
    "projects": ("name", ("startDate", "endDate", "url", "entity", "type")),
    "awards": ("title", ("awarder", "date")),
    "certificates": ("name", ("issuer", "date", "url")),
    "publications": ("name", ("publisher", "releaseDate", "url")),
    "languages": ("language", ("fluency",)),
    "references": ("name", ()),
}
CONTACT = ("name", "email", "phone", "url", "image")
# Fields of free text; the others (employer, dates, degree …) are facts, checked entry by entry.
NARRATIVE = frozenset(
    {"label", "summary", "description", "highlights", "keywords", "roles", "courses"}
)
WHAT = {
    "name": "employer",
    "organization": "organisation",
    "institution": "institution",
    "position": "title",
    "startDate": "start date",
    "endDate": "end date",
    "studyType": "degree",
    "area": "field of study",
}

_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*([kKmM]\b|million|billion)?")
_URL = re.compile(r"\b(?:https?://|www\.)[^\s)\]>,;]+", re.I)
_SCALE = {"k": 1e3, "m": 1e6, "million": 1e6, "billion": 1e9}


@dataclass(frozen=True)
class Violation:
    path: str  # where in the tailored résumé
    value: str  # what it says
    why: str  # why the source does not support it

    def __str__(self) -> str:
        return f"{self.path}: {self.value!r} — {self.why}"


def guard(source: Resume, tailored: Resume, *, today: date | None = None) -> list[Violation]:
    """Every claim of ``tailored`` that ``source`` does not support; empty when faithful."""
    stated = profiles.build(source, today)  # the source's skills, fields and years, once
    found = list(_contact(source, tailored))
    src = source.model_dump(by_alias=True, exclude_none=True)
    out = tailored.model_dump(by_alias=True, exclude_none=True)
    for section, (key, facts) in FACTS.items():
        found += _entries(section, key, facts, src.get(section, []), out.get(section, []))
    found += _skills_section(source, set(stated.skills), out.get("skills", []))
    found += _free_text(source, stated, tailored)
    return found


def _norm(value: Any) -> str:
    return " ".join(str(value).casefold().split())


def _contact(source: Resume, tailored: Resume) -> Iterator[Violation]:
    for name in CONTACT:
        given, had = getattr(tailored.basics, name), getattr(source.basics, name)
        if given and _norm(given) != _norm(had or ""):
            yield Violation(
                f"basics.{name}",
                given,
                f"the source says {had!r}" if had else f"the source has no {name}",
            )
    urls = {_norm(p.url) for p in source.basics.profiles if p.url}
    for index, profile in enumerate(tailored.basics.profiles):
        if profile.url and _norm(profile.url) not in urls:
            yield Violation(
                f"basics.profiles[{index}].url", profile.url, "not a profile of the source"
            )


def _entries(
    section: str, key: str, facts: tuple[str, ...], source: list[Any], tailored: list[Any]
) -> Iterator[Violation]:
    for index, entry in enumerate(tailored):
        if not isinstance(entry, dict):
            continue
        path = f"{section}[{index}]"
        name = entry.get(key)
        candidates = [
            s for s in source if isinstance(s, dict) and _norm(s.get(key, "")) == _norm(name or "")
        ]
        if not candidates:
            what = WHAT.get(key, key)
            yield Violation(
                f"{path}.{key}", str(name or ""), f"no {what} of that name in the source"
            )
            continue
        best = min(candidates, key=lambda s: len(_differences(entry, s, facts)))
        for fact in _differences(entry, best, facts):
            if fact == "endDate" and "endDate" not in entry:
                yield Violation(
                    f"{path}.endDate", "(ongoing)", f"the source ends it {best['endDate']}"
                )
                continue
            had = best.get(fact)
            why = (
                f"the source says {had!r}"
                if had
                else f"the source states no {WHAT.get(fact, fact)}"
            )
            yield Violation(f"{path}.{fact}", str(entry[fact]), why)


def _differences(
    entry: dict[str, Any], source: dict[str, Any], facts: tuple[str, ...]
) -> list[str]:
    """Facts the entry states otherwise than the source; an ended role made ongoing counts."""
    found = [f for f in facts if f in entry and _norm(entry[f]) != _norm(source.get(f, ""))]
    if (
        "endDate" in facts
        and "endDate" in source
        and "startDate" in source
        and "endDate" not in entry
    ):
        found.append("endDate")
    return found


def _skills_section(source: Resume, supported: set[str], skills: list[Any]) -> Iterator[Violation]:
    known = {_norm(t.text) for t in texts(source)}
    tax = taxonomy()
    for index, group in enumerate(skills):
        if not isinstance(group, dict):
            continue
        for position, word in enumerate(group.get("keywords", [])):
            canonical = tax.canonical(word)
            if _norm(word) in known or (canonical and canonical in supported):
                continue
            yield Violation(
                f"skills[{index}].keywords[{position}]", word, "a skill the source never names"
            )
        name = group.get("name")
        canonical = tax.canonical(name) if name else None
        if name and canonical and canonical not in supported and _norm(name) not in known:
            yield Violation(f"skills[{index}].name", name, "a skill the source never names")


def _free_text(source: Resume, stated: Profile, tailored: Resume) -> Iterator[Violation]:
    source_texts = [t.text for t in texts(source)] + _dated(source)
    numbers = set(_numbers(source_texts))
    numbers |= {float(math.floor(stated.years)), float(round(stated.years))}
    urls = {_norm(u).rstrip("/") for t in source_texts for u in _URL.findall(t)}
    urls |= {_norm(u).rstrip("/") for u in _all_urls(source)}
    degrees = _degrees(source_texts)
    tax = taxonomy()
    for text in texts(tailored):
        if text.section == "skills" or _field(text.path) not in NARRATIVE:
            continue  # skills are checked word by word, facts entry by entry
        for value, shown in _numbers_shown(text.text):
            if value not in numbers:
                yield Violation(text.path, shown, "a number the source does not state")
        for url in _URL.findall(text.text):
            if _norm(url).rstrip("/") not in urls:
                yield Violation(text.path, url, "a link the source does not give")
        for mention in tax.find(text.text, stated.domains):
            if mention.skill.name not in stated.skills:
                yield Violation(text.path, mention.text, "a skill the source never names")
        for level in _degrees([text.text]) - degrees:
            yield Violation(text.path, level, "a degree the source does not list")


def _field(path: str) -> str:
    """``work[0].highlights[2]`` → ``highlights``."""
    return re.sub(r"\[\d+\]$", "", path).rsplit(".", 1)[-1]


def _dated(resume: Resume) -> list[str]:
    data = resume.model_dump(by_alias=True, exclude_none=True)
    return [str(v) for v in _walk(data) if isinstance(v, str) and re.match(r"^\d{4}", v)]


def _all_urls(resume: Resume) -> list[str]:
    data = resume.model_dump(by_alias=True, exclude_none=True)
    return [v for v in _walk(data) if isinstance(v, str) and _URL.match(v)]


def _walk(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)
    else:
        yield value


def _numbers_shown(text: str) -> Iterator[tuple[float, str]]:
    for found in _NUMBER.finditer(text):
        digits, scale = found.group(1), (found.group(2) or "").lower()
        value = float(digits.replace(",", "")) * _SCALE.get(scale, 1)
        yield value, found.group(0).strip()
    for word in re.findall(r"[a-z]+", text.lower()):
        if word in WORD_NUMBERS and word not in ("zero", "one"):  # "one of", "zero downtime"
            yield float(WORD_NUMBERS[word]), word


def _numbers(strings: Iterable[str]) -> Iterator[float]:
    for text in strings:
        for value, _ in _numbers_shown(text):
            yield value
        for found in re.finditer(r"\d+", text):  # every digit run, so "2021-03" supports 2021 and 3
            yield float(found.group(0))


def _degrees(strings: Iterable[str]) -> set[str]:
    found = set()
    for text in strings:
        for level, pattern in EDUCATION_WORDS:
            if level != "high school" and re.search(pattern, text, re.I):
                found.add(level)
    return found
