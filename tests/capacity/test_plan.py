"""The capacity plan, its page and chart, and ``tailorcv capacity``."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tailorcv.capacity import DEFAULT_PROFILE, Profile, make_plan, markdown, svg, table_rows
from tailorcv.capacity.erlang import wait_quantile
from tailorcv.capacity.plan import cpu_seconds_per_visit, plan_level
from tailorcv.cli import app
from tailorcv.errors import UserError


def report(**overrides: Any) -> dict[str, Any]:
    """A load test report as ``tailorcv loadtest`` writes it (the parts capacity reads)."""
    data: dict[str, Any] = {
        "scenario": "mixed",
        "users": 50,
        "cluster": {"workers": 2},
        "duration_s": 100.0,
        "totals": {"requests": 1500, "failures": 0, "visits": 100},
        "tasks": {
            "render": {"count": 100, "failed": 0, "service_mean_s": 0.05},
            "tailor": {"count": 100, "failed": 0, "service_mean_s": 0.25},
        },
        "task_wait": {"mean_s": 0.02, "p50_s": 0.01, "p95_s": 0.12},
    }
    data.update(overrides)
    return data


def write(folder: Path, data: dict[str, Any]) -> Path:
    path = folder / "report.json"
    path.write_text(json.dumps(data))
    return path


def test_a_report_becomes_a_profile_with_its_measurement(tmp_path: Path) -> None:
    profile = Profile.from_report(write(tmp_path, report()))
    assert profile.tasks_per_visit == {"render": 1.0, "tailor": 1.0}
    assert profile.service_seconds["tailor"] == 0.25
    assert profile.requests_per_visit == 15.0
    assert profile.mean_service_seconds == pytest.approx(0.15)
    measured = profile.measured
    assert measured is not None
    assert measured.arrival_rate == pytest.approx(2.0)
    assert measured.workers == 2


def test_the_check_compares_the_model_with_the_measured_wait(tmp_path: Path) -> None:
    plan = make_plan(Profile.from_report(write(tmp_path, report())))
    assert plan.check is not None
    expected = wait_quantile(2, 2.0, 1 / 0.15) + 0.01  # plus the median wait: the overhead
    assert plan.check.predicted_p95_wait == pytest.approx(expected)
    assert plan.check.error_seconds == pytest.approx(expected - 0.12)
    assert "Prediction against measurement" in markdown(plan)


def test_more_visits_need_at_least_as_many_workers_and_processes() -> None:
    plan = make_plan(DEFAULT_PROFILE, levels=[100, 10_000, 100_000, 1_000_000], target=1.0)
    workers = [level.workers for level in plan.levels]
    processes = [level.api_processes for level in plan.levels]
    assert workers == sorted(workers)
    assert processes == sorted(processes)
    assert workers[-1] > workers[0]
    for level in plan.levels:
        assert level.p95_wait <= 1.0
        assert level.worker_utilisation < 1


def test_a_level_counts_its_tasks_and_requests() -> None:
    level = plan_level(DEFAULT_PROFILE, 3600, 1.0)
    assert level.tasks_per_hour == {"render": 3600.0, "tailor": 3600.0}
    assert level.requests_per_second == pytest.approx(DEFAULT_PROFILE.requests_per_visit)


def test_the_one_machine_ceiling_grows_with_cores_and_shrinks_with_work() -> None:
    two = make_plan(DEFAULT_PROFILE).pdfs_per_day
    four = make_plan(replace(DEFAULT_PROFILE, cores=4)).pdfs_per_day
    slower = replace(DEFAULT_PROFILE, service_seconds={"render": 0.4, "tailor": 2.0})
    assert four > 2 * two > 0
    assert make_plan(slower).pdfs_per_day < two / 5
    # never more than the cores can do flat out
    assert two <= 2 * 86_400 / cpu_seconds_per_visit(DEFAULT_PROFILE)


def test_the_table_has_one_row_per_level() -> None:
    rows = table_rows(make_plan(DEFAULT_PROFILE, levels=[10, 20]))
    assert rows[0][0] == "visits/hour"
    assert [row[0] for row in rows[1:]] == ["10", "20"]


def test_the_chart_is_svg_with_a_curve_per_worker_count(tmp_path: Path) -> None:
    drawn = svg(make_plan(Profile.from_report(write(tmp_path, report()))))
    root = ET.fromstring(drawn)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg"
    assert len(root.findall(f"{ns}polyline")) == 4
    assert len(root.findall(f"{ns}circle")) == 1  # the measured run


@pytest.mark.parametrize(
    "bad",
    [
        "not json",
        json.dumps(report(totals={"requests": 0, "visits": 0})),
        json.dumps(report(tasks={})),
    ],
)
def test_an_unusable_report_is_a_user_error(tmp_path: Path, bad: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(bad)
    with pytest.raises(UserError):
        Profile.from_report(path)


def test_a_profile_without_tasks_is_a_user_error() -> None:
    with pytest.raises(UserError, match="no tasks"):
        make_plan(replace(DEFAULT_PROFILE, tasks_per_visit={}))


def test_capacity_command_writes_the_page_and_chart(tmp_path: Path) -> None:
    source = write(tmp_path, report())
    output = tmp_path / "docs" / "capacity.md"
    result = CliRunner().invoke(
        app, ["capacity", "--from", str(source), "--api-rps", "500", "--output", str(output)]
    )
    assert result.exit_code == 0, result.output
    assert "tailored PDFs a day" in result.output
    page = output.read_text()
    assert "| visits/hour |" in page
    assert "500 requests/s" in page
    assert "![p95 queue wait against arrival rate](capacity.svg)" in page
    assert (tmp_path / "docs" / "capacity.svg").read_text().startswith("<svg")


def test_capacity_command_refuses_a_missing_report(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["capacity", "--from", str(tmp_path / "none.json")])
    assert result.exit_code == 2
    assert "cannot read the load test report" in result.output
