"""The whole service in-process, on a controlled clock: restarts, run-time settings, HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.adapters.console import read_deliveries
from bot.app import App
from bot.commands import CommandContext, dispatch
from bot.config import Settings
from bot.delivery import DeliveryWorker, briefing_key
from bot.domain import Chat
from bot.http import HttpServer, health_check
from bot.metrics import Metrics
from bot.replies import Reply
from bot.store import Store
from tests.service.conftest import SEED_DAY, seed_news
from tests.service.helpers import FakeClock, ScriptedPlatform

AT_8 = SEED_DAY.replace(hour=8)


@asynccontextmanager
async def running(settings: Settings, clock: FakeClock) -> AsyncIterator[App]:
    app = App(settings, clock=clock)
    await app.start()
    try:
        yield app
    finally:
        await app.stop()


async def ticks(app: App, job: str, count: int = 2, within: float = 20.0) -> None:
    """Wait until `job` has completed `count` more ticks (each tick reads the clock anew)."""
    assert app.scheduler is not None
    target = app.scheduler.ticks[job] + count
    async with asyncio.timeout(within):
        while app.scheduler.ticks[job] < target:  # noqa: ASYNC110 (polling a counter)
            await asyncio.sleep(0.05)


async def until(predicate: Callable[[], Any], within: float = 20.0) -> None:
    async with asyncio.timeout(within):
        while not predicate():  # noqa: ASYNC110 (polling a file another task writes)
            await asyncio.sleep(0.05)


def lines_for(path: Path, chat: Chat) -> list[dict[str, str]]:
    return [r for r in read_deliveries(path) if r["chat"] == chat.platform_chat_id]


@pytest.fixture
async def news_store(
    service_settings: Settings, seed_keypoints: dict[str, Any]
) -> AsyncIterator[tuple[Store, int]]:
    async with await Store.open(service_settings.database_url()) as store:
        feed = await seed_news(store, service_settings, seed_keypoints, now=SEED_DAY)
        yield store, feed.id


async def console_chat(store: Store, feed_id: int, name: str, **settings: Any) -> Chat:
    chat = await store.chats.ensure("console", name)
    await store.chats.subscribe(chat.id, feed_id)
    return await store.chats.update_settings(chat.id, **settings)


async def test_missed_briefing_is_sent_once_on_restart_within_the_grace(
    service_settings: Settings, news_store: tuple[Store, int]
) -> None:
    store, feed_id = news_store
    output = Path(service_settings.service.console_output)
    missed = await console_chat(store, feed_id, "missed", schedule="08:00", next_briefing_at=AT_8)
    too_old = await console_chat(
        store, feed_id, "too-old", schedule="05:00", next_briefing_at=AT_8.replace(hour=5)
    )
    # The service was down over both slots and comes back at 09:00 (grace: 2 h).
    clock = FakeClock(AT_8 + timedelta(hours=1))
    async with running(service_settings, clock) as app:
        await until(lambda: lines_for(output, missed))
        await ticks(app, "briefings")
        await ticks(app, "deliveries")
    (sent,) = lines_for(output, missed)
    assert sent["key"] == briefing_key(missed.id, "2025-05-15T08:00:00Z")
    assert "Ukraine" in sent["text"]
    assert lines_for(output, too_old) == []
    # Restarted again a minute later: nothing is sent twice.
    clock.advance(60)
    async with running(service_settings, clock) as app:
        await ticks(app, "briefings")
        await ticks(app, "deliveries")
    assert len(lines_for(output, missed)) == 1
    assert lines_for(output, too_old) == []
    (row,) = await store.deliveries.list(chat_id=missed.id)
    assert row.status == "sent"
    assert list(row.message_ids) == [sent["message_id"]]


async def test_settings_changed_from_chat_take_effect_without_restart(
    service_settings: Settings, news_store: tuple[Store, int]
) -> None:
    store, feed_id = news_store
    output = Path(service_settings.service.console_output)
    clock = FakeClock(SEED_DAY.replace(hour=6))
    early = await console_chat(store, feed_id, "early", schedule="08:00", next_briefing_at=AT_8)
    quiet = await console_chat(store, feed_id, "quiet", schedule="07:00")
    async with running(service_settings, clock) as app:
        # The chat's admin changes the schedule while the service runs.
        for chat, text in ((early, "schedule 06:30"), (quiet, "schedule off")):
            reply = await dispatch(context(store, service_settings, chat, clock), text)
            assert not reply.is_error, reply
        await ticks(app, "briefings")
        assert read_deliveries(output) == []  # 06:00: nothing due yet
        clock.now = SEED_DAY.replace(hour=6, minute=31)
        await until(lambda: lines_for(output, early))
        clock.now = SEED_DAY.replace(hour=9)
        await ticks(app, "briefings")
        await ticks(app, "deliveries")
    (sent,) = lines_for(output, early)
    assert sent["key"] == briefing_key(early.id, "2025-05-15T06:30:00Z")
    assert lines_for(output, quiet) == []


def context(store: Store, settings: Settings, chat: Chat, clock: FakeClock) -> CommandContext:
    async def admin() -> bool:
        return True

    return CommandContext(
        store=store,
        settings=settings,
        chat=chat,
        user_id="console",
        is_admin=admin,
        now=clock(),
        platform="console",
    )


async def test_healthz_and_metrics_over_http(
    service_settings: Settings, news_store: tuple[Store, int]
) -> None:
    store, feed_id = news_store
    output = Path(service_settings.service.console_output)
    chat = await console_chat(store, feed_id, "c1", next_briefing_at=AT_8)
    clock = FakeClock(AT_8 + timedelta(minutes=1))
    async with running(service_settings, clock) as app:
        await until(lambda: lines_for(output, chat))
        await ticks(app, "poll", 1)
        assert app.http is not None
        base = f"http://127.0.0.1:{app.http.bound_port}"
        async with httpx.AsyncClient(base_url=base) as client:
            health = await client.get("/healthz")
            metrics = await client.get("/metrics")
    assert health.status_code == 200
    body = health.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["scheduler"] == "running"
    assert metrics.status_code == 200
    assert metrics.headers["content-type"].startswith("text/plain")
    text = metrics.text
    assert 'briefbot_briefings_sent_total{platform="console"} 1.0' in text
    assert 'briefbot_send_seconds_count{platform="console"} 1.0' in text
    assert "briefbot_polls_total 1.0" in text  # the seed feed, polled once at start
    assert "briefbot_poll_errors_total 0.0" in text
    assert "briefbot_articles_total" in text


async def test_healthz_says_unhealthy_when_the_database_is_gone(
    service_settings: Settings, tmp_path: Path
) -> None:
    store = await Store.open(service_settings.database_url())
    server = HttpServer("127.0.0.1", 0, metrics=Metrics(), health=health_check(store, lambda: True))
    await server.start()
    try:
        url = f"http://127.0.0.1:{server.bound_port}/healthz"
        async with httpx.AsyncClient() as client:
            assert (await client.get(url)).status_code == 200
            await break_database(store, service_settings)
            answer = await client.get(url)
    finally:
        await server.stop()
        await store.close()
    assert answer.status_code == 503
    assert answer.json()["database"].startswith("error")


async def break_database(store: Store, settings: Settings) -> None:
    """Make the database unreachable the way an outage would (file gone / server down)."""
    await store.close()
    url = settings.database_url()
    if url.startswith("sqlite"):
        await asyncio.to_thread(remove_sqlite_file, Path(url.split("///", 1)[1]))
    else:
        import asyncpg

        from tests.conftest import POSTGRES_URL

        name = url.rsplit("/", 1)[1]
        admin = await asyncpg.connect(POSTGRES_URL)
        try:
            await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            await admin.execute(f'CREATE DATABASE "{name}"')  # the fixture drops it later
            await admin.execute(f'REVOKE CONNECT ON DATABASE "{name}" FROM PUBLIC')
        finally:
            await admin.close()


def remove_sqlite_file(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.chmod(0o500)  # and it cannot be created again


async def test_shutdown_lets_in_flight_sends_finish(store: Store, settings: Settings) -> None:
    platform = ScriptedPlatform(delay=0.5)
    worker = DeliveryWorker(store, {"fake": platform}, settings)
    chat = await store.chats.ensure("fake", "c1")
    await store.deliveries.enqueue("k1", chat.id, None, Reply.message("hi").to_dict())
    assert await worker.run_once() == 1
    await asyncio.sleep(0.05)
    await worker.close(grace=5)
    assert len(platform.received["c1"]) == 1
    assert (await store.deliveries.by_key("k1")).status == "sent"  # type: ignore[union-attr]
    assert await worker.run_once() == 0  # closed: claims nothing more


async def test_shutdown_cuts_off_sends_that_outlast_the_grace(
    store: Store, settings: Settings
) -> None:
    platform = ScriptedPlatform(delay=30)
    worker = DeliveryWorker(store, {"fake": platform}, settings)
    chat = await store.chats.ensure("fake", "c1")
    await store.deliveries.enqueue("k1", chat.id, None, Reply.message("hi").to_dict())
    assert await worker.run_once() == 1
    await worker.close(grace=0.2)
    row = await store.deliveries.by_key("k1")
    assert row is not None
    assert row.status == "pending"  # its lease runs out, then any worker sends it
    assert row.claimed_until is not None
