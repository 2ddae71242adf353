"""Tailoring with a model, falling back to the offline engine whenever its answer cannot be used.

The model answers with ``Edits``; they are applied to the source, and the result must pass the
faithfulness guard (names included), or the offline engine's tailoring is served instead. The
result records which engine made it, and why: ``llm``, ``offline`` or ``offline (fallback: …)``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date

from tailorcv.match.analyse import JobAnalysis
from tailorcv.match.score import score
from tailorcv.resume.model import Resume
from tailorcv.tailor.guard import guard
from tailorcv.tailor.llm.edits import Edits, apply
from tailorcv.tailor.llm.engine import Budget, Fallback, LLMEngine, Outcome, Question
from tailorcv.tailor.llm.payload import job_payload, resume_payload
from tailorcv.tailor.offline import PageCounter, Tailored, offline


def tailor(
    engine: LLMEngine | None,
    source: Resume,
    analysis: JobAnalysis,
    job_text: str,
    *,
    budget: Budget | None = None,
    tags: Iterable[str] = (),
    pages: int | None = None,
    count_pages: PageCounter | None = None,
    seconds: float | None = None,
    today: date | None = None,
) -> tuple[Tailored, Outcome]:
    """Tailor with the model when there is one and its answer is honest; offline otherwise."""
    if engine is None:
        result = offline(source, analysis, pages=pages, count_pages=count_pages, today=today)
        return result, Outcome(engine="offline")
    question = tailor_question(source, analysis, job_text, budget=budget, tags=tags, today=today)
    try:
        edits, outcome = engine.ask(question, seconds=seconds)
    except Fallback as exc:
        result = offline(source, analysis, pages=pages, count_pages=count_pages, today=today)
        return result, exc.outcome
    result = _tailored(source, analysis, edits, pages, count_pages, today)
    lost = result.before.score - result.after.score
    if lost > REWORDING_SLACK and not _over_budget(source, pages, count_pages):
        # Tailoring only helps (issue 15): a version that scores lower is not kept.
        lower = f"{result.after.score:g} < {result.before.score:g}"
        result = offline(source, analysis, pages=pages, count_pages=count_pages, today=today)
        return result, outcome.fell_back(f"the model's version scored lower ({lower})")
    return result, outcome


# Rewording moves the wording part by a few tenths either way; more than this is a worse résumé.
REWORDING_SLACK = 1.0


def _over_budget(source: Resume, pages: int | None, count_pages: PageCounter | None) -> bool:
    """A page budget the source does not fit may cost points; nothing else may."""
    return pages is not None and count_pages is not None and count_pages(source) > pages


def tailor_question(
    source: Resume,
    analysis: JobAnalysis,
    job_text: str,
    *,
    budget: Budget | None = None,
    tags: Iterable[str] = (),
    today: date | None = None,
) -> Question[Edits]:

    def check(edits: Edits) -> list[str]:
        tailored, _ = apply(source, edits)  # the guard reads names, numbers, skills and titles
        return [str(v) for v in guard(source, tailored, today=today)]

    return Question(
        prompt="tailor",
        payload={"resume": resume_payload(source), "job": job_payload(analysis, job_text)},
        answer=Edits,
        check=check,
        key_parts=(content_text(source), content_text(job_text)),
        tags=tags,
        budget=budget,
    )


def _tailored(
    source: Resume,
    analysis: JobAnalysis,
    edits: Edits,
    pages: int | None,
    count_pages: PageCounter | None,
    today: date | None,
) -> Tailored:
    tailored, changes = apply(source, edits)
    day = today or date.today()
    notes: list[str] = []
    rendered = None
    if pages is not None and count_pages is not None:
        rendered = count_pages(tailored)
        if rendered > pages:
            notes.append(f"{rendered} pages, over the budget of {pages}; shorten it by hand")
    before = score(source, analysis, today=day)
    after = score(tailored, analysis, today=day)
    return Tailored(tailored, changes, before, after, rendered, notes)


def content_text(value: object) -> str:
    """A stable text for a cache key: the résumé's or the ad's content."""
    if isinstance(value, Resume):
        data = value.model_dump(mode="json", by_alias=True, exclude_none=True)
        return json.dumps(data, sort_keys=True, ensure_ascii=False)
    return str(value)
