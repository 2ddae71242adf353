"""``tailorcv tailor --engine llm``, ``tailorcv suggest`` and ``tailorcv letter`` as a person runs
them, with the model configured through the environment and served on loopback."""

from __future__ import annotations

import io
import json
import uuid
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from tailorcv.cli import app
from tests.conftest import EXAMPLES
from tests.llm.provider import Provider, Reply, answer
from tests.llm.test_tailoring import GOOD

runner = CliRunner()
RESUME = str(EXAMPLES / "resume.json")
JOB = str(EXAMPLES / "job.txt")


@pytest.fixture
def configured(
    provider: Provider, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, closes_engines: None
) -> Provider:
    monkeypatch.setenv("TAILORCV_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("TAILORCV_LLM_BASE_URL", provider.url)
    monkeypatch.setenv("TAILORCV_LLM_MODEL", f"model-{uuid.uuid4().hex[:8]}")
    monkeypatch.setenv("TAILORCV_LLM_ALLOW_PRIVATE", "true")
    monkeypatch.setenv("TAILORCV_LLM_MAX_RETRIES", "0")
    return provider


def test_tailor_with_the_llm_says_which_engine_answered(
    configured: Provider, tmp_path: Path
) -> None:
    configured.script(answer(GOOD))
    output = tmp_path / "tailored.json"
    result = runner.invoke(app, ["tailor", RESUME, JOB, "--engine", "llm", "-o", str(output)])
    assert result.exit_code == 0, result.stderr
    assert "engine: llm" in result.stderr
    assert json.loads(output.read_text())["basics"]["summary"] == GOOD["summary"]


def test_tailor_falls_back_when_the_provider_fails(configured: Provider) -> None:
    configured.default = Reply(status=503)
    result = runner.invoke(app, ["tailor", RESUME, JOB, "--engine", "llm"])
    assert result.exit_code == 0, result.stderr
    assert "engine: offline (fallback: provider down)" in result.stderr
    assert "Guard: every claim is supported" in result.stdout


def test_an_unknown_engine_is_refused() -> None:
    result = runner.invoke(app, ["tailor", RESUME, JOB, "--engine", "magic"])
    assert result.exit_code == 2
    assert "choose offline or llm" in result.stderr


def test_suggest_json_lists_weak_bullets() -> None:
    result = runner.invoke(app, ["suggest", RESUME, JOB, "--json"])
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    assert found
    assert {"path", "bullet", "why", "rewrite"} <= set(found[0])


def test_letter_writes_a_docx(tmp_path: Path) -> None:
    output = tmp_path / "letter.docx"
    result = runner.invoke(app, ["letter", RESUME, JOB, "-o", str(output)])
    assert result.exit_code == 0, result.stderr
    text = [p.text for p in docx.Document(io.BytesIO(output.read_bytes())).paragraphs]
    assert any("Senior Platform Engineer" in line for line in text)


def test_letter_refuses_other_formats(tmp_path: Path) -> None:
    result = runner.invoke(app, ["letter", RESUME, JOB, "-o", str(tmp_path / "letter.png")])
    assert result.exit_code == 2
    assert ".pdf or .docx" in result.stderr
