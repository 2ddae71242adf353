"""What a person can do about a match: one sentence per gap, naming where to act."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tailorcv.match.analyse import JobAnalysis
from tailorcv.match.fit import Raw, relevant_years
from tailorcv.match.profile import Profile, is_quantified
from tailorcv.resume.fields import entry_label
from tailorcv.resume.model import Resume

if TYPE_CHECKING:
    from tailorcv.match.score import SkillMatch


def suggestions(
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
    relevant = relevant_years(prof, analysis)
    if analysis.years and relevant < analysis.years:
        out.append(
            f"The job asks for {analysis.years:g} years; your relevant roles add up to "
            f"{relevant:g}. If other roles used its skills, say so "
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
