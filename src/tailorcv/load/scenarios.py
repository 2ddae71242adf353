"""The load test's Locust users, one per scenario. Importing this module imports Locust, which
patches the standard library for gevent: only the load test's own process may import it.

| scenario | what each user does | think time |
| --- | --- | --- |
| ``mixed`` | the whole journey (``journeys.mixed_visit``), again and again | 10–30 s per step |
| ``browse`` | list and read résumés, jobs, tasks, templates; a match | none |
| ``render`` | edit the draft, render it, poll, download | none |
| ``public`` | the public page ``/r/{slug}`` | none |
"""

from __future__ import annotations

import contextlib
import random
from typing import ClassVar

import gevent  # type: ignore[import-untyped]
from locust import between, constant, task
from locust.contrib.fasthttp import FastHttpUser

from tailorcv.load.journeys import (
    JourneyError,
    TaskLog,
    Visitor,
    browse,
    mixed_visit,
    render_once,
)

LOG = TaskLog()  # the run's finished tasks and visits (one load test per process)
# Seconds a person spends before the next step: pasting an ad copied from elsewhere, reading a
# match report or a tailored version. ``think_between`` sets it for a run (``--think``).
THINK = (10.0, 30.0)


class _Person(FastHttpUser):
    """A signed-up person with a résumé; subclasses say what they do next."""

    abstract = True
    wait_time = constant(0)
    network_timeout = 60.0
    connection_timeout = 30.0
    setup_steps: ClassVar[tuple[str, ...]] = ("create_resume",)

    def on_start(self) -> None:
        self.visitor = Visitor(self.client, LOG, sleep=gevent.sleep)
        try:
            self.visitor.register()
            for step in self.setup_steps:
                getattr(self.visitor, step)()
        except JourneyError:
            self.visitor.headers = {}  # failed already counted; try again on the next task

    def ready(self) -> bool:
        if not self.visitor.headers or not self.visitor.resume_id:
            self.on_start()
            return False
        return True


class MixedUser(_Person):
    wait_time = between(*THINK)
    think: ClassVar[tuple[float, float]] = THINK
    setup_steps = ()

    @task
    def visit(self) -> None:
        if not self.visitor.headers:
            self.on_start()
            return
        with contextlib.suppress(JourneyError):  # the failed request is in the statistics
            mixed_visit(self.visitor, lambda: gevent.sleep(random.uniform(*self.think)))


def think_between(low: float, high: float) -> None:
    """Make the mixed scenario's people think ``low``–``high`` seconds between steps."""
    MixedUser.think = (low, high)
    MixedUser.wait_time = between(low, high)


class BrowseUser(_Person):
    setup_steps = ("create_resume", "paste_job")

    @task
    def read(self) -> None:
        if self.ready():
            with contextlib.suppress(JourneyError):
                browse(self.visitor)


class RenderUser(_Person):
    @task
    def render(self) -> None:
        if self.ready():
            with contextlib.suppress(JourneyError):
                render_once(self.visitor)


class PublicUser(_Person):
    setup_steps = ("create_resume", "publish")

    @task
    def view(self) -> None:
        if self.ready():
            with contextlib.suppress(JourneyError):
                self.visitor.view_page()


SCENARIOS: dict[str, type[_Person]] = {
    "mixed": MixedUser,
    "browse": BrowseUser,
    "render": RenderUser,
    "public": PublicUser,
}
