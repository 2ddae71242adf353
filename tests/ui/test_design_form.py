"""The design panel's fields, both ways, without a browser: controls to ``meta``, and back."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tailorcv.errors import InvalidResume
from tailorcv.render.locale import SECTION_KEYS
from tailorcv.resume import validate
from tailorcv.web.ui.design_form import ORDERED, apply, document_of, panel

BASE: dict[str, Any] = {"basics": {"name": "Ada"}, "work": [{"name": "First"}]}
# What the panel posts when nothing was changed: every control at its "template's own".
UNTOUCHED = [
    ("meta.design._panel", "1"),
    ("meta.template", "classic"),
    ("meta.design.accent", ""),
    ("meta.design.accentCustom", "#1f4e79"),
    ("meta.design.font", ""),
    ("meta.design.dateFormat", ""),
    ("meta.design.fontSize", ""),
    ("meta.design.margins", ""),
    ("meta.design.lineSpacing", ""),
    ("meta.design.paper", "a4"),
    ("meta.design.showPhoto", "true"),
    *[("meta.design.sectionOrder", key) for key in ORDERED],
]


def posted(**changes: str | list[str]) -> list[tuple[str, str]]:
    """The untouched panel with some controls changed (a list: a control posted many times;
    an empty list: an unchecked box, which posts nothing)."""
    pairs = [(k, v) for k, v in UNTOUCHED if k.removeprefix("meta.design.") not in changes]
    for name, value in changes.items():
        key = name if name.startswith("meta.") else f"meta.design.{name}"
        pairs += [(key, v) for v in ([value] if isinstance(value, str) else value)]
    return pairs


def test_an_untouched_panel_writes_nothing() -> None:
    """A document nobody restyled keeps no ``meta`` at all, though every control was posted."""
    assert apply(UNTOUCHED, copy.deepcopy(BASE)) == BASE
    styled = {**BASE, "meta": {"template": "classic", "locale": "de"}}
    assert apply(UNTOUCHED, copy.deepcopy(styled)) == styled


def test_a_post_without_the_panel_leaves_the_design_alone() -> None:
    document = {**BASE, "meta": {"design": {"paper": "letter", "accent": "#112233"}}}
    pairs = [(k, v) for k, v in posted(paper="a4") if k != "meta.design._panel"]
    assert apply(pairs, copy.deepcopy(document)) == document


def test_every_control_lands_in_meta_design() -> None:
    order = ["education", *[k for k in ORDERED if k != "education"]]
    pairs = posted(
        **{"meta.template": "modern"},
        accent="#b3261e",
        font="Lato",
        dateFormat="long",
        fontSize="10,5",
        margins="1.8",
        lineSpacing="1.15",
        paper="letter",
        showPhoto=[],
        sectionOrder=order,
        hiddenSections=["interests", "summary"],
    )
    meta = apply(pairs, copy.deepcopy(BASE))["meta"]
    assert meta == {
        "template": "modern",
        "design": {
            "accent": "#b3261e",
            "font": "Lato",
            "dateFormat": "long",
            "fontSize": 10.5,
            "margins": 1.8,
            "lineSpacing": 1.15,
            "paper": "letter",
            "showPhoto": False,
            "sectionOrder": order,
            "hiddenSections": ["interests", "summary"],
        },
    }
    design = validate({**BASE, "meta": meta}).resume.design
    assert (design.font_size, design.paper, design.section_order[0]) == (
        10.5,
        "letter",
        "education",
    )


def test_a_colour_of_ones_own_comes_from_the_colour_input() -> None:
    pairs = posted(accent="custom", accentCustom="#0a7c5a")
    assert apply(pairs, copy.deepcopy(BASE))["meta"]["design"] == {"accent": "#0a7c5a"}


def test_a_choice_set_back_to_the_template_s_own_is_removed_and_other_keys_are_kept() -> None:
    document = {**BASE, "meta": {"design": {"fontSize": 11, "paper": "letter", "x-mine": 1}}}
    result = apply(posted(paper="a4"), copy.deepcopy(document))
    assert result["meta"]["design"] == {"paper": "a4", "x-mine": 1}  # a4 chosen again: kept


def test_text_in_a_number_box_is_refused_with_its_path() -> None:
    document = document_of(posted(fontSize="big"), BASE)
    with pytest.raises(InvalidResume) as refused:
        validate(document)
    assert [p.path for p in refused.value.problems] == ["meta.design.fontSize"]


def test_a_size_out_of_bounds_is_refused_with_its_path() -> None:
    with pytest.raises(InvalidResume) as refused:
        validate(document_of(posted(margins="9"), BASE))
    assert [p.path for p in refused.value.problems] == ["meta.design.margins"]


def test_an_unknown_template_is_not_written() -> None:
    result = apply(posted(**{"meta.template": "../../etc"}), copy.deepcopy(BASE))
    assert "meta" not in result


def test_the_panel_shows_what_was_saved() -> None:
    """Round trip: the controls' values read from a document are the ones that made it."""
    order = ["skills", *[k for k in ORDERED if k != "skills"]]
    pairs = posted(
        accent="custom",
        accentCustom="#123456",
        font="Roboto",
        fontSize="9",
        paper="letter",
        dateFormat="year",
        showPhoto=[],
        sectionOrder=order,
        hiddenSections=["summary", "awards"],
    )
    shown = panel(apply(pairs, copy.deepcopy(BASE)))
    assert (shown["accent"], shown["accent_choice"], shown["font"]) == (
        "#123456",
        "custom",
        "Roboto",
    )
    assert [box["value"] for box in shown["numbers"]] == [9.0, "", ""]
    assert (shown["paper"], shown["date_format"], shown["show_photo"]) == ("letter", "year", False)
    assert [row.key for row in shown["sections"]] == order
    assert [row.key for row in shown["sections"] if row.hidden] == ["awards"]
    assert shown["summary_hidden"]


def test_the_panel_of_an_unstyled_document_lists_sections_in_the_outputs_order() -> None:
    shown = panel(BASE)
    assert [row.key for row in shown["sections"]] == list(SECTION_KEYS[1:])
    assert [row.key for row in shown["sections"] if not row.empty] == ["work"]
    assert (shown["accent_choice"], shown["paper"], shown["show_photo"]) == ("", "a4", True)
