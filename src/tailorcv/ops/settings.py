"""The service's settings: one class, read from ``TAILORCV_*`` environment variables.

Every backend is chosen by a URL whose default needs nothing installed (DESIGN.md, "Embedded
default, and scale-out"). Build a ``Settings`` in an entry point with ``load_settings()`` and pass
it down; nothing here is built at import time, so tests make their own.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit

from pydantic import (
    AliasChoices,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict

from tailorcv.errors import InvalidSettings

ENV_PREFIX = "TAILORCV_"
MB = 1024 * 1024

# Values a careless deployment leaves in place; refused outside development.
PLACEHOLDER_SECRETS = frozenset({"", "changethis", "changeme", "change-me", "secret", "insecure"})
DEVELOPMENT_SECRET = "insecure-development-key"  # the default; refused in production
MIN_SECRET_LENGTH = 32

DATABASE_SCHEMES = {"sqlite", "postgresql+psycopg"}
POSTGRES_ALIASES = {"postgresql", "postgres"}  # spelled without a driver: psycopg 3 is implied
QUEUE_SCHEMES = {"sqlite", "redis", "rediss", "postgresql", "postgres", "memory"}
CACHE_SCHEMES = {"memory", "redis", "rediss"}
STORAGE_SCHEMES = {"file", "s3"}
LLM_SCHEMES = {"http", "https"}


def env_name(field: str) -> str:
    """The variable that sets ``field``: ``database_url`` → ``TAILORCV_DATABASE_URL``."""
    return f"{ENV_PREFIX}{field.upper()}"


def _scheme(value: str, allowed: set[str], what: str, example: str) -> str:
    """``value`` unchanged when its scheme is one of ``allowed``; a ValueError naming it if not."""
    scheme = urlsplit(value).scheme.lower() if "://" in value else ""
    if scheme not in allowed:
        raise ValueError(f"not {what} URL: {value!r} (expected {example})")
    return value


def public_url(url: str) -> str:
    """``url`` fit to log, store and show: no user, no password, and of the query only the
    queue's name (a query can carry a password too, as ``?password=`` does for PostgreSQL)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 address
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port is not None else host
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k == "queue"])
    return f"{parts.scheme}://{netloc}{parts.path}" + (f"?{query}" if query else "")


