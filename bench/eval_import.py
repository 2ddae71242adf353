"""Report how much of a résumé the importer recovers from PDFs, against ground truth.

    python bench/eval_import.py [--misses N]

Prints Markdown: the round trip (every corpus résumé rendered with every tailorcv template and
read back) per kind of field, per template and overall; then the real PDFs made by other tools
(hand-written truth in tests/data/ingest/truth/) per file and overall, with their misses.
Targets (issue "Import"): round trip ≥ 95 %, real PDFs ≥ 85 %.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.conftest import corpus_resumes
from tests.ingest.evaluation import KINDS, Recovery, combined, real_pdf, rendered, truths

from tailorcv.render import list_templates


def share(hits: float, total: float) -> str:
    return f"{hits:.4g}/{total:.0f} ({hits / total:.1%})" if total else "–"


def kinds_table(columns: list[tuple[str, Recovery]]) -> None:
    print("| field | " + " | ".join(name for name, _ in columns) + " |")
    print("| --- |" + " ---: |" * len(columns))
    for kind in KINDS:
        cells = [share(*r.kinds.get(kind, [0, 0])) for _, r in columns]
        print(f"| {kind} | " + " | ".join(cells) + " |")
    print("| **all** | " + " | ".join(f"**{share(r.hits, r.total)}**" for _, r in columns) + " |")


def brief(recovery: Recovery, limit: int) -> str:
    shown = [f"{m.field} ≠ {m.expected!r} (got {m.got!r})" for m in recovery.misses[:limit]]
    more = len(recovery.misses) - len(shown)
    if more > 0:
        shown.append(f"… {more} more")
    return "; ".join(shown).replace("|", "\\|")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--misses", type=int, default=6, help="misses listed per file")
    args = parser.parse_args()

    templates = [t.name for t in list_templates()]
    resumes = corpus_resumes()
    per_template: dict[str, list[tuple[str, Recovery]]] = {t: [] for t in templates}
    for path in resumes:
        for template in templates:
            per_template[template].append((path.name, rendered(path, template)))
    columns = [(t, combined(r for _, r in rows)) for t, rows in per_template.items()]
    overall = combined(r for _, r in columns)
    print(f"## Round trip: {len(resumes)} corpus résumés × {len(templates)} templates\n")
    print(f"Recovered **{share(overall.hits, overall.total)}** of fields (target ≥ 95 %).\n")
    kinds_table([*columns, ("all templates", overall)])

    worst = sorted(
        ((name, t, r) for t, rows in per_template.items() for name, r in rows if r.misses),
        key=lambda x: x[2].share,
    )
    if worst:
        print("\n| résumé × template | recovered | misses |")
        print("| --- | ---: | --- |")
        for name, template, r in worst[:15]:
            print(f"| {name} × {template} | {r.share:.0%} | {brief(r, args.misses)} |")
        if len(worst) > 15:
            print(f"\n{len(worst) - 15} more renders have misses.")

    results = [(name, real_pdf(truth), truth["source"]) for name, truth in truths()]
    real = combined(r for _, r, _ in results)
    print(f"\n## Real PDFs made by other tools: {len(results)} with hand-written truth\n")
    print(f"Recovered **{share(real.hits, real.total)}** of fields (target ≥ 85 %).\n")
    kinds_table([("real PDFs", real)])
    print("\n| PDF | recovered | misses |")
    print("| --- | ---: | --- |")
    for _, r, source in sorted(results, key=lambda x: x[1].share):
        print(f"| {source} | {share(r.hits, r.total)} | {brief(r, args.misses)} |")


if __name__ == "__main__":
    main()
