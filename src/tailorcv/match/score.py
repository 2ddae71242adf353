"""Score a résumé against an analysed job: 0–100, and every point accounted for.

The score is the sum of its parts. Each part has a weight (out of 100) and earns a fraction of it,
with the evidence that decided the fraction. A part the ad gives nothing to judge by (no degree
asked, no years stated) is marked not applicable, says why, and its weight is shared among the
other parts of the fit, so that a short ad does not hand out free points; the two parts about the
résumé itself (completeness, readability) keep their small weights whatever the ad says.

| part | base weight | earns |
| --- | --- | --- |
| required skills | 25 | weighted share of required skills shown (a long list shares a weight) |
| preferred skills | 10 | weighted share of the preferred skills (other keywords count half) |
| role and discipline (`title`) | 15 | titles alike (60 %), kinds of skill alike (40 %) |
| level and terms | 15 | level against the résumé's; hours, contract and place of the post |
| years of experience | 10 | years in relevant roles ÷ years asked, at most 1 |
| education | 5 | 1 at or above the degree asked, ½ one level below |
| wording | 15 | share of the ad's own terms the résumé uses (what no taxonomy names) |
| completeness | 3 | contact, summary, dates, quantified bullets |
| ATS readability | 2 | name, standard sections, skills listed, sane bullets; PDF text order |

An ad that gives little to judge by (no title, no requirements, a few lines) makes a
low-confidence score: ``Match.confidence`` says so and ``Match.notes`` says why.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from tailorcv.match import fit
from tailorcv.match import parts as p
from tailorcv.match import profile as profiles
from tailorcv.match.analyse import JobAnalysis
from tailorcv.match.fit import Raw
from tailorcv.match.parts import Tally, tally
from tailorcv.match.profile import Profile
from tailorcv.match.suggestions import suggestions
from tailorcv.resume.model import Resume

if TYPE_CHECKING:
    from tailorcv.ingest.readback import Readback

WEIGHTS = {
    "required": 25.0,
    "preferred": 6.0,
    "title": 15.0,
    "level": 17.0,
    "terms": 8.0,
    "years": 10.0,
    "education": 4.0,
    "text": 10.0,
    "completeness": 3.0,
    "readability": 2.0,
}
LABELS = {
    "required": "Required skills",
    "preferred": "Preferred skills",
    "title": "Role and discipline",
    "level": "Level",
    "terms": "Terms of the post",
    "years": "Years of experience",
    "education": "Education",
    "text": "Wording",
    "completeness": "Completeness",
    "readability": "ATS readability",
}
FIXED = frozenset({"completeness", "readability"})  # about the résumé: never take others' weight


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
    weight: float = 1.0  # its share of the sentence that asks it (analyse.SkillAsk.weight)


@dataclass
class Match:
    score: float
    parts: list[Part]
    skills: list[SkillMatch]
    suggestions: list[str]
    confidence: str = "normal"  # "low" when the ad gives little to judge by
    notes: list[str] = field(default_factory=list)  # why the confidence is low

    def tally(self, tier: str) -> Tally:
        """The asked skills of ``tier`` met and missing, either-or groups counted once: the one
        count that the report, the batch page, its CSV and the API all show."""
        return tally(self.skills, tier)

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
            "counts": {
                tier: {"met": len(t.met), "total": t.total, "missing": list(t.missing)}
                for tier in ("required", "preferred")
                for t in [self.tally(tier)]
            },
            "confidence": self.confidence,
            "notes": self.notes,
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
        fit.discipline(prof, analysis),
        fit.level(prof, analysis),
        fit.terms(prof, analysis),
        p.years(prof, analysis),
        p.education(prof, analysis),
        fit.text(prof, analysis),
        p.completeness(prof.resume),
        p.readability(prof.resume, readback),
    ]
    parts = _weigh(raw)
    total = round(sum(p.points for p in parts), 1)
    notes = list(analysis.problems)
    return Match(
        total,
        parts,
        skills,
        suggestions(prof, analysis, skills, raw),
        "low" if notes else "normal",
        notes,
    )


def _weigh(raw: list[Raw]) -> list[Part]:
    """Weights out of 100: the fixed parts keep theirs, the parts of the fit that apply share
    the rest in proportion to their base weights."""
    fixed = sum(WEIGHTS[key] for key in FIXED)
    applicable = sum(
        WEIGHTS[key] for key, fraction, _ in raw if fraction is not None and key not in FIXED
    )
    parts = []
    for key, fraction, evidence in raw:
        if fraction is None:
            weight = 0.0
        elif key in FIXED or not applicable:
            weight = WEIGHTS[key] * (1 if applicable else 100 / fixed)
        else:
            weight = WEIGHTS[key] * (100 - fixed) / applicable
        points = round(weight * fraction, 1) if fraction is not None else 0.0
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
                    ask.weight,
                )
            )
    return out
