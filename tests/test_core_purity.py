"""The pure core never pulls in the web, the database, the queue or the CLI."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = (
    "tailorcv.resume",
    "tailorcv.skills",
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


# Each layer of the core imports only the layers below it (issue 17): ``ingest`` reads a résumé's
# skills with the taxonomy in ``skills``, never through ``match``, which sits above it.
BELOW = {
    "tailorcv.skills": ("tailorcv.ingest", "tailorcv.match", "tailorcv.tailor", "tailorcv.render"),
    "tailorcv.ingest": ("tailorcv.match", "tailorcv.tailor"),
}
LAYER_PROBE = """
import sys
__import__({layer!r})
print(",".join(sorted(m for m in sys.modules if m.startswith({above!r}))))
"""


def _loaded_above(layer: str, above: tuple[str, ...]) -> list[str]:
    code = LAYER_PROBE.format(layer=layer, above=above)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return [name for name in done.stdout.strip().split(",") if name]


@pytest.mark.parametrize("layer", sorted(BELOW))
def test_a_core_layer_never_imports_the_layers_above_it(layer: str) -> None:
    assert _loaded_above(layer, BELOW[layer]) == []


def test_the_layer_probe_can_see_an_import_upwards() -> None:
    """Guards the test above: ``match`` does load ``skills``, so the probe reports it."""
    assert "tailorcv.skills" in _loaded_above("tailorcv.match", ("tailorcv.skills",))
