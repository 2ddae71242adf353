"""The ``tailorcv`` command.

Each command is a thin shell around the core: read the input, call one function, write the output.
User errors print one clear message and exit with code 2; no traceback (see ``handle_errors``).
"""

from __future__ import annotations

import functools
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from tailorcv import __version__, reports
from tailorcv.errors import InputNotFound, TailorcvError, UnsupportedFormat, UserError

if TYPE_CHECKING:
    from tailorcv.ingest import Readback
    from tailorcv.resume import Resume

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
err = Console(stderr=True, soft_wrap=True)  # messages stay on one line, greppable

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


@app.command("import")
@handle_errors
def import_command(
    file: Annotated[Path, typer.Argument(help="PDF, DOCX, text, Markdown, JSON Resume or YAML.")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write the résumé here (JSON Resume).")
    ] = None,
) -> None:
    """Import a résumé file; print what to check, and how sure the reader is of each section."""
    from tailorcv.ingest import read_path
    from tailorcv.resume import dumps

    imported = read_path(file)
    reports.print_imported(err, imported)  # standard output stays clean JSON
    if output:
        output.write_text(dumps(imported.resume), encoding="utf-8")
        err.print(f"wrote {output}", highlight=False)
    else:
        sys.stdout.write(dumps(imported.resume))


@app.command("analyse")
@handle_errors
def analyse_command(
    job: Annotated[
        str, typer.Argument(help="Job ad file (text, Markdown, HTML, JSON); '-' for stdin.")
    ],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write it as a JSON Resume job document.")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the whole analysis as JSON.")
    ] = False,
) -> None:
    """Read a job ad: title, level, years, degree, and the skills it requires and prefers."""
    from tailorcv.match import analyse

    analysis = analyse(read_job(job))
    if output:
        output.write_text(json.dumps(analysis.to_job_document(), ensure_ascii=False, indent=2))
        err.print(f"wrote {output}", highlight=False)
    if as_json:
        out.print_json(data=analysis.to_dict())
    elif not output:
        reports.print_analysis(out, analysis)


@app.command()
@handle_errors
def score(
    resume: Annotated[Path, typer.Argument(help="Résumé file.")],
    jobs: Annotated[
        list[str], typer.Argument(help="Job ad files (text, Markdown, HTML, JSON); '-' for stdin.")
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON (see docs/match.md).")
    ] = False,
    pdf: Annotated[
        Path | None,
        typer.Option("--pdf", help="The résumé's PDF: also check that its text reads in order."),
    ] = None,
) -> None:
    """Score RESUME against one job ad, or rank several job ads best first."""
    from tailorcv.match import analyse, profile
    from tailorcv.match import score as score_match

    prof = profile.build(_load(resume))
    check = _readback(pdf, prof.resume) if pdf else None
    results = [(job, score_match(prof, analyse(read_job(job)), readback=check)) for job in jobs]
    results.sort(key=lambda item: -item[1].score)
    if as_json:
        documents = [{"job": job, **match.to_dict()} for job, match in results]
        out.print_json(data=documents[0] if len(jobs) == 1 else documents)
        return
    if len(results) == 1:
        reports.print_match(out, results[0][1])
        return
    table = Table("rank", "score", "job", "missing required", box=None, header_style="bold")
    for rank, (job, match) in enumerate(results, 1):
        lacking = ", ".join(s.name for s in match.missing if s.tier == "required")
        table.add_row(str(rank), f"{match.score:.0f}", job, lacking or "—")
    out.print(table)


