"""The guard catches every kind of invented claim, and lets honest edits through."""

from __future__ import annotations

import copy
import json
from datetime import date
from typing import Any

import pytest

from tailorcv.resume import validate
from tailorcv.tailor import guard
from tests.conftest import EXAMPLES

TODAY = date(2026, 11, 1)
SOURCE_DOC = json.loads((EXAMPLES / "resume.json").read_text())
SOURCE = validate(SOURCE_DOC).resume


def check(edit: Any) -> list[str]:
    doc = copy.deepcopy(SOURCE_DOC)
    edit(doc)
    return [f"{v.path}: {v.why}" for v in guard(SOURCE, validate(doc).resume, today=TODAY)]


def test_the_source_is_faithful_to_itself() -> None:
    assert guard(SOURCE, SOURCE, today=TODAY) == []


def test_reordering_dropping_and_shortening_are_allowed() -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["work"][0]["highlights"].reverse()
        doc["work"][0]["highlights"].pop()
        doc["work"][1]["highlights"] = ["Built the route-planning service in Go."]
        doc["work"].pop()
        doc["skills"][0]["keywords"].reverse()
        del doc["basics"]["phone"]
        doc["basics"]["summary"] = "Senior Backend Engineer, 10 years, Python and Kubernetes."

    assert check(edit) == []


def test_an_invented_employer_is_caught() -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["work"].insert(0, {"name": "Google", "position": "Staff Engineer"})

    assert check(edit) == ["work[0].name: no employer of that name in the source"]


def test_a_changed_title_is_caught() -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["work"][0]["position"] = "Engineering Manager"

    assert check(edit) == ["work[0].position: the source says 'Senior Backend Engineer'"]


def test_a_changed_date_is_caught() -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["work"][1]["startDate"] = "2016-01"

    assert check(edit) == ["work[1].startDate: the source says '2018-01'"]


def test_a_finished_job_made_ongoing_is_caught() -> None:
    def edit(doc: dict[str, Any]) -> None:
        del doc["work"][1]["endDate"]

    assert check(edit) == ["work[1].endDate: the source ends it 2021-02"]


def test_an_inflated_number_is_caught() -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["work"][0]["highlights"][1] = doc["work"][0]["highlights"][1].replace("28%", "45%")

    assert check(edit) == ["work[0].highlights[1]: a number the source does not state"]


def test_a_new_skill_is_caught_in_the_list_and_in_the_text() -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["skills"][0]["keywords"].append("Rust")
        doc["work"][0]["highlights"][0] += " Rewrote the hot path in Scala."

    assert check(edit) == [
        "skills[0].keywords[4]: a skill the source never names",
        "work[0].highlights[0]: a skill the source never names",
    ]


def test_a_spelling_of_a_known_skill_is_not_a_new_skill() -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["skills"][1]["keywords"][0] = "k8s"
        doc["skills"][2]["keywords"][0] = "Postgres"

    assert check(edit) == []


def test_a_new_degree_is_caught_in_education_and_in_the_summary() -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["education"][0]["studyType"] = "PhD"
        doc["basics"]["summary"] = "Backend engineer with a PhD."

    assert check(edit) == [
        "education[0].studyType: the source says 'MSc'",
        "basics.summary: a degree the source does not list",
    ]


def test_a_new_school_and_a_new_link_are_caught() -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["education"].append({"institution": "Stanford University", "studyType": "MBA"})
        doc["projects"][0]["description"] += " See https://evil.example.com/demo"

    found = check(edit)
    assert "education[2].institution: no institution of that name in the source" in found
    assert "projects[0].description: a link the source does not give" in found


def test_changed_contact_details_are_caught() -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["basics"]["email"] = "someone.else@example.com"
        doc["basics"]["profiles"][0]["url"] = "https://github.com/someone-else"

    assert check(edit) == [
        "basics.email: the source says 'maya.lindqvist@example.com'",
        "basics.profiles[0].url: not a profile of the source",
    ]


@pytest.mark.parametrize("years", ["10 years", "ten years"])
def test_years_of_experience_derived_from_the_dates_count_as_stated(years: str) -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["basics"]["summary"] = f"Backend engineer, {years}."

    # 2016-06 to 2026-11 is ten years and five months of work.
    assert check(edit) == []


def test_more_years_than_the_dates_support_are_caught() -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["basics"]["summary"] = "Backend engineer, 15 years."

    assert check(edit) == ["basics.summary: a number the source does not state"]
