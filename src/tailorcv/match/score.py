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

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from tailorcv.match import profile as profiles
from tailorcv.match.analyse import EDUCATION, SENIORITY, JobAnalysis
from tailorcv.match.profile import Profile, is_quantified
from tailorcv.resume.fields import entry_label, texts
from tailorcv.resume.model import Resume

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
SOFT_SKILLS = "soft skills"
_TITLE_NOISE = frozenset(
    {
        "a",
        "an",
        "and",
        "the",
        "of",
        "for",
        "in",
        "at",
        "to",
        "with",
        "senior",
        "sr",
        "junior",
        "jr",
        "lead",
        "principal",
        "staff",
        "head",
        "mid",
        "level",
        "i",
        "ii",
        "iii",
        "iv",
        "remote",
        "hybrid",
    }
)
_TITLE_SYNONYMS = {
    "developer": "engineer",
    "programmer": "engineer",
    "dev": "engineer",
    "swe": "engineer",
    "sde": "engineer",
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
    pdf_text: str | None = None,
    today: date | None = None,
) -> Match:
    """Score ``resume`` (or its prebuilt profile) against ``analysis``.

    ``pdf_text`` is the text extracted from the résumé's PDF, when there is one: the readability
    part then also checks that it reads in order.
    """
    prof = resume if isinstance(resume, Profile) else profiles.build(resume, today)
    skills = _skill_matches(prof, analysis)
    raw = [
        _required(skills),
        _preferred(skills),
        _title(prof, analysis),
        _years(prof, analysis),
        _education(prof, analysis),
        _completeness(prof.resume),
        _readability(prof.resume, pdf_text),
    ]
    parts = _weigh(raw)
    total = round(sum(p.points for p in parts), 1)
    return Match(total, parts, skills, _suggestions(prof, analysis, skills, raw))


# --- parts: each returns (key, fraction earned or None when not applicable, evidence) ----------

Raw = tuple[str, float | None, list[str]]


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


def _weight(skill: SkillMatch) -> float:
    """Soft skills ("communication") are asked everywhere and shown rarely: they count a third.
    A skill the job title names ("Java Developer") counts double."""
    weight = 1 / 3 if skill.category == SOFT_SKILLS else 1.0
    return weight * 2 if skill.in_title else weight


def _coverage(asked: list[SkillMatch], tiers: dict[str, float]) -> float:
    """The weighted share of asked skills met; an either-or group is met by any one member."""
    units: dict[frozenset[str], tuple[float, bool]] = {}
    for skill in asked:
        key = frozenset((skill.name, *skill.alternatives))
        weight, met = units.get(key, (0.0, False))
        units[key] = (max(weight, _weight(skill) * tiers[skill.tier]), met or skill.matched)
    total = sum(weight for weight, _ in units.values())
    return sum(weight for weight, met in units.values() if met) / total


def _required(skills: list[SkillMatch]) -> Raw:
    asked = [s for s in skills if s.tier == "required"]
    if not asked:
        return "required", None, ["the job names no required skill"]
    have = [s.name for s in asked if s.matched]
    lacking = [s.name for s in asked if not s.matched and not s.satisfied_by]
    evidence = [
        f"{len(have)} of {len(asked)} required skills shown (either-or groups count "
        "once, title skills double, soft skills a third)"
    ]
    evidence += [f"has: {', '.join(have)}"] if have else []
    evidence += [f"missing: {', '.join(lacking)}"] if lacking else []
    return "required", _coverage(asked, {"required": 1.0}), evidence


def _preferred(skills: list[SkillMatch]) -> Raw:
    tiers = {"preferred": 1.0, "keyword": 0.5}
    asked = [s for s in skills if s.tier in tiers]
    if not asked:
        return "preferred", None, ["the job names no preferred skill"]
    have = [s.name for s in asked if s.matched]
    evidence = [
        f"{len(have)} of {len(asked)} preferred skills and keywords shown (keywords count half)"
    ]
    evidence += [f"has: {', '.join(have)}"] if have else []
    return "preferred", _coverage(asked, tiers), evidence


def title_words(title: str) -> set[str]:
    """The words of a title that say what the job is: no levels, no fillers, and no team or
    programme prefix ("Login.gov: Data Analyst" → data, analyst)."""
    title = title.rsplit(": ", 1)[-1]
    words = re.findall(r"[a-z][a-z0-9+#.]*", title.lower())
    return {_TITLE_SYNONYMS.get(w, w) for w in words if w not in _TITLE_NOISE}


