"""The ranking of a batch: candidates best first, those knocked out apart, failures with reasons.

Input is one ``Entry`` per item (what the store holds); output is rows ready for JSON or CSV. Blind
screening is applied here, once, so the API and the CSV cannot disagree about what is hidden.
Order: score descending, then upload order, so equal scores keep a stable place.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from tailorcv.batch.blind import label, scrub
from tailorcv.batch.criteria import Criteria
from tailorcv.batch.scoring import TOP, verdict

CSV_COLUMNS = (
    "rank",
    "candidate",
    "email",
    "status",
    "score",
    "required_matched",
    "required_total",
    "matched_required",
    "missing_required",
    "reasons",
)
_FORMULA = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run a cell starting so


@dataclass(frozen=True)
class Entry:
    id: str
    position: int
    name: str  # the file name or résumé title
    status: str  # queued | succeeded | failed
    score: float | None = None
    result: dict[str, Any] | None = None
    error: str | None = None


@dataclass
class Row:
    id: str
    position: int
    rank: int | None
    candidate: str
    status: str  # ranked | knocked_out | failed | pending
    score: float | None = None
    matched_required: list[str] = field(default_factory=list)
    missing_required: list[str] = field(default_factory=list)
    required_met: int = 0
    required_total: int = 0
    reasons: list[str] = field(default_factory=list)
    contact: dict[str, Any] | None = None  # None under blind screening

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "position": self.position,
            "rank": self.rank,
            "candidate": self.candidate,
            "status": self.status,
            "score": self.score,
            "matched_required": self.matched_required[:TOP],
            "missing_required": self.missing_required[:TOP],
            "required_met": self.required_met,
            "required_total": self.required_total,
            "reasons": self.reasons,
            "contact": self.contact,
        }


@dataclass
class Ranking:
    ranked: list[Row]
    knocked_out: list[Row]
    failed: list[Row]
    pending: list[Row]

    def rows(self) -> list[Row]:
        return [*self.ranked, *self.knocked_out, *self.failed, *self.pending]


def rank(entries: list[Entry], criteria: Criteria, *, blind: bool) -> Ranking:
    """Sort and split ``entries``; knock-out criteria are judged here, on stored facts."""
    rows = [_row(entry, criteria, blind) for entry in entries]
    ranked = sorted((r for r in rows if r.status == "ranked"), key=_order)
    knocked = sorted((r for r in rows if r.status == "knocked_out"), key=_order)
    for place, row in enumerate(ranked, 1):
        row.rank = place
    return Ranking(
        ranked,
        knocked,
        [r for r in rows if r.status == "failed"],
        [r for r in rows if r.status == "pending"],
    )


def _order(row: Row) -> tuple[float, int]:
    return (-(row.score or 0.0), row.position)


def _row(entry: Entry, criteria: Criteria, blind: bool) -> Row:
    result = entry.result or {}
    who = result.get("candidate") or {}
    name = label(entry.position) if blind else (who.get("name") or entry.name)
    row = Row(entry.id, entry.position, None, name, "pending")
    if entry.status == "failed":
        row.status = "failed"
        reason = entry.error or "failed"
        if blind:  # a reader's message may quote the file's name, which often is the person's
            reason = scrub(reason.replace(entry.name, "the file") if entry.name else reason)
        row.reasons = [reason]
        return row
    if entry.status != "succeeded":
        return row
    row.score = entry.score
    row.matched_required = list(result.get("matched_required") or [])
    row.missing_required = list(result.get("missing_required") or [])
    row.required_met = int(result.get("required_met", len(row.matched_required)))
    row.required_total = int(result.get("required_total") or 0)
    row.reasons = verdict(result, criteria)
    row.status = "knocked_out" if row.reasons else "ranked"
    row.contact = None if blind else {**who, "file": entry.name}
    return row


def to_csv(ranking: Ranking) -> str:
    """The ranking as CSV (UTF-8, one row per candidate, the ranked ones first)."""
    buffer = io.StringIO()
    write_csv(buffer, CSV_COLUMNS, (_cells(row) for row in ranking.rows()))
    return buffer.getvalue()


def _cells(row: Row) -> tuple[object, ...]:
    email = (row.contact or {}).get("email", "")
    return (
        row.rank or "",
        row.candidate,
        email,
        row.status,
        "" if row.score is None else row.score,
        row.required_met,
        row.required_total,
        "; ".join(row.matched_required),
        "; ".join(row.missing_required),
        "; ".join(row.reasons),
    )


def write_csv(handle: TextIO, columns: Sequence[str], rows: Iterable[Iterable[object]]) -> None:
    """The one ranking CSV writer (the API's export and ``tailorcv rank --csv``): cells that a
    spreadsheet would run as a formula are prefixed with ``'`` (issue 17: the CLI's did not)."""
    writer = csv.writer(handle)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(_safe(cell) for cell in row)


def _safe(cell: object) -> object:
    if isinstance(cell, str) and cell.startswith(_FORMULA):
        return "'" + cell
    return cell
