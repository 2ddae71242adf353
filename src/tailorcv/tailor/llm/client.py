"""One OpenAI-compatible provider, through the official ``openai`` SDK, made to survive failures.

- **Capabilities are probed, not assumed.** Before the first real request, three tiny requests
  ask whether the provider honours ``response_format`` with a JSON schema, forced tool calls, and
  streaming; the answer decides how a structured answer is asked for (schema, else a forced tool
  call, else JSON in the text). It is kept per process for each base URL and model. A probe
  that fails in passing is retried like any request (issue 16: a lone 500 there used to end
  the answer at once).
- **Retries are ours.** The SDK's own retries are off (``max_retries=0``) so that each attempt is
  counted, its ``Retry-After`` honoured, and the circuit breaker told. A 429, a 5xx, a timeout
  or a dropped connection is retried after an exponential backoff with full jitter; any other
  4xx is not (the request itself is wrong; asking again changes nothing).
- **The provider's limits are kept on our side**: requests and tokens per minute, shared by
  every process through the rate limiter, so a burst of users waits here instead of earning
  429s there.
"""

from __future__ import annotations

import dataclasses
import email.utils
import json
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import openai

from tailorcv.tailor.llm import meter
from tailorcv.tailor.llm.breaker import Breaker, breaker_for
from tailorcv.tailor.llm.config import BaseUrlRefused, LLMConfig, check_base_url
from tailorcv.tailor.llm.ports import Limiter, NoLimits

Messages = list[dict[str, str]]
PROBE_SCHEMA = {
    "type": "object",
    "properties": {"ok": {"type": "boolean"}},
    "required": ["ok"],
    "additionalProperties": False,
}
CHARS_PER_TOKEN = 4  # a rough estimate, for the limiter before the provider counts


class ProviderError(Exception):
    """The provider could not answer; ``reason`` is what the task result records, ``requests``
    how many were sent for this answer."""

    def __init__(self, reason: str, detail: str = "", requests: int = 0) -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.requests = requests


@dataclass(frozen=True)
class Capabilities:
    json_schema: bool
    tools: bool
    streaming: bool

    @property
    def mode(self) -> str:
        """How structured answers are asked for: ``json_schema``, ``tools`` or ``text``."""
        return "json_schema" if self.json_schema else "tools" if self.tools else "text"


@dataclass(frozen=True)
class Completion:
    text: str
    prompt_tokens: int
    completion_tokens: int
    requests: int = 1  # sent for this answer: 1 + retries

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


_PROBED: dict[tuple[str, str], Capabilities] = {}
_PROBE_LOCK = threading.Lock()


