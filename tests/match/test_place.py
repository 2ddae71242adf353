"""Where a post is against where the person is: read only where an ad says it plainly."""

from __future__ import annotations

import pytest

from tailorcv.match import place
from tailorcv.resume import validate


def person(**location: str) -> place.Places:
    return place.of_resume(validate({"basics": {"name": "A", "location": location}}).resume)


CHICAGO = person(city="Chicago", region="IL", countryCode="US")


@pytest.mark.parametrize(
    ("ad", "fraction"),
    [
        ("ICU RN\nLocation: Evanston, IL", 1.0),  # a suburb: the same state
        ("ICU RN, Chicago", 1.0),
        ("ICU RN\nLocation: Denver, CO", place.ELSEWHERE),
        ("ICU RN in Colorado", place.ELSEWHERE),
        ("ICU RN (Remote)", 1.0),
        ("ICU RN\nWe are a great hospital.", None),  # no place to read: no evidence either way
    ],
)
def test_a_post_is_where_the_person_is_elsewhere_or_unknown(ad: str, fraction: float) -> None:
    assert place.fit(CHICAGO, ad)[0] == fraction


def test_the_region_may_be_a_name_or_a_code_and_a_move_counts() -> None:
    named = person(city="Springfield", region="Illinois", countryCode="US")
    assert place.fit(named, "Nurse, Chicago, IL")[0] == 1.0
    moving = validate(
        {
            "basics": {
                "location": {"city": "Birmingham", "region": "AL", "countryCode": "US"},
                "summary": "Relocating to Atlanta in May.",
            }
        }
    ).resume
    assert place.fit(place.of_resume(moving), "Accountant\nAtlanta, GA (hybrid)")[0] == 1.0


def test_a_country_tells_when_no_city_can_be_read() -> None:
    berlin = person(city="Berlin", countryCode="DE")
    assert place.fit(berlin, "Go engineer in Munich, Germany")[0] == 1.0
    assert place.fit(berlin, "Go engineer in Amsterdam, Netherlands")[0] == place.ELSEWHERE
    assert place.fit(person(), "Go engineer in Amsterdam, Netherlands")[0] is None
