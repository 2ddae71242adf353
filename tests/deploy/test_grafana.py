"""deploy/grafana: the provisioning files, and a dashboard whose every query is valid PromQL
(checked by promtool) over metrics tailorcv defines, laid out without overlaps."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.deploy.manifests import (
    DEPLOY,
    compose,
    dashboard,
    dashboard_expressions,
    defined_metric_series,
    defined_metrics,
    load_yaml,
    metric_names,
    promql_check,
    unknown_labels,
)

GRAFANA = DEPLOY / "grafana"
# What an operator looks for, and the metric each one needs.
REQUIRED_PANELS = {
    "request rate by route and status": ("tailorcv_http_requests_total", "route, status"),
    "p50 latency": ("tailorcv_http_request_duration_seconds_bucket", "histogram_quantile(0.5,"),
    "p95 latency": ("tailorcv_http_request_duration_seconds_bucket", "histogram_quantile(0.95,"),
    "5xx rate": ("tailorcv_http_requests_total", 'status=~"5.."'),
    "tasks by kind and event": ("tailorcv_tasks_total", "kind, event"),
    "task duration p95": ("tailorcv_task_duration_seconds_bucket", "histogram_quantile(0.95,"),
    "queue wait p95": ("tailorcv_task_queue_wait_seconds_bucket", "histogram_quantile(0.95,"),
    "queue depth by priority": ("tailorcv_queue_depth", "by (priority)"),
    "oldest task age": ("tailorcv_queue_oldest_age_seconds", ""),
    "workers alive": ("tailorcv_workers_alive", ""),
    "cache hit ratio by namespace": ("tailorcv_cache_requests_total", 'result="hit"'),
    "rate-limit rejections": ("tailorcv_ratelimit_rejections_total", ""),
    "LLM requests": ("tailorcv_llm_requests_total", ""),
    "LLM tokens": ("tailorcv_llm_tokens_total", ""),
    "LLM cost": ("tailorcv_llm_cost_usd_total", ""),
}


def graph_panels() -> list[dict[str, Any]]:
    return [panel for panel in dashboard()["panels"] if panel["type"] != "row"]


def test_the_datasource_is_the_compose_prometheus() -> None:
    (source,) = load_yaml(GRAFANA / "provisioning" / "datasources" / "prometheus.yml")[
        "datasources"
    ]
    assert source["type"] == "prometheus"
    assert source["url"] == "http://prometheus:9090"
    assert "prometheus" in compose()["services"]
    for panel in graph_panels():
        assert panel["datasource"] == {"type": "prometheus", "uid": source["uid"]}, panel["title"]
        for target in panel["targets"]:
            assert target["datasource"]["uid"] == source["uid"], panel["title"]


def test_the_dashboard_provider_reads_the_mounted_folder() -> None:
    (provider,) = load_yaml(GRAFANA / "provisioning" / "dashboards" / "tailorcv.yml")["providers"]
    assert provider["type"] == "file"
    mounts = compose()["services"]["grafana"]["volumes"]
    assert f"./grafana/dashboards:{provider['options']['path']}:ro" in mounts
    assert "./grafana/provisioning:/etc/grafana/provisioning:ro" in mounts
    assert sorted(p.name for p in (GRAFANA / "dashboards").iterdir()) == ["tailorcv.json"]


def test_the_dashboard_is_well_formed() -> None:
    board = dashboard()
    assert board["uid"] == "tailorcv-overview"
    assert isinstance(board["schemaVersion"], int)
    ids = [panel["id"] for panel in board["panels"]]
    assert len(ids) == len(set(ids)), "panel ids repeat"
    for panel in graph_panels():
        assert panel["title"]
        assert panel["type"] in {"timeseries", "stat", "gauge", "table", "bargauge"}
        refs = [target["refId"] for target in panel["targets"]]
        assert refs, panel["title"]
        assert len(refs) == len(set(refs)), panel["title"]


def test_panels_do_not_overlap() -> None:
    cells: dict[tuple[int, int], str] = {}
    for panel in dashboard()["panels"]:
        grid = panel["gridPos"]
        assert grid["x"] >= 0, panel["title"]
        assert grid["x"] + grid["w"] <= 24, panel["title"]
        for x in range(grid["x"], grid["x"] + grid["w"]):
            for y in range(grid["y"], grid["y"] + grid["h"]):
                assert (x, y) not in cells, f"{panel['title']} overlaps {cells[(x, y)]}"
                cells[(x, y)] = panel["title"]


@pytest.mark.parametrize("need", sorted(REQUIRED_PANELS))
def test_the_dashboard_shows(need: str) -> None:
    metric, fragment = REQUIRED_PANELS[need]
    matching = [e for e in dashboard_expressions() if metric in e and fragment in e]
    assert matching, f"no panel shows {need} ({metric} with {fragment!r})"


def test_every_query_is_valid_promql(tmp_path: Path) -> None:
    expressions = {f"panel_{i}": expr for i, expr in enumerate(dashboard_expressions())}
    assert len(expressions) >= len(REQUIRED_PANELS)
    result = promql_check(expressions, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(expressions)} rules found" in result.stdout


def test_every_query_names_metrics_tailorcv_defines(tmp_path: Path) -> None:
    defined = defined_metric_series(tmp_path)
    used = set().union(*(metric_names(e) for e in dashboard_expressions()))
    assert used - defined == set()
    # Everything tailorcv counts is on the dashboard, apart from the _created timestamps and
    # the parts of a histogram a quantile does not need.
    shown = {name for name in defined if not name.endswith(("_created", "_sum", "_count"))}
    assert shown - used == set()


def test_every_query_and_legend_names_labels_its_metrics_have(tmp_path: Path) -> None:
    defined = defined_metrics(tmp_path)
    for panel in graph_panels():
        for target in panel["targets"]:
            expr = target["expr"]
            assert unknown_labels(expr, defined) == set(), f"{panel['title']}: {expr}"
            legend = set(re.findall(r"\{\{\s*(\w+)\s*\}\}", target.get("legendFormat", "")))
            available = set().union(*(defined.get(m, set()) for m in metric_names(expr)))
            assert legend <= available | {"job", "instance"}, f"{panel['title']}: {legend}"


def test_a_wrong_label_is_noticed(tmp_path: Path) -> None:
    defined = defined_metrics(tmp_path)
    expr = 'sum by (endpoint) (rate(tailorcv_http_requests_total{code="500"}[5m]))'
    assert unknown_labels(expr, defined) == {"endpoint", "tailorcv_http_requests_total{code}"}