class Provider:
    """Chat completions from one provider, with probe, limits, retries and a breaker."""

    def __init__(
        self,
        config: LLMConfig,
        *,
        limiter: Limiter | None = None,
        breaker: Breaker | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.config = config
        self.limiter = limiter or NoLimits()
        self.breaker = breaker or breaker_for(
            config.base_url, config.model, config.breaker_failures, config.breaker_cooldown
        )
        self.sleep = sleep
        self.attempts = 0  # requests sent, for tests and benchmarks
        self.retries = 0
        self._client: openai.OpenAI | None = None

    @property
    def client(self) -> openai.OpenAI:
        if self._client is None:
            try:
                check_base_url(self.config.base_url, self.config.allow_private)
            except BaseUrlRefused as exc:
                raise ProviderError("base URL refused", str(exc)) from None
            self._client = openai.OpenAI(
                base_url=self.config.base_url,
                api_key=self.config.api_key or "none",
                timeout=self.config.timeout,
                max_retries=0,  # ours: counted, Retry-After honoured, the breaker told
            )
        return self._client

    def close(self) -> None:
        """Close the SDK client's connections (it is made again if used after)."""
        if self._client is not None:
            self._client.close()
            self._client = None

    # --- capabilities ---------------------------------------------------------------------

    def capabilities(self, deadline: float | None = None) -> Capabilities:
        """What the provider supports, probed once per process; ``ProviderError`` if it is
        down, or still failing after the retries that fit before ``deadline`` (a
        ``time.monotonic()`` value; None: only ``max_retries`` bounds them)."""
        key = (self.config.base_url, self.config.model)
        with _PROBE_LOCK:
            found = _PROBED.get(key)
        if found is not None:
            return found
        found = Capabilities(
            json_schema=self._probe(self._probe_schema, deadline),
            tools=self._probe(self._probe_tools, deadline),
            streaming=self._probe(self._probe_stream, deadline),
        )
        with _PROBE_LOCK:
            _PROBED[key] = found
        return found

    def _probe(self, ask: Callable[[], bool], deadline: float | None) -> bool:
        """Whether the provider does what ``ask`` tries: False when it refuses the feature (a
        400, 404 or 422: it answered). A transient failure is retried as a completion is
        (``_retry_delay``); probes are not counted in the metrics, nor in an answer's requests."""
        attempt = 0
        while True:
            if not self.breaker.allow():
                raise ProviderError("provider down", "circuit open")
            self.attempts += 1
            try:
                answer = ask()
            except (openai.BadRequestError, openai.UnprocessableEntityError, openai.NotFoundError):
                self.breaker.succeeded()  # it answered: it only refused the feature
                return False
            except openai.APIError as exc:
                delay = self._retry_delay(exc, attempt)
                if delay is None or (deadline is not None and time.monotonic() + delay >= deadline):
                    raise ProviderError(_reason(exc), str(exc)) from None
                self.retries += 1
                attempt += 1
                self.sleep(delay)
                continue
            self.breaker.succeeded()
            return answer

    def _probe_messages(self) -> Any:
        return [{"role": "user", "content": 'Answer with the JSON object {"ok": true}.'}]

    def _probe_schema(self) -> bool:
        response = self.client.chat.completions.create(
            model=self.config.model,
            messages=self._probe_messages(),
            max_tokens=20,
            response_format={
                "type": "json_schema",
                "json_schema": {"name": "probe", "schema": PROBE_SCHEMA, "strict": True},
            },
        )
        try:
            return json.loads(response.choices[0].message.content or "").get("ok") is True
        except (ValueError, AttributeError, IndexError):
            return False

    def _probe_tools(self) -> bool:
        response = self.client.chat.completions.create(
            model=self.config.model,
            messages=self._probe_messages(),
            max_tokens=20,
            tools=[_tool("probe", PROBE_SCHEMA)],
            tool_choice={"type": "function", "function": {"name": "probe"}},
        )
        calls = response.choices[0].message.tool_calls if response.choices else None
        return bool(calls)

    def _probe_stream(self) -> bool:
        stream = self.client.chat.completions.create(
            model=self.config.model, messages=self._probe_messages(), max_tokens=1, stream=True
        )
        with stream:
            return any(True for _ in stream)

    # --- completions ----------------------------------------------------------------------

    def complete(
        self, messages: Messages, schema: dict[str, Any], name: str, *, deadline: float
    ) -> Completion:
        """The model's answer to ``messages`` (JSON text for ``schema``), retried on transient
        failures until ``deadline`` (a ``time.monotonic()`` value); ``ProviderError`` if none."""
        mode = self.capabilities(deadline).mode
        estimate = sum(len(m["content"]) for m in messages) // CHARS_PER_TOKEN
        attempt = 0
        while True:
            sent = attempt + 1
            self._pace(estimate + self.config.max_tokens, deadline, attempt)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ProviderError("provider timed out", "no time left", attempt)
            if not self.breaker.allow():  # last: a half-open trial must be sent once allowed
                meter.request(self.config.model, "circuit_open")
                raise ProviderError("provider down", "circuit open", attempt)
            started = time.monotonic()
            self.attempts += 1
            try:
                completion = self._send(messages, schema, name, mode, remaining)
            except openai.APIError as exc:
                delay = self._failed(exc, attempt, time.monotonic() - started)
                if delay is None or time.monotonic() + delay >= deadline:
                    raise ProviderError(_reason(exc), str(exc), sent) from None
                self.retries += 1
                attempt += 1
                self.sleep(delay)
                continue
            except openai.OpenAIError as exc:  # the SDK's other failures: an unusable answer
                self.breaker.failed()
                meter.request(self.config.model, "error", time.monotonic() - started)
                raise ProviderError("provider down", str(exc), sent) from None
            self.breaker.succeeded()
            meter.answered(self.config, completion, time.monotonic() - started)
            return dataclasses.replace(completion, requests=sent)

    def _send(
        self, messages: Messages, schema: dict[str, Any], name: str, mode: str, timeout: float
    ) -> Completion:
        extra: dict[str, Any] = {}
        if mode == "json_schema":
            extra["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": name, "schema": schema, "strict": False},
            }
        elif mode == "tools":
            extra["tools"] = [_tool(name, schema)]
            extra["tool_choice"] = {"type": "function", "function": {"name": name}}
        response = self.client.chat.completions.create(
            model=self.config.model,
            messages=messages,  # type: ignore[arg-type]  # plain role/content dicts
            max_tokens=self.config.max_tokens,
            temperature=0.2,
            timeout=min(self.config.timeout, timeout),
            **extra,
        )
        message = response.choices[0].message if response.choices else None
        text = (message.content if message else None) or ""
        if mode == "tools" and message is not None and message.tool_calls:
            call = message.tool_calls[0]
            text = getattr(getattr(call, "function", None), "arguments", "") or text
        usage = response.usage
        prompt = usage.prompt_tokens if usage else sum(len(m["content"]) for m in messages) // 4
        made = usage.completion_tokens if usage else len(text) // CHARS_PER_TOKEN
        return Completion(text, prompt, made)

    def _failed(self, exc: openai.APIError, attempt: int, took: float) -> float | None:
        """Record a failed attempt; the delay before the next one, or None when not to retry."""
        meter.request(self.config.model, _outcome(exc), took)
        return self._retry_delay(exc, attempt)

    def _retry_delay(self, exc: openai.APIError, attempt: int) -> float | None:
        """The one retry policy, for probes and completions alike, once try ``attempt`` (0: the
        first) failed: the breaker told, then the delay before the next try, or None when not
        to retry (a refusal, the last try, a ``Retry-After`` over ``max_wait``)."""
        if _outcome(exc) == "refused":
            self.breaker.succeeded()  # the provider answered: the request was wrong, not it
            return None
        self.breaker.failed()
        if attempt >= self.config.max_retries:
            return None
        wait = _retry_after(exc)
        if wait is not None:
            return wait if wait <= self.config.max_wait else None
        ceiling = min(self.config.backoff_cap, self.config.backoff_base * 2**attempt)
        return random.uniform(ceiling / 2, ceiling)  # jitter: callers do not retry in step

    def _pace(self, tokens: int, deadline: float, sent: int) -> None:
        """Wait for the provider's per-minute budgets, or give up when the wait is too long."""
        key = self.config.provider
        rates = (
            (f"{self.config.requests_per_minute}/minute", f"llm-requests:{key}", 1),
            (f"{self.config.tokens_per_minute}/minute", f"llm-tokens:{key}", tokens),
        )
        for rate, name, cost in rates:
            while not (verdict := self.limiter.take(rate, name, cost)).allowed:
                wait = max(verdict.retry_after, 0.05)
                if wait > self.config.max_wait or time.monotonic() + wait >= deadline:
                    meter.request(self.config.model, "rate_limited")
                    raise ProviderError("rate limited", f"{name} over {rate}", sent)
                self.sleep(wait)


def _tool(name: str, schema: dict[str, Any]) -> Any:
    return {"type": "function", "function": {"name": name, "parameters": schema}}


def _outcome(exc: openai.APIError) -> str:
    if isinstance(exc, openai.APITimeoutError):
        return "timeout"
    if isinstance(exc, openai.RateLimitError):
        return "rate_limited"
    if isinstance(exc, openai.APIStatusError) and exc.status_code < 500:
        return "refused"
    return "error"


def _reason(exc: openai.APIError) -> str:
    return {
        "timeout": "provider timed out",
        "rate_limited": "provider rate limited",
        "refused": "provider refused the request",
    }.get(_outcome(exc), "provider down")


def _retry_after(exc: openai.APIError) -> float | None:
    """Seconds the provider asked us to wait (``retry-after-ms`` or ``Retry-After``)."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    millis = headers.get("retry-after-ms")
    if millis:
        try:
            return max(0.0, float(millis) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0.0, when.timestamp() - time.time())
