"""Suggestions for weak bullets: which bullets, why, and (from a model) a better wording.

Offline, the weakest few bullets (at most ``MAX_OFFLINE``) get their reasons, each in words about
that bullet (``tailor.bullets``); where the job asks for a skill that a role shows in another
bullet, one bullet of that role says so. A model adds a rewording; every rewording must pass the
guard as if it were in the résumé, or the offline suggestions are served instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, Literal

from pydantic import Field

from tailorcv.match.analyse import JobAnalysis
from tailorcv.resume.fields import entry_label
from tailorcv.resume.model import Resume
from tailorcv.skills import taxonomy
from tailorcv.tailor.bullets import quote, weaknesses
from tailorcv.tailor.guard import guard
from tailorcv.tailor.llm.edits import Edits, Rephrase, Strict, apply
from tailorcv.tailor.llm.engine import Budget, Fallback, LLMEngine, Outcome, Question
from tailorcv.tailor.llm.payload import job_payload, resume_payload
from tailorcv.tailor.llm.tailoring import content_text

MAX_SUGGESTIONS = 10  # from a model, as its prompt says
MAX_OFFLINE = 8  # offline: the weakest few, each about its own bullet


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

    def check(answer: Suggestions) -> list[str]:
        edits = Edits(
            rephrase=[Rephrase(**s.model_dump(exclude={"why"})) for s in answer.suggestions]
        )
        tailored, _ = apply(source, edits)  # each rewording read as if it were in the résumé
        return [str(v) for v in guard(source, tailored, today=today)]

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
    """The offline suggestions: the weakest bullets first, each told what is weak in it."""
    wanted = [a.name for a in analysis.required + analysis.preferred]
    found: list[Suggestion] = []
    seen: set[str] = set()  # a bullet written twice gets one suggestion
    for section in ("work", "volunteer", "projects"):
        for index, entry in enumerate(getattr(source, section)):
            label = entry_label(source, section, index)
            found += _weak_in_entry(section, index, label, entry.highlights, wanted, seen)
    found.sort(key=lambda s: -len(s.why))  # stable: in document order among equals
    return _distinct(found[:MAX_OFFLINE])


def _weak_in_entry(
    section: str, index: int, label: str, bullets: list[str], wanted: list[str], seen: set[str]
) -> Iterator[Suggestion]:
    tax = taxonomy()
    named = [{m.skill.name for m in tax.find(b)} for b in bullets]
    in_role = set().union(*named)
    pointed = False  # the job's skills this role shows are pointed out once, not per bullet
    for position, bullet in enumerate(bullets):
        key = " ".join(bullet.casefold().split())
        why = weaknesses(bullet)
        if not why or key in seen:
            continue
        seen.add(key)
        shown = [s for s in wanted if s in in_role and s not in named[position]]
        if shown and not pointed:
            why.append(
                f"the job asks for {_join(shown[:3])}, which your {label} role shows in another "
                "bullet; if this work used it too, say so here"
            )
            pointed = True
        yield Suggestion(f"{section}[{index}].highlights[{position}]", bullet, why)


def _distinct(found: list[Suggestion]) -> list[Suggestion]:
    """A reason another bullet already got (two bullets opening alike, or vague alike) quotes
    this bullet whole instead, so that no two reasons read the same."""
    seen: set[str] = set()
    for suggestion in found:
        suggestion.why = [
            _own(line, suggestion.bullet) if line in seen else line for line in suggestion.why
        ]
        seen.update(suggestion.why)
    return found


def _own(line: str, bullet: str) -> str:
    short, whole = quote(bullet.strip()), quote(bullet.strip(), words=len(bullet.split()))
    return line.replace(short, whole) if short in line and short != whole else f"{line} ({whole})"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
