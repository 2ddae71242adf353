"""Shared test helpers: the corpus of real résumés beside the repository, and example files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CORPUS = Path(os.environ.get("TAILORCV_CORPUS", ROOT.parent / "shared" / "corpus"))


def pytest_configure(config: pytest.Config) -> None:
    """Logs as the command sets them up at start: structlog through the standard library, so
    that ``caplog`` sees them too (``tailorcv.ops.logs`` configures nothing on import)."""
    from tailorcv.ops.logs import configure_structlog

    configure_structlog()


def corpus_path(*parts: str) -> Path:
    """A path inside ../shared/corpus; skips the test when the corpus is absent, except in CI."""
    if not CORPUS.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the corpus is required in CI and is missing at {CORPUS}")
        pytest.skip(f"corpus not found at {CORPUS}")
    return CORPUS.joinpath(*parts)


def corpus_files(folder: str, *patterns: str) -> list[Path]:
    """Corpus files for parametrising at collection time (empty when the corpus is absent)."""
    base = CORPUS / folder
    if not base.is_dir():
        return []
    return sorted(p for pattern in patterns for p in base.glob(pattern))


def corpus_resumes() -> list[Path]:
    """Every résumé document of the corpus that is meant to load: JSON Resume, FRESH, Reactive
    Resume and RenderCV (the README's broken-on-purpose files and the RenderCV fragment are not)."""
    return [
        *corpus_files("json_resume", "*.json"),
        *corpus_files("ground_truth", "fresh-johnny-trouble-valid.json"),
        *corpus_files("pdf", "reactive-resume-*.json"),
        *(p for p in corpus_files("rendercv", "*.yaml") if "FRAGMENT" not in p.name),
    ]
