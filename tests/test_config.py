"""Settings: the documented file, environment overrides, secrets, and one-line errors."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.config import ConfigError, Settings, effective_settings, load_settings, parse_duration

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "config" / "briefbot.toml"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "briefbot.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_file_holds_the_embedded_defaults() -> None:
    settings, used = load_settings(CONFIG, environ={})
    assert used == CONFIG
    assert settings == Settings()


def test_shipped_file_documents_every_non_secret_setting() -> None:
    text = CONFIG.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    for section, info in Settings.model_fields.items():
        assert info.annotation is not None
        for key, field in info.annotation.model_fields.items():
            if "SecretStr" in str(field.annotation):
                assert f"BRIEFBOT_{section}_{key}".upper() in text, f"secret {section}.{key}"
                continue
            present = key in data.get(section, {}) or f"# {key} =" in text
            assert present, f"[{section}] {key} is missing from config/briefbot.toml"


def test_environment_overrides_file_and_parses_lists_and_durations(tmp_path: Path) -> None:
    path = write(tmp_path, '[ingest]\ndefault_interval = "5m"\n')
    settings, _ = load_settings(
        path,
        environ={
            "BRIEFBOT_INGEST_ALLOWED_HOSTS": "a.example, b.example",
            "BRIEFBOT_BRIEFING_MAX_STORIES": "4",
            "BRIEFBOT_TELEGRAM_ADMINS": "[1, 2]",
        },
    )
    assert settings.ingest.default_interval == 300
    assert settings.ingest.allowed_hosts == ("a.example", "b.example")
    assert settings.briefing.max_stories == 4
    assert settings.telegram.admins == (1, 2)


def test_secrets_only_from_environment_and_masked(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"telegram\.token: secrets are read only from"):
        load_settings(write(tmp_path, '[telegram]\ntoken = "123:abc"\n'), environ={})
    settings, _ = load_settings(
        write(tmp_path, ""), environ={"BRIEFBOT_TELEGRAM_TOKEN": "123:secret-value"}
    )
    assert settings.telegram.token is not None
    assert settings.telegram.token.get_secret_value() == "123:secret-value"
    shown = str(effective_settings(settings))
    assert "secret-value" not in shown
    assert "'token': '***'" in shown


def test_password_in_database_url_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, '[database]\nurl = "postgresql://bot:hunter2@db/briefbot"\n')
    with pytest.raises(ConfigError, match="BRIEFBOT_DATABASE_PASSWORD"):
        load_settings(path, environ={})


def test_database_password_is_filled_in_from_environment(tmp_path: Path) -> None:
    path = write(tmp_path, '[database]\nurl = "postgresql://bot@db:5432/briefbot"\n')
    settings, _ = load_settings(path, environ={"BRIEFBOT_DATABASE_PASSWORD": "p@ss"})
    assert settings.database_url() == "postgresql://bot:p%40ss@db:5432/briefbot"


@pytest.mark.parametrize(
    ("text", "environ", "message"),
    [
        ("[ingest]\nmax_bytes = 'lots'\n", {}, "ingest.max_bytes = 'lots': input should be"),
        ("[ingest]\nmax_byts = 1\n", {}, "ingest.max_byts: unknown setting"),
        ("[nonsense]\nx = 1\n", {}, "nonsense: unknown setting"),
        ("[briefing]\ndefault_timezone = 'Mars/Olympus'\n", {}, "expected an IANA timezone"),
        ("[ingest]\ndefault_interval = 'soon'\n", {}, "expected a duration"),
        ("ingest = 3\n", {}, "ingest = 3: expected a [ingest] table"),
        ("[ingest\n", {}, "not valid TOML"),
        ("", {"BRIEFBOT_INGEST_MAX_BYTE": "1"}, "BRIEFBOT_INGEST_MAX_BYTE: unknown environment"),
        ("", {"BRIEFBOT_SERVICE_PORT": "70000"}, "service.port = '70000': input should be less"),
        ("", {"BRIEFBOT_DATABASE_URL": "mysql://x"}, "expected a sqlite:/// or postgresql://"),
    ],
)
def test_bad_values_name_key_value_and_expectation(
    tmp_path: Path, text: str, environ: dict[str, str], message: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(write(tmp_path, text), environ=environ)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_unreadable_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot be read"):
        load_settings(tmp_path / "missing.toml", environ={})


@pytest.mark.parametrize(
    ("text", "seconds"), [("90s", 90), ("15m", 900), ("2h", 7200), ("1d", 86400), (45, 45)]
)
def test_durations(text: str | int, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("bad", ["", "0s", "-5m", "15 parsecs", True])
def test_bad_durations(bad: object) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration(bad)