def _title(prof: Profile, analysis: JobAnalysis) -> Raw:
    wanted = title_words(analysis.title)
    if not wanted:
        return "title", None, ["the job states no title"]
    best, best_title = 0.0, ""
    for position, title in enumerate(prof.titles[:4]):
        overlap = len(wanted & title_words(title)) / len(wanted)
        overlap *= 1.0 if position < 2 else 0.8  # older roles count a little less
        if overlap > best:
            best, best_title = overlap, title
    evidence = [
        f"“{best_title}” shares {best:.0%} of the words of “{analysis.title}”"
        if best_title
        else f"no title shares a word with “{analysis.title}”"
    ]
    level = 1.0
    if analysis.seniority and prof.seniority:
        gap = abs(SENIORITY.index(analysis.seniority) - SENIORITY.index(prof.seniority))
        level = 1.0 if gap == 0 else 0.5 if gap == 1 else 0.0
        evidence.append(f"seniority: job {analysis.seniority}, résumé {prof.seniority}")
    return "title", 0.7 * best + 0.3 * level, evidence


def _years(prof: Profile, analysis: JobAnalysis) -> Raw:
    if not analysis.years:
        return "years", None, ["the job asks for no number of years"]
    relevant = relevant_years(prof, analysis)
    evidence = [
        f"asked {analysis.years:g}; relevant roles add up to {relevant:g} of "
        f"{prof.years:g} years (overlaps once)"
    ]
    return "years", min(1.0, relevant / analysis.years), evidence


def relevant_roles(prof: Profile, analysis: JobAnalysis) -> set[int]:
    """Work entries that did this kind of job: they share a word of its title, show a skill its
    title names, or show at least two of its other hard skills."""
    wanted = {a.name for a in analysis.skills if a.category != SOFT_SKILLS}
    titled = {a.name for a in analysis.skills if a.in_title}
    shown: dict[int, set[str]] = {}
    for name in wanted:
        for text in prof.skills.get(name, []):
            if text.section == "work":
                shown.setdefault(text.index, set()).add(name)
    words = title_words(analysis.title)
    return {
        index
        for index, job in enumerate(prof.resume.work)
        if words & title_words(job.position or "")
        or shown.get(index, set()) & titled
        or len(shown.get(index, set())) >= 2
    }


def relevant_years(prof: Profile, analysis: JobAnalysis) -> float:
    roles = relevant_roles(prof, analysis)
    return profiles.merged_years([s for i, s in enumerate(prof.spans) if s and i in roles])


def _education(prof: Profile, analysis: JobAnalysis) -> Raw:
    if not analysis.education:
        return "education", None, ["the job asks for no degree"]
    have = prof.education
    if have is None:
        equivalent = "equivalent" in analysis.education_evidence.lower()
        fraction = 0.5 if equivalent and prof.years >= (analysis.years or 4) else 0.0
        why = "no degree found" + ("; the job accepts equivalent experience" if fraction else "")
        return "education", fraction, [f"asked {analysis.education}; {why}"]
    gap = EDUCATION.index(analysis.education) - EDUCATION.index(have)
    level = 1.0 if gap <= 0 else 0.5 if gap == 1 else 0.0
    evidence = [f"asked {analysis.education}, résumé shows {have}"]
    fields = field_words(analysis.education_evidence)
    areas = {w for e in prof.resume.education for w in field_words(e.area or "")}
    if fields and areas and not fields & areas:
        evidence.append(
            f"field: asked {', '.join(sorted(fields))}; résumé shows "
            f"{', '.join(sorted(areas))} (counts 60 %)"
        )
        return "education", level * 0.6, evidence
    return "education", level, evidence


_FIELD_NOISE = frozenset(
    {
        "degree",
        "degrees",
        "bachelor",
        "bachelors",
        "master",
        "masters",
        "phd",
        "doctorate",
        "in",
        "of",
        "or",
        "and",
        "a",
        "an",
        "the",
        "related",
        "relevant",
        "field",
        "fields",
        "equivalent",
        "experience",
        "science",
        "sciences",
        "studies",
        "arts",
        "applied",
        "s",
        "required",
        "preferred",
        "similar",
        "discipline",
        "area",
        "technical",
        "quantitative",
        "scientific",
        "from",
        "accredited",
        "university",
        "college",
        "bs",
        "ba",
        "ms",
        "msc",
        "bsc",
    }
)


def field_words(text: str) -> set[str]:
    """The words naming a field of study ("Computer Science and Engineering" → computer,
    engineering), without degree words and fillers."""
    return {w for w in re.findall(r"[a-z]+", text.lower()) if w not in _FIELD_NOISE and len(w) > 2}


