"""Every design option (``meta.design``) changes every output that can show it (issue 19): the
PDF of each template and letter, the DOCX of the résumé and the letter, the HTML page, and the
text and Markdown through the view."""

from __future__ import annotations

import io
import re
from typing import Any

import docx
import pytest
from docx.shared import Cm, Inches, Pt, RGBColor

from tailorcv.render import list_templates, render
from tailorcv.render.letter import render_letter
from tailorcv.resume import to_dict, validate
from tailorcv.resume.model import Resume
from tests.render.pages import colour_pixels, read_pages

TEMPLATES = [t.name for t in list_templates()]
ACCENT = "#8a1c2b"
DOC: dict[str, Any] = {
    "basics": {"name": "Ada Lovelace", "label": "Analyst", "summary": "Writes programs."},
    "work": [
        {
            "name": "Engines Ltd",
            "position": "Analyst",
            "startDate": "2020-01",
            "endDate": "2024-09",
            "highlights": ["Wrote the first program for the engine.", "Explained it."],
        }
    ],
    "education": [{"institution": "London", "studyType": "BSc", "area": "Mathematics"}],
    "skills": [{"name": "Python", "keywords": ["pandas"]}],
    "interests": [{"name": "Poetry"}],
}
LETTER = {"name": "Ada Lovelace", "greeting": "Dear team,", "paragraphs": ["I would like it."]}


def resume(**design: Any) -> Resume:
    return Resume.model_validate({**DOC, "meta": {"design": design}})


def fonts(pdf: bytes) -> set[str]:
    """The families embedded in a PDF (``ABCDEF+Lato-Bold`` → ``Lato``)."""
    names = re.findall(rb"/BaseFont\s*/[A-Z]{6}\+([A-Za-z0-9]+)", pdf)
    return {name.decode() for name in names}


def text_of(pdf: bytes) -> list[str]:
    """The lines of every page, with no-break spaces and word joiners read as plain spaces."""
    lines = [line.text for page in read_pages(pdf) for line in page.lines]
    return [" ".join(line.replace("\u2060", "").split()) for line in lines]


# PDF: every template, and its letter


@pytest.mark.parametrize("template", TEMPLATES)
def test_the_accent_colours_every_template_and_letter(template: str) -> None:
    assert colour_pixels(render(resume(), template), ACCENT) == 0
    assert colour_pixels(render(resume(accent=ACCENT), template), ACCENT) > 100
    letter = render_letter(resume(accent=ACCENT), LETTER, template)
    assert colour_pixels(letter, ACCENT) > 50


@pytest.mark.parametrize("template", TEMPLATES)
def test_the_font_family_is_the_one_embedded(template: str) -> None:
    assert "Gentium" not in "".join(fonts(render(resume(), template)))
    assert any(
        f.startswith("GentiumBookPlus")
        for f in fonts(render(resume(font="Gentium Book Plus"), template))
    )
    letter = render_letter(resume(font="Gentium Book Plus"), LETTER, template)
    assert any(f.startswith("GentiumBookPlus") for f in fonts(letter))


@pytest.mark.parametrize("template", TEMPLATES)
def test_size_and_line_spacing_take_more_of_the_page(template: str) -> None:
    def reach(**design: Any) -> float:
        return read_pages(render(resume(**design), template))[0].text_bottom

    assert reach(fontSize=8) < reach() < reach(fontSize=14)
    assert reach(lineSpacing=0.8) < reach() < reach(lineSpacing=1.8)


@pytest.mark.parametrize("template", TEMPLATES)
def test_margins_move_the_text_from_the_edge(template: str) -> None:
    """Two more centimetres of margin move the text in by two centimetres on the side the
    template sets at the margin: the start (a name, a heading) or the end (right-aligned dates)
    — a sidebar's band has its own padding on the start side."""

    def edges(**design: Any) -> tuple[float, float]:
        lines = read_pages(render(resume(**design), template))[0].lines
        return min(line.left for line in lines), max(line.right for line in lines)

    (left1, right1), (left3, right3) = edges(margins=1), edges(margins=3)
    moved = Cm(2).pt
    assert left3 - left1 == pytest.approx(moved, abs=2) or right1 - right3 == pytest.approx(
        moved, abs=2
    )
    assert left1 >= Cm(0.7).pt


@pytest.mark.parametrize("template", TEMPLATES)
def test_the_date_format_is_the_owners(template: str) -> None:
    """Each end of the range as the format writes it (a narrow dates column may wrap a range)."""

    def shown(**design: Any) -> str:
        return " ".join(text_of(render(resume(**design), template)))

    assert "Jan 2020" in shown()
    assert "Sep 2024" in shown()
    long = shown(dateFormat="long")
    assert "January 2020" in long
    assert "September 2024" in long
    numeric = shown(dateFormat="numeric")
    assert "01/2020" in numeric
    assert "09/2024" in numeric
    assert "2020" in shown(dateFormat="year")
    assert "Jan" not in shown(dateFormat="year")


