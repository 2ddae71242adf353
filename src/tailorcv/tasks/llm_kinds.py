"""The tasks that may ask a model: tailor (``engine: llm``), suggest, letter.

Each asks the runtime's ``LLMEngine`` (``service.runtime``: its cache and rate limiter are the
service's, so the response cache and the provider's per-minute limits are shared by every worker),
asks within the kind's time limit, and records in its result which engine answered and why:
``llm``, ``offline``, or ``offline (fallback: <reason>)``. A provider that fails never fails the
task: the offline engine answers instead.
"""

from __future__ import annotations

import dataclasses
import uuid
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from tailorcv.ops.settings import Settings
from tailorcv.service.payloads import LetterPayload, SuggestPayload, TailorPayload, read
from tailorcv.service.photo_lookup import stored_photo
from tailorcv.service.runtime import Runtime
from tailorcv.store.models import Job, Task, User
from tailorcv.tasks.common import (
    Done,
    job_analysis,
    owned_job,
    owned_version,
    refuse_invented,
    resume_of,
    save_tailored,
    store_file,
    tailored_result,
)
from tailorcv.tasks.options import TIME_LIMITS

if TYPE_CHECKING:  # the engine imports the openai SDK: only when a task needs it
    from tailorcv.tailor.llm.engine import Budget, LLMEngine, Outcome

NOT_CONFIGURED = "no LLM configured"
Asking = TailorPayload | SuggestPayload | LetterPayload  # a version, a job and an engine
MARGIN_SECONDS = 30.0  # kept back from the kind's time limit for the offline engine and a render


def budget_for(session: Session, owner_id: uuid.UUID, settings: Settings) -> Budget:
    """The owner's daily token allowance, by tier."""
    from tailorcv.tailor.llm.engine import Budget

    user = session.get(User, owner_id)
    tier = user.tier if user is not None else "free"
    tokens = int(getattr(settings, f"llm_daily_tokens_{tier}", settings.llm_daily_tokens_free))
    return Budget(f"llm-tokens:user:{owner_id}", tokens)


def tailor_with_llm(ctx: Runtime, session: Session, task: Task, payload: TailorPayload) -> Done:
    """Tailor with the model (the offline engine when it fails); the guard checks either way."""
    from tailorcv.render import count_pages
    from tailorcv.tailor.llm.tailoring import tailor

    source_version, job, source = _inputs(session, task.owner_id, payload)
    template = payload.template or source.template
    photo = stored_photo(session, ctx.blobs, task.owner_id, source)
    tailored, outcome = tailor(
        _engine(ctx, payload),
        source,
        _analysis(job),
        job.text,
        budget=budget_for(session, task.owner_id, ctx.settings),
        tags=(f"resume:{source_version.resume_id}", f"job:{job.id}"),
        pages=payload.pages or 1,
        count_pages=lambda resume: count_pages(resume, template, photo),
        seconds=_seconds(task.kind),
    )
    _explain(outcome, ctx.settings, payload)
    refuse_invented(source, tailored.resume)
    version = save_tailored(ctx, session, task.owner_id, source_version, tailored.resume, job.id)
    return Done({**tailored_result(version, outcome.engine, tailored), "llm": outcome.to_dict()})


def suggest_bullets(ctx: Runtime, session: Session, task: Task) -> Done:
    """Suggestions for the weak bullets of a version, for a job."""
    from tailorcv.tailor.llm.suggest import suggest

    payload = read(task.kind, task.payload, SuggestPayload)
    source_version, _source, (found, outcome) = _write(ctx, session, task, payload, suggest)
    return Done(
        {
            "version_id": str(source_version.id),
            "engine": outcome.engine,
            "llm": outcome.to_dict(),
            "suggestions": [s.to_dict() for s in found],
        }
    )


def write_cover_letter(ctx: Runtime, session: Session, task: Task) -> Done:
    """A cover letter for a version and a job, rendered in the résumé's template family."""
    from tailorcv.render.letter import render_letter
    from tailorcv.tailor.letter import write_letter

    payload = read(task.kind, task.payload, LetterPayload)
    source_version, source, (letter, outcome) = _write(ctx, session, task, payload, write_letter)
    photo = stored_photo(session, ctx.blobs, task.owner_id, source)
    data = render_letter(source, letter.to_dict(), payload.template, payload.format, photo)
    stored = store_file(ctx, session, task.owner_id, data, payload.format)
    return Done(
        {
            "version_id": str(source_version.id),
            "engine": outcome.engine,
            "llm": outcome.to_dict(),
            "letter": letter.to_dict(),
            **stored,
        }
    )


def _write(
    ctx: Runtime, session: Session, task: Task, payload: Asking, write: Any
) -> tuple[Any, Any, Any]:
    """Run a writing function (suggestions, a letter) on the task's version and job: the
    version, its résumé, and what ``write`` answered, its outcome explained."""
    source_version, job, source = _inputs(session, task.owner_id, payload)
    answer = write(
        _engine(ctx, payload),
        source,
        _analysis(job),
        job.text,
        budget=budget_for(session, task.owner_id, ctx.settings),
        tags=(f"resume:{source_version.resume_id}", f"job:{job.id}"),
        seconds=_seconds(task.kind),
    )
    _explain(answer[1], ctx.settings, payload)
    return source_version, source, answer


def _engine(ctx: Runtime, payload: Asking) -> LLMEngine | None:
    """The runtime's engine, unless the task asked for the offline one."""
    return None if payload.engine == "offline" else ctx.llm_engine()


def _explain(outcome: Outcome, settings: Settings, payload: Asking) -> None:
    """A model was asked for and none is configured: say so in the engine recorded."""
    if payload.engine == "llm" and not settings.llm_base_url:
        outcome.fell_back(NOT_CONFIGURED)


def _inputs(session: Session, owner_id: uuid.UUID, payload: Asking) -> tuple[Any, Job, Any]:
    version = owned_version(session, owner_id, payload.version_id)
    return version, owned_job(session, owner_id, payload.job_id), resume_of(version)


def _analysis(job: Job) -> Any:
    """The job's analysis, with the title and company the user gave, when they gave one."""
    analysis = job_analysis(job.analysis, job.text)
    return dataclasses.replace(
        analysis, title=job.title or analysis.title, company=job.company or analysis.company
    )


def _seconds(kind: str) -> float:
    return max(5.0, TIME_LIMITS.get(kind, 120.0) - MARGIN_SECONDS)
