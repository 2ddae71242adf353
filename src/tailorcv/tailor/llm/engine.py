"""Asking a model for a structured answer, and refusing any answer that is not honest.

``LLMEngine.ask`` runs one question from start to end:

1. the cache, keyed by (source content, job, model, prompt version): a hit costs nothing;
2. the user's daily token budget (by tier), then the provider (``client.Provider``: probe,
   limits, retries, breaker);
3. the answer parsed and validated (pydantic); when it does not parse, one repair request quotes
   the error;
4. the answer checked (the faithfulness guard and the names check, or whatever ``check`` the
   question brings); when it claims what the source does not say, one repair request names
   every violation.

Anything that fails raises ``Fallback`` with the reason, which the caller records as
``offline (fallback: <reason>)`` after answering with the offline engine instead. No failure of
the provider ever reaches the user as an error.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any, Generic, TypeVar

import structlog
from pydantic import BaseModel, ValidationError

from tailorcv.tailor.llm.client import CHARS_PER_TOKEN, Completion, Provider, ProviderError
from tailorcv.tailor.llm.config import LLMConfig
from tailorcv.tailor.llm.edits import EditError
from tailorcv.tailor.llm.ports import Cache, Limiter, NoCache, NoLimits
from tailorcv.tailor.llm.prompts import prompt

log = structlog.get_logger(__name__)
M = TypeVar("M", bound=BaseModel)
NAMESPACE = "llm"
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.I)


@dataclass
class Outcome:
    """Which engine answered and what it cost; stored in the task's result."""

    engine: str = "llm"  # llm | offline | offline (fallback: <reason>)
    cached: bool = False
    tokens: int = 0
    requests: int = 0  # sent to the provider for this answer (probes not counted)
    retries: int = 0
    repairs: int = 0
    budgeted: int = 0  # tokens taken from the user's daily budget
    problems: list[str] = field(default_factory=list)  # found in answers on the way

    def fell_back(self, reason: str) -> Outcome:
        self.engine = f"offline (fallback: {reason})"
        return self

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Fallback(Exception):
    """The model's answer cannot be used; the offline engine answers instead."""

    def __init__(self, reason: str, outcome: Outcome) -> None:
        super().__init__(reason)
        self.reason = reason
        self.outcome = outcome.fell_back(reason)
        log.warning("llm_answer_not_used", reason=reason, problems=outcome.problems[-3:])


@dataclass(frozen=True)
class Budget:
    """A user's daily token allowance: ``key`` names the user, ``tokens`` is their tier's."""

    key: str
    tokens: int


@dataclass
class Question(Generic[M]):
    """One structured question: the prompt, what it is about, the answer's shape and check."""

    prompt: str  # "tailor", "suggest", "letter"
    payload: dict[str, Any]
    answer: type[M]
    check: Callable[[M], list[str]]
    key_parts: tuple[object, ...]  # what the answer depends on, besides model and prompt
    tags: Iterable[str] = ()
    budget: Budget | None = None


