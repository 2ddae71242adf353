"""A résumé photo from an upload: read within bounds, turned upright, stripped of everything but
its pixels, and made small (issue 19).

An upload is hostile bytes handed to C decoders, so ``read_photo`` reads it in a child process
that is killed after ``SECONDS`` or when it grows past ``MEMORY`` (``sandbox.run_limited``), and
decodes nothing before the header has said what the file is and how big: JPEG, PNG or WebP of at
most ``MAX_PIXELS`` pixels. A 20000 × 20000 PNG of a few kilobytes (a decompression bomb) is
refused from its header, before a pixel is decoded, and a large JPEG is decoded at the reduced
scale its size needs (``Image.draft``).

What is kept is the picture alone, drawn again from its pixels: the EXIF block (with the GPS
position a phone writes), comments and colour profiles are not copied. The result is at most
``MAX_SIDE`` pixels a side and ``MAX_OUTPUT`` bytes: a JPEG, or a PNG when the picture has
transparency.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from tailorcv.errors import ParseTimeout, UnreadableFile
from tailorcv.ingest.sandbox import run_limited

FORMATS = ("JPEG", "PNG", "WEBP")
MAX_PIXELS = 50_000_000  # a 48-megapixel phone photo passes; a 20000 × 20000 bomb does not
MAX_SIDE = 800  # pixels: about 6.8 cm at 300 dpi, larger than any résumé shows a photo
MAX_OUTPUT = 300_000  # bytes
SECONDS = 5.0  # a 50-megapixel PNG decodes in about 1 s here
MEMORY = 768 * 1024 * 1024  # bytes the child may add: 50 megapixels of RGBA is 200 MB
QUALITIES = (85, 75, 65)  # JPEG qualities tried in turn before the picture is made smaller
SHRINK = 0.8  # each further try is this much smaller a side


@dataclass(frozen=True)
class Photo:
    """A photo ready to store: JPEG or PNG bytes and their size in pixels."""

    data: bytes
    content_type: str
    width: int
    height: int

    @property
    def extension(self) -> str:
        return "png" if self.content_type == "image/png" else "jpg"


def read_photo(data: bytes) -> Photo:
    """The photo in ``data``, re-encoded; ``UnreadableFile`` (422) says what is wrong with it."""
    if data.startswith(b"%PDF"):
        raise UnreadableFile("this is a PDF, not a picture: upload the photo as JPEG, PNG or WebP")
    try:
        photo: Photo = run_limited(normalise, data, seconds=SECONDS, memory=MEMORY)
    except ParseTimeout:
        raise UnreadableFile(
            f"reading the picture took longer than {SECONDS:g} s; save it again as a JPEG "
            "and upload that"
        ) from None
    return photo


def normalise(data: bytes) -> Photo:
    """What ``read_photo`` does in its child process (also usable on trusted bytes)."""
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow's own check, at the same bound as ours
    picture = _decoded(data)
    picture = ImageOps.exif_transpose(picture)  # upright, as the camera meant it
    picture.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    if _transparent(picture):
        return _encoded(picture.convert("RGBA"), "PNG")
    return _encoded(picture.convert("RGB"), "JPEG")


def _decoded(data: bytes) -> Image.Image:
    """The first frame of the picture, decoded once its header passed the bounds."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            picture = Image.open(io.BytesIO(data), formats=FORMATS)
        except UnidentifiedImageError:
            raise UnreadableFile(
                "this is not a JPEG, PNG or WebP picture: upload the photo in one of those"
            ) from None
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            # Pillow measures the header against MAX_IMAGE_PIXELS before anything is decoded
            raise UnreadableFile(
                f"the picture has more than {MAX_PIXELS // 1_000_000} million pixels: save it "
                f"smaller (say {MAX_SIDE * 2} pixels a side) and upload that"
            ) from None
    if picture.format == "JPEG":
        picture.draft("RGB", (MAX_SIDE, MAX_SIDE))  # decode at 1/2, 1/4 or 1/8 scale if it can
    try:
        picture.load()
    except (OSError, SyntaxError, ValueError) as exc:
        raise UnreadableFile(
            f"the picture is damaged or cut short ({exc}); save it again and upload that"
        ) from None
    return picture


def _transparent(picture: Image.Image) -> bool:
    """Whether any pixel is see-through (a PNG with an alpha channel that is all opaque is not)."""
    if picture.mode == "P" and "transparency" in picture.info:
        picture = picture.convert("RGBA")
    if picture.mode not in ("RGBA", "LA", "PA"):
        return False
    lowest, _highest = picture.getchannel("A").getextrema()
    return isinstance(lowest, int) and lowest < 255


def _encoded(picture: Image.Image, kind: str) -> Photo:
    """The picture in ``kind`` within ``MAX_OUTPUT`` bytes: JPEG at falling quality, then
    either format smaller and smaller."""
    while True:
        for quality in QUALITIES if kind == "JPEG" else (0,):
            out = io.BytesIO()
            if kind == "JPEG":
                picture.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
            else:
                picture.save(out, "PNG", optimize=True)
            if out.tell() <= MAX_OUTPUT or min(picture.size) <= 16:
                content_type = "image/jpeg" if kind == "JPEG" else "image/png"
                return Photo(out.getvalue(), content_type, *picture.size)
        smaller = (max(1, round(picture.width * SHRINK)), max(1, round(picture.height * SHRINK)))
        picture = picture.resize(smaller, Image.Resampling.LANCZOS)
