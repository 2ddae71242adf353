"""The command line: exit codes, one clear message per user error, outputs chosen by suffix."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tailorcv.cli import app
from tests.conftest import EXAMPLES

runner = CliRunner()
EXAMPLE = str(EXAMPLES / "resume.json")


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_validate_accepts_the_example() -> None:
    code, stdout, _ = run("validate", EXAMPLE)
    assert code == 0
    assert "valid résumé" in stdout


def test_validate_lists_every_problem_with_its_path(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"work": [{}, {}, {"startDate": "someday"}], "basics": []}))
    code, _, stderr = run("validate", str(bad))
    assert code == 2
    assert str(bad) in stderr
    assert "work[2].startDate: not a date" in stderr
    assert "basics: expected an object" in stderr
    assert "Traceback" not in stderr


def test_validate_strict_refuses_nulls_that_the_default_reads_as_absent(tmp_path: Path) -> None:
    doc = tmp_path / "nulls.json"
    doc.write_text(json.dumps({"basics": {"name": "A", "email": None}}))
    code, _, stderr = run("validate", str(doc))
    assert code == 0
    assert "basics.email: null read as absent" in stderr
    code, _, stderr = run("validate", "--strict", str(doc))
    assert code == 2
    assert "basics.email" in stderr


def test_missing_file_exits_2_naming_the_file() -> None:
    code, _, stderr = run("render", "no/such/resume.json")
    assert code == 2
    assert "no/such/resume.json: no such file" in stderr


def test_unknown_template_exits_2_and_names_the_choices(tmp_path: Path) -> None:
    code, _, stderr = run("render", EXAMPLE, "-t", "fancy", "-o", str(tmp_path / "x.pdf"))
    assert code == 2
    assert "fancy" in stderr
    assert "classic" in stderr


def test_unknown_output_format_exits_2(tmp_path: Path) -> None:
    code, _, stderr = run("render", EXAMPLE, "-o", str(tmp_path / "cv.odt"))
    assert code == 2
    assert "unknown output format 'odt'" in stderr


@pytest.mark.parametrize(
    ("suffix", "magic"),
    [
        ("pdf", b"%PDF-"),
        ("png", b"\x89PNG"),
        ("svg", b"<svg"),
        ("html", b"<!DOCTYPE html>"),
        ("docx", b"PK\x03\x04"),
        ("txt", b"Maya Lindqvist"),
        ("md", b"# Maya Lindqvist"),
        ("json", b"{"),
        ("yaml", b"$schema:"),
    ],
)
def test_render_picks_the_format_from_the_output_suffix(
    tmp_path: Path, suffix: str, magic: bytes
) -> None:
    target = tmp_path / f"cv.{suffix}"
    code, _, stderr = run("render", EXAMPLE, "-o", str(target))
    assert code == 0, stderr
    assert magic.lower() in target.read_bytes()[:200].lower()


def test_format_option_wins_over_the_suffix(tmp_path: Path) -> None:
    target = tmp_path / "cv.bin"
    code, _, _ = run("render", EXAMPLE, "-o", str(target), "--format", "pdf")
    assert code == 0
    assert target.read_bytes().startswith(b"%PDF-")


def test_json_export_reads_back_to_the_same_resume(tmp_path: Path) -> None:
    target = tmp_path / "again.json"
    assert run("render", EXAMPLE, "-o", str(target))[0] == 0
    assert json.loads(target.read_text()) == json.loads(Path(EXAMPLE).read_text())


def test_templates_lists_the_three_shipped_templates() -> None:
    code, stdout, _ = run("templates")
    assert code == 0
    for name in ("classic", "modern", "compact"):
        assert name in stdout


def test_a_user_error_prints_no_traceback_in_a_real_process(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"basics": {"name": "A",}}')
    done = subprocess.run(
        [sys.executable, "-m", "tailorcv", "validate", str(broken)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "JSON syntax error at line 1" in done.stderr
    assert "Traceback" not in done.stderr
