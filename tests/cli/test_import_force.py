"""`tailorcv import` refuses what is not a résumé with exit 2 and says why; --force imports it
and the warning stays (issue 18)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tailorcv.cli import app
from tests.conftest import corpus_path
from tests.ingest import letters

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_the_corpus_cover_letter_exits_2_with_what_to_do() -> None:
    letter = corpus_path("pdf", "awesome-cv-coverletter-NOT-A-RESUME.pdf")
    code, stdout, stderr = run("import", str(letter))
    assert code == 2
    assert stdout == "", "nothing is written for a refused file"
    assert f"error: {letter}: this looks like a cover letter, not a résumé" in stderr
    assert "Use --force to import it anyway" in stderr
    assert "Traceback" not in stderr


def test_force_imports_the_cover_letter_and_keeps_the_warning(tmp_path: Path) -> None:
    letter, out = tmp_path / "letter.pdf", tmp_path / "letter.json"
    letter.write_bytes(letters.cover_letter_pdf(tmp_path))
    assert run("import", str(letter))[0] == 2
    code, _, stderr = run("import", str(letter), "--force", "-o", str(out))
    assert code == 0, stderr
    assert "warning: this looks like a cover letter, not a résumé" in stderr
    assert json.loads(out.read_text())["basics"]["name"] == "Maya Lindqvist"


def test_a_text_resume_named_pdf_imports_with_exit_0_and_says_so(tmp_path: Path) -> None:
    fake = tmp_path / "cv.pdf"
    fake.write_text(letters.TEXT_RESUME, encoding="utf-8")
    code, stdout, stderr = run("import", str(fake))
    assert code == 0, stderr
    assert "warning: the file is named cv.pdf but holds plain text; it was read as text" in stderr
    assert json.loads(stdout)["basics"]["name"] == "Ada Okafor"


def test_a_job_ad_named_pdf_exits_2_saying_both(tmp_path: Path) -> None:
    fake = tmp_path / "cv.pdf"
    fake.write_text(letters.JOB_AD, encoding="utf-8")
    code, stdout, stderr = run("import", str(fake))
    assert code == 2
    assert stdout == ""
    assert "the file is named cv.pdf but holds plain text" in stderr
    assert "This looks like a job ad, not a résumé" in stderr
    assert "add it as a job" in stderr


def test_force_on_a_resume_changes_nothing(tmp_path: Path) -> None:
    cv = tmp_path / "cv.txt"
    cv.write_text(letters.TEXT_RESUME, encoding="utf-8")
    plain, forced = run("import", str(cv)), run("import", str(cv), "--force")
    assert plain[0] == forced[0] == 0
    assert plain[1] == forced[1]
    assert "not a résumé" not in forced[2]
