"""Benchmark the LLM path: what it costs besides the model, and how many tailorings one worker
keeps in flight while the model thinks.

    python bench/bench_llm.py [--quick]

**overhead**: per tailoring, each step of the LLM path with the model taken out (an in-process
provider that answers at once): building the prompt, parsing and validating the answer, the
guard and names check, applying the edits and scoring, the cache; then the whole path end to end
(miss and hit), and the same through the official SDK to a local OpenAI-compatible server, in its
own process, that answers at once (adds HTTP, the SDK and the server's turn). The offline
engine, measured in the same run, is the peer.

**throughput**: tailorings per second against the local server (in its own process) answering
every request after a fixed 500 ms, with 1, 4, 16 and 64 threads in one process (what one worker
can keep in flight). Each tailoring is of a different job, so none is a cache hit.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import socket
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.timing import cells, timings
from tests.llm.provider import Provider as FakeServer
from tests.llm.provider import Reply
from tests.llm.test_tailoring import GOOD

from tailorcv.match import analyse
from tailorcv.ops.cache import make_cache
from tailorcv.resume import validate
from tailorcv.tailor.llm.client import Completion, Provider
from tailorcv.tailor.llm.config import LLMConfig
from tailorcv.tailor.llm.edits import Edits, apply
from tailorcv.tailor.llm.engine import LLMEngine, _request, parse
from tailorcv.tailor.llm.tailoring import tailor, tailor_question
from tailorcv.tailor.offline import offline

ROOT = Path(__file__).resolve().parent.parent
SOURCE = validate(json.loads((ROOT / "examples" / "resume.json").read_text())).resume
JOB = (ROOT / "examples" / "job.txt").read_text()
ANALYSIS = analyse(JOB)
ANSWER = json.dumps(GOOD)


class Instant(Provider):
    """A provider that answers at once, in process: the model's time taken out."""

    def complete(
        self, messages: list[dict[str, str]], schema: dict[str, Any], name: str, *, deadline: float
    ) -> Completion:
        self.attempts += 1
        return Completion(ANSWER, 2000, 200)


def overhead(runs: int) -> list[tuple[str, list[float]]]:
    config = LLMConfig(base_url="http://127.0.0.1:9/v1", allow_private=True, model="bench")
    question = tailor_question(SOURCE, ANALYSIS, JOB)
    edits = parse(ANSWER, Edits)
    cache = make_cache("memory://")
    key = uuid.uuid4().hex
    cache.set("llm", key, edits.model_dump(mode="json"))
    rows = [
        ("offline engine, one tailoring (peer)", timings(lambda: offline(SOURCE, ANALYSIS), runs)),
        (
            "build the prompt",
            timings(lambda: _request(tailor_question(SOURCE, ANALYSIS, JOB)), runs),
        ),
        ("parse and validate the answer", timings(lambda: parse(ANSWER, Edits), runs)),
        ("guard and names check", timings(lambda: question.check(edits), runs)),
        ("apply the edits", timings(lambda: apply(SOURCE, edits), runs)),
        ("cache get (memory)", timings(lambda: cache.get("llm", key), runs)),
    ]
    fresh = LLMEngine(config, provider=Instant(config))
    rows.append(
        (
            "LLM path, cache miss (no model time)",
            timings(lambda: tailor(fresh, SOURCE, ANALYSIS, JOB), runs),
        )
    )
    cached = LLMEngine(config, cache=make_cache("memory://"), provider=Instant(config))
    rows.append(
        ("LLM path, cache hit", timings(lambda: tailor(cached, SOURCE, ANALYSIS, JOB), runs))
    )
    with served_elsewhere(0.0) as url:
        http = LLMConfig(base_url=url, allow_private=True, model=f"b-{uuid.uuid4().hex}")
        engine = LLMEngine(http, provider=Provider(http))
        rows.append(
            (
                "LLM path through the SDK to a local server (own process) answering at once",
                timings(lambda: tailor(engine, SOURCE, ANALYSIS, JOB), runs),
            )
        )
    return rows


def _serve_forever(port: int, delay: float) -> None:
    server = FakeServer(default=Reply(ANSWER, delay=delay))
    config = uvicorn.Config(server, host="127.0.0.1", port=port, log_level="critical", ws="none")
    uvicorn.Server(config).run()


@contextmanager
def served_elsewhere(delay: float) -> Iterator[str]:
    """The local provider in its own process (so that its CPU is not the worker's), answering
    every request after ``delay`` seconds; its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = multiprocessing.get_context("spawn").Process(
        target=_serve_forever, args=(port, delay), daemon=True
    )
    process.start()
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        process.terminate()
        process.join(10)


def throughput(threads: int, total: int) -> tuple[float, float]:
    """Tailorings per second with ``threads`` in flight, and the share that used the model."""
    with served_elsewhere(0.5) as url:
        config = LLMConfig(
            base_url=url, allow_private=True, model=f"t-{uuid.uuid4().hex}", timeout=30
        )
        engine = LLMEngine(config, provider=Provider(config))
        tailor(engine, SOURCE, ANALYSIS, JOB + "warm-up")  # the probe, once
        used = []
        lock = threading.Lock()

        def one(index: int) -> None:
            _, outcome = tailor(engine, SOURCE, ANALYSIS, f"{JOB}\nref {index}")
            with lock:
                used.append(outcome.engine == "llm")

        started = time.perf_counter()
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(one, range(total)))
        took = time.perf_counter() - started
    return total / took, sum(used) / len(used)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    runs = 20 if args.quick else 200
    print("| step | p50 ms | p95 ms |")
    print("| --- | ---: | ---: |")
    for name, samples in overhead(runs):
        print(f"| {name} | {cells(samples, 3)} |")
    print()
    print("| in flight | tailorings/s | ideal (threads / 0.5 s) | efficiency | model used |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for threads in (1, 4, 16, 64):
        total = max(threads * (2 if args.quick else 4), 4)
        rate, share = throughput(threads, total)
        ideal = threads / 0.5
        print(f"| {threads} | {rate:.1f} | {ideal:.0f} | {rate / ideal:.0%} | {share:.0%} |")


if __name__ == "__main__":
    main()
