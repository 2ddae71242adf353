"""Confidence that means something (issue 18): calibrated on the made set, checked on the real
corpus PDFs it never saw, and flagged per section when low."""

from __future__ import annotations

import re

from tailorcv.ingest import read
from tailorcv.ingest.calibration import LOW, calibrated_value, kind_of
from tests.conftest import corpus_path
from tests.ingest.evaluation import (
    calibration_error,
    made_truths,
    outcomes,
    raw_made,
    raw_real,
    truths,
)

TABLE = {"work.position": ((0.5, 0.12), (0.55, 0.48), (0.7, 0.97))}


def test_a_raw_figure_takes_the_step_at_or_below_it() -> None:
    assert kind_of("work[3].position") == "work.position"
    assert kind_of("skills[2]") == "skills"
    assert calibrated_value("work[0].position", 0.7, TABLE) == 0.97
    assert calibrated_value("work[0].position", 0.6, TABLE) == 0.48
    assert calibrated_value("work[0].position", 0.3, TABLE) == 0.12  # below all: the lowest
    assert calibrated_value("volunteer[0].position", 0.6, TABLE) == 0.6  # unknown kind: raw


def test_calibrated_figures_match_how_often_fields_are_right_on_the_made_set() -> None:
    found = [o for _, _, t in made_truths() for o in outcomes(raw_made(t["source"]), t)]
    assert len(found) > 2000
    before = calibration_error(found, lambda _, raw: raw)
    after = calibration_error(found, calibrated_value)
    assert after <= 0.05
    assert after < before


def test_calibration_holds_on_real_pdfs_it_never_saw() -> None:
    corpus_path("pdf")  # skips when the corpus is absent, except in CI
    found = [o for _, t in truths() for o in outcomes(raw_real(t["source"]), t)]
    assert len(found) > 300
    assert calibration_error(found, calibrated_value) <= 0.08
    sure = [right for path, raw, right in found if calibrated_value(path, raw) >= 0.9]
    assert sum(sure) / len(sure) >= 0.9


def test_a_section_read_with_little_certainty_is_flagged() -> None:
    """A job whose employer and position could not be told apart, with no dates, is reported
    low, with a warning that names the section in words; a sure section is not flagged."""
    text = (
        "Ana Pérez\nana@example.com\n\nExperience\n"
        "Blue River\nGreen Hill\n\nEducation\nMSc, Physics, University of Oslo\t2010 – 2012\n"
    )
    imported = read(text.encode(), "cv.txt")
    assert imported.sections["work"] < LOW <= imported.sections["education"]
    pattern = r"we are only \d+ % sure the work experience was read right; check it"
    assert any(re.fullmatch(pattern, w) for w in imported.warnings), imported.warnings
