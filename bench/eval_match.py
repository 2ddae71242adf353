"""Report how the match score agrees with the labelled set in tests/data/match/.

    python bench/eval_match.py

Prints Markdown: the share of differently labelled pairs the score orders right, per job and in
all, and where each corpus job's judged best-fitting corpus résumé ranks.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.match.evaluation import best_fits, orderings


def main() -> None:
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


if __name__ == "__main__":
    main()
