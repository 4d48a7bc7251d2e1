"""The outbox on SQLite and PostgreSQL: written once, sent once, retried, paused, moved."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest

from bot.adapters.base import ChatGone, ChatMoved, DeliveryError, RetryAfter
from bot.adapters.console import ConsoleAdapter, read_deliveries
from bot.config import Settings
from bot.delivery import DeliveryWorker, backoff_seconds, briefing_key, reply_of
from bot.domain import Chat
from bot.metrics import Metrics
from bot.replies import Reply
from bot.store import Store
from tests.service.helpers import FakeClock, ScriptedPlatform


def with_service(settings: Settings, **changes: object) -> Settings:
    return settings.model_copy(update={"service": settings.service.model_copy(update=changes)})


async def queue(store: Store, chat: Chat, slot: str = "2025-03-03T07:00:00Z") -> int:
    reply = Reply.message(f"briefing for {chat.platform_chat_id} at {slot}")
    return await store.deliveries.enqueue(
        briefing_key(chat.id, slot), chat.id, None, reply.to_dict()
    )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def platform() -> ScriptedPlatform:
    return ScriptedPlatform()


@pytest.fixture
def worker(
    store: Store, settings: Settings, platform: ScriptedPlatform, clock: FakeClock
) -> DeliveryWorker:
    settings = with_service(settings, delivery_max_attempts=3, delivery_backoff=10)
    return DeliveryWorker(store, {"fake": platform}, settings, Metrics(), clock=clock)


async def test_enqueue_is_idempotent_per_key(store: Store) -> None:
    chat = await store.chats.ensure("fake", "c1")
    first = await queue(store, chat)
    again = await queue(store, chat)
    other = await queue(store, chat, slot="2025-03-04T07:00:00Z")
    assert first == again
    assert other != first
    assert [d.key for d in await store.deliveries.list()] == [
        briefing_key(chat.id, "2025-03-03T07:00:00Z"),
        briefing_key(chat.id, "2025-03-04T07:00:00Z"),
    ]


async def test_sent_once_with_message_ids(
    store: Store, worker: DeliveryWorker, platform: ScriptedPlatform
) -> None:
    chats = [await store.chats.ensure("fake", f"c{i}") for i in range(5)]
    for chat in chats:
        await queue(store, chat)
    assert await worker.deliver_all() == 5
    assert await worker.deliver_all() == 0
    assert {k: len(v) for k, v in platform.received.items()} == {f"c{i}": 1 for i in range(5)}
    rows = await store.deliveries.list()
    assert {r.status for r in rows} == {"sent"}
    assert all(r.message_ids and r.sent_at is not None for r in rows)
    sent = platform.received["c0"][0]
    assert sent.extra["delivery_key"] == rows[0].key  # adapters can deduplicate on it
    sample = worker.metrics.registry.get_sample_value(
        "briefbot_briefings_sent_total", {"platform": "fake"}
    )
    assert sample == 5


async def test_retry_after_waits_as_told_and_is_not_an_attempt(
    store: Store, worker: DeliveryWorker, platform: ScriptedPlatform, clock: FakeClock
) -> None:
    chat = await store.chats.ensure("fake", "c1")
    delivery_id = await queue(store, chat)
    platform.script["c1"] = [RetryAfter(30)]
    await worker.deliver_all()
    row = await store.deliveries.get(delivery_id)
    assert row.status == "pending"
    assert row.attempts == 0
    assert row.next_attempt_at == clock.now + timedelta(seconds=30)
    clock.advance(29)
    assert await worker.deliver_all() == 0
    clock.advance(1)
    assert await worker.deliver_all() == 1
    assert (await store.deliveries.get(delivery_id)).status == "sent"
    assert len(platform.received["c1"]) == 1


async def test_errors_back_off_then_fail(
    store: Store, worker: DeliveryWorker, platform: ScriptedPlatform, clock: FakeClock
) -> None:
    chat = await store.chats.ensure("fake", "c1")
    delivery_id = await queue(store, chat)
    platform.script["c1"] = [DeliveryError("502 from the platform")] * 3
    await worker.deliver_all()
    first = await store.deliveries.get(delivery_id)
    assert (first.status, first.attempts) == ("pending", 1)
    assert first.next_attempt_at is not None
    wait = (first.next_attempt_at - clock.now).total_seconds()
    assert 8 <= wait <= 12  # base 10 s, +-20 % jitter
    clock.advance(wait)
    await worker.deliver_all()
    second = await store.deliveries.get(delivery_id)
    assert second.attempts == 2
    assert second.next_attempt_at is not None
    assert 16 <= (second.next_attempt_at - clock.now).total_seconds() <= 24  # doubled
    clock.advance(3600)
    await worker.deliver_all()
    final = await store.deliveries.get(delivery_id)
    assert (final.status, final.attempts) == ("failed", 3)
    assert "502 from the platform" in (final.last_error or "")
    clock.advance(86400)
    assert await worker.deliver_all() == 0
    assert platform.received["c1"] == []


async def test_an_adapter_bug_is_retried_not_fatal(
    store: Store, worker: DeliveryWorker, platform: ScriptedPlatform, clock: FakeClock
) -> None:
    chat = await store.chats.ensure("fake", "c1")
    delivery_id = await queue(store, chat)
    platform.script["c1"] = [KeyError("oops")]
    await worker.deliver_all()
    assert (await store.deliveries.get(delivery_id)).attempts == 1
    clock.advance(3600)
    await worker.deliver_all()
    assert (await store.deliveries.get(delivery_id)).status == "sent"


async def test_chat_gone_pauses_the_chat_and_is_not_retried(
    store: Store, worker: DeliveryWorker, platform: ScriptedPlatform, clock: FakeClock
) -> None:
    chat = await store.chats.ensure("fake", "c1")
    other = await store.chats.ensure("fake", "c2")
    first = await queue(store, chat)
    second = await queue(store, chat, slot="2025-03-04T07:00:00Z")
    kept = await queue(store, other)
    platform.script["c1"] = [ChatGone("Forbidden: bot was blocked by the user")]
    worker.settings = worker.settings.model_copy(update={"send_concurrency": 1})
    await worker.deliver_all()
    paused = await store.chats.get(chat.id)
    assert paused.paused
    assert "blocked" in (paused.paused_reason or "")
    assert (await store.deliveries.get(first)).status == "paused"
    assert (await store.deliveries.get(second)).status == "paused"
    assert (await store.deliveries.get(kept)).status == "sent"
    clock.advance(86400)
    assert await worker.deliver_all() == 0
    assert platform.received["c1"] == []


async def test_chat_moved_updates_the_id_and_resends_there(
    store: Store, worker: DeliveryWorker, platform: ScriptedPlatform
) -> None:
    chat = await store.chats.ensure("fake", "-100")
    delivery_id = await queue(store, chat)
    platform.script["-100"] = [ChatMoved("-100200300")]
    await worker.deliver_all()
    assert (await store.chats.get(chat.id)).platform_chat_id == "-100200300"
    assert (await store.deliveries.get(delivery_id)).status == "sent"
    assert len(platform.received["-100200300"]) == 1
    assert platform.received["-100"] == []


async def test_paused_chats_and_platforms_without_adapter_are_left_alone(
    store: Store, worker: DeliveryWorker, platform: ScriptedPlatform
) -> None:
    elsewhere = await store.chats.ensure("telegram", "42")
    paused = await store.chats.ensure("fake", "c9")
    await store.chats.update_settings(paused.id, paused=True, paused_reason="test")
    on_telegram = await queue(store, elsewhere)
    on_paused = await queue(store, paused)
    assert await worker.deliver_all() == 0
    assert (await store.deliveries.get(on_telegram)).status == "pending"
    assert (await store.deliveries.get(on_paused)).status == "pending"


async def test_a_crashed_claim_comes_back_uncertain_after_its_lease(
    store: Store, platform: ScriptedPlatform, worker: DeliveryWorker, clock: FakeClock
) -> None:
    """A worker that claimed a row and died: nobody touches it until the lease runs out."""
    chat = await store.chats.ensure("fake", "c1")
    delivery_id = await queue(store, chat)
    lease = timedelta(seconds=worker.settings.delivery_lease)
    crashed = await store.deliveries.claim(clock.now, clock.now + lease, platforms=["fake"])
    assert [d.id for d in crashed] == [delivery_id]
    assert not crashed[0].uncertain
    clock.advance(lease.total_seconds() - 1)
    assert await worker.deliver_all() == 0
    clock.advance(2)
    again = await store.deliveries.claim(clock.now, clock.now + lease, platforms=["fake"])
    assert [(d.id, d.uncertain) for d in again] == [(delivery_id, True)]


async def test_concurrent_workers_never_claim_the_same_row(store: Store, db_url: str) -> None:
    chats = [await store.chats.ensure("fake", f"c{i}") for i in range(60)]
    for chat in chats:
        await queue(store, chat)
    clock = FakeClock()
    lease = clock.now + timedelta(minutes=2)
    others = [await Store.open(db_url, run_migrations=False) for _ in range(3)]
    try:
        batches = await asyncio.gather(
            *(
                s.deliveries.claim(clock.now, lease, platforms=["fake"], limit=7)
                for s in [store, *others]
                for _ in range(4)
            )
        )
    finally:
        for other in others:
            await other.close()
    claimed = [d.id for batch in batches for d in batch]
    assert len(claimed) == len(set(claimed))
    assert len(claimed) == 60  # 16 claims of 7 cover all 60, each row exactly once


def test_backoff_doubles_and_is_capped() -> None:
    delays = [backoff_seconds(n, 30) for n in (1, 2, 3, 20)]
    assert 24 <= delays[0] <= 36
    assert 48 <= delays[1] <= 72
    assert 96 <= delays[2] <= 144
    assert delays[3] <= 3600 * 1.2


async def test_an_in_doubt_send_the_platform_has_is_not_sent_again(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    """Killed between the platform call and `mark_sent`: the file shows it went out."""
    clock = FakeClock()
    output = tmp_path / "console.jsonl"
    console = ConsoleAdapter(output)
    worker = DeliveryWorker(store, {"console": console}, settings, Metrics(), clock=clock)
    chat = await store.chats.ensure("console", "c1")
    delivery_id = await queue(store, chat)
    lease = timedelta(seconds=settings.service.delivery_lease)
    (claimed,) = await store.deliveries.claim(clock.now, clock.now + lease, platforms=["console"])
    sent_ids = await console.send(chat, reply_of(claimed))  # ... and the process dies here
    clock.advance(lease.total_seconds() + 1)
    assert await worker.deliver_all() == 1
    row = await store.deliveries.get(delivery_id)
    assert row.status == "sent"
    assert list(row.message_ids) == sent_ids
    assert len(read_deliveries(output)) == 1
    avoided = worker.metrics.registry.get_sample_value(
        "briefbot_duplicates_avoided_total", {"platform": "console"}
    )
    assert avoided == 1


async def test_an_in_doubt_send_that_never_happened_is_sent(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    """Killed after claiming but before the platform call: sent once after the lease."""
    clock = FakeClock()
    output = tmp_path / "console.jsonl"
    worker = DeliveryWorker(
        store, {"console": ConsoleAdapter(output)}, settings, Metrics(), clock=clock
    )
    chat = await store.chats.ensure("console", "c1")
    delivery_id = await queue(store, chat)
    lease = timedelta(seconds=settings.service.delivery_lease)
    await store.deliveries.claim(clock.now, clock.now + lease, platforms=["console"])
    clock.advance(lease.total_seconds() + 1)
    assert await worker.deliver_all() == 1
    assert (await store.deliveries.get(delivery_id)).status == "sent"
    (line,) = read_deliveries(output)
    assert line["key"] == briefing_key(chat.id, "2025-03-03T07:00:00Z")


async def test_without_a_way_to_ask_the_platform_an_in_doubt_send_is_repeated(
    store: Store, worker: DeliveryWorker, platform: ScriptedPlatform, clock: FakeClock
) -> None:
    """The documented limit (e.g. Telegram): at-least-once inside the crash window."""
    chat = await store.chats.ensure("fake", "c1")
    await queue(store, chat)
    lease = timedelta(seconds=worker.settings.delivery_lease)
    (claimed,) = await store.deliveries.claim(clock.now, clock.now + lease, platforms=["fake"])
    await platform.send(chat, reply_of(claimed))  # sent, then the process died
    clock.advance(lease.total_seconds() + 1)
    assert await worker.deliver_all() == 1
    assert len(platform.received["c1"]) == 2


async def test_a_chats_second_delivery_waits_for_its_first(
    store: Store, worker: DeliveryWorker, platform: ScriptedPlatform, clock: FakeClock
) -> None:
    chat = await store.chats.ensure("fake", "c1")
    first = await queue(store, chat, slot="2025-03-03T07:00:00Z")
    second = await queue(store, chat, slot="2025-03-03T18:00:00Z")
    platform.script["c1"] = [DeliveryError("timeout")]
    await worker.deliver_all()
    assert (await store.deliveries.get(first)).attempts == 1
    assert (await store.deliveries.get(second)).status == "pending"
    assert platform.received["c1"] == []  # the evening briefing did not overtake the morning
    clock.advance(3600)
    await worker.deliver_all()
    await worker.deliver_all()
    texts = [r.blocks[0].text[0] for r in platform.received["c1"]]
    assert texts == [
        "briefing for c1 at 2025-03-03T07:00:00Z",
        "briefing for c1 at 2025-03-03T18:00:00Z",
    ]
