"""How the command line shows a match, a tailoring and a ranking to a person (Rich) or a file."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:  # the command line imports what a command needs when it runs (start-up time)
    from tailorcv.ingest.document import Imported
    from tailorcv.match.analyse import JobAnalysis
    from tailorcv.match.score import Match
    from tailorcv.tailor.guard import Violation
    from tailorcv.tailor.offline import Tailored


def print_imported(console: Console, imported: Imported) -> None:
    """What to check first, then the reader's confidence in each section."""
    from tailorcv.ingest.calibration import LOW

    for warning in imported.warnings:
        console.print(f"[yellow]warning:[/] {warning}", highlight=False)
    if imported.sections:
        table = Table("section", "confidence", "", box=None, header_style="bold")
        for section, sure in imported.sections.items():
            style = "red" if sure < LOW else "yellow" if sure < 0.8 else ""
            table.add_row(section, f"{sure:.0%}", "check it" if sure < LOW else "", style=style)
        console.print(table)


def print_analysis(console: Console, analysis: JobAnalysis) -> None:
    """What the job ad asks for, each skill with the words that asked for it."""
    console.print(f"[bold]{analysis.title or 'Untitled job'}[/]", highlight=False)
    facts = [
        ("company", analysis.company),
        ("seniority", analysis.seniority),
        ("years", f"{analysis.years:g}" if analysis.years else None),
        ("education", analysis.education),
    ]
    for name, value in facts:
        if value:
            console.print(f"  {name}: {value}", highlight=False)
    tiers = (
        ("Required", analysis.required),
        ("Preferred", analysis.preferred),
        ("Other keywords", analysis.keywords),
    )
    for label, asks in tiers:
        if asks:
            console.print(f"\n[bold]{label}[/]")
            for ask in asks:
                either = f" (or {', '.join(ask.alternatives)})" if ask.alternatives else ""
                console.print(f"  • {ask.name}{either} — “{_clip(ask.evidence)}”", highlight=False)


def print_match(console: Console, match: Match) -> None:
    """The score, the breakdown with its evidence, the skills, and what to do next."""
    console.print(f"[bold]Match score: {match.score:.0f}/100[/]")
    if match.confidence == "low":
        console.print(f"[yellow]A rough score: {'; '.join(match.notes)}.[/]", highlight=False)
    table = Table("part", "points", "weight", "evidence", box=None, header_style="bold")
    for part in match.parts:
        if part.weight == 0:
            why = "does not apply: " + "; ".join(part.evidence)
            table.add_row(part.label, "—", "—", why, style="dim")
        else:
            table.add_row(
                part.label, f"{part.points:.1f}", f"{part.weight:.1f}", "; ".join(part.evidence)
            )
    console.print(table)
    if match.matched:
        console.print("\n[bold green]Matched[/]")
        for skill in match.matched:
            console.print(
                f"  ✓ {skill.name} ({skill.tier}) — {', '.join(skill.where[:3])}", highlight=False
            )
    if match.missing:
        console.print("\n[bold red]Missing[/]")
        for skill in match.missing:
            console.print(
                f"  ✗ {skill.name} ({skill.tier}) — “{_clip(skill.asked)}”", highlight=False
            )
    if match.suggestions:
        console.print("\n[bold]Suggestions[/]")
        for tip in match.suggestions:
            console.print(f"  • {tip}", highlight=False)


def print_tailored(console: Console, result: Tailored, violations: Sequence[Violation]) -> None:
    """Scores before and after, every change with its reason, and the guard's verdict."""
    console.print(f"[bold]Score: {result.before.score:.0f} → {result.after.score:.0f}[/]")
    if result.pages is not None:
        console.print(f"Pages: {result.pages}")
    for change in result.changes:
        mark = {"dropped": "[red]−[/]", "summary": "[green]+[/]"}.get(change.kind, "↕")
        text = f" “{_clip(change.text)}”" if change.text else ""
        console.print(f"  {mark} {change.kind} {change.path}{text}: {change.why}", highlight=False)
    for note in result.notes:
        console.print(f"[yellow]note:[/] {note}", highlight=False)
    if violations:
        console.print(f"[bold red]Guard: {len(violations)} unsupported claim(s)[/]")
        for violation in violations:
            console.print(f"  ✗ {violation}", highlight=False)
    else:
        console.print("[green]Guard: every claim is supported by the source.[/]")


def write_ranking_csv(path: Path, scored: Sequence[tuple[Path, Match]]) -> None:
    from tailorcv.batch.ranking import write_csv

    columns = ["rank", "resume", "score", "required_matched", "required_total", "missing_required"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        write_csv(handle, columns, (_ranked(place, *pair) for place, pair in enumerate(scored, 1)))


def _ranked(place: int, resume: Path, match: Match) -> list[object]:
    required = match.tally("required")
    return [
        place,
        str(resume),
        match.score,
        len(required.met),
        required.total,
        "; ".join(required.missing),
    ]


def _clip(text: str, width: int = 90) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
