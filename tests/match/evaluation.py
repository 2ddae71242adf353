"""The labelled evaluation of the match score (tests/data/match/), shared by its test and report.

Labels were judged by reading each résumé and job ad, before and apart from any score.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from tailorcv.match import analyse, profile, score
from tailorcv.match.analyse import JobAnalysis
from tailorcv.match.profile import Profile
from tailorcv.resume import read_file
from tests.conftest import CORPUS

DATA = Path(__file__).resolve().parent.parent / "data" / "match"
RANK = {"strong": 2, "partial": 1, "poor": 0}
TODAY = date(2026, 11, 1)


def resolve(ref: str) -> Path:
    kind, _, rest = ref.partition(":")
    return (CORPUS if kind == "corpus" else DATA) / rest


@cache
def job(ref: str) -> JobAnalysis:
    return analyse(resolve(ref).read_text(encoding="utf-8"))


@cache
def candidate(ref: str) -> Profile:
    return profile.build(read_file(resolve(ref)).resume, TODAY)


def fit(resume: str, job_ref: str) -> float:
    return score(candidate(resume), job(job_ref), today=TODAY).score


@dataclass
class Ordering:
    job: str
    right: int
    total: int
    wrong: list[str]


def orderings(pairs_file: Path = DATA / "pairs.yaml") -> list[Ordering]:
    """For each job: how many pairs of differently labelled résumés the score puts in order."""
    out = []
    for group in yaml.safe_load(pairs_file.read_text())["jobs"]:
        scored = [
            (p["resume"], RANK[p["label"]], fit(p["resume"], group["job"])) for p in group["pairs"]
        ]
        right, total, wrong = 0, 0, []
        for a, b in itertools.combinations(scored, 2):
            if a[1] == b[1]:
                continue
            better, worse = (a, b) if a[1] > b[1] else (b, a)
            total += 1
            if better[2] > worse[2]:
                right += 1
            else:
                wrong.append(f"{better[0]} ({better[2]:.0f}) ≤ {worse[0]} ({worse[2]:.0f})")
        out.append(Ordering(group["job"], right, total, wrong))
    return out


@dataclass
class BestFit:
    job: str
    best: str
    rank: int
    confidence: str
    top: list[tuple[str, float]]
    runner_up: list[str]

    @property
    def judged_in_top_3(self) -> bool:
        """The pick, or one the judge called as good, ranks in the top 3."""
        return self.rank <= 3 or any(r in [t for t, _ in self.top] for r in self.runner_up)


def best_fits(best_file: Path = DATA / "best_fit.yaml") -> list[BestFit]:
    """Where each corpus job's best-fitting corpus résumé ranks among the pool."""
    data: dict[str, Any] = yaml.safe_load(best_file.read_text())
    out = []
    for entry in data["jobs"]:
        ranked = sorted(((r, fit(r, entry["job"])) for r in data["pool"]), key=lambda x: -x[1])
        place = [r for r, _ in ranked].index(entry["best"]) + 1
        out.append(
            BestFit(
                entry["job"],
                entry["best"],
                place,
                entry.get("confidence", ""),
                ranked[:3],
                list(entry.get("runner_up", [])),
            )
        )
    return out
