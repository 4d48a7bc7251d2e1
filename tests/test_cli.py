"""The `briefbot` command as a user runs it: a real subprocess, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.support import ROOT, briefbot


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


def test_extract_prints_key_points_as_json(tmp_path: Path) -> None:
    result = briefbot("extract", "--format", "json", str(ROOT / "seeds" / "istanbul-talks.txt"))
    assert result.returncode == 0, result.stderr
    points = json.loads(result.stdout)
    assert set(points) == {"title", "summary", "event", "attendees", "absentees", "positions"}
    assert "Vladimir Putin" in {a["name"] for a in points["absentees"]}
    assert len(points["summary"]) == 3


def test_extract_reads_standard_input_and_honours_sentences() -> None:
    text = (
        "The minister said the plan would work. Critics disagreed. "
        '"It will fail," said Jane Smith, the opposition leader. Talks resume on Monday.'
    )
    result = briefbot("extract", "--sentences", "1", "-", stdin=text)
    assert result.returncode == 0, result.stderr
    assert "Jane Smith" in result.stdout


def test_extract_decodes_other_encodings_with_a_warning(tmp_path: Path) -> None:
    article = tmp_path / "latin1.txt"
    article.write_bytes(
        "The fee of £5 was criticised by Anna Berg, who said it was unfair.".encode("latin-1")
    )
    result = briefbot("extract", str(article))
    assert result.returncode == 0, result.stderr
    assert "not valid UTF-8" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("content", [b"", b"   \n\t  \n"])
def test_extract_of_an_empty_article_is_a_usage_error(tmp_path: Path, content: bytes) -> None:
    article = tmp_path / "empty.txt"
    article.write_bytes(content)
    assert_one_line_error(briefbot("extract", str(article)), "empty.txt: the article is empty")


def test_extract_of_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = briefbot("extract", str(tmp_path / "absent.txt"))
    assert_one_line_error(result, "absent.txt: cannot be read")


def test_a_missing_spacy_model_is_one_clear_line(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Ministers met in Paris on Monday.")
    result = briefbot(
        "extract", str(article), env={"BRIEFBOT_SUMMARIZER_MODEL": "en_core_web_nonexistent"}
    )
    assert_one_line_error(result, "en_core_web_nonexistent")
    assert "pip install" in result.stderr
