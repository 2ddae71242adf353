"""Process lifetimes: a helper process must not outlive the process that started it, the queue
worker that ``tailorcv serve`` runs is started again when it dies, and the processes of one
server count their metrics together.

If ``tailorcv serve`` is killed outright (SIGKILL, OOM killer), it cannot stop its web workers or
its queue worker; on Linux the kernel can, when each child asked for a signal at its parent's
death (prctl ``PR_SET_PDEATHSIG``). Elsewhere this is a no-op and orphans must be stopped by hand.

``Supervisor`` keeps serve's queue worker running (issue 16). The worker leads a process group
of its own, which its huey processes (and an import's reader) join. When the worker dies, the
whole group is killed before the worker is reaped (a zombie keeps the group's id from being
reused), so none of its processes is left to run tasks beside the next worker's; the tasks it
was running are retried once their leases expire (DESIGN.md, "Invariants"). It is started again
after 1, 2, 4 … s, at most 30 s, and after 1 s again once it had stayed up a minute. The worker
announces itself in a file that serve names in ``WORKER_FILE_ENV`` (``announce_worker``); the
supervisor deletes the file the moment the worker dies, and ``/health/ready`` answers 503 while
the file names no running process (``worker_alive``).
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import functools
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tailorcv.ops.logs import get_logger

PR_SET_PDEATHSIG = 1  # prctl(2)
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
# Not a setting: serve names the file for the processes it starts, which inherit it.
WORKER_FILE_ENV = "TAILORCV_SERVE_WORKER_FILE"
POLL_SECONDS = 0.1  # how soon a dead worker is noticed (readiness also checks on each probe)
STARTING_SECONDS = 15.0  # a worker being stopped may finish starting first (see Supervisor._end)

log = get_logger(__name__)
# Held while a Supervisor starts its child, and by every fork of the process (``_hold_forks``).
_LAUNCHING = threading.RLock()


@functools.cache
def _prctl() -> Callable[..., int] | None:
    """libc's ``prctl`` on Linux. Loaded once, in the parent: a child forked from a process
    with threads should not load a library (another thread may have held the loader's lock)."""
    if not sys.platform.startswith("linux"):
        return None
    prctl: Callable[..., int] = ctypes.CDLL(None, use_errno=True).prctl
    return prctl


def prepare_to_fork() -> None:
    """Call in a parent before it forks children that will call ``die_with_parent``."""
    _prctl()


def die_with_parent(signum: int = signal.SIGTERM) -> None:
    """Ask the kernel to send ``signum`` to this process when its parent dies (Linux only).
    The parent is the *thread* that forked this process: the signal comes when that thread
    ends, so only a thread that outlives its children may start them."""
    prctl = _prctl()
    if prctl is not None:
        prctl(PR_SET_PDEATHSIG, signum)


def process_running(pid: int) -> bool:
    """Whether ``pid`` runs; a zombie (dead, not yet reaped by its parent) does not."""
    if sys.platform.startswith("linux"):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            return False
        return stat.rpartition(")")[2].split()[0] not in ("Z", "X")
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def count_metrics_together() -> str:
    """Give this process and the processes it starts from now on one fresh folder for their
    metrics (prometheus-client's multiprocess mode), removed when this process exits; an
    inherited folder is kept (the consumer that ``serve`` starts counts in the server's).

    Call it before anything imports ``prometheus_client``: a process chooses where to keep its
    counts at that import, and a forked child inherits the choice. Hence this module, which
    imports nothing of it."""
    folder = os.environ.get(MULTIPROC_ENV)
    if folder:
        return folder
    if "prometheus_client" in sys.modules:
        raise RuntimeError("count_metrics_together() must run before prometheus_client loads")
    folder = tempfile.mkdtemp(prefix=f"tailorcv-metrics-{os.getpid()}-")
    os.environ[MULTIPROC_ENV] = folder
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


# The worker's announcement, read by readiness


def watch_worker() -> Path:
    """In serve, before it starts anything: a fresh file for its queue worker to announce
    itself in, named in the environment its processes inherit; removed when serve exits."""
    folder = tempfile.mkdtemp(prefix=f"tailorcv-serve-{os.getpid()}-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = Path(folder) / "worker.pid"
    os.environ[WORKER_FILE_ENV] = str(path)
    return path


def announce_worker() -> None:
    """In a queue worker that has started consuming: tell the server that runs it, if one
    does. A failure is logged; it never stops the worker."""
    name = os.environ.get(WORKER_FILE_ENV)
    if not name:
        return
    draft = Path(f"{name}.{os.getpid()}")
    try:
        draft.write_text(str(os.getpid()))
        draft.replace(name)  # readers see the old file or the new one, never half of one
    except OSError as exc:
        log.warning("worker_unannounced", file=name, error=str(exc))


def worker_alive() -> bool | None:
    """Whether the queue worker this server runs has announced itself and still runs; None
    when the server runs none (``--no-worker``, or an app not started by serve)."""
    name = os.environ.get(WORKER_FILE_ENV)
    if not name:
        return None
    try:
        pid = int(Path(name).read_text())
    except (OSError, ValueError):
        return False
    return process_running(pid)


# Supervision


@dataclass(frozen=True)
class Backoff:
    """Seconds before a restart: ``first``, doubled after each death that came within
    ``stable`` seconds of its start, at most ``longest``."""

    first: float = 1.0
    longest: float = 30.0
    stable: float = 60.0

    def delay(self, failures: int) -> float:
        """The wait after the ``failures``-th death in a row (1: the first)."""
        return float(min(self.longest, self.first * 2 ** max(0, failures - 1)))


class Supervisor:
    """Runs one child and starts it again whenever it dies, from a thread of its own (the
    thread that forks a child must outlive it, see ``die_with_parent``). ``launch`` starts the
    child as the leader of a new session (``start_new_session=True``): its process group is
    killed whenever it ends. ``stop`` sends it SIGINT and waits ``grace`` seconds before
    SIGKILL. ``pid_file`` is where the child announces itself (``announce_worker``)."""

    def __init__(
        self,
        launch: Callable[[], subprocess.Popen[bytes]],
        *,
        pid_file: Path | None = None,
        backoff: Backoff | None = None,
        grace: float = 30.0,
    ) -> None:
        self.launch = launch
        self.pid_file = pid_file
        self.backoff = backoff or Backoff()
        self.grace = grace
        self._stopping = threading.Event()
        # not a daemon: an interrupted serve still waits for its worker to stop
        self._thread = threading.Thread(target=self._run, name="tailorcv-supervisor")

    def start(self) -> None:
        _hold_forks()
        self._thread.start()

    def stop(self) -> None:
        """Stop the child (running tasks finish) and end the thread; blocks."""
        self._stopping.set()
        self._thread.join()

    def _run(self) -> None:
        try:
            self._supervise()
        except Exception:  # a bug: say so (the thread ends; serve's worker then gets SIGINT)
            log.exception("worker_supervision_failed")
            raise

    def _supervise(self) -> None:
        failures = restarts = 0
        while True:
            started = time.monotonic()
            process = self._start(restarts)
            if process is not None and self._watch(process):
                return
            ran = time.monotonic() - started
            failures = 1 if ran >= self.backoff.stable else failures + 1
            delay = self.backoff.delay(failures)
            log.warning(
                "worker_died",
                pid=process.pid if process else None,
                exit=_exit(process.returncode) if process else "not started",
                ran_seconds=round(ran, 1),
                restart_in=delay,
            )
            if self._stopping.wait(delay):
                return
            restarts += 1

    def _start(self, restarts: int) -> subprocess.Popen[bytes] | None:
        with _LAUNCHING:
            try:
                process = self.launch()
            except OSError as exc:
                log.error("worker_not_started", error=str(exc))
                return None
            if restarts:
                log.info("worker_restarted", pid=process.pid, restarts=restarts)
        return process

    def _watch(self, process: subprocess.Popen[bytes]) -> bool:
        """Until the child dies (False: its group killed, it reaped) or stop is asked (True:
        it is stopped)."""
        while not self._stopping.wait(POLL_SECONDS):
            if _exited(process):
                self._forget()
                _kill_group(process.pid)  # before the leader is reaped: no reused group id
                process.wait()
                return False
        self._end(process)
        return True

    def _end(self, process: subprocess.Popen[bytes]) -> None:
        """SIGINT (huey lets running tasks finish, DESIGN.md), then SIGKILL after ``grace``;
        then whatever is left of its group. A worker still starting is let finish starting
        first: a SIGINT before it handles signals would interrupt its start half-way."""
        self._wait(process, lambda: self._announced(process), STARTING_SECONDS)
        if not _exited(process):
            with contextlib.suppress(ProcessLookupError):  # not reaped yet: the pid is its own
                os.kill(process.pid, signal.SIGINT)
            if not self._wait(process, lambda: False, self.grace):
                log.warning("worker_stop_timeout", pid=process.pid, grace_seconds=self.grace)
        self._forget()
        _kill_group(process.pid)
        process.wait()

    def _wait(
        self, process: subprocess.Popen[bytes], done: Callable[[], bool], seconds: float
    ) -> bool:
        """Until ``done()`` or the child exited (True), or ``seconds`` passed (False)."""
        deadline = time.monotonic() + seconds
        while not (done() or _exited(process)):
            if time.monotonic() > deadline:
                return False
            time.sleep(POLL_SECONDS / 2)
        return True

    def _announced(self, process: subprocess.Popen[bytes]) -> bool:
        if self.pid_file is None:
            return True
        try:
            return self.pid_file.read_text() == str(process.pid)
        except OSError:
            return False

    def _forget(self) -> None:
        """Readiness fails from now on: no worker is announced."""
        if self.pid_file is not None:
            self.pid_file.unlink(missing_ok=True)


@functools.cache
def _hold_forks() -> None:
    """Make every fork of this process wait while a supervisor starts its child (or logs
    it). ``subprocess`` keeps a pipe open until its child has called exec; a process forked from
    another thread meanwhile (granian starting a web worker, seen in tests) inherits that pipe,
    holds it open for its whole life and leaves the supervisor waiting on it."""
    os.register_at_fork(
        before=_LAUNCHING.acquire,
        after_in_parent=_LAUNCHING.release,
        after_in_child=_LAUNCHING.release,  # the forking thread holds it, in the child too
    )


def _exited(process: subprocess.Popen[bytes]) -> bool:
    """Whether the child ended, without reaping it where the platform allows."""
    if process.returncode is not None:
        return True
    if hasattr(os, "waitid"):
        flags = os.WEXITED | os.WNOHANG | os.WNOWAIT
        try:
            return os.waitid(os.P_PID, process.pid, flags) is not None
        except ChildProcessError:
            return True
    return process.poll() is not None


def _kill_group(group: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(group, signal.SIGKILL)


def _exit(code: int | None) -> str:
    """``-9`` → ``SIGKILL``; ``3`` → ``code 3``."""
    if code is not None and code < 0:
        with contextlib.suppress(ValueError):
            return signal.Signals(-code).name
        return f"signal {-code}"
    return f"code {code}"
