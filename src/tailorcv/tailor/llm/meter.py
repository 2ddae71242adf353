"""The LLM's requests, tokens, cost and latency, counted in the service's metrics."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tailorcv.ops import metrics

if TYPE_CHECKING:
    from tailorcv.tailor.llm.client import Completion
    from tailorcv.tailor.llm.config import LLMConfig


def request(model: str, outcome: str, seconds: float | None = None) -> None:
    """One request that did not answer: ``error``, ``timeout``, ``rate_limited``, ``refused``
    or ``circuit_open``."""
    metrics.LLM_REQUESTS.labels(model, outcome).inc()
    if seconds is not None:
        metrics.LLM_LATENCY.labels(model).observe(seconds)


def answered(config: LLMConfig, completion: Completion, seconds: float) -> None:
    model = config.model
    metrics.LLM_REQUESTS.labels(model, "ok").inc()
    metrics.LLM_LATENCY.labels(model).observe(seconds)
    metrics.LLM_TOKENS.labels(model, "prompt").inc(completion.prompt_tokens)
    metrics.LLM_TOKENS.labels(model, "completion").inc(completion.completion_tokens)
    cost = (
        completion.prompt_tokens * config.cost_input_per_1k
        + completion.completion_tokens * config.cost_output_per_1k
    ) / 1000
    if cost:
        metrics.LLM_COST.labels(model).inc(cost)
