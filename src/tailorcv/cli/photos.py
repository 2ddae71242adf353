"""The photo a résumé file names, for ``tailorcv render`` and ``tailorcv letter``.

``basics.image`` names a file beside the résumé (``"image": "me.jpg"``, or in a folder below
it), which is what a person who keeps both in one folder expects. A path that leads out of that
folder is refused: a résumé someone sent you cannot make the CLI read your other files into a
PDF. A web address is never downloaded, and a photo stored by a server (``/photos/…``) is not
on this disk: both render without the photo, saying so.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tailorcv.cli import err
from tailorcv.errors import InputNotFound, TooLarge, UserError

if TYPE_CHECKING:
    from tailorcv.resume import Resume


def photo_beside(resume: Resume, path: Path) -> bytes | None:
    """The bytes of the photo ``resume`` (read from ``path``) names beside it; ``None`` when it
    names none, turns it off (``showPhoto: false``), or names one that is not on this disk."""
    from tailorcv.render.photo import MAX_BYTES

    image = (resume.basics.image or "").strip()
    if not image or resume.design.show_photo is False:
        return None
    if "://" in image or image.startswith(("/photos/", "data:")):
        err.print(
            f"[yellow]warning:[/] basics.image {image[:80]!r} is not read (the photo is left "
            "out): rendering never downloads; save the photo beside the résumé and write its "
            "file name there",
            highlight=False,
        )
        return None
    folder = path.resolve().parent
    target = (folder / image).resolve()
    if not target.is_relative_to(folder):
        raise UserError(
            f"basics.image: {image!r} is outside the résumé's folder ({folder}); put the photo "
            "beside the résumé and write its file name"
        )
    if not target.is_file():
        raise InputNotFound(f"basics.image: no photo {image!r} beside the résumé ({folder})")
    if target.stat().st_size > MAX_BYTES:
        raise TooLarge(
            f"basics.image: {image!r} is {target.stat().st_size:,} bytes; the limit is "
            f"{MAX_BYTES:,} (a photo 800 pixels wide is plenty)"
        )
    with target.open("rb") as file:
        return file.read(MAX_BYTES + 1)
