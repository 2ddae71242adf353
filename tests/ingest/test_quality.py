"""How much of a résumé the importer recovers from a PDF, against ground truth.

Round trip: every corpus résumé rendered with every template and read back. Real PDFs made by other
tools: hand-written truth in tests/data/ingest/truth/ (README there). Figures, per field and per
file, come from ``python bench/eval_import.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tailorcv.render import list_templates
from tests.conftest import corpus_path, corpus_resumes
from tests.ingest.evaluation import (
    check_truth,
    combined,
    load_truth,
    real_pdf,
    rendered,
    summary,
    truth_files,
    truths,
)

ROUND_TRIP_TARGET = 0.95
REAL_PDF_TARGET = 0.85
TEMPLATES = [t.name for t in list_templates()]


@pytest.mark.corpus
def test_round_trip_recovers_at_least_95_percent_of_fields() -> None:
    corpus_path()
    results = [
        (f"{path.name} × {template}", rendered(path, template))
        for path in corpus_resumes()
        for template in TEMPLATES
    ]
    assert len(results) >= 3 * 20
    overall = combined(r for _, r in results)
    assert overall.share >= ROUND_TRIP_TARGET, summary(results)


@pytest.mark.corpus
def test_real_pdfs_recover_at_least_85_percent_of_fields() -> None:
    corpus_path()
    results = [(name, real_pdf(truth)) for name, truth in truths()]
    assert len(results) >= 14
    overall = combined(r for _, r in results)
    assert overall.share >= REAL_PDF_TARGET, summary(results)


@pytest.mark.corpus
@pytest.mark.parametrize("path", truth_files(), ids=lambda p: p.stem)
def test_truth_file_is_well_formed(path: Path) -> None:
    truth = load_truth(path)
    check_truth(truth)
    source = corpus_path(truth["source"])
    assert source.is_file(), f"{path.name} names a missing corpus file {truth['source']}"
    assert source.suffix == ".pdf"
    assert source.stem == path.stem, "a truth file is named after its PDF"
    assert source.parent.name != "jobs", "job descriptions are not résumés"
    assert "NOT-A-RESUME" not in source.name


def test_there_are_truth_files_for_every_kind_of_layout() -> None:
    names = {p.stem for p in truth_files()}
    assert len(names) >= 14
    for layout in (
        "sb2nov-sourabh-bajaj-resume",
        "latexcv-classic",
        "resume-matcher-john-doe",
        "altacv-sample",
        "latexcv-sidebar",
        "resume-matcher-template-two-column",
        "resume-matcher-template-modern-single-column",
        "5c077m4n-roee-shapira-cv",
        "typst-bamboovir-resume",
        "typst-chicv-cv",
        "resumeparserapi-jane-smith",
    ):
        assert layout in names
    assert sum(n.startswith("reactive-resume-") for n in names) >= 3
    assert sum(n.startswith("rendercv-") for n in names) >= 2