class LLMEngine:
    def __init__(
        self,
        config: LLMConfig,
        *,
        cache: Cache | None = None,
        limiter: Limiter | None = None,
        provider: Provider | None = None,
    ) -> None:
        self.config = config
        self.cache: Cache = cache or NoCache()
        self.limiter: Limiter = limiter or NoLimits()
        self.provider = provider or Provider(config, limiter=self.limiter)

    def close(self) -> None:
        self.provider.close()

    def ask(self, question: Question[M], *, seconds: float | None = None) -> tuple[M, Outcome]:
        """The checked answer, or ``Fallback``; ``seconds`` bounds the whole exchange."""
        outcome = Outcome()
        version = prompt(question.prompt).version
        key = _key(self.config.model, version, question.key_parts)
        cached = self._cached(question, key)
        if cached is not None:
            outcome.cached = True
            return cached, outcome
        deadline = time.monotonic() + (seconds or 2 * self.config.timeout)
        try:
            answer = self._exchange(question, outcome, deadline)
        except ProviderError as exc:
            outcome.requests += exc.requests
            outcome.retries += max(0, exc.requests - 1)
            raise Fallback(exc.reason, outcome) from None
        self.cache.set(NAMESPACE, key, answer.model_dump(mode="json"), tags=question.tags)
        return answer, outcome

    def _cached(self, question: Question[M], key: str) -> M | None:
        found = self.cache.get(NAMESPACE, key)
        if found is None:
            return None
        try:
            answer = question.answer.model_validate(found)
        except ValidationError:
            return None
        return answer if not _problems(question, answer) else None

    def _exchange(self, question: Question[M], outcome: Outcome, deadline: float) -> M:
        messages = [
            {"role": "system", "content": prompt(question.prompt).text},
            {"role": "user", "content": _request(question)},
        ]
        estimate = sum(len(m["content"]) for m in messages) // CHARS_PER_TOKEN
        self._spend(question.budget, outcome, estimate + self.config.max_tokens)
        answer = self._answer(question, messages, outcome, deadline)
        problems = _problems(question, answer)
        if not problems:
            return answer
        outcome.problems += problems
        outcome.repairs += 1
        messages.append({"role": "user", "content": _repair_claims(problems)})
        answer = self._answer(question, messages, outcome, deadline, repair=False)
        again = _problems(question, answer)
        if again:
            outcome.problems += again
            raise Fallback("the answer claimed what the résumé does not say", outcome)
        return answer

    def _answer(
        self,
        question: Question[M],
        messages: list[dict[str, str]],
        outcome: Outcome,
        deadline: float,
        *,
        repair: bool = True,
    ) -> M:
        """Ask, parse and validate; one repair request when the answer does not parse."""
        schema = schema_of(question.answer)
        completion = self._complete(question, messages, schema, outcome, deadline)
        messages.append({"role": "assistant", "content": completion.text})
        try:
            return parse(completion.text, question.answer)
        except ValueError as exc:
            error = _short(exc)
        outcome.problems.append(f"unreadable answer: {error}")
        if not repair:
            raise Fallback("the answer could not be read", outcome)
        outcome.repairs += 1
        messages.append({"role": "user", "content": _repair_shape(error)})
        completion = self._complete(question, messages, schema, outcome, deadline)
        messages.append({"role": "assistant", "content": completion.text})
        try:
            return parse(completion.text, question.answer)
        except ValueError as exc:
            outcome.problems.append(f"unreadable answer: {_short(exc)}")
            raise Fallback("the answer could not be read", outcome) from None

    def _complete(
        self,
        question: Question[M],
        messages: list[dict[str, str]],
        schema: dict[str, Any],
        outcome: Outcome,
        deadline: float,
    ) -> Completion:
        completion = self.provider.complete(messages, schema, question.prompt, deadline=deadline)
        outcome.tokens += completion.tokens
        outcome.requests += completion.requests
        outcome.retries += completion.requests - 1
        self._spend(question.budget, outcome, 0, completion.tokens)
        return completion

    def _spend(
        self, budget: Budget | None, outcome: Outcome, estimate: int, actual: int = 0
    ) -> None:
        """Take ``estimate`` tokens from the user's day before asking, refusing when it is used
        up; after an answer, take what its ``actual`` tokens spent beyond that estimate."""
        if budget is None:
            return
        if budget.tokens <= 0:
            raise Fallback("no LLM tokens in this tier", outcome)
        rate = f"{budget.tokens}/day"
        if estimate:
            if not self.limiter.take(rate, budget.key, estimate).allowed:
                raise Fallback("daily token budget used", outcome)
            outcome.budgeted += estimate
            return
        beyond = outcome.tokens - outcome.budgeted
        if beyond > 0:
            self.limiter.take(rate, budget.key, beyond)  # spent already: counted, not refused
            outcome.budgeted += beyond


def parse(text: str, model: type[M]) -> M:
    """The answer in ``text`` (a JSON object, maybe fenced or with words around it)."""
    body = _FENCE.sub("", text.strip())
    start, end = body.find("{"), body.rfind("}")
    if start < 0 or end < start:
        raise ValueError("no JSON object in the answer")
    try:
        data = json.loads(body[start : end + 1])
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON: {exc}") from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ValueError(f"does not match the schema: {exc}") from None


_SCHEMAS: dict[str, dict[str, Any]] = {}


def schema_of(model: type[BaseModel]) -> dict[str, Any]:
    """The answer's JSON Schema, made once per model class (pydantic takes ~10 ms to make it)."""
    name = f"{model.__module__}.{model.__qualname__}"
    if name not in _SCHEMAS:
        _SCHEMAS[name] = model.model_json_schema()
    return _SCHEMAS[name]


def _problems(question: Question[M], answer: M) -> list[str]:
    try:
        return question.check(answer)
    except EditError as exc:
        return [str(exc)]


def _request(question: Question[Any]) -> str:
    schema = json.dumps(schema_of(question.answer), ensure_ascii=False)
    data = json.dumps(question.payload, ensure_ascii=False, indent=1)
    return (
        f"{data}\n\nAnswer with only one JSON object that matches this JSON Schema, "
        f"no other text:\n{schema}"
    )


def _repair_shape(error: str) -> str:
    return (
        f"Your answer could not be used: {error}\n"
        "Answer again with only the JSON object, matching the schema exactly."
    )


def _repair_claims(problems: list[str]) -> str:
    listed = "\n".join(f"- {p}" for p in problems[:20])
    return (
        "Your answer says things the résumé does not support:\n"
        f"{listed}\n"
        "Answer again with the same JSON shape, without these claims. Use only facts the "
        "résumé states."
    )


def _short(exc: Exception) -> str:
    return " ".join(str(exc).split())[:500]


def _key(model: str, version: str, parts: tuple[object, ...]) -> str:
    """SHA-256 of the canonical JSON of what the answer depends on."""
    text = json.dumps([model, version, *parts], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


__all__ = ["Budget", "Fallback", "LLMConfig", "LLMEngine", "Outcome", "Question", "parse"]
