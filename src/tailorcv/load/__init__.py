"""Load tests: Locust scenarios of real use, run headless, reported as JSON and HTML
(``tailorcv loadtest``). Importing this package does not import Locust; running a test does."""

from __future__ import annotations

from tailorcv.load.runner import SCENARIO_NAMES, LoadTest, run, run_in_subprocess

__all__ = ["SCENARIO_NAMES", "LoadTest", "run", "run_in_subprocess"]
