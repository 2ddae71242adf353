"""Time the skills matcher: a cold build of the taxonomy, then ``find`` on a job ad and a résumé.

Run: ``python bench/bench_skills.py [--runs 500]``. Texts come from ../shared/corpus when it is
there (a 610-word job ad, a one-page résumé) and from the repository's examples otherwise. The
cold build runs in fresh interpreters, because ``taxonomy()`` is cached for the process.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from timing import percentile, timings  # bench/timing.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
COLD = (
    "import time; t = time.perf_counter(); "
    "from tailorcv.skills import taxonomy; taxonomy(); "
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

    from tailorcv.skills import taxonomy

    cold = [t * 1000 for t in cold_builds(args.cold_runs)]
    rows = [("build taxonomy (cold, new process)", percentile(cold, 50), percentile(cold, 95), "")]
    tx = taxonomy()
    for name, text in texts().items():
        samples = timings(lambda text=text: tx.find(text), args.runs, warmup=5)
        found = f"{len(tx.find(text))} mentions"
        rows.append((f"find() in {name}", percentile(samples, 50), percentile(samples, 95), found))
    aliases = sum(len(s.aliases) for s in tx)
    print(f"{len(tx)} skills, {aliases} aliases, Python {sys.version.split()[0]}")
    print()
    print("| step | p50 ms | p95 ms | notes |")
    print("| --- | ---: | ---: | --- |")
    for step, p50, p95, note in rows:
        print(f"| {step} | {p50:.3f} | {p95:.3f} | {note} |")


if __name__ == "__main__":
    main()
