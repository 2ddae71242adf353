"""A cover letter for one job, grounded in the résumé: a model's draft, or an honest plain one.

Offline, the letter is filled from facts the résumé states — the current role, the years, the
job's skills the résumé names, the most relevant achievement as written — and asks for nothing
it cannot support. A model's draft is checked like a tailored résumé, by the faithfulness guard
reading its paragraphs as a summary: only numbers, links, skills, degrees and titles the résumé
states, and only names the résumé or the job ad uses; the job's title and company may be named
as the role applied for. A draft that fails, after one repair request naming what is wrong,
gives way to the offline letter.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from pydantic import Field

from tailorcv.match import profile as profiles
from tailorcv.match.analyse import JobAnalysis
from tailorcv.match.terms import terms
from tailorcv.resume.model import Resume
from tailorcv.tailor.guard import Applying, guard
from tailorcv.tailor.llm.edits import Strict
from tailorcv.tailor.llm.engine import Budget, Fallback, LLMEngine, Outcome, Question
from tailorcv.tailor.llm.payload import job_payload, resume_payload
from tailorcv.tailor.llm.tailoring import content_text


class Draft(Strict):
    greeting: str = Field(min_length=1, max_length=120)
    paragraphs: list[str] = Field(min_length=1, max_length=6)
    closing: str = Field(min_length=1, max_length=80)


@dataclass
class Letter:
    """A letter ready to render: who writes, to whom, about what, and what it says."""

    name: str
    contact: list[str]  # email, phone, place: the sender's lines
    date: str
    company: str
    role: str
    greeting: str
    paragraphs: list[str]
    closing: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def write_letter(
    engine: LLMEngine | None,
    source: Resume,
    analysis: JobAnalysis,
    job_text: str,
    *,
    budget: Budget | None = None,
    tags: Iterable[str] = (),
    seconds: float | None = None,
    today: date | None = None,
) -> tuple[Letter, Outcome]:
    """The model's draft when there is a model and the draft is honest; the offline letter
    otherwise."""
    day = today or date.today()
    if engine is None:
        return offline_letter(source, analysis, today=day), Outcome(engine="offline")
    question = Question(
        prompt="letter",
        payload={"resume": resume_payload(source), "job": job_payload(analysis, job_text)},
        answer=Draft,
        check=lambda draft: letter_problems(
            source, job_text, draft.paragraphs, exempt=_named(analysis), today=day
        ),
        key_parts=(content_text(source), content_text(job_text)),
        tags=tags,
        budget=budget,
    )
    try:
        draft, outcome = engine.ask(question, seconds=seconds)
    except Fallback as exc:
        return offline_letter(source, analysis, today=day), exc.outcome
    letter = _frame(source, analysis, day)
    letter.greeting, letter.paragraphs, letter.closing = (
        draft.greeting.strip(),
        [p.strip() for p in draft.paragraphs if p.strip()],
        draft.closing.strip(),
    )
    return letter, outcome


def letter_problems(
    source: Resume,
    job_text: str,
    paragraphs: list[str],
    *,
    exempt: Iterable[str] = (),
    today: date | None = None,
) -> list[str]:
    """What the paragraphs claim that the résumé does not support. The letter may use the job
    ad's names, and the ``exempt`` strings (the job's title and company) are the job's words, not
    the applicant's claims."""
    probe = source.model_copy(deep=True)
    basics = probe.basics
    basics.summary = "\n\n".join(paragraphs)
    probe.basics = basics
    applying = Applying(ad=job_text, exempt=tuple(exempt))
    found = guard(source, probe, today=today, applying=applying)
    return list(dict.fromkeys(f"letter: {v.value!r} — {v.why}" for v in found))


def offline_letter(source: Resume, analysis: JobAnalysis, *, today: date | None = None) -> Letter:
    """A plain letter from the résumé's own facts; it passes ``letter_problems`` by design."""
    day = today or date.today()
    letter = _frame(source, analysis, day)
    stated = profiles.build(source, day)
    role = analysis.title or "this role"
    at = f" at {analysis.company}" if analysis.company else ""
    paragraphs = [f"I am writing to apply for the {role} position{at}."]
    current = source.work[0] if source.work else None
    years = math.floor(stated.years)
    if current and current.position:
        where = f" at {current.name}" if current.name else ""
        span = f", and I have {years} years of professional experience" if years >= 1 else ""
        now = "Most recently I worked" if current.end_date else "I currently work"
        paragraphs.append(f"{now} as {current.position}{where}{span}.")
    shown = [a.name for a in analysis.required + analysis.preferred if a.name in stated.skills]
    if shown:
        paragraphs.append(
            f"My résumé shows experience with {_join(shown[:5])}, which this role asks for."
        )
    best = _best_bullet(source, analysis)
    if best:
        paragraphs.append(f"One example from my work: {best.rstrip('.')}.")
    paragraphs.append(
        "I would welcome the chance to discuss how my experience fits your team. "
        "Thank you for your time and consideration."
    )
    letter.paragraphs = paragraphs
    return letter


def _named(analysis: JobAnalysis) -> list[str]:
    return [w for w in (analysis.title, analysis.company or "") if w]


def _frame(source: Resume, analysis: JobAnalysis, day: date) -> Letter:
    basics = source.basics
    place = (
        ", ".join(p for p in (basics.location.city, basics.location.region) if p)
        if basics.location
        else ""
    )
    contact = [c for c in (basics.email, basics.phone, place) if c]
    return Letter(
        name=basics.name or "",
        contact=contact,
        date=day.strftime("%-d %B %Y"),
        company=analysis.company or "",
        role=analysis.title or "",
        greeting="Dear Hiring Manager,",
        paragraphs=[],
        closing="Kind regards,",
    )


def _best_bullet(source: Resume, analysis: JobAnalysis) -> str | None:
    wanted = {f"skill:{a.name}" for a in analysis.required + analysis.preferred}
    bullets = [h for job in source.work for h in job.highlights]
    if not bullets:
        return None
    ranked = max(bullets, key=lambda h: len(wanted & set(terms(h))))
    return ranked if wanted & set(terms(ranked)) else bullets[0]


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
