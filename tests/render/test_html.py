"""The public HTML page: complete, semantic, localised, self-contained, escaped and fast."""

from __future__ import annotations

import json
import re
import timeit
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tailorcv.render import html, view
from tailorcv.render.typst import Template
from tailorcv.resume import validate
from tests.conftest import corpus_files, corpus_path
from tests.render.samples import HOSTILE as SHARED_HOSTILE
from tests.render.samples import linked_work, sample_resume, with_basics

VOID = {"meta", "link", "br", "hr", "img", "input"}
HOSTILE = [
    *SHARED_HOSTILE,
    "{{ 7 * 7 }}",
]


def template(name: str = "classic") -> Template:
    return Template(name, name.title(), "", Path("main.typ"), Path("preview.png"))


def resume(**sections: Any) -> dict[str, Any]:
    """The shared sample résumé, its job linked to the employer's site."""
    basics = with_basics(location={"city": "Berlin", "countryCode": "DE"})
    return sample_resume(**{"basics": basics, "work": linked_work(), **sections})


def page(doc: dict[str, Any], name: str = "classic") -> str:
    return html.to_html(view.build(validate(doc).resume), template(name))


class Page(HTMLParser):
    """The parts of a page the tests look at: tags in order, attributes, text, and nesting."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.h2: list[str] = []
        self.open: list[str] = []
        self.errors: list[str] = []
        self.feed(source)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.errors.append(f"unexpected </{tag}>")

    def handle_data(self, data: str) -> None:
        if self.open and self.open[-1] not in ("style", "title"):
            self.text.append(data)
        if self.open and self.open[-1] == "h2":
            self.h2.append(data)

    def attrs(self, tag: str) -> list[dict[str, str]]:
        return [a for t, a in self.tags if t == tag]

    def meta(self, key: str) -> str:
        found = [
            a["content"] for a in self.attrs("meta") if key in (a.get("name"), a.get("property"))
        ]
        assert len(found) == 1, key
        return found[0]


def test_page_is_a_complete_html5_document_with_metadata() -> None:
    source = page(resume())
    parsed = Page(source)
    assert source.startswith("<!doctype html>")
    assert parsed.errors == []
    assert parsed.open == []
    assert parsed.attrs("html") == [{"lang": "en", "dir": "ltr"}]
    assert "<title>Jane Doe – Platform Engineer</title>" in source
    assert parsed.meta("description").startswith("Platform Engineer – Builds reliable")
    assert parsed.meta("author") == "Jane Doe"
    assert parsed.meta("keywords") == "Languages, Python, Go, Tools, Git"
    assert "width=device-width" in parsed.meta("viewport")
    assert parsed.meta("og:title") == "Jane Doe – Platform Engineer"
    assert parsed.meta("og:description") == parsed.meta("description")


def test_page_is_self_contained_with_a_print_stylesheet() -> None:
    """Nothing to fetch: the one link is the icon, inline as a data: URI (issue 19)."""
    source = page(resume())
    icon = re.search(r'<link rel="icon" href="data:[^"]*">', source)
    assert icon is not None, "the favicon travels inside the page, as a data: URI"
    source = source.replace(icon.group(0), "")
    for fetch in ("<script", "<link", "@import", "url(", "src="):
        assert fetch not in source
    links = re.findall(r"<link[^>]*>", source)
    assert all('href="data:' in link for link in links), links
    assert "@media print" in source
    assert "@page" in source


def test_page_is_semantic_and_shows_sections_in_view_order() -> None:
    parsed = Page(page(resume()))
    tags = [t for t, _ in parsed.tags]
    assert tags.count("h1") == 1
    assert tags.index("header") < tags.index("main")
    labelled = [a["aria-labelledby"] for a in parsed.attrs("section")]
    assert labelled == ["s-summary", "s-work", "s-education", "s-skills", "s-languages"]
    assert [a["id"] for a in parsed.attrs("h2")] == labelled
    text = " ".join(parsed.text)
    order = ["Jane Doe", "Summary", "Experience", "Acme", "Education", "MSc", "Skills"]
    assert [text.index(word) for word in order] == sorted(text.index(word) for word in order)
    assert "Cut build time by 40 %" in parsed.text
    assert "Led the on-call rota" in parsed.text


def test_headings_are_localised_and_arabic_is_right_to_left() -> None:
    german = Page(page(resume(meta={"locale": "de"})))
    assert german.attrs("html") == [{"lang": "de", "dir": "ltr"}]
    assert {"Profil", "Berufserfahrung", "Ausbildung", "Kenntnisse"} <= set(german.text)
    arabic = Page(page(resume(meta={"locale": "ar"})))
    assert arabic.attrs("html") == [{"lang": "ar", "dir": "rtl"}]
    assert {"الخبرة العملية", "التعليم"} <= set(arabic.text)


def test_links_are_safe_external_ones_are_nofollow_and_email_is_mailto() -> None:
    hrefs = {a["href"]: a.get("rel", "") for a in Page(page(resume())).attrs("a")}
    assert hrefs["mailto:jane@example.com"] == ""
    assert hrefs["https://jane.example.com"] == "noopener nofollow"
    assert hrefs["https://github.com/jane"] == "noopener nofollow"
    assert hrefs["https://acme.example.com"] == "noopener nofollow"


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "JavaScript:alert(1)//x.com", "data:text/html,x"]
)
def test_a_dangerous_url_never_becomes_an_href(url: str) -> None:
    doc = resume()
    doc["basics"]["url"] = url
    doc["basics"]["profiles"] = [{"network": "Evil", "url": url}]
    doc["work"][0]["url"] = url
    parsed = Page(page(doc))
    hrefs = [a["href"] for a in parsed.attrs("a")]
    assert all(h.startswith(("https://", "http://", "mailto:", "tel:")) for h in hrefs)
    assert not any(url.lower().split(":")[0] in h.lower() for h in hrefs)


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_is_shown_literally_in_every_field(hostile: str) -> None:
    doc = resume(
        work=[
            {
                "name": hostile,
                "position": hostile,
                "location": hostile,
                "summary": hostile,
                "highlights": [hostile],
            }
        ],
        skills=[{"name": hostile, "keywords": [hostile]}],
    )
    doc["basics"].update(name=hostile, label=hostile, summary=hostile)
    source = page(doc, "modern")
    parsed = Page(source)
    assert parsed.errors == []
    assert "<script>" not in source
    assert "<label>" not in source
    assert parsed.text.count(hostile) >= 8
    assert parsed.meta("author") == hostile


def test_attribute_values_cannot_be_broken_out_of() -> None:
    doc = resume()
    doc["basics"]["name"] = '"><script>alert(1)</script>'
    doc["skills"] = [{"name": 'x" onload="alert(1)'}]
    parsed = Page(page(doc))
    assert all("onload" not in attrs for _, attrs in parsed.tags)
    assert parsed.meta("author") == '"><script>alert(1)</script>'


@pytest.mark.parametrize("name", ["classic", "modern", "compact"])
def test_each_template_has_its_own_style(name: str) -> None:
    assert Page(page(resume(), name)).attrs("body") == [{"class": f"style-{name}"}]


def test_an_unknown_template_falls_back_to_the_classic_style() -> None:
    assert Page(page(resume(), "custom")).attrs("body") == [{"class": "style-classic"}]


def test_empty_parts_leave_no_empty_markup() -> None:
    source = page({"basics": {"name": "Solo"}, "work": [{"position": "Engineer"}]})
    parsed = Page(source)
    assert [a["aria-labelledby"] for a in parsed.attrs("section")] == ["s-work"]
    for empty in ('class="label"', 'class="contact"', 'class="when"', 'class="note"', "<ul>"):
        assert empty not in source
    assert 'class="sep"' not in source
    assert 'name="keywords"' not in source


def test_a_long_description_is_cut_at_a_word() -> None:
    doc = resume()
    doc["basics"]["summary"] = "word " * 100
    description = Page(page(doc)).meta("description")
    assert len(description) <= 160
    assert description.endswith("word…")


def test_the_template_is_compiled_once() -> None:
    assert html._page() is html._page()


def test_rendering_a_page_takes_well_under_two_milliseconds() -> None:
    shown = view.build(validate(resume()).resume)
    chosen = template("modern")
    html.to_html(shown, chosen)
    best = min(timeit.repeat(lambda: html.to_html(shown, chosen), number=50, repeat=5)) / 50
    assert best < 0.002


def test_the_corpus_is_there() -> None:
    assert corpus_path("json_resume").is_dir()
    assert corpus_files("json_resume", "jsonresume-*.json")


@pytest.mark.corpus
@pytest.mark.parametrize(
    "path", corpus_files("json_resume", "jsonresume-*.json"), ids=lambda p: p.stem
)
@pytest.mark.parametrize("name", ["classic", "modern", "compact"])
def test_every_corpus_resume_renders_a_well_formed_page(path: Path, name: str) -> None:
    shown = view.build(validate(json.loads(path.read_text(encoding="utf-8"))).resume)
    parsed = Page(html.to_html(shown, template(name)))
    assert parsed.errors == []
    assert parsed.open == []
    titles = [s["title"] for s in shown["sections"]]
    summary = [shown["headings"]["summary"]] if shown["summary"] else []
    assert parsed.h2 == summary + titles
    if shown["name"]:
        assert shown["name"] in parsed.text
