"""The résumé as an editable Word document: real headings, real bullets, real hyperlinks.

Recruiters and portals ask for ``.docx`` to edit or to parse it, so the document is structure, not
a picture of the PDF: the name is a ``Title``, section titles are ``Heading 1``, entries are
``Heading 2`` and bullets use ``List Bullet``, the built-in styles that Word's navigation pane,
screen readers and résumé parsers understand. Right-to-left résumés get ``w:bidi`` on every
paragraph and ``w:rtl`` on every run of right-to-left text. Rich text (a RenderCV résumé's bold,
italics and links: the view's runs) becomes bold, italic and hyperlinked runs, and sub-bullets
``List Bullet 2`` and ``3``.
"""

from __future__ import annotations

import io
import re
import unicodedata
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor
from docx.text.run import Run

from tailorcv.render import docx_design as design
from tailorcv.render.photo import Photo
from tailorcv.render.view import View

_INK = RGBColor(0x1C, 0x1D, 0x1F)
_MUTED = RGBColor(0x5D, 0x61, 0x68)
_ACCENT = RGBColor(0x1F, 0x5F, 0xA8)
_LINK = RGBColor(0x05, 0x63, 0xC1)
# name: (size in pt, bold, colour, space before, space after)
_STYLES: dict[str, tuple[float, bool, RGBColor, float, float]] = {
    "Normal": (10.5, False, _INK, 0, 3),
    "Title": (22, True, _INK, 0, 2),
    "Subtitle": (12, False, _MUTED, 0, 4),
    "Heading 1": (12, True, _ACCENT, 12, 4),
    "Heading 2": (11, True, _INK, 6, 1),
    "List Bullet": (10.5, False, _INK, 0, 1),
    "List Bullet 2": (10.5, False, _INK, 0, 1),
    "List Bullet 3": (10.5, False, _INK, 0, 1),
}
# Word sets Arabic, Hebrew, Thai and Devanagari in the complex-script font (``w:cs``); the
# families below come with Windows and macOS Office and draw those scripts, where the body
# family (Calibri, or the owner's Latin choice) has none of their letters.
_COMPLEX_FONTS = {"ar": "Arial", "he": "Arial", "th": "Tahoma", "hi": "Nirmala UI"}
_BULLETS = ("List Bullet", "List Bullet 2", "List Bullet 3")  # by depth (richtext.MAX_DEPTH)
_PROPERTY_LENGTH = 255
# Code points XML 1.0 forbids; JSON may carry them, and lxml refuses them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Children of w:pPr that must follow w:bidi (ECMA-376 CT_PPr sequence).
_AFTER_BIDI = (
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
# Children of w:rPr that must follow w:rtl (ECMA-376 CT_RPr sequence).
_AFTER_RTL = ("w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")

Paragraph = Any  # docx.text.paragraph.Paragraph; python-docx ships no type information


def to_docx(view: View, photo: Photo | None = None) -> bytes:
    """The résumé as the bytes of a ``.docx`` file, in the owner's design (``view.design``),
    with ``photo`` beside the header when one is given."""
    view = _clean(view)
    document = docx.Document()
    _set_up(document, view)
    _write_header(document, view, photo)
    if view["summary"]:
        document.add_heading(view["headings"]["summary"], level=1)
        _add_rich(document, view["summary_runs"])
    for section in view["sections"]:
        document.add_heading(section["title"], level=1)
        for entry in section["entries"]:
            if section["layout"] == "tags":
                _write_tag_line(document, entry)
            else:
                _write_entry(document, entry)
    if view["dir"] == "rtl":
        _make_rtl(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _clean(value: Any) -> Any:
    """The view with every string stripped of the code points an XML document cannot hold."""
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value


def _set_up(document: Any, view: View) -> None:
    """Paper, margins, the styles' fonts, sizes, spacing and accent (the owner's design), and the
    core properties from ``view.document``."""
    design.set_page(document, view["design"])
    look = design.look_of(view["design"])
    complex_font = _COMPLEX_FONTS.get(view["lang"], look.font)
    for name, (size, bold, colour, before, after) in _STYLES.items():
        if colour == _ACCENT and look.accent is not None:
            colour = look.accent
        _restyle(document.styles[name], look, size, bold, colour, before, after, complex_font)
    _remove_title_rule(document.styles["Title"])
    _set_language(document.styles["Normal"], view["lang"], view["dir"])
    props = document.core_properties
    props.title = _property(view["document"]["title"])
    props.author = _property(view["document"]["author"])
    props.keywords = _property(", ".join(view["document"]["keywords"]), ", ")
    props.subject = _property(view["label"])
    props.language = view["lang"]


def _property(text: str, boundary: str = " ") -> str:
    """``text`` cut to the 255 characters a core property may hold, at a ``boundary`` if any."""
    if len(text) <= _PROPERTY_LENGTH:
        return text
    head = text[:_PROPERTY_LENGTH]
    cut = head.rpartition(boundary)[0]
    return cut or head


def _set_language(style: Any, lang: str, direction: str) -> None:
    """Tell Word the language, so spelling and hyphenation work; complex scripts get their own."""
    rpr = style.element.get_or_add_rPr()
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), lang)
    if direction == "rtl":
        language.set(qn("w:bidi"), lang)
    if lang in ("zh", "ja", "ko"):
        language.set(qn("w:eastAsia"), lang)
    rpr.insert_element_before(language, "w:eastAsianLayout", "w:specVanish", "w:oMath")


