"""The editor's moves of issue 19, without a browser: an entry dragged to a place, a section
dragged to a place (kept in ``meta.design.sectionOrder``), and Undo putting a removed entry back."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from tailorcv.resume import to_dict, validate
from tailorcv.web.ui.forms import (
    MAX_ITEMS,
    MAX_REMOVED,
    SECTIONS,
    apply_move,
    entry_title,
    ordered_sections,
    section_order,
    undo_for,
)

BASE: dict[str, Any] = {
    "basics": {"name": "Ada", "profiles": [{"network": "GitHub"}, {"network": "Mastodon"}]},
    "work": [
        {"name": "First", "position": "Dev", "x-note": {"kept": [1, 2]}},
        {"name": "Second"},
        {"name": "Third", "highlights": ["one", "two", "three"]},
    ],
}
FORM_ORDER = [section.key for section in SECTIONS]


def names(document: dict[str, Any]) -> list[str]:
    return [entry["name"] for entry in document["work"]]


@pytest.mark.parametrize(
    ("move", "expected"),
    [
        ("order:work[2]=0", ["Third", "First", "Second"]),
        ("order:work[0]=2", ["Second", "Third", "First"]),
        ("order:work[1]=1", ["First", "Second", "Third"]),
        ("order:work[0]=3", ["First", "Second", "Third"]),  # past the end: nothing moves
        ("order:work[7]=0", ["First", "Second", "Third"]),
        ("order:work[0]=99999", ["First", "Second", "Third"]),  # more digits than a place has
        ("order:work=0", ["First", "Second", "Third"]),  # a list, not an entry
        ("order:work[1]=-1", ["First", "Second", "Third"]),
    ],
)
def test_an_entry_is_dropped_at_its_place_and_nowhere_else(move: str, expected: list[str]) -> None:
    assert names(apply_move(copy.deepcopy(BASE), move)) == expected


def test_bullets_and_profiles_are_dropped_in_their_own_list() -> None:
    document = apply_move(copy.deepcopy(BASE), "order:work[2].highlights[2]=0")
    assert document["work"][2]["highlights"] == ["three", "one", "two"]
    document = apply_move(document, "order:basics.profiles[1]=0")
    assert [p["network"] for p in document["basics"]["profiles"]] == ["Mastodon", "GitHub"]


def test_the_form_shows_sections_in_the_designs_order_then_the_rest() -> None:
    assert section_order({}) == FORM_ORDER
    document = {"meta": {"design": {"sectionOrder": ["skills", "summary", "work", "skills", 3]}}}
    assert section_order(document)[:3] == ["skills", "work", "education"]
    assert sorted(section_order(document)) == sorted(FORM_ORDER)
    assert [s.key for s in ordered_sections(document)] == section_order(document)


def test_a_dragged_section_writes_the_whole_order_into_the_design() -> None:
    document = apply_move(copy.deepcopy(BASE), "section:skills=0")
    order = document["meta"]["design"]["sectionOrder"]
    assert order == ["skills", *[key for key in FORM_ORDER if key != "skills"]]
    document = apply_move(document, "section:work=3")
    assert section_order(document)[:4] == ["skills", "education", "projects", "work"]
    assert to_dict(validate(document).resume)["meta"]["design"]["sectionOrder"] == (
        section_order(document)
    )


def test_a_key_the_form_does_not_show_keeps_its_place_and_other_choices_stay() -> None:
    document = {"meta": {"template": "modern", "design": {"accent": "#112233"}}}
    document["meta"]["design"]["sectionOrder"] = ["summary", "education", "work"]
    apply_move(document, "section:work=0")
    order = document["meta"]["design"]["sectionOrder"]
    assert order[:3] == ["summary", "work", "education"]
    assert document["meta"]["template"] == "modern"
    assert document["meta"]["design"]["accent"] == "#112233"


@pytest.mark.parametrize(
    "move", ["section:work=11", "section:nothing=0", "section:basics=0", "section:work=-1"]
)
def test_a_section_move_outside_the_form_changes_nothing(move: str) -> None:
    document = copy.deepcopy(BASE)
    assert apply_move(document, move) == BASE


def test_undo_carries_the_removed_entry_whole_and_puts_it_back_where_it_was() -> None:
    undo = undo_for(BASE, "remove:work[0]")
    assert undo is not None
    assert undo["move"] == "insert:work[0]"
    assert undo["label"] == "Dev"
    assert json.loads(undo["json"]) == BASE["work"][0]  # the key the form does not show too
    document = apply_move(copy.deepcopy(BASE), "remove:work[0]")
    document = apply_move(document, undo["move"], undo["json"])
    assert document == BASE


def test_undo_puts_a_bullet_back_as_text_and_an_entry_at_the_end_of_a_shorter_list() -> None:
    undo = undo_for(BASE, "remove:work[2].highlights[1]")
    assert undo is not None
    assert (undo["json"], undo["label"]) == ('"two"', "two")
    document = apply_move(copy.deepcopy(BASE), "remove:work[2].highlights[1]")
    assert apply_move(document, undo["move"], undo["json"]) == BASE
    document = apply_move(copy.deepcopy(BASE), "insert:work[9]", '{"name": "Late"}')
    assert names(document) == ["First", "Second", "Third", "Late"]


@pytest.mark.parametrize(
    ("move", "removed"),
    [
        ("insert:work[0]", ""),  # nothing posted
        ("insert:work[0]", "{not json"),
        ("insert:work[0]", '"text where an entry belongs"'),
        ("insert:work[2].highlights[0]", '{"an": "entry where text belongs"}'),
        ("insert:work[0]", "[1, 2]"),
        ("insert:work[0]", json.dumps({"name": "x" * MAX_REMOVED})),  # too large to carry
        ("insert:work[0]", "[" * 5_000 + "]" * 5_000),  # nested past any bound
        ("insert:work", '{"name": "A list, not a place"}'),
    ],
)
def test_undo_refuses_what_is_not_an_entry(move: str, removed: str) -> None:
    assert apply_move(copy.deepcopy(BASE), move, removed) == BASE


def test_undo_does_not_grow_a_list_past_the_forms_bound() -> None:
    document: dict[str, Any] = {"work": [{"name": str(i)} for i in range(MAX_ITEMS)]}
    apply_move(document, "insert:work[0]", '{"name": "one more"}')
    assert len(document["work"]) == MAX_ITEMS


@pytest.mark.parametrize(
    "move", ["add:work", "up:work[1]", "remove:work[9]", "remove:work", "order:work[0]=1"]
)
def test_only_a_removal_of_something_there_offers_undo(move: str) -> None:
    assert undo_for(BASE, move) is None


def test_an_entry_too_large_to_carry_offers_no_undo() -> None:
    document = {"work": [{"name": "Big", "summary": "x" * MAX_REMOVED}]}
    assert undo_for(document, "remove:work[0]") is None


def test_entries_are_named_by_what_they_hold() -> None:
    assert entry_title({"name": "Acme", "position": "Lead"}, "job", 0) == "Lead"
    assert entry_title({"network": "GitHub"}, "profile", 0) == "GitHub"
    assert entry_title({}, "job", 1) == "Job 2"
    assert entry_title("  ", "bullet", 0) == "Bullet 1"
    assert entry_title("y" * 80, "bullet", 0) == "y" * 59 + "…"
    assert undo_for({"work": [{}]}, "remove:work[0]") == {
        "move": "insert:work[0]",
        "json": "{}",
        "label": "Job 1",
    }
