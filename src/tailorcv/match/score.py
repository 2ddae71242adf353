"""Score a résumé against an analysed job: 0–100, and every point accounted for.

The score is the sum of its parts. Each part has a weight (out of 100) and earns a fraction of it,
with the evidence that decided the fraction. A part the job does not ask about (no degree asked,
no years stated) is marked not applicable and its weight is shared among the others, so that a
short ad does not hand out free points.

| part | base weight | earns |
| --- | --- | --- |
| required skills | 40 | share of required skills the résumé shows |
| preferred skills | 15 | share of preferred skills (other keywords count half) |
| title and seniority | 10 | title words in common (70 %), seniority level (30 %) |
| years of experience | 15 | years from the work dates ÷ years asked, at most 1 |
| education | 10 | 1 at or above the degree asked, ½ one level below |
| completeness | 5 | contact, summary, dates, quantified bullets |
| ATS readability | 5 | name, standard sections, skills listed, sane bullets; PDF text order |
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from tailorcv.match import parts as p
from tailorcv.match import profile as profiles
from tailorcv.match.analyse import JobAnalysis
from tailorcv.match.parts import Raw
from tailorcv.match.profile import Profile
from tailorcv.match.suggestions import suggestions
from tailorcv.resume.model import Resume

if TYPE_CHECKING:
    from tailorcv.ingest.readback import Readback

WEIGHTS = {
    "required": 40.0,
    "preferred": 15.0,
    "title": 10.0,
    "years": 15.0,
    "education": 10.0,
    "completeness": 5.0,
    "readability": 5.0,
}
LABELS = {
    "required": "Required skills",
    "preferred": "Preferred skills",
    "title": "Title and seniority",
    "years": "Years of experience",
    "education": "Education",
    "completeness": "Completeness",
    "readability": "ATS readability",
}


@dataclass
class Part:
    key: str
    label: str
    weight: float  # share of 100 this part carries for this job (0 when not applicable)
    points: float  # what the résumé earned of it
    evidence: list[str] = field(default_factory=list)


@dataclass
class SkillMatch:
    name: str
    category: str
    tier: str  # required | preferred | keyword
    matched: bool
    where: list[str]  # JSON paths in the résumé
    asked: str  # the job's sentence
    in_title: bool = False
    alternatives: tuple[str, ...] = ()
    satisfied_by: str | None = None  # the alternative that meets the need when this one is absent


@dataclass
class Match:
    score: float
    parts: list[Part]
    skills: list[SkillMatch]
    suggestions: list[str]

    @property
    def matched(self) -> list[SkillMatch]:
        return [s for s in self.skills if s.matched]

    @property
    def missing(self) -> list[SkillMatch]:
        """Skills neither shown nor covered by an alternative the résumé shows."""
        return [s for s in self.skills if not s.matched and not s.satisfied_by]

    def to_dict(self) -> dict[str, Any]:
        """The documented, stable JSON shape (see docs/match.md)."""
        return {
            "score": self.score,
            "parts": [asdict(p) for p in self.parts],
            "matched": [_skill_dict(s) for s in self.matched],
            "missing": [_skill_dict(s) for s in self.missing],
            "suggestions": self.suggestions,
        }


def _skill_dict(skill: SkillMatch) -> dict[str, Any]:
    return {
        "skill": skill.name,
        "category": skill.category,
        "tier": skill.tier,
        "where": skill.where,
        "asked": skill.asked,
        "alternatives": list(skill.alternatives),
    }


def score(
    resume: Resume | Profile,
    analysis: JobAnalysis,
    *,
    readback: Readback | None = None,
    today: date | None = None,
) -> Match:
    """Score ``resume`` (or its prebuilt profile) against ``analysis``.

    ``readback`` is what an applicant-tracking system reads back of the résumé's PDF
    (``tailorcv.ingest.readback``), when there is one: the readability part then counts the share
    of fields it recovered and whether they came back in order.
    """
    prof = resume if isinstance(resume, Profile) else profiles.build(resume, today)
    skills = _skill_matches(prof, analysis)
    raw = [
        p.required(skills),
        p.preferred(skills),
        p.title(prof, analysis),
        p.years(prof, analysis),
        p.education(prof, analysis),
        p.completeness(prof.resume),
        p.readability(prof.resume, readback),
    ]
    parts = _weigh(raw)
    total = round(sum(p.points for p in parts), 1)
    return Match(total, parts, skills, suggestions(prof, analysis, skills, raw))


def _weigh(raw: list[Raw]) -> list[Part]:
    applicable = sum(WEIGHTS[key] for key, fraction, _ in raw if fraction is not None)
    parts = []
    for key, fraction, evidence in raw:
        weight = WEIGHTS[key] * 100 / applicable if fraction is not None else 0.0
        points = round(weight * (fraction or 0.0), 1)
        parts.append(Part(key, LABELS[key], round(weight, 1), points, evidence))
    return parts


def _skill_matches(prof: Profile, analysis: JobAnalysis) -> list[SkillMatch]:
    out = []
    for tier, asks in (
        ("required", analysis.required),
        ("preferred", analysis.preferred),
        ("keyword", analysis.keywords),
    ):
        for ask in asks:
            where = [t.path for t in prof.skills.get(ask.name, [])]
            instead = (
                next((a for a in ask.alternatives if a in prof.skills), None) if not where else None
            )
            out.append(
                SkillMatch(
                    ask.name,
                    ask.category,
                    tier,
                    bool(where),
                    where,
                    ask.evidence,
                    ask.in_title,
                    ask.alternatives,
                    instead,
                )
            )
    return out
