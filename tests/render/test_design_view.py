"""``meta.design`` reaches every template through the view: paper, order, hidden sections."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tailorcv.render import list_templates, render
from tailorcv.render.letter import render_letter
from tailorcv.render.view import build
from tailorcv.resume.model import Resume

DOC: dict[str, Any] = {
    "basics": {"name": "Ada Lovelace", "summary": "Analyst."},
    "work": [{"name": "Engines Ltd", "position": "Analyst", "startDate": "2020-01"}],
    "education": [{"institution": "London", "studyType": "BSc", "area": "Mathematics"}],
    "skills": [{"name": "Python"}],
    "interests": [{"name": "Poetry"}],
}


def resume(**design: Any) -> Resume:
    return Resume.model_validate({**DOC, "meta": {"design": design}})


def media_box(pdf: bytes) -> tuple[float, float]:
    found = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert found is not None
    return round(float(found.group(1))), round(float(found.group(2)))


@pytest.mark.parametrize("template", [t.name for t in list_templates()])
def test_the_paper_is_the_owners_choice_in_every_template(template: str) -> None:
    assert media_box(render(resume(), template)) == (595, 842)  # A4 unless asked
    assert media_box(render(resume(paper="letter"), template)) == (612, 792)


def test_a_letter_is_on_the_same_paper_as_its_resume() -> None:
    letter = {"name": "Ada Lovelace", "paragraphs": ["I would like the post."]}
    assert media_box(render_letter(resume(paper="letter"), letter, "modern")) == (612, 792)


def test_sections_follow_the_chosen_order_and_hidden_ones_are_gone() -> None:
    view = build(resume(sectionOrder=["skills", "education"], hiddenSections=["interests"]))
    assert [s["key"] for s in view["sections"]] == ["skills", "education", "work"]
    assert build(resume(hiddenSections=["summary"]))["summary"] == ""
    assert [s["key"] for s in build(resume())["sections"]] == [
        "work",
        "education",
        "skills",
        "interests",
    ]


def test_choices_left_to_the_template_are_blank_in_the_view() -> None:
    assert build(resume())["design"] == {
        "accent": "",
        "font": "",
        "size": 0,
        "margin": 0,
        "spacing": 0,
        "paper": "a4",
    }
    chosen = build(resume(accent="#A00", font="Lato", fontSize=11, margins=1.5, lineSpacing=1.2))
    assert chosen["design"]["accent"] == "#aa0000"
    assert chosen["design"]["font"] == "Lato"
    assert chosen["design"]["size"] == 11
