"""Time the section parser alone (no file reading): ``parse`` on a few documents' lines.

Run: ``python bench/bench_parse.py [--runs 300]``. The documents are the text pypdfium2 reads
from examples/resume.json rendered by each template, and the corpus's plain-text résumés when
../shared/corpus is there. Prints p50/p95 in milliseconds as a Markdown table.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.ingest.sample_docs import doc_from_pdf, doc_from_text  # noqa: E402

from tailorcv.ingest.document import Document  # noqa: E402 (after the path is set)
from tailorcv.ingest.sections import parse  # noqa: E402
from tailorcv.render import render  # noqa: E402
from tailorcv.resume import read_file  # noqa: E402
from timing import percentile, timings  # noqa: E402 — bench/timing.py, beside this script

CORPUS = ROOT.parent / "shared" / "corpus" / "text_resumes"


def documents(scratch: Path) -> dict[str, Document]:
    """The documents to time, named with their line counts."""
    resume = read_file(ROOT / "examples" / "resume.json").resume
    found: dict[str, Document] = {}
    for template in ("classic", "modern", "compact"):
        pdf = scratch / f"{template}.pdf"
        pdf.write_bytes(render(resume, template, "pdf"))
        found[f"example, {template} PDF"] = doc_from_pdf(pdf)
    for path in sorted(CORPUS.glob("*.txt")):
        found[path.stem] = doc_from_text(path.read_text("utf-8"))
    return {f"{name} ({len(doc.lines)} lines)": doc for name, doc in found.items()}


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--runs", type=int, default=300)
    runs = options.parse_args().runs
    with tempfile.TemporaryDirectory() as scratch:
        found = documents(Path(scratch))
    print("| document | p50 ms | p95 ms |\n| --- | ---: | ---: |")
    for name, doc in found.items():
        samples = timings(lambda doc=doc: parse(doc), runs)
        p50, p95 = percentile(samples, 50), percentile(samples, 95)
        print(f"| {name} | {p50:.2f} | {p95:.2f} |")


if __name__ == "__main__":
    main()
