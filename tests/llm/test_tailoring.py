"""Tailoring through a real local OpenAI-compatible server: every outcome is asserted.

The product's own client (the official SDK) talks HTTP to ``tests.llm.provider``; only the
client's ``sleep`` is replaced, by a recorder, so that backoffs are checked without waiting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from structlog.testing import capture_logs

from tailorcv.match import JobAnalysis
from tailorcv.ops.ratelimit import RateLimiter, Verdict, make_limiter
from tailorcv.resume.model import Resume
from tailorcv.tailor import guard
from tailorcv.tailor.llm.breaker import CLOSED, OPEN, Breaker
from tailorcv.tailor.llm.engine import Budget, LLMEngine
from tailorcv.tailor.llm.tailoring import tailor
from tests.llm.conftest import Sleeps
from tests.llm.provider import Provider, Reply, answer

GOOD = {
    "summary": "Backend engineer who builds payment and logistics platforms in Python and Go.",
    "rephrase": [
        {
            "section": "work",
            "entry": 0,
            "bullet": 1,
            "text": "Moved 30 services from VMs to Kubernetes on AWS with Terraform, "
            "cutting infrastructure cost by 28%.",
        }
    ],
    "bullets": [{"section": "work", "entry": 0, "keep": [1, 0, 2, 3]}],
    "projects": None,
    "skills_first": ["Kubernetes", "Terraform"],
}
INVENTED_EMPLOYER = {**GOOD, "summary": "Backend engineer, formerly a staff engineer at Google."}
INVENTED_SKILL = {
    **GOOD,
    "rephrase": [
        {"section": "work", "entry": 1, "bullet": 0, "text": "Built route planning in Haskell."}
    ],
}
Make = Callable[..., LLMEngine]


@dataclass
class Stretched:
    """A rate limiter whose per-minute limits count per day."""

    limiter: RateLimiter

    def take(self, rate: str, key: str, cost: int = 1, /) -> Verdict:
        return self.limiter.take(rate.replace("/minute", "/day"), key, cost)


def run(engine: LLMEngine | None, source: Resume, analysis: JobAnalysis, text: str) -> Any:
    return tailor(engine, source, analysis, text)


def test_a_good_answer_is_applied_and_recorded_as_llm(
    make_engine: Make, provider: Provider, source: Resume, analysis: JobAnalysis, job_text: str
) -> None:
    provider.script(answer(GOOD))
    result, outcome = run(make_engine(), source, analysis, job_text)
    assert outcome.engine == "llm"
    assert (outcome.repairs, outcome.retries, outcome.cached) == (0, 0, False)
    assert result.resume.work[0].highlights[0].startswith("Moved 30 services")
    assert result.resume.basics.summary == GOOD["summary"]
    assert guard(source, result.resume) == []
    asked = provider.requests[0]
    assert asked["response_format"]["type"] == "json_schema"  # the probe found it supported
    assert provider.probes == 3  # JSON schema, tools, streaming: once


def test_the_second_identical_tailoring_is_a_cache_hit(
    make_engine: Make, provider: Provider, source: Resume, analysis: JobAnalysis, job_text: str
) -> None:
    provider.script(answer(GOOD))
    engine = make_engine()
    first, _ = run(engine, source, analysis, job_text)
    second, outcome = run(engine, source, analysis, job_text)
    assert outcome.cached
    assert outcome.engine == "llm"
    assert len(provider.requests) == 1
    assert second.resume == first.resume
    changed = source.model_copy(update={"basics": source.basics.model_copy(update={"label": "X"})})
    provider.script(answer(GOOD))
    _, other = run(engine, changed, analysis, job_text)
    assert not other.cached  # another source, another key
    assert len(provider.requests) == 2


def test_an_invented_employer_is_repaired_once_then_falls_back(
    make_engine: Make, provider: Provider, source: Resume, analysis: JobAnalysis, job_text: str
) -> None:
    provider.script(answer(INVENTED_EMPLOYER), answer(INVENTED_EMPLOYER))
    result, outcome = run(make_engine(), source, analysis, job_text)
    assert outcome.engine == ("offline (fallback: the answer claimed what the résumé does not say)")
    assert outcome.repairs == 1
    assert len(provider.requests) == 2
    repair = provider.requests[1]["messages"][-1]["content"]
    assert "Google" in repair  # the repair request names the violation
    assert "Google" not in (result.resume.basics.summary or "")
    assert guard(source, result.resume) == []


def test_a_repaired_answer_is_used(
    make_engine: Make, provider: Provider, source: Resume, analysis: JobAnalysis, job_text: str
) -> None:
    provider.script(answer(INVENTED_SKILL), answer(GOOD))
    result, outcome = run(make_engine(), source, analysis, job_text)
    assert outcome.engine == "llm"
    assert outcome.repairs == 1
    assert any("Haskell" in p for p in outcome.problems)
    assert "Haskell" not in " ".join(result.resume.work[1].highlights)


def test_malformed_json_gets_one_repair(
    make_engine: Make, provider: Provider, source: Resume, analysis: JobAnalysis, job_text: str
) -> None:
    provider.script(Reply('{"summary": "half an answer'), answer(GOOD))
    _, outcome = run(make_engine(), source, analysis, job_text)
    assert outcome.engine == "llm"
    assert outcome.repairs == 1
    assert "could not be used" in provider.requests[1]["messages"][-1]["content"]


def test_malformed_json_twice_falls_back(
    make_engine: Make, provider: Provider, source: Resume, analysis: JobAnalysis, job_text: str
) -> None:
    provider.script(Reply("Sure! Here are my edits."), Reply("{not json}"))
    with capture_logs() as logs:
        result, outcome = run(make_engine(), source, analysis, job_text)
    assert outcome.engine == "offline (fallback: the answer could not be read)"
    assert result.changes  # the offline engine's work
    assert len(provider.requests) == 2
    (fell_back,) = [entry for entry in logs if entry["event"] == "llm_answer_not_used"]
    assert fell_back["log_level"] == "warning"
    assert fell_back["reason"] == "the answer could not be read"
    assert fell_back["problems"] == outcome.problems[-3:]


def test_json_failing_the_schema_is_repaired(
    make_engine: Make, provider: Provider, source: Resume, analysis: JobAnalysis, job_text: str
) -> None:
    wrong = {"rephrase": [{"section": "work", "entry": 0, "bullet": 0}], "employer": "Acme"}
    provider.script(answer(wrong), answer(GOOD))
    _, outcome = run(make_engine(), source, analysis, job_text)
    assert outcome.engine == "llm"
    assert "does not match the schema" in outcome.problems[0]


def test_an_edit_pointing_at_nothing_is_repaired(
    make_engine: Make, provider: Provider, source: Resume, analysis: JobAnalysis, job_text: str
) -> None:
    bad = {"rephrase": [{"section": "work", "entry": 9, "bullet": 0, "text": "Led things."}]}
    provider.script(answer(bad), answer(bad))
    _, outcome = run(make_engine(), source, analysis, job_text)
    assert outcome.engine.startswith("offline (fallback:")
    assert "work[9] does not exist" in outcome.problems[0]


def test_429_is_retried_after_its_retry_after(
    make_engine: Make,
    provider: Provider,
    sleeps: Sleeps,
    source: Resume,
    analysis: JobAnalysis,
    job_text: str,
) -> None:
    provider.script(Reply(status=429, headers={"retry-after": "1.5"}), answer(GOOD))
    _, outcome = run(make_engine(), source, analysis, job_text)
    assert outcome.engine == "llm"
    assert outcome.retries == 1
    assert sleeps.waits == [1.5]


def test_a_retry_after_longer_than_allowed_is_not_waited_for(
    make_engine: Make,
    provider: Provider,
    sleeps: Sleeps,
    source: Resume,
    analysis: JobAnalysis,
    job_text: str,
) -> None:
    provider.script(Reply(status=429, headers={"retry-after": "3600"}))
    _, outcome = run(make_engine(), source, analysis, job_text)
    assert outcome.engine == "offline (fallback: provider rate limited)"
    assert sleeps.waits == []
    assert len(provider.requests) == 1


def test_500s_are_retried_with_growing_jittered_backoff_then_fall_back(
    make_engine: Make,
    provider: Provider,
    sleeps: Sleeps,
    source: Resume,
    analysis: JobAnalysis,
    job_text: str,
) -> None:
    provider.default = Reply(status=500)
    engine = make_engine(max_retries=3, backoff_base=0.1, backoff_cap=10.0)
    result, outcome = run(engine, source, analysis, job_text)
    assert outcome.engine == "offline (fallback: provider down)"
    assert (outcome.retries, len(provider.requests)) == (3, 4)
    assert guard(source, result.resume) == []
    for attempt, wait in enumerate(sleeps.waits):
        ceiling = 0.1 * 2**attempt
        assert ceiling / 2 <= wait <= ceiling


def test_a_500_then_an_answer_succeeds(
    make_engine: Make, provider: Provider, source: Resume, analysis: JobAnalysis, job_text: str
) -> None:
    provider.script(Reply(status=503), Reply(status=502), answer(GOOD))
    _, outcome = run(make_engine(), source, analysis, job_text)
    assert (outcome.engine, outcome.retries) == ("llm", 2)


def test_a_response_slower_than_the_timeout_falls_back(
    make_engine: Make, provider: Provider, source: Resume, analysis: JobAnalysis, job_text: str
) -> None:
    provider.default = Reply("{}", delay=2.0)
    engine = make_engine(timeout=0.3, max_retries=1)
    # The whole exchange may take 30 s: only the request's own timeout is under test.
    _, outcome = tailor(engine, source, analysis, job_text, seconds=30)
    assert outcome.engine == "offline (fallback: provider timed out)"
    assert outcome.retries == 1
    assert len(provider.requests) == 2


def test_a_dropped_connection_is_retried(
    make_engine: Make, provider: Provider, source: Resume, analysis: JobAnalysis, job_text: str
) -> None:
    provider.script(Reply(drop=True), answer(GOOD))
    _, outcome = run(make_engine(), source, analysis, job_text)
    assert (outcome.engine, outcome.retries) == ("llm", 1)


def test_the_breaker_opens_and_stops_calling_a_failing_provider(
    make_engine: Make, provider: Provider, source: Resume, analysis: JobAnalysis, job_text: str
) -> None:
    provider.default = Reply(status=500)
    engine = make_engine(max_retries=1, breaker_failures=2)
    _, first = run(engine, source, analysis, job_text)
    assert first.engine == "offline (fallback: provider down)"
    assert engine.provider.breaker.state == OPEN
    sent = len(provider.requests)
    _, second = run(engine, source, analysis, job_text)
    assert second.engine == "offline (fallback: provider down)"
    assert len(provider.requests) == sent  # not called while open


def test_without_json_schema_a_forced_tool_call_is_used(
    make_engine: Make, provider: Provider, source: Resume, analysis: JobAnalysis, job_text: str
) -> None:
    provider.json_schema = False
    provider.script(answer(GOOD))
    _, outcome = run(make_engine(), source, analysis, job_text)
    assert outcome.engine == "llm"
    asked = provider.requests[0]
    assert "response_format" not in asked
    assert asked["tool_choice"]["function"]["name"] == "tailor"


def test_without_schema_or_tools_json_in_text_is_parsed(
    make_engine: Make, provider: Provider, source: Resume, analysis: JobAnalysis, job_text: str
) -> None:
    provider.json_schema = provider.tools = provider.streaming = False
    fenced = "Here you go:\n```json\n" + answer(GOOD).content + "\n```"
    provider.script(Reply(fenced))
    _, outcome = run(make_engine(), source, analysis, job_text)
    assert outcome.engine == "llm"
    asked = provider.requests[0]
    assert "response_format" not in asked
    assert "tools" not in asked
    assert "JSON Schema" in asked["messages"][-1]["content"]


def test_a_spent_daily_budget_falls_back_without_a_request(
    make_engine: Make, provider: Provider, source: Resume, analysis: JobAnalysis, job_text: str
) -> None:
    engine = make_engine()
    result, outcome = tailor(
        engine, source, analysis, job_text, budget=Budget("llm-tokens:user:1", 100)
    )
    assert outcome.engine == "offline (fallback: daily token budget used)"
    assert provider.requests == []
    assert result.changes


def test_the_daily_budget_counts_what_was_spent(
    make_engine: Make, provider: Provider, source: Resume, analysis: JobAnalysis, job_text: str
) -> None:
    engine = make_engine()
    budget = Budget("llm-tokens:user:2", 6_000)  # one tailoring takes about 4,000
    provider.script(answer(GOOD))
    _, first = tailor(engine, source, analysis, job_text, budget=budget)
    assert first.engine == "llm"
    assert first.budgeted >= first.tokens
    other = job_text + "\nAlso: Rust."
    _, second = tailor(engine, source, analysis, other, budget=budget)
    assert second.engine == "offline (fallback: daily token budget used)"


def test_the_provider_limit_holds_requests_on_our_side(
    make_engine: Make, provider: Provider, source: Resume, analysis: JobAnalysis, job_text: str
) -> None:
    engine = make_engine(requests_per_minute=1)
    # The real limiter, with each minute's window stretched to a day: the two tailorings below
    # cannot straddle a window's end, so the second always finds the first's request counted.
    engine.provider.limiter = Stretched(make_limiter("memory://"))
    provider.script(answer(GOOD), answer(GOOD))
    assert run(engine, source, analysis, job_text)[1].engine == "llm"
    _, outcome = run(engine, source, analysis, job_text + "\nAnother line.")
    assert outcome.engine == "offline (fallback: rate limited)"
    assert len(provider.requests) == 1


def test_a_loopback_base_url_is_refused_unless_allowed(
    make_engine: Make, provider: Provider, source: Resume, analysis: JobAnalysis, job_text: str
) -> None:
    _, outcome = run(make_engine(allow_private=False), source, analysis, job_text)
    assert outcome.engine == "offline (fallback: base URL refused)"
    assert provider.requests == []
    assert provider.probes == 0


def test_without_an_engine_the_offline_engine_answers(
    source: Resume, analysis: JobAnalysis, job_text: str
) -> None:
    result, outcome = run(None, source, analysis, job_text)
    assert outcome.engine == "offline"
    assert guard(source, result.resume) == []


def test_requests_tokens_and_cost_are_counted_in_metrics(
    make_engine: Make, provider: Provider, source: Resume, analysis: JobAnalysis, job_text: str
) -> None:
    from prometheus_client import REGISTRY

    engine = make_engine(cost_input_per_1k=1.0, cost_output_per_1k=2.0)
    model = engine.config.model
    provider.script(Reply(status=500), answer(GOOD))
    _, outcome = run(engine, source, analysis, job_text)

    def sample(name: str, **labels: str) -> float | None:
        return REGISTRY.get_sample_value(name, {"model": model, **labels})

    assert sample("tailorcv_llm_requests_total", outcome="ok") == 1
    assert sample("tailorcv_llm_requests_total", outcome="error") == 1
    prompt = sample("tailorcv_llm_tokens_total", direction="prompt")
    completion = sample("tailorcv_llm_tokens_total", direction="completion")
    assert prompt
    assert completion
    assert prompt + completion == outcome.tokens
    assert sample("tailorcv_llm_cost_usd_total") == pytest.approx(
        (prompt * 1.0 + completion * 2.0) / 1000
    )


def test_another_4xx_is_not_retried_and_does_not_trip_the_breaker(
    make_engine: Make, provider: Provider, source: Resume, analysis: JobAnalysis, job_text: str
) -> None:
    provider.script(Reply("model not found", status=404))
    engine = make_engine(breaker_failures=1)
    _, outcome = run(engine, source, analysis, job_text)
    assert outcome.engine == "offline (fallback: provider refused the request)"
    assert (outcome.requests, outcome.retries) == (1, 0)
    assert engine.provider.breaker.state == CLOSED


def test_a_half_open_breaker_lets_one_trial_through_and_closes_on_success(
    make_engine: Make, provider: Provider, source: Resume, analysis: JobAnalysis, job_text: str
) -> None:
    now = [0.0]
    engine = make_engine(max_retries=0)
    engine.provider.breaker = Breaker(failures=1, cooldown=30.0, clock=lambda: now[0])
    provider.script(Reply(status=500))
    assert run(engine, source, analysis, job_text)[1].engine.endswith("(fallback: provider down)")
    assert engine.provider.breaker.state == OPEN
    now[0] = 31.0  # the cooldown has passed
    provider.script(answer(GOOD))
    _, outcome = run(engine, source, analysis, job_text)
    assert outcome.engine == "llm"
    assert engine.provider.breaker.state == CLOSED


LOSES_SKILLS = {
    **GOOD,
    "summary": "Engineer who enjoys working with people.",
    "rephrase": [],
    "bullets": [
        {"section": "work", "entry": 0, "keep": [3]},
        {"section": "work", "entry": 1, "keep": [0]},
        {"section": "work", "entry": 2, "keep": [0]},
    ],
    "skills_first": [],
}


def test_a_version_that_scores_lower_is_not_kept(
    make_engine: Make, provider: Provider, source: Resume, analysis: JobAnalysis, job_text: str
) -> None:
    """Honest but worse (it drops the bullets that show the job's skills): the offline engine,
    which never lowers the score, answers instead, and says why (issue 15)."""
    provider.script(answer(LOSES_SKILLS))
    result, outcome = run(make_engine(), source, analysis, job_text)
    assert outcome.engine.startswith("offline (fallback: the model's version scored lower (")
    assert result.after.score >= result.before.score
    assert len(result.resume.work[0].highlights) == len(source.work[0].highlights)
