"""Confidence that means something: a field reported at 90 % is right about 90 % of the time.

The parser's rules give each field a raw figure; ``calibration_table.TABLE`` maps it, per kind
of field, to the share of such fields found right on the ground-truth set of PDFs made by many
generators (tests/data/ingest/made/; refit with ``python bench/calibrate_import.py --write``).
A kind the table does not know keeps its raw figure. A section's figure is the mean of its
fields'; below ``LOW`` the import review flags it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace

from tailorcv.ingest.calibration_table import TABLE
from tailorcv.ingest.document import Imported

LOW = 0.6  # a section below this is flagged for checking
Table = dict[str, tuple[tuple[float, float], ...]]


def kind_of(path: str) -> str:
    """ "work[3].startDate" → "work.startDate"; "skills[2]" → "skills"."""
    return re.sub(r"\[\d+\]", "", path)


def calibrated_value(path: str, raw: float, table: Table | None = None) -> float:
    """The share right of fields of ``path``'s kind reported at ``raw``: the step at or below
    ``raw`` (the lowest step below them all)."""
    steps = (TABLE if table is None else table).get(kind_of(path))
    if not steps:
        return raw
    index = bisect_right([step for step, _ in steps], raw) - 1
    return steps[max(0, index)][1]


def calibrate(confidence: dict[str, float]) -> dict[str, float]:
    """Every field's figure calibrated."""
    return {path: calibrated_value(path, raw) for path, raw in confidence.items()}


def section_figures(confidence: dict[str, float], sections: dict[str, float]) -> dict[str, float]:
    """Each section's figure: the mean of its fields' calibrated figures; a section with none
    keeps the figure the parser gave it."""
    out = {}
    for key, figure in sections.items():
        values = [v for path, v in confidence.items() if path.startswith(f"{key}[")]
        out[key] = round(sum(values) / len(values), 2) if values else figure
    return out


_SECTION_WORDS = {
    "work": "work experience",
    "volunteer": "volunteering",
    "projects": "projects",
    "certificates": "certificates",
    "awards": "awards",
    "publications": "publications",
}


def calibrated(imported: Imported) -> Imported:
    """``imported`` with calibrated figures, and a warning for each section read with little
    certainty ("we are only 45 % sure the work experience was read right; check it"); one that
    yielded nothing is left to the parser's warning that it found none."""
    confidence = calibrate(imported.confidence)
    sections = section_figures(confidence, imported.sections)
    warnings = list(imported.warnings)
    for key, figure in sections.items():
        read = any(path.startswith(f"{key}[") for path in confidence)
        if figure < LOW and read:  # a section that yielded nothing has its own warning
            name = _SECTION_WORDS.get(key, key)
            percent = int(figure * 100)  # down, so that a flagged 59.5 % never reads as 60 %
            warnings.append(f"we are only {percent} % sure the {name} was read right; check it")
    return replace(imported, confidence=confidence, sections=sections, warnings=warnings)
