"""What each corpus file's import keeps that no output shows (issue 19).

    python bench/content_losses.py

Prints a Markdown table, one row per corpus résumé (JSON Resume, FRESH, Reactive Resume,
RenderCV, and the PDFs and DOCX read by the importer): the text values the import kept, how many
no output shows and where, the RenderCV Markdown spans shown as emphasis or links, and the
sub-bullets shown nested. The measure is ``tests/render/losses.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.conftest import corpus_files, corpus_resumes
from tests.render.losses import measure


def files() -> list[Path]:
    return [*corpus_resumes(), *corpus_files("pdf", "*.pdf"), *corpus_files("docx", "*.docx")]


def main() -> None:
    print("| file | values | lost | where | not shown by design | markup shown | nested shown |")
    print("| --- | ---: | ---: | --- | ---: | ---: | ---: |")
    totals = [0, 0, 0, 0, 0, 0, 0]
    for path in files():
        try:
            found = measure(path)
        except Exception as exc:  # a file the importer refuses (a cover letter) is listed as such
            print(f"| {path.name} | refused: {type(exc).__name__} | | | | | |")
            continue
        where = ", ".join(f"{k} {n}" for k, n in found.lost.most_common(4))
        markup = f"{found.markup_kept}/{found.markup}" if found.markup else ""
        nested = f"{found.nested_kept}/{found.nested}" if found.nested else ""
        counts = (found.values, found.lost_values, found.by_design)
        row = [path.name, *map(str, counts[:2]), where, str(counts[2]), markup, nested]
        print(f"| {' | '.join(row)} |")
        figures = (*counts, found.markup_kept, found.markup, found.nested_kept, found.nested)
        for index, figure in enumerate(figures):
            totals[index] += figure
    values, lost, by_design, kept, markup, nested_kept, nested = totals
    row = ["**all**", str(values), str(lost), "", str(by_design)]
    print(f"| {' | '.join(row)} | {kept}/{markup} | {nested_kept}/{nested} |")


if __name__ == "__main__":
    main()
