"""Commands on résumé files: render, validate, templates, import."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from tailorcv import reports
from tailorcv.cli import app, err, handle_errors, out, print_warnings
from tailorcv.errors import NotAResume, UnsupportedFormat

if TYPE_CHECKING:
    from tailorcv.resume import Resume

RESUME_FORMATS = ("json", "yaml")


def output_format(out_path: Path | None, fmt: str | None) -> str:
    """``--format`` when given, else OUT's suffix, else PDF."""
    from tailorcv.render import FORMATS

    chosen = fmt or (out_path.suffix.lstrip(".") if out_path and out_path.suffix else "pdf")
    chosen = {"yml": "yaml", "text": "txt", "markdown": "md", "htm": "html"}.get(chosen, chosen)
    if chosen not in (*FORMATS, *RESUME_FORMATS):
        known = ", ".join((*FORMATS, *RESUME_FORMATS))
        raise UnsupportedFormat(f"unknown output format {chosen!r}; choose one of {known}")
    return chosen


@app.command()
@handle_errors
def render(
    resume: Annotated[
        Path, typer.Argument(help="Résumé file: JSON Resume, YAML, RenderCV, FRESH.")
    ],
    template: Annotated[
        str | None,
        typer.Option("-t", "--template", help="Template name (see `tailorcv templates`)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="Output file; '-' for standard output. [default: RESUME.pdf]"
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help="pdf, png, svg, html, txt, md, docx, or json/yaml (JSON Resume)."
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check", help="Read the PDF back as an ATS would; exit 1 if it loses fields."
        ),
    ] = False,
) -> None:
    """Render RESUME to a PDF (or PNG, SVG, HTML, text, Markdown, DOCX, JSON Resume).

    A photo named in basics.image is read from a file beside RESUME, never downloaded."""
    from tailorcv.cli.photos import photo_beside
    from tailorcv.render import render as render_resume
    from tailorcv.resume import dumps, read_file

    chosen = output_format(output, fmt)
    loaded = read_file(resume)
    print_warnings(loaded.warnings)
    started = time.perf_counter()
    if chosen in RESUME_FORMATS:
        data = dumps(loaded.resume, chosen).encode()
    else:
        photo = photo_beside(loaded.resume, resume)
        data = render_resume(loaded.resume, template, chosen, photo)
    elapsed = (time.perf_counter() - started) * 1000
    target = output or Path(f"{resume.stem}.{chosen}")
    if str(target) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    target.write_bytes(data)
    err.print(f"wrote {target} ({len(data):,} bytes in {elapsed:.0f} ms)", highlight=False)
    if check:
        _check_pdf(data, loaded.resume, chosen)


def _check_pdf(data: bytes, source: Resume, fmt: str) -> None:
    """Read the PDF back as an applicant-tracking system would; exit 1 when it loses anything."""
    from tailorcv.ingest import readback

    if fmt != "pdf":
        raise UnsupportedFormat("--check reads back a PDF; render to .pdf to use it")
    result = readback(data, source)
    if result.ok:
        out.print(f"✓ read back all {result.checked} fields, in order", highlight=False)
        return
    for finding in result.findings:
        out.print(f"[red]✗[/] {finding}", highlight=False)
    out.print(f"read back {result.recovered:.0%} of {result.checked} fields", highlight=False)
    raise typer.Exit(1)


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
    print_warnings(loaded.warnings)
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


@app.command("import")
@handle_errors
def import_command(
    file: Annotated[Path, typer.Argument(help="PDF, DOCX, text, Markdown, JSON Resume or YAML.")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write the résumé here (JSON Resume).")
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Import a file that does not look like a résumé; the warning stays."
        ),
    ] = False,
) -> None:
    """Import a résumé file; print what to check, and how sure the reader is of each section.

    A cover letter, a job ad or a file without a résumé's structure is refused (exit 2) unless
    --force is given."""
    from tailorcv.ingest import read_path
    from tailorcv.resume import dumps

    try:
        imported = read_path(file, force=force)
    except NotAResume as exc:
        raise NotAResume(
            f"{exc.message}. Use --force to import it anyway", exc.kind, exc.reasons
        ) from None
    reports.print_imported(err, imported)  # standard output stays clean JSON
    if output:
        output.write_text(dumps(imported.resume), encoding="utf-8")
        err.print(f"wrote {output}", highlight=False)
    else:
        sys.stdout.write(dumps(imported.resume))
