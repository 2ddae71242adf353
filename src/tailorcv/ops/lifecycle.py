"""Process lifetimes: a helper process must not outlive the process that started it, and the
processes of one server count their metrics together.

If ``tailorcv serve`` is killed outright (SIGKILL, OOM killer), it cannot stop its web workers or
its queue worker; on Linux the kernel can, when each child asked for a signal at its parent's
death (prctl ``PR_SET_PDEATHSIG``). Elsewhere this is a no-op and orphans must be stopped by hand.
"""

from __future__ import annotations

import atexit
import ctypes
import os
import shutil
import signal
import sys
import tempfile

PR_SET_PDEATHSIG = 1  # prctl(2)
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"


def die_with_parent(signum: int = signal.SIGTERM) -> None:
    """Ask the kernel to send ``signum`` to this process when its parent dies (Linux only)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signum)


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