def networks(value: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """``"10.0.0.0/8, 192.168.1.5"`` → the networks; a ValueError naming a bad entry."""
    found = []
    for entry in filter(None, (part.strip() for part in value.split(","))):
        try:
            found.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ValueError(f"not an address or network: {entry!r}") from None
    return tuple(found)


def database_url(value: str) -> str:
    """Check a database URL, and spell a bare ``postgresql://`` with the psycopg 3 driver."""
    scheme = urlsplit(value).scheme.lower() if "://" in value else ""
    if scheme in POSTGRES_ALIASES:
        return "postgresql+psycopg://" + value.split("://", 1)[1]
    if scheme.startswith("postgresql+") and scheme != "postgresql+psycopg":
        raise ValueError(
            f"not a database URL tailorcv can use: {value!r} (use postgresql+psycopg://)"
        )
    example = "sqlite:///path/to/tailorcv.db or postgresql+psycopg://user@host/db"
    return _scheme(value, DATABASE_SCHEMES, "a database", example)


class Settings(BaseSettings):
    """Everything an operator can set. Each field is documented in docs/settings.md."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, extra="ignore", frozen=True, populate_by_name=True
    )

    environment: Literal["development", "production"] = Field(
        "development",
        description="`production` refuses a placeholder secret key; `development` allows it.",
    )
    data_dir: Path = Field(
        Path("tailorcv-data"),
        description="Folder for the embedded database, queue and files (made absolute).",
    )
    database_url: str = Field(
        "",
        description="SQLAlchemy URL of the database. Default: `sqlite:///<data_dir>/tailorcv.db`.",
    )
    queue_url: str = Field(
        "", description="URL of the task queue. Default: `sqlite:///<data_dir>/queue.db`."
    )
    cache_url: str = Field("memory://", description="Cache backend: `memory://` or `redis://…`.")
    ratelimit_url: str = Field(
        "memory://", description="Rate-limit storage: `memory://` or `redis://…`."
    )
    storage_url: str = Field(
        "", description="Where files are kept. Default: `file://<data_dir>/files`."
    )
    llm_base_url: str | None = Field(
        None, description="OpenAI-compatible endpoint for tailoring; unset: the offline engine."
    )
    llm_api_key: SecretStr | None = Field(None, description="API key for `llm_base_url`.")
    llm_model: str = Field(
        "gpt-4o-mini", min_length=1, description="Model name sent to `llm_base_url`."
    )
    llm_timeout_seconds: float = Field(
        300.0, gt=0, description="Seconds one LLM request may take (local models are slow)."
    )
    llm_max_retries: int = Field(
        3, ge=0, le=10, description="Retries of one LLM request on 429, 5xx and timeouts."
    )
    llm_allow_private: bool = Field(
        False,
        description="Allow an `llm_base_url` on a loopback or private address (a local model).",
    )
    llm_requests_per_minute: int = Field(
        60, ge=1, description="Requests per minute sent to the LLM provider (all users)."
    )
    llm_tokens_per_minute: int = Field(
        200_000, ge=1, description="Tokens per minute sent to the LLM provider (all users)."
    )
    llm_daily_tokens_free: int = Field(
        50_000, ge=0, description="LLM tokens a user of the free tier may spend per day."
    )
    llm_daily_tokens_pro: int = Field(
        500_000, ge=0, description="LLM tokens a user of the pro tier may spend per day."
    )
    llm_daily_tokens_premium: int = Field(
        2_000_000, ge=0, description="LLM tokens a user of the premium tier may spend per day."
    )
    llm_cost_input_per_1k: float = Field(
        0.0, ge=0, description="USD per 1,000 prompt tokens, for the cost metric."
    )
    llm_cost_output_per_1k: float = Field(
        0.0, ge=0, description="USD per 1,000 completion tokens, for the cost metric."
    )
    secret_key: SecretStr = Field(
        SecretStr(DEVELOPMENT_SECRET),
        description="Signs sessions and tokens; at least 32 characters outside development.",
    )
    db_pool_size: int = Field(5, ge=1, description="Connections kept open per process.")
    db_pool_timeout: float = Field(
        30.0,
        gt=0,
        description="Seconds to wait for a pooled connection (SQLite: for a locked database).",
    )
    db_statement_timeout_ms: int = Field(
        30_000, ge=0, description="PostgreSQL statement timeout in milliseconds; 0 means none."
    )
    max_upload_bytes: int = Field(10 * MB, ge=1, description="Largest accepted upload.")
    max_pdf_pages: int = Field(10, ge=1, description="Most pages read from an uploaded PDF.")
    parse_seconds: float = Field(60.0, gt=0, description="Time limit for reading one upload.")
    tasks_per_user: int = Field(2, ge=1, description="Background tasks one user may have running.")
    storage_per_user_bytes: int = Field(
        50 * MB, ge=0, description="Bytes of files one user may keep."
    )
    file_ttl_hours: float = Field(24.0, gt=0, description="Hours before a generated file expires.")
    batch_max_items: int = Field(1000, ge=1, description="Candidates one batch may rank.")
    batch_max_bytes: int = Field(
        200 * MB, ge=1, description="Total upload size of one batch (a zip counts unpacked)."
    )
    ratelimit_enabled: bool = Field(True, description="`false` turns every rate limit off.")
    ratelimit_global: str = Field(
        "10000/minute", description="Requests the whole service takes (every replica together)."
    )
    ratelimit_ip: str = Field("600/minute", description="Requests from one client address.")
    ratelimit_user: str = Field("60/minute", description="Requests from one free-tier user.")
    ratelimit_upload: str = Field("5/minute", description="Uploads (imports, batches) per user.")
    ratelimit_tailor: str = Field(
        "10/minute", description="Tailorings, letters and suggestions per user."
    )
    ratelimit_export: str = Field("10/minute", description="Renders and exports per user.")
    ratelimit_login: str = Field(
        "10/minute", description="Log-in and registration attempts per client address."
    )
    ratelimit_pro_factor: float = Field(
        5.0, ge=1, description="Per-user limits are this many times higher for the pro tier."
    )
    ratelimit_premium_factor: float = Field(
        20.0, ge=1, description="Per-user limits are this many times higher for premium."
    )
    session_idle_days: float = Field(
        14.0, gt=0, description="Days a log-in session may go unused before it ends."
    )
    session_max_days: float = Field(
        90.0, gt=0, description="Days a log-in session lasts at most, however often it is used."
    )
    password_min_length: int = Field(
        8, ge=8, le=1024, description="Fewest characters a new password may have (at least 8)."
    )
    trusted_proxies: str = Field(
        "",
        description="Comma-separated addresses or networks whose `X-Forwarded-For` is believed.",
    )
    metrics_allow: str = Field(
        "", description="Comma-separated networks, besides loopback, that may read `/metrics`."
    )
    log_format: Literal["auto", "json", "console"] = Field(
        "auto", description="`auto`: readable on a terminal, JSON lines otherwise."
    )
    log_level: Literal["debug", "info", "warning", "error"] = Field(
        "info", description="The least severe level written."
    )
    sentry_dsn: SecretStr | None = Field(
        None,
        validation_alias=AliasChoices("SENTRY_DSN", "TAILORCV_SENTRY_DSN"),
        description="Report errors to Sentry (needs `sentry-sdk` installed); also `SENTRY_DSN`.",
    )

    @field_validator(
        "ratelimit_global",
        "ratelimit_ip",
        "ratelimit_user",
        "ratelimit_upload",
        "ratelimit_tailor",
        "ratelimit_export",
        "ratelimit_login",
    )
    @classmethod
    def _rate(cls, value: str) -> str:
        from limits import parse

        try:
            parse(value)
        except ValueError:
            raise ValueError(f"not a rate: {value!r} (expected e.g. 60/minute)") from None
        return value

    @field_validator("trusted_proxies", "metrics_allow")
    @classmethod
    def _networks(cls, value: str) -> str:
        networks(value)
        return value

    @field_validator("data_dir")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.expanduser().resolve()

    @field_validator("database_url")
    @classmethod
    def _database(cls, value: str) -> str:
        return database_url(value) if value else value

    @field_validator("queue_url")
    @classmethod
    def _queue(cls, value: str) -> str:
        example = "sqlite:///path, redis://host or postgresql://host/db"
        return _scheme(value, QUEUE_SCHEMES, "a queue", example) if value else value

    @field_validator("cache_url", "ratelimit_url")
    @classmethod
    def _cache(cls, value: str) -> str:
        return _scheme(value, CACHE_SCHEMES, "a cache", "memory:// or redis://host")

    @field_validator("storage_url")
    @classmethod
    def _storage(cls, value: str) -> str:
        if value and value.lower().startswith("file://") and not urlsplit(value).path:
            raise ValueError(f"not a storage URL: {value!r} (file:// needs a path)")
        return (
            _scheme(value, STORAGE_SCHEMES, "a storage", "file:///path or s3://bucket")
            if value
            else value
        )

    @field_validator("llm_base_url")
    @classmethod
    def _llm(cls, value: str | None) -> str | None:
        return _scheme(value, LLM_SCHEMES, "an LLM", "https://host/v1") if value else None

    @model_validator(mode="after")
    def _derive(self) -> Settings:
        """Fill URLs left unset from ``data_dir``, then refuse a weak secret in production."""
        defaults = {
            "database_url": f"sqlite:///{self.data_dir / 'tailorcv.db'}",
            "queue_url": f"sqlite:///{self.data_dir / 'queue.db'}",
            "storage_url": f"file://{self.data_dir / 'files'}",
        }
        for name, default in defaults.items():
            if not getattr(self, name):
                object.__setattr__(self, name, default)  # frozen: settings never change after this
        self._check_secret()
        return self

    def _check_secret(self) -> None:
        if self.environment == "development":
            return
        secret = self.secret_key.get_secret_value()
        if secret.strip().lower() in PLACEHOLDER_SECRETS or secret == DEVELOPMENT_SECRET:
            raise ValueError(
                "secret_key: a placeholder is not allowed in production; generate one with "
                "python -c 'import secrets; print(secrets.token_urlsafe(32))'"
            )
        if len(secret) < MIN_SECRET_LENGTH:
            raise ValueError(
                f"secret_key: use at least {MIN_SECRET_LENGTH} characters in production"
            )


def load_settings(**overrides: Any) -> Settings:
    """Build ``Settings`` from the environment (and ``overrides``), or raise ``InvalidSettings``
    with one line per problem, each naming its variable: ``TAILORCV_DATABASE_URL: not a …``."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise InvalidSettings("\n".join(_describe(e) for e in exc.errors())) from None


def _describe(error: Any) -> str:
    """One line for one pydantic error, naming the environment variable it came from."""
    message = str(error["ctx"]["error"]) if error["type"] == "value_error" else error["msg"]
    if error["loc"]:
        return f"{env_name(str(error['loc'][0]))}: {message}"
    field, _, rest = message.partition(": ")  # model-level checks name their field first
    return f"{env_name(field)}: {rest}" if rest else message