def _restyle(
    style: Any,
    look: design.Look,
    size: float,
    bold: bool,
    colour: RGBColor,
    before: float,
    after: float,
    complex_font: str,
) -> None:
    """The owner's font for Latin, Greek and Cyrillic and ``complex_font`` for the complex
    scripts, replacing the template's theme fonts, which would win over them; sizes and gaps
    scaled with the owner's body size, and their line spacing where they chose."""
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    for attribute in ("ascii", "hAnsi"):
        fonts.set(qn(f"w:{attribute}"), look.font)
    fonts.set(qn("w:cs"), complex_font)
    style.font.size = design.scaled(size, look)
    style.font.bold = bold or None
    style.font.color.rgb = colour
    _set_complex_script(rpr, style.font.size.pt, bold)
    style.paragraph_format.space_before = design.scaled(before, look)
    style.paragraph_format.space_after = design.scaled(after, look)
    if look.spacing is not None:
        style.paragraph_format.line_spacing = look.spacing


def _set_complex_script(rpr: Any, size: float, bold: bool) -> None:
    """Arabic and Hebrew text takes its size and weight from ``w:szCs``/``w:bCs``, not ``w:sz``."""
    size_cs = rpr.find(qn("w:szCs"))
    if size_cs is None:
        size_cs = OxmlElement("w:szCs")
        rpr.find(qn("w:sz")).addnext(size_cs)
    size_cs.set(qn("w:val"), str(round(size * 2)))
    bold_cs = rpr.find(qn("w:bCs"))
    if bold and bold_cs is None:
        rpr.find(qn("w:b")).addnext(OxmlElement("w:bCs"))
    elif not bold and bold_cs is not None:
        rpr.remove(bold_cs)


def _remove_title_rule(style: Any) -> None:
    """The default ``Title`` draws a blue rule under the name; a résumé is cleaner without it."""
    ppr = style.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)


def _write_header(document: Any, view: View, photo: Photo | None) -> None:
    if photo is not None:
        design.add_photo(document.add_paragraph(), photo, rtl=view["dir"] == "rtl")
    if view["name"]:
        document.add_paragraph(view["name"], style="Title")
    if view["label"]:
        document.add_paragraph(view["label"], style="Subtitle")
    if view["contact"]:
        line = document.add_paragraph()
        for index, item in enumerate(view["contact"]):
            if index:
                _add_run(line, "  ·  ", colour=_MUTED)
            _add_link_or_text(line, item["url"], item["text"])


def _write_entry(document: Any, entry: dict[str, Any]) -> None:
    """Heading 2 ``title — subtitle``, a muted facts line, then note, summary, bullets and tags."""
    if entry["title"] or entry["subtitle"]:
        heading = document.add_heading(level=2)
        _add_run(heading, entry["title"])
        if entry["title"] and entry["subtitle"]:
            _add_run(heading, " — ", bold=False)
        if entry["subtitle"]:
            _add_run(heading, entry["subtitle"], bold=False)
    facts = [f for f in (entry["location"], entry["dates"]) if f]
    if facts or entry["url"]:
        line = document.add_paragraph()
        _add_run(line, " · ".join(facts), colour=_MUTED)
        if entry["url"]:
            if facts:
                _add_run(line, " · ", colour=_MUTED)
            _add_link_or_text(line, entry["url"], entry["url_text"])
    if entry["note"]:
        _add_runs(document.add_paragraph(), entry["note_runs"], italic=True, colour=_MUTED)
    if entry["summary"]:
        _add_rich(document, entry["summary_runs"])
    _add_items(document, entry["items"], 0)
    if entry["tags"]:
        document.add_paragraph(", ".join(entry["tags"]))


