"""Run a reader in a child process that is killed when it takes too long or grows too big.

PDF and DOCX readers parse hostile bytes with C libraries (pdfium, libxml2) that cannot be
interrupted from Python: a thread cannot be stopped, and a signal handler only runs between
bytecodes. So ``run_limited`` forks a child, caps its address space (``RLIMIT_AS``), waits for the
answer on a pipe for at most ``seconds`` and sends SIGKILL when the time is up. The child is always
reaped, so no zombie or orphan is left behind.

Errors cross the boundary as data, not as pickled exceptions: an exception is rebuilt from its
class, message and attributes, because ``InvalidResume`` does not survive ``pickle`` (unpickling
calls ``__init__`` with the formatted message as ``problems``). A ``TailorcvError`` from the
child is raised again as itself, ``MemoryError`` becomes ``TooLarge``, anything else
``UnreadableFile``.

The "fork" start method costs ≈ 3–4 ms for a no-op and ≈ 8–10 ms more than reading in process for a
corpus PDF (copy-on-write faults, the result sent back); measured here on 2 cores, Linux. "spawn",
the fallback on other systems, starts a new interpreter and imports the reader, so it costs more.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from tailorcv.errors import ParseTimeout, TailorcvError, TooLarge, UnreadableFile

T = TypeVar("T")

MEMORY_BUDGET = 1024 * 1024 * 1024  # bytes a reader may add to the child's address space


def run_limited(
    function: Callable[..., T], *args: Any, seconds: float, memory: int = MEMORY_BUDGET
) -> T:
    """``function(*args)`` in a child process, killed after ``seconds`` of wall-clock time.

    ``function`` must be a picklable top-level function when the "spawn" method is used.
    """
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, memory, function, args), daemon=True)
    try:
        child.start()
        sender.close()  # the child holds its own copy; closing ours lets EOF reach us
        outcome = _wait(receiver, seconds)
    finally:
        exitcode = _reap(child)
        receiver.close()
    value: T = _unwrap(outcome, seconds, exitcode)
    return value


def _context() -> Any:
    """Fork where it exists (a few ms); spawn elsewhere (macOS, Windows)."""
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    return multiprocessing.get_context(method)


def _wait(receiver: Connection, seconds: float) -> tuple[str, Any] | None:
    """The child's answer, or None when time ran out or the child died without answering."""
    if not receiver.poll(seconds):
        return ("timeout", None)
    try:
        answer: tuple[str, Any] = receiver.recv()
    except (EOFError, OSError):
        return None
    return answer


def _reap(child: multiprocessing.process.BaseProcess) -> int | None:
    """Kill the child if it still runs, wait for it so that it does not linger as a zombie, and
    return its exit code."""
    if child.pid is None:
        return None
    if child.is_alive():
        child.kill()
    child.join()
    exitcode = child.exitcode
    child.close()
    return exitcode


def _unwrap(outcome: tuple[str, Any] | None, seconds: float, exitcode: int | None) -> Any:
    """Turn the child's answer into a value or the right exception."""
    if outcome is None:
        raise UnreadableFile(f"could not read the file: the reader stopped ({_describe(exitcode)})")
    kind, payload = outcome
    if kind == "ok":
        return payload
    if kind == "timeout":
        raise ParseTimeout(
            f"reading the file took longer than {seconds:g} s; it may be damaged or built to "
            "stall readers — export it again from your editor, or upload a DOCX or text file"
        )
    raise _rebuild(payload)


def _describe(exitcode: int | None) -> str:
    """A short phrase for how the child ended."""
    if exitcode is not None and exitcode < 0:
        return f"killed by signal {-exitcode}"
    return f"exit code {exitcode}"


def _child(
    sender: Connection, memory: int, function: Callable[..., Any], args: tuple[Any, ...]
) -> None:
    """The child's body: cap memory, run, send ("ok", value) or ("error", description)."""
    _cap_memory(memory)
    try:
        answer: tuple[str, Any] = ("ok", function(*args))
    except BaseException as error:  # every failure must reach the parent as data
        answer = ("error", _describe_error(error))
    try:
        sender.send(answer)
    except Exception as error:  # an unpicklable value: say so instead of dying silently
        sender.send(("error", _describe_error(error)))
    finally:
        sender.close()


def _cap_memory(budget: int) -> None:
    """Limit the child's address space to what it has now plus ``budget`` bytes."""
    try:
        import resource
    except ImportError:  # not on this system (Windows): rely on the time limit alone
        return
    limit = _address_space() + budget
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _address_space() -> int:
    """The process's current virtual size in bytes (0 when /proc is not there)."""
    try:
        with open(f"/proc/{os.getpid()}/statm") as statm:
            pages = int(statm.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


def _describe_error(error: BaseException) -> tuple[type[BaseException], str, dict[str, Any]]:
    """An exception as (class, message, attributes): data that pickles whatever the class."""
    if isinstance(error, TailorcvError):
        return type(error), error.message, dict(vars(error))
    if isinstance(error, MemoryError):
        return TooLarge, _memory_message(), {}
    last = traceback.extract_tb(error.__traceback__)[-1:] or None
    where = f" in {last[0].name}" if last else ""
    detail = f"{type(error).__name__}{where}: {error}".strip().rstrip(":")
    return UnreadableFile, f"could not read the file: {detail}", {}


def _memory_message() -> str:
    mib = MEMORY_BUDGET // (1024 * 1024)
    return f"reading the file needed more than {mib} MB of memory; it may be a compression bomb"


def _rebuild(described: tuple[type[BaseException], str, dict[str, Any]]) -> BaseException:
    """The exception the child raised, rebuilt without calling its ``__init__``."""
    cls, message, attributes = described
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(attributes)
    if isinstance(error, TailorcvError):
        error.message = message
    return error
