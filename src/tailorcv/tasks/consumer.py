"""The huey consumer that runs tasks: ``tailorcv worker``, and beside the web app in ``serve``.

Workers are processes by default: renders and imports are CPU work, and only a process can be
ended by the hard time limit (``lease.hard_limit``). Stop the consumer with SIGINT or SIGTERM
(what Docker and Kubernetes send): it then lets each running task finish. huey alone exits at
once on SIGTERM; here it is made graceful. SIGTERM sent to a worker process itself (a whole
process group signalled) interrupts its task, and a SIGKILL loses the running tasks from the
queue; the rows keep them, and recovery runs them again once their leases expire (DESIGN.md,
"What huey does, measured here").

Its scheduler and worker processes die with it (issue 16): each asks the kernel for SIGKILL at
its parent's death, so a consumer killed outright leaves no orphan to go on taking tasks (huey's
own workers would: the stop flag they wait for is never set). Their running tasks are recovered
like the consumer's own.

While it runs, the consumer keeps a heartbeat row in ``workers`` (``tailorcv.tasks.heartbeat``),
which ``GET /admin/queue`` reads to tell how many workers are alive. Once started it announces
itself to the ``tailorcv serve`` that runs it, if one does (``ops.lifecycle.announce_worker``),
whose readiness depends on it.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from typing import Any

from huey.consumer import Consumer, ProcessEnvironment, Scheduler

from tailorcv.ops.lifecycle import announce_worker, die_with_parent, prepare_to_fork
from tailorcv.ops.logs import get_logger
from tailorcv.ops.settings import Settings
from tailorcv.service.runtime import close_runtimes
from tailorcv.tasks.heartbeat import HEARTBEAT_SECONDS, Heartbeat
from tailorcv.tasks.lease import enable_hard_limits
from tailorcv.tasks.options import DEFAULT_OPTIONS, TaskOptions
from tailorcv.tasks.queue import make_huey, poll_delays

log = get_logger(__name__)

HEALTH_CHECK_SECONDS = 1.0  # how soon a worker that died (or was ended) is replaced


class TailorcvConsumer(Consumer):  # type: ignore[misc]
    """huey's consumer, checking periodic tasks every ``periodic_seconds`` instead of once a
    minute, so that recovery can run every 30 s (and every second in tests). Given a
    ``heartbeat``, it starts beating once the workers are started (so they are forked before
    its thread exists)."""

    def __init__(self, huey: Any, *, periodic_seconds: float, **options: Any) -> None:
        self.periodic_seconds = max(1, round(periodic_seconds))
        self.heartbeat: Heartbeat | None = None
        super().__init__(huey, **options)
        self._signal_actions[signal.SIGTERM] = (False, True)  # (restart, graceful), as SIGINT

    def start(self) -> None:
        super().start()
        if self.heartbeat is not None:
            self.heartbeat.start()
        announce_worker()

    def get_environment(self, worker_type: str) -> Any:
        if worker_type == "process":
            return BoundProcesses(self._graceful_sig, self._interrupt_sig)
        return super().get_environment(worker_type)

    def _create_scheduler(self) -> Scheduler:
        scheduler = super()._create_scheduler()
        scheduler.periodic_task_seconds = self.periodic_seconds
        return scheduler


class BoundProcesses(ProcessEnvironment):  # type: ignore[misc]
    """huey's process workers, each ended (SIGKILL) by the kernel when the consumer that forked
    it dies, however it dies (Linux; elsewhere ``tailorcv serve`` kills the process group)."""

    parent = 0

    def create_process(self, runnable: Any, name: str) -> Any:
        self.parent = os.getpid()
        prepare_to_fork()
        return super().create_process(runnable, name)

    def init_child(self, process: Any) -> None:
        die_with_parent(signal.SIGKILL)
        if os.getppid() != self.parent:  # the consumer died before the request took effect
            os._exit(1)
        super().init_child(process)


def make_consumer(
    settings: Settings,
    workers: int = 2,
    *,
    options: TaskOptions = DEFAULT_OPTIONS,
    worker_type: str = "process",
) -> TailorcvConsumer:
    """A consumer for ``settings.queue_url`` with ``workers`` workers (not started)."""
    huey = make_huey(settings, options)
    if worker_type == "process":
        huey.on_startup(name="tailorcv.worker")(_worker_started)
    huey.on_shutdown(name="tailorcv.worker")(close_runtimes)
    first, backoff, longest = poll_delays(huey)
    return TailorcvConsumer(
        huey,
        periodic_seconds=min(options.recover_seconds, options.cleanup_seconds),
        workers=workers,
        worker_type=worker_type,
        initial_delay=first,
        backoff=backoff,
        max_delay=longest,
        scheduler_interval=1,
        health_check_interval=HEALTH_CHECK_SECONDS,
    )


def run_consumer(
    settings: Settings,
    workers: int = 2,
    *,
    options: TaskOptions = DEFAULT_OPTIONS,
    worker_type: str = "process",
    heartbeat_seconds: float = HEARTBEAT_SECONDS,
) -> None:
    """Run the consumer until SIGINT or SIGTERM (both graceful), with its heartbeat row
    in ``workers`` from start to stop; blocks."""
    consumer = make_consumer(settings, workers, options=options, worker_type=worker_type)
    heartbeat = Heartbeat(settings, workers, seconds=heartbeat_seconds)
    consumer.heartbeat = heartbeat
    log.info("worker_started", workers=workers, worker_type=worker_type, queue=heartbeat.queue)
    try:
        consumer.run()
    finally:
        heartbeat.stop()


def _worker_started() -> None:
    """In each forked worker: allow the hard time limit, and let the import sandbox fork its
    reader (multiprocessing refuses children to a daemonic process, which huey's workers are;
    the sandbox reaps its child itself, so nothing is left behind)."""
    enable_hard_limits()
    multiprocessing.current_process().daemon = False
