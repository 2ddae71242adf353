"""The seven parts of the match score; each returns what share of its weight a résumé earns.

A part is ``(key, fraction, evidence)``: the fraction earned (0–1), or ``None`` when the job does
not ask about it, and the sentences that explain the fraction. ``score.py`` weighs them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tailorcv.match import profile as profiles
from tailorcv.match.analyse import EDUCATION, SENIORITY, JobAnalysis
from tailorcv.match.profile import Profile, is_quantified
from tailorcv.resume.fields import texts
from tailorcv.resume.model import Resume

if TYPE_CHECKING:
    from tailorcv.ingest.readback import Readback
    from tailorcv.match.score import SkillMatch

Raw = tuple[str, float | None, list[str]]
SOFT_SKILLS = "soft skills"
# Words of a job title that say nothing about what the job is.
_TITLE_NOISE = frozenset(
    "a an and the of for in at to with senior sr junior jr lead principal staff head mid level "
    "i ii iii iv remote hybrid".split()
)
_TITLE_SYNONYMS = {
    "developer": "engineer",
    "programmer": "engineer",
    "dev": "engineer",
    "swe": "engineer",
    "sde": "engineer",
}


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


def required(skills: list[SkillMatch]) -> Raw:
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


def preferred(skills: list[SkillMatch]) -> Raw:
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


def title(prof: Profile, analysis: JobAnalysis) -> Raw:
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


def years(prof: Profile, analysis: JobAnalysis) -> Raw:
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


def education(prof: Profile, analysis: JobAnalysis) -> Raw:
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
    "degree degrees bachelor bachelors master masters phd doctorate in of or and a an the related "
    "relevant field fields equivalent experience science sciences studies arts applied s required "
    "preferred similar discipline area technical quantitative scientific from accredited "
    "university college bs ba ms msc bsc".split()
)


def field_words(text: str) -> set[str]:
    """The words naming a field of study ("Computer Science and Engineering" → computer,
    engineering), without degree words and fillers."""
    return {w for w in re.findall(r"[a-z]+", text.lower()) if w not in _FIELD_NOISE and len(w) > 2}


def completeness(resume: Resume) -> Raw:
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


def readability(resume: Resume, readback: Readback | None) -> Raw:
    longest = max((len(t.text) for t in texts(resume)), default=0)
    checks = {
        "name": bool(resume.basics.name),
        "experience and education sections": bool(resume.work and resume.education),
        "skills listed": bool(resume.skills),
        "no paragraph over 400 characters": longest <= 400,
    }
    earned = float(sum(checks.values()))
    evidence = _checklist(checks)
    if readback is None:
        return "readability", earned / len(checks), evidence
    lost = [f.path for f in readback.findings if f.problem != "order"]
    in_order = not any(f.problem == "order" for f in readback.findings)
    kept = readback.checked - len(lost)
    evidence.append(
        f"{'✓' if not lost else '✗'} the PDF reads back {kept} of {readback.checked} "
        "fields" + (f" (lost or misread: {', '.join(lost[:5])})" if lost else "")
    )
    evidence += _checklist({"the PDF reads in order": in_order})
    earned += readback.recovered + in_order
    return "readability", earned / (len(checks) + 2), evidence


def _checklist(checks: dict[str, bool]) -> list[str]:
    return [("✓ " if ok else "✗ ") + name for name, ok in checks.items()]
