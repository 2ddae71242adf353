"""What a résumé offers a job, computed once per résumé: skills and where, years, degree, level.

Ranking many résumés against one job reuses each profile; scoring then costs a few dictionary
look-ups per skill.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from datetime import date

from tailorcv.match import place as places
from tailorcv.match import terms as words
from tailorcv.match.analyse import EDUCATION, EDUCATION_WORDS, SENIORITY_WORDS
from tailorcv.resume import dates
from tailorcv.resume.fields import Text, texts
from tailorcv.resume.model import Education, Resume
from tailorcv.skills import taxonomy

_NUMBER = re.compile(r"\d")
Span = tuple[int, int]


@dataclass
class Profile:
    resume: Resume
    skills: dict[str, list[Text]] = field(default_factory=dict)  # canonical name → where
    years: float = 0.0
    education: str | None = None
    titles: list[str] = field(default_factory=list)  # label and positions, most recent first
    domains: frozenset[str] = frozenset()  # the fields the whole résumé is about
    spans: list[Span | None] = field(default_factory=list)  # each work entry's months, if dated
    research: list[tuple[set[str], Span]] = field(default_factory=list)  # doctorates: field, months
    terms: frozenset[str] = frozenset()  # every skill and stemmed word it uses (match.terms)
    arrangements: frozenset[str] = frozenset()  # contract, part-time … its roles say they were
    place: places.Places = field(default_factory=places.Places.nowhere)
    kinds: dict[str, float] = field(default_factory=dict)  # category → how much it shows of it


def build(resume: Resume, today: date | None = None) -> Profile:
    found: dict[str, list[Text]] = {}
    tax = taxonomy()
    every = list(texts(resume))
    found_each, fields = tax.find_each([t.text for t in every])
    used: set[str] = set()
    for text, mentions in zip(every, found_each, strict=True):
        used.update(words.of(text.text, mentions))
        names = [m.skill.name for m in mentions]
        if is_listed(text):
            names += listed_skills(text)
        for name in dict.fromkeys(names):
            where = found.setdefault(name, [])
            if not where or where[-1].path != text.path:
                where.append(text)
    titles = [t for t in (resume.basics.label, *(w.position for w in resume.work)) if t]
    day = today or date.today()
    spans = work_spans(resume, day)
    years = merged_years([s for s in spans if s])
    return Profile(
        resume=resume,
        skills=found,
        years=years,
        education=education_level(resume),
        titles=titles,
        domains=fields,
        spans=spans,
        research=doctorates(resume, day),
        terms=frozenset(used),
        arrangements=arrangements(resume),
        place=places.of_resume(resume),
        kinds=kinds(found),
    )


_LISTED = re.compile(
    r"^(?:skills\[\d+\]\.(?:name|keywords\[\d+\])|projects\[\d+\]\.keywords\[\d+\])$"
)
_ITEMS = re.compile(r"[,;/|()\[\]]")


def is_listed(text: Text) -> bool:
    """A skills entry's name or keyword, or a project's keyword: a skill the person claims."""
    return _LISTED.match(text.path) is not None


def listed_skills(text: Text) -> list[str]:
    """The skills a listed item names outright, whatever the word: "Go", "Spark", "R" in a
    skills section are the skills, not the verb, the flash or the letter (issue 15)."""
    items = (item.strip(" .") for item in _ITEMS.split(text.text))
    return [name for item in items if item and (name := _skill_named(item))]


@functools.lru_cache(maxsize=8192)
def _skill_named(item: str) -> str | None:
    """The skill an item of a list names outright; the same items recur across résumés."""
    return taxonomy().canonical(item)


# Categories that say nothing of the kind of job a person does: every field asks for them.
GENERIC = frozenset({"soft skills", "spoken languages", "office tools"})


def kinds(found: dict[str, list[Text]]) -> dict[str, float]:
    """How much of each category of skill a résumé shows (log of the places, per skill)."""
    category = _categories()
    counts: dict[str, float] = {}
    for name, where in found.items():
        kind = category.get(name)
        if kind is not None and kind not in GENERIC:
            counts[kind] = counts.get(kind, 0.0) + math.log1p(len(where))
    return counts


@functools.cache
def _categories() -> dict[str, str]:
    return {skill.name: skill.category for skill in taxonomy()}


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


def doctorates(resume: Resume, today: date) -> list[tuple[set[str], Span]]:
    """Each dated doctorate's field words and months: years of research, which a research or
    data post counts as experience."""
    now = today.year * 12 + today.month - 1
    found = []
    for entry in resume.education:
        if not entry.start_date or degree_level(entry) != "doctorate":
            continue
        start = dates.parse(entry.start_date).months()
        end = dates.parse(entry.end_date).months() + 1 if entry.end_date else now + 1
        if end > start:
            found.append((field_words(entry.area or ""), (start, min(end, now + 1))))
    return found


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
    levels = [level for entry in resume.education if (level := degree_level(entry))]
    return max(levels, key=EDUCATION.index, default=None)


def degree_level(entry: Education) -> str | None:
    """The level of one education entry's degree, if it names one."""
    text = " ".join(t for t in (entry.study_type, entry.area) if t)
    for level, pattern in EDUCATION_WORDS:
        if re.search(pattern, text, re.I) or _DEGREE_SHORT.get(text.strip().lower()) == level:
            return level
    return None


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
    # Years alone say how long, not how high: leading takes a title that says so.
    return "junior" if years < 2 else "mid" if years < 5 else "senior"


_ARRANGEMENTS = (
    ("contract", r"\b(?:contract(?:or)?|interim|consultant|travel (?:nurse|rn|assignment))\b"),
    ("freelance", r"\b(?:freelance[rd]?|self-employed|independent)\b"),
    ("part-time", r"\b(?:part[- ]time|per[- ]diem|prn|seasonal)\b"),
    ("internship", r"\b(?:intern|internship|trainee|apprentice)\b"),
)


def arrangements(resume: Resume) -> frozenset[str]:
    """The kinds of work other than a permanent full-time post that the roles say they were."""
    said = " \n".join(
        " ".join(t for t in (job.position, job.name, job.summary, job.description) if t)
        for job in resume.work
    )
    return frozenset(kind for kind, pattern in _ARRANGEMENTS if re.search(pattern, said, re.I))


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


def is_quantified(text: str) -> bool:
    return bool(_NUMBER.search(text))
