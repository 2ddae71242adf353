"""The sandbox kills slow readers on time, caps their memory, carries errors across, and leaves
no child process behind."""

from __future__ import annotations

import faulthandler
import os
import signal
import time

import pytest

from tailorcv.errors import (
    EncryptedFile,
    InvalidResume,
    ParseTimeout,
    Problem,
    TooLarge,
    UnreadableFile,
)
from tailorcv.ingest.sandbox import run_limited


def _children() -> set[int]:
    """The process ids of this process's children, from /proc."""
    found: set[int] = set()
    for task in os.listdir(f"/proc/{os.getpid()}/task"):
        with open(f"/proc/{os.getpid()}/task/{task}/children") as children:
            found.update(int(pid) for pid in children.read().split())
    return found


def _sleep(seconds: float) -> str:
    time.sleep(seconds)
    return "woke up"


def _spin() -> None:
    while True:
        pass


def _allocate(megabytes: int) -> int:
    return len(bytearray(megabytes * 1024 * 1024))


def _raise_invalid() -> None:
    raise InvalidResume([Problem("work[0].startDate", "not a date")], source="cv.json")


def _raise_encrypted() -> None:
    raise EncryptedFile("the PDF is password-protected (encrypted)")


def _raise_value_error() -> None:
    raise ValueError("bad byte at 42")


def _crash() -> None:
    faulthandler.disable()  # pytest's handler would print the child's stack; the crash is meant
    os.kill(os.getpid(), signal.SIGSEGV)


def test_returns_the_value() -> None:
    assert run_limited(_sleep, 0.0, seconds=5) == "woke up"


@pytest.mark.parametrize("function", [_spin, _sleep])
def test_a_slow_reader_is_killed_on_time(function: object) -> None:
    before = _children()
    started = time.monotonic()
    args = () if function is _spin else (30.0,)
    with pytest.raises(ParseTimeout, match=r"longer than 0\.5 s"):
        run_limited(function, *args, seconds=0.5)  # type: ignore[arg-type]
    assert time.monotonic() - started < 3.0
    assert _children() == before


def test_memory_is_capped() -> None:
    with pytest.raises(TooLarge, match="memory"):
        run_limited(_allocate, 2048, seconds=20, memory=256 * 1024 * 1024)


def test_a_user_error_crosses_as_itself() -> None:
    with pytest.raises(InvalidResume) as caught:
        run_limited(_raise_invalid, seconds=5)
    assert caught.value.problems == [Problem("work[0].startDate", "not a date")]
    assert caught.value.source == "cv.json"
    assert str(caught.value).startswith("cv.json: invalid résumé (1 problem)")
    with pytest.raises(EncryptedFile, match="password-protected"):
        run_limited(_raise_encrypted, seconds=5)


def test_any_other_error_becomes_unreadable_file() -> None:
    with pytest.raises(UnreadableFile, match=r"ValueError.*bad byte at 42"):
        run_limited(_raise_value_error, seconds=5)


def test_a_crashing_reader_is_reported() -> None:
    with pytest.raises(UnreadableFile, match="signal 11"):
        run_limited(_crash, seconds=5)


def test_no_child_is_left_behind() -> None:
    before = _children()
    for _ in range(5):
        run_limited(_sleep, 0.0, seconds=5)
        with pytest.raises(ParseTimeout):
            run_limited(_sleep, 10.0, seconds=0.05)
    assert _children() == before
