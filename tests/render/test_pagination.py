"""Pagination that looks made by hand (issue 19), read back from the PDFs of four résumés that
showed each fault: one-line entries pushed to page 2 as one block (``blank-quarter``: page 1 of
classic ended at 51 % of its height), a last page holding a reference and little else
(``short-tail``: 3 lines), pages of a long career that ended at two thirds (``long-career``),
and a heading alone at the foot of a page (``orphan-heading``: timeline's References).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tailorcv.render import build_view, list_templates, render
from tailorcv.resume import validate
from tailorcv.resume.model import Resume
from tests.render.pages import headings_at_page_ends, read_pages

DATA = Path(__file__).parents[1] / "data" / "render"
FIXTURES = ("blank-quarter", "short-tail", "long-career", "orphan-heading")
TEMPLATES = [t.name for t in list_templates()]
# Text reaching lower than this on every page but the last: a page ends where the next line
# (or an entry header with its first line) no longer fits, not a quarter of a page early.
FULL = 0.85
TAIL_LINES = 4  # a last page of this many lines or fewer is a tail to pull back


def fixture(name: str) -> Resume:
    return validate(json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))).resume


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("name", FIXTURES)
def test_every_page_but_the_last_is_full(name: str, template: str) -> None:
    pages = read_pages(render(fixture(name), template))
    assert [round(p.text_bottom, 2) for p in pages[:-1] if p.text_bottom < FULL] == []


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("name", FIXTURES)
def test_the_last_page_holds_more_than_a_tail(name: str, template: str) -> None:
    pages = read_pages(render(fixture(name), template))
    assert len(pages) == 1 or len(pages[-1].lines) > TAIL_LINES


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("name", FIXTURES)
def test_no_page_ends_on_a_heading(name: str, template: str) -> None:
    resume = fixture(name)
    view = build_view(resume)
    headings = {s["title"] for s in view["sections"]} | {view["headings"]["summary"]}
    assert headings_at_page_ends(read_pages(render(resume, template)), headings) == []


def test_a_run_of_one_line_entries_breaks_between_them() -> None:
    """The certificates of ``blank-quarter`` start on page 1 and go on over the page."""
    resume = fixture("blank-quarter")
    resume.work[0].highlights.extend(resume.work[0].highlights * 3)  # pushes them to the end
    pages = read_pages(render(resume, "classic"))
    first, second = ([line.text for line in page.lines] for page in pages[:2])
    assert any(text.startswith("Certified Kubernetes Administrator") for text in first)
    assert any(text.startswith("Certified Information Systems") for text in second)


def test_a_longer_tail_is_squeezed_harder_within_bounds() -> None:
    from tailorcv.render.typst import squeeze

    assert squeeze(0.05) == pytest.approx(0.85)
    assert squeeze(0.1) > squeeze(0.15) > squeeze(0.2) == pytest.approx(0.55)
