"""Background work: the huey queue built from a URL, the runner that executes task rows, and
the periodic recovery and cleanup that make sure nothing is lost.

The use cases commit a task row, then call ``dispatcher.enqueue(task_id, kind, priority)``;
``tailorcv worker`` (``run_consumer``) runs the consumer. See docs/queue.md.

The names are imported when first used (PEP 562): the web app imports ``tasks.options`` and
must not import the queue consumer with it (issue 17).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tailorcv.tasks.consumer import make_consumer, run_consumer
    from tailorcv.tasks.dispatch import Dispatcher, HueyDispatcher, InlineDispatcher
    from tailorcv.tasks.options import DEFAULT_OPTIONS, TIME_LIMITS, TaskOptions, priority_for
    from tailorcv.tasks.queue import check_queue, make_huey
    from tailorcv.tasks.runner import run_task

_HOMES = {
    "make_consumer": "consumer",
    "run_consumer": "consumer",
    "Dispatcher": "dispatch",
    "HueyDispatcher": "dispatch",
    "InlineDispatcher": "dispatch",
    "DEFAULT_OPTIONS": "options",
    "TIME_LIMITS": "options",
    "TaskOptions": "options",
    "priority_for": "options",
    "check_queue": "queue",
    "make_huey": "queue",
    "run_task": "runner",
}

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


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
