"""``tailorcv rank`` over a folder or a zip: every file ranked, the unreadable ones listed apart."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from tailorcv.cli import app
from tailorcv.match import analyse, score
from tailorcv.resume import validate
from tests.batch.support import STRONG, candidate, zipped
from tests.conftest import EXAMPLES

JOB = str(EXAMPLES / "job.txt")


def ranked_first(document: dict[str, object]) -> str:
    """The table row of a résumé ranked first: the score the library gives the same pair."""
    fit = score(validate(document).resume, analyse(Path(JOB).read_text())).score
    return f" 1     {fit:.0f} "


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_rank_reads_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "cvs"
    (folder / "more").mkdir(parents=True)
    (folder / "weak.json").write_text(json.dumps(candidate("Weak", skills=["Excel"], bare=True)))
    (folder / "more" / "strong.json").write_text(json.dumps(candidate("Strong", skills=STRONG)))
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 16)
    table = tmp_path / "rank.csv"
    code, stdout, stderr = run("rank", JOB, str(folder), "--csv", str(table))
    assert code == 0, stderr
    assert stdout.count("\n") >= 3, stdout  # the table (long paths are cut to fit)
    assert "photo.png: the file is a PNG image" in stderr
    rows = list(csv.DictReader(table.read_text().splitlines()))
    assert [Path(r["resume"]).name for r in rows] == ["strong.json", "weak.json"]


def test_rank_reads_a_zip_and_says_why_a_member_fails(tmp_path: Path) -> None:
    archive = tmp_path / "cvs.zip"
    members = {
        "a.json": json.dumps(candidate("Ada")).encode(),
        "inner.zip": zipped({"x.json": b"{}"}),
    }
    archive.write_bytes(zipped(members))
    code, stdout, stderr = run("rank", JOB, str(archive))
    assert code == 0, stderr
    assert ranked_first(candidate("Ada")) in stdout, stdout  # the one readable member, ranked
    assert "inner.zip: a zip inside the zip is not read" in stderr


def test_rank_still_takes_single_files() -> None:
    code, stdout, _ = run("rank", JOB, str(EXAMPLES / "resume.json"))
    assert code == 0
    assert ranked_first(json.loads((EXAMPLES / "resume.json").read_text())) in stdout, stdout
