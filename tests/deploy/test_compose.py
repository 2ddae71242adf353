"""deploy/compose.yaml and deploy/Dockerfile: the roles, the stop signal, the two Redis
instances, and every command, flag and setting they name, checked against the real code."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path
from typing import Any

import pytest

from tailorcv.errors import InvalidSettings
from tailorcv.ops.settings import load_settings
from tests.deploy.manifests import (
    COMPOSE_ENV,
    DEPLOY,
    OTHER_APP_VARIABLES,
    ROOT,
    UsageError,
    compose,
    interpolate,
    longest_time_limit,
    parse_cli,
    run,
    seconds,
    setting_variables,
    tool,
)

APP_IMAGE_SERVICES = ("migrate", "api-1", "api-2", "worker")


def services() -> dict[str, Any]:
    found: dict[str, Any] = compose()["services"]
    return found


def redis_options(service: dict[str, Any]) -> dict[str, str]:
    """``redis-server --name value …`` as {name: value}."""
    command = service["command"]
    argv = command if isinstance(command, list) else shlex.split(command)
    assert argv[0] == "redis-server"
    assert len(argv[1:]) % 2 == 0, argv
    return {argv[i].removeprefix("--"): argv[i + 1] for i in range(1, len(argv), 2)}


def test_the_roles_are_all_there() -> None:
    found = services()
    expected = {"postgres", "redis-queue", "redis-cache", "nginx", "prometheus", "grafana"}
    assert expected | set(APP_IMAGE_SERVICES) <= set(found)


def test_two_api_replicas_serve_without_a_worker() -> None:
    apis = [name for name, s in services().items() if s.get("command", [""])[0] == "serve"]
    assert sorted(apis) == ["api-1", "api-2"]
    for name in apis:
        params = parse_cli(services()[name]["command"])
        assert params["no_worker"] is True, name
        assert params["host"] == "0.0.0.0", f"{name} must listen beyond loopback"
        assert params["port"] == 8000


def test_two_workers_stop_with_sigint_and_time_to_finish() -> None:
    worker = services()["worker"]
    params = parse_cli(worker["command"])
    assert worker["command"][0] == "worker"
    assert params["metrics_port"] == 9100, "Prometheus scrapes workers on 9100"
    assert params["metrics_host"] == "0.0.0.0", "Prometheus is in another container"
    assert worker["deploy"]["replicas"] == 2
    assert worker["stop_signal"] == "SIGINT"
    assert seconds(worker["stop_grace_period"]) > longest_time_limit()


def test_migrate_runs_once_before_the_api_and_the_workers() -> None:
    found = services()
    assert found["migrate"]["command"] == ["migrate"]
    parse_cli(found["migrate"]["command"])
    assert found["migrate"]["restart"] == "no"
    assert found["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name in ("api-1", "api-2", "worker"):
        condition = found[name]["depends_on"]["migrate"]["condition"]
        assert condition == "service_completed_successfully", name


def test_the_queue_and_the_cache_have_their_own_redis() -> None:
    found = services()
    queue, cache = redis_options(found["redis-queue"]), redis_options(found["redis-cache"])
    assert queue["maxmemory-policy"] == "noeviction"
    assert queue["appendonly"] == "yes"
    assert queue["maxmemory"].endswith(("mb", "gb"))
    assert cache["maxmemory-policy"] == "allkeys-lru"
    assert cache["maxmemory"].endswith(("mb", "gb"))
    environment = found["api-1"]["environment"]
    assert environment["TAILORCV_QUEUE_URL"].startswith("redis://redis-queue:")
    for name in ("TAILORCV_CACHE_URL", "TAILORCV_RATELIMIT_URL"):
        assert environment[name].startswith("redis://redis-cache:"), name


def test_health_checks_ask_readiness() -> None:
    found = services()
    for name in ("api-1", "api-2"):
        assert "/health/ready" in " ".join(found[name]["healthcheck"]["test"]), name
        assert found["nginx"]["depends_on"][name]["condition"] == "service_healthy"
    assert "/health/ready" in " ".join(found["nginx"]["healthcheck"]["test"])
    for name in ("postgres", "redis-queue", "redis-cache"):
        assert found[name]["healthcheck"]["test"], name


def test_only_nginx_prometheus_and_grafana_publish_ports() -> None:
    published = {name for name, s in services().items() if s.get("ports")}
    assert published == {"nginx", "prometheus", "grafana"}


def test_the_trusted_proxy_is_nginx_and_metrics_are_for_the_monitoring_network() -> None:
    data = compose()
    nginx_address = data["services"]["nginx"]["networks"]["frontend"]["ipv4_address"]
    monitoring = data["networks"]["monitoring"]["ipam"]["config"][0]["subnet"]
    frontend = data["networks"]["frontend"]["ipam"]["config"][0]
    for name in ("api-1", "api-2"):
        environment = data["services"][name]["environment"]
        assert environment["TAILORCV_TRUSTED_PROXIES"] == f"{nginx_address}/32"
        assert environment["TAILORCV_METRICS_ALLOW"] == monitoring
        assert {"frontend", "monitoring"} <= set(data["services"][name]["networks"])
    assert data["services"]["worker"]["environment"]["TAILORCV_METRICS_ALLOW"] == monitoring
    assert "monitoring" not in data["services"]["nginx"]["networks"], "nginx must not scrape"
    # Docker hands out dynamic addresses from ip_range only, never nginx's fixed one.
    import ipaddress

    assert ipaddress.ip_address(nginx_address) not in ipaddress.ip_network(frontend["ip_range"])
    assert ipaddress.ip_address(nginx_address) in ipaddress.ip_network(frontend["subnet"])


@pytest.mark.parametrize("name", APP_IMAGE_SERVICES)
def test_every_tailorcv_variable_is_a_real_setting(name: str) -> None:
    environment = services()[name]["environment"]
    unknown = {
        key for key in environment if key.startswith("TAILORCV_") and key not in setting_variables()
    }
    assert not unknown, f"{name} sets variables no setting reads: {sorted(unknown)}"
    others = {k for k in environment if not k.startswith("TAILORCV_")} - OTHER_APP_VARIABLES
    assert not others, f"{name} sets variables tailorcv does not read: {sorted(others)}"


@pytest.mark.parametrize("name", APP_IMAGE_SERVICES)
def test_every_service_environment_makes_valid_settings(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key in list(os.environ):
        if key.startswith("TAILORCV_") or key in OTHER_APP_VARIABLES:
            monkeypatch.delenv(key)
    for key, value in services()[name]["environment"].items():
        monkeypatch.setenv(key, interpolate(str(value)))
    settings = load_settings()
    assert settings.environment == "production"
    assert settings.database_url.startswith("postgresql+psycopg://tailorcv:")
    assert settings.storage_url == "file:///data/files"
    assert settings.secret_key.get_secret_value() == COMPOSE_ENV["TAILORCV_SECRET_KEY"]


def test_a_placeholder_secret_in_deploy_env_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in list(os.environ):
        if key.startswith("TAILORCV_"):
            monkeypatch.delenv(key)
    for key, value in services()["api-1"]["environment"].items():
        monkeypatch.setenv(key, interpolate(str(value)))
    monkeypatch.setenv("TAILORCV_SECRET_KEY", "changeme")
    with pytest.raises(InvalidSettings, match="TAILORCV_SECRET_KEY"):
        load_settings()


def test_required_secrets_have_no_default() -> None:
    text = (DEPLOY / "compose.yaml").read_text()
    for name in COMPOSE_ENV:
        assert re.search(r"\$\{" + name + r":\?", text), f"{name} must be required (:?)"
    example = (DEPLOY / ".env.example").read_text()
    assert set(re.findall(r"^(\w+)=", example, re.M)) == set(COMPOSE_ENV)


def test_the_app_volume_is_shared_by_every_replica_and_worker() -> None:
    for name in ("api-1", "api-2", "worker"):
        assert "files:/data/files" in services()[name]["volumes"], name


def test_bad_commands_and_flags_are_caught() -> None:
    """The checks above would notice a typo in compose.yaml."""
    with pytest.raises(UsageError):
        parse_cli(["serve", "--no-workers"])
    with pytest.raises(UsageError):
        parse_cli(["worker", "--workers", "0"])
    with pytest.raises(UsageError):
        parse_cli(["consume"])
    with pytest.raises(AssertionError):
        seconds("330")


def test_monitoring_files_are_mounted_from_this_folder() -> None:
    found = services()
    for service in ("nginx", "prometheus", "grafana"):
        for volume in found[service]["volumes"]:
            source = volume.split(":")[0]
            if source.startswith("./"):
                assert (DEPLOY / source).exists(), f"{service} mounts {source}, which is missing"


def test_dockerfile_builds_the_package_as_a_non_root_user() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    instructions = [
        line.split(None, 1)
        for line in dockerfile.replace("\\\n", " ").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    by_name: dict[str, list[str]] = {}
    for name, rest in instructions:
        by_name.setdefault(name.upper(), []).append(rest.strip())
    assert by_name["FROM"] == ["python:3.11-slim"]
    assert any("pip install ." in run_ for run_ in by_name["RUN"])
    user = by_name["USER"][-1].split(":")[0]
    assert user not in {"root", "0"}
    assert by_name["STOPSIGNAL"] == ["SIGINT"]
    assert by_name["ENTRYPOINT"] == ['["tailorcv"]']
    for copy in by_name["COPY"]:
        *sources, _ = copy.split()
        for source in sources:
            assert (ROOT / source).exists(), f"COPY {source}: missing from the build context"
    for service in APP_IMAGE_SERVICES:
        build = services()[service]["build"]
        assert (DEPLOY / build["context"] / build["dockerfile"]).resolve() == (
            DEPLOY / "Dockerfile"
        )


def test_the_readme_the_package_needs_is_in_the_image() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert project["readme"] in dockerfile
    ignore = (DEPLOY / "Dockerfile.dockerignore").read_text().split()
    assert f"!{project['readme']}" in ignore
    assert "!src/" in ignore


def test_docker_compose_accepts_the_file(tmp_path: Path) -> None:
    """docker-compose's own schema check (`config` needs no Docker engine)."""
    executable = tool("docker-compose")
    env_file = tmp_path / ".env"
    env_file.write_text("".join(f"{k}={v}\n" for k, v in COMPOSE_ENV.items()))
    result = run(
        executable,
        "--env-file",
        str(env_file),
        "-f",
        str(DEPLOY / "compose.yaml"),
        "config",
        cwd=DEPLOY,
    )
    assert result.returncode == 0, result.stderr
    assert "stop_signal: SIGINT" in result.stdout


def test_docker_compose_refuses_a_broken_file(tmp_path: Path) -> None:
    """The check above can fail: an unknown key is an error."""
    executable = tool("docker-compose")
    broken = tmp_path / "compose.yaml"
    broken.write_text("services:\n  api:\n    image: x\n    stop_signals: SIGINT\n")
    result = run(executable, "-f", str(broken), "config", "-q", cwd=tmp_path)
    assert result.returncode != 0
    assert "stop_signals" in result.stderr
