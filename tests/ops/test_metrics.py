"""Metrics of several processes add up (prometheus-client's multiprocess mode), as they do for
``tailorcv serve`` (granian's workers and the queue consumer) and ``tailorcv worker``.

Each process here is a fresh interpreter: a process chooses how it keeps counts when it first
imports prometheus-client, which this test process did long ago."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tailorcv.ops.lifecycle import MULTIPROC_ENV, count_metrics_together

COUNT = """
from tailorcv.ops import metrics
for _ in range({n}):
    metrics.TASKS.labels("render", "succeeded").inc()
metrics.TASK_DURATION.labels("render").observe(0.2)
"""
SCRAPE = """
from tailorcv.ops import metrics
body, _ = metrics.exposition(metrics.scrape_registry())
print(body.decode())
"""


def python(code: str, folder: Path) -> str:
    env = {**os.environ, MULTIPROC_ENV: str(folder)}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def test_counts_of_several_processes_add_up_and_outlive_them(tmp_path: Path) -> None:
    python(COUNT.format(n=3), tmp_path)
    python(COUNT.format(n=4), tmp_path)  # both processes have ended
    text = python(SCRAPE, tmp_path)
    assert 'tailorcv_tasks_total{event="succeeded",kind="render"} 7.0' in text
    assert 'tailorcv_task_duration_seconds_count{kind="render"} 2.0' in text


def test_the_folder_must_be_chosen_before_prometheus_client_loads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(MULTIPROC_ENV, raising=False)
    import prometheus_client  # noqa: F401  (loaded in this process already)

    with pytest.raises(RuntimeError, match="before prometheus_client loads"):
        count_metrics_together()


def test_an_inherited_folder_is_kept(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(MULTIPROC_ENV, str(tmp_path))
    assert count_metrics_together() == str(tmp_path)
