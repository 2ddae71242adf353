"""Report how the match score agrees with the labelled sets in tests/data/match/.

    python bench/eval_match.py

Prints Markdown. First the same-field sets (tests/data/match/fields/): one résumé against many
ads of its own field, and one ad against many résumés of its field, each ranked by the score and
by a plain shared-words baseline in the same run. Then the older cross-field set: the share of
differently labelled pairs the score orders right, and where each corpus ad's judged best-fitting
corpus résumé ranks.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.match import field_evaluation as fe
from tests.match.evaluation import best_fits, orderings


def same_field() -> None:
    print("### Same field\n")
    print(
        "| set | best / fine / worst | ranked by | pairwise best > worst | worst in top 10 "
        "| best in top 20 | NDCG@10 |"
    )
    print("| --- | --- | --- | ---: | ---: | ---: | ---: |")
    for labelled in fe.sets():
        labels = [item.label for item in labelled.items]
        counts = " / ".join(str(labels.count(label)) for label in ("best", "fine", "worst"))
        for name, scorer in fe.SCORERS.items():
            q = fe.quality(fe.ranked(labelled, scorer))
            print(
                f"| {labelled.name} | {counts} | {name} | {q.pairwise:.1%} | {q.worst_in_top_10} "
                f"| {q.best_in_top_20} of {min(20, q.best_total)} | {q.ndcg_10:.3f} |"
            )
    print()
    print("A second reader labelled a random 12 of each set again without seeing the labels:\n")
    print("| set | same label | best ↔ worst |")
    print("| --- | ---: | ---: |")
    for labelled in fe.sets():
        agreed = fe.agreement(labelled)
        if agreed:
            print(f"| {labelled.name} | {agreed.same} of {agreed.items} | {agreed.opposite} |")
    print()


def cross_field() -> None:
    print("### Across fields\n")
    results = orderings()
    right, total = sum(r.right for r in results), sum(r.total for r in results)
    print(
        f"Pairs ordered strong > partial > poor: **{right} of {total} ({right / total:.1%})** "
        f"over {len(results)} jobs.\n"
    )
    fits = best_fits()
    print("| job | confidence | pick's rank | pick or runner-up in top 3 |")
    print("| --- | --- | ---: | --- |")
    for fit in fits:
        name = fit.job.split("/")[-1]
        print(
            f"| {name} | {fit.confidence} | {fit.rank} | {'yes' if fit.judged_in_top_3 else 'no'} |"
        )
    strict = sum(f.rank <= 3 for f in fits)
    sure = [f for f in fits if f.confidence in ("high", "medium")]
    print(
        f"\nPick in the top 3: {strict} of {len(fits)}; high/medium confidence: "
        f"{sum(f.rank <= 3 for f in sure)} of {len(sure)}; pick or runner-up: "
        f"{sum(f.judged_in_top_3 for f in fits)} of {len(fits)}."
    )


def main() -> None:
    same_field()
    cross_field()


if __name__ == "__main__":
    main()
