"""Benchmark reading uploads into lines: each corpus PDF and DOCX, with and without the sandbox.

    python bench/bench_extract.py [--runs N] [--corpus PATH]

Prints a Markdown table of p50 and p95 per file for ``extract`` (size check, type detection and
the reader in a forked child under time and memory limits) and for the reader alone in this
process, so the sandbox's cost shows as the difference. Target (DESIGN.md): importing a two-page
PDF résumé takes p50 ≤ 150 ms in total; the reader is a small part of that budget.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from tailorcv.ingest.detect import detect
from tailorcv.ingest.document import Limits
from tailorcv.ingest.extract import extract, read
from tailorcv.ingest.sandbox import run_limited
from timing import cells, timings  # bench/timing.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("TAILORCV_CORPUS", ROOT.parent / "shared" / "corpus"))


def row(path: Path, runs: int) -> str:
    """One table row: pages, lines, and p50/p95 with and without the sandbox."""
    data, limits = path.read_bytes(), Limits()
    kind = detect(data)
    document = read(kind, data, limits)
    sandboxed = timings(lambda: extract(data, limits), runs)
    direct = timings(lambda: read(kind, data, limits), runs)
    return (
        f"| {path.parent.name}/{path.name} | {document.pages} | {document.columns} | "
        f"{len(document.lines)} | {cells(sandboxed)} | {cells(direct)} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    arguments = parser.parse_args()
    files = sorted(arguments.corpus.glob("pdf/*.pdf")) + sorted(
        arguments.corpus.glob("docx/*.docx")
    )
    noop = timings(lambda: run_limited(len, b"", seconds=5), arguments.runs)
    print(f"sandbox alone (fork, a no-op), p50 | p95 ms: {cells(noop)}")
    print()
    print("| file | pages | columns | lines | extract p50 ms | p95 | reader p50 ms | p95 |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for path in files:
        print(row(path, arguments.runs))


if __name__ == "__main__":
    main()
