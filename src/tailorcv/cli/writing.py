"""Commands that may ask a model: suggest (weak bullets) and letter (a cover letter).

``--engine llm`` asks the model configured by ``TAILORCV_LLM_*`` (docs/llm.md) and falls back to
the offline engine when there is none, when it fails, or when its answer claims what the résumé
does not say; the engine that answered is printed on standard error either way.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tailorcv.cli import app, err, handle_errors, load_resume, out, read_job

if TYPE_CHECKING:
    from tailorcv.tailor.llm.engine import LLMEngine, Outcome


class EngineChoice(StrEnum):
    offline = "offline"
    llm = "llm"


EngineOption = Annotated[
    EngineChoice,
    typer.Option("--engine", help="offline, or llm: the model in TAILORCV_LLM_* (docs/llm.md)."),
]


def llm_engine(choice: EngineChoice) -> LLMEngine | None:
    """The configured model's engine for ``--engine llm``; None for offline or when none is
    configured (the outcome then says so)."""
    if choice is EngineChoice.offline:
        return None
    from tailorcv.ops.settings import load_settings
    from tailorcv.service.runtime import runtime_for

    return runtime_for(load_settings()).llm_engine()


def report_engine(outcome: Outcome, choice: EngineChoice) -> None:
    engine = outcome.engine
    if choice is EngineChoice.llm and engine == "offline":
        engine = "offline (fallback: no LLM configured)"
    err.print(f"engine: {engine}", highlight=False)


@app.command()
@handle_errors
def suggest(
    resume: Annotated[Path, typer.Argument(help="Résumé file.")],
    job: Annotated[str, typer.Argument(help="Job ad file; '-' for stdin.")],
    engine: EngineOption = EngineChoice.offline,
    as_json: Annotated[bool, typer.Option("--json", help="Print the suggestions as JSON.")] = False,
) -> None:
    """Suggest better wording for the weak bullets of RESUME, for JOB."""
    from tailorcv.match import analyse
    from tailorcv.tailor.llm.suggest import suggest as make_suggestions

    text = read_job(job)
    found, outcome = make_suggestions(llm_engine(engine), load_resume(resume), analyse(text), text)
    report_engine(outcome, engine)
    if as_json:
        out.print_json(data=[s.to_dict() for s in found])
        return
    if not found:
        out.print("No weak bullets found.")
    for item in found:
        out.print(f"[bold]{item.path}[/] {item.bullet}", highlight=False)
        for why in item.why:
            out.print(f"  • {why}", highlight=False)
        if item.rewrite:
            out.print(f"  → {item.rewrite}", highlight=False)


@app.command()
@handle_errors
def letter(
    resume: Annotated[Path, typer.Argument(help="Résumé file.")],
    job: Annotated[str, typer.Argument(help="Job ad file; '-' for stdin.")],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="The letter: .pdf or .docx.")
    ] = Path("letter.pdf"),
    template: Annotated[
        str | None,
        typer.Option("-t", "--template", help="Template family (default: the résumé's)."),
    ] = None,
    engine: EngineOption = EngineChoice.offline,
) -> None:
    """Write a cover letter for RESUME and JOB, grounded in the résumé's facts."""
    from tailorcv.cli.photos import photo_beside
    from tailorcv.errors import UnsupportedFormat
    from tailorcv.match import analyse
    from tailorcv.render.letter import render_letter
    from tailorcv.tailor.letter import write_letter

    fmt = output.suffix.lower().lstrip(".")
    if fmt not in ("pdf", "docx"):
        raise UnsupportedFormat(f"{output}: write the letter as .pdf or .docx")
    source = load_resume(resume)
    text = read_job(job)
    written, outcome = write_letter(llm_engine(engine), source, analyse(text), text)
    report_engine(outcome, engine)
    photo = photo_beside(source, resume)
    output.write_bytes(render_letter(source, written.to_dict(), template, fmt, photo))
    err.print(f"wrote {output}", highlight=False)
