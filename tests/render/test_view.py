"""The view every output reads: sections, order, dates, headings, contact and safe links."""

from __future__ import annotations

from typing import Any

import pytest

from tailorcv.render import locale, view
from tailorcv.resume import validate


def build(doc: dict[str, Any]) -> dict[str, Any]:
    return view.build(validate(doc).resume)


def test_sections_follow_the_fixed_order_and_empty_ones_disappear() -> None:
    shown = build(
        {
            "skills": [{"name": "Python"}],
            "work": [{"name": "Acme", "position": "Engineer"}],
            "education": [{"institution": "MIT"}],
            "awards": [{}],
            "interests": [],
        }
    )
    assert [s["key"] for s in shown["sections"]] == ["work", "education", "skills"]


def test_work_entry_has_position_company_and_a_localised_range() -> None:
    shown = build(
        {
            "work": [{"name": "Acme", "position": "Engineer", "startDate": "2020-03"}],
            "meta": {"locale": "de"},
        }
    )
    entry = shown["sections"][0]["entries"][0]
    assert (entry["title"], entry["subtitle"]) == ("Engineer", "Acme")
    assert entry["dates"] == "März 2020 – heute"
    assert shown["sections"][0]["title"] == "Berufserfahrung"


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2019", "2021", "2019 – 2021"),
        ("2019-01", "2019-01", "Jan 2019"),
        ("2019-01-15", None, "Jan 2019 – Present"),
        (None, "2020-12", "Dec 2020"),
        (None, None, ""),
    ],
)
def test_date_range(start: str | None, end: str | None, expected: str) -> None:
    assert view.date_range(start, end, locale.get("en")) == expected


def test_cjk_dates_put_the_year_first() -> None:
    assert view.date_range("2021-04", None, locale.get("ja")) == "2021年4月 – 現在"


def test_arabic_is_right_to_left_and_unknown_locales_fall_back_to_english() -> None:
    assert build({"meta": {"locale": "ar"}})["dir"] == "rtl"
    assert locale.get("pt-BR").code == "pt"
    assert locale.get("xx").code == "en"


def test_every_locale_names_every_section() -> None:
    for loc in locale.LOCALES.values():
        assert set(loc.headings) == set(locale.SECTION_KEYS)
        assert len(loc.months) == 12


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://example.com/a", "https://example.com/a"),
        ("example.com", "https://example.com"),
        ("mailto:a@b.se", "mailto:a@b.se"),
        ("javascript:alert(1)", ""),
        ("data:text/html,<b>x</b>", ""),
        ("https://exa mple.com", ""),
        ("https://localhost", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_only_followable_urls_become_links(given: str | None, expected: str) -> None:
    assert view.safe_url(given) == expected


def test_contact_lists_email_phone_location_site_and_profiles() -> None:
    shown = build(
        {
            "basics": {
                "email": "a@b.se",
                "phone": "+46 70 123",
                "location": {"city": "Malmö", "countryCode": "SE"},
                "url": "https://a.example.com/",
                "profiles": [{"network": "GitHub", "url": "https://github.com/a"}],
            }
        }
    )
    assert [(c["kind"], c["text"], c["url"]) for c in shown["contact"]] == [
        ("email", "a@b.se", "mailto:a@b.se"),
        ("phone", "+46 70 123", "tel:+4670123"),
        ("location", "Malmö, SE", ""),
        ("url", "a.example.com", "https://a.example.com/"),
        ("github", "github.com/a", "https://github.com/a"),
    ]


def test_document_metadata_comes_from_the_name_label_and_skills() -> None:
    shown = build(
        {
            "basics": {"name": "Ada", "label": "Engineer"},
            "skills": [{"name": "Languages", "keywords": ["Python", "Go"]}],
        }
    )
    assert shown["document"] == {
        "title": "Ada – Engineer",
        "author": "Ada",
        "keywords": ["Languages", "Python", "Go"],
    }


def test_every_entry_has_every_key_so_templates_never_test_for_none() -> None:
    shown = build({"projects": [{"name": "x"}], "languages": [{"language": "Sv"}]})
    keys = {
        "title",
        "subtitle",
        "location",
        "dates",
        "note",
        "summary",
        "detail",
        "bullets",
        "tags",
        "url",
        "url_text",
        "summary_runs",
        "note_runs",
        "items",
    }
    for section in shown["sections"]:
        for entry in section["entries"]:
            assert set(entry) == keys
