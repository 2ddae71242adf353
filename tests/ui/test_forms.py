"""The editor's form, both ways, without a browser: fields to a document, and the editing moves."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tailorcv.web.ui.forms import apply_move, document_from_form, label_for
from tailorcv.web.ui.home import safe_next

BASE: dict[str, Any] = {
    "$schema": "https://example.com/schema.json",
    "basics": {"name": "Ada", "image": "ada.png", "profiles": [{"network": "x", "id": 7}]},
    "work": [
        {"name": "First", "position": "Dev", "x-note": "kept"},
        {"name": "Second", "position": "Lead"},
    ],
    "meta": {"template": "modern"},
}


def form(*pairs: tuple[str, str]) -> list[tuple[str, str]]:
    return list(pairs)


def test_fields_become_the_document_and_hidden_keys_are_carried_over() -> None:
    pairs = form(
        ("basics.name", " Ada Lovelace "),
        ("basics.location.city", "London"),
        ("basics.profiles[0]._from", "0"),
        ("basics.profiles[0].network", "Mastodon"),
        ("work[0]._from", "1"),
        ("work[0].name", "Second"),
        ("work[0].highlights[0]", "Led"),
        ("work[0].highlights[1]", ""),
        ("work[1]._from", "0"),
        ("work[1].name", "First"),
        ("work[1].position", ""),
    )
    document = document_from_form(pairs, BASE)
    assert document["basics"]["name"] == "Ada Lovelace"
    assert document["basics"]["image"] == "ada.png"  # not on the form, kept
    assert document["basics"]["location"] == {"city": "London"}
    assert document["basics"]["profiles"] == [{"network": "Mastodon", "id": 7}]
    assert document["work"] == [
        {"name": "Second", "highlights": ["Led"]},
        {"name": "First", "x-note": "kept"},  # an emptied field is gone, a hidden one stays
    ]
    assert document["meta"] == {"template": "modern"}
    assert document["$schema"] == BASE["$schema"]


def test_an_emptied_entry_keeps_only_what_the_form_did_not_show() -> None:
    document = document_from_form(form(("work[0]._from", "0"), ("work[0].name", "")), BASE)
    assert document["work"] == [{"x-note": "kept"}]


def test_a_section_with_no_entry_on_the_form_is_emptied() -> None:
    assert document_from_form(form(("basics.name", "Ada")), BASE)["work"] == []


def test_a_form_that_claims_absurd_indexes_is_not_obeyed() -> None:
    document = document_from_form(form(("work[99999].name", "Huge")), BASE)
    assert document["work"] == []


@pytest.mark.parametrize(
    ("move", "names"),
    [
        ("up:work[1]", ["Second", "First"]),
        ("down:work[0]", ["Second", "First"]),
        ("down:work[1]", ["First", "Second"]),  # already last: nothing moves
        ("remove:work[0]", ["Second"]),
        ("remove:work[5]", ["First", "Second"]),
        ("add:work", ["First", "Second", None]),
        ("explode:work[0]", ["First", "Second"]),
        ("up:meta", ["First", "Second"]),
    ],
)
def test_moves_act_on_entries(move: str, names: list[str | None]) -> None:
    document = apply_move(copy.deepcopy(BASE), move)
    assert [entry.get("name") for entry in document["work"]] == names


def test_moves_act_on_bullets_and_create_the_list_when_adding() -> None:
    document: dict[str, Any] = {"basics": {}, "work": [{"name": "A"}]}
    apply_move(document, "add:work[0].highlights")
    assert document["work"][0]["highlights"] == [""]
    document["work"][0]["highlights"] = ["one", "two"]
    apply_move(document, "up:work[0].highlights[1]")
    assert document["work"][0]["highlights"] == ["two", "one"]
    apply_move(document, "remove:work[0].highlights[0]")
    assert document["work"][0]["highlights"] == ["one"]
    apply_move(document, "add:basics.profiles")
    assert document["basics"]["profiles"] == [{}]


def test_labels_are_words() -> None:
    assert label_for("work", "name") == "Company"
    assert label_for("education", "startDate") == "Start date"
    assert label_for("basics", "summary*") == "Summary"


@pytest.mark.parametrize(
    ("asked", "kept"),
    [
        ("/jobs", "/jobs"),
        ("//evil.example/", "/dashboard"),
        ("https://evil.example/", "/dashboard"),
        ("/\\evil.example", "/dashboard"),
        ("", "/dashboard"),
    ],
)
def test_after_login_only_a_path_here_is_followed(asked: str, kept: str) -> None:
    assert safe_next(asked) == kept


# Other sections (issue 18): what an import found no JSON Resume place for


OTHERS_BASE: dict[str, Any] = {
    "basics": {"name": "Ada"},
    "otherSections": [
        {"title": "Patents", "lines": ["One", "Two"], "x-source": "page 2"},
        {"title": "Clubs", "lines": ["Chess"]},
    ],
}


def test_other_sections_come_from_a_title_and_one_line_per_line() -> None:
    pairs = form(
        ("otherSections[0]._from", "1"),
        ("otherSections[0].title", " Clubs "),
        ("otherSections[0].lines", "Chess\r\n\r\n  Rowing  \n"),
        ("otherSections[1]._from", "0"),
        ("otherSections[1].title", "Patents"),
        ("otherSections[1].lines", "One"),
        ("otherSections[2].title", ""),
        ("otherSections[2].lines", ""),
    )
    document = document_from_form(pairs, OTHERS_BASE)
    assert document["otherSections"] == [
        {"title": "Clubs", "lines": ["Chess", "Rowing"]},
        {"title": "Patents", "lines": ["One"], "x-source": "page 2"},  # a hidden key stays
    ], "reordered, blank lines and an empty added section dropped"


def test_an_other_sections_nested_bullets_keep_their_indent() -> None:
    lines = "- Talks\r\n  - PyCon 2024  \r\n    - a keynote\r\n- Panels"
    pairs = form(("otherSections[0].title", "Speaking"), ("otherSections[0].lines", lines))
    document = document_from_form(pairs, {})
    assert document["otherSections"][0]["lines"] == [
        "- Talks",
        "  - PyCon 2024",
        "    - a keynote",
        "- Panels",
    ]


def test_a_form_without_other_sections_empties_them() -> None:
    document = document_from_form(form(("basics.name", "Ada")), OTHERS_BASE)
    assert "otherSections" not in document


def test_other_sections_are_bounded_by_path() -> None:
    from tailorcv.web.ui.forms import MAX_ITEMS, MAX_LINE, MAX_OTHERS, MAX_TITLE, other_problems

    document = {
        "otherSections": [
            {"title": "", "lines": ["x"]},
            {"title": "t" * (MAX_TITLE + 1), "lines": ["x" * (MAX_LINE + 1)]},
            {"title": "Many", "lines": ["x"] * (MAX_ITEMS + 1)},
            {"title": "Fine", "lines": ["x" * MAX_LINE]},
        ]
    }
    found = {problem.path: problem.message for problem in other_problems(document)}
    assert found == {
        "otherSections[0].title": "give this section a title",
        "otherSections[1].title": f"at most {MAX_TITLE} characters",
        "otherSections[1].lines": f"at most {MAX_LINE} characters per line",
        "otherSections[2].lines": f"at most {MAX_ITEMS} lines",
    }
    many = {"otherSections": [{"title": "T", "lines": []}] * (MAX_OTHERS + 1)}
    assert [problem.path for problem in other_problems(many)] == ["otherSections"]


def test_other_sections_can_be_added_removed_and_moved() -> None:
    document = apply_move(copy.deepcopy(OTHERS_BASE), "add:otherSections")
    assert document["otherSections"][-1] == {}
    document = apply_move(document, "down:otherSections[0]")
    assert [o.get("title") for o in document["otherSections"]] == ["Clubs", "Patents", None]
    document = apply_move(document, "remove:otherSections[1]")
    assert [o.get("title") for o in document["otherSections"]] == ["Clubs", None]


def test_what_an_import_keeps_is_edited_in_the_form() -> None:
    """Issue 19: education highlights, location and text, a publication's authors and a
    project's summary are fields of the form; a bullet with sub-bullets keeps its lines."""
    base = {
        "education": [{"institution": "UCL", "highlights": ["Old"], "x-kept": 1}],
        "publications": [{"name": "On Engines", "authors": ["A", "B"]}],
        "projects": [{"name": "Notation", "description": "Lead", "summary": "Old"}],
        "work": [{"name": "Acme", "highlights": ["Old"]}],
    }
    pairs = form(
        ("education[0]._from", "0"),
        ("education[0].institution", "UCL"),
        ("education[0].location", "London"),
        ("education[0].summary", "With honours"),
        ("education[0].highlights[0]", "Thesis on engines"),
        ("publications[0]._from", "0"),
        ("publications[0].name", "On Engines"),
        ("publications[0].authors[0]", "*Ada*"),
        ("publications[0].authors[1]", ""),
        ("projects[0]._from", "0"),
        ("projects[0].name", "Notation"),
        ("projects[0].description", "Lead"),
        ("projects[0].summary", "A notation\r\nfor programs"),
        ("work[0]._from", "0"),
        ("work[0].name", "Acme"),
        ("work[0].highlights[0]", "Research\r\n  - ICML paper\r\n  - NeurIPS paper"),
    )
    document = document_from_form(pairs, base)
    assert document["education"] == [
        {
            "institution": "UCL",
            "location": "London",
            "summary": "With honours",
            "highlights": ["Thesis on engines"],
            "x-kept": 1,
        }
    ]
    assert document["publications"][0]["authors"] == ["*Ada*"]
    assert document["projects"][0]["summary"] == "A notation\nfor programs"
    assert document["work"][0]["highlights"] == ["Research\n  - ICML paper\n  - NeurIPS paper"]
    added = apply_move(copy.deepcopy(document), "add:publications[0].authors")
    assert added["publications"][0]["authors"] == ["*Ada*", ""]
