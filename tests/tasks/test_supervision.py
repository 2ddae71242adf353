"""A consumer's processes live no longer than its main process (issue 16): killed outright, it
takes its scheduler and workers with it, so none of them is left to run tasks unsupervised."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from tests.tasks.conftest import Seeded
from tests.tasks.consumers import worker


def _children(pid: int) -> set[int]:
    """Running (not zombie) processes whose parent is ``pid``."""
    found = set()
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] not in ("Z", "X"):
            found.add(int(entry.name))
    return found


def _ours(pid: int, data_dir: Path) -> bool:
    """Whether ``pid`` runs with ``data_dir`` in its environment (a zombie's is empty, and a
    pid the system reused for another process has another)."""
    try:
        environment = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    except OSError:
        return False
    return f"TAILORCV_DATA_DIR={data_dir}".encode() in environment


def test_a_consumer_killed_outright_takes_its_processes_with_it(
    seeded: Seeded, tmp_path: Path
) -> None:
    log = tmp_path / "worker.log"
    with worker(seeded.settings, log) as consumer:
        deadline = time.monotonic() + 30
        while len(kids := _children(consumer.pid)) < 3:  # the scheduler and two workers
            if time.monotonic() > deadline:
                pytest.fail(f"the consumer did not start its processes:\n{log.read_text()}")
            time.sleep(0.05)
        os.kill(consumer.pid, signal.SIGKILL)  # its main process alone, not its group
        consumer.wait(timeout=10)
        deadline = time.monotonic() + 10
        while alive := [pid for pid in kids if _ours(pid, seeded.settings.data_dir)]:
            if time.monotonic() > deadline:
                pytest.fail(f"outlived their consumer: {alive}")
            time.sleep(0.05)
