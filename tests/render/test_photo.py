"""The owner's photo in every output (issue 19): shown when its bytes are given and
``meta.design.showPhoto`` is not false, refused with a clear error when the bytes are no photo."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import docx
import pytest

from tailorcv.errors import TooLarge, UnreadableFile
from tailorcv.render import list_templates, render
from tailorcv.render.letter import render_letter
from tailorcv.render.photo import MAX_BYTES, read_photo
from tailorcv.resume.model import Resume
from tests.render.pages import read_pages

DATA = Path(__file__).parents[1] / "data" / "render"
JPEG = (DATA / "photo.jpg").read_bytes()
PNG = (DATA / "photo.png").read_bytes()
TEMPLATES = [t.name for t in list_templates()]
LETTER = {"name": "Ada Lovelace", "paragraphs": ["I would like the post."]}


def resume(**design: Any) -> Resume:
    doc = {"basics": {"name": "Ada Lovelace", "label": "Analyst", "email": "ada@example.com"}}
    return Resume.model_validate({**doc, "meta": {"design": design}})


def images(pdf: bytes) -> int:
    return len(re.findall(rb"/Subtype\s*/Image\b", pdf))


def test_a_jpeg_and_a_png_are_read_with_their_size() -> None:
    jpeg, png = read_photo(JPEG), read_photo(PNG)
    assert (jpeg.media_type, jpeg.width, jpeg.height) == ("image/jpeg", 240, 300)
    assert (png.media_type, png.width, png.height) == ("image/png", 240, 300)
    assert png.data_uri().startswith("data:image/png;base64,iVBORw0KGgo")


@pytest.mark.parametrize(
    "data",
    [b"", b"GIF89a" + bytes(40), b"<svg xmlns='http://www.w3.org/2000/svg'/>", JPEG[:40], PNG[:20]],
    ids=["empty", "gif", "svg", "truncated-jpeg", "truncated-png"],
)
def test_bytes_that_are_no_photo_are_refused_naming_the_field(data: bytes) -> None:
    with pytest.raises(UnreadableFile, match=r"^basics\.image: "):
        read_photo(data)
    with pytest.raises(UnreadableFile):
        render(resume(), "classic", "pdf", data)


def test_a_photo_past_the_limit_is_refused() -> None:
    with pytest.raises(TooLarge, match=r"^basics\.image: "):
        read_photo(JPEG + bytes(MAX_BYTES))


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("photo", [JPEG, PNG], ids=["jpeg", "png"])
def test_every_template_and_letter_shows_the_photo(template: str, photo: bytes) -> None:
    assert images(render(resume(), template)) == 0
    assert images(render(resume(), template, "pdf", photo)) == 1
    assert images(render_letter(resume(), LETTER, template, "pdf", photo)) == 1


@pytest.mark.parametrize("template", TEMPLATES)
def test_the_photo_sits_in_the_header_and_keeps_the_text_on_the_page(template: str) -> None:
    plain = read_pages(render(resume(), template))[0]
    shown = read_pages(render(resume(), template, "pdf", JPEG))[0]
    assert [line.text for line in shown.lines] == [line.text for line in plain.lines]
    assert max(line.left for line in shown.lines) < shown.width * 0.7  # no text under the photo


@pytest.mark.parametrize("template", TEMPLATES)
def test_show_photo_false_hides_it_everywhere(template: str) -> None:
    hidden = resume(showPhoto=False)
    assert images(render(hidden, template, "pdf", JPEG)) == 0
    assert images(render_letter(hidden, LETTER, template, "pdf", JPEG)) == 0
    assert b'<img class="photo"' not in render(hidden, template, "html", JPEG)
    assert not _docx_images(render(hidden, template, "docx", JPEG))


def test_the_png_preview_shows_the_photo() -> None:
    plain = render(resume(), "modern", "png")
    assert render(resume(), "modern", "png", JPEG) != plain
    assert b"<image" in render(resume(), "modern", "svg", JPEG)


def test_the_html_page_shows_the_photo_as_a_data_uri() -> None:
    page = render(resume(), "modern", "html", JPEG).decode()
    assert '<img class="photo" src="data:image/jpeg;base64,' in page
    assert "with-photo" in page
    assert "<img" not in render(resume(), "modern", "html").decode()


def _docx_images(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    return [
        p.partname for p in document.part.package.parts if p.partname.startswith("/word/media/")
    ]


@pytest.mark.parametrize("photo", [JPEG, PNG], ids=["jpeg", "png"])
def test_the_docx_floats_the_photo_beside_the_header(photo: bytes) -> None:
    data = render(resume(), "classic", "docx", photo)
    assert len(_docx_images(data)) == 1
    body = docx.Document(io.BytesIO(data)).element.body.xml
    assert "<wp:anchor" in body
    assert "<wp:align>right</wp:align>" in body
    assert _docx_images(render_letter(resume(), LETTER, fmt="docx", photo=photo))
    assert not _docx_images(render(resume(), "classic", "docx"))


def test_text_and_markdown_have_no_photo_to_show() -> None:
    assert render(resume(), "classic", "txt", JPEG) == render(resume(), "classic", "txt")
