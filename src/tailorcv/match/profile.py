"""What a résumé offers a job, computed once per résumé: skills and where, years, degree, level.

Ranking many résumés against one job reuses each profile; scoring then costs a few dictionary
look-ups per skill.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from tailorcv.match.analyse import EDUCATION, EDUCATION_WORDS, SENIORITY_WORDS
from tailorcv.match.skills import taxonomy
from tailorcv.resume import dates
from tailorcv.resume.fields import Text, texts
from tailorcv.resume.model import Resume

_NUMBER = re.compile(r"\d")
Span = tuple[int, int]


@dataclass
class Profile:
    resume: Resume
    skills: dict[str, list[Text]] = field(default_factory=dict)  # canonical name → where
    years: float = 0.0
    education: str | None = None
    seniority: str | None = None
    titles: list[str] = field(default_factory=list)  # label and positions, most recent first
    domains: frozenset[str] = frozenset()  # the fields the whole résumé is about
    spans: list[Span | None] = field(default_factory=list)  # each work entry's months, if dated


def build(resume: Resume, today: date | None = None) -> Profile:
    found: dict[str, list[Text]] = {}
    tax = taxonomy()
    every = list(texts(resume))
    fields = tax.domains("\n".join(t.text for t in every))
    for text in every:
        for mention in tax.find(text.text, fields):
            where = found.setdefault(mention.skill.name, [])
            if not where or where[-1].path != text.path:
                where.append(text)
    titles = [t for t in (resume.basics.label, *(w.position for w in resume.work)) if t]
    spans = work_spans(resume, today or date.today())
    years = merged_years([s for s in spans if s])
    return Profile(
        resume=resume,
        skills=found,
        years=years,
        education=education_level(resume),
        seniority=seniority_level(titles, years),
        titles=titles,
        domains=fields,
        spans=spans,
    )


def document_domains(resume: Resume) -> frozenset[str]:
    """The fields the whole résumé is about; they let "Kafka" in a bullet count as the tool."""
    return taxonomy().domains("\n".join(t.text for t in texts(resume)))


def years_of_experience(resume: Resume, today: date) -> float:
    """Years covered by the work entries' dates, overlapping periods counted once."""
    return merged_years([s for s in work_spans(resume, today) if s])


def work_spans(resume: Resume, today: date) -> list[Span | None]:
    """Each work entry as months [start, end); an entry without a start date is None."""
    now = today.year * 12 + today.month - 1
    spans: list[Span | None] = []
    for job in resume.work:
        if not job.start_date:
            spans.append(None)
            continue
        start = dates.parse(job.start_date).months()
        end = dates.parse(job.end_date).months() + 1 if job.end_date else now + 1
        spans.append((start, min(end, now + 1)) if end > start else None)
    return spans


def merged_years(spans: list[Span]) -> float:
    """The years a set of periods covers, overlaps counted once."""
    total = 0
    reach = -1
    for start, end in sorted(spans):
        if end <= reach:
            continue
        total += end - max(start, reach)
        reach = end
    return round(total / 12, 1)


def education_level(resume: Resume) -> str | None:
    """The highest degree named in the education section."""
    best: str | None = None
    for entry in resume.education:
        text = " ".join(t for t in (entry.study_type, entry.area) if t)
        for level, pattern in EDUCATION_WORDS:
            if re.search(pattern, text, re.I) or _DEGREE_SHORT.get(text.strip().lower()) == level:
                if best is None or EDUCATION.index(level) > EDUCATION.index(best):
                    best = level
                break
    return best


_DEGREE_SHORT = {
    "bs": "bachelor",
    "ba": "bachelor",
    "bsc": "bachelor",
    "beng": "bachelor",
    "b.eng": "bachelor",
    "ms": "master",
    "ma": "master",
    "msc": "master",
    "meng": "master",
    "mba": "master",
    "phd": "doctorate",
    "dphil": "doctorate",
    "md": "doctorate",
    "jd": "doctorate",
}


def seniority_level(titles: list[str], years: float) -> str | None:
    """The level the most recent title says, else the level the years suggest."""
    for title in titles[:2]:
        for level, pattern in SENIORITY_WORDS:
            if re.search(pattern, title, re.I):
                return level
    if years <= 0:
        return None
    return "junior" if years < 2 else "mid" if years < 5 else "senior" if years < 8 else "lead"


def is_quantified(text: str) -> bool:
    return bool(_NUMBER.search(text))
