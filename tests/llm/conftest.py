"""The LLM tests' parts: a scripted provider on a loopback port, and engines that talk to it.

Each test gets its own provider and its own model name, so the per-process capability probe and
circuit breaker (keyed by base URL and model) never carry over from one test to the next.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest

from tailorcv.match import JobAnalysis, analyse
from tailorcv.ops.cache import make_cache
from tailorcv.ops.ratelimit import make_limiter
from tailorcv.resume import validate
from tailorcv.resume.model import Resume
from tailorcv.service.runtime import close_runtimes
from tailorcv.tailor.llm.client import Provider as Client
from tailorcv.tailor.llm.config import LLMConfig
from tailorcv.tailor.llm.engine import LLMEngine
from tests.llm.provider import Provider, serving

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def provider() -> Iterator[Provider]:
    with serving(Provider()) as served:
        yield served


@pytest.fixture
def source() -> Resume:
    return validate(json.loads((ROOT / "examples" / "resume.json").read_text())).resume


@pytest.fixture
def job_text() -> str:
    return (ROOT / "examples" / "job.txt").read_text()


@pytest.fixture
def analysis(job_text: str) -> JobAnalysis:
    return analyse(job_text)


@dataclass
class Sleeps:
    """Stands in for ``time.sleep`` in the client: records each wait, waits none."""

    waits: list[float] = field(default_factory=list)

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def make_engine(provider: Provider, sleeps: Sleeps) -> Iterator[Callable[..., LLMEngine]]:
    """An engine on the test's provider: a fresh model name, short timeouts, a real in-memory
    cache and rate limiter; ``**changes`` override the config. Closed after the test."""
    model = f"model-{uuid.uuid4().hex[:8]}"
    made: list[LLMEngine] = []

    def make(**changes: Any) -> LLMEngine:
        config = LLMConfig(
            base_url=provider.url,
            api_key="test",
            model=model,
            timeout=5.0,
            max_retries=2,
            allow_private=True,
            backoff_base=0.01,
            backoff_cap=0.05,
            max_wait=5.0,
            breaker_failures=5,
            breaker_cooldown=60.0,
        )
        config = replace(config, **changes)
        limiter = make_limiter("memory://")
        client = Client(config, limiter=limiter, sleep=sleeps)
        engine = LLMEngine(config, cache=make_cache("memory://"), limiter=limiter, provider=client)
        made.append(engine)
        return engine

    yield make
    for engine in made:
        engine.close()


@pytest.fixture
def closes_engines() -> Iterator[None]:
    """Closes the engines the tasks made in this process (``Runtime.llm_engine``)."""
    yield
    close_runtimes()


# The web tests' app, database and clients, for the end-to-end tests through the API.
from tests.web.conftest import (  # noqa: E402
    client,
    database,
    db_backend,
    dispatcher,
    inline_client,
    make_client,
    portal,
    settings,
)

__all__ = [
    "client",
    "database",
    "db_backend",
    "dispatcher",
    "inline_client",
    "make_client",
    "portal",
    "settings",
]
