"""Read the files in deploy/ and check them against the code they configure.

The deployment names commands, flags, settings and metrics that live in ``src/``; these helpers
read both sides, so a renamed flag, setting or metric breaks a test instead of a deployment.
External tools (nginx, promtool, docker-compose) are found with ``tool()``, which skips when one
is missing except under ``CI=true``, where .ci/run installs them and a missing one is a failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
import yaml
from typer.main import get_command

ROOT = Path(__file__).resolve().parent.parent.parent
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "kubernetes"
# Values for the variables compose.yaml requires from deploy/.env.
COMPOSE_ENV = {
    "TAILORCV_SECRET_KEY": "k" * 43,
    "POSTGRES_PASSWORD": "p" * 20,
    "GRAFANA_ADMIN_PASSWORD": "g" * 20,
}
# Variables outside TAILORCV_* that tailorcv itself reads.
OTHER_APP_VARIABLES = {"SENTRY_DSN", "PROMETHEUS_MULTIPROC_DIR"}
METRIC_NAME = re.compile(r"\btailorcv_[a-z0-9_]+\b")
INTERPOLATION = re.compile(r"\$\{(\w+)(?::?[-?][^}]*)?\}")
# click's UsageError (unknown command or flag, bad value), whether typer vendors click or not.
UsageError: type[Exception] = next(
    cls for cls in typer.BadParameter.__mro__ if cls.__name__ == "UsageError"
)


def tool(name: str) -> str:
    """The path of an external program; skip without it, but fail under CI=true."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (.ci/run installs it with apt-get)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}; required under CI=true")
        pytest.skip(message)
    return path


