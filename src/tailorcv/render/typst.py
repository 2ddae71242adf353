"""PDF, PNG and SVG through Typst: the templates shipped in the package, compiled in process.

The view reaches Typst only as JSON in ``sys.inputs.resume``; templates read it with ``json`` and
show every value as a string, so user text is never markup and never code. The Typst root is the
package's own ``templates`` folder, which holds nothing a user wrote.

Each thread keeps one ``typst.Compiler``: a compiler cannot be used by two threads at once, and
reusing one skips the font scan and keeps parsed templates and loaded fonts warm between résumés.
"""

from __future__ import annotations

import functools
import json
import re
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import rendercv_fonts
import typst

from tailorcv.errors import RenderFailed, TemplateNotFound, UnsupportedFormat, UserError
from tailorcv.render.photo import Photo
from tailorcv.resume.model import DEFAULT_TEMPLATE

TEMPLATES = Path(__file__).parent / "templates"
FONTS = Path(rendercv_fonts.__file__).parent
# Arabic, Hebrew, Thai and Devanagari, which no family of rendercv-fonts draws (fonts/README.md).
SCRIPT_FONTS = Path(__file__).parent / "fonts"
FONT_PATHS = (str(FONTS), str(SCRIPT_FONTS))
FORMATS = ("pdf", "png", "svg")
DEFAULT = DEFAULT_TEMPLATE  # the one default (resume.model), under the name callers use
# Typst's time grows with the text it lays out and a compile cannot be interrupted, so a hostile
# résumé is refused before it can hold a worker; at these sizes a compile takes about 1 s.
MAX_ENTRIES = 2_000
MAX_BULLETS = 10_000
MAX_CHARS = 1_000_000
# A last page whose text ends within this share of its height from the top holds only a tail
# (the top margin and a few lines), which tighter spacing pulls back onto the page before.
TAIL = 0.2
SQUEEZE = 0.55  # the most the gaps shrink: less looks crammed

_PAGES = re.compile(rb"<</Type/Pages/Count (\d+)")
# A word too long for a line (a pasted URL, a hash): 36 characters without a space. Scripts
# written without spaces (Thai, Lao, Myanmar, Khmer, Chinese, Japanese) are left out: Typst's own
# line breaking knows their words, and a cut by length would split them.
_UNSPACED = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
)
_LONG_WORD = re.compile(f"[^\\s\u200b{_UNSPACED}]{{36,}}")
_BREAK_EVERY = 12
_UNSOFTENED = ("url", "document")  # links need their URL whole; PDF readers show the metadata
_local = threading.local()


@dataclass(frozen=True)
class Template:
    """A template shipped in the package: its folder's ``main.typ`` and gallery picture."""

    name: str
    title: str
    description: str
    path: Path
    preview: Path


def list_templates() -> list[Template]:
    """Every template in the templates folder, sorted by name with the default first."""
    return list(_templates().values())


def get_template(name: str) -> Template:
    """The template called ``name``; ``TemplateNotFound`` lists the ones there are."""
    found = _templates().get(name)
    if found is None:
        choices = ", ".join(sorted(_templates()))
        raise TemplateNotFound(f"unknown template {name!r}; choose one of {choices}")
    return found


def compile_view(
    view: dict[str, Any],
    template: Template,
    fmt: str = "pdf",
    *,
    ppi: float = 144,
    photo: Photo | None = None,
) -> bytes:
    """The view laid out by ``template`` as a PDF, or its first page as PNG or SVG, with
    ``photo`` in its header when one is given."""
    return compile_pages(view, template, fmt, ppi=ppi, photo=photo)[0]


def compile_pages(
    view: dict[str, Any],
    template: Template,
    fmt: str = "png",
    *,
    ppi: float = 144,
    photo: Photo | None = None,
) -> list[bytes]:
    """Every page of the view as PNG or SVG, from one compile (the live preview shows them
    all); a PDF is one item holding every page.

    A document whose last page would hold only a short tail is laid out once more with tighter
    spacing (``lib.typ``'s ``squeeze``), kept when it has fewer pages: one retry at most, and
    only for a document of more than one page, so a one-page render costs one compile."""
    if fmt not in FORMATS:
        raise UnsupportedFormat(f"Typst cannot write {fmt!r}; choose one of {', '.join(FORMATS)}")
    check_size(view)
    inputs = {"resume": json.dumps(softened(view), ensure_ascii=False)}
    if photo is not None:
        inputs["photo"] = photo.data_uri()
    out = _compile(template, fmt, ppi, inputs)
    pages = count_pages(out[0]) if fmt == "pdf" else len(out)
    if pages == 1:
        return out
    end = _end()
    if end is None or end.page == 1 or end.at > TAIL:
        return out
    tight = _compile(template, fmt, ppi, {**inputs, "squeeze": f"{squeeze(end.at):.2f}"})
    shorter = _end()
    return tight if shorter is not None and shorter.page < end.page else out


def squeeze(tail: float) -> float:
    """How much the gaps shrink to pull back a tail reaching ``tail`` of the last page's height:
    a line or two a little (0.85), a tail as long as ``TAIL`` allows as much as looks right
    (0.55); lines close up by a fifth of that."""
    return max(SQUEEZE, min(0.85, 1 - (1 - SQUEEZE) * tail / TAIL))


