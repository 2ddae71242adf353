"""A résumé photo from an upload (issue 19): bounded, upright, stripped of EXIF, made small."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tailorcv.errors import UnreadableFile
from tailorcv.ingest.photo import MAX_OUTPUT, MAX_SIDE, read_photo
from tests.ingest.pictures import (
    GPS_IFD,
    exif_of,
    phone_jpeg,
    png_bomb,
    transparent_png,
    truncated_jpeg,
)


def test_a_phone_photo_loses_its_gps_position_and_is_made_small() -> None:
    upload = phone_jpeg()
    assert exif_of(upload)[GPS_IFD], "the upload carries a GPS position"
    photo = read_photo(upload)
    assert photo.content_type == "image/jpeg"
    assert max(photo.width, photo.height) == MAX_SIDE
    assert len(photo.data) <= MAX_OUTPUT
    assert exif_of(photo.data) == {}
    assert b"Exif" not in photo.data
    assert b"PhoneMaker" not in photo.data
    with Image.open(io.BytesIO(photo.data)) as kept:
        assert kept.size == (photo.width, photo.height) == (800, 533)


def test_a_transparent_picture_stays_a_png() -> None:
    photo = read_photo(transparent_png())
    assert (photo.content_type, photo.extension) == ("image/png", "png")
    with Image.open(io.BytesIO(photo.data)) as kept:
        assert kept.mode == "RGBA"
        assert kept.getchannel("A").getextrema()[0] == 0


def test_a_picture_turned_by_its_exif_is_stored_upright() -> None:
    picture, exif = Image.new("RGB", (400, 200), (10, 20, 30)), Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to show
    out = io.BytesIO()
    picture.save(out, "JPEG", exif=exif)
    photo = read_photo(out.getvalue())
    assert (photo.width, photo.height) == (200, 400)


@pytest.mark.parametrize(
    ("upload", "said"),
    [
        (b"hello, this is text and no picture at all" * 10, "not a JPEG, PNG or WebP"),
        (b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF", "this is a PDF"),
        (png_bomb(), "more than 50 million pixels"),
        (truncated_jpeg(), "damaged or cut short"),
        (b"GIF89a" + bytes(100), "not a JPEG, PNG or WebP"),
    ],
    ids=["text", "pdf-named-jpg", "bomb-20000x20000", "truncated-jpeg", "gif"],
)
def test_what_is_not_a_usable_picture_is_refused_with_what_was_wrong(
    upload: bytes, said: str
) -> None:
    with pytest.raises(UnreadableFile, match=said):
        read_photo(upload)
