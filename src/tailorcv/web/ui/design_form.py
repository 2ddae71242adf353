"""The design panel's fields, both ways: ``meta.design`` and ``meta.template`` as controls, and
the posted controls back into the document (issue 19).

The panel's inputs belong to the editor's form (``form="editor-form"``), so one autosave, one
validation and one save path (``service.resumes.update_resume``) cover the content and the look
alike; their names are JSON paths (``meta.design.fontSize``), so a refusal from the ``Design``
model lands beside its control as every other field's does.

A control left at what it shows for "the template's own" (an empty box, A4, the usual section
order) writes nothing: a document nobody restyled keeps no ``meta.design`` keys, and one that
was restyled keeps exactly what was chosen. The panel says it was on the page with
``meta.design._panel``; a post without it (an old page, a script) leaves the design alone.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tailorcv.render import list_templates
from tailorcv.render.locale import SECTION_KEYS
from tailorcv.render.locale import get as locale
from tailorcv.resume.design import DATE_FORMATS, FONT_SIZE, FONTS, LINE_SPACING, MARGINS
from tailorcv.resume.model import DEFAULT_TEMPLATE
from tailorcv.service import photo_store, photos
from tailorcv.web.ui import forms

PREFIX = "meta.design."
PANEL = PREFIX + "_panel"
TEMPLATE = "meta.template"
CUSTOM = "custom"  # the accent choice whose colour is the colour input's
ORDERED = SECTION_KEYS[1:]  # the summary always opens the résumé: it can be hidden, not moved
NUMBERS = ("fontSize", "margins", "lineSpacing")
CHOICES = ("font", "dateFormat")  # a select whose empty option is the template's own
# The accent presets: (colour, name). CSS paints each swatch (``.swatch-<name>``, no style=).
PRESETS = (
    ("#1f4e79", "navy"),
    ("#0f766e", "teal"),
    ("#15803d", "green"),
    ("#b3261e", "red"),
    ("#c2410c", "orange"),
    ("#6d28d9", "violet"),
    ("#be185d", "rose"),
    ("#1c1d1f", "ink"),
)
PHOTO_TYPES = "image/jpeg,image/png,image/webp"
DATE_EXAMPLES = {"short": "Jan 2024", "long": "January 2024", "numeric": "01/2024", "year": "2024"}


def document_of(pairs: list[tuple[str, str]], base: dict[str, Any]) -> dict[str, Any]:
    """The document the editor's form describes, its design panel included."""
    return apply(pairs, forms.document_from_form(pairs, base))


def apply(pairs: Iterable[tuple[str, str]], document: dict[str, Any]) -> dict[str, Any]:
    """``document`` with the design panel's choices in ``meta``; unchanged without the panel."""
    posted: dict[str, list[str]] = {}
    for key, value in pairs:
        if key.startswith(PREFIX) or key == TEMPLATE:
            posted.setdefault(key, []).append(value.strip())
    if PANEL not in posted:
        return document
    had_meta = isinstance(document.get("meta"), dict)
    meta = copy.deepcopy(document["meta"]) if had_meta else {}
    template = _first(posted, TEMPLATE)
    known = {t.name for t in list_templates()}
    if template in known and (template != DEFAULT_TEMPLATE or "template" in meta):
        meta["template"] = template
    meta["design"] = _design(posted, _object(meta.get("design")))
    if not meta["design"]:
        del meta["design"]
    if meta or had_meta:
        document["meta"] = meta
    return document


def _design(posted: dict[str, list[str]], before: dict[str, Any]) -> dict[str, Any]:
    """The design the controls describe, on top of what was saved (keys the panel does not
    show are kept)."""
    design = dict(before)
    chosen: dict[str, Any] = {
        "accent": _accent(posted),
        **{name: _number(_first(posted, PREFIX + name)) for name in NUMBERS},
        **{name: _first(posted, PREFIX + name) for name in CHOICES},
        "paper": _first(posted, PREFIX + "paper") or "a4",
        "showPhoto": PREFIX + "showPhoto" in posted,
        "sectionOrder": [k for k in posted.get(PREFIX + "sectionOrder", []) if k],
        "hiddenSections": [k for k in posted.get(PREFIX + "hiddenSections", []) if k],
    }
    for name, value in chosen.items():
        if (value == _unset(name) and name not in before) or value in ("", None):
            design.pop(name, None)
        else:
            design[name] = value
    return design


