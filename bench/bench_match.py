"""Benchmark job analysis, scoring, ranking and offline tailoring, in process.

    python bench/bench_match.py [--quick]

Prints a Markdown table of medians and p95s. Targets (DESIGN.md, issue "Match and tailor"):
score one pair after analysis ≤ 1 ms; rank 1,000 résumés against one job ≤ 2 s; tailor one résumé
≤ 50 ms without the render check.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

from tailorcv.match import analyse, profile, score, taxonomy
from tailorcv.resume import validate
from tailorcv.resume.model import Resume
from tailorcv.tailor import offline
from timing import percentile, timings  # bench/timing.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_RESUME = ROOT / "examples" / "resume.json"
EXAMPLE_JOB = ROOT / "examples" / "job.txt"


def row(name: str, samples: list[float], target: str) -> str:
    p50, p95 = percentile(samples, 50), percentile(samples, 95)
    return f"| {name} | {p50:.3f} | {p95:.3f} | {len(samples)} | {target} |"


def variants(base: Resume, count: int, seed: int = 7) -> list[Resume]:
    """``count`` different résumés: the example with bullets, skills and roles shuffled and cut."""
    rng = random.Random(seed)
    data = base.model_dump(by_alias=True, exclude_none=True)
    pool = [k for group in data["skills"] for k in group["keywords"]]
    pool += ["Java", "Spring", "React", "Excel", "Tableau", "SEO", "Figma", "Scrum", "Azure", "C#"]
    out = []
    for index in range(count):
        doc = json.loads(json.dumps(data))
        doc["basics"]["name"] = f"Candidate {index}"
        for job in doc["work"]:
            rng.shuffle(job["highlights"])
            job["highlights"] = job["highlights"][: rng.randint(1, len(job["highlights"]))]
        doc["work"] = doc["work"][: rng.randint(1, len(doc["work"]))]
        doc["skills"] = [{"name": "Skills", "keywords": rng.sample(pool, rng.randint(3, 12))}]
        out.append(validate(doc).resume)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer runs, for a smoke test")
    args = parser.parse_args()
    runs = 50 if args.quick else 300
    resume = validate(json.loads(EXAMPLE_RESUME.read_text())).resume
    ad = EXAMPLE_JOB.read_text()

    started = time.perf_counter()
    taxonomy()
    cold = (time.perf_counter() - started) * 1000
    analysis = analyse(ad)
    prof = profile.build(resume)
    crowd = variants(resume, 1000)

    def rank() -> None:
        sorted((score(r, analysis) for r in crowd), key=lambda m: -m.score)

    lines = [
        "| step | p50 ms | p95 ms | runs | target |",
        "| --- | ---: | ---: | ---: | --- |",
        f"| load the taxonomy (cold, once per process) | {cold:.1f} | – | 1 | – |",
        row("analyse one job ad", timings(lambda: analyse(ad), runs), "–"),
        row(
            "score one pair (profile built each time)",
            timings(lambda: score(resume, analysis), runs),
            "≤ 1 ms",
        ),
        row("score one pair (profile reused)", timings(lambda: score(prof, analysis), runs), "–"),
        row(
            "rank 1,000 résumés against one job",
            timings(rank, 3 if args.quick else 7),
            "≤ 2,000 ms",
        ),
        row(
            "tailor one résumé (no render check)",
            timings(lambda: offline(resume, analysis), runs // 3),
            "≤ 50 ms",
        ),
    ]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
