"""The faithfulness guard: a tailored résumé may only say what its source supports.

Tailoring may reorder, select, shorten and rephrase. It may not add an employer, a title, a date,
a degree, an institution, a number, a URL or a skill that the source does not state. The guard
checks every tailored version, whichever engine made it:

- **entries** (jobs, schools, projects, awards …) must each be an entry of the source, with the
  same facts: employer, title, dates, location, degree, score, issuer;
- **contact details** may be left out, never changed;
- **free text** (summary, bullets, descriptions, a letter's paragraphs) may only cite numbers
  (in digits or in words), URLs, skills and degrees that appear somewhere in the source, name
  only the organisations and products the source names, and give a past role only the title the
  source gives it. Years of experience computed from the source's work dates count as stated, and
  a skill the source lists counts whatever the word ("Go", "R", "Spark").

A cover letter is checked as a summary, with what ``Applying`` allows besides: the job ad's names,
and the job's own title and company as the role applied for.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from tailorcv.match import profile as profiles
from tailorcv.match.analyse import EDUCATION_WORDS
from tailorcv.resume.fields import texts
from tailorcv.resume.model import Resume
from tailorcv.skills import taxonomy
from tailorcv.tailor.names import known_words, unknown_names
from tailorcv.tailor.numbers import numbers_in, stated_numbers
from tailorcv.tailor.roles import mistitled, titles_by_employer

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

_URL = re.compile(r"\b(?:https?://|www\.)[^\s)\]>,;]+", re.I)
# "diploma" and "high school" say too little to check.
_DEGREES = [(lvl, re.compile(p, re.I)) for lvl, p in EDUCATION_WORDS if lvl != "high school"]
# A listed item may hold several skills: "Go/Rust", "Python (Django)".
_ITEMS = re.compile(r"[,;/|()\[\]]")


@dataclass(frozen=True)
class Violation:
    path: str  # where in the tailored résumé
    value: str  # what it says
    why: str  # why the source does not support it

    def __str__(self) -> str:
        return f"{self.path}: {self.value!r} — {self.why}"


@dataclass(frozen=True)
class Applying:
    """What a cover letter may say besides its source: the names its job ad uses, and the
    ``exempt`` phrases (the job's title and company), which are the job's words, not claims."""

    ad: str = ""
    exempt: tuple[str, ...] = ()


def guard(
    source: Resume,
    tailored: Resume,
    *,
    today: date | None = None,
    applying: Applying | None = None,
) -> list[Violation]:
    """Every claim of ``tailored`` that ``source`` does not support; empty when faithful."""
    support = _Support.of(source, today, applying or Applying())
    found = list(_contact(source, tailored))
    src = source.model_dump(by_alias=True, exclude_none=True)
    out = tailored.model_dump(by_alias=True, exclude_none=True)
    for section, (key, facts) in FACTS.items():
        found += _entries(section, key, facts, src.get(section, []), out.get(section, []))
    found += _skills_section(source, support.skills, out.get("skills", []))
    found += _free_text(support, tailored)
    return found


@dataclass(frozen=True)
class _Support:
    """What the source states, gathered once per check."""

    texts: frozenset[str]  # its free texts, normalised: kept as they are, they claim nothing new
    numbers: set[float]
    urls: set[str]
    degrees: set[str]
    skills: set[str]  # canonical names
    domains: frozenset[str]
    words: frozenset[str]  # every word it uses, for the names check
    titles: dict[str, tuple[str, ...]]  # employer → titles held there
    exempt: tuple[str, ...]

    @classmethod
    def of(cls, source: Resume, today: date | None, applying: Applying) -> _Support:
        stated = profiles.build(source, today)  # the source's skills, fields and years, once
        every = list(_strings(source.model_dump(by_alias=True, exclude_none=True)))
        free = [t.text for t in texts(source)]
        # A date states its year; its month and day count nothing ("2017-12" is no 12 people).
        years = [v[:4] for v in every if re.match(r"^\d{4}", v)]
        numbers = stated_numbers(free + years)
        numbers |= {float(math.floor(stated.years)), float(round(stated.years))}
        urls = {_norm(u).rstrip("/") for t in free for u in _URL.findall(t)}
        urls |= {_norm(u).rstrip("/") for u in every if _URL.match(u)}
        return cls(
            texts=frozenset(_norm(t) for t in free),
            numbers=numbers,
            urls=urls,
            degrees=_degrees(free),
            skills=set(stated.skills) | _listed(source),
            domains=stated.domains,
            words=known_words([*every, applying.ad]),
            titles=titles_by_employer(source),
            exempt=tuple(p for p in applying.exempt if p.strip()),
        )


def _listed(source: Resume) -> set[str]:
    """The skills the source lists in its skills section and project keywords, whatever the word:
    there "Go", "R" and "Spark" are the skills, though in a sentence the taxonomy would need
    context to tell (issue 15)."""
    items = [group.name or "" for group in source.skills]
    items += [k for group in source.skills for k in group.keywords]
    items += [k for project in source.projects for k in project.keywords]
    tax = taxonomy()
    found = set()
    for item in items:
        for part in (item, *_ITEMS.split(item)):
            skill = tax.get(part.strip(" ."))
            if skill is not None:
                found.add(skill.name)
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


def _free_text(support: _Support, tailored: Resume) -> Iterator[Violation]:
    for text in texts(tailored):
        if text.section == "skills" or _field(text.path) not in NARRATIVE:
            continue  # skills are checked word by word, facts entry by entry
        if _norm(text.text) in support.texts:
            continue  # the source's own words, moved or kept, claim nothing new
        for value, why in _claims(support, text.text):
            yield Violation(text.path, value, why)


def _claims(support: _Support, raw: str) -> Iterator[tuple[str, str]]:
    """What one text claims that the source does not support: (what it says, why not)."""
    text = _blank(raw, support.exempt)
    mentions = taxonomy().find(text, support.domains)
    for value, shown in numbers_in(text):
        if value not in support.numbers:
            yield shown, "a number the source does not state"
    for url in _URL.findall(text):
        if _norm(url).rstrip("/") not in support.urls:
            yield url, "a link the source does not give"
    for mention in mentions:
        if mention.skill.name not in support.skills:
            yield mention.text, "a skill the source never names"
    degrees = list(_degree_mentions(text))
    for level in sorted({level for level, _ in degrees} - support.degrees):
        yield level, "a degree the source does not list"
    titles = list(mistitled(raw, support.titles, support.exempt))
    for wrong in titles:
        held = " or ".join(repr(t) for t in wrong.titles)
        yield wrong.claimed, f"a title the source does not give: it says {held} there"
    covered = [(m.start, m.end) for m in mentions] + [span for _, span in degrees]
    yield from _names(support, text, covered + [t.span for t in titles])


def _names(
    support: _Support, text: str, covered: list[tuple[int, int]]
) -> Iterator[tuple[str, str]]:
    """Names the source never mentions, outside the ``covered`` skills and degrees, which have
    checks of their own; a lone skill word out of context ("Rust" where the taxonomy could not
    tell) is a skill the source never names."""
    for name in unknown_names(text, support.words, covered):
        if taxonomy().get(name) is not None:
            yield name, "a skill the source never names"
        else:
            yield name, "a name the source never mentions"


def _blank(text: str, phrases: tuple[str, ...]) -> str:
    """``text`` with the exempt phrases (a letter's job title and company) blanked out."""
    for phrase in phrases:
        text = re.sub(re.escape(phrase), " " * len(phrase), text, flags=re.I)
    return text


def _field(path: str) -> str:
    """``work[0].highlights[2]`` → ``highlights``."""
    return re.sub(r"\[\d+\]$", "", path).rsplit(".", 1)[-1]


def _strings(value: Any) -> Iterator[str]:
    """Every string of a dumped résumé, however deep."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _degrees(strings: Iterable[str]) -> set[str]:
    return {level for text in strings for level, _ in _degree_mentions(text)}


def _degree_mentions(text: str) -> Iterator[tuple[str, tuple[int, int]]]:
    """Each degree ``text`` names, by level, and where: ("doctorate", (20, 23)) for "PhD"."""
    for level, pattern in _DEGREES:
        for found in pattern.finditer(text):
            yield level, found.span()
