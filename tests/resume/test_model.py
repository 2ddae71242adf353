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


@pytest.mark.parametrize(
    ("text", "start", "end", "ongoing"),
    [
        ("Jan 2020 – Present", "2020-01", None, True),
        ("January 2019 - Current", "2019-01", None, True),
        ("2016 - 2020", "2016", "2020", False),
        ("03/2018 – 06/2021", "2018-03", "2021-06", False),
        ("2018.03 - 2021.06", "2018-03", "2021-06", False),
        ("Mar. 2020 to Now", "2020-03", None, True),
        ("since 2020", "2020", None, True),
        ("2021 – heute", "2021", None, True),
        ("März 2019 bis Juni 2020", "2019-03", "2020-06", False),
        ("janv. 2019 – aujourd'hui", "2019-01", None, True),
        ("de sept. 2017 à déc. 2018", "2017-09", "2018-12", False),
        ("ene. 2020 – actualidad", "2020-01", None, True),
        ("enero de 2020 a marzo de 2021", "2020-01", "2021-03", False),
        ("Sept 2019 — Dec 2021", "2019-09", "2021-12", False),
        ("May 2022", "2022-05", "2022-05", False),
        ("2019-03-15 - 2020-05", "2019-03-15", "2020-05", False),
    ],
)
def test_date_ranges_as_people_write_them(
    text: str, start: str, end: str | None, ongoing: bool
) -> None:
    found = dates.parse_range(text)
    assert found is not None
    assert (found.start, found.end, found.ongoing) == (start, end, ongoing)


def test_a_season_is_its_year_with_low_confidence() -> None:
    found = dates.parse_range("Summer 2019")
    assert found is not None
    assert (found.start, found.end) == ("2019", "2019")
    assert found.confidence < 0.5


@pytest.mark.parametrize(
    "text", ["", "Smarch 2019", "13/2019", "2021 - 2019", "31.02.2020", "later"]
)
def test_text_that_is_no_date_range(text: str) -> None:
    assert dates.parse_range(text) is None


def test_date_ranges_are_found_inside_a_line() -> None:
    found = dates.find_ranges("Senior Engineer | Acme | Jan 2020 – Present")
    assert [(r.start, r.end, r.ongoing) for r in found] == [("2020-01", None, True)]
    assert "Senior Engineer | Acme | Jan 2020 – Present"[found[0].first : found[0].last] == (
        "Jan 2020 – Present"
    )


@pytest.mark.parametrize(
    ("text", "length"),
    [("Present Led the team", 7), ("May 2020 Built it", 8), ("2021", 4), ("Built in 2020", 0)],
)
def test_the_date_a_line_starts_with(text: str, length: int) -> None:
    assert dates.leading_date(text) == length
