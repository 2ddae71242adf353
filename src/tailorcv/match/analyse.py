"""Read a job ad: its title, company, seniority, years, education, kind of employment, and the
skills it wants.

Input is what people paste — plain text, Markdown (front matter and Liquid tags included), HTML —
or a JSON Resume job document (``adtext``). The ad is cut into parts by its headings and
paragraph openings, and into sentences (``sections``); benefits, how-to-apply, about-us and
equal-opportunity text is set apart as boilerplate and never asks for anything. The job's own
sentences give the facts (``facts``) and the skills, each *required*, *preferred* or a plain
*keyword*, with the sentence it came from as evidence (``asks``).

``SkillAsk.weight`` keeps one long tool list from swamping the rest: each sentence or list item
(a run of list lines counts as one) carries at most 3 units, split evenly among the things it asks
(an either-or group is one thing), so each skill weighs ``min(1, 3 / n)``; a skill asked in
several places keeps its best tier and its largest weight, and a skill of the title weighs at
least 1.

An analysis records ``ANALYSIS_VERSION``; one stored by an older tailorcv (``version`` below the
constant, or 1 for analyses stored before versions were kept) should be made again from its ad.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

from tailorcv.match import facts
from tailorcv.match.adtext import read_ad
from tailorcv.match.asks import SkillAsk, skill_asks, tier
from tailorcv.match.facts import (
    EDUCATION,
    EDUCATION_WORDS,
    EMPLOYMENT,
    SENIORITY,
    SENIORITY_WORDS,
    WORD_NUMBERS,
)
from tailorcv.match.sections import BOILERPLATE, Sentence, sentences

__all__ = [
    "ANALYSIS_VERSION",
    "EDUCATION",
    "EDUCATION_WORDS",
    "EMPLOYMENT",
    "SENIORITY",
    "SENIORITY_WORDS",
    "WORD_NUMBERS",
    "JobAnalysis",
    "SkillAsk",
    "analyse",
]

# 2: boilerplate set apart, skill weights, employment, years_max, body, problems (issue 15).
ANALYSIS_VERSION = 2
SHORT_AD_WORDS = 50


@dataclass
class JobAnalysis:
    """What a job ad asks for. Every field after ``digest`` came with version 2 and has a
    default, so that analyses stored before it still load."""

    title: str
    company: str | None = None
    seniority: str | None = None  # one of SENIORITY
    years: float | None = None  # the fewest years of experience asked
    years_evidence: str = ""
    education: str | None = None  # one of EDUCATION: the lowest degree accepted
    education_evidence: str = ""
    required: list[SkillAsk] = field(default_factory=list)
    preferred: list[SkillAsk] = field(default_factory=list)
    keywords: list[SkillAsk] = field(default_factory=list)
    digest: str = ""
    seniority_evidence: str = ""  # the title or sentence that set ``seniority``
    years_max: float | None = None  # the top of a range or a cap: "0–2 years", "up to 3 years"
    employment: str | None = None  # one of EMPLOYMENT
    employment_evidence: str = ""
    body: str = ""  # the text that describes the job, without boilerplate
    problems: list[str] = field(default_factory=list)  # why the ad is a poor basis for a score
    version: int = 1  # ANALYSIS_VERSION of the tailorcv that made it

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_job_document(self) -> dict[str, Any]:
        """The analysis as a JSON Resume job document (jsonresume.org job schema)."""
        document: dict[str, Any] = {"title": self.title}
        if self.company:
            document["company"] = self.company
        if self.employment:
            document["type"] = self.employment
        if self.seniority:
            document["experience"] = self.seniority
        qualifications = [self.years_evidence, self.education_evidence]
        qualifications += [a.evidence for a in self.required]
        document["qualifications"] = list(dict.fromkeys(q for q in qualifications if q))
        groups: dict[str, list[str]] = {}
        for ask in self.required:
            groups.setdefault(ask.category, []).append(ask.name)
        document["skills"] = [{"name": c, "keywords": names} for c, names in groups.items()]
        if self.preferred:
            document["preferred"] = [a.name for a in self.preferred]
        return document

    @property
    def skills(self) -> list[SkillAsk]:
        return [*self.required, *self.preferred, *self.keywords]


def analyse(text: str) -> JobAnalysis:
    """Analyse one job ad given as text, Markdown, HTML or a JSON Resume job document."""
    ad = read_ad(text)
    title = ad.title or facts.guess_title(ad.lines[ad.body_start :])
    company = ad.company or facts.guess_company(ad.lines[ad.body_start :], title)
    every = sentences(ad, company, title)
    said = [s for s in every if s.about_the_job]
    required, preferred, keywords = skill_asks(said, ad, title)
    years, years_max, years_from = facts.years(said)
    has_requirements = any(s.kind == "required" for s in said)
    education, education_from = facts.education(
        said, lambda s: tier(s.kind, s.text, has_requirements) == "preferred"
    )
    seniority, seniority_from = facts.seniority(title, years, years_from, said)
    employment, employment_from = facts.employment(title, said)
    analysis = JobAnalysis(
        title=title,
        company=company,
        seniority=seniority,
        years=years,
        years_evidence=years_from,
        education=education,
        education_evidence=education_from,
        required=required,
        preferred=preferred,
        keywords=keywords,
        digest=hashlib.sha256(text.encode()).hexdigest()[:16],
        seniority_evidence=seniority_from,
        years_max=years_max,
        employment=employment,
        employment_evidence=employment_from,
        body=_body(said),
        version=ANALYSIS_VERSION,
    )
    analysis.problems = _problems(analysis, every)
    return analysis


def _body(said: list[Sentence]) -> str:
    """The job's own sentences, a line of the ad to a line."""
    lines: dict[int, list[str]] = {}
    for sentence in said:
        lines.setdefault(sentence.line, []).append(sentence.text)
    return "\n".join(" ".join(parts) for parts in lines.values())


def _problems(analysis: JobAnalysis, every: list[Sentence]) -> list[str]:
    """What makes the ad a poor basis for a score, in words a user reads."""
    problems = []
    if not analysis.title:
        problems.append("no job title found")
    asks_nothing = not (analysis.required or analysis.preferred)
    if asks_nothing and analysis.years is None and analysis.education is None:
        problems.append("names no skills or requirements")
    words = sum(len(s.text.split()) for s in every)
    if words < SHORT_AD_WORDS:
        problems.append(f"very short: {words} words")
    about_the_job = len(analysis.body.split())
    about_the_company = sum(len(s.text.split()) for s in every if s.kind in BOILERPLATE)
    if about_the_company > 2 * about_the_job and about_the_job < 150:
        problems.append("mostly about the company, little about the job")
    return problems
