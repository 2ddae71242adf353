"""A cover letter as its own document, in the résumé's template family: PDF (Typst) or DOCX.

Each family folder has a ``letter.typ`` beside its ``main.typ``, sharing ``lib.typ`` (and
``letter-lib.typ`` for the body), so a letter looks like the résumé it goes with. The letter
reaches Typst as JSON in ``sys.inputs``, like the résumé: its text is data, never markup.

``letter`` is a plain mapping (``tailorcv.tailor.letter.Letter.to_dict()``): name, date,
company, role, greeting, paragraphs, closing. The sender's contact line, language, writing
direction and design (``meta.design``: accent, font, paper…) come from the résumé's view.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

import docx

from tailorcv.errors import UnsupportedFormat
from tailorcv.render import docx_design as design
from tailorcv.render import typst
from tailorcv.render.photo import Photo, shown_photo
from tailorcv.render.view import View
from tailorcv.render.view import build as build_view
from tailorcv.resume.model import Resume

FORMATS = ("pdf", "docx")
LETTER_SIZE = 11.0  # points: a letter's body is a little larger than a résumé's
LETTER_MARGIN = 2.4  # centimetres


def letter_view(resume: Resume, letter: Mapping[str, Any]) -> View:
    """The résumé's header facts and the letter's text, every key present."""
    base = build_view(resume)
    role = str(letter.get("role") or "")
    name = str(letter.get("name") or base["name"])
    return {
        "lang": base["lang"],
        "dir": base["dir"],
        "name": name,
        "contact": base["contact"],
        "date": str(letter.get("date") or ""),
        "company": str(letter.get("company") or ""),
        "subject": f"Application: {role}" if role else "",
        "greeting": str(letter.get("greeting") or ""),
        "paragraphs": [str(p) for p in letter.get("paragraphs") or [] if str(p).strip()],
        "closing": str(letter.get("closing") or ""),
        "document": {
            "title": " – ".join(p for p in (name, "Cover letter", role) if p),
            "author": name,
            "keywords": [],
        },
        "design": base["design"],  # the letter looks like the résumé it goes with
    }


def render_letter(
    resume: Resume,
    letter: Mapping[str, Any],
    template: str | None = None,
    fmt: str = "pdf",
    photo: bytes | None = None,
) -> bytes:
    """The letter as a PDF in ``template``'s family (default: the résumé's), or as DOCX, with
    the résumé's photo in its header as ``render`` shows it."""
    chosen = typst.get_template(template or resume.template)
    view = letter_view(resume, letter)
    shown = shown_photo(resume, photo)
    if fmt == "pdf":
        path = chosen.path.parent / "letter.typ"
        if not path.is_file():
            path = typst.get_template(typst.DEFAULT).path.parent / "letter.typ"
        family = typst.Template(chosen.name, chosen.title, "", path, chosen.preview)
        return typst.compile_view(view, family, "pdf", photo=shown)
    if fmt == "docx":
        return to_docx(view, photo=shown)
    raise UnsupportedFormat(f"a letter is written as {' or '.join(FORMATS)}, not {fmt!r}")


def to_docx(view: View, photo: Photo | None = None) -> bytes:
    """The letter as an editable Word document with real paragraphs, on the résumé's paper,
    margins, font, size and spacing, its name in the accent colour."""
    document = docx.Document()
    look = design.look_of(view["design"], body_size=LETTER_SIZE)
    design.set_page(document, view["design"], margin=LETTER_MARGIN)
    normal = document.styles["Normal"]
    normal.font.name = look.font
    normal.font.size = design.scaled(LETTER_SIZE, look)
    if look.spacing is not None:
        normal.paragraph_format.line_spacing = look.spacing
    document.core_properties.title = view["document"]["title"][:255]
    document.core_properties.author = view["document"]["author"][:255]
    if photo is not None:
        design.add_photo(document.add_paragraph(), photo, rtl=view["dir"] == "rtl")
    if view["name"]:
        name = document.add_heading(_clean(view["name"]), level=0)
        if look.accent is not None:
            for run in name.runs:
                run.font.color.rgb = look.accent
    contact = " · ".join(c["text"] for c in view["contact"] if c["text"])
    if contact:
        document.add_paragraph(_clean(contact))
    for key in ("date", "company"):
        if view[key]:
            document.add_paragraph(_clean(view[key]))
    if view["subject"]:
        document.add_paragraph().add_run(_clean(view["subject"])).bold = True
    for text in (view["greeting"], *view["paragraphs"], view["closing"], view["name"]):
        if text:
            document.add_paragraph(_clean(text))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _clean(text: str) -> str:
    """Text without the control characters XML 1.0 forbids (JSON may carry them)."""
    return "".join(c for c in text if c in "\t\n\r" or ord(c) >= 32)
