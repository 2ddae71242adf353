"""When to ask again about an unfinished task: soon while it is young, less often as it ages.

Clients follow a task by polling it. Polling at a fixed short interval is what saturated the
API at 1,000 simulated users (issue 10): with the queue backed up, three requests in four were
polls, which took the CPU from the workers, which backed the queue up further. So the answer
about an unfinished task carries ``Retry-After`` (the API) or its next poll's delay (the web
pages), a quarter of the task's age between ``FIRST`` and ``LAST``: a render that takes a
tenth of a second is seen at once, and a task that has waited a minute is asked about every five
seconds.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

FIRST = 0.25  # seconds
LAST = 5.0
SHARE = 0.25  # of the task's age


def poll_after(created_at: datetime, now: datetime | None = None) -> float:
    """Seconds to wait before asking about a task made at ``created_at`` again."""
    age = ((now or datetime.now(UTC)) - created_at).total_seconds()
    return min(LAST, max(FIRST, age * SHARE))


def retry_after(created_at: datetime, now: datetime | None = None) -> str:
    """``poll_after`` as an HTTP ``Retry-After`` value: whole seconds, at least one."""
    return str(max(1, math.ceil(poll_after(created_at, now))))
