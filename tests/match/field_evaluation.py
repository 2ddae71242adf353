"""The same-field evaluation of the match score (tests/data/match/fields/), for its test and report.

Each field folder holds two sets, labelled by reading before any score (their READMEs say how):

- ``ads-set``: one résumé against 60+ ads of its own field, each ad best, fine or worst for it —
  the ranking a person sees when they score many ads;
- ``resumes-set``: one ad against 30+ résumés of the same field — the ranking a recruiter sees.

Every set is ranked twice in one run: by the score, and by a plain baseline that counts shared
words (the share of the ad's distinct words that the résumé also uses). A score worth showing
must beat the baseline on every set.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import yaml

from tailorcv.match import analyse, profile, score
from tailorcv.match.analyse import JobAnalysis
from tailorcv.match.profile import Profile
from tailorcv.resume import read_file
from tailorcv.resume.fields import texts

FIELDS = Path(__file__).resolve().parent.parent / "data" / "match" / "fields"
TODAY = date(2026, 11, 1)
GAIN = {"best": 2, "fine": 1, "worst": 0}
_WORD = re.compile(r"[a-z0-9][a-z0-9+#]*")
# Function words only: the baseline is meant to be plain, not tuned.
_STOP = frozenset(
    "a an and or the of to in on at for with by from as is are be been will you your we our us "
    "this that these those it its their they he she his her who what which how all any can "
    "not no into about per via if then than so do does did has have had was were i my me".split()
)


@dataclass(frozen=True)
class Item:
    """One labelled document of a set: an ad (ads-set) or a résumé (resumes-set)."""

    path: Path
    label: str
    why: str


@dataclass(frozen=True)
class LabelledSet:
    name: str  # "software/ads-set"
    kind: str  # "ads" | "resumes"
    anchor: Path  # the one résumé (ads-set) or the one ad (resumes-set)
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Quality:
    """How well one ranking agrees with the labels."""

    pairwise: float  # share of (best, worst) pairs ordered best first; ties count half
    worst_in_top_10: int
    best_in_top_20: int
    best_total: int
    ndcg_10: float


def sets(root: Path = FIELDS) -> list[LabelledSet]:
    """Every labelled set under ``root``, sorted by name."""
    found = []
    for labels in sorted(root.glob("*/*-set/labels.yaml")):
        data = yaml.safe_load(labels.read_text(encoding="utf-8"))
        folder = labels.parent
        kind = "ads" if "ads" in data else "resumes"
        anchor = folder / (data["resume"] if kind == "ads" else data["job"])
        items = tuple(
            Item(folder / entry["ad" if kind == "ads" else "resume"], entry["label"], entry["why"])
            for entry in data[kind]
        )
        found.append(LabelledSet(f"{folder.parent.name}/{folder.name}", kind, anchor, items))
    return found


@cache
def job(path: Path) -> JobAnalysis:
    return analyse(path.read_text(encoding="utf-8"))


@cache
def candidate(path: Path) -> Profile:
    return profile.build(read_file(path).resume, TODAY)


def pair(labelled: LabelledSet, item: Item) -> tuple[Path, Path]:
    """(résumé, ad) of one item."""
    return (labelled.anchor, item.path) if labelled.kind == "ads" else (item.path, labelled.anchor)


def fit(resume: Path, ad: Path) -> float:
    return score(candidate(resume), job(ad), today=TODAY).score


@cache
def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 1)


def overlap(resume: Path, ad: Path) -> float:
    """The baseline: the share of the ad's distinct words that the résumé also uses."""
    wanted = _words(ad.read_text(encoding="utf-8"))
    have = _words("\n".join(t.text for t in texts(candidate(resume).resume)))
    return len(wanted & have) / len(wanted) if wanted else 0.0


Scorer = Callable[[Path, Path], float]
SCORERS: dict[str, Scorer] = {"score": fit, "shared words": overlap}


def ranked(labelled: LabelledSet, scorer: Scorer) -> list[tuple[Item, float]]:
    """The set's items, best score first; equal scores keep file order."""
    scored = [(item, scorer(*pair(labelled, item))) for item in labelled.items]
    return sorted(scored, key=lambda entry: -entry[1])


def quality(ranking: list[tuple[Item, float]]) -> Quality:
    best = [s for item, s in ranking if item.label == "best"]
    worst = [s for item, s in ranking if item.label == "worst"]
    pairs = [1.0 if b > w else 0.5 if b == w else 0.0 for b in best for w in worst]
    labels = [item.label for item, _ in ranking]
    return Quality(
        pairwise=sum(pairs) / len(pairs) if pairs else 1.0,
        worst_in_top_10=labels[:10].count("worst"),
        best_in_top_20=labels[:20].count("best"),
        best_total=len(best),
        ndcg_10=_ndcg(labels, 10),
    )


def _dcg(labels: Iterable[str]) -> float:
    return sum((2 ** GAIN[label] - 1) / math.log2(rank + 2) for rank, label in enumerate(labels))


def _ndcg(labels: list[str], k: int) -> float:
    ideal = _dcg(sorted(labels, key=lambda label: -GAIN[label])[:k])
    return _dcg(labels[:k]) / ideal if ideal else 1.0


@dataclass(frozen=True)
class Agreement:
    """How a second reader's blind labels of a sample agree with the set's labels."""

    items: int
    same: int
    opposite: int  # one reader said best where the other said worst


def agreement(labelled: LabelledSet) -> Agreement | None:
    """The second reader's sample (``second-reader.yaml``), if the set has one."""
    path = labelled.anchor.parent / "second-reader.yaml"
    if not path.is_file():
        return None
    first = {item.path: item.label for item in labelled.items}
    second = yaml.safe_load(path.read_text(encoding="utf-8"))["items"]
    pairs = [(first[path.parent / entry["item"]], entry["label"]) for entry in second]
    return Agreement(
        len(pairs),
        sum(a == b for a, b in pairs),
        sum({a, b} == {"best", "worst"} for a, b in pairs),
    )


def misordered(ranking: list[tuple[Item, float]], limit: int = 8) -> list[str]:
    """The worst items ranked highest and the best ranked lowest, for a failing test's message."""
    places = [(place, item, s) for place, (item, s) in enumerate(ranking, 1)]
    worst = [f"worst #{p} ({s:.1f}) {i.path.name}" for p, i, s in places if i.label == "worst"]
    best = [f"best #{p} ({s:.1f}) {i.path.name}" for p, i, s in places if i.label == "best"]
    return worst[: limit // 2] + best[-(limit // 2) :]
