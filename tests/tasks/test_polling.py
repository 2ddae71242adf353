"""When a client should ask about an unfinished task again (``tasks.polling``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tailorcv.tasks.polling import FIRST, LAST, poll_after, retry_after

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("age", "seconds", "header"),
    [
        (0.0, FIRST, "1"),  # just made: soon (the header has whole seconds only)
        (0.5, FIRST, "1"),
        (4.0, 1.0, "1"),
        (10.0, 2.5, "3"),  # a quarter of its age
        (60.0, LAST, "5"),  # an old task: every 5 s at most
        (3600.0, LAST, "5"),
        (-30.0, FIRST, "1"),  # a clock behind the row's: still soon, never negative
    ],
)
def test_a_task_is_asked_about_less_often_as_it_ages(
    age: float, seconds: float, header: str
) -> None:
    made = NOW - timedelta(seconds=age)
    assert poll_after(made, NOW) == pytest.approx(seconds)
    assert retry_after(made, NOW) == header
