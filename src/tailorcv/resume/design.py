"""How a résumé looks, kept with it in JSON Resume ``meta.design`` and honoured by every output.

Every field is optional: an absent one means "the template's own choice", so a document without
``meta.design`` renders exactly as before and a template keeps its character until its owner
changes something. On the wire the keys are camelCase like the rest of JSON Resume::

    "meta": {"template": "modern", "design": {
        "accent": "#1f4e79", "font": "Source Sans 3", "fontSize": 10.5, "margins": 1.8,
        "lineSpacing": 1.1, "paper": "letter", "sectionOrder": ["education", "work"],
        "hiddenSections": ["interests"], "dateFormat": "long", "showPhoto": true}}

Limits keep every combination on the page and fast to lay out; a value outside them is refused
with its path (``meta.design.fontSize``), not clamped, so what is saved is what is shown.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from tailorcv.resume.section import Section

# The font families shipped with the package that suit body text (rendercv-fonts; the icon font
# is left out). A test checks the list against the folder, so a family named here always exists.
FONTS: tuple[str, ...] = (
    "EB Garamond",
    "Fontin",
    "Gentium Book Plus",
    "Lato",
    "Mukta",
    "Noto Sans",
    "Open Sans",
    "Open Sauce Sans",
    "Poppins",
    "Raleway",
    "Roboto",
    "Source Sans 3",
    "Ubuntu",
    "XCharter",
)
PAPERS: tuple[str, ...] = ("a4", "letter")
# How a date is written: "short" Jan 2024, "long" January 2024, "numeric" 01/2024, "year" 2024.
DATE_FORMATS: tuple[str, ...] = ("short", "long", "numeric", "year")
FONT_SIZE = (8.0, 14.0)  # points
MARGINS = (0.8, 3.5)  # centimetres, every side
LINE_SPACING = (0.8, 1.8)  # times the template's own leading
MAX_SECTION_KEYS = 60
MAX_KEY_CHARS = 100

Paper = Literal["a4", "letter"]
DateFormat = Literal["short", "long", "numeric", "year"]
FontFamily = Literal[FONTS]  # type: ignore[valid-type]

_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


def _hex_colour(value: str) -> str:
    """``#rgb`` or ``#rrggbb``, kept as ``#rrggbb`` in lower case."""
    if not _HEX.fullmatch(value):
        raise PydanticCustomError("colour", "a colour is written #rrggbb, for example #1f4e79")
    digits = value[1:].lower()
    return "#" + ("".join(c * 2 for c in digits) if len(digits) == 3 else digits)


def _section_keys(value: list[str]) -> list[str]:
    """Each key once, in the order given; keys are section keys (``work``, ``education``…)."""
    seen: list[str] = []
    for key in value:
        if len(key) > MAX_KEY_CHARS:
            raise PydanticCustomError("key", f"a section key is at most {MAX_KEY_CHARS} characters")
        if key and key not in seen:
            seen.append(key)
    return seen


Colour = Annotated[str, AfterValidator(_hex_colour)]
SectionKeys = Annotated[
    list[str], Field(max_length=MAX_SECTION_KEYS), AfterValidator(_section_keys)
]


class Design(Section):
    """``meta.design``: the owner's choices; ``None`` leaves a choice to the template."""

    accent: Colour | None = None
    font: FontFamily | None = None
    font_size: float | None = Field(default=None, ge=FONT_SIZE[0], le=FONT_SIZE[1])
    margins: float | None = Field(default=None, ge=MARGINS[0], le=MARGINS[1])
    line_spacing: float | None = Field(default=None, ge=LINE_SPACING[0], le=LINE_SPACING[1])
    paper: Paper | None = None
    section_order: SectionKeys = Field(default_factory=list)
    hidden_sections: SectionKeys = Field(default_factory=list)
    date_format: DateFormat | None = None
    show_photo: bool | None = None
