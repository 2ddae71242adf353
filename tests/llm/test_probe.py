"""The capability probe fails in passing as any request may (issue 16): a 5xx, a 429 or a dropped
connection there is retried with the same policy as a completion (backoff with jitter, its
``Retry-After`` honoured, ``max_retries``, the deadline), instead of ending the answer at once.

Against the local scripted provider (``tests.llm.provider``), whose probes are made to fail
first by ``FlakyProbes``."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from tailorcv.match import JobAnalysis
from tailorcv.resume.model import Resume
from tailorcv.tailor.llm.breaker import CLOSED
from tailorcv.tailor.llm.client import Capabilities, ProviderError
from tailorcv.tailor.llm.engine import LLMEngine
from tailorcv.tailor.llm.tailoring import tailor
from tests.llm.conftest import Sleeps
from tests.llm.provider import Provider, Reply, _send, answer, serving
from tests.llm.test_tailoring import GOOD

Make = Callable[..., LLMEngine]
EVERYTHING = Capabilities(json_schema=True, tools=True, streaming=True)


@dataclass
class FlakyProbes(Provider):
    """The scripted provider, whose next probes get ``failures`` (an error status with its
    headers, or a dropped connection) before it probes as usual."""

    failures: deque[Reply] = field(default_factory=deque)

    async def _probe(self, request: dict[str, Any], send: Any) -> None:
        if not self.failures:
            await super()._probe(request, send)
            return
        reply = self.failures.popleft()
        if reply.drop:
            raise ConnectionAbortedError("dropped on purpose")
        error = {"error": {"message": "scripted probe failure", "type": "x"}}
        await _send(send, reply.status, error, reply.headers)


@pytest.fixture
def provider() -> Iterator[FlakyProbes]:
    flaky = FlakyProbes()
    with serving(flaky):
        yield flaky


def test_a_500_during_the_probe_is_retried_and_the_model_answers(
    make_engine: Make,
    provider: FlakyProbes,
    sleeps: Sleeps,
    source: Resume,
    analysis: JobAnalysis,
    job_text: str,
) -> None:
    """Before issue 16 this fell back at once: ``offline (fallback: provider down)``."""
    provider.failures.append(Reply(status=500))
    provider.script(answer(GOOD))
    engine = make_engine()
    _, outcome = tailor(engine, source, analysis, job_text)
    assert outcome.engine == "llm"
    assert provider.probes == 4  # the failed one, then JSON schema, tools, streaming
    assert provider.requests[0]["response_format"]["type"] == "json_schema"
    assert (outcome.requests, outcome.retries) == (1, 0)  # probes are not the answer's
    assert len(sleeps.waits) == 1
    assert 0.005 <= sleeps.waits[0] <= 0.01  # the first backoff: backoff_base 0.01, jittered
    assert engine.provider.breaker.state == CLOSED


@pytest.mark.parametrize(
    "failure",
    [Reply(status=502), Reply(status=503), Reply(status=429), Reply(drop=True)],
    ids=["502", "503", "429", "dropped"],
)
def test_each_transient_failure_of_a_probe_is_retried(
    make_engine: Make, provider: FlakyProbes, failure: Reply
) -> None:
    provider.failures.append(failure)
    client = make_engine().provider
    assert client.capabilities() == EVERYTHING
    assert (provider.probes, client.retries) == (4, 1)


def test_a_probe_waits_for_its_retry_after(
    make_engine: Make, provider: FlakyProbes, sleeps: Sleeps
) -> None:
    provider.failures.append(Reply(status=503, headers={"retry-after": "1.5"}))
    assert make_engine().provider.capabilities() == EVERYTHING
    assert sleeps.waits == [1.5]


def test_a_probe_that_keeps_failing_falls_back_after_the_last_retry(
    make_engine: Make,
    provider: FlakyProbes,
    sleeps: Sleeps,
    source: Resume,
    analysis: JobAnalysis,
    job_text: str,
) -> None:
    provider.failures.extend(Reply(status=500) for _ in range(10))
    engine = make_engine(max_retries=2, backoff_base=0.1, backoff_cap=10.0)
    _, outcome = tailor(engine, source, analysis, job_text)
    assert outcome.engine == "offline (fallback: provider down)"
    assert provider.probes == 3  # the first try and max_retries more
    assert provider.requests == []  # no completion was asked for
    for attempt, wait in enumerate(sleeps.waits):
        assert 0.1 * 2**attempt / 2 <= wait <= 0.1 * 2**attempt
    assert len(sleeps.waits) == 2


def test_a_refused_probe_request_is_not_retried(
    make_engine: Make, provider: FlakyProbes, sleeps: Sleeps
) -> None:
    """A 401 is the request's fault (a wrong key): asking again changes nothing."""
    provider.failures.append(Reply(status=401))
    client = make_engine().provider
    with pytest.raises(ProviderError, match="provider refused the request"):
        client.capabilities()
    assert (provider.probes, sleeps.waits) == (1, [])


def test_a_probe_retry_that_would_end_after_the_deadline_is_not_waited_for(
    make_engine: Make, provider: FlakyProbes, sleeps: Sleeps
) -> None:
    provider.failures.append(Reply(status=503, headers={"retry-after": "3"}))
    client = make_engine().provider
    with pytest.raises(ProviderError, match="provider down"):
        client.capabilities(deadline=time.monotonic() + 1)
    assert (provider.probes, sleeps.waits) == (1, [])
