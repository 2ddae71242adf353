"""The owner's design (``meta.design``, as the view carries it) in a Word document: paper,
margins, font, size, line spacing, accent colour and photo, for the résumé and the letter alike.

The PDF and the DOCX follow the same choices: both are A4 unless the owner picks US Letter
(python-docx's default template is Letter, which is why the DOCX used to differ from the PDF).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Inches, Length, Pt, RGBColor

from tailorcv.render.photo import Photo

FONT = "Calibri"  # the document's own choice when the owner left the font to the template
BODY_SIZE = 10.5  # points; every other style is scaled with it
MARGIN = 2.0  # centimetres on every side
PHOTO_WIDTH = Cm(3)
PAPERS: dict[str, tuple[Length, Length]] = {
    "a4": (Cm(21), Cm(29.7)),
    "letter": (Inches(8.5), Inches(11)),
}


@dataclass(frozen=True)
class Look:
    """What the styles of a document take from the design: font, scale, spacing, accent."""

    font: str
    scale: float  # the owner's body size over the document's own
    spacing: float | None  # a multiple of single line spacing, or None for the style's own
    accent: RGBColor | None  # None: the document's own colour


def look_of(design: dict[str, Any], body_size: float = BODY_SIZE) -> Look:
    """The design view's choices (``""``/``0`` for "the document's own") as style values."""
    accent = design["accent"]
    return Look(
        font=design["font"] or FONT,
        scale=design["size"] / body_size if design["size"] else 1.0,
        spacing=float(design["spacing"]) if design["spacing"] else None,
        accent=RGBColor.from_string(accent[1:].upper()) if accent else None,
    )


def set_page(document: Any, design: dict[str, Any], margin: float = MARGIN) -> None:
    """Paper size and margins on every section, from the design view."""
    width, height = PAPERS.get(design["paper"], PAPERS["a4"])
    side = Cm(design["margin"] or margin)
    for section in document.sections:
        section.page_width, section.page_height = width, height
        section.top_margin = section.bottom_margin = side
        section.left_margin = section.right_margin = side


def add_photo(paragraph: Any, photo: Photo, *, rtl: bool = False) -> None:
    """The photo floating at the top of the text area, on the end side of the header with the
    text flowing beside it: a paragraph of its own would push the name down by its height."""
    run = paragraph.add_run()
    run.add_picture(io.BytesIO(photo.data), width=PHOTO_WIDTH)
    inline = run._r.find(".//" + qn("wp:inline"))
    inline.getparent().replace(inline, _anchor(inline, "left" if rtl else "right"))


def _anchor(inline: Any, side: str) -> Any:
    """``inline`` (python-docx's picture) as a ``wp:anchor`` aligned to ``side`` of the margin,
    with square wrapping (ECMA-376 CT_Anchor: its children in the schema's order)."""
    anchor = parse_xml(
        f'<wp:anchor {nsdecls("wp")} distT="0" distB="0" distL="114300" distR="114300"'
        ' simplePos="0" relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1"'
        ' allowOverlap="0">'
        '<wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="margin"><wp:align>{side}</wp:align></wp:positionH>'
        '<wp:positionV relativeFrom="margin"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        "</wp:anchor>"
    )
    anchor.append(inline.find(qn("wp:extent")))
    effect = OxmlElement("wp:effectExtent")
    for edge in ("l", "t", "r", "b"):
        effect.set(edge, "0")
    anchor.append(effect)
    wrap = OxmlElement("wp:wrapSquare")
    wrap.set("wrapText", "bothSides")
    anchor.append(wrap)
    for name in ("wp:docPr", "wp:cNvGraphicFramePr", "a:graphic"):
        found = inline.find(qn(name))
        if found is not None:
            anchor.append(found)
    return anchor


def scaled(size: float, look: Look) -> Pt:
    """A style's size in points with the owner's scale applied, to the half point Word keeps."""
    return Pt(round(size * look.scale * 2) / 2)
