"""Knock-out criteria set on a batch: must have skill X, at least N years, a degree, a language.

A candidate who misses one is not dropped: the ranking lists them apart, each with the reason
(issue 9). Criteria are checked against a candidate's *facts* (``facts_of``), a small summary kept
with the item's result, so that a cached result can be judged against new criteria without
reading the file again.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from tailorcv.errors import UserError
from tailorcv.match.analyse import EDUCATION
from tailorcv.match.profile import Profile
from tailorcv.skills import taxonomy

MAX_LISTED = 50  # skills or languages one batch may require


class InvalidCriteria(UserError):
    status = 422
    type = "https://tailorcv.dev/problems/invalid-criteria"
    title = "Invalid knock-out criteria"


@dataclass(frozen=True)
class Criteria:
    skills: tuple[str, ...] = ()
    min_years: float | None = None
    degree: str | None = None  # one of match.analyse.EDUCATION
    languages: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        return {**data, "skills": list(self.skills), "languages": list(self.languages)}

    def __bool__(self) -> bool:
        return bool(self.skills or self.min_years or self.degree or self.languages)


def parse_criteria(raw: str | dict[str, Any] | None) -> Criteria:
    """Criteria from JSON text or a mapping; ``InvalidCriteria`` (422) saying what is wrong."""
    if raw in (None, ""):
        return Criteria()
    data = _mapping(raw)
    unknown = set(data) - {"skills", "min_years", "degree", "languages"}
    if unknown:
        raise InvalidCriteria(
            f"criteria: unknown key(s) {sorted(unknown)}; use skills, min_years, degree, languages"
        )
    return Criteria(
        skills=_names(data.get("skills"), "skills"),
        min_years=_years(data.get("min_years")),
        degree=_degree(data.get("degree")),
        languages=_names(data.get("languages"), "languages"),
    )


MAX_CRITERIA_CHARS = 10_000  # a few skills, years, a degree and languages fit in far less


def _mapping(raw: str | dict[str, Any]) -> dict[str, Any]:
    if isinstance(raw, str):
        if len(raw) > MAX_CRITERIA_CHARS:
            raise InvalidCriteria(f"criteria: over {MAX_CRITERIA_CHARS} characters; send fewer")
        try:
            raw = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise InvalidCriteria(f"criteria: not JSON ({exc.msg} at column {exc.colno})") from None
        except (ValueError, RecursionError):  # a 5,000-digit number; nesting past the stack
            raise InvalidCriteria("criteria: a number too long or nesting too deep") from None
    if not isinstance(raw, dict):
        raise InvalidCriteria('criteria: give a JSON object such as {"skills": ["Python"]}')
    return raw


def _names(value: object, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise InvalidCriteria(f"criteria.{key}: give a list of non-empty names")
    if len(value) > MAX_LISTED:
        raise InvalidCriteria(f"criteria.{key}: at most {MAX_LISTED} names")
    return tuple(dict.fromkeys(v.strip()[:100] for v in value))


def _years(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 60:
        raise InvalidCriteria("criteria.min_years: give a number of years from 0 to 60")
    return float(value) or None


def _degree(value: object) -> str | None:
    if value is None:
        return None
    level = str(value).strip().lower()
    if level not in EDUCATION:
        raise InvalidCriteria(f"criteria.degree: one of {', '.join(EDUCATION)}")
    return level


@dataclass(frozen=True)
class Facts:
    """What the criteria look at, small enough to store with every item's result."""

    skills: tuple[str, ...] = ()  # canonical names the résumé shows
    terms: tuple[str, ...] = ()  # lower-cased skill names and keywords, for unknown skills
    years: float = 0.0
    education: str | None = None
    languages: tuple[str, ...] = ()  # lower-cased

    def to_dict(self) -> dict[str, Any]:
        return {
            "skills": list(self.skills),
            "terms": list(self.terms),
            "years": self.years,
            "education": self.education,
            "languages": list(self.languages),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Facts:
        return cls(
            skills=tuple(data.get("skills") or ()),
            terms=tuple(data.get("terms") or ()),
            years=float(data.get("years") or 0.0),
            education=data.get("education"),
            languages=tuple(data.get("languages") or ()),
        )


def facts_of(prof: Profile) -> Facts:
    resume = prof.resume
    terms = {s.name.lower() for s in resume.skills if s.name}
    terms |= {k.lower() for s in resume.skills for k in s.keywords if k}
    languages = {lang.language.strip().lower() for lang in resume.languages if lang.language}
    return Facts(
        skills=tuple(sorted(prof.skills)),
        terms=tuple(sorted(terms)),
        years=round(prof.years, 1),
        education=prof.education,
        languages=tuple(sorted(languages)),
    )


def knockouts(facts: Facts, criteria: Criteria) -> list[str]:
    """The reasons ``facts`` miss ``criteria`` (empty: the candidate passes every one)."""
    reasons = [
        f"missing required skill {name}" for name in criteria.skills if not _has(facts, name)
    ]
    if criteria.min_years and facts.years < criteria.min_years:
        reasons.append(f"{facts.years:g} years of experience, {criteria.min_years:g} required")
    if criteria.degree and not _degree_meets(facts.education, criteria.degree):
        shown = facts.education or "no degree found"
        reasons.append(f"{shown}; a {criteria.degree} degree or higher is required")
    for language in criteria.languages:
        if language.strip().lower() not in facts.languages:
            reasons.append(f"language {language} not listed")
    return reasons


def _has(facts: Facts, name: str) -> bool:
    canonical = taxonomy().canonical(name)
    if canonical is not None and canonical in facts.skills:
        return True
    return name.strip().lower() in facts.terms


def _degree_meets(have: str | None, asked: str) -> bool:
    return have in EDUCATION and EDUCATION.index(have) >= EDUCATION.index(asked)
