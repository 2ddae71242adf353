"""Locust patches the standard library for gevent when imported: nothing but a running load
test may import it, not the CLI, not the load package, not the capacity planner."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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


# Locust is the extra ``tailorcv[load]`` (issue 17): a process where it cannot be imported, as
# after a plain ``pip install tailorcv``.
WITHOUT_LOCUST = """
import sys


class NotInstalled:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("locust", "gevent"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


sys.meta_path.insert(0, NotInstalled())
from tailorcv.cli import main

sys.argv = ["tailorcv", *sys.argv[1:]]
main()
"""


def without_locust(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", WITHOUT_LOCUST, *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def test_loadtest_without_locust_names_the_extra_to_install(tmp_path: Path) -> None:
    done = without_locust("loadtest", "http://127.0.0.1:9", "--report", str(tmp_path / "r.json"))
    assert done.returncode == 2, done.stderr
    assert "pip install 'tailorcv[load]'" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "r.json").exists()


def test_the_rest_of_the_command_works_without_locust(tmp_path: Path) -> None:
    """Its help, and the capacity plan, which reads a report and needs no load generator."""
    assert without_locust("loadtest", "--help").returncode == 0
    done = without_locust("capacity", "--output", str(tmp_path / "plan.md"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "plan.md").is_file()
