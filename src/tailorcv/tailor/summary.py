"""The sentence offline tailoring puts before the person's summary: who they are for this job, in
the résumé's own facts (issue 15).

"Senior Backend Engineer with 8 years of experience in Python, Go and PostgreSQL." The role is
the résumé's label, else its latest title; the skills are the job's that the résumé shows. Years
are stated only when no text of the résumé states a number of years ("eight years", "7+ years":
the person's own figure stands, and a second one could contradict it), and every role is dated;
then they are counted as the score and the guard count them: whole years of the dated span,
overlaps once. Nothing is written when the person's summary already names the role and the
skills.
"""

from __future__ import annotations

import math
import re

from tailorcv.match.analyse import WORD_NUMBERS, JobAnalysis
from tailorcv.match.fit import title_words
from tailorcv.match.profile import Profile
from tailorcv.match.terms import terms
from tailorcv.resume import dates
from tailorcv.resume.fields import texts
from tailorcv.resume.model import Resume

MAX_SKILLS = 3
MAX_ROLE_WORDS = 6  # a longer label is a slogan, not a role
_NOT_A_HEADLINE = frozenset({"soft skills", "spoken languages"})  # asked everywhere, say little
_YEARS_STATED = re.compile(
    rf"\b(?:\d+(?:\.\d+)?|{'|'.join(WORD_NUMBERS)})\s*\+?[\s-]*(?:years?|yrs?)\b|\bdecades?\b",
    re.I,
)
# Where a label's role ends: "Staff Engineer, Distributed Systems", "Engineer | Speaker".
_ROLE_END = re.compile(r"\s*(?:[,|·•(]| [-–—/] )")


def summary_line(resume: Resume, analysis: JobAnalysis, prof: Profile) -> str | None:
    """The sentence to put before the summary, or None when there is nothing worth adding."""
    role = _role(resume)
    skills = _skills_shown(analysis, prof)
    if not role or not skills or _already_said(resume.basics.summary or "", role, skills, prof):
        return None
    return _sentence(role, _years(resume, prof), skills)


def _role(resume: Resume) -> str | None:
    for title in (resume.basics.label, _latest_position(resume)):
        role = _ROLE_END.split(title or "", maxsplit=1)[0].strip()
        if role and len(role.split()) <= MAX_ROLE_WORDS:
            return role
    return None


def _latest_position(resume: Resume) -> str | None:
    roles = [role for role in resume.work if role.position]
    dated = [role for role in roles if role.start_date]
    if dated:
        return max(dated, key=lambda role: dates.parse(role.start_date or "").months()).position
    return roles[0].position if roles else None


def _skills_shown(analysis: JobAnalysis, prof: Profile) -> list[str]:
    """The job's skills the résumé shows beyond its summary, required first; named tools and
    languages ("Python", "Microsoft Excel") before disciplines ("software engineering"), which
    a reader skims past. A skill only the summary names is left to the summary: repeating it
    adds nothing, and it may be a word taken for a skill ("Go Sooners!")."""
    names = [
        ask.name
        for ask in analysis.required + analysis.preferred
        if ask.category not in _NOT_A_HEADLINE
        and any(text.section != "basics" for text in prof.skills.get(ask.name, []))
    ]
    shown = sorted(dict.fromkeys(names), key=lambda name: name[:1].islower())
    return shown[:MAX_SKILLS]


def _already_said(summary: str, role: str, skills: list[str], prof: Profile) -> bool:
    if not summary:
        return False
    named = {
        t.removeprefix("skill:") for t in terms(summary, prof.domains) if t.startswith("skill:")
    }
    # title_words reads a title: a colon starts the role there, so the summary loses its colons.
    return title_words(role) <= title_words(summary.replace(":", " ")) and set(skills) <= named


def _years(resume: Resume, prof: Profile) -> int | None:
    if any(_YEARS_STATED.search(text.text) for text in texts(resume)):
        return None
    if not resume.work or not all(role.start_date for role in resume.work):
        return None  # an undated role would make the count too low
    years = math.floor(prof.years)
    return years if years >= 1 else None


def _sentence(role: str, years: int | None, skills: list[str]) -> str:
    listed = skills[0] if len(skills) == 1 else f"{', '.join(skills[:-1])} and {skills[-1]}"
    if years is None:
        return f"{role} with experience in {listed}."
    return f"{role} with {years} year{'' if years == 1 else 's'} of experience in {listed}."
