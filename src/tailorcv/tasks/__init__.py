"""Background work: the huey queue built from a URL, the runner that executes task rows, and
the periodic recovery and cleanup that make sure nothing is lost.

The web layer commits a task row, then calls ``dispatcher.enqueue(task_id, kind, priority)``;
``tailorcv worker`` (``run_consumer``) runs the consumer. See docs/queue.md.
"""

from tailorcv.tasks.consumer import make_consumer, run_consumer
from tailorcv.tasks.dispatch import Dispatcher, HueyDispatcher, InlineDispatcher
from tailorcv.tasks.options import DEFAULT_OPTIONS, TIME_LIMITS, TaskOptions, priority_for
from tailorcv.tasks.queue import check_queue, make_huey
from tailorcv.tasks.runner import run_task

__all__ = [
    "DEFAULT_OPTIONS",
    "TIME_LIMITS",
    "Dispatcher",
    "HueyDispatcher",
    "InlineDispatcher",
    "TaskOptions",
    "check_queue",
    "make_consumer",
    "make_huey",
    "priority_for",
    "run_consumer",
    "run_task",
]
