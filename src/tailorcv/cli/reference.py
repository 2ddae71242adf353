"""The command-line reference, written from the commands themselves so it cannot drift.

    python -m tailorcv.cli.reference > docs/cli.md

``tests/test_cli_reference.py`` fails when ``docs/cli.md`` differs from what this writes.
"""

from __future__ import annotations

from typing import Any

import typer

from tailorcv.cli import app


def reference() -> str:
    """Markdown: every command with its summary, usage, arguments and options."""
    group: Any = typer.main.get_command(app)
    lines = ["# Command-line reference", "", "Written by `python -m tailorcv.cli.reference`.", ""]
    lines += _commands(group, typer.Context(group, info_name="tailorcv"), ())
    return "\n".join(lines).rstrip() + "\n"


def _commands(group: Any, context: typer.Context, path: tuple[str, ...]) -> list[str]:
    """Each command of ``group``; a group's own commands after its summary (``admin grant``)."""
    lines: list[str] = []
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        if command is None:
            continue
        lines += _command((*path, name), command, context)
        if hasattr(command, "list_commands"):
            inner = typer.Context(command, info_name=name, parent=context)
            lines += _commands(command, inner, (*path, name))
    return lines


def _command(path: tuple[str, ...], command: Any, parent: typer.Context) -> list[str]:
    context = typer.Context(command, info_name=path[-1], parent=parent)
    lines = [f"## `tailorcv {' '.join(path)}`", "", (command.help or "").strip(), ""]
    lines += ["```text", command.get_usage(context).replace("Usage: ", ""), "```", ""]
    for param in command.params:
        if param.name == "help":
            continue
        label = ", ".join(f"`{opt}`" for opt in param.opts)
        is_option = param.param_type_name == "option"
        if not is_option:
            label = f"`{(param.metavar or param.name or '').upper()}`"
        text = getattr(param, "help", None) or ""
        default = param.default if is_option and param.default else None
        suffix = f" (default: `{default}`)" if default not in (None, False, ()) else ""
        lines.append(f"- {label}: {text}{suffix}".rstrip(": "))
    return [*lines, ""]


if __name__ == "__main__":
    print(reference(), end="")
