"""Plain text and Markdown: reading order, no dangling separators, and user text never markup."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from tailorcv.render import text, view
from tailorcv.resume import validate
from tests.conftest import corpus_files, corpus_path
from tests.render.samples import HOSTILE as SHARED_HOSTILE
from tests.render.samples import sample_resume, with_basics

HOSTILE = [
    *SHARED_HOSTILE,
    "_not italic_",
    "`not code`",
    "[not a link](https://example.com)",
    "a | b",
    "~~not struck~~",
    "&amp; stays",
    "# not a heading",
    "- not a list",
    "+ not a list",
    "1. not a list",
    "2) not a list",
    "> not a quote",
    "---",
    "===",
]


def resume(**sections: Any) -> dict[str, Any]:
    """The shared sample résumé, with a phone number."""
    return sample_resume(**{"basics": with_basics(phone="+49 30 1234"), **sections})


def shown(doc: dict[str, Any]) -> dict[str, Any]:
    return view.build(validate(doc).resume)


def rendered(markdown: str) -> str:
    """Markdown as HTML, as GitHub-like renderers see it (CommonMark plus tables, strikethrough)."""
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)


class Visible(HTMLParser):
    """The tags and the visible text of rendered Markdown."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.chunks: list[str] = []
        self.feed(source)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)


def test_plain_text_reads_in_order_with_one_fact_per_line() -> None:
    lines = text.to_text(shown(resume())).splitlines()
    assert lines[:7] == [
        "Jane Doe",
        "Platform Engineer",
        "jane@example.com",
        "+49 30 1234",
        "jane.example.com",
        "github.com/jane",
        "",
    ]
    assert lines[7:10] == ["SUMMARY", "Builds reliable platforms.", ""]
    experience = lines.index("EXPERIENCE")
    assert lines[experience : experience + 6] == [
        "EXPERIENCE",
        "Engineer — Acme",
        "Berlin | Mar 2020 – Jun 2023",
        "Ran the build platform.",
        "- Cut build time by 40 %",
        "- Led the on-call rota",
    ]
    assert lines.index("EDUCATION") > experience
    assert "MSc, Informatics — TU Berlin" in lines
    assert "Languages (Expert): Python, Go" in lines
    assert "Tools: Git" in lines
    assert "German (Native)" in lines


def test_plain_text_has_no_markup_no_wrapping_and_no_stray_blank_lines() -> None:
    doc = resume()
    doc["work"][0]["highlights"] = ["word " * 60]
    output = text.to_text(shown(doc))
    assert output.endswith("\n")
    assert not output.endswith("\n\n")
    assert "\n\n\n" not in output
    assert all(line == line.rstrip() for line in output.splitlines())
    assert f"- {'word ' * 59}word" in output.splitlines()
    for markup in ("#", "**", "](", "<"):
        assert markup not in output


def test_empty_fields_leave_no_dangling_separators() -> None:
    doc = {"basics": {"name": "Solo"}, "work": [{"position": "Engineer"}, {"name": "Acme"}]}
    assert text.to_text(shown(doc)) == "Solo\n\nEXPERIENCE\nEngineer\n\nAcme\n"
    assert text.to_markdown(shown(doc)) == "# Solo\n\n## Experience\n\n### Engineer\n\n### Acme\n"


def test_an_empty_resume_is_an_empty_line() -> None:
    assert text.to_text(shown({})) == "\n"
    assert text.to_markdown(shown({})) == "\n"


def test_headings_are_localised() -> None:
    german = text.to_text(shown(resume(meta={"locale": "de"})))
    assert "BERUFSERFAHRUNG" in german
    assert "Berlin | März 2020 – Juni 2023" in german
    arabic = text.to_markdown(shown(resume(meta={"locale": "ar"})))
    assert "## الخبرة العملية" in arabic
    assert "## التعليم" in arabic


def test_markdown_has_headings_links_dates_and_bullets() -> None:
    output = text.to_markdown(shown(resume()))
    lines = output.splitlines()
    assert lines[:5] == ["# Jane Doe", "", "*Platform Engineer*", "", lines[4]]
    assert "[jane@example.com](mailto:jane@example.com)" in lines[4]
    assert "[github.com/jane](https://github.com/jane)" in lines[4]
    assert "### Engineer — Acme" in lines
    assert "*Mar 2020 – Jun 2023* · Berlin" in lines
    assert "- Cut build time by 40 %" in lines
    assert "- **Languages** (Expert): Python, Go" in lines
    headings = [line for line in lines if line.startswith("## ")]
    assert headings == ["## Summary", "## Experience", "## Education", "## Skills", "## Languages"]


