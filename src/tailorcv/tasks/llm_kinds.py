"""The tasks that may ask a model: tailor (``engine: llm``), suggest, letter.

Each builds the process's ``LLMEngine`` from the settings once (its cache and rate limiter are the
service's, so the response cache and the provider's per-minute limits are shared by every worker),
asks within the kind's time limit, and records in its result which engine answered and why:
``llm``, ``offline``, or ``offline (fallback: <reason>)``. A provider that fails never fails the
task: the offline engine answers instead.
"""

from __future__ import annotations

import dataclasses
import os
import threading
import uuid
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from tailorcv.errors import InputNotFound, TailoringRefused
from tailorcv.ops.settings import Settings
from tailorcv.store import queries
from tailorcv.store.models import Job, Task, User
from tailorcv.tailor.llm.config import LLMConfig
from tailorcv.tasks.context import Context
from tailorcv.tasks.kinds import (
    Done,
    _resume,
    _tailored,
    _uuid,
    _version,
    job_analysis,
    store_file,
)
from tailorcv.tasks.options import TIME_LIMITS

if TYPE_CHECKING:  # the engine imports the openai SDK: only when a task needs it
    from tailorcv.tailor.llm.engine import Budget, LLMEngine, Outcome

NOT_CONFIGURED = "no LLM configured"
MARGIN_SECONDS = 30.0  # kept back from the kind's time limit for the offline engine and a render
_ENGINES: dict[tuple[Any, ...], LLMEngine] = {}
_LOCK = threading.Lock()


def config_from(settings: Settings) -> LLMConfig | None:
    """The provider the operator configured, or None when tailoring stays offline."""
    if not settings.llm_base_url:
        return None
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else "none"
    return LLMConfig(
        base_url=settings.llm_base_url,
        api_key=key,
        model=settings.llm_model,
        timeout=settings.llm_timeout_seconds,
        max_retries=settings.llm_max_retries,
        allow_private=settings.llm_allow_private,
        requests_per_minute=settings.llm_requests_per_minute,
        tokens_per_minute=settings.llm_tokens_per_minute,
        cost_input_per_1k=settings.llm_cost_input_per_1k,
        cost_output_per_1k=settings.llm_cost_output_per_1k,
    )


def engine_for(settings: Settings) -> LLMEngine | None:
    """This process's engine for the configured provider (None when there is none)."""
    from tailorcv.ops.cache import make_cache
    from tailorcv.ops.ratelimit import make_limiter
    from tailorcv.tailor.llm.engine import LLMEngine

    config = config_from(settings)
    if config is None:
        return None
    key = (os.getpid(), config, settings.cache_url, settings.ratelimit_url)
    with _LOCK:
        found = _ENGINES.get(key)
        if found is None:
            cache, limiter = make_cache(settings.cache_url), make_limiter(settings.ratelimit_url)
            found = _ENGINES[key] = LLMEngine(config, cache=cache, limiter=limiter)
        return found


def close_engines() -> None:
    """Close this process's engines' connections (tests, and a worker that shuts down)."""
    with _LOCK:
        for key in [k for k in _ENGINES if k[0] == os.getpid()]:
            _ENGINES.pop(key).close()


def budget_for(session: Session, owner_id: uuid.UUID, settings: Settings) -> Budget:
    """The owner's daily token allowance, by tier."""
    from tailorcv.tailor.llm.engine import Budget

    user = session.get(User, owner_id)
    tier = user.tier if user is not None else "free"
    tokens = int(getattr(settings, f"llm_daily_tokens_{tier}", settings.llm_daily_tokens_free))
    return Budget(f"llm-tokens:user:{owner_id}", tokens)


