"""The command line as a new user meets it: ``tailorcv --help`` and every command's ``--help``
read properly, through the real command (issue 17).

typer 0.27 and later print ``{resume}`` and ``<str>`` where RESUME and TEXT stood, typer 0.29
``<bool>`` beside every flag, and typer 0.25 with click 8.5 drops the arguments' help: these
tests fail on any of them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from tailorcv.cli import COMMAND_ORDER, app

GARBLE = re.compile(r"<bool>|<list\[|<(str|int|float|path)>|\{\w+\}")
METAVAR = re.compile(r"(TEXT|PATH|INTEGER|FLOAT)( RANGE \[[^]]+\])?$|\[[a-z|]+\]$")
WIDE = {"COLUMNS": "400", "NO_COLOR": "1"}  # no line is wrapped: a break is the help's own


def help_of(*args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--help"], env=WIDE)
    assert result.exit_code == 0, result.output
    return result.output


def commands() -> list[str]:
    group = typer.main.get_command(app)
    return list(group.list_commands(typer.Context(group)))  # type: ignore[attr-defined]


def leaves() -> list[tuple[str, ...]]:
    """Every command that runs something: a group's commands in its place (``admin grant``)."""
    group = typer.main.get_command(app)
    found: list[tuple[str, ...]] = []
    for name in COMMAND_ORDER:
        command = group.commands[name]  # type: ignore[attr-defined]
        inner = getattr(command, "commands", None)
        found += [(name, sub) for sub in inner] if inner else [(name,)]
    return found


def command_of(path: tuple[str, ...]) -> Any:  # click's command, typed loosely as before
    command: Any = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]
    return command


def test_tailorcv_help_lists_what_people_use_first_through_the_installed_command() -> None:
    env = {**os.environ, **WIDE}
    done = subprocess.run(
        [sys.executable, "-m", "tailorcv", "--help"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    listed = re.findall(r"^│ (\w+) {2,}", done.stdout.split("Commands")[1], re.M)
    assert listed == list(COMMAND_ORDER) == commands()
    assert listed[:5] == ["render", "validate", "import", "score", "tailor"]
    assert listed[-2:] == ["loadtest", "capacity"]
    assert not GARBLE.search(done.stdout)


def test_each_command_is_summed_up_on_one_line_of_the_listing() -> None:
    """At 400 columns nothing wraps: a summary on two lines kept its docstring's line break."""
    listing = help_of().split("Commands")[1]
    rows = [line for line in listing.splitlines() if line.startswith("│ ")]
    assert [row.split()[1] for row in rows] == list(COMMAND_ORDER)


@pytest.mark.parametrize("path", leaves(), ids=" ".join)
def test_a_commands_help_reads_properly(path: tuple[str, ...]) -> None:
    text = help_of(*path)
    assert not GARBLE.search(text), GARBLE.search(text)
    params = command_of(path).params
    arguments = [p.name.upper() for p in params if p.param_type_name == "argument"]
    usage = re.search(r"Usage: \S+ " + " ".join(path) + r" \[OPTIONS\](.*)", text)
    assert usage is not None, text
    assert usage.group(1).replace("...", "").split() == arguments  # RESUME, not {resume}
    for param in params:
        if param.param_type_name != "option" or param.name == "help":
            continue
        rows = [line.strip("│ ") for line in text.splitlines() if line.startswith("│ ")]
        cells = next(re.split(r" {2,}", row) for row in rows if param.opts[0] in row.split())
        beside = next(cell for cell in cells if not cell.startswith("-"))
        if param.is_flag:
            assert not METAVAR.match(beside), cells  # a flag takes no value: nothing beside it
        else:
            assert METAVAR.match(beside), cells


def test_a_group_lists_its_commands_each_on_one_line() -> None:
    """``tailorcv admin`` is a group (grant, revoke): its help sums each up on one line."""
    groups = [path[0] for path in leaves() if len(path) > 1]
    assert "admin" in groups
    for name in dict.fromkeys(groups):
        listing = help_of(name).split("Commands")[1]
        rows = [line.split()[1] for line in listing.splitlines() if line.startswith("│ ")]
        assert rows == [path[1] for path in leaves() if path[0] == name]


def test_help_text_in_brackets_is_shown_not_taken_for_markup() -> None:
    assert "[default: RESUME.pdf]" in help_of("render")
    assert "pip install 'tailorcv[load]'" in help_of("loadtest")
