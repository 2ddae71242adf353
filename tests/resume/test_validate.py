"""Validation against the official JSON Resume validity fixtures, strict and liberal."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tailorcv.errors import InvalidResume
from tailorcv.resume import validate
from tests.conftest import corpus_files, corpus_path

FIXTURES = [
    p for p in corpus_files("ground_truth", "jsonresume-validity-*.json") if "dates" not in p.name
]


def _cases(kind: str) -> list[tuple[str, Any]]:
    """Every ``<field>Valid*`` or ``<field>Invalid*`` document of the fixtures, with an id."""
    cases = []
    for path in FIXTURES:
        for key, document in json.loads(path.read_text(encoding="utf-8")).items():
            if kind in key and (kind == "Invalid" or "Invalid" not in key):
                cases.append((f"{path.stem.removeprefix('jsonresume-validity-')}.{key}", document))
    return cases


def _null_path(document: Any, here: str = "") -> str | None:
    """The JSON path of the null in a fixture, or None when its invalid value is not null."""
    if document is None:
        return here
    if isinstance(document, dict):
        for key, value in document.items():
            found = _null_path(value, f"{here}.{key}" if here else key)
            if found:
                return found
    if isinstance(document, list):
        for index, value in enumerate(document):
            found = _null_path(value, f"{here}[{index}]")
            if found:
                return found
    return None


VALID = _cases("Valid")
INVALID = _cases("Invalid")


def test_fixtures_are_present() -> None:
    assert corpus_path("ground_truth").is_dir()
    assert len(VALID) > 50
    assert len(INVALID) > 50


@pytest.mark.corpus
@pytest.mark.parametrize("document", [d for _, d in VALID], ids=[i for i, _ in VALID])
@pytest.mark.parametrize("strict", [True, False])
def test_valid_documents_validate(document: dict[str, Any], strict: bool) -> None:
    checked = validate(document, strict=strict)
    assert checked.warnings == []


@pytest.mark.corpus
@pytest.mark.parametrize("document", [d for _, d in INVALID], ids=[i for i, _ in INVALID])
def test_invalid_documents_are_rejected_in_strict_mode_by_path(document: dict[str, Any]) -> None:
    with pytest.raises(InvalidResume) as caught:
        validate(document, strict=True)
    path = _null_path(document) or next(iter(document))
    assert any(p.path == path for p in caught.value.problems), caught.value.message
    assert f"{path}:" in caught.value.message


@pytest.mark.corpus
@pytest.mark.parametrize("document", [d for _, d in INVALID], ids=[i for i, _ in INVALID])
def test_invalid_documents_in_liberal_mode_warn_or_fail(document: dict[str, Any]) -> None:
    """Nulls load with a warning naming the path; any other invalid value is still refused."""
    path = _null_path(document)
    if path is None:
        with pytest.raises(InvalidResume, match=rf"{re.escape(next(iter(document)))}: "):
            validate(document)
        return
    checked = validate(document)
    assert [w.path for w in checked.warnings] == [path]


@pytest.mark.corpus
def test_official_date_examples() -> None:
    examples = json.loads(corpus_path("ground_truth", "jsonresume-validity-dates.json").read_text())
    for key, value in examples.items():
        document = {"work": [{"startDate": value}]}
        if key == "invalid":
            with pytest.raises(InvalidResume, match=r"work\[0\]\.startDate: not a date"):
                validate(document)
        else:
            assert validate(document).resume.work[0].start_date == value


def test_every_problem_is_listed_with_its_path() -> None:
    document = {
        "basics": {"name": ["not", "text"], "profiles": "x"},
        "work": [{"startDate": "2020"}, {}, {"startDate": "yesterday", "endDate": "2020-13"}],
        "$schema": {},
    }
    with pytest.raises(InvalidResume) as caught:
        validate(document, source="cv.json")
    paths = [p.path for p in caught.value.problems]
    assert set(paths) == {
        "basics.name",
        "basics.profiles",
        "work[2].startDate",
        "work[2].endDate",
        "$schema",
    }
    assert "work[2].startDate: not a date" in caught.value.message
    assert caught.value.message.startswith("cv.json: invalid résumé (5 problems)")


def test_empty_document_is_an_empty_resume() -> None:
    """JSON Resume makes every field optional, so {} is a valid (empty) résumé."""
    resume = validate({}, strict=True).resume
    assert resume.basics.name is None
    assert resume.work == []


@pytest.mark.parametrize("document", [[], ["a"], "text", 3, None])
def test_a_resume_is_an_object(document: Any) -> None:
    with pytest.raises(InvalidResume, match="a résumé is an object"):
        validate(document)


def test_liberal_reading_of_present_and_legacy_names() -> None:
    checked = validate({"work": [{"company": "Acme", "endDate": "Present"}]})
    assert checked.resume.work[0].name == "Acme"
    assert checked.resume.work[0].end_date is None
    assert {w.path for w in checked.warnings} == {"work[0].endDate", "work[0].company"}
    with pytest.raises(InvalidResume, match=r"work\[0\]\.endDate"):
        validate({"work": [{"endDate": "Present"}]}, strict=True)


def test_the_other_json_resume_0x_names_are_read_as_todays() -> None:
    """Issue 19: 0.x names held content no output showed (a publication's link, a grade)."""
    checked = validate(
        {
            "basics": {"picture": "me.jpg"},
            "volunteer": [{"website": "https://v.example.org"}],
            "education": [{"gpa": "3.5"}],
            "publications": [{"website": "https://p.example.org"}],
            "languages": [{"language": "Sv", "level": "Native"}],
        }
    )
    resume = checked.resume
    assert resume.basics.image == "me.jpg"
    assert resume.volunteer[0].url == "https://v.example.org"
    assert resume.education[0].score == "3.5"
    assert resume.publications[0].url == "https://p.example.org"
    assert resume.languages[0].fluency == "Native"
    assert len(checked.warnings) == 5