def run(*command: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run a validator; the result, whose output a failed assertion shows."""
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def seconds(duration: str) -> float:
    """A compose duration such as ``330s``, ``5m`` or ``1m30s`` in seconds."""
    units = {"h": 3600, "m": 60, "s": 1, "ms": 0.001}
    parts = re.findall(r"(\d+(?:\.\d+)?)(ms|h|m|s)", duration)
    assert parts, f"not a duration: {duration!r}"
    assert "".join(n + u for n, u in parts) == duration, f"not a duration: {duration!r}"
    return sum(float(number) * units[unit] for number, unit in parts)


def longest_time_limit() -> float:
    """Seconds the slowest kind of task may run (tailorcv.tasks.options.TIME_LIMITS): a worker's
    stop grace period must be longer."""
    from tailorcv.tasks.options import TIME_LIMITS

    return max(TIME_LIMITS.values())


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def load_yaml_documents(path: Path) -> list[Any]:
    return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def compose() -> dict[str, Any]:
    """deploy/compose.yaml as parsed (anchors and merge keys resolved by PyYAML)."""
    data: dict[str, Any] = load_yaml(DEPLOY / "compose.yaml")
    return data


def interpolate(value: str) -> str:
    """What docker compose makes of ``${NAME:?message}`` with deploy/.env filled in."""
    return INTERPOLATION.sub(lambda match: COMPOSE_ENV[match.group(1)], value)


def kubernetes_documents() -> Iterator[tuple[Path, dict[str, Any]]]:
    """Every Kubernetes object in deploy/kubernetes (Helm values and kustomization aside)."""
    for path in sorted(K8S.glob("*.yaml")):
        if path.name in {"kustomization.yaml", "prometheus-adapter-values.yaml"}:
            continue
        for document in load_yaml_documents(path):
            yield path, document


def kubernetes_objects(kind: str) -> list[dict[str, Any]]:
    return [document for _, document in kubernetes_documents() if document["kind"] == kind]


def cli_commands() -> dict[str, Any]:
    """The ``tailorcv`` subcommands by name, from the real Typer app."""
    from tailorcv.cli import app

    commands: dict[str, Any] = get_command(app).commands  # type: ignore[attr-defined]
    return commands


def parse_cli(args: list[str]) -> dict[str, Any]:
    """Parse ``tailorcv ARGS`` as the real CLI would, without running it; the parameters.

    Raises ``UsageError`` for an unknown command, an unknown flag or a bad value."""
    commands = cli_commands()
    if not args or args[0] not in commands:
        raise UsageError(f"no such command: {args[:1]} (commands: {sorted(commands)})")
    with commands[args[0]].make_context(f"tailorcv {args[0]}", list(args[1:])) as context:
        return dict(context.params)


def setting_variables() -> set[str]:
    """``TAILORCV_*`` names of every field of the real Settings class."""
    from tailorcv.ops.settings import Settings, env_name

    return {env_name(name) for name in Settings.model_fields}


SUFFIXES = {
    "counter": ("_total", "_created"),
    "histogram": ("_bucket", "_sum", "_count", "_created"),
    "summary": ("", "_sum", "_count", "_created"),
    "gauge": ("",),
}
TARGET_LABELS = frozenset({"instance", "job", "role"})  # added by Prometheus and prometheus.yml


def defined_metrics(tmp_path: Path) -> dict[str, frozenset[str]]:
    """Every series tailorcv exposes, with its label names: the metrics ``tailorcv.ops.metrics``
    defines (a counter as ``name_total``, a histogram as ``_bucket``/``_sum``/``_count``), and
    the gauges its ``QueueCollector`` reads from a real, migrated SQLite database holding one
    queued task."""
    metrics = pytest.importorskip("tailorcv.ops.metrics")
    from prometheus_client.metrics import MetricWrapperBase

    found: dict[str, frozenset[str]] = {}
    for value in vars(metrics).values():
        if isinstance(value, MetricWrapperBase):
            labels = frozenset(value._labelnames)
            for family in value.describe():
                for suffix in SUFFIXES[family.type]:
                    found[family.name + suffix] = labels | (
                        {"le"} if suffix == "_bucket" else set()
                    )
    for family in _queue_families(metrics, tmp_path):
        labels = frozenset(name for sample in family.samples for name in sample.labels)
        for suffix in SUFFIXES[family.type]:
            found[family.name + suffix] = labels
    return found


def _queue_families(metrics: Any, tmp_path: Path) -> list[Any]:
    from tailorcv.ops.settings import Settings
    from tailorcv.store import make_engine, make_sessions, migrate
    from tailorcv.store.queries import create_task, create_user

    settings = Settings(data_dir=tmp_path)
    migrate(settings)
    engine = make_engine(settings)
    try:
        sessions = make_sessions(engine)
        with sessions() as session:
            user = create_user(session, "metrics@example.com", "not-a-real-hash")
            create_task(session, user.id, "render", {}, priority=5)
            session.commit()
        return list(metrics.QueueCollector(sessions).collect())
    finally:
        engine.dispose()


def defined_metric_series(tmp_path: Path) -> set[str]:
    return set(defined_metrics(tmp_path))


def unknown_labels(expr: str, defined: dict[str, frozenset[str]]) -> set[str]:
    """Labels an expression names that its metrics do not have: in a selector
    (``metric{label="…"}``) against that metric, in ``by``/``without`` against all of them."""
    unknown: set[str] = set()
    for metric, matchers in re.findall(r"\b(tailorcv_\w+)\{([^}]*)\}", expr):
        for label in re.findall(r"(\w+)\s*(?:=~|!~|!=|=)", matchers):
            if label not in defined.get(metric, frozenset()) | TARGET_LABELS:
                unknown.add(f"{metric}{{{label}}}")
    available = set(TARGET_LABELS)
    for metric in metric_names(expr):
        available |= defined.get(metric, frozenset())
    for group in re.findall(r"\b(?:by|without)\s*\(([^)]*)\)", expr):
        unknown |= {label.strip() for label in group.split(",") if label.strip()} - available
    return unknown


def metric_names(text: str) -> set[str]:
    """The ``tailorcv_*`` series named in a PromQL expression (or any text)."""
    return set(METRIC_NAME.findall(text))


def alert_rules() -> list[dict[str, Any]]:
    data = load_yaml(DEPLOY / "prometheus" / "alerts.yml")
    return [rule for group in data["groups"] for rule in group["rules"]]


def dashboard() -> dict[str, Any]:
    data: dict[str, Any] = load_json(DEPLOY / "grafana" / "dashboards" / "tailorcv.json")
    return data


def dashboard_expressions() -> list[str]:
    return [
        target["expr"] for panel in dashboard()["panels"] for target in panel.get("targets", [])
    ]


def promql_check(expressions: dict[str, str], folder: Path) -> subprocess.CompletedProcess[str]:
    """Check PromQL expressions with ``promtool check rules`` by making each a recording rule.

    Grafana's ``$__rate_interval`` and friends become a fixed range first."""
    rules = [
        {"record": f"check:{name}", "expr": re.sub(r"\$__\w+", "5m", expr)}
        for name, expr in expressions.items()
    ]
    path = folder / "promql.yml"
    path.write_text(yaml.safe_dump({"groups": [{"name": "check", "rules": rules}]}))
    return run(tool("promtool"), "check", "rules", str(path))
