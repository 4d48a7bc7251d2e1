"""The console adapter and the console chat commands (`briefbot ask`, `briefbot chat`)."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

from bot.adapters.console import ConsoleAdapter, read_deliveries
from bot.domain import Chat
from bot.replies import Block, Button, Reply
from tests.conftest import ROOT
from tests.support import briefbot as run_briefbot

CHAT = Chat(id=7, platform="console", platform_chat_id="console", title="console")
REPLY = Reply(
    title="Briefing",
    blocks=(
        Block(
            heading="1. Talks in Istanbul",
            text=("Delegations meet on Thursday.",),
            fields=(("Absent", "The president"),),
            buttons=(Button("Who", "who 1"),),
        ),
    ),
    extra={"delivery_key": "briefing:7:2025-05-15T08:00:00Z"},
)


async def test_console_writes_rendered_text_to_a_stream() -> None:
    stream = io.StringIO()
    adapter = ConsoleAdapter(stream)
    ids = await adapter.send(CHAT, REPLY)
    text = stream.getvalue()
    assert len(ids) == 1
    assert "Talks in Istanbul" in text
    assert "Absent" in text
    assert "The president" in text
    assert await adapter.find_delivered(CHAT, "briefing:7:2025-05-15T08:00:00Z") is None
    assert await adapter.is_admin(CHAT, "anyone")
    assert adapter.routes() == []


async def test_console_file_output_records_keys_it_can_be_asked_about(tmp_path: Path) -> None:
    path = tmp_path / "out" / "console.jsonl"
    adapter = ConsoleAdapter(path)
    await adapter.start()
    key = "briefing:7:2025-05-15T08:00:00Z"
    assert await adapter.find_delivered(CHAT, key) == []
    ids = await adapter.send(CHAT, REPLY)
    assert await adapter.find_delivered(CHAT, key) == ids
    other = Chat(id=8, platform="console", platform_chat_id="other")
    assert await adapter.find_delivered(other, key) == []
    (line,) = read_deliveries(path)
    assert line["key"] == key
    assert "Talks in Istanbul" in line["text"]


def briefbot(
    tmp_path: Path, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return briefbot_env(tmp_path, {}, *args, stdin=stdin)


def briefbot_env(
    tmp_path: Path, extra: dict[str, str], *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        "BRIEFBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'briefbot.db'}",
        "BRIEFBOT_INGEST_FEEDS": str(ROOT / "seeds" / "istanbul-talks.xml"),
        "BRIEFBOT_SERVICE_LOG_LEVEL": "WARNING",
        **extra,
    }
    return run_briefbot(*args, cwd=tmp_path, env=env, stdin=stdin)


def test_ask_runs_one_command_as_the_console_chat(tmp_path: Path) -> None:
    result = briefbot(tmp_path, "ask", "help")
    assert result.returncode == 0, result.stderr
    assert "who [N|words]" in result.stdout
    bad = briefbot(tmp_path, "ask", "/who", "1")
    assert bad.returncode == 1
    assert "no story 1" in bad.stdout
    assert "Traceback" not in bad.stderr


def test_chat_repl_keeps_settings_between_lines_and_runs(tmp_path: Path) -> None:
    session = "schedule 07:15 Europe/Kyiv weekdays\nsettings\nfrobnicate\nquit\nsettings\n"
    result = briefbot(tmp_path, "chat", stdin=session)
    assert result.returncode == 0, result.stderr
    assert "07:15 on weekdays (Europe/Kyiv)" in result.stdout
    assert "Unknown command 'frobnicate'" in result.stdout
    assert result.stdout.count("Settings") == 1  # nothing runs after quit
    again = briefbot(tmp_path, "ask", "settings")
    assert "07:15" in again.stdout
    assert "Europe/Kyiv" in again.stdout


def test_run_with_an_enabled_platform_but_no_token_fails_in_one_line(tmp_path: Path) -> None:
    result = briefbot_env(tmp_path, {"BRIEFBOT_TELEGRAM_ENABLED": "true"}, "run")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        line for line in result.stderr.strip().splitlines() if line.startswith("briefbot:")
    ]
    assert "telegram.token: missing" in result.stderr
