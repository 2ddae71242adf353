"""`tailorcv serve` supervises the queue worker it runs (issue 16): a killed worker is started
again with backoff, readiness answers 503 while none runs, and no process of the tree outlives
its parent or a clean shutdown.

Real processes, real HTTP, SQLite in a temporary folder; every wait is bounded.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from structlog.testing import capture_logs

from tailorcv.ops.lifecycle import Backoff, Supervisor
from tests.cli.test_serve import free_port
from tests.web.helpers import assert_problem

START_SECONDS = 40  # a cold start on a busy 2-core machine
TASK_SECONDS = 30


@dataclass
class Served:
    process: subprocess.Popen[bytes]
    base: str
    token: str
    log: Path

    def log_lines(self) -> list[dict[str, Any]]:
        text = self.log.read_text(errors="replace")
        return [json.loads(line) for line in text.splitlines() if line.startswith("{")]

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[Served]:
    """``tailorcv serve --demo`` with one web process and one queue worker process, in a
    session of its own; stopped on the way out, and whatever is left of it killed."""
    port = free_port()
    env = {**os.environ, "TAILORCV_DATA_DIR": str(folder)}
    env.pop("TAILORCV_SECRET_KEY", None)
    log = folder / "serve.log"
    command = [sys.executable, "-m", "tailorcv", "serve", "--demo", "--port", str(port)]
    with log.open("w") as output:
        process = subprocess.Popen(
            [*command, "--queue-workers", "1"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        until(lambda: readiness(base)[0] == 200, START_SECONDS, lambda: log.read_text())
        token = next(
            line.split()[-1]
            for line in log.read_text().splitlines()
            if line.startswith("API token:")
        )
        yield Served(process, base, token, log)
    finally:
        process.send_signal(signal.SIGTERM)  # a clean stop first: its temporary files go too
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=30)
        # then whatever is left of the tree, orphans included (the environment marks them)
        for pid in using(folder):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        process.kill()
        process.wait(timeout=10)


def until(done: Callable[[], object], seconds: float, why: Callable[[], str]) -> Any:
    """Poll ``done()`` until it is truthy and return it; fail with ``why()`` after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        value = done()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"not within {seconds} s:\n{why()}")
        time.sleep(0.05)


def readiness(base: str) -> tuple[int, httpx.Response | None]:
    try:
        answer = httpx.get(f"{base}/health/ready", timeout=5)
    except httpx.HTTPError:
        return 0, None
    return answer.status_code, answer


def refused(base: str) -> httpx.Response | None:
    """The readiness answer when it is a 503."""
    status, answer = readiness(base)
    return answer if status == 503 else None


def render(served: Served, template: str) -> str:
    """Ask for the example résumé as a PDF in ``template`` (the same twice is one task); the
    task's id."""
    auth = {"Authorization": f"Bearer {served.token}"}
    resumes = httpx.get(f"{served.base}/api/v1/resumes", headers=auth, timeout=10).json()
    order = {"resume_id": resumes["items"][0]["id"], "format": "pdf", "template": template}
    answer = httpx.post(f"{served.base}/api/v1/renders", json=order, headers=auth, timeout=10)
    assert answer.status_code == 202, answer.text
    return str(answer.json()["task"]["id"])


def finished(served: Served, task_id: str) -> str:
    """Wait for the task to finish; its status."""
    auth = {"Authorization": f"Bearer {served.token}"}

    def status() -> str | None:
        url = f"{served.base}/api/v1/tasks/{task_id}"
        task = httpx.get(url, headers=auth, timeout=10).json()
        return task["status"] if task["status"] in ("succeeded", "failed", "dead") else None

    return str(until(status, TASK_SECONDS, served.tail))


# The process tree, from /proc


