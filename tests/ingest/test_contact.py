"""The header of a résumé: name and label, email, phone, place, web site and profiles."""

from __future__ import annotations

import pytest

from tailorcv.ingest.contact import normalise_phone, parse_header, profile_of, split_name
from tailorcv.ingest.cues import read_place, split_place
from tailorcv.ingest.lines import Item, Notes


def header(*lines: str, links: tuple[str, ...] = ()) -> tuple[dict[str, object], Notes]:
    notes = Notes()
    basics, _ = parse_header([Item(t) for t in lines], list(links), notes)
    return basics, notes


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("+1 (555) 123-4567", "+1 555 123 4567"),
        ("Phone: +46 70 123 45 67", "+46 70 123 45 67"),
        ("Tel. 0049 30 1234567", "+49 30 1234567"),
        ("(555) 123.4567", "555 123 4567"),
        ("(+1) 415 555 0142", "+1 415 555 0142"),
    ],
)
def test_phone_numbers_keep_their_digits_and_plus(written: str, expected: str) -> None:
    assert normalise_phone(written) == expected


def test_contact_items_sharing_one_line() -> None:
    basics, notes = header(
        "Maya Lindqvist",
        "Senior Backend Engineer",
        "maya@example.com | +46 70 123 45 67 | Stockholm, SE | maya.example.com |",
        "github.com/mlindqvist | linkedin.com/in/maya",
        links=("https://www.linkedin.com/in/maya",),
    )
    assert basics["name"] == "Maya Lindqvist"
    assert basics["label"] == "Senior Backend Engineer"
    assert basics["email"] == "maya@example.com"
    assert basics["phone"] == "+46 70 123 45 67"
    assert basics["location"] == {"city": "Stockholm", "countryCode": "SE"}
    assert basics["url"] == "https://maya.example.com"
    assert basics["profiles"] == [
        {"network": "GitHub", "username": "mlindqvist", "url": "https://github.com/mlindqvist"},
        {"network": "LinkedIn", "username": "maya", "url": "https://www.linkedin.com/in/maya"},
    ]
    assert notes.confidence["basics.email"] > 0.9


def test_labelled_items_one_per_line() -> None:
    basics, _ = header(
        "JOHN SMITH",
        "Email: john@email.com",
        "Phone: +1 (555) 123-4567",
        "GitHub: jsmith | Location: San Francisco, CA",
    )
    assert basics["name"] == "John Smith"
    assert basics["phone"] == "+1 555 123 4567"
    assert basics["location"] == {"city": "San Francisco", "region": "CA"}
    assert basics["profiles"] == [
        {"network": "GitHub", "username": "jsmith", "url": "https://github.com/jsmith"}
    ]


def test_a_guessed_name_is_flagged() -> None:
    _, notes = header("curriculum vitae of someone", "x@y.com")
    assert notes.confidence["basics.name"] < 0.7
    assert "the name was guessed from the first line; check it" in notes.warnings


def test_a_country_code_in_brackets() -> None:
    basics, _ = header("Ada Lovelace", "(+1) 4155550142\tada@example.com")
    assert basics["phone"] == "+1 4155550142"


def test_a_user_name_beside_the_name_is_no_label() -> None:
    basics, _ = header("John Doe\tjohndoe", "Web Developer", "jo@example.com")
    assert (basics["name"], basics["label"]) == ("John Doe", "Web Developer")


def test_a_year_range_is_not_a_phone_number() -> None:
    basics, _ = header("Ada Lovelace", "2016 - 2020")
    assert "phone" not in basics


def test_the_name_line_may_hold_the_title() -> None:
    assert split_name("Maya Lindqvist Senior Backend Engineer") == (
        "Maya Lindqvist",
        "Senior Backend Engineer",
    )
    assert split_name("Jean-Luc Picard") == ("Jean-Luc Picard", "")


@pytest.mark.parametrize(
    ("url", "network", "user"),
    [
        ("https://www.linkedin.com/in/ada/", "LinkedIn", "ada"),
        ("github.com/ada", "GitHub", "ada"),
        ("https://stackoverflow.com/users/123/ada", "Stack Overflow", "123"),
        ("https://x.com/ada", "X", "ada"),
    ],
)
def test_profiles_are_named_by_host(url: str, network: str, user: str) -> None:
    profile = profile_of(url)
    assert profile is not None
    assert (profile["network"], profile["username"]) == (network, user)


def test_a_personal_site_is_no_profile() -> None:
    assert profile_of("https://ada.example.com") is None


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Stockholm, SE", {"city": "Stockholm", "countryCode": "SE"}),
        ("Austin, TX", {"city": "Austin", "region": "TX"}),
        ("Berlin, DE", {"city": "Berlin", "countryCode": "DE"}),
        ("Galway, Ireland", {"city": "Galway", "countryCode": "IE"}),
        ("Gothenburg", {"city": "Gothenburg"}),
        ("Nordpay", None),
        ("Google DeepMind London, UK", None),
        ("Quantix, San Francisco, USA", None),
        (
            "Cambridge, Massachusetts, USA",
            {"city": "Cambridge", "countryCode": "US", "region": "Massachusetts"},
        ),
    ],
)
def test_places(text: str, place: dict[str, str] | None) -> None:
    assert read_place(text) == place


def test_a_place_is_cut_off_the_end_of_a_name() -> None:
    assert split_place("Nexus AI San Francisco, CA") == ("Nexus AI", "San Francisco, CA")
    assert split_place("Kodverket AB Gothenburg") == ("Kodverket AB", "Gothenburg")
    assert split_place("TechCorp Inc.") == ("TechCorp Inc.", "")


def test_a_driving_licence_an_address_and_a_handle_are_not_what_they_were_taken_for() -> None:
    """Issue 18: "Permis : B" became a social profile, a street address became the headline,
    and a profile's handle beside the title stayed in it."""
    from tailorcv.ingest.document import Document, Line
    from tailorcv.ingest.sections import parse

    lines = [
        "Claire Martin",
        "123 Main St, Anywhere, USA",
        "Product Manager\tcmartin",
        "claire@example.com",
        "Permis : B\tlinkedin.com/in/cmartin",
        "Experience",
        "Product Manager, Acme Inc.\tJan 2020 – Present",
    ]
    basics = parse(Document(lines=[Line(t) for t in lines], kind="pdf")).resume.basics
    assert [p.network for p in basics.profiles] == ["LinkedIn"]
    assert basics.location is not None
    assert basics.location.address == "123 Main St, Anywhere, USA"
    assert basics.label == "Product Manager"
