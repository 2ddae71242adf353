"""A YAML alias bomb or a deep JSON résumé given to the CLI is refused at once: exit 2, one clear
message, within 2 s and 50 MB (issue 16). Each command runs in a forked child that is killed
when it runs away (``tests/resume/bombs.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tailorcv.cli import app
from tailorcv.resume.validate import MAX_DEPTH
from tests.resume.bombs import measured, nested_json, yaml_bomb

COMMANDS = [["validate"], ["render", "--format", "txt"], ["import"]]


def run(*args: str) -> str:
    """The exit code and what the command wrote to standard error."""
    result = CliRunner().invoke(app, list(args))
    return f"exit {result.exit_code}: {result.stderr}"


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_yaml_bomb_is_refused_with_exit_2(command: list[str], tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(yaml_bomb())
    cost = measured(lambda: run(*command, str(path)))
    assert cost.outcome == "ok", cost
    assert cost.message.startswith("exit 2: "), cost
    assert "alias (*a0)" in cost.message, cost
    assert "Traceback" not in cost.message, cost
    cost.assert_cheap()


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_deep_json_resume_is_refused_with_exit_2(command: list[str], tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text(nested_json(5_000))
    cost = measured(lambda: run(*command, str(path)))
    assert cost.message.startswith("exit 2: "), cost
    assert f"nested deeper than {MAX_DEPTH} levels" in cost.message, cost
    cost.assert_cheap()
