"""Settings: defaults that need nothing installed, environment overrides, one-line errors."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tailorcv.errors import InvalidSettings
from tailorcv.ops.settings import ENV_PREFIX, Settings, env_name, load_settings

ROOT = Path(__file__).resolve().parents[2]
STRONG_SECRET = "k" * 40


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Each test starts from no TAILORCV_* variables, in an empty working folder."""
    for name in list(os.environ):
        if name.startswith(ENV_PREFIX):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def test_the_defaults_are_the_embedded_setup(tmp_path: Path) -> None:
    settings = load_settings()
    data = tmp_path.resolve() / "tailorcv-data"
    assert settings.data_dir == data
    assert settings.database_url == f"sqlite:///{data}/tailorcv.db"
    assert settings.queue_url == f"sqlite:///{data}/queue.db"
    assert settings.storage_url == f"file://{data}/files"
    assert (settings.cache_url, settings.ratelimit_url) == ("memory://", "memory://")
    assert settings.llm_base_url is None
    assert settings.environment == "development"
    assert not data.exists(), "reading settings creates nothing"


def test_the_limits_match_the_design() -> None:
    settings = load_settings()
    assert settings.max_upload_bytes == 10 * 1024 * 1024
    assert settings.max_pdf_pages == 10
    assert settings.parse_seconds == 60
    assert settings.tasks_per_user == 2
    assert settings.storage_per_user_bytes == 50 * 1024 * 1024
    assert settings.file_ttl_hours == 24


def test_building_settings_loads_no_database_driver() -> None:
    code = (
        "import sys, tailorcv.ops.settings as o; o.load_settings(); "
        "print('sqlalchemy' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_the_environment_overrides_defaults(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TAILORCV_DATA_DIR", str(tmp_path / "elsewhere"))
    monkeypatch.setenv("TAILORCV_QUEUE_URL", "redis://localhost:6379/0")
    monkeypatch.setenv("TAILORCV_DB_POOL_SIZE", "20")
    monkeypatch.setenv("TAILORCV_LLM_API_KEY", "sk-test")
    settings = load_settings()
    assert settings.database_url == f"sqlite:///{tmp_path / 'elsewhere'}/tailorcv.db"
    assert settings.queue_url == "redis://localhost:6379/0"
    assert settings.db_pool_size == 20
    assert settings.llm_api_key is not None
    assert settings.llm_api_key.get_secret_value() == "sk-test"
    assert "sk-test" not in repr(settings)


def test_a_driverless_postgresql_url_uses_psycopg() -> None:
    settings = load_settings(database_url="postgresql://u@db/tailorcv")
    assert settings.database_url == "postgresql+psycopg://u@db/tailorcv"


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        (
            "TAILORCV_DATABASE_URL",
            "mysql://x/y",
            "TAILORCV_DATABASE_URL: not a database URL: 'mysql://x/y'",
        ),
        ("TAILORCV_DATABASE_URL", "tailorcv.db", "TAILORCV_DATABASE_URL: not a database URL"),
        ("TAILORCV_DATABASE_URL", "postgresql+psycopg2://h/d", "use postgresql+psycopg://"),
        ("TAILORCV_QUEUE_URL", "amqp://rabbit", "TAILORCV_QUEUE_URL: not a queue URL"),
        ("TAILORCV_CACHE_URL", "memcached://m", "TAILORCV_CACHE_URL: not a cache URL"),
        ("TAILORCV_RATELIMIT_URL", "redis", "TAILORCV_RATELIMIT_URL: not a cache URL"),
        ("TAILORCV_STORAGE_URL", "ftp://host/files", "TAILORCV_STORAGE_URL: not a storage URL"),
        ("TAILORCV_LLM_BASE_URL", "localhost:11434", "TAILORCV_LLM_BASE_URL: not an LLM URL"),
        ("TAILORCV_DB_POOL_SIZE", "many", "TAILORCV_DB_POOL_SIZE: Input should be a valid integer"),
        ("TAILORCV_ENVIRONMENT", "staging", "TAILORCV_ENVIRONMENT: Input should be"),
    ],
)
def test_a_bad_value_fails_with_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, says: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(InvalidSettings) as caught:
        load_settings()
    assert caught.value.message.startswith(says) or says in caught.value.message
    assert caught.value.message.startswith(variable)
    assert "\n" not in caught.value.message


@pytest.mark.parametrize("secret", ["", "changethis", "insecure-development-key", "short"])
def test_production_refuses_a_placeholder_secret(
    monkeypatch: pytest.MonkeyPatch, secret: str
) -> None:
    monkeypatch.setenv("TAILORCV_ENVIRONMENT", "production")
    monkeypatch.setenv("TAILORCV_SECRET_KEY", secret)
    with pytest.raises(InvalidSettings, match=r"^TAILORCV_SECRET_KEY: "):
        load_settings()


def test_production_refuses_the_default_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TAILORCV_ENVIRONMENT", "production")
    with pytest.raises(InvalidSettings, match="placeholder"):
        load_settings()


def test_production_accepts_a_strong_secret_and_development_any(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert (
        load_settings(environment="production", secret_key=STRONG_SECRET).environment
        == "production"
    )
    assert load_settings(secret_key="changethis").environment == "development"


def documented_variables() -> set[str]:
    text = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| `(TAILORCV_[A-Z0-9_]+)` \|", text, flags=re.MULTILINE))


def test_every_setting_is_documented_and_every_documented_one_exists() -> None:
    fields = {env_name(name) for name in Settings.model_fields}
    assert documented_variables() == fields


def test_every_setting_has_a_description() -> None:
    missing = [name for name, field in Settings.model_fields.items() if not field.description]
    assert missing == []