def stat(pid: int) -> tuple[str, int] | None:
    """A process's state letter and parent, or None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text.rpartition(")")[2].split()
    return fields[0], int(fields[1])


def running(pid: int) -> bool:
    """Whether ``pid`` exists and is not a zombie (dead, waiting to be reaped)."""
    found = stat(pid)
    return found is not None and found[0] not in ("Z", "X")


def children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").glob("[0-9]*"):
        described = stat(int(entry.name))
        if described is not None and described[1] == pid and described[0] not in ("Z", "X"):
            found.add(int(entry.name))
    return found


def descendants(pid: int) -> set[int]:
    found = set()
    for child in children(pid):
        found |= {child, *descendants(child)}
    return found


def worker_of(server: int) -> int | None:
    """The running ``tailorcv worker`` that the server process started, if any."""
    for child in children(server):
        try:
            argv = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"worker" in argv and running(child):
            return child
    return None


def using(folder: Path) -> set[int]:
    """Running processes whose environment points at ``folder`` (all of a server's processes
    inherit it; a zombie's environment is empty)."""
    marker = f"TAILORCV_DATA_DIR={folder}".encode()
    found = set()
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            if marker in (entry / "environ").read_bytes().split(b"\0"):
                found.add(int(entry.name))
        except OSError:
            continue
    return found


def described(pids: set[int]) -> str:
    lines = []
    for pid in sorted(pids):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            command = "(gone)"
        lines.append(f"{pid} {stat(pid)} {command}")
    return "\n".join(lines)


# Through a real `tailorcv serve`


def test_a_killed_worker_is_restarted_and_readiness_says_so_meanwhile(tmp_path: Path) -> None:
    """SIGKILL of the worker: readiness answers 503 (problem+json naming the worker) until the
    restarted worker runs, then 200; a task asked for while it was down, and one after, are
    done; the server's log says what happened, as JSON."""
    with serve(tmp_path) as served:
        assert finished(served, render(served, "classic")) == "succeeded"
        first = until(lambda: worker_of(served.process.pid), 10, served.tail)
        os.kill(first, signal.SIGKILL)
        answer = until(lambda: refused(served.base), 5, served.tail)
        body = assert_problem(answer, 503)
        assert body["type"].endswith("/not-ready")
        assert body["failing"] == ["worker"]
        meanwhile = render(served, "modern")  # accepted while no worker runs: the row waits
        until(lambda: readiness(served.base)[0] == 200, 20, served.tail)
        second = worker_of(served.process.pid)
        assert second is not None
        assert second != first
        assert finished(served, meanwhile) == "succeeded"
        assert finished(served, render(served, "compact")) == "succeeded"
        events = {line["event"]: line for line in served.log_lines()}
        assert events["worker_died"]["pid"] == first
        assert events["worker_died"]["exit"] == "SIGKILL"
        assert events["worker_died"]["restart_in"] == 1.0
        assert events["worker_restarted"]["pid"] == second


def test_the_processes_of_a_killed_worker_die_with_it(tmp_path: Path) -> None:
    """SIGKILL of the worker's main process alone: its huey processes (scheduler and
    workers) are gone by the time the next worker starts, so none is left to take tasks."""
    with serve(tmp_path) as served:
        server = served.process.pid
        first = until(lambda: worker_of(server), 10, served.tail)

        def started() -> set[int] | None:  # its scheduler and its one worker process
            found = children(first)
            return found if len(found) >= 2 else None

        orphans: set[int] = until(started, 10, served.tail)
        os.kill(first, signal.SIGKILL)
        until(lambda: (worker_of(server) or first) != first, 20, served.tail)
        assert not orphans & using(tmp_path), described(orphans)
        until(lambda: readiness(served.base)[0] == 200, 20, served.tail)


def test_sigterm_leaves_no_process_of_the_tree_behind(tmp_path: Path) -> None:
    """After a worker was killed and restarted, SIGTERM of the server ends every process it
    started, and every process those started, the killed worker's included."""
    with serve(tmp_path) as served:
        server = served.process.pid
        first = until(lambda: worker_of(server), 10, served.tail)
        tree = {server, *descendants(server)}
        os.kill(first, signal.SIGKILL)
        until(lambda: (worker_of(server) or first) != first, 20, served.tail)
        until(lambda: readiness(served.base)[0] == 200, 20, served.tail)
        tree |= descendants(server)
        assert len(tree) >= 6, described(tree)  # server, web, two workers and their children
        served.process.send_signal(signal.SIGTERM)
        served.process.wait(timeout=45)
        # by the mark in their environment: a pid the system reused for another is not ours
        until(lambda: not using(tmp_path), 15, lambda: described(tree & using(tmp_path)))


# The supervisor on its own


def test_restart_delays_double_up_to_their_cap() -> None:
    backoff = Backoff(first=1.0, longest=30.0)
    assert [backoff.delay(failures) for failures in range(1, 8)] == [1, 2, 4, 8, 16, 30, 30]


def _dying(code: int) -> Callable[[], subprocess.Popen[bytes]]:
    command = [sys.executable, "-c", f"raise SystemExit({code})"]
    return lambda: subprocess.Popen(command, start_new_session=True)


def test_a_child_that_keeps_dying_waits_longer_each_time() -> None:
    supervisor = Supervisor(_dying(3), backoff=Backoff(first=0.05, longest=0.2, stable=60))
    with capture_logs() as logs:
        supervisor.start()
        until(lambda: sum(e["event"] == "worker_died" for e in logs) >= 5, 20, lambda: str(logs))
        supervisor.stop()
    died = [entry for entry in logs if entry["event"] == "worker_died"]
    assert [entry["restart_in"] for entry in died[:5]] == [0.05, 0.1, 0.2, 0.2, 0.2]
    assert {entry["exit"] for entry in died} == {"code 3"}
    assert all(entry["log_level"] == "warning" for entry in died)
    restarted = [entry for entry in logs if entry["event"] == "worker_restarted"]
    assert [entry["restarts"] for entry in restarted[:4]] == [1, 2, 3, 4]


def test_a_child_that_stayed_up_a_while_is_restarted_at_the_first_delay() -> None:
    supervisor = Supervisor(_dying(0), backoff=Backoff(first=0.05, longest=10, stable=0))
    with capture_logs() as logs:
        supervisor.start()
        until(lambda: sum(e["event"] == "worker_died" for e in logs) >= 3, 20, lambda: str(logs))
        supervisor.stop()
    died = [entry for entry in logs if entry["event"] == "worker_died"]
    assert {entry["restart_in"] for entry in died} == {0.05}


def test_a_dead_childs_process_group_is_killed(tmp_path: Path) -> None:
    """Whatever the child started and left behind dies with it, even a process that did not
    ask the kernel to end it with its parent."""
    marker = tmp_path / "grandchild"
    script = (
        "import os, pathlib, signal, sys, time\n"
        "signal.signal(signal.SIGINT, lambda *_: sys.exit(0))\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    time.sleep(60)\n"
        "    os._exit(0)\n"
        f"pathlib.Path({str(marker)!r}).write_text(str(pid))\n"
        "time.sleep(60)\n"
    )
    launched: list[subprocess.Popen[bytes]] = []

    def launch() -> subprocess.Popen[bytes]:
        launched.append(subprocess.Popen([sys.executable, "-c", script], start_new_session=True))
        return launched[-1]

    supervisor = Supervisor(launch, backoff=Backoff(first=30))
    supervisor.start()
    try:
        grandchild = int(until(lambda: marker.exists() and marker.read_text(), 20, str))
        os.kill(launched[0].pid, signal.SIGKILL)
        until(lambda: not running(grandchild), 10, lambda: described({grandchild}))
    finally:
        supervisor.stop()
    assert len(launched) == 1, "not started again before its backoff"


def test_stopping_the_supervisor_stops_its_child_with_sigint(tmp_path: Path) -> None:
    """SIGINT, which lets a huey consumer finish its running tasks (DESIGN.md), not SIGTERM."""
    marker = tmp_path / "interrupted"
    script = (
        "import pathlib, signal, sys, time\n"
        "def stop(signum, frame):\n"
        f"    pathlib.Path({str(marker)!r}).write_text(signal.Signals(signum).name)\n"
        "    sys.exit(0)\n"
        "signal.signal(signal.SIGINT, stop)\n"
        "signal.signal(signal.SIGTERM, stop)\n"
        f"pathlib.Path({str(tmp_path / 'started')!r}).touch()\n"
        "time.sleep(60)\n"
    )
    launched: list[subprocess.Popen[bytes]] = []

    def launch() -> subprocess.Popen[bytes]:
        launched.append(subprocess.Popen([sys.executable, "-c", script], start_new_session=True))
        return launched[-1]

    supervisor = Supervisor(launch, grace=10)
    supervisor.start()
    until(lambda: (tmp_path / "started").exists(), 20, lambda: "the child did not start")
    supervisor.stop()
    assert len(launched) == 1
    assert launched[0].returncode == 0
    assert marker.read_text() == "SIGINT"
