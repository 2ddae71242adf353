"""The ``tailorcv`` command.

Each command is a thin shell around the core: read the input, call one function, write the output.
User errors print one clear message and exit with code 2; no traceback (see ``handle_errors``).
"""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from tailorcv import __version__
from tailorcv.errors import TailorcvError, UnsupportedFormat, UserError

P = ParamSpec("P")
R = TypeVar("R")

app = typer.Typer(
    name="tailorcv",
    help="One structured résumé, matched and tailored to each job, rendered by Typst.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

RESUME_FORMATS = ("json", "yaml")


def handle_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Print a tailorcv error as one message and exit 2 (user errors) or 1 (bugs)."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except TailorcvError as exc:
            err.print(f"[bold red]error:[/] {exc.message}", highlight=False, markup=True)
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


def output_format(out_path: Path | None, fmt: str | None) -> str:
    """``--format`` when given, else OUT's suffix, else PDF."""
    from tailorcv.render import FORMATS

    chosen = (fmt or (out_path.suffix.lstrip(".") if out_path and out_path.suffix else "pdf"))
    chosen = {"yml": "yaml", "text": "txt", "markdown": "md", "htm": "html"}.get(chosen, chosen)
    if chosen not in (*FORMATS, *RESUME_FORMATS):
        known = ", ".join((*FORMATS, *RESUME_FORMATS))
        raise UnsupportedFormat(f"unknown output format {chosen!r}; choose one of {known}")
    return chosen


@app.command()
@handle_errors
def render(
    resume: Annotated[Path, typer.Argument(help="Résumé file: JSON Resume, YAML, RenderCV, FRESH.")],
    template: Annotated[
        str | None, typer.Option("-t", "--template", help="Template name (see `tailorcv templates`).")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Output file; '-' for standard output. [default: RESUME.pdf]"),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help="pdf, png, svg, html, txt, md, docx, or json/yaml (JSON Resume)."
        ),
    ] = None,
) -> None:
    """Render RESUME to a PDF (or PNG, SVG, HTML, text, Markdown, DOCX, JSON Resume)."""
    from tailorcv.render import render as render_resume
    from tailorcv.resume import dumps, read_file

    chosen = output_format(output, fmt)
    loaded = read_file(resume)
    _print_warnings(loaded.warnings)
    started = time.perf_counter()
    if chosen in RESUME_FORMATS:
        data = dumps(loaded.resume, chosen).encode()
    else:
        data = render_resume(loaded.resume, template, chosen)
    elapsed = (time.perf_counter() - started) * 1000
    target = output or Path(f"{resume.stem}.{chosen}")
    if str(target) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    target.write_bytes(data)
    err.print(f"wrote {target} ({len(data):,} bytes in {elapsed:.0f} ms)", highlight=False)


@app.command()
@handle_errors
def validate(
    resume: Annotated[Path, typer.Argument(help="Résumé file to check.")],
    strict: Annotated[
        bool, typer.Option("--strict", help="Treat nulls and legacy field names as errors.")
    ] = False,
) -> None:
    """Check RESUME against the JSON Resume schema; list every problem by its path."""
    from tailorcv.resume import read_file

    loaded = read_file(resume, strict=strict)
    _print_warnings(loaded.warnings)
    out.print(f"{resume}: valid résumé ({loaded.format})", highlight=False)


@app.command()
@handle_errors
def templates() -> None:
    """List the templates shipped with tailorcv."""
    from tailorcv.render import list_templates

    table = Table("name", "title", "description", "preview", box=None, header_style="bold")
    for item in list_templates():
        table.add_row(item.name, item.title, item.description, str(item.preview))
    out.print(table)


def _print_warnings(warnings: list[object]) -> None:
    for warning in warnings:
        err.print(f"[yellow]warning:[/] {warning}", highlight=False)


def main() -> None:
    app()
