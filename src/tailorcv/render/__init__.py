"""Render a résumé: PDF, PNG and SVG through Typst; HTML, plain text, Markdown and DOCX.

``render(resume, template="classic", fmt="pdf", photo=None) -> bytes`` is the one entry point;
every format reads the same ``view`` of the résumé, so each shows the same sections in the same
order, and each shows ``photo`` (the bytes of ``basics.image``, which rendering never fetches)
unless the owner turned it off.
"""

from __future__ import annotations

from tailorcv.errors import UnsupportedFormat
from tailorcv.render import text, typst
from tailorcv.render.photo import shown_photo
from tailorcv.render.typst import Template, get_template, list_templates
from tailorcv.render.view import build as build_view
from tailorcv.resume.model import Resume

FORMATS = ("pdf", "png", "svg", "html", "txt", "md", "docx")


def render(
    resume: Resume, template: str | None = None, fmt: str = "pdf", photo: bytes | None = None
) -> bytes:
    """The résumé in ``fmt`` using ``template`` (default: ``meta.template``, else ``classic``),
    with ``photo`` (JPEG or PNG bytes) in its header unless ``meta.design.showPhoto`` is false."""
    chosen = get_template(template or resume.template)
    view = build_view(resume)
    if fmt in ("txt", "md"):
        return (text.to_text(view) if fmt == "txt" else text.to_markdown(view)).encode()
    shown = shown_photo(resume, photo)
    if fmt in ("pdf", "png", "svg"):
        return typst.compile_view(view, chosen, fmt, photo=shown)
    # HTML (Jinja) and DOCX (python-docx, lxml) are imported when asked for: a command that
    # writes a PDF starts about 60 ms sooner without them.
    if fmt == "html":
        from tailorcv.render import html

        return html.to_html(view, chosen, photo=shown).encode()
    if fmt == "docx":
        from tailorcv.render import docx

        return docx.to_docx(view, photo=shown)
    raise UnsupportedFormat(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}")


def count_pages(resume: Resume, template: str | None = None, photo: bytes | None = None) -> int:
    """How many pages the résumé's PDF has in ``template`` (with ``photo`` in its header, as
    ``render`` shows it): the tailoring page budget's measure."""
    chosen = get_template(template or resume.template)
    return typst.page_count(build_view(resume), chosen, shown_photo(resume, photo))


__all__ = [
    "FORMATS",
    "Template",
    "build_view",
    "count_pages",
    "get_template",
    "list_templates",
    "render",
]
