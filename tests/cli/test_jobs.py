"""The match commands: score, tailor, rank and guard, as a person runs them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from tailorcv.cli import app
from tests.conftest import EXAMPLES

runner = CliRunner()
RESUME = str(EXAMPLES / "resume.json")
JOB = str(EXAMPLES / "job.txt")


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def write(path: Path, doc: object) -> str:
    path.write_text(json.dumps(doc))
    return str(path)


def test_score_prints_the_report() -> None:
    code, stdout, _ = run("score", RESUME, JOB)
    assert code == 0
    assert "Match score:" in stdout
    assert "Required skills" in stdout
    assert "Kubernetes" in stdout


def test_score_json_for_one_job_is_an_object_with_the_documented_keys() -> None:
    code, stdout, _ = run("score", RESUME, JOB, "--json")
    assert code == 0
    data = json.loads(stdout)
    documented = {"job", "score", "parts", "matched", "missing", "suggestions"}
    assert set(data) == documented | {"counts", "confidence", "notes"}
    assert data["job"] == JOB


def test_score_json_for_several_jobs_is_a_list_best_first(tmp_path: Path) -> None:
    other = tmp_path / "nurse.txt"
    other.write_text("ICU Nurse\n\nRequirements:\n- Registered nurse licence\n- BLS, ACLS\n")
    code, stdout, _ = run("score", RESUME, str(other), JOB, "--json")
    assert code == 0
    data = json.loads(stdout)
    assert [d["job"] for d in data] == [JOB, str(other)]
    assert data[0]["score"] > data[1]["score"]


def test_score_reads_the_job_from_stdin() -> None:
    code, stdout, _ = run("score", RESUME, "-", "--json", stdin=(EXAMPLES / "job.txt").read_text())
    assert code == 0
    assert json.loads(stdout)["job"] == "-"


def test_score_with_a_missing_job_file_exits_2() -> None:
    code, _, stderr = run("score", RESUME, "nope.txt")
    assert code == 2
    assert "nope.txt: no such file" in stderr


def test_tailor_writes_a_faithful_one_page_resume_and_its_pdf(tmp_path: Path) -> None:
    out, pdf = tmp_path / "t.json", tmp_path / "t.pdf"
    code, stdout, stderr = run("tailor", RESUME, JOB, "-o", str(out), "--pdf", str(pdf))
    assert code == 0, stderr
    assert "Guard: every claim is supported" in stdout
    assert "Score:" in stdout
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert run("guard", RESUME, str(out))[0] == 0


def test_rank_orders_resumes_and_writes_csv(tmp_path: Path) -> None:
    weak = json.loads((EXAMPLES / "resume.json").read_text())
    weak["basics"]["name"] = "Weak Candidate"
    weak["work"] = weak["work"][2:]
    weak["skills"] = []
    weak_path = write(tmp_path / "weak.json", weak)
    table = tmp_path / "rank.csv"
    code, _, _ = run("rank", JOB, weak_path, RESUME, "--csv", str(table))
    assert code == 0
    with table.open() as handle:
        rows = list(csv.DictReader(handle))
    assert [r["resume"] for r in rows] == [RESUME, weak_path]
    assert float(rows[0]["score"]) > float(rows[1]["score"])


def test_guard_exits_1_and_lists_violations(tmp_path: Path) -> None:
    lie = json.loads((EXAMPLES / "resume.json").read_text())
    lie["work"][0]["position"] = "CTO"
    code, stdout, _ = run("guard", RESUME, write(tmp_path / "lie.json", lie), "--json")
    assert code == 1
    assert json.loads(stdout) == [
        {
            "path": "work[0].position",
            "value": "CTO",
            "why": "the source says 'Senior Backend Engineer'",
        }
    ]


def test_guard_exits_0_on_a_faithful_resume() -> None:
    code, stdout, _ = run("guard", RESUME, RESUME)
    assert code == 0
    assert "faithful" in stdout


def test_analyse_prints_what_the_job_asks_for() -> None:
    code, stdout, _ = run("analyse", JOB)
    assert code == 0
    assert "Senior Platform Engineer" in stdout
    assert "Required" in stdout
    assert "Terraform" in stdout


def test_analyse_writes_a_json_resume_job_document(tmp_path: Path) -> None:
    target = tmp_path / "job.json"
    code, _, _ = run("analyse", JOB, "-o", str(target))
    assert code == 0
    document = json.loads(target.read_text())
    assert document["title"] == "Senior Platform Engineer"
    assert document["company"] == "Lumen Freight"
    keywords = {k for group in document["skills"] for k in group["keywords"]}
    assert {"Python", "Kubernetes", "Terraform"} <= keywords
    # reading the written document back gives the same required skills
    again = json.loads(run("analyse", str(target), "--json")[1])
    assert {a["name"] for a in again["required"]} >= {"Python", "Kubernetes", "Terraform"}


def test_score_with_the_pdf_checks_its_reading_order(tmp_path: Path) -> None:
    pdf = tmp_path / "cv.pdf"
    assert run("render", RESUME, "-o", str(pdf))[0] == 0
    code, stdout, _ = run("score", RESUME, JOB, "--pdf", str(pdf), "--json")
    assert code == 0
    readability = next(p for p in json.loads(stdout)["parts"] if p["key"] == "readability")
    assert "✓ the PDF reads in order" in readability["evidence"]
    assert any(e.startswith("✓ the PDF reads back") for e in readability["evidence"])


def test_score_with_a_broken_pdf_exits_2(tmp_path: Path) -> None:
    pdf = tmp_path / "cv.pdf"
    pdf.write_bytes(b"%PDF-1.7 truncated")
    code, _, stderr = run("score", RESUME, JOB, "--pdf", str(pdf))
    assert code == 2
    assert "cv.pdf" in stderr
