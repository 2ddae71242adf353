"""Locust patches the standard library for gevent when imported: nothing but a running load
test may import it, not the CLI, not the load package, not the capacity planner."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
import tailorcv.cli, tailorcv.load, tailorcv.load.report, tailorcv.capacity
print(",".join(sorted(m for m in sys.modules if m.split(".")[0] in ("locust", "gevent"))))
"""


def test_importing_the_cli_and_the_load_package_does_not_import_locust() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_the_scenarios_module_is_the_one_that_does() -> None:
    probe = (
        "import sys, tailorcv.load.scenarios as s; "
        "print('locust' in sys.modules, sorted(s.SCENARIOS))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "True ['browse', 'mixed', 'public', 'render']"
