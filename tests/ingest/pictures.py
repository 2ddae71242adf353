"""Pictures for the photo tests, made in memory: a phone's JPEG with its GPS position, a
transparent PNG, a decompression bomb, a truncated JPEG."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

GPS_IFD = 0x8825
MAKE = 0x010F


def phone_jpeg(width: int = 3000, height: int = 2000) -> bytes:
    """A JPEG with EXIF naming the camera and where the picture was taken."""
    picture = Image.new("RGB", (width, height), (180, 120, 90))
    for x in range(0, width, 97):  # some detail, so the JPEG is not trivially small
        picture.paste((20 + x % 200, 90, 160), (x, 0, x + 40, height))
    exif = Image.Exif()
    exif[MAKE] = "PhoneMaker"
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (59.0, 19.0, 48.0), 3: "E", 4: (18.0, 4.0, 7.0)})
    out = io.BytesIO()
    picture.save(out, "JPEG", exif=exif, quality=92)
    return out.getvalue()


def transparent_png(width: int = 1200, height: int = 900) -> bytes:
    picture = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    picture.paste((30, 90, 200, 255), (200, 200, 1000, 700))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def png_bomb(side: int = 20_000) -> bytes:
    """A real 1-bit PNG of ``side`` × ``side`` black pixels: 400 million pixels in about 50 kB."""
    row = b"\0" + bytes((side + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", data)
        + _chunk(b"IEND", b"")
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data)
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def truncated_jpeg() -> bytes:
    whole = phone_jpeg(800, 600)
    return whole[: len(whole) // 2]


def exif_of(data: bytes) -> dict[int, object]:
    with Image.open(io.BytesIO(data)) as picture:
        exif = picture.getexif()
        return {**dict(exif), GPS_IFD: dict(exif.get_ifd(GPS_IFD))} if exif else {}
