"""The Word document: real headings, bullets and hyperlinks, core properties, right-to-left."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from docx.shared import Pt

from tailorcv.render import view
from tailorcv.render.docx import to_docx
from tailorcv.resume import validate
from tests.conftest import corpus_files, corpus_path
from tests.render.samples import HOSTILE as SHARED_HOSTILE
from tests.render.samples import linked_work, sample_resume

HOSTILE = [
    *SHARED_HOSTILE,
    "&amp;",
]


def resume(**sections: Any) -> dict[str, Any]:
    """The shared sample résumé, its job linked to the employer's site."""
    return sample_resume(**{"work": linked_work(), **sections})


def opened(doc: dict[str, Any]) -> Any:
    """The résumé written as DOCX and read back by python-docx."""
    return docx.Document(io.BytesIO(to_docx(view.build(validate(doc).resume))))


def styled(document: Any, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def links(document: Any) -> list[str]:
    rels = document.part.rels.values()
    return [r.target_ref for r in rels if r.reltype == RELATIONSHIP_TYPE.HYPERLINK]


def test_the_name_and_sections_are_real_headings_in_view_order() -> None:
    document = opened(resume())
    assert styled(document, "Title") == ["Jane Doe"]
    assert styled(document, "Subtitle") == ["Platform Engineer"]
    assert styled(document, "Heading 1") == [
        "Summary",
        "Experience",
        "Education",
        "Skills",
        "Languages",
    ]
    assert styled(document, "Heading 2") == ["Engineer — Acme", "MSc, Informatics — TU Berlin"]
    texts = [p.text for p in document.paragraphs]
    assert texts.index("Jane Doe") < texts.index("Experience") < texts.index("Education")


def test_bullets_use_the_list_bullet_style() -> None:
    document = opened(resume())
    assert styled(document, "List Bullet") == ["Cut build time by 40 %", "Led the on-call rota"]


def test_links_are_real_hyperlinks_and_email_is_mailto() -> None:
    document = opened(resume())
    assert set(links(document)) == {
        "mailto:jane@example.com",
        "https://jane.example.com",
        "https://github.com/jane",
        "https://acme.example.com",
    }
    hyperlinks = document.element.body.findall(f".//{qn('w:hyperlink')}")
    assert len(hyperlinks) == 4
    assert all(h.get(qn("r:id")) for h in hyperlinks)
    assert "jane.example.com" in document.paragraphs[2].text


def test_a_dangerous_url_never_becomes_a_hyperlink() -> None:
    doc = resume()
    doc["basics"]["url"] = "javascript:alert(1)"
    doc["basics"]["profiles"] = [{"network": "Evil", "url": "javascript:alert(1)"}]
    doc["work"][0]["url"] = "javascript:alert(1)"
    assert links(opened(doc)) == ["mailto:jane@example.com"]


def test_core_properties_come_from_the_view() -> None:
    props = opened(resume()).core_properties
    assert props.title == "Jane Doe – Platform Engineer"
    assert props.author == "Jane Doe"
    assert props.keywords == "Languages, Python, Go, Tools, Git"
    assert props.language == "en"


def test_page_and_fonts_are_sensible() -> None:
    document = opened(resume())
    section = document.sections[0]
    margins = (section.left_margin, section.right_margin, section.top_margin, section.bottom_margin)
    assert [m.cm for m in margins] == pytest.approx([2, 2, 2, 2], abs=0.01)
    normal = document.styles["Normal"].font
    assert normal.size == Pt(10.5)
    assert normal.name == "Calibri"


def test_headings_are_localised() -> None:
    document = opened(resume(meta={"locale": "de"}))
    assert styled(document, "Heading 1") == [
        "Profil",
        "Berufserfahrung",
        "Ausbildung",
        "Kenntnisse",
        "Sprachen",
    ]


def test_arabic_paragraphs_and_runs_are_right_to_left() -> None:
    document = opened(resume(meta={"locale": "ar"}))
    assert styled(document, "Heading 1")[1] == "الخبرة العملية"
    body = document.element.body
    paragraphs = body.findall(qn("w:p"))
    assert paragraphs
    assert all(p.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None for p in paragraphs)
    rtl = {r.text for r in body.iter(qn("w:r")) if r.find(f".//{qn('w:rtl')}") is not None}
    assert {"الخبرة العملية", "التعليم"} <= rtl
    assert "Jane Doe" not in rtl


@pytest.mark.parametrize(
    ("code", "family"), [("ar", "Arial"), ("he", "Arial"), ("th", "Tahoma"), ("en", "Calibri")]
)
def test_complex_scripts_get_a_family_that_draws_them(code: str, family: str) -> None:
    """Word sets Arabic, Hebrew and Thai in the complex-script font; Calibri has none of them."""
    document = opened(resume(meta={"locale": code}))
    for name in ("Normal", "Heading 1", "Title"):
        fonts = document.styles[name].element.rPr.rFonts
        assert fonts.get(qn("w:cs")) == family, name
        assert fonts.get(qn("w:ascii")) == "Calibri", name


def test_left_to_right_documents_have_no_bidi() -> None:
    assert opened(resume()).element.body.find(f".//{qn('w:bidi')}") is None


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_passes_through_literally(hostile: str) -> None:
    doc = resume(
        work=[{"name": hostile, "position": hostile, "summary": hostile, "highlights": [hostile]}],
        skills=[{"name": hostile, "keywords": [hostile]}],
    )
    doc["basics"].update(name=hostile, label=hostile)
    document = opened(doc)
    assert styled(document, "Title") == [hostile]
    assert styled(document, "Heading 2") == [
        f"{hostile} — {hostile}",
        "MSc, Informatics — TU Berlin",
    ]
    assert styled(document, "List Bullet") == [hostile]
    assert f"{hostile}: {hostile}" in [p.text for p in document.paragraphs]
    assert len(document.core_properties.title) <= 255


def test_characters_xml_cannot_hold_are_dropped_not_fatal() -> None:
    doc = resume()
    doc["basics"]["name"] = "Jane\x00 Doe\x0b"
    assert styled(opened(doc), "Title") == ["Jane Doe"]


def test_empty_fields_leave_no_empty_paragraphs() -> None:
    document = opened({"basics": {"name": "Solo"}, "work": [{"position": "Engineer"}]})
    assert [(p.style.name, p.text) for p in document.paragraphs] == [
        ("Title", "Solo"),
        ("Heading 1", "Experience"),
        ("Heading 2", "Engineer"),
    ]


def test_many_keywords_are_cut_to_fit_the_core_property() -> None:
    doc = resume(skills=[{"name": f"skill-{n}"} for n in range(100)])
    keywords = opened(doc).core_properties.keywords
    assert len(keywords) <= 255
    assert keywords.startswith("skill-0, skill-1,")
    assert not keywords.endswith(",")


def test_the_corpus_is_there() -> None:
    assert corpus_path("json_resume").is_dir()
    assert corpus_files("json_resume", "jsonresume-*.json")


@pytest.mark.corpus
@pytest.mark.parametrize(
    "path", corpus_files("json_resume", "jsonresume-*.json"), ids=lambda p: p.stem
)
def test_every_corpus_resume_opens_with_its_sections_as_headings(path: Path) -> None:
    data = view.build(validate(json.loads(path.read_text(encoding="utf-8"))).resume)
    document = docx.Document(io.BytesIO(to_docx(data)))
    summary = [data["headings"]["summary"]] if data["summary"] else []
    assert styled(document, "Heading 1") == summary + [s["title"] for s in data["sections"]]
    if data["name"]:
        assert styled(document, "Title") == [data["name"]]
    bullets = [b for s in data["sections"] for e in s["entries"] for b in e["bullets"]]
    assert styled(document, "List Bullet") == bullets
