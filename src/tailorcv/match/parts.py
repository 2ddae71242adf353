"""The seven parts of the match score; each returns what share of its weight a résumé earns.

A part is ``(key, fraction, evidence)``: the fraction earned (0–1), or ``None`` when the job does
not ask about it, and the sentences that explain the fraction. ``score.py`` weighs them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tailorcv.match.analyse import EDUCATION, JobAnalysis
from tailorcv.match.fit import Raw, relevant_years
from tailorcv.match.profile import Profile, field_words, is_quantified
from tailorcv.resume.fields import texts
from tailorcv.resume.model import Resume

if TYPE_CHECKING:
    from tailorcv.ingest.readback import Readback
    from tailorcv.match.score import SkillMatch

SOFT_SKILLS = "soft skills"
SHRINK = 1.0  # the weight of one skill: how far a small count is pulled toward one half


def _weight(skill: SkillMatch) -> float:
    """What one asked skill counts: its share of the sentence that asks it (a long list's skills
    share one sentence's weight), a third for soft skills ("communication"), asked everywhere
    and shown rarely, and double for a skill the job title names ("Java Developer")."""
    weight = skill.weight / 3 if skill.category == SOFT_SKILLS else skill.weight
    return weight * 2 if skill.in_title else weight


def _coverage(asked: list[SkillMatch], tiers: dict[str, float]) -> tuple[float, str]:
    """The weighted share of asked skills met, shrunk toward one half by one skill's weight, so
    that one of one is not full marks; an either-or group is met by any one member. Returns the
    share and the sum that gives it, for a person to check."""
    units: dict[frozenset[str], tuple[float, bool]] = {}
    for skill in asked:
        key = frozenset((skill.name, *skill.alternatives))
        weight, met = units.get(key, (0.0, False))
        units[key] = (max(weight, _weight(skill) * tiers[skill.tier]), met or skill.matched)
    total = sum(weight for weight, _ in units.values())
    earned = sum(weight for weight, met in units.values() if met)
    share = (earned + SHRINK / 2) / (total + SHRINK)
    return share, (
        f"weights met {earned:.2f} of {total:.2f}; ({earned:.2f} + ½) ÷ ({total:.2f} + 1) = "
        f"{share:.0%} (one skill's weight pulls a short list toward one half)"
    )


@dataclass(frozen=True)
class Tally:
    """The asked skills of one tier, counted the one way every view shows them: an either-or
    group is one need ("Java or Kotlin"), met by any of its members."""

    met: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def total(self) -> int:
        return len(self.met) + len(self.missing)

    def __str__(self) -> str:
        return f"{len(self.met)} of {self.total}"


def tally(skills: list[SkillMatch], tier: str) -> Tally:
    needs: dict[frozenset[str], list[SkillMatch]] = {}
    for skill in skills:
        if skill.tier == tier:
            needs.setdefault(frozenset((skill.name, *skill.alternatives)), []).append(skill)
    met, missing = [], []
    for group in needs.values():
        have = [s.name for s in group if s.matched]
        have += [s.satisfied_by for s in group if s.satisfied_by]
        names = list(dict.fromkeys(n for s in group for n in (s.name, *s.alternatives)))
        if have:
            met.append(have[0])
        else:
            missing.append(" or ".join(names[:4]))
    return Tally(tuple(met), tuple(missing))


def required(skills: list[SkillMatch]) -> Raw:
    asked = [s for s in skills if s.tier == "required"]
    if not asked:
        return "required", None, ["the job names no required skill"]
    count = tally(skills, "required")
    evidence = [
        f"{count} required skills shown (an either-or group counts once; a long list's skills "
        "share its weight, title skills count double, soft skills a third)"
    ]
    evidence += [f"has: {', '.join(count.met)}"] if count.met else []
    evidence += [f"missing: {', '.join(count.missing)}"] if count.missing else []
    share, sum_ = _coverage(asked, {"required": 1.0})
    return "required", share, [*evidence, sum_]


def preferred(skills: list[SkillMatch]) -> Raw:
    tiers = {"preferred": 1.0, "keyword": 0.5}
    asked = [s for s in skills if s.tier in tiers]
    if not asked:
        return "preferred", None, ["the job names no preferred skill"]
    count = tally(skills, "preferred")
    others = tally(skills, "keyword")
    evidence = [f"{count} preferred skills and {others} other keywords shown (keywords count half)"]
    has = [*count.met, *others.met]
    evidence += [f"has: {', '.join(has)}"] if has else []
    share, sum_ = _coverage(asked, tiers)
    return "preferred", share, [*evidence, sum_]


def years(prof: Profile, analysis: JobAnalysis) -> Raw:
    if not analysis.years:
        return "years", None, ["the job asks for no number of years"]
    relevant = relevant_years(prof, analysis)
    evidence = [
        f"asked {analysis.years:g}; relevant roles add up to {relevant:g} of "
        f"{prof.years:g} years (overlaps once)"
    ]
    return "years", min(1.0, relevant / analysis.years), evidence


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
