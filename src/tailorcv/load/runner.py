"""Run a load test: Locust headless, in this process, for a fixed time; then the reports.

Locust patches the standard library for gevent when it is imported, so ``run`` must be called
in a process that does nothing else (``tailorcv loadtest`` is one); ``run_in_subprocess`` starts
such a process from anywhere else, a test or a benchmark.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tailorcv.errors import ExtraNotInstalled, UserError

SCENARIO_NAMES = ("mixed", "browse", "render", "public")


@dataclass(frozen=True)
class LoadTest:
    url: str
    users: int = 50
    spawn_rate: float = 10.0
    duration: float = 60.0
    scenario: str = "mixed"
    report: Path = Path("loadtest.json")
    workers: int = 2  # queue workers behind ``url``, recorded for ``tailorcv capacity``
    steady: bool = False  # measure from the moment every user has started (see ``run``)
    think: tuple[float, float] = (10.0, 30.0)  # seconds a person reads between two steps (mixed)

    def check(self) -> None:
        if self.scenario not in SCENARIO_NAMES:
            raise UserError(
                f"unknown scenario {self.scenario!r}; choose one of {', '.join(SCENARIO_NAMES)}"
            )
        if not self.url.startswith(("http://", "https://")):
            raise UserError(f"{self.url!r} is not an http(s) URL; e.g. http://127.0.0.1:8000")
        if self.users < 1 or self.spawn_rate <= 0 or self.duration <= 0:
            raise UserError("--users, --spawn-rate and --duration must be positive")
        low, high = self.think
        if not 0 <= low <= high:
            raise UserError(f"--think {low:g},{high:g}: give LOW,HIGH seconds with 0 ≤ LOW ≤ HIGH")

    def meta(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "scenario": self.scenario,
            "users": self.users,
            "spawn_rate": self.spawn_rate,
            "cluster": {"workers": self.workers},
            "steady": self.steady,
            "think_s": list(self.think),
        }


def run(test: LoadTest) -> dict[str, Any]:
    """Run ``test``; write its JSON report (and an HTML one beside it) and return the JSON."""
    test.check()
    try:
        import gevent  # type: ignore[import-untyped]
        from locust.env import Environment
        from locust.html import get_html_report
    except ModuleNotFoundError:  # Locust and its ~29 packages are an extra (issue 17)
        raise ExtraNotInstalled("Locust, which runs the load test,", "load") from None

    from tailorcv.load import report as reports
    from tailorcv.load.scenarios import LOG, SCENARIOS, think_between

    think_between(*test.think)
    env = Environment(user_classes=[SCENARIOS[test.scenario]], host=test.url.rstrip("/"))
    runner = env.create_local_runner()
    started = [time.monotonic()]
    ramp: dict[str, Any] = {}
    if test.steady:

        def spawned(**_: object) -> None:
            """Keep the ramp's figures (sign-ups included) apart, then start counting anew."""
            ramp.update(reports.build(env.stats, LOG, meta={}, duration=_since(started[0])))
            env.stats.reset_all()
            LOG.reset()
            started[0] = time.monotonic()

        env.events.spawning_complete.add_listener(spawned)  # type: ignore[no-untyped-call]
    runner.start(test.users, spawn_rate=test.spawn_rate)
    gevent.spawn_later(test.duration, runner.quit)
    runner.greenlet.join()
    data = reports.build(env.stats, LOG, meta=test.meta(), duration=_since(started[0]))
    if ramp:
        data["ramp"] = {key: ramp[key] for key in ("duration_s", "totals", "endpoints", "failures")}
    test.report.parent.mkdir(parents=True, exist_ok=True)
    test.report.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    html = get_html_report(env, show_download_link=False)  # type: ignore[no-untyped-call]
    test.report.with_suffix(".html").write_text(html, encoding="utf-8")
    return data


def _since(moment: float) -> float:
    return time.monotonic() - moment


def run_in_subprocess(test: LoadTest, *, timeout: float | None = None) -> dict[str, Any]:
    """``tailorcv loadtest`` in a child process; its JSON report."""
    test.check()
    command = [
        sys.executable, "-m", "tailorcv", "loadtest", test.url,
        "--users", str(test.users), "--spawn-rate", str(test.spawn_rate),
        "--duration", str(test.duration), "--scenario", test.scenario,
        "--report", str(test.report), "--workers", str(test.workers),
        "--think", f"{test.think[0]:g},{test.think[1]:g}",
        *(["--steady"] if test.steady else []),
    ]  # fmt: skip
    limit = timeout if timeout is not None else test.duration + 120
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=limit, env=os.environ.copy(), check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"loadtest exited {done.returncode}:\n{done.stderr[-3000:]}")
    data: dict[str, Any] = json.loads(test.report.read_text(encoding="utf-8"))
    return data
