"""Hostile résumé documents, and a way to run a path on one and measure what it cost (issue 16).

``measured`` runs the path in a forked child, under a memory cap and a kill timer, so that a path
that lost its bounds fails its test in seconds instead of taking the machine's memory with it.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import resource
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection

import pytest

MB = 1024 * 1024
# What a refusal may take, generously: it takes milliseconds, and tracemalloc's tracing several
# times that. The bound is for a parse without limits, which takes minutes or is killed at
# KILL_AFTER; the suite runs two workers beside a browser, so a tighter one would measure load.
SECONDS = 10.0
GROWTH = 50 * MB  # what a refusal may allocate, generously: it allocates kilobytes
KILL_AFTER = 30.0  # a path past this has no bound; the child is killed and the test fails
CHILD_MEMORY = 1024 * MB  # the child's address space may grow this much before MemoryError


def yaml_bomb(levels: int = 9, width: int = 9) -> str:
    """A JSON Resume in YAML whose highlights are ``width ** (levels - 1)`` strings (43 million
    for 9 × 9) in about 470 bytes: each anchor is a list of aliases of the one before."""
    lines = ['a0: &a0 ["lol"]']
    for level in range(1, levels):
        aliases = ", ".join([f"*a{level - 1}"] * width)
        lines.append(f"a{level}: &a{level} [{aliases}]")
    lines += ["basics: {name: Bomb}", f"work: [{{name: Co, highlights: *a{levels - 1}}}]"]
    return "\n".join(lines) + "\n"


def rendercv_bomb(levels: int = 9, width: int = 9) -> str:
    """The same bomb in a RenderCV document, whose ``cv:`` key sends it to another converter."""
    anchors = yaml_bomb(levels, width).split("basics:")[0]
    entry = f"company: Co, position: Dev, highlights: *a{levels - 1}"
    return f"{anchors}cv:\n  name: Bomb\n  sections:\n    experience: [{{{entry}}}]\n"


def nested_json(levels: int, *, inner: str = "1") -> str:
    """A JSON Resume whose unknown field ``extra`` holds objects ``levels`` deep."""
    return '{"basics": {"name": "Deep"}, "extra": ' + '{"a": ' * levels + inner + "}" * (levels + 1)


def nested_data(levels: int) -> dict[str, object]:
    """``nested_json`` as Python data, built without recursion."""
    inner: object = 1
    for _ in range(levels):
        inner = {"a": inner}
    return {"basics": {"name": "Deep"}, "extra": inner}


@dataclass(frozen=True)
class Cost:
    """What one call did: ``ok`` or the class of what it raised, the message, and its cost."""

    outcome: str
    message: str
    seconds: float
    peak: int  # bytes allocated at the worst moment, by tracemalloc

    def assert_refused(self, error: str, *words: str, seconds: float = SECONDS) -> None:
        """Refused with ``error`` naming every one of ``words``, within the time and memory."""
        assert self.outcome == error, self
        for word in words:
            assert word in self.message, self
        self.assert_cheap(seconds)

    def assert_cheap(self, seconds: float = SECONDS, growth: int = GROWTH) -> None:
        assert self.seconds < seconds, f"took {self.seconds:.2f} s: {self}"
        assert self.peak < growth, f"allocated {self.peak / MB:.1f} MB: {self}"


def measured(call: Callable[[], object], *, kill_after: float = KILL_AFTER) -> Cost:
    """``call()`` in a forked child: its outcome, wall-clock time and peak allocation. Whatever
    ``call`` returns is summarised by ``str``; a child still running after ``kill_after`` seconds
    is killed and fails the test."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, call))  # may fork the import sandbox
    child.start()
    sender.close()
    try:
        if not receiver.poll(kill_after):
            pytest.fail(f"still running after {kill_after:g} s: the path has no time bound")
        try:
            cost: Cost = receiver.recv()
        except EOFError:
            pytest.fail(f"the child died without an answer (exit code {child.exitcode})")
        return cost
    finally:
        child.kill()
        child.join()
        receiver.close()


def _child(sender: Connection, call: Callable[[], object]) -> None:
    _cap_memory()
    tracemalloc.start()
    started = time.perf_counter()
    try:
        outcome, message = "ok", str(call())
    except BaseException as error:  # every outcome goes back to the test as data
        outcome, message = type(error).__name__, str(error)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    sender.send(Cost(outcome, message[:4000], seconds, peak))
    sender.close()


def _cap_memory() -> None:
    with open(f"/proc/{os.getpid()}/statm") as statm:
        size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (size + CHILD_MEMORY, size + CHILD_MEMORY))
