"""``meta.design``: the owner's choices kept in JSON Resume and read back unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
import rendercv_fonts

from tailorcv.errors import InvalidResume
from tailorcv.resume import to_dict, validate
from tailorcv.resume.design import FONTS, Design
from tailorcv.resume.model import Resume

CHOICES = {
    "accent": "#1f4e79",
    "font": "Lato",
    "fontSize": 11.5,
    "margins": 1.5,
    "lineSpacing": 1.2,
    "paper": "letter",
    "sectionOrder": ["education", "work"],
    "hiddenSections": ["interests"],
    "dateFormat": "long",
    "showPhoto": False,
}


def test_every_choice_round_trips_through_json_resume_meta() -> None:
    document = {"basics": {"name": "Ada"}, "meta": {"template": "modern", "design": CHOICES}}
    again = to_dict(Resume.model_validate(document))
    assert again["meta"]["design"] == CHOICES
    assert Resume.model_validate(again).design == Resume.model_validate(document).design


def test_no_design_writes_none_and_reads_as_the_templates_own() -> None:
    resume = Resume.model_validate({"basics": {"name": "Ada"}})
    assert "design" not in to_dict(resume).get("meta", {})
    assert resume.design == Design()
    assert resume.design.paper is None


def test_a_short_colour_is_kept_long_and_repeated_keys_once() -> None:
    design = Design.model_validate({"accent": "#ABC", "sectionOrder": ["work", "work", "skills"]})
    assert design.accent == "#aabbcc"
    assert design.section_order == ["work", "skills"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("accent", "blue"),
        ("accent", "#12345"),
        ("font", "Comic Sans MS"),
        ("fontSize", 40),
        ("fontSize", 2),
        ("margins", 9),
        ("lineSpacing", 0.1),
        ("paper", "a3"),
        ("dateFormat", "dd.mm"),
        ("sectionOrder", ["x" * 101]),
        ("hiddenSections", ["s"] * 61),
    ],
)
def test_a_choice_outside_its_limits_is_refused_with_its_path(field: str, value: object) -> None:
    with pytest.raises(InvalidResume) as caught:
        validate({"basics": {"name": "Ada"}, "meta": {"design": {field: value}}})
    assert any(p.path.startswith(f"meta.design.{field}") for p in caught.value.problems)


def test_every_font_offered_is_shipped() -> None:
    shipped = {p.name for p in Path(rendercv_fonts.__file__).parent.iterdir() if p.is_dir()}
    assert set(FONTS) <= shipped
