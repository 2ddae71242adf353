"""The application layer under the API, the pages and the CLI (issue 17): the runtime built
from settings, the task payloads, and one use case per action, each taking its own rate limit
and quotas. Nothing here knows HTTP: ``web`` turns requests into calls of these functions and
their errors into answers.

- ``runtime``: ``build_runtime(settings)`` and ``runtime_for(settings)``; ``Runtime``.
- ``limits``: ``Caller`` (who asks, from where) and the rate limits every door shares.
- ``payloads``: one model per task kind.
- ``work``: the version a task works on, the task row, and commit-then-enqueue.
- use cases: ``renders`` (render, tailoring), ``writing`` (suggestions, letter), ``imports``,
  ``batch_submit`` and ``batches``, ``resumes`` (including publishing), ``jobs``,
  ``accounts`` (register, log in, log out), ``account_data``, ``admin``.
"""

from tailorcv.service.limits import Caller
from tailorcv.service.runtime import Runtime, build_runtime, runtime_for

__all__ = ["Caller", "Runtime", "build_runtime", "runtime_for"]
