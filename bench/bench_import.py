"""Benchmark reading a PDF into a résumé (``tailorcv.ingest.read``), in process.

    python bench/bench_import.py [--quick]

Prints a Markdown table: p50 and p95 per PDF of the corpus (../shared/corpus) and of tailorcv's
own 1- and 2-page renders, with page counts. Target (issue "Import"): p50 ≤ 150 ms for a
two-page résumé.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

import pypdfium2 as pdfium

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.conftest import CORPUS, EXAMPLES, corpus_resumes

from tailorcv.errors import NotAResume
from tailorcv.ingest import read
from tailorcv.render import count_pages, list_templates, render
from tailorcv.resume import read_file
from timing import cells, percentile, timings  # bench/timing.py, beside this script

TARGET_MS = 150.0


def attempt(data: bytes, name: str) -> None:
    """Read a file; one refused as not a résumé (a job ad, a cover letter) is timed to its
    refusal, which is what an upload of it costs."""
    with contextlib.suppress(NotAResume):
        read(data, name)


def pages(data: bytes) -> int:
    doc = pdfium.PdfDocument(data)
    try:
        return len(doc)
    finally:
        doc.close()


def own_renders() -> dict[int, tuple[str, bytes]]:
    """A 1-page and a 2-page PDF rendered by tailorcv from résumés of the examples and corpus."""
    found: dict[int, tuple[str, bytes]] = {}
    candidates = [EXAMPLES / "resume.json", *corpus_resumes()]
    for path in candidates:
        resume = read_file(path).resume
        for template in (t.name for t in list_templates()):
            count = count_pages(resume, template)
            if count in (1, 2) and count not in found:
                found[count] = (f"tailorcv {template}: {path.name}", render(resume, template))
        if len(found) == 2:
            return found
    if 2 not in found:
        resume = read_file(EXAMPLES / "resume.json").resume
        longer = resume.model_copy(update={"work": resume.work * 4})
        found[2] = ("tailorcv classic: examples/resume.json, work ×4", render(longer, "classic"))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer runs, for a smoke test")
    parser.add_argument("--runs", type=int, default=0, help="runs per PDF (default 20, quick 5)")
    args = parser.parse_args()
    runs = args.runs or (5 if args.quick else 20)

    files = [(str(p.relative_to(CORPUS)), p.read_bytes()) for p in sorted(CORPUS.rglob("*.pdf"))]
    files += [(name, data) for _, (name, data) in sorted(own_renders().items())]

    print(f"`tailorcv.ingest.read`, {runs} runs per PDF after one warm-up, in process.\n")
    print("| PDF | pages | p50 ms | p95 ms |")
    print("| --- | ---: | ---: | ---: |")
    by_pages: dict[int, list[float]] = {}
    for name, data in files:
        count = pages(data)
        try:
            samples = timings(lambda data=data, name=name: attempt(data, Path(name).name), runs)
        except Exception as exc:  # a failing file is reported, not fatal to the benchmark
            print(f"| {name} | {count} | error: {type(exc).__name__}: {exc} | |")
            continue
        resume = not (name.startswith("jobs/") or "NOT-A-RESUME" in name)
        if resume:
            by_pages.setdefault(count, []).extend(samples)
        label = name if resume else f"{name} (not a résumé)"
        print(f"| {label} | {count} | {cells(samples)} |")

    print("\nRésumés only, by page count:\n")
    print("| pages | runs | p50 ms | p95 ms |")
    print("| ---: | ---: | ---: | ---: |")
    for count, samples in sorted(by_pages.items()):
        print(f"| {count} | {len(samples)} | {cells(samples)} |")
    two = by_pages.get(2, [])
    if two:
        verdict = "met" if percentile(two, 50) <= TARGET_MS else "NOT met"
        print(
            f"\nTwo-page résumés: p50 {percentile(two, 50):.1f} ms "
            f"(target ≤ {TARGET_MS:.0f} ms: {verdict})."
        )


if __name__ == "__main__":
    main()
