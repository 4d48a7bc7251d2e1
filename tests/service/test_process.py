"""`briefbot run` as a real process: kill -9 in the middle of a fan-out, restart, and every
chat has exactly one copy; SIGTERM shuts down cleanly. Console chats write their deliveries
to a JSON-lines file, which plays the chat platform."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.adapters.console import read_deliveries
from bot.store import Store
from tests.conftest import ROOT
from tests.service.conftest import make_settings, seed_news, service_environment

CHATS = 300


class Service:
    def __init__(self, process: subprocess.Popen[bytes], log: Path) -> None:
        self.process = process
        self.log = log

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_for_log(self, pattern: str, within: float = 120) -> re.Match[str]:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if found := re.search(pattern, self.text()):
                return found
            if self.process.poll() is not None:
                raise AssertionError(f"service exited early:\n{self.text()[-3000:]}")
            time.sleep(0.05)
        raise AssertionError(f"no {pattern!r} in the log:\n{self.text()[-3000:]}")


@contextmanager
def service(tmp_path: Path, db_url: str, name: str, **extra: str) -> Iterator[Service]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")}
    environ.update(service_environment(tmp_path, db_url))
    environ.update(extra)
    environ["PYTHONPATH"] = str(ROOT)
    log = tmp_path / f"{name}.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            cwd=tmp_path,
            env=environ,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
        try:
            yield Service(process, log)
        finally:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=30)


async def prepare(tmp_path: Path, db_url: str, keypoints: dict[str, Any]) -> list[int]:
    """News in the store and CHATS console chats whose briefing time has just passed."""
    settings = make_settings(tmp_path, db_url)
    now = datetime.now(UTC)
    async with await Store.open(db_url) as store:
        feed = await seed_news(store, settings, keypoints, now=now)
        ids = []
        for n in range(CHATS):
            chat = await store.chats.ensure("console", f"chat-{n}", schedule="08:00")
            await store.chats.subscribe(chat.id, feed.id)
            await store.chats.update_settings(chat.id, next_briefing_at=now - timedelta(minutes=1))
            ids.append(chat.id)
        return ids


async def outbox(db_url: str) -> Counter[str]:
    async with await Store.open(db_url, run_migrations=False) as store:
        return Counter(d.status for d in await store.deliveries.list())


def lines(path: Path) -> list[dict[str, str]]:
    return read_deliveries(path)


def wait_until(predicate: Any, within: float, what: str) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def stop(service: Service) -> int:
    service.process.send_signal(signal.SIGTERM)
    return service.process.wait(timeout=60)


def kill_mid_fan_out(tmp_path: Path, db_url: str, output: Path) -> int:
    slow = {"BRIEFBOT_SERVICE_SEND_CONCURRENCY": "2"}  # a fan-out long enough to interrupt
    with service(tmp_path, db_url, "first", **slow) as first:
        wait_until(lambda: len(lines(output)) >= CHATS // 4, 180, "the fan-out to start")
        first.process.send_signal(signal.SIGKILL)
        first.process.wait(timeout=30)
    return len(lines(output))


def restart_until_done(tmp_path: Path, db_url: str, output: Path) -> str:
    with service(tmp_path, db_url, "second") as second:
        second.wait_for_log(r"briefbot running")
        wait_until(lambda: len(lines(output)) >= CHATS, 120, "every chat to get its briefing")
        time.sleep(4)  # a few more ticks in which anything sent twice would show
        assert stop(second) == 0
        return second.text()


async def test_kill_9_mid_fan_out_then_restart_gives_every_chat_exactly_one_copy(
    tmp_path: Path, db_url: str, seed_keypoints: dict[str, Any]
) -> None:
    chat_ids = await prepare(tmp_path, db_url, seed_keypoints)
    output = tmp_path / "console.jsonl"
    delivered_before = await asyncio.to_thread(kill_mid_fan_out, tmp_path, db_url, output)
    assert delivered_before < CHATS, "the fan-out finished before the kill; nothing was tested"
    interrupted = await outbox(db_url)
    assert interrupted["sent"] < CHATS

    restarted_log = await asyncio.to_thread(restart_until_done, tmp_path, db_url, output)

    written = lines(output)
    per_chat = Counter(r["chat"] for r in written)
    assert len(per_chat) == CHATS
    assert set(per_chat.values()) == {1}, [c for c, n in per_chat.items() if n > 1]
    async with await Store.open(db_url, run_migrations=False) as store:
        rows = await store.deliveries.list()
    assert len(rows) == CHATS
    assert {r.status for r in rows} == {"sent"}
    assert {r.chat.id for r in rows} == set(chat_ids)
    by_chat = {r["chat"]: r for r in written}
    for row in rows:
        line = by_chat[row.chat.platform_chat_id]
        assert line["key"] == row.key
        assert row.key.startswith(f"briefing:{row.chat.id}:")
        assert list(row.message_ids) == [line["message_id"]]  # the copy delivered is recorded
    print(
        f"\nkill -9 after {delivered_before}/{CHATS} deliveries; outbox then {dict(interrupted)};"
        f" after restart {len(written)} lines, one per chat;"
        f" {restarted_log.count('not sending again')} in-doubt sends found already delivered"
    )


def run_and_terminate(tmp_path: Path, db_url: str) -> tuple[int, float, str, int]:
    with service(tmp_path, db_url, "service") as running:
        found = running.wait_for_log(r"briefbot running: platforms console, http://[\d.]+:(\d+)")
        port = int(found.group(1))
        health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=10)
        assert health.status_code == 200
        assert health.json()["scheduler"] == "running"
        started = time.monotonic()
        code = stop(running)
        return code, time.monotonic() - started, running.text(), port


async def test_sigterm_shuts_down_cleanly_and_serves_health_until_then(
    tmp_path: Path, db_url: str
) -> None:
    code, took, log, port = await asyncio.to_thread(run_and_terminate, tmp_path, db_url)
    assert code == 0
    assert "signal received, shutting down" in log
    assert "briefbot stopped" in log
    assert "Traceback" not in log
    assert took < 30
    async with httpx.AsyncClient() as client:
        with pytest.raises(httpx.ConnectError):
            await client.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
