"""The import command and render --check, as a person runs them."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tailorcv.cli import app
from tests.conftest import EXAMPLES

runner = CliRunner()
RESUME = str(EXAMPLES / "resume.json")


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_import_a_rendered_pdf_writes_the_resume(tmp_path: Path) -> None:
    pdf, out = tmp_path / "cv.pdf", tmp_path / "back.json"
    assert run("render", RESUME, "-o", str(pdf))[0] == 0
    code, _, stderr = run("import", str(pdf), "-o", str(out))
    assert code == 0, stderr
    back = json.loads(out.read_text())
    assert back["basics"]["name"] == "Maya Lindqvist"
    assert [w["name"] for w in back["work"]] == ["Nordpay", "Fraktlogik", "Kodverket AB"]
    assert "confidence" in stderr


def test_import_without_output_prints_json_on_stdout(tmp_path: Path) -> None:
    docx = tmp_path / "cv.docx"
    assert run("render", RESUME, "-o", str(docx))[0] == 0
    code, stdout, _ = run("import", str(docx))
    assert code == 0
    assert json.loads(stdout)["basics"]["email"] == "maya.lindqvist@example.com"


def test_import_refuses_an_image_renamed_pdf(tmp_path: Path) -> None:
    fake = tmp_path / "cv.pdf"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    code, _, stderr = run("import", str(fake))
    assert code == 2
    assert "image" in stderr
    assert "Traceback" not in stderr


def test_import_a_missing_file_exits_2() -> None:
    code, _, stderr = run("import", "missing.pdf")
    assert code == 2
    assert "missing.pdf: no such file" in stderr


def test_render_check_reads_the_pdf_back(tmp_path: Path) -> None:
    code, stdout, _ = run("render", RESUME, "-o", str(tmp_path / "cv.pdf"), "--check")
    assert code == 0
    assert "read back all" in stdout


def test_render_check_needs_a_pdf(tmp_path: Path) -> None:
    code, _, stderr = run("render", RESUME, "-o", str(tmp_path / "cv.html"), "--check")
    assert code == 2
    assert "--check reads back a PDF" in stderr