def tailor_with_llm(ctx: Context, session: Session, task: Task) -> Done:
    """Tailor with the model (the offline engine when it fails); the guard checks either way."""
    from tailorcv.render import count_pages
    from tailorcv.tailor import guard
    from tailorcv.tailor.llm.tailoring import tailor

    source_version, job, source = _inputs(session, task)
    template = str(task.payload.get("template") or source.template or "classic")
    tailored, outcome = tailor(
        _engine(ctx.settings, task),
        source,
        _analysis(job),
        job.text,
        budget=budget_for(session, task.owner_id, ctx.settings),
        tags=(f"resume:{source_version.resume_id}", f"job:{job.id}"),
        pages=int(task.payload.get("pages") or 1),
        count_pages=lambda resume: count_pages(resume, template),
        seconds=_seconds(task.kind),
    )
    _explain(outcome, ctx.settings, task)
    violations = guard(source, tailored.resume)
    if violations:
        listed = "\n".join(f"  {v}" for v in violations)
        raise TailoringRefused(f"the tailored résumé claims what the source does not:\n{listed}")
    version = _tailored(ctx, session, task.owner_id, source_version, tailored.resume, job.id)
    return Done(
        {
            "version_id": str(version.id),
            "engine": outcome.engine,
            "llm": outcome.to_dict(),
            "changes": [asdict(change) for change in tailored.changes],
            "score_before": tailored.before.score,
            "score_after": tailored.after.score,
            "violations": [],
            "pages": tailored.pages,
            "notes": list(tailored.notes),
        }
    )


def suggest_bullets(ctx: Context, session: Session, task: Task) -> Done:
    """Suggestions for the weak bullets of a version, for a job."""
    from tailorcv.tailor.llm.suggest import suggest

    source_version, _source, (found, outcome) = _write(ctx, session, task, suggest)
    return Done(
        {
            "version_id": str(source_version.id),
            "engine": outcome.engine,
            "llm": outcome.to_dict(),
            "suggestions": [s.to_dict() for s in found],
        }
    )


def write_cover_letter(ctx: Context, session: Session, task: Task) -> Done:
    """A cover letter for a version and a job, rendered in the résumé's template family."""
    from tailorcv.render.letter import render_letter
    from tailorcv.tailor.letter import write_letter

    source_version, source, (letter, outcome) = _write(ctx, session, task, write_letter)
    fmt = str(task.payload.get("format") or "pdf")
    data = render_letter(source, letter.to_dict(), task.payload.get("template"), fmt)
    stored = store_file(ctx, session, task.owner_id, data, fmt)
    return Done(
        {
            "version_id": str(source_version.id),
            "engine": outcome.engine,
            "llm": outcome.to_dict(),
            "letter": letter.to_dict(),
            **stored,
        }
    )


def _write(ctx: Context, session: Session, task: Task, write: Any) -> tuple[Any, Any, Any]:
    """Run a writing function (suggestions, a letter) on the task's version and job: the
    version, its résumé, and what ``write`` answered, its outcome explained."""
    source_version, job, source = _inputs(session, task)
    answer = write(
        _engine(ctx.settings, task),
        source,
        _analysis(job),
        job.text,
        budget=budget_for(session, task.owner_id, ctx.settings),
        tags=(f"resume:{source_version.resume_id}", f"job:{job.id}"),
        seconds=_seconds(task.kind),
    )
    _explain(answer[1], ctx.settings, task)
    return source_version, source, answer


def _engine(settings: Settings, task: Task) -> LLMEngine | None:
    """The engine, unless the task asked for the offline one."""
    return None if task.payload.get("engine") == "offline" else engine_for(settings)


def _explain(outcome: Outcome, settings: Settings, task: Task) -> None:
    """A model was asked for and none is configured: say so in the engine recorded."""
    if task.payload.get("engine") == "llm" and not settings.llm_base_url:
        outcome.fell_back(NOT_CONFIGURED)


def _inputs(session: Session, task: Task) -> tuple[Any, Job, Any]:
    version = _version(session, task.owner_id, task.payload.get("version_id"))
    job_id = _uuid(task.payload.get("job_id"), "job_id")
    job = queries.get_job(session, task.owner_id, job_id) if job_id else None
    if job is None:
        raise InputNotFound(f"no job {task.payload.get('job_id')}; paste the job ad first")
    return version, job, _resume(version)


def _analysis(job: Job) -> Any:
    """The job's analysis, with the title and company the user gave, when they gave one."""
    analysis = job_analysis(job.analysis, job.text)
    return dataclasses.replace(
        analysis, title=job.title or analysis.title, company=job.company or analysis.company
    )


def _seconds(kind: str) -> float:
    return max(5.0, TIME_LIMITS.get(kind, 120.0) - MARGIN_SECONDS)
