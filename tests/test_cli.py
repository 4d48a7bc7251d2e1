"""The `briefbot` command as a user runs it: a real subprocess, exit codes, one-line errors."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.support import briefbot


def assert_one_line_error(result: subprocess.CompletedProcess[str], fragment: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert fragment in lines[0]


def test_config_check_prints_effective_settings_with_secrets_masked() -> None:
    result = briefbot("config", "check", env={"BRIEFBOT_TELEGRAM_TOKEN": "123:topsecret"})
    assert result.returncode == 0, result.stderr
    assert "settings OK (file config/briefbot.toml" in result.stdout
    assert 'token = "***"' in result.stdout
    assert "topsecret" not in result.stdout + result.stderr


def test_config_check_with_a_bad_value(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[briefing]\ndefault_timezone = "Europe/Atlantis"\n')
    result = briefbot("config", "check", "--config", str(bad))
    assert_one_line_error(result, "briefing.default_timezone = 'Europe/Atlantis'")


def test_config_check_with_an_unreadable_file(tmp_path: Path) -> None:
    result = briefbot("config", "check", "--config", str(tmp_path / "nope.toml"))
    assert_one_line_error(result, "nope.toml: cannot be read")


def test_bad_environment_value_fails_any_command() -> None:
    result = briefbot("config", "check", env={"BRIEFBOT_INGEST_MAX_REDIRECTS": "many"})
    assert_one_line_error(result, "ingest.max_redirects = 'many'")


def test_unknown_command_is_a_usage_error() -> None:
    assert_one_line_error(briefbot("frobnicate"), "invalid choice: 'frobnicate'")


@pytest.mark.parametrize("args", [("extract",), ("config",)])
def test_missing_arguments_are_usage_errors(args: tuple[str, ...]) -> None:
    result = briefbot(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