@app.command()
@handle_errors
def tailor(
    resume: Annotated[Path, typer.Argument(help="Résumé file.")],
    job: Annotated[str, typer.Argument(help="Job ad file; '-' for stdin.")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write the tailored résumé (JSON).")
    ] = None,
    pdf: Annotated[Path | None, typer.Option("--pdf", help="Also render it to this PDF.")] = None,
    pages: Annotated[int, typer.Option("--pages", min=1, max=2, help="Page budget: 1 or 2.")] = 1,
    template: Annotated[
        str | None, typer.Option("-t", "--template", help="Template for --pdf and the page budget.")
    ] = None,
) -> None:
    """Tailor RESUME to JOB offline: reorder, select and trim, never invent."""
    from tailorcv.match import analyse
    from tailorcv.render import count_pages
    from tailorcv.render import render as render_resume
    from tailorcv.resume import dumps
    from tailorcv.tailor import guard, offline

    source = _load(resume)
    chosen = template or source.template
    result = offline(
        source, analyse(read_job(job)), pages=pages, count_pages=lambda r: count_pages(r, chosen)
    )
    violations = guard(source, result.resume)
    reports.print_tailored(out, result, violations)
    if output:
        output.write_text(dumps(result.resume), encoding="utf-8")
        err.print(f"wrote {output}", highlight=False)
    if pdf:
        pdf.write_bytes(render_resume(result.resume, chosen, "pdf"))
        err.print(f"wrote {pdf}", highlight=False)


@app.command()
@handle_errors
def rank(
    job: Annotated[str, typer.Argument(help="Job ad file; '-' for stdin.")],
    resumes: Annotated[list[Path], typer.Argument(help="Résumé files.")],
    csv_path: Annotated[
        Path | None, typer.Option("--csv", help="Also write the ranking as CSV.")
    ] = None,
) -> None:
    """Rank résumés against one job ad, best first."""
    from rich.progress import track

    from tailorcv.match import analyse
    from tailorcv.match import score as score_match

    analysis = analyse(read_job(job))
    scored = []
    for path in track(resumes, description="scoring", console=err, transient=True):
        scored.append((path, score_match(_load(path), analysis)))
    scored.sort(key=lambda item: -item[1].score)
    table = Table(
        "rank", "score", "résumé", "required", "missing required", box=None, header_style="bold"
    )
    for place, (path, match) in enumerate(scored, 1):
        required = [s for s in match.skills if s.tier == "required"]
        have = sum(s.matched for s in required)
        lacking = ", ".join(s.name for s in required if not s.matched)
        table.add_row(
            str(place), f"{match.score:.0f}", str(path), f"{have}/{len(required)}", lacking or "—"
        )
    out.print(table)
    if csv_path:
        reports.write_ranking_csv(csv_path, scored)
        err.print(f"wrote {csv_path}", highlight=False)


@app.command("guard")
@handle_errors
def guard_command(
    source: Annotated[Path, typer.Argument(help="The source résumé.")],
    tailored: Annotated[Path, typer.Argument(help="The tailored résumé to check.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the violations as JSON.")] = False,
) -> None:
    """Check that TAILORED claims nothing SOURCE does not support: exit 0 if so, 1 if not."""
    from dataclasses import asdict

    from tailorcv.tailor import guard

    violations = guard(_load(source), _load(tailored))
    if as_json:
        out.print_json(data=[asdict(v) for v in violations])
    elif violations:
        for violation in violations:
            out.print(
                f"[red]✗[/] {violation.path}: {violation.value!r} — {violation.why}",
                highlight=False,
            )
    else:
        out.print(f"✓ {tailored} is faithful to {source}", highlight=False)
    if violations:
        raise typer.Exit(1)


@app.command()
@handle_errors
def migrate() -> None:
    """Bring the database (TAILORCV_DATABASE_URL) to the newest schema; print its revision."""
    from tailorcv.ops.settings import load_settings
    from tailorcv.store import migrate as migrate_database

    settings = load_settings()
    revision = migrate_database(settings)
    out.print(f"database at revision {revision}", highlight=False)


def _readback(pdf: Path, source: Resume) -> Readback:
    """Read ``pdf`` back as an applicant-tracking system would, against ``source``."""
    from tailorcv.ingest import Limits, compare, read_path

    return compare(source, read_path(pdf, limits=Limits()))


def _load(path: Path) -> Resume:
    from tailorcv.resume import read_file

    loaded = read_file(path)
    _print_warnings(loaded.warnings)
    return loaded.resume


def _print_warnings(warnings: Sequence[object]) -> None:
    for warning in warnings:
        err.print(f"[yellow]warning:[/] {warning}", highlight=False)


def main() -> None:
    app()