def _completeness(resume: Resume) -> Raw:
    bullets = [h for job in resume.work for h in job.highlights]
    quantified = sum(1 for b in bullets if is_quantified(b))
    checks = {
        "contact (email or phone)": bool(resume.basics.email or resume.basics.phone),
        "summary": bool(resume.basics.summary),
        "dates on every role": bool(resume.work) and all(w.start_date for w in resume.work),
        f"quantified bullets ({quantified} of {len(bullets)})": bool(bullets)
        and quantified / len(bullets) >= 0.3,
    }
    return "completeness", sum(checks.values()) / len(checks), _checklist(checks)


def _readability(resume: Resume, pdf_text: str | None) -> Raw:
    longest = max((len(t.text) for t in texts(resume)), default=0)
    checks = {
        "name": bool(resume.basics.name),
        "experience and education sections": bool(resume.work and resume.education),
        "skills listed": bool(resume.skills),
        "no paragraph over 400 characters": longest <= 400,
    }
    if pdf_text is not None:
        checks["PDF text reads in order"] = _reads_in_order(resume, pdf_text)
    return "readability", sum(checks.values()) / len(checks), _checklist(checks)


def _reads_in_order(resume: Resume, pdf_text: str) -> bool:
    """The name comes first and the employers appear in the résumé's order."""
    flat = " ".join(pdf_text.split()).lower()
    anchors = [resume.basics.name or "", *(w.name or "" for w in resume.work)]
    positions = [flat.find(" ".join(a.split()).lower()) for a in anchors if a]
    return all(p >= 0 for p in positions) and positions == sorted(positions)


def _checklist(checks: dict[str, bool]) -> list[str]:
    return [("✓ " if ok else "✗ ") + name for name, ok in checks.items()]


# --- suggestions ---------------------------------------------------------------------------


def _suggestions(
    prof: Profile, analysis: JobAnalysis, skills: list[SkillMatch], raw: list[Raw]
) -> list[str]:
    out: list[str] = []
    resume = prof.resume
    for skill in (
        s for s in skills if s.tier == "required" and not s.matched and not s.satisfied_by
    ):
        role = _likely_role(prof, analysis, skill)
        where = (
            f"if you used it at {role}, say so in that role"
            if role
            else ("if you have used it, say where")
        )
        out.append(f"{skill.name} is required and appears nowhere; {where}.")
    for skill in (s for s in skills if s.tier == "required" and s.matched):
        if all(p.startswith("skills[") for p in skill.where):
            out.append(
                f"{skill.name} is only in your skills list; name the role where you used it."
            )
    missing_preferred = [
        s.name for s in skills if s.tier == "preferred" and not s.matched and not s.satisfied_by
    ]
    if missing_preferred:
        out.append(
            f"{_join(missing_preferred[:4])} would help (the job calls them a plus); "
            "mention them where your experience includes them."
        )
    fractions = {key: fraction for key, fraction, _ in raw}
    if analysis.years and relevant_years(prof, analysis) < analysis.years:
        out.append(
            f"The job asks for {analysis.years:g} years; your relevant roles add up to "
            f"{relevant_years(prof, analysis):g}. If other roles used its skills, say so "
            "in them; add earlier relevant roles with their dates."
        )
    if fractions["education"] is not None and fractions["education"] < 1:
        out.append(
            f"The job asks for a {analysis.education} degree; if you hold one, add it "
            "with its field of study."
        )
    out += _completeness_tips(resume)
    return out


def _likely_role(prof: Profile, analysis: JobAnalysis, skill: SkillMatch) -> str | None:
    """The role most likely to have used a skill: the one showing most skills of its kind."""
    resume = prof.resume
    if not resume.work:
        return None
    category = next((a.category for a in analysis.skills if a.name == skill.name), "")
    kin = {a.name for a in analysis.skills if a.category == category}
    counts = [0] * len(resume.work)
    for name in kin:
        for text in prof.skills.get(name, []):
            if text.section == "work":
                counts[text.index] += 1
    best = max(range(len(counts)), key=lambda i: (counts[i], -i))
    return entry_label(resume, "work", best)


def _completeness_tips(resume: Resume) -> list[str]:
    tips = []
    if not resume.basics.summary:
        tips.append(
            "Add a two-line summary naming your role, your years and your strongest "
            "skills for this job."
        )
    bullets = [h for job in resume.work for h in job.highlights]
    quantified = sum(1 for b in bullets if is_quantified(b))
    if bullets and quantified / len(bullets) < 0.3:
        tips.append(
            f"Only {quantified} of {len(bullets)} bullets have a number; where you can, "
            "say how much (time saved, %, users, money)."
        )
    undated = [w.name or w.position or "a role" for w in resume.work if not w.start_date]
    if undated:
        tips.append(
            f"Add dates to {_join(undated[:3])}: without them, years of experience "
            "cannot be counted."
        )
    if not (resume.basics.email or resume.basics.phone):
        tips.append("Add an email address or phone number.")
    return tips


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
