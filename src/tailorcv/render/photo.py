"""The owner's photo (``basics.image``) for the header of every output, checked before any shows it.

Rendering never fetches a photo: ``basics.image`` names one, and the caller hands its bytes in
(the service reads a photo stored by this server, the CLI a file beside the résumé). A remote
URL is never followed, on an air-gapped server or anywhere else. The bytes are untrusted: only a
JPEG or PNG whose header gives a sane size is accepted, and the error names the field.
"""

from __future__ import annotations

import base64
import struct
from dataclasses import dataclass

from tailorcv.errors import TooLarge, UnreadableFile
from tailorcv.resume.model import Resume

# A photo stored by the server is at most 300 kB and 800 px; a file a person names to the CLI
# may be larger, within these bounds (a 4000 px phone picture still renders in a few ms).
MAX_BYTES = 4_000_000
MAX_SIDE = 6_000
FIELD = "basics.image"
_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"
# JPEG markers that start a frame and carry its size (SOF0–SOF15 but DHT, JPG and DAC).
_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


@dataclass(frozen=True)
class Photo:
    """A checked photo: its bytes, media type and size in pixels."""

    data: bytes
    media_type: str
    width: int
    height: int

    def data_uri(self) -> str:
        """The photo as a ``data:`` URI, for Typst and the HTML page."""
        encoded = base64.b64encode(self.data).decode("ascii")
        return f"data:{self.media_type};base64,{encoded}"


def shown_photo(resume: Resume, photo: bytes | None) -> Photo | None:
    """The photo the outputs show: the bytes given, checked, unless the owner turned the photo
    off (``meta.design.showPhoto: false``); ``None`` when there is none to show."""
    if photo is None or resume.design.show_photo is False:
        return None
    return read_photo(photo)


def read_photo(data: bytes) -> Photo:
    """``data`` as a ``Photo``; ``UnreadableFile`` when it is no JPEG or PNG, ``TooLarge`` past
    the limits."""
    if len(data) > MAX_BYTES:
        raise TooLarge(
            f"{FIELD}: the photo is {len(data):,} bytes; the limit is {MAX_BYTES:,} "
            "(a photo 800 pixels wide is plenty)"
        )
    if data.startswith(_PNG):
        media_type, size = "image/png", _png_size(data)
    elif data.startswith(_JPEG):
        media_type, size = "image/jpeg", _jpeg_size(data)
    else:
        raise UnreadableFile(f"{FIELD}: the photo is not a JPEG or PNG image")
    if size is None or not all(0 < side <= MAX_SIDE for side in size):
        raise UnreadableFile(
            f"{FIELD}: the photo's size cannot be read, or is over {MAX_SIDE} pixels a side"
        )
    return Photo(data, media_type, *size)


def _png_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from the IHDR chunk, which a PNG must begin with."""
    if len(data) < 24 or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from the first start-of-frame marker, walking the segments before it."""
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte before a marker
            at += 1
            continue
        length = int.from_bytes(data[at + 2 : at + 4], "big")
        if marker in _FRAMES:
            if at + 9 > len(data):
                return None
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return int(width), int(height)
        if length < 2:
            return None
        at += 2 + length
    return None
