"""Field recovery on the made set (tests/data/ingest/made/): JSON Resume sources printed by many
generators — JSON Resume themes through Chromium, LaTeX, RenderCV, LibreOffice from DOCX and
tailorcv's own templates — in English, German, French and Spanish, each PDF with a truth derived
from its source and checked against what the PDF shows.

The set lives in the repository, so these tests never skip. The floors in made/recorded.yaml are
today's figures rounded down (``python bench/eval_import.py --made-only --record``); they may
only rise (issue 18).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.ingest.evaluation import (
    MADE,
    Recovery,
    check_truth,
    combined,
    load_truth,
    made_by_generator,
    made_truth_files,
    recorded_figures,
    summary,
)

LANGUAGES = ("en", "de", "fr", "es")


@pytest.fixture(scope="module")
def by_generator() -> dict[str, list[tuple[str, Recovery]]]:
    return made_by_generator()


def test_the_set_is_large_and_varied() -> None:
    """At least 12 generators of at least 4 persons each; every language in at least 3."""
    files = made_truth_files()
    generators: dict[str, set[str]] = {}
    for path in files:
        generators.setdefault(path.parent.name, set()).add(path.stem)
    assert len(generators) >= 12
    assert all(len(persons) >= 4 for persons in generators.values()), generators
    for lang in LANGUAGES:
        covering = [
            g for g, persons in generators.items() if any(p.startswith(f"{lang}-") for p in persons)
        ]
        assert len(covering) >= 3, lang
    assert len(list((MADE / "sources").glob("*.json"))) >= 8


def test_overall_recovery_does_not_drop_below_its_floor(
    by_generator: dict[str, list[tuple[str, Recovery]]],
) -> None:
    results = [(f"{g}/{p}", r) for g, rows in by_generator.items() for p, r in rows]
    overall = combined(r for _, r in results)
    floor = recorded_figures()["overall"]
    assert overall.share * 100 >= floor, summary(sorted(results, key=lambda x: x[1].share))


def test_every_generator_has_a_floor() -> None:
    recorded = recorded_figures()["generators"]
    assert set(recorded) == {p.parent.name for p in made_truth_files()}


@pytest.mark.parametrize("generator", sorted({p.parent.name for p in made_truth_files()}), ids=str)
def test_generator_recovery_does_not_drop_below_its_floor(
    generator: str, by_generator: dict[str, list[tuple[str, Recovery]]]
) -> None:
    rows = by_generator[generator]
    share = combined(r for _, r in rows).share
    floor = recorded_figures()["generators"][generator]
    assert share * 100 >= floor, summary(rows, worst=30)


@pytest.mark.parametrize("path", made_truth_files(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_truth_file_is_well_formed(path: Path) -> None:
    truth = load_truth(path)
    check_truth(truth)
    assert truth["source"] == f"pdf/{path.parent.name}/{path.stem}.pdf"
    pdf = MADE / truth["source"]
    assert pdf.is_file(), truth["source"]
    assert pdf.read_bytes().startswith(b"%PDF-"), truth["source"]
    source = json.loads((MADE / "sources" / f"{path.stem}.json").read_text(encoding="utf-8"))
    assert source["basics"]["name"] == truth["basics"]["name"], "a truth belongs to its source"
    assert isinstance(truth["notes"], str)
    assert truth["notes"], "every truth says what makes its layout hard to read"
