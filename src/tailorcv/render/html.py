"""The résumé as one self-contained HTML5 page: the public page at ``/r/{slug}``.

The page is rendered on every uncached request, so it must cost well under a millisecond: the
Jinja2 environment is built once, on first use, and the template is compiled once. Everything the
page needs (CSS for screen, phone and print) is inline; there is no script, font or CDN to fetch.

User text is data: the environment autoescapes every value, and the only ``href`` values are the
view's ``url`` fields, which ``view.safe_url`` has already limited to http, https, mailto and tel.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup

from tailorcv.resume.design import FONTS
from tailorcv.resume.model import DEFAULT_TEMPLATE

if TYPE_CHECKING:
    from tailorcv.render.photo import Photo
    from tailorcv.render.typst import Template

_FOLDER = Path(__file__).with_suffix("")
_DESCRIPTION_LENGTH = 160
# Templates without a style of their own in page.html.j2 fall back to the classic one.
_STYLES = frozenset({"classic", "modern", "compact"})
_COLOUR = re.compile(r"#[0-9a-f]{6}")
# The shipped families with serifs: a browser without the family falls back to a serif stack.
SERIF_FONTS = frozenset({"EB Garamond", "Fontin", "Gentium Book Plus", "XCharter"})


@cache
def _page() -> jinja2.Template:
    """The compiled page template, built once per process (never at import time)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(_FOLDER),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters["rel"] = link_rel
    return env.get_template("page.html.j2")


def to_html(
    view: dict[str, Any], template: Template, photo: Photo | None = None, *, download: str = ""
) -> str:
    """A complete HTML5 page showing ``view``, styled after ``template.name`` in the owner's
    design, with ``photo`` in the header as a ``data:`` URI (the public page's CSP allows
    ``img-src data:``; the page still loads nothing); ``download``, when given, is the address
    of its PDF, linked at the top (the public page's, issue 19)."""
    style = template.name if template.name in _STYLES else DEFAULT_TEMPLATE
    return _page().render(
        view=view,
        style=style,
        description=describe(view),
        keywords=", ".join(view["document"]["keywords"]),
        design=design_css(view["design"]),
        paper="letter" if view["design"]["paper"] == "letter" else "A4",
        photo=photo.data_uri() if photo is not None else "",
        download=download,
    )


def design_css(design: dict[str, Any]) -> str:
    """The owner's choices as CSS custom properties (``--accent``, ``--body``, ``--leading``);
    ``""`` when they left everything to the template. The page's ``<style>`` takes it as it is
    (HTML escapes mean nothing there), so only values CSS cannot misread pass: an accent of
    ``#rrggbb``, a font of ``resume.design.FONTS``, a number."""
    rules = []
    accent = str(design["accent"])
    if _COLOUR.fullmatch(accent):
        rules.append(f"--accent: {accent}; --rule-accent: {accent};")
        rules.append(f"--chip: color-mix(in srgb, {accent} 12%, #fff);")
    if design["font"] in FONTS:
        stack = "var(--serif)" if design["font"] in SERIF_FONTS else "var(--sans)"
        rules.append(f'--body: "{design["font"]}", {stack};')
    if isinstance(design["spacing"], int | float) and design["spacing"] > 0:
        rules.append(f"--leading: {round(1.5 * float(design['spacing']), 3)};")
    return Markup(" ".join(rules))


def link_rel(url: str) -> str:
    """``rel`` for a link: external pages get no opener and no endorsement, mail and phone none."""
    return "noopener nofollow" if url.startswith(("http://", "https://")) else ""


def describe(view: dict[str, Any]) -> str:
    """The meta description: label and summary on one line, cut at a word near 160 characters."""
    text = " ".join(" – ".join(p for p in (view["label"], view["summary"]) if p).split())
    if not text:
        text = view["document"]["title"]
    if len(text) <= _DESCRIPTION_LENGTH:
        return text
    cut = text[: _DESCRIPTION_LENGTH - 1]
    head, _, _ = cut.rpartition(" ")
    return (head or cut).rstrip(" ,.;:–-") + "…"