def test_markdown_renders_to_the_expected_structure() -> None:
    page = Visible(rendered(text.to_markdown(shown(resume()))))
    assert page.tags.count("h1") == 1
    assert page.tags.count("h2") == 5
    assert page.tags.count("h3") == 2
    assert page.tags.count("a") == 4
    assert "em" in page.tags
    assert "Cut build time by 40 %" in page.chunks


def test_markdown_escapes_emphasis_in_user_text() -> None:
    doc = resume()
    doc["work"][0]["highlights"] = ["*not bold*"]
    output = text.to_markdown(shown(doc))
    assert "- \\*not bold\\*" in output
    html = rendered(output)
    assert "<li>*not bold*</li>" in html


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_stays_literal_in_markdown(hostile: str) -> None:
    """Every field holding ``hostile`` shows it verbatim and adds no tag of its own."""
    baseline = Visible(rendered(text.to_markdown(shown(filled("plain"))))).tags
    page = Visible(rendered(text.to_markdown(shown(filled(hostile)))))
    visible = "".join(page.chunks)
    assert visible.count(hostile) >= 14
    assert page.tags == baseline


def filled(value: str) -> dict[str, Any]:
    """A résumé with ``value`` in every field that Markdown shows as text."""
    doc = resume(
        work=[
            {
                "name": value,
                "position": value,
                "location": value,
                "summary": value,
                "highlights": [value],
                "startDate": "2020",
            }
        ],
        education=[{"institution": value, "area": value}],
        skills=[{"name": value, "level": value, "keywords": [value, value]}],
        languages=[{"language": value}],
    )
    doc["basics"].update(label=value, summary=value)
    return doc


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_stays_literal_in_plain_text(hostile: str) -> None:
    doc = resume(work=[{"name": hostile, "position": hostile, "highlights": [hostile]}])
    doc["basics"]["name"] = hostile
    output = text.to_text(shown(doc))
    assert output.startswith(hostile + "\n")
    assert f"{hostile} — {hostile}" in output
    assert f"- {hostile}" in output


def test_multi_line_summaries_keep_their_lines_in_markdown() -> None:
    baseline = Visible(rendered(text.to_markdown(shown(resume()))))
    doc = resume()
    doc["basics"]["summary"] = "First line\n- second *line*\n\nNew paragraph"
    page = Visible(rendered(text.to_markdown(shown(doc))))
    assert page.tags.count("br") == 1
    assert page.tags.count("p") == baseline.tags.count("p") + 1
    assert page.tags.count("ul") == baseline.tags.count("ul")
    assert "- second *line*" in "".join(page.chunks)


def test_a_dangerous_url_never_becomes_a_markdown_link() -> None:
    doc = resume()
    doc["basics"]["url"] = "javascript:alert(1)"
    doc["basics"]["profiles"] = [{"network": "Evil", "url": "javascript:alert(1)"}]
    output = text.to_markdown(shown(doc))
    assert "](javascript" not in output.lower()
    hrefs = rendered(output).split('href="')[1:]
    assert all(h.startswith(("https://", "mailto:", "tel:")) for h in hrefs)


def test_parentheses_in_a_url_do_not_end_the_link() -> None:
    doc = resume()
    doc["basics"]["url"] = "https://en.wikipedia.org/wiki/Jane_(engineer)"
    assert 'href="https://en.wikipedia.org/wiki/Jane_%28engineer%29"' in rendered(
        text.to_markdown(shown(doc))
    )


def test_the_corpus_is_there() -> None:
    assert corpus_path("json_resume").is_dir()
    assert corpus_files("json_resume", "jsonresume-*.json")


@pytest.mark.corpus
@pytest.mark.parametrize(
    "path", corpus_files("json_resume", "jsonresume-*.json"), ids=lambda p: p.stem
)
def test_every_corpus_resume_has_its_sections_in_order(path: Path) -> None:
    data = shown(json.loads(path.read_text(encoding="utf-8")))
    titles = [s["title"] for s in data["sections"]]
    summary = [data["headings"]["summary"]] if data["summary"] else []
    plain = text.to_text(data).splitlines()
    assert [line for line in plain if line in {t.upper() for t in summary + titles}] == [
        t.upper() for t in summary + titles
    ]
    markdown = text.to_markdown(data)
    assert [line[3:] for line in markdown.splitlines() if line.startswith("## ")] == [
        text.escape_markdown(t) for t in summary + titles
    ]
    assert "\n\n\n" not in markdown
    assert Visible(rendered(markdown)).tags.count("h2") == len(summary + titles)
