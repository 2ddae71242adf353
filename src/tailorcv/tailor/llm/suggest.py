"""Suggestions for weak bullets: which bullets, why, and (from a model) a better wording.

A bullet is weak when it states no number, does not lead with a verb, or reads as a duty
("Responsible for …"). Offline, each weak bullet gets its reasons and, where the job asks for a
skill that the bullet's own role shows elsewhere, a pointer to name it there. A model adds a
rewording; every rewording must pass the guard and the names check as if it were in the résumé,
or the offline suggestions are served instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, Literal

from pydantic import Field

from tailorcv.match.analyse import JobAnalysis
from tailorcv.match.profile import is_quantified
from tailorcv.match.skills import taxonomy
from tailorcv.resume.model import Resume
from tailorcv.tailor.guard import guard
from tailorcv.tailor.llm.edits import Edits, Rephrase, Strict, apply
from tailorcv.tailor.llm.engine import Budget, Fallback, LLMEngine, Outcome, Question
from tailorcv.tailor.llm.names import known_words, unknown_names
from tailorcv.tailor.llm.payload import job_payload, resume_payload
from tailorcv.tailor.llm.tailoring import content_text

MAX_SUGGESTIONS = 10
_DUTY = re.compile(
    r"^(?:responsible for|in charge of|worked on|helped(?: with)?|tasked with|duties|"
    r"involved in|participated in|assisted)\b",
    re.I,
)
_NOT_VERB = re.compile(r"^(?:i|we|my|our|the|a|an|was|were|team|as)\b", re.I)


class Suggested(Strict):
    section: Literal["work", "volunteer", "projects"]
    entry: int = Field(ge=0)
    bullet: int = Field(ge=0)
    text: str = Field(min_length=1, max_length=400)
    why: str = Field(max_length=300)


class Suggestions(Strict):
    suggestions: list[Suggested] = Field(max_length=MAX_SUGGESTIONS)


@dataclass
class Suggestion:
    path: str  # "work[0].highlights[2]"
    bullet: str  # the bullet as the résumé has it
    why: list[str]
    rewrite: str | None = None  # a better wording, when a model wrote one

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def suggest(
    engine: LLMEngine | None,
    source: Resume,
    analysis: JobAnalysis,
    job_text: str,
    *,
    budget: Budget | None = None,
    tags: Iterable[str] = (),
    seconds: float | None = None,
    today: date | None = None,
) -> tuple[list[Suggestion], Outcome]:
    """Suggestions from the model when there is one and it stays honest; offline otherwise."""
    if engine is None:
        return weak_bullets(source, analysis), Outcome(engine="offline")
    known = known_words(source)

    def check(answer: Suggestions) -> list[str]:
        edits = Edits(
            rephrase=[Rephrase(**s.model_dump(exclude={"why"})) for s in answer.suggestions]
        )
        tailored, _ = apply(source, edits)
        found = [str(v) for v in guard(source, tailored, today=today)]
        for s in answer.suggestions:
            path = f"{s.section}[{s.entry}].highlights[{s.bullet}]"
            found += [
                f"{path}: {name!r} — a name the source does not mention"
                for name in unknown_names(s.text, known)
            ]
        return found

    question = Question(
        prompt="suggest",
        payload={"resume": resume_payload(source), "job": job_payload(analysis, job_text)},
        answer=Suggestions,
        check=check,
        key_parts=(content_text(source), content_text(job_text)),
        tags=tags,
        budget=budget,
    )
    try:
        answer, outcome = engine.ask(question, seconds=seconds)
    except Fallback as exc:
        return weak_bullets(source, analysis), exc.outcome
    return [_from_model(source, s) for s in answer.suggestions], outcome


def _from_model(source: Resume, s: Suggested) -> Suggestion:
    entry = getattr(source, s.section)[s.entry]
    return Suggestion(
        f"{s.section}[{s.entry}].highlights[{s.bullet}]",
        entry.highlights[s.bullet],
        [s.why] if s.why else [],
        s.text,
    )


def weak_bullets(source: Resume, analysis: JobAnalysis) -> list[Suggestion]:
    """The offline suggestions: weak bullets with their reasons, weakest first."""
    wanted = [a.name for a in analysis.required + analysis.preferred]
    tax = taxonomy()
    found = []
    for section in ("work", "volunteer", "projects"):
        for index, entry in enumerate(getattr(source, section)):
            role_skills = {m.skill.name for h in entry.highlights for m in tax.find(h)}
            for position, bullet in enumerate(entry.highlights):
                why = _weaknesses(bullet)
                named = {m.skill.name for m in tax.find(bullet)}
                shown = [s for s in wanted if s in role_skills and s not in named]
                if shown and why:
                    why.append(f"this role shows {', '.join(shown[:3])}; say so where it applies")
                if why:
                    path = f"{section}[{index}].highlights[{position}]"
                    found.append(Suggestion(path, bullet, why))
    found.sort(key=lambda s: -len(s.why))
    return found[:MAX_SUGGESTIONS]


def _weaknesses(bullet: str) -> list[str]:
    why = []
    text = bullet.strip()
    if _DUTY.match(text):
        why.append("describes a duty; say what you achieved")
    elif _NOT_VERB.match(text) or (text[:1].islower() and not text[:1].isdigit()):
        why.append("lead with a verb (Built, Cut, Led …)")
    if not is_quantified(text):
        why.append("no number; say how much (time, money, users, %) if you know it")
    return why
