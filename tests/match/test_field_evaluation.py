"""The score on the same-field sets (tests/data/match/fields/): it keeps what it reached and
beats a plain shared-words baseline measured in the same run, on every set.

The sets are the project's own files, so these tests never skip. Figures are reported in
docs/benchmarks.md (python bench/eval_match.py). A failing test here means the score got worse
where it is hard; the labels are not to be moved to quiet it (the sets' READMEs say how they
were made).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.match import field_evaluation as fe

SETS = fe.sets()
RECORDED = yaml.safe_load((fe.FIELDS / "recorded.yaml").read_text(encoding="utf-8"))


def test_there_are_three_fields_each_with_both_kinds_of_set() -> None:
    names = {s.name for s in SETS}
    fields = {name.split("/")[0] for name in names}
    assert len(fields) >= 3
    assert names == {f"{field}/{kind}" for field in fields for kind in ("ads-set", "resumes-set")}


@pytest.mark.parametrize("labelled", SETS, ids=lambda s: s.name)
def test_every_document_is_labelled_once_with_a_reason(labelled: fe.LabelledSet) -> None:
    folder = labelled.anchor.parent / labelled.kind
    on_disk = sorted(p.name for p in folder.iterdir())
    labelled_names = [item.path.name for item in labelled.items]
    assert sorted(labelled_names) == on_disk
    assert len(on_disk) >= (60 if labelled.kind == "ads" else 30)
    assert all(item.label in fe.GAIN and item.why.strip() for item in labelled.items)
    assert {item.label for item in labelled.items} == set(fe.GAIN)


@pytest.mark.parametrize("labelled", SETS, ids=lambda s: s.name)
def test_the_score_keeps_the_quality_it_reached(labelled: fe.LabelledSet) -> None:
    ranking = fe.ranked(labelled, fe.fit)
    quality = fe.quality(ranking)
    floor = RECORDED[labelled.name]
    assert quality.pairwise >= floor["pairwise"], fe.misordered(ranking)
    assert quality.ndcg_10 >= floor["ndcg_10"], fe.misordered(ranking)


@pytest.mark.parametrize("labelled", SETS, ids=lambda s: s.name)
def test_the_score_beats_counting_shared_words(labelled: fe.LabelledSet) -> None:
    ours = fe.quality(fe.ranked(labelled, fe.fit))
    plain = fe.quality(fe.ranked(labelled, fe.overlap))
    assert ours.pairwise > plain.pairwise
    assert ours.ndcg_10 > plain.ndcg_10
    assert ours.worst_in_top_10 <= plain.worst_in_top_10


def test_the_metrics_are_right_on_a_hand_made_ranking() -> None:
    def item(label: str) -> fe.Item:
        return fe.Item(Path(label), label, "")

    perfect = [(item("best"), 3.0), (item("fine"), 2.0), (item("worst"), 1.0)]
    assert fe.quality(perfect).pairwise == 1.0
    assert fe.quality(perfect).ndcg_10 == pytest.approx(1.0)
    upside_down = [(item("worst"), 3.0), (item("fine"), 2.0), (item("best"), 1.0)]
    assert fe.quality(upside_down).pairwise == 0.0
    assert fe.quality(upside_down).worst_in_top_10 == 1
    tie = [(item("best"), 1.0), (item("worst"), 1.0)]
    assert fe.quality(tie).pairwise == 0.5
