"""deploy/prometheus: promtool checks the scrape config and the rules and runs the rules' unit
tests (alerts_test.yml); the targets match compose.yaml, and every metric named exists."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.deploy.manifests import (
    DEPLOY,
    alert_rules,
    compose,
    defined_metric_series,
    defined_metrics,
    load_yaml,
    metric_names,
    parse_cli,
    promql_check,
    run,
    tool,
    unknown_labels,
)

PROMETHEUS = DEPLOY / "prometheus"
REQUIRED_ALERTS = {
    "TailorcvQueueBacklog": ("tailorcv_queue_depth", "> 100"),
    "TailorcvTaskWaitingTooLong": ("tailorcv_queue_oldest_age_seconds", "> 30"),
    "TailorcvHighErrorRate": ('status=~"5.."', "> 0.01"),
    "TailorcvSlowRequests": ("histogram_quantile(0.95", "> 1"),
    "TailorcvNoWorkerHeartbeat": ("absent(tailorcv_workers_alive)", "== 0"),
}


def scrape_jobs() -> dict[str, dict[str, Any]]:
    config = load_yaml(PROMETHEUS / "prometheus.yml")
    return {job["job_name"]: job for job in config["scrape_configs"]}


def test_promtool_accepts_the_config() -> None:
    result = run(tool("promtool"), "check", "config", str(PROMETHEUS / "prometheus.yml"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout


def test_promtool_accepts_the_rules() -> None:
    result = run(tool("promtool"), "check", "rules", str(PROMETHEUS / "alerts.yml"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(alert_rules())} rules found" in result.stdout


def test_the_alerts_fire_when_they_should_and_only_then() -> None:
    """promtool runs alerts_test.yml: each alert against series that must and must not fire it."""
    result = run(tool("promtool"), "test", "rules", "alerts_test.yml", cwd=PROMETHEUS)
    assert result.returncode == 0, result.stdout + result.stderr
    tested = {
        case["alertname"]
        for test in load_yaml(PROMETHEUS / "alerts_test.yml")["tests"]
        for case in test["alert_rule_test"]
        if case["exp_alerts"]
    }
    assert tested == {rule["alert"] for rule in alert_rules()}


def test_the_unit_tests_catch_a_wrong_threshold(tmp_path: Path) -> None:
    """The unit tests above can fail: with the backlog threshold at 1000 they do."""
    promtool = tool("promtool")
    shutil.copy(PROMETHEUS / "alerts_test.yml", tmp_path)
    text = (PROMETHEUS / "alerts.yml").read_text()
    (tmp_path / "alerts.yml").write_text(text.replace("> 100\n", "> 1000\n", 1))
    result = run(promtool, "test", "rules", "alerts_test.yml", cwd=tmp_path)
    assert result.returncode != 0
    assert "TailorcvQueueBacklog" in result.stdout + result.stderr


def test_promtool_refuses_bad_promql(tmp_path: Path) -> None:
    result = promql_check({"bad": "sum(rate(tailorcv_http_requests_total[5m])"}, tmp_path)
    assert result.returncode != 0


@pytest.mark.parametrize("name", sorted(REQUIRED_ALERTS))
def test_required_alerts_exist_with_threshold_wait_severity_and_summary(name: str) -> None:
    rules = {rule["alert"]: rule for rule in alert_rules()}
    rule = rules[name]
    for fragment in REQUIRED_ALERTS[name]:
        assert fragment in rule["expr"], f"{name}: {fragment!r} not in {rule['expr']!r}"
    assert rule["for"]
    assert rule["labels"]["severity"] in {"warning", "critical"}
    assert rule["annotations"]["summary"]
    assert rule["annotations"]["description"]


def test_every_rule_waits_and_says_what_is_wrong() -> None:
    for rule in alert_rules():
        assert rule.get("for"), rule["alert"]
        assert rule["labels"]["severity"] in {"warning", "critical"}, rule["alert"]
        assert rule["annotations"]["summary"], rule["alert"]


def test_rules_name_only_metrics_tailorcv_defines(tmp_path: Path) -> None:
    defined = defined_metric_series(tmp_path)
    for rule in alert_rules():
        unknown = metric_names(rule["expr"]) - defined
        assert not unknown, f"{rule['alert']} uses undefined metrics {sorted(unknown)}"


def test_rules_name_only_labels_their_metrics_have(tmp_path: Path) -> None:
    defined = defined_metrics(tmp_path)
    for rule in alert_rules():
        assert unknown_labels(rule["expr"], defined) == set(), rule["alert"]
        text = " ".join(rule["annotations"].values())
        for label in re.findall(r"\$labels\.(\w+)", text):
            assert label in {"instance", "job"}, f"{rule['alert']}: $labels.{label}"


def test_api_replicas_are_scraped_one_target_each() -> None:
    services = compose()["services"]
    apis = sorted(name for name, s in services.items() if s.get("command", [""])[0] == "serve")
    job = scrape_jobs()["tailorcv-api"]
    targets = [t for group in job["static_configs"] for t in group["targets"]]
    ports = {parse_cli(services[name]["command"])["port"] for name in apis}
    assert sorted(targets) == sorted(f"{name}:{port}" for name in apis for port in ports)
    assert job.get("metrics_path", "/metrics") == "/metrics"


def test_every_worker_is_scraped_on_its_metrics_port() -> None:
    job = scrape_jobs()["tailorcv-worker"]
    (discovery,) = job["dns_sd_configs"]
    assert discovery["names"] == ["worker"]
    assert discovery["type"] == "A"
    assert discovery["port"] == 9100
    worker = compose()["services"]["worker"]
    assert "9100" in [str(port) for port in worker["expose"]]
    assert "monitoring" in worker["networks"]


def test_the_rules_file_is_loaded_and_mounted() -> None:
    config = load_yaml(PROMETHEUS / "prometheus.yml")
    assert config["rule_files"] == ["alerts.yml"]
    mounts = compose()["services"]["prometheus"]["volumes"]
    assert "./prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro" in mounts
    assert "./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro" in mounts