def _write_tag_line(document: Any, entry: dict[str, Any]) -> None:
    """A skill, language or interest on one line: **title** (detail): tag, tag."""
    line = document.add_paragraph()
    _add_run(line, entry["title"], bold=True)
    if entry["detail"]:
        _add_run(
            line, f" ({entry['detail']})" if entry["title"] else entry["detail"], colour=_MUTED
        )
    if entry["tags"]:
        _add_run(line, ": " if entry["title"] or entry["detail"] else "")
        _add_run(line, ", ".join(entry["tags"]))


def _add_rich(document: Any, runs: list[dict[str, Any]]) -> None:
    """Rich text with blank lines as paragraph breaks and single newlines as line breaks."""
    paragraphs: list[list[dict[str, Any]]] = [[]]
    for run in runs:
        for index, part in enumerate(re.split(r"\n\s*\n", run["text"])):
            if index:
                paragraphs.append([])
            paragraphs[-1].append({**run, "text": part})
    for paragraph in paragraphs:
        if any(run["text"].strip() for run in paragraph):
            paragraph[0] = {**paragraph[0], "text": paragraph[0]["text"].lstrip()}
            paragraph[-1] = {**paragraph[-1], "text": paragraph[-1]["text"].rstrip()}
            _add_runs(document.add_paragraph(), paragraph)


def _add_items(document: Any, items: list[dict[str, Any]], depth: int) -> None:
    """Bullets, each sub-bullet in the list style one level deeper."""
    for item in items:
        line = document.add_paragraph(style=_BULLETS[min(depth, len(_BULLETS) - 1)])
        _add_runs(line, item["runs"])
        _add_items(document, item["items"], depth + 1)


def _add_runs(
    paragraph: Paragraph,
    runs: list[dict[str, Any]],
    *,
    italic: bool | None = None,
    colour: RGBColor | None = None,
) -> None:
    """Rich text as runs of the paragraph: bold, italic (within ``italic`` text, upright) and
    links as real hyperlinks."""
    for run in (r for r in runs if r["text"]):
        bold, slant = run["strong"] or None, (not italic) if run["emph"] else italic
        if run["url"]:
            add_hyperlink(paragraph, run["url"], run["text"])
            last = Run(paragraph._p[-1][-1], paragraph)
            last.bold, last.italic = bold, slant
        else:
            _add_run(paragraph, run["text"], bold=bold, italic=slant, colour=colour)


def _add_run(
    paragraph: Paragraph,
    text: str,
    *,
    bold: bool | None = None,
    italic: bool | None = None,
    colour: RGBColor | None = None,
) -> None:
    if not text:
        return
    run = paragraph.add_run(text)
    run.bold = bold
    run.italic = italic
    if colour is not None:
        run.font.color.rgb = colour


def _add_link_or_text(paragraph: Paragraph, url: str, text: str) -> None:
    if url:
        add_hyperlink(paragraph, url, text)
    else:
        _add_run(paragraph, text)


def add_hyperlink(paragraph: Paragraph, url: str, text: str) -> None:
    """Append a real ``w:hyperlink`` to ``paragraph``; python-docx has no API that writes one.

    The target goes into the part's relationships as an external link, and the visible run is
    coloured and underlined directly, as the default template has no ``Hyperlink`` style.
    """
    rel_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    link.set(qn("w:history"), "1")
    run = paragraph.add_run(text)
    run.font.color.rgb = _LINK
    run.font.underline = True
    link.append(run._r)
    paragraph._p.append(link)


def _make_rtl(document: Any) -> None:
    """Right-to-left paragraphs (``w:bidi``), and ``w:rtl`` on runs of Arabic or Hebrew text."""
    body = document.element.body
    for paragraph in list(body.iter(qn("w:p"))):
        paragraph.get_or_add_pPr().insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)
    for run in list(body.iter(qn("w:r"))):
        if _is_rtl(run.text):
            run.get_or_add_rPr().insert_element_before(OxmlElement("w:rtl"), *_AFTER_RTL)


def _is_rtl(text: str) -> bool:
    """Whether ``text`` holds right-to-left letters; Latin names and URLs stay left-to-right."""
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)
