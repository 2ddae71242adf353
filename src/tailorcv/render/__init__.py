"""Render a résumé: PDF, PNG and SVG through Typst; HTML, plain text, Markdown and DOCX.

``render(resume, template="classic", fmt="pdf") -> bytes`` is the one entry point; every format
reads the same ``view`` of the résumé, so each shows the same sections in the same order.
"""

from __future__ import annotations

from tailorcv.errors import UnsupportedFormat
from tailorcv.render import docx, html, text, typst
from tailorcv.render.typst import Template, get_template, list_templates
from tailorcv.render.view import build as build_view
from tailorcv.resume.model import Resume

FORMATS = ("pdf", "png", "svg", "html", "txt", "md", "docx")


def render(resume: Resume, template: str | None = None, fmt: str = "pdf") -> bytes:
    """The résumé in ``fmt`` using ``template`` (default: ``meta.template``, else ``classic``)."""
    chosen = get_template(template or resume.template)
    view = build_view(resume)
    if fmt in ("pdf", "png", "svg"):
        return typst.compile_view(view, chosen, fmt)
    if fmt == "html":
        return html.to_html(view, chosen).encode()
    if fmt == "txt":
        return text.to_text(view).encode()
    if fmt == "md":
        return text.to_markdown(view).encode()
    if fmt == "docx":
        return docx.to_docx(view)
    raise UnsupportedFormat(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}")


def count_pages(resume: Resume, template: str | None = None) -> int:
    """How many pages the résumé's PDF has in ``template``: the tailoring page budget's measure."""
    return typst.page_count(build_view(resume), get_template(template or resume.template))


__all__ = [
    "FORMATS",
    "Template",
    "build_view",
    "count_pages",
    "get_template",
    "list_templates",
    "render",
]
