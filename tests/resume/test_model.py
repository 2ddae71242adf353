"""The pydantic model of a résumé: partial dates, liberal shapes, defaults."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from tailorcv.resume import dates, model


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("2020", "2020"),
        ("2020-05", "2020-05"),
        ("2020-05-17", "2020-05-17"),
        ("2020-5", "2020-05"),
        ("2020-5-7", "2020-05-07"),
        (" 2020-05 ", "2020-05"),
        ("2017-12-24T15:53:00", "2017-12-24"),
        ("2017-12-24T15:53:00Z", "2017-12-24"),
        ("2017-12-24 15:53:00+02:00", "2017-12-24"),
    ],
)
def test_partial_dates_are_normalised(written: str, kept: str) -> None:
    assert model.Work(start_date=written).start_date == kept


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("2020-13", "month 13 does not exist"),
        ("2020-02-30", "2020-02-30 does not exist"),
        ("2020-00", "month 0 does not exist"),
        ("May 2020", "not a date"),
        ("2013-12-021", "not a date"),
        ("20", "not a date"),
    ],
)
def test_impossible_dates_are_rejected(written: str, reason: str) -> None:
    with pytest.raises(ValidationError, match=reason):
        model.Work(start_date=written)


def test_partial_date_arithmetic() -> None:
    assert dates.parse("2020") < dates.parse("2021-01")
    assert dates.parse("2020").start().isoformat() == "2020-01-01"
    assert dates.parse("2021-03").months() - dates.parse("2020-01").months() == 14
    assert dates.is_ongoing(" Present ")
    assert not dates.is_ongoing("2020")


def test_a_lone_string_where_a_list_belongs_is_a_list() -> None:
    assert model.Work(highlights="Shipped it").highlights == ["Shipped it"]
    assert model.Skill(keywords="Python").keywords == ["Python"]
    assert model.Education(courses="Algebra").courses == ["Algebra"]


def test_numbers_are_read_as_text() -> None:
    assert model.Education(score=3.9).score == "3.9"
    assert model.Basics(phone=5550100).phone == "5550100"


def test_a_location_written_as_one_line_is_its_address() -> None:
    basics = model.Basics.model_validate({"location": "Lyon, France"})
    assert basics.location == model.Location(address="Lyon, France")


def test_camel_case_on_the_wire_and_unknown_fields_kept() -> None:
    work = model.Work.model_validate({"startDate": "2020", "x-team": {"size": 3}})
    assert work.start_date == "2020"
    assert work.model_extra == {"x-team": {"size": 3}}
    assert work.model_dump(by_alias=True, exclude_unset=True) == {
        "startDate": "2020",
        "x-team": {"size": 3},
    }


def test_defaults() -> None:
    resume = model.Resume()
    assert resume.template == "classic"
    assert resume.locale == "en"
    assert resume.work == []
    assert resume.basics.profiles == []
    assert model.Resume.model_validate({"meta": {"template": "modern"}}).template == "modern"
