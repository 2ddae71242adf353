"""Fit the importer's confidences to how often such fields are right, and say how well they fit.

    python bench/calibrate_import.py [--write]

For every field the parser gives a confidence, on every PDF of the made set (tests/data/ingest/
made/), the field is judged right or wrong against the truth (``outcomes`` in
tests/ingest/evaluation.py). Per kind of field (work.position, education.institution, skills …)
the raw figures are mapped to the share right, smoothed toward the raw figure by a prior of
``PRIOR`` observations, made monotone (pool adjacent violators) and capped at ``CAP``. ``--write``
stores the map in src/tailorcv/ingest/calibration_table.py. The report gives the expected
calibration error (ECE, 10 bins, weighted by fields) before and after, on the made set it was
fitted to and on the real corpus PDFs it never saw (tests/data/ingest/truth/).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.ingest.evaluation import (
    calibration_error,
    made_truths,
    outcomes,
    raw_made,
    raw_real,
    truths,
)

from tailorcv.ingest.calibration import calibrated_value, kind_of

ROOT = Path(__file__).resolve().parent.parent

PRIOR = 4.0
CAP = 0.97
TABLE = ROOT / "src" / "tailorcv" / "ingest" / "calibration_table.py"
Outcome = tuple[str, float, float]


def gather(real: bool) -> list[Outcome]:
    if real:
        return [o for _, t in truths() for o in outcomes(raw_real(t["source"]), t)]
    return [o for _, _, t in made_truths() for o in outcomes(raw_made(t["source"]), t)]


def fit(found: list[Outcome]) -> dict[str, tuple[tuple[float, float], ...]]:
    by_kind: dict[str, dict[float, list[float]]] = defaultdict(lambda: defaultdict(list))
    for path, raw, right in found:
        by_kind[kind_of(path)][raw].append(right)
    table = {}
    for kind, values in sorted(by_kind.items()):
        blocks = [
            [raw, (sum(r) + PRIOR * raw) / (len(r) + PRIOR), len(r) + PRIOR]
            for raw, r in sorted(values.items())
        ]
        pooled: list[list[float]] = []
        for block in blocks:  # pool adjacent violators: a higher raw figure is never less sure
            pooled.append(block)
            while len(pooled) > 1 and pooled[-2][1] > pooled[-1][1]:
                last = pooled.pop()
                prev = pooled[-1]
                weight = prev[2] + last[2]
                prev[1] = (prev[1] * prev[2] + last[1] * last[2]) / weight
                prev[2] = weight
        steps = []
        for raw, _, _ in blocks:
            value = next(b[1] for b in reversed(pooled) if b[0] <= raw)
            steps.append((raw, round(min(CAP, value), 2)))
        table[kind] = tuple(steps)
    return table


def raw_figure(path: str, raw: float) -> float:
    return raw


def fitted(table: dict[str, tuple[tuple[float, float], ...]]) -> Callable[[str, float], float]:
    return lambda path, raw: calibrated_value(path, raw, table)


def reliability(found: list[Outcome], table: dict[str, tuple[tuple[float, float], ...]]) -> None:
    print("| reported | fields | right |")
    print("| --- | ---: | ---: |")
    bins: dict[int, list[float]] = defaultdict(list)
    for path, raw, right in found:
        bins[min(9, int(calibrated_value(path, raw, table) * 10))].append(right)
    for key in sorted(bins):
        rights = bins[key]
        print(f"| {key * 10}–{key * 10 + 10} % | {len(rights)} | {sum(rights) / len(rights):.0%} |")


def write(table: dict[str, tuple[tuple[float, float], ...]]) -> None:
    lines = [
        '"""The calibration map of the importer\'s confidences, written by',
        "``python bench/calibrate_import.py --write`` from the made set; do not edit by hand.",
        "",
        "Per kind of field: (raw figure, share of such fields found right), by raw figure.",
        '"""',
        "",
        "TABLE: dict[str, tuple[tuple[float, float], ...]] = {",
    ]
    for kind, steps in table.items():
        lines.append(f'    "{kind}": (')
        lines += [f"        ({raw}, {value})," for raw, value in steps]
        lines.append("    ),")
    lines.append("}")
    TABLE.write_text("\n".join(lines) + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "ruff", "format", "-q", str(TABLE)], check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="store the fitted map")
    args = parser.parse_args()
    made, real = gather(real=False), gather(real=True)
    table = fit(made)
    print(f"Fields judged: {len(made)} on the made set, {len(real)} on the real PDFs.\n")
    print("| set | ECE raw | ECE calibrated |")
    print("| --- | ---: | ---: |")
    for name, found in (("made set (fitted)", made), ("real PDFs (held out)", real)):
        before, after = (
            calibration_error(found, raw_figure),
            calibration_error(found, fitted(table)),
        )
        print(f"| {name} | {before:.3f} | {after:.3f} |")
    print("\nReal PDFs (held out), by calibrated confidence:\n")
    reliability(real, table)
    if args.write:
        write(table)
        print(f"\nwrote {TABLE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
