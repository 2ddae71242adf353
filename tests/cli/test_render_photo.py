"""``tailorcv render`` shows the photo ``basics.image`` names beside the résumé file (issue 19),
refuses a path that leads out of its folder, and never downloads a web address."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tailorcv.cli import app
from tests.conftest import EXAMPLES

PHOTO = Path(__file__).parents[1] / "data" / "render" / "photo.jpg"
runner = CliRunner()


def render(folder: Path, image: str, *args: str) -> tuple[int, str, bytes]:
    """Exit code, standard error and the PDF of the example with ``basics.image`` set."""
    document = json.loads((EXAMPLES / "resume.json").read_text(encoding="utf-8"))
    document["basics"]["image"] = image
    source = folder / "resume.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    out = folder / "resume.pdf"
    result = runner.invoke(app, ["render", str(source), "-o", str(out), *args])
    return result.exit_code, result.stderr, out.read_bytes() if out.exists() else b""


def has_image(pdf: bytes) -> bool:
    return re.search(rb"/Subtype\s*/Image\b", pdf) is not None


@pytest.mark.parametrize("image", ["me.jpg", "photos/me.jpg"])
def test_a_photo_beside_the_resume_is_shown(tmp_path: Path, image: str) -> None:
    (tmp_path / image).parent.mkdir(exist_ok=True)
    shutil.copy(PHOTO, tmp_path / image)
    code, stderr, pdf = render(tmp_path, image)
    assert code == 0, stderr
    assert has_image(pdf)


def test_a_path_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "cv").mkdir()
    shutil.copy(PHOTO, tmp_path / "me.jpg")
    for image in ("../me.jpg", str(tmp_path / "me.jpg")):
        code, stderr, pdf = render(tmp_path / "cv", image)
        assert code == 2
        assert "basics.image" in stderr
        assert "outside the résumé's folder" in stderr
        assert pdf == b""


def test_a_missing_or_broken_photo_is_a_clear_error(tmp_path: Path) -> None:
    code, stderr, _ = render(tmp_path, "me.jpg")
    assert code == 2
    assert "basics.image: no photo 'me.jpg'" in stderr
    (tmp_path / "me.jpg").write_bytes(b"not a picture")
    code, stderr, _ = render(tmp_path, "me.jpg")
    assert code == 2
    assert "basics.image: the photo is not a JPEG or PNG image" in stderr
    assert "Traceback" not in stderr


def test_a_web_address_is_not_downloaded(tmp_path: Path) -> None:
    code, stderr, pdf = render(tmp_path, "https://example.com/me.jpg")
    assert code == 0
    assert "never downloads" in stderr
    assert not has_image(pdf)
