"""Time the skills matcher: a cold build of the taxonomy, then ``find`` on a job ad and a résumé.

Run: ``python bench/bench_skills.py [--runs 500]``. Texts come from ../shared/corpus when it is
there (a 610-word job ad, a one-page résumé) and from the repository's examples otherwise. The
cold build runs in fresh interpreters, because ``taxonomy()`` is cached for the process.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
COLD = (
    "import time; t = time.perf_counter(); "
    "from tailorcv.match.skills import taxonomy; taxonomy(); "
    "print(time.perf_counter() - t)"
)


def texts() -> dict[str, str]:
    """The job ad and the résumé to time, named with their word counts."""
    job = CORPUS / "jobs" / "cvanalyser-sample-job.txt"
    resume = CORPUS / "text_resumes" / "cvanalyser-john-smith-en.txt"
    if not job.is_file():
        job, resume = ROOT / "examples" / "job.txt", ROOT / "examples" / "resume.json"
    chosen = {"job ad": job.read_text(encoding="utf-8"), "résumé": resume.read_text("utf-8")}
    return {f"{k} ({len(v.split())} words)": v for k, v in chosen.items()}


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p95 in milliseconds."""
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[94] * 1000


def time_calls(call: Callable[[], object], runs: int) -> list[float]:
    """Wall time of ``runs`` calls, after a few warm-up calls."""
    for _ in range(5):
        call()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return samples


def cold_builds(runs: int) -> list[float]:
    """Import plus build of the taxonomy, each in a new interpreter."""
    out = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", COLD], capture_output=True, text=True, check=True
        )
        out.append(float(done.stdout))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=500, help="timed find() calls per text")
    parser.add_argument("--cold-runs", type=int, default=20, help="fresh interpreters to time")
    args = parser.parse_args()

    from tailorcv.match.skills import taxonomy

    rows = [("build taxonomy (cold, new process)", *percentiles(cold_builds(args.cold_runs)), "")]
    tx = taxonomy()
    for name, text in texts().items():
        samples = time_calls(lambda text=text: tx.find(text), args.runs)
        rows.append((f"find() in {name}", *percentiles(samples), f"{len(tx.find(text))} mentions"))
    aliases = sum(len(s.aliases) for s in tx)
    print(f"{len(tx)} skills, {aliases} aliases, Python {sys.version.split()[0]}")
    print()
    print("| step | p50 ms | p95 ms | notes |")
    print("| --- | ---: | ---: | --- |")
    for step, p50, p95, note in rows:
        print(f"| {step} | {p50:.3f} | {p95:.3f} | {note} |")


if __name__ == "__main__":
    main()
