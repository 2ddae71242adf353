"""The pure core never pulls in the web, the database, the queue or the CLI."""

from __future__ import annotations

import subprocess
import sys

CORE = (
    "tailorcv.resume",
    "tailorcv.render",
    "tailorcv.match",
    "tailorcv.tailor",
    "tailorcv.ingest",
)
FORBIDDEN = ("fastapi", "starlette", "sqlalchemy", "alembic", "huey", "redis", "typer")
OURS = ("tailorcv.store", "tailorcv.tasks", "tailorcv.web", "tailorcv.cli")

PROBE = """
import sys
for name in {core!r}:
    __import__(name)
loaded = sorted(m for m in sys.modules if m.split(".")[0] in {forbidden!r} or m in {ours!r})
print(",".join(loaded))
"""


def test_importing_the_core_loads_no_service_module() -> None:
    code = PROBE.format(core=CORE, forbidden=FORBIDDEN, ours=OURS)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_the_probe_can_see_a_forbidden_import() -> None:
    """Guards the test above: the same probe does report a module that is loaded."""
    code = PROBE.format(core=("tailorcv.cli",), forbidden=FORBIDDEN, ours=OURS)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "typer" in done.stdout.split(",")