@pytest.mark.parametrize("template", TEMPLATES)
def test_sections_appear_in_the_chosen_order_without_the_hidden_ones(template: str) -> None:
    """Education before experience: two sections every template keeps in its main column."""
    chosen = resume(sectionOrder=["education", "work"], hiddenSections=["interests"])
    lines = [t.casefold() for t in text_of(render(chosen, template))]
    assert lines.index("education") < lines.index("experience")
    assert "interests" not in lines
    assert "poetry" not in " ".join(lines)


# DOCX: the résumé's and the letter's


def word(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


@pytest.mark.parametrize("make", ["resume", "letter"])
def test_the_docx_page_is_the_pdfs(make: str) -> None:
    def page(**design: Any) -> Any:
        if make == "letter":
            return word(render_letter(resume(**design), LETTER, fmt="docx")).sections[0]
        return word(render(resume(**design), fmt="docx")).sections[0]

    def near(length: int, expected: int) -> bool:
        return abs(length - expected) < Cm(0.01)  # Word keeps twentieths of a point

    a4 = page()
    assert near(a4.page_width, Cm(21))
    assert near(a4.page_height, Cm(29.7))
    letter = page(paper="letter", margins=1.5)
    assert near(letter.page_width, Inches(8.5))
    assert near(letter.page_height, Inches(11))
    sides = (letter.left_margin, letter.right_margin, letter.top_margin, letter.bottom_margin)
    assert all(near(side, Cm(1.5)) for side in sides)


def test_the_docx_styles_take_font_size_spacing_and_accent() -> None:
    styles = word(render(resume(), fmt="docx")).styles
    assert styles["Normal"].font.name == "Calibri"
    chosen = resume(font="Lato", fontSize=12, lineSpacing=1.3, accent=ACCENT)
    styles = word(render(chosen, fmt="docx")).styles
    assert styles["Normal"].font.name == "Lato"
    assert styles["Heading 1"].font.name == "Lato"
    assert styles["Normal"].font.size == Pt(12)
    assert styles["Title"].font.size > styles["Heading 1"].font.size > Pt(12)
    assert styles["Normal"].paragraph_format.line_spacing == pytest.approx(1.3)
    assert styles["Heading 1"].font.color.rgb == RGBColor.from_string(ACCENT[1:].upper())


def test_the_docx_follows_the_chosen_order_and_dates() -> None:
    chosen = resume(sectionOrder=["skills"], hiddenSections=["interests"], dateFormat="year")
    paragraphs = word(render(chosen, fmt="docx")).paragraphs
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Summary", "Skills", "Experience", "Education"]
    assert any(p.text == "2020 – 2024" for p in paragraphs)


# HTML, text and Markdown


def test_the_html_page_carries_the_design_as_css_properties() -> None:
    plain = render(resume(), fmt="html").decode()
    assert "body.design" not in plain
    assert "size: A4" in plain
    page = render(
        resume(accent=ACCENT, font="EB Garamond", lineSpacing=1.2, paper="letter"), fmt="html"
    ).decode()
    assert f"--accent: {ACCENT};" in page
    assert '--body: "EB Garamond", var(--serif);' in page
    assert "--leading: 1.8;" in page
    assert "size: letter" in page
    assert '<body class="style-classic design">' in page


def test_the_html_page_and_text_follow_order_hiding_and_dates() -> None:
    chosen = resume(sectionOrder=["skills"], hiddenSections=["interests"], dateFormat="long")
    shown = {
        "html": ('<h2 id="s-skills">', '<h2 id="s-work">', '<h2 id="s-education">'),
        "md": ("## Skills", "## Experience", "## Education"),
        "txt": ("SKILLS", "EXPERIENCE", "EDUCATION"),
    }
    for fmt, headings in shown.items():
        out = render(chosen, fmt=fmt).decode()
        found = [out.index(heading) for heading in headings]
        assert found == sorted(found), fmt
        assert "Poetry" not in out
        assert "January 2020 – September 2024" in out


def test_the_design_round_trips_through_json_resume_meta() -> None:
    chosen = resume(
        accent="#8A1C2B",
        font="Lato",
        fontSize=11,
        margins=1.8,
        lineSpacing=1.1,
        paper="letter",
        sectionOrder=["skills"],
        hiddenSections=["interests"],
        dateFormat="numeric",
        showPhoto=False,
    )
    again = validate(to_dict(chosen)).resume
    assert again.design == chosen.design
    assert to_dict(again)["meta"]["design"]["accent"] == ACCENT
    assert to_dict(again)["meta"]["design"]["dateFormat"] == "numeric"