@dataclass(frozen=True)
class End:
    """Where the text of the last compile ends: its page, and how far down that page it
    reaches as a share of the page's height."""

    page: int
    at: float


def _compile(template: Template, fmt: str, ppi: float, inputs: dict[str, str]) -> list[bytes]:
    try:
        out = _compiler().compile(
            input=str(template.path),
            format=fmt,
            ppi=ppi if fmt == "png" else None,
            sys_inputs=inputs,
        )
    except typst.TypstError as exc:
        raise RenderFailed(f"template {template.name!r} failed: {exc}") from None
    return [bytes(page) for page in out] if isinstance(out, list) else [bytes(out)]


def _end() -> End | None:
    """Where the last compile's text ended: the furthest of ``lib.typ``'s ``<tailorcv-end>``
    marks (one per column of text), read from the compiler's memoised layout; ``None`` for a
    document that leaves none (a letter)."""
    try:
        found = json.loads(_compiler().query("<tailorcv-end>", format="json"))
    except (typst.TypstError, ValueError):
        return None
    ends = [End(int(m["value"]["page"]), float(m["value"]["at"])) for m in found]
    return max(ends, key=lambda end: (end.page, end.at), default=None)


def page_count(view: dict[str, Any], template: Template, photo: Photo | None = None) -> int:
    """How many pages the PDF of the view has in ``template``."""
    return count_pages(compile_view(view, template, "pdf", photo=photo))


def count_pages(pdf: bytes) -> int:
    """The page count of a PDF Typst wrote (its page tree root; user text there is hex-encoded)."""
    found = _PAGES.search(pdf)
    if found is None:
        raise RenderFailed("Typst wrote a PDF without a page tree")
    return int(found.group(1))


def check_size(view: dict[str, Any]) -> None:
    """Refuse a view too large to lay out quickly, naming the limit it breaks."""
    entries = [e for s in view.get("sections", []) for e in s.get("entries", [])]
    bullets = sum(len(e.get("bullets", [])) for e in entries)
    chars = text_length(view)
    if len(entries) > MAX_ENTRIES:
        raise UserError(f"the résumé has {len(entries)} entries; the limit is {MAX_ENTRIES}")
    if bullets > MAX_BULLETS:
        raise UserError(f"the résumé has {bullets} bullet points; the limit is {MAX_BULLETS}")
    if chars > MAX_CHARS:
        raise UserError(f"the résumé has {chars:,} characters of text; the limit is {MAX_CHARS:,}")


def softened(value: Any, key: str = "") -> Any:
    """The view with a zero-width space (a break opportunity) after every dozen characters of a
    long word, so that it wraps instead of running off the page; URLs and the document's
    metadata are kept whole. Done here rather than in Typst script, where it cost a quarter of
    a compile."""
    if isinstance(value, str):
        return value if key in _UNSOFTENED else _LONG_WORD.sub(_break_up, value)
    if isinstance(value, dict):
        return {k: softened(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [softened(v, key) for v in value]
    return value


def _break_up(word: re.Match[str]) -> str:
    """``word`` with a break opportunity after every dozen characters, never before a mark or a
    joiner, which belong to the letter before them."""
    out: list[str] = []
    run = 0
    for char in word.group():
        if run >= _BREAK_EVERY and not _joins_previous(char):
            out.append("\u200b")
            run = 0
        out.append(char)
        run += 1
    return "".join(out)


def _joins_previous(char: str) -> bool:
    return unicodedata.category(char).startswith("M") or char in "\u200c\u200d"


def text_length(value: Any) -> int:
    """The characters of text in a view, each counted once: its ``*_runs`` and ``items`` repeat
    the plain text beside them with emphasis and nesting, and are skipped."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, dict):
        return sum(
            text_length(v) for k, v in value.items() if k != "items" and not k.endswith("_runs")
        )
    if isinstance(value, list):
        return sum(text_length(v) for v in value)
    return 0


def _compiler() -> Any:
    """This thread's compiler, made on first use: one compiler cannot serve two threads."""
    compiler = getattr(_local, "compiler", None)
    if compiler is None:
        compiler = typst.Compiler(
            root=str(TEMPLATES), font_paths=list(FONT_PATHS), ignore_system_fonts=True
        )
        _local.compiler = compiler
    return compiler


@functools.cache
def _templates() -> dict[str, Template]:
    """The templates by name, default first; read once, since they ship with the package."""
    found = [_describe(main) for main in sorted(TEMPLATES.glob("*/main.typ"))]
    found.sort(key=lambda t: (t.name != DEFAULT, t.name))
    return {t.name: t for t in found}


def _describe(main: Path) -> Template:
    """A template from its folder; ``main.typ`` opens with "// Title: description"."""
    comment = []
    for line in main.read_text(encoding="utf-8").splitlines():
        if not line.startswith("//"):
            break
        comment.append(line.removeprefix("//").strip())
    title, _, description = " ".join(comment).partition(":")
    name = main.parent.name
    about = description.strip()
    preview = main.parent / "preview.png"
    return Template(
        name, title.strip() or name.title(), about[:1].upper() + about[1:], main, preview
    )
