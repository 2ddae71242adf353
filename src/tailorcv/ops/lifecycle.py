"""Process lifetimes: a helper process must not outlive the process that started it.

If ``tailorcv serve`` is killed outright (SIGKILL, OOM killer), it cannot stop its web workers or
its queue worker; on Linux the kernel can, when each child asked for a signal at its parent's
death (prctl ``PR_SET_PDEATHSIG``). Elsewhere this is a no-op and orphans must be stopped by hand.
"""

from __future__ import annotations

import ctypes
import signal
import sys

PR_SET_PDEATHSIG = 1  # prctl(2)


def die_with_parent(signum: int = signal.SIGTERM) -> None:
    """Ask the kernel to send ``signum`` to this process when its parent dies (Linux only)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signum)
