"""Commands on job ads: analyse, score, tailor, rank, guard."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from tailorcv import reports
from tailorcv.cli import app, err, handle_errors, load_resume, out, read_job
from tailorcv.errors import UserError

if TYPE_CHECKING:
    from tailorcv.ingest import Readback
    from tailorcv.resume import Resume


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

    prof = profile.build(load_resume(resume))
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
        lacking = ", ".join(match.tally("required").missing)
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
    engine: Annotated[
        str,
        typer.Option(
            "--engine", help="offline, or llm: the model in TAILORCV_LLM_* (docs/llm.md)."
        ),
    ] = "offline",
) -> None:
    """Tailor RESUME to JOB: reorder, select, trim and (with --engine llm) reword; never invent."""
    from tailorcv.cli.writing import EngineChoice, llm_engine, report_engine
    from tailorcv.match import analyse
    from tailorcv.render import count_pages
    from tailorcv.render import render as render_resume
    from tailorcv.resume import dumps
    from tailorcv.tailor import guard
    from tailorcv.tailor.llm.tailoring import tailor as tailor_resume

    choice = EngineChoice(engine) if engine in ("offline", "llm") else None
    if choice is None:
        raise UserError(f"--engine {engine!r}: choose offline or llm")
    source = load_resume(resume)
    chosen = template or source.template
    text = read_job(job)
    result, outcome = tailor_resume(
        llm_engine(choice),
        source,
        analyse(text),
        text,
        pages=pages,
        count_pages=lambda r: count_pages(r, chosen),
    )
    report_engine(outcome, choice)
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
    resumes: Annotated[
        list[Path], typer.Argument(help="Résumé files, folders of them, or zips of them.")
    ],
    csv_path: Annotated[
        Path | None, typer.Option("--csv", help="Also write the ranking as CSV.")
    ] = None,
) -> None:
    """Rank résumés against one job ad, best first. A folder or a zip is read whole (PDF, DOCX,
    JSON, YAML, text); a file in it that cannot be read is listed apart, with the reason."""
    from rich.progress import track

    from tailorcv.match import analyse
    from tailorcv.match import score as score_match

    analysis = analyse(read_job(job))
    scored = []
    failed: list[tuple[Path, str]] = []
    candidates = _candidates(resumes)
    for path, resume, error in track(
        candidates, description="scoring", console=err, transient=True
    ):
        if resume is None:
            failed.append((path, error or "unreadable"))
            continue
        scored.append((path, score_match(resume, analysis)))
    scored.sort(key=lambda item: -item[1].score)
    table = Table(
        "rank", "score", "résumé", "required", "missing required", box=None, header_style="bold"
    )
    for place, (path, match) in enumerate(scored, 1):
        required = match.tally("required")
        lacking = ", ".join(required.missing)
        table.add_row(
            str(place),
            f"{match.score:.0f}",
            str(path),
            f"{len(required.met)}/{required.total}",
            lacking or "—",
        )
    out.print(table)
    for path, reason in failed:
        err.print(f"[red]✗[/] {path}: {reason}", highlight=False)
    if csv_path:
        reports.write_ranking_csv(csv_path, scored)
        err.print(f"wrote {csv_path}", highlight=False)


def _candidates(paths: list[Path]) -> list[tuple[Path, Resume | None, str | None]]:
    """Each résumé to rank: a file as given, or each file of a folder or zip (issue 9), with
    the reason when one of those cannot be read."""
    from tailorcv.batch import expand_folder, expand_zip, is_archive

    found: list[tuple[Path, Resume | None, str | None]] = []
    for path in paths:
        if path.is_dir():
            entries = expand_folder(path)
        elif path.is_file() and is_archive(head := path.read_bytes()):
            entries = expand_zip(head)
        else:
            found.append((path, load_resume(path), None))
            continue
        found.extend(_read_entry(path / entry.name, entry.data, entry.error) for entry in entries)
    return found


def _read_entry(
    path: Path, data: bytes, error: str | None
) -> tuple[Path, Resume | None, str | None]:
    from tailorcv.errors import UserError
    from tailorcv.ingest import Limits, read

    if error is not None:
        return path, None, error
    try:
        return path, read(data, path.name, limits=Limits()).resume, None
    except UserError as exc:
        return path, None, exc.message


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

    violations = guard(load_resume(source), load_resume(tailored))
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


def _readback(pdf: Path, source: Resume) -> Readback:
    """Read ``pdf`` back as an applicant-tracking system would, against ``source``."""
    from tailorcv.ingest import Limits, compare, read_path

    return compare(source, read_path(pdf, limits=Limits(), force=True))
