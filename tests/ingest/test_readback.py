"""Read-back: what an applicant-tracking system recovers of a rendered PDF, field by field."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from tailorcv.ingest import Imported, compare, readback
from tailorcv.render import list_templates, render
from tailorcv.resume import load, validate
from tests.conftest import EXAMPLES, corpus_path, corpus_resumes

SOURCE_DOC = json.loads((EXAMPLES / "resume.json").read_text())
SOURCE = validate(SOURCE_DOC).resume


def imported(doc: dict[str, Any]) -> Imported:
    return Imported(resume=validate(doc).resume, format="pdf")


def test_a_perfect_read_finds_nothing() -> None:
    result = compare(SOURCE, imported(SOURCE_DOC))
    assert result.ok
    assert result.recovered == 1.0
    assert result.checked > 30


def test_a_lost_date_and_a_misread_title_are_named() -> None:
    doc = copy.deepcopy(SOURCE_DOC)
    del doc["work"][1]["startDate"]
    doc["work"][0]["position"] = "Senior Backend"
    found = [str(f) for f in compare(SOURCE, imported(doc)).findings]
    assert found == [
        "work[0].position: 'Senior Backend Engineer' was read as 'Senior Backend'",
        "work[1].startDate: '2018-01' could not be read back",
    ]


def test_jobs_read_in_another_order_are_reported() -> None:
    doc = copy.deepcopy(SOURCE_DOC)
    doc["work"][0], doc["work"][1] = doc["work"][1], doc["work"][0]
    result = compare(SOURCE, imported(doc))
    assert [f.problem for f in result.findings] == ["order"]
    assert result.recovered == 1.0


def test_a_year_is_not_the_month_it_stood_for() -> None:
    doc = copy.deepcopy(SOURCE_DOC)
    doc["work"][0]["startDate"] = "2021"
    assert [f.path for f in compare(SOURCE, imported(doc)).findings] == ["work[0].startDate"]


def test_phone_numbers_compare_by_their_digits() -> None:
    doc = copy.deepcopy(SOURCE_DOC)
    doc["basics"]["phone"] = "+46701234567"
    assert compare(SOURCE, imported(doc)).ok


@pytest.mark.parametrize("template", [t.name for t in list_templates()])
def test_every_template_reads_back_completely(template: str) -> None:
    result = readback(render(SOURCE, template, "pdf"), SOURCE)
    assert result.findings == []


# Corpus résumés our templates cannot be expected to read back whole, and why.
NOT_CLEAN = {
    "fresh-johnny-trouble-valid.json": "markup and odd characters on purpose ('**BSCS**')",
    "fresh-tests-starter-resume.fresh.json": "placeholders, not a person ('Head Honcho')",
    "5c077m4n-roee-shapira.resume.json": "an employer named only by its address ('Gong.io'), "
    "a course with no degree whose school and subject are both plain names",
}


def test_the_resumes_left_out_are_in_the_corpus() -> None:
    """The list of exceptions names real files, so that it cannot hide a renamed one."""
    corpus_path("json_resume")  # skips when the corpus is absent, except in CI
    names = {p.name for p in corpus_resumes()}
    assert set(NOT_CLEAN) <= names


@pytest.mark.parametrize(
    "path", [p for p in corpus_resumes() if p.name not in NOT_CLEAN], ids=lambda p: p.name
)
def test_our_templates_read_back_every_clean_corpus_resume(path: Path) -> None:
    """Issue 18: what our own templates write, our reader reads whole (the classic render of
    the senior-engineer résumé read back at 62–78 % before)."""
    source = load(path)
    for template in (t.name for t in list_templates()):
        result = readback(render(source, template, "pdf"), source)
        assert [str(f) for f in result.findings] == [], template
