"""deploy/kubernetes: every object has the fields its kind requires, the commands, flags and
settings are real, workers stop with SIGINT, and both autoscaling examples target the workers
with valid PromQL on real metrics."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from tailorcv.errors import InvalidSettings
from tailorcv.ops.settings import load_settings
from tests.deploy.manifests import (
    K8S,
    OTHER_APP_VARIABLES,
    defined_metrics,
    kubernetes_documents,
    kubernetes_objects,
    load_yaml,
    longest_time_limit,
    metric_names,
    parse_cli,
    promql_check,
    setting_variables,
    unknown_labels,
)

API_VERSIONS = {
    "Namespace": "v1",
    "ConfigMap": "v1",
    "Secret": "v1",
    "Service": "v1",
    "PersistentVolumeClaim": "v1",
    "Deployment": "apps/v1",
    "Job": "batch/v1",
    "PodDisruptionBudget": "policy/v1",
    "HorizontalPodAutoscaler": "autoscaling/v2",
    "ScaledObject": "keda.sh/v1alpha1",
}


def deployment(name: str) -> dict[str, Any]:
    (found,) = [d for d in kubernetes_objects("Deployment") if d["metadata"]["name"] == name]
    return found


def containers(pod_owner: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = pod_owner["spec"]["template"]["spec"]["containers"]
    return found


def test_every_object_has_a_known_kind_a_name_and_the_namespace() -> None:
    documents = list(kubernetes_documents())
    assert len(documents) >= 10
    for path, document in documents:
        assert API_VERSIONS.get(document["kind"]) == document["apiVersion"], path.name
        assert re.fullmatch(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?", document["metadata"]["name"])
        if document["kind"] != "Namespace":
            assert document["metadata"]["namespace"] == "tailorcv", path.name


def test_kustomization_lists_files_that_exist_and_one_autoscaler() -> None:
    kustomization = load_yaml(K8S / "kustomization.yaml")
    for resource in kustomization["resources"]:
        assert (K8S / resource).is_file(), resource
    assert "worker-keda.yaml" in kustomization["resources"]
    assert "worker-hpa.yaml" not in kustomization["resources"], "never both autoscalers"
    assert "secret.example.yaml" not in kustomization["resources"]


@pytest.mark.parametrize("kind", ["Deployment", "Job"])
def test_pod_templates_are_complete(kind: str) -> None:
    for owner in kubernetes_objects(kind):
        spec = owner["spec"]
        labels = spec["template"]["metadata"]["labels"]
        if kind == "Deployment":
            assert spec["selector"]["matchLabels"].items() <= labels.items()
        pod = spec["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["securityContext"]["runAsUser"] == 10001  # the image's user
        for container in pod["containers"]:
            assert container["name"]
            assert container["image"]
            assert container["resources"]["requests"]
            assert {"configMapRef": {"name": "tailorcv"}} in container["envFrom"]
            assert {"secretRef": {"name": "tailorcv"}} in container["envFrom"]
            parse_cli(container["args"])


def test_the_api_serves_without_a_worker_behind_readiness() -> None:
    api = deployment("tailorcv-api")
    (container,) = containers(api)
    params = parse_cli(container["args"])
    assert params["no_worker"] is True
    assert params["host"] == "0.0.0.0"
    assert container["ports"] == [{"name": "http", "containerPort": params["port"]}]
    assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready"
    assert container["livenessProbe"]["httpGet"]["path"] == "/health/live"
    assert api["spec"]["replicas"] >= 2
    (service,) = kubernetes_objects("Service")
    assert service["spec"]["selector"] == api["spec"]["selector"]["matchLabels"]
    assert service["spec"]["ports"][0]["targetPort"] == "http"


def test_workers_get_sigint_and_time_to_finish() -> None:
    worker = deployment("tailorcv-worker")
    (container,) = containers(worker)
    params = parse_cli(container["args"])
    assert container["args"][0] == "worker"
    assert params["metrics_port"] == 9100
    assert params["metrics_host"] == "0.0.0.0"
    command = " ".join(container["lifecycle"]["preStop"]["exec"]["command"])
    assert "kill -INT 1" in command
    assert "while kill -0 1" in command, "the hook must wait for the worker to exit"
    grace = worker["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
    assert grace > longest_time_limit()
    assert "livenessProbe" not in container, "a liveness restart would stop running tasks"
    assert {"name": "metrics", "containerPort": 9100} in container["ports"]


def test_api_and_workers_share_the_files_volume() -> None:
    (claim,) = kubernetes_objects("PersistentVolumeClaim")
    assert claim["spec"]["accessModes"] == ["ReadWriteMany"]
    for name in ("tailorcv-api", "tailorcv-worker"):
        pod = deployment(name)["spec"]["template"]["spec"]
        assert {
            "name": "files",
            "persistentVolumeClaim": {"claimName": claim["metadata"]["name"]},
        } in pod["volumes"]
        (container,) = pod["containers"]
        assert {"name": "files", "mountPath": "/data/files"} in container["volumeMounts"]


def test_config_and_secret_name_only_real_settings() -> None:
    for kind in ("ConfigMap", "Secret"):
        (document,) = kubernetes_objects(kind)
        keys = set(document.get("data") or document.get("stringData"))
        unknown = {k for k in keys if k not in setting_variables() and k not in OTHER_APP_VARIABLES}
        assert not unknown, f"{kind} sets variables no setting reads: {sorted(unknown)}"


def _environment(monkeypatch: pytest.MonkeyPatch, secret: dict[str, str]) -> None:
    for key in list(os.environ):
        if key.startswith("TAILORCV_") or key in OTHER_APP_VARIABLES:
            monkeypatch.delenv(key)
    (config,) = kubernetes_objects("ConfigMap")
    for key, value in {**config["data"], **secret}.items():
        monkeypatch.setenv(key, value)


def test_the_example_secret_is_refused_until_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    (secret,) = kubernetes_objects("Secret")
    _environment(monkeypatch, secret["stringData"])
    with pytest.raises(InvalidSettings, match="TAILORCV_SECRET_KEY"):
        load_settings()
    replaced = {**secret["stringData"], "TAILORCV_SECRET_KEY": "s" * 43}
    _environment(monkeypatch, replaced)
    settings = load_settings()
    assert settings.queue_url.startswith("redis://redis-queue:")
    assert settings.cache_url.startswith("redis://redis-cache:")
    assert settings.database_url.startswith("postgresql+psycopg://")


def test_keda_scales_the_workers_on_queue_depth_and_oldest_task_age() -> None:
    (scaled,) = kubernetes_objects("ScaledObject")
    spec = scaled["spec"]
    target = spec["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", "tailorcv-worker")
    assert 1 <= spec["minReplicaCount"] < spec["maxReplicaCount"]
    queries = {}
    for trigger in spec["triggers"]:
        assert trigger["type"] == "prometheus"
        metadata = trigger["metadata"]
        assert metadata["serverAddress"].startswith("http")
        assert float(metadata["threshold"]) > 0
        assert isinstance(metadata["threshold"], str), "KEDA metadata values are strings"
        assert trigger.get("metricType", "AverageValue") in {"AverageValue", "Value"}
        queries[trigger["name"]] = metadata["query"]
    used = set().union(*(metric_names(q) for q in queries.values()))
    assert {"tailorcv_queue_depth", "tailorcv_queue_oldest_age_seconds"} <= used
    down = spec["advanced"]["horizontalPodAutoscalerConfig"]["behavior"]["scaleDown"]
    assert down["stabilizationWindowSeconds"] >= 60


def test_the_hpa_alternative_uses_external_metrics_the_adapter_serves() -> None:
    (hpa,) = kubernetes_objects("HorizontalPodAutoscaler")
    spec = hpa["spec"]
    assert spec["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": "tailorcv-worker",
    }
    assert 1 <= spec["minReplicas"] < spec["maxReplicas"]
    names = set()
    for metric in spec["metrics"]:
        assert metric["type"] == "External"
        target = metric["external"]["target"]
        assert target["type"] in {"Value", "AverageValue"}
        assert target[{"Value": "value", "AverageValue": "averageValue"}[target["type"]]]
        names.add(metric["external"]["metric"]["name"])
    adapter = load_yaml(K8S / "prometheus-adapter-values.yaml")["rules"]["external"]
    assert names == {rule["name"]["as"] for rule in adapter}


def test_autoscaling_queries_are_valid_promql_on_real_metrics(tmp_path: Path) -> None:
    (scaled,) = kubernetes_objects("ScaledObject")
    queries = {
        f"keda_{i}": t["metadata"]["query"] for i, t in enumerate(scaled["spec"]["triggers"])
    }
    adapter = load_yaml(K8S / "prometheus-adapter-values.yaml")["rules"]["external"]
    queries.update({f"adapter_{i}": rule["metricsQuery"] for i, rule in enumerate(adapter)})
    result = promql_check(queries, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    defined = defined_metrics(tmp_path)
    for name, query in queries.items():
        assert metric_names(query) <= defined.keys(), name
        assert unknown_labels(query, defined) == set(), name