def _unset(name: str) -> object:
    """What a control shows when the owner left the choice to the template."""
    defaults: dict[str, object] = {
        "paper": "a4",
        "showPhoto": True,
        "sectionOrder": list(ORDERED),
        "hiddenSections": [],
    }
    return defaults.get(name, "")


def _accent(posted: dict[str, list[str]]) -> str:
    choice = _first(posted, PREFIX + "accent")
    return _first(posted, PREFIX + "accentCustom") if choice == CUSTOM else choice


def _number(text: str) -> float | str:
    """A number typed in a box (a decimal comma too); text that is none is left for the
    ``Design`` model to refuse with its path."""
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return text


def _first(posted: dict[str, list[str]], name: str) -> str:
    values = posted.get(name)
    return values[0] if values else ""


# The panel as the page shows it


@dataclass(frozen=True)
class SectionRow:
    key: str
    title: str
    hidden: bool
    empty: bool


def panel(document: dict[str, Any]) -> dict[str, Any]:
    """What ``_design.html`` shows for ``document``: each control's current value."""
    meta = _object(document.get("meta"))
    design = _object(meta.get("design"))
    accent = str(design.get("accent") or "")
    preset = {colour for colour, _name in PRESETS}
    hidden = [str(k) for k in _strings(design.get("hiddenSections"))]
    return {
        "templates": list_templates(),
        "template": meta.get("template") or list_templates()[0].name,
        "accent": accent,
        "accent_choice": accent if accent in preset or not accent else CUSTOM,
        "presets": PRESETS,
        "fonts": FONTS,
        "font": design.get("font") or "",
        "numbers": _numbers(design),
        "paper": design.get("paper") or "a4",
        "date_formats": [(f, DATE_EXAMPLES[f]) for f in DATE_FORMATS],
        "date_format": design.get("dateFormat") or "",
        "show_photo": design.get("showPhoto") is not False,
        "sections": _rows(document, _strings(design.get("sectionOrder")), hidden),
        "summary_hidden": "summary" in hidden,
        "summary_title": locale(str(meta.get("locale") or "en")).headings["summary"],
        **photo(document),
    }


def photo(document: dict[str, Any]) -> dict[str, Any]:
    """What the photo control shows: the stored photo the draft names (its owner's: the
    address answers no one else), or the link an import brought, which no output shows."""
    basics = _object(document.get("basics"))
    image = basics.get("image")
    stored = isinstance(image, str) and photo_store.ADDRESS.match(image) is not None
    return {
        "photo_url": image if stored else "",
        "linked_image": image if isinstance(image, str) and not stored else "",
        "photo_accept": PHOTO_TYPES,
        "photo_max_bytes": photos.MAX_BYTES,
    }


def _numbers(design: dict[str, Any]) -> list[dict[str, Any]]:
    """The number boxes: name, words, unit, bounds, step and value."""
    boxes = (
        ("fontSize", "Font size", "pt", FONT_SIZE, 0.5),
        ("margins", "Margins", "cm", MARGINS, 0.1),
        ("lineSpacing", "Line spacing", "×", LINE_SPACING, 0.05),
    )
    return [
        {"name": n, "label": label, "unit": unit, "min": b[0], "max": b[1], "step": step,
         "value": design.get(n) if design.get(n) is not None else ""}
        for n, label, unit, b, step in boxes
    ]  # fmt: skip


def _rows(document: dict[str, Any], order: list[str], hidden: list[str]) -> list[SectionRow]:
    """Every section the outputs can show, in the order they show them."""
    meta = _object(document.get("meta"))
    headings = locale(str(meta.get("locale") or "en")).headings
    rank = {key: i for i, key in enumerate(order)}
    keys = sorted(ORDERED, key=lambda k: rank.get(k, len(rank)))
    return [SectionRow(k, headings[k], k in hidden, not document.get(k)) for k in keys]


def _object(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _strings(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
