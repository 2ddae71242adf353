"""``meta.design.dateFormat`` in every locale (issue 19): short, long, numeric or the year alone,
month names staying in the résumé's language."""

from __future__ import annotations

import pytest

from tailorcv.render import build_view, locale
from tailorcv.render.view import date_range
from tailorcv.resume.model import Resume

EXPECTED = {
    ("en", "short"): "Jan 2020 – Sep 2024",
    ("en", "long"): "January 2020 – September 2024",
    ("en", "numeric"): "01/2020 – 09/2024",
    ("en", "year"): "2020 – 2024",
    ("de", "short"): "Jan. 2020 – Sep. 2024",
    ("de", "long"): "Januar 2020 – September 2024",
    ("de", "numeric"): "01/2020 – 09/2024",
    ("de", "year"): "2020 – 2024",
    ("fr", "short"): "janv. 2020 – sept. 2024",
    ("fr", "long"): "janvier 2020 – septembre 2024",
    ("fr", "numeric"): "01/2020 – 09/2024",
    ("fr", "year"): "2020 – 2024",
    ("ja", "short"): "2020年1月 – 2024年9月",
    ("ja", "long"): "2020年1月 – 2024年9月",
    ("ja", "numeric"): "2020/01 – 2024/09",
    ("ja", "year"): "2020 – 2024",
}


@pytest.mark.parametrize(("code", "style"), sorted(EXPECTED))
def test_a_date_range_in_each_format_and_language(code: str, style: str) -> None:
    loc = locale.with_date_format(locale.get(code), style)
    assert date_range("2020-01", "2024-09", loc) == EXPECTED[code, style]


@pytest.mark.parametrize("code", ["en", "de", "fr", "ja"])
def test_the_view_writes_every_date_as_the_owner_chose(code: str) -> None:
    doc = {
        "basics": {"name": "Ada"},
        "work": [{"name": "Engines", "startDate": "2020-01", "endDate": "2024-09"}],
        "awards": [{"title": "Prize", "date": "2021-03"}],
        "meta": {"locale": code, "design": {"dateFormat": "numeric"}},
    }
    view = build_view(Resume.model_validate(doc))
    work, awards = view["sections"]
    assert work["entries"][0]["dates"] == EXPECTED[code, "numeric"]
    assert awards["entries"][0]["dates"] == ("2021/03" if code == "ja" else "03/2021")


def test_the_default_is_short_and_a_year_alone_stays_a_year() -> None:
    assert date_range("2020-01", None, locale.get("en")) == "Jan 2020 – Present"
    loc = locale.with_date_format(locale.get("de"), "long")
    assert date_range("2019", "2020-05", loc) == "2019 – Mai 2020"
    assert date_range("2020-01", "2020-11", locale.with_date_format(loc, "year")) == "2020"


def test_every_locale_has_twelve_long_names_or_full_short_ones() -> None:
    for loc in locale.LOCALES.values():
        assert len(loc.long_months) in (0, 12), loc.code
        assert len(loc.months) == 12
