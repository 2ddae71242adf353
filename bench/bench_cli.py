"""Command-line start-up: ``python bench/bench_cli.py [--rounds N] [--before SRC]`` prints a
Markdown table.

Each command runs as a person runs it, a new Python process each time: ``tailorcv --help``,
``tailorcv templates``, ``tailorcv render`` of ``examples/resume.json`` to a PDF, and
``tailorcv import`` of corpus PDFs (``../shared/corpus/pdf``; the row is left out without it).
With ``--before SRC`` (another checkout's ``src``, e.g. ``git worktree add /tmp/wt-before REV``)
the same commands run from that code too, alternating with this code round by round on the same
machine at the same time; the table shows the p50 and p95 of each.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import percentile  # bench/timing.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "resume.json"
CORPUS_PDFS = ("altacv-sample.pdf", "latexcv-classic.pdf", "altacv-mmayer.pdf")


def commands(out: Path) -> dict[str, list[list[str]]]:
    """Each row's command lines (one or more, run in turn in every round)."""
    rows = {
        "--help": [["--help"]],
        "templates": [["templates"]],
        "render (PDF)": [["render", str(EXAMPLE), "-o", str(out / "out.pdf")]],
    }
    corpus = ROOT.parent / "shared" / "corpus" / "pdf"
    pdfs = [corpus / name for name in CORPUS_PDFS if (corpus / name).is_file()]
    if pdfs:
        rows["import (PDF)"] = [["import", str(p), "-o", str(out / "out.json")] for p in pdfs]
    return rows


def run(args: list[str], src: Path | None) -> float:
    """Milliseconds for one ``tailorcv`` process to run ``args`` from ``src`` (this code when
    None)."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "tailorcv", *args], env=env, check=True, capture_output=True
    )
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--before", type=Path, help="another checkout's src to compare with")
    given = parser.parse_args()
    sources: dict[str, Path | None] = {"after": None}
    if given.before:
        sources = {"before": given.before, "after": None}
    with tempfile.TemporaryDirectory() as folder:
        rows = commands(Path(folder))
        samples = {(row, name): [] for row in rows for name in sources}
        for _ in range(given.rounds):
            for name, src in sources.items():
                for row, lines in rows.items():
                    samples[row, name] += [run(line, src) for line in lines]
    header = " | ".join(f"{name} p50 ms | {name} p95 ms" for name in sources)
    print(f"| command | {header} | runs |")
    print("| --- |" + " ---: |" * (2 * len(sources) + 1))
    for row in rows:
        cells = " | ".join(
            f"{percentile(samples[row, n], 50):.0f} | {percentile(samples[row, n], 95):.0f}"
            for n in sources
        )
        print(f"| `tailorcv {row}` | {cells} | {len(samples[row, 'after'])} |")


if __name__ == "__main__":
    main()
