"""The ``tailorcv`` command.

Each command is a thin shell around the core: read the input, call one function, write the output.
User errors print one clear message and exit with code 2; no traceback (see ``handle_errors``).
Commands live by subject: ``documents`` (render, validate, templates, import), ``jobs`` (analyse,
score, tailor, rank, guard), ``service`` (migrate) and ``admin`` (grant, revoke).
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from tailorcv import __version__
from tailorcv.errors import InputNotFound, TailorcvError, UnsupportedFormat, UserError

if TYPE_CHECKING:
    from tailorcv.resume import Resume

P = ParamSpec("P")
R = TypeVar("R")

# ``tailorcv --help`` lists what people use first, running and measuring the service last.
COMMAND_ORDER = (
    "render", "validate", "import", "score", "tailor", "analyse", "rank", "suggest", "letter",
    "guard", "templates", "serve", "worker", "migrate", "admin", "loadtest", "capacity",
)  # fmt: skip


class Commands(TyperGroup):
    """The command group, listing its commands in ``COMMAND_ORDER`` (not in the order in which
    their modules happen to be imported); any other command after them."""

    def list_commands(self, ctx: Any) -> list[str]:  # a context of typer's private click
        rank = {name: place for place, name in enumerate(COMMAND_ORDER)}
        return sorted(super().list_commands(ctx), key=lambda name: rank.get(name, len(rank)))


app = typer.Typer(
    name="tailorcv",
    cls=Commands,
    help="One structured résumé, matched and tailored to each job, rendered by Typst.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Help is Markdown, as the docstrings are written: a docstring's line breaks are not kept,
    # `code` reads as code, and "[default: …]" in a help text is not taken for Rich markup.
    rich_markup_mode="markdown",
)
out = Console()
err = Console(stderr=True, soft_wrap=True)  # messages stay on one line, greppable


def handle_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Print a tailorcv error as one message and exit 2 (user errors) or 1 (bugs)."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except TailorcvError as exc:
            # The message is text, not markup: "pip install 'tailorcv[load]'" keeps its brackets.
            err.print(f"[bold red]error:[/] {escape(exc.message)}", highlight=False, markup=True)
            raise typer.Exit(2 if isinstance(exc, UserError) else 1) from None

    return wrapper


def _version(value: bool) -> None:
    if value:
        out.print(f"tailorcv {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """tailorcv: one structured résumé, matched and tailored to each job, rendered by Typst."""
    from tailorcv.ops.logs import configure_structlog

    # Before any command logs: structlog's own default prints to standard output, where
    # `render -o -` writes its file. `serve` and `worker` then add handlers (configure_for).
    configure_structlog()


def load_resume(path: Path) -> Resume:
    from tailorcv.resume import read_file

    loaded = read_file(path)
    print_warnings(loaded.warnings)
    return loaded.resume


def read_job(job: str) -> str:
    """A job ad from a file, or from standard input when ``job`` is ``-``."""
    if job == "-":
        return sys.stdin.read()
    path = Path(job)
    if not path.is_file():
        raise InputNotFound(f"{job}: no such file")
    if path.suffix.lower() == ".pdf":
        raise UnsupportedFormat(f"{job}: give the job ad as text, Markdown, HTML or JSON")
    return path.read_text(encoding="utf-8-sig", errors="replace")


def print_warnings(warnings: Sequence[object]) -> None:
    for warning in warnings:
        err.print(f"[yellow]warning:[/] {escape(str(warning))}", highlight=False)


def main() -> None:
    app()


# Registering the commands: each module adds its own to ``app`` when imported.
import tailorcv.cli.ops_commands  # noqa: E402, F401  (loadtest, capacity)
from tailorcv.cli import (  # noqa: E402
    admin,
    documents,
    jobs,
    service,
    writing,
)

__all__ = [
    "admin",
    "app",
    "documents",
    "err",
    "handle_errors",
    "jobs",
    "load_resume",
    "main",
    "out",
    "service",
    "writing",
]
