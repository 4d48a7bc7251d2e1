"""The briefing tick with a controlled clock: slots claimed once, missed ones within the grace
sent once, older ones skipped, crashed compositions redone, two instances never both brief."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.config import Settings
from bot.delivery import briefing_key
from bot.domain import Chat, Feed
from bot.metrics import Metrics
from bot.scheduler import (
    brief_due_chats,
    latest_due_slot,
    recover_compositions,
    schedule_new_chats,
    slot_id,
)
from bot.store import Store
from tests.service.conftest import SEED_DAY, seed_news

PLATFORMS = ("console",)
AT_8 = SEED_DAY.replace(hour=8)


@pytest.fixture
async def feed(store: Store, service_settings: Settings, seed_keypoints: dict[str, Any]) -> Feed:
    return await seed_news(store, service_settings, seed_keypoints, now=SEED_DAY.replace(hour=5))


async def new_chat(
    store: Store, feed: Feed, name: str, *, schedule: str = "08:00", due: datetime | None = AT_8
) -> Chat:
    chat = await store.chats.ensure("console", name, schedule=schedule)
    await store.chats.subscribe(chat.id, feed.id)
    return await store.chats.update_settings(chat.id, next_briefing_at=due)


async def keys(store: Store) -> list[str]:
    return [d.key for d in await store.deliveries.list()]


async def test_a_due_chat_is_briefed_once_per_slot(
    store: Store, service_settings: Settings, feed: Feed
) -> None:
    chat = await new_chat(store, feed, "c1")
    now = AT_8 + timedelta(seconds=3)
    assert await brief_due_chats(store, service_settings, now=now, platforms=PLATFORMS) == 1
    assert await brief_due_chats(store, service_settings, now=now, platforms=PLATFORMS) == 0
    assert await keys(store) == [briefing_key(chat.id, "2025-05-15T08:00:00Z")]
    (row,) = await store.deliveries.list()
    assert row.status == "pending"
    assert row.briefing_id is not None
    assert "talks" in str(row.payload).lower()
    assert (await store.chats.get(chat.id)).next_briefing_at == AT_8 + timedelta(days=1)
    # The schedule set back to a slot already queued: claimed, but never a second briefing.
    await store.chats.update_settings(chat.id, next_briefing_at=AT_8)
    assert await brief_due_chats(store, service_settings, now=now, platforms=PLATFORMS) == 0
    assert len(await keys(store)) == 1


async def test_missed_slot_within_grace_is_sent_once_older_ones_skipped(
    store: Store, service_settings: Settings, feed: Feed
) -> None:
    grace = service_settings.briefing.missed_grace
    assert grace == 7200
    recent = await new_chat(store, feed, "recent", due=AT_8)
    stale = await new_chat(
        store, feed, "stale", schedule="05:30", due=AT_8.replace(hour=5, minute=30)
    )
    # Down from before 06:00 to 09:00: three slots passed, 07:00 and 08:00 within the grace.
    many = await new_chat(
        store, feed, "many", schedule="06:00,07:00,08:00", due=AT_8.replace(hour=6)
    )
    metrics = Metrics()
    restart = AT_8 + timedelta(hours=1)
    queued = await brief_due_chats(
        store, service_settings, now=restart, platforms=PLATFORMS, metrics=metrics
    )
    assert queued == 2
    assert sorted(await keys(store)) == sorted(
        [
            briefing_key(recent.id, "2025-05-15T08:00:00Z"),
            briefing_key(many.id, "2025-05-15T08:00:00Z"),  # the latest slot, once
        ]
    )
    assert metrics.registry.get_sample_value("briefbot_briefings_missed_total") == 1
    next_day = SEED_DAY + timedelta(days=1)
    assert (await store.chats.get(stale.id)).next_briefing_at == next_day.replace(hour=5, minute=30)
    assert (await store.chats.get(many.id)).next_briefing_at == next_day.replace(hour=6)
    # A second restart (or tick) finds nothing more to send.
    later = restart + timedelta(minutes=5)
    assert await brief_due_chats(store, service_settings, now=later, platforms=PLATFORMS) == 0


def test_latest_due_slot_walks_the_schedule_in_the_chat_timezone() -> None:
    # 08:30 Kyiv is 05:30 UTC in summer (UTC+3).
    chat = Chat(
        id=1,
        platform="console",
        platform_chat_id="x",
        timezone="Europe/Kyiv",
        schedule="08:30",
        next_briefing_at=datetime(2025, 5, 14, 5, 30, tzinfo=UTC),
    )
    grace = timedelta(hours=2)
    now = datetime(2025, 5, 15, 6, 0, tzinfo=UTC)
    assert latest_due_slot(chat, now, grace) == datetime(2025, 5, 15, 5, 30, tzinfo=UTC)
    assert latest_due_slot(chat, now + timedelta(hours=2), grace) is None
    assert latest_due_slot(chat, datetime(2025, 5, 14, 5, 0, tzinfo=UTC), grace) is None
    off = replace(chat, schedule="off")  # turned off after the time was set
    assert latest_due_slot(off, now, grace) is None
    assert slot_id(datetime(2025, 5, 15, 8, 30, tzinfo=UTC)) == "2025-05-15T08:30:00Z"


async def test_paused_chats_off_schedules_and_other_platforms_wait(
    store: Store, service_settings: Settings, feed: Feed
) -> None:
    paused = await new_chat(store, feed, "paused")
    await store.chats.update_settings(paused.id, paused=True, paused_reason="blocked")
    elsewhere = await store.chats.ensure("slack", "C1")
    await store.chats.update_settings(elsewhere.id, next_briefing_at=AT_8)
    now = AT_8 + timedelta(minutes=1)
    assert await brief_due_chats(store, service_settings, now=now, platforms=PLATFORMS) == 0
    assert await keys(store) == []
    assert (await store.chats.get(elsewhere.id)).next_briefing_at == AT_8  # kept for slack


async def test_new_chats_get_their_first_briefing_time(
    store: Store, service_settings: Settings, feed: Feed
) -> None:
    fresh = await new_chat(store, feed, "fresh", schedule="09:15", due=None)
    off = await new_chat(store, feed, "off", schedule="off", due=None)
    now = AT_8
    assert await schedule_new_chats(store, now=now, platforms=PLATFORMS) == 1
    assert (await store.chats.get(fresh.id)).next_briefing_at == AT_8.replace(hour=9, minute=15)
    assert (await store.chats.get(off.id)).next_briefing_at is None


async def test_a_claim_made_from_stale_settings_fails(
    store: Store, service_settings: Settings, feed: Feed
) -> None:
    """The tick read the chat, then its admin turned briefings off: no slot is claimed."""
    chat = await new_chat(store, feed, "c1", schedule="07:00", due=None)
    stale = await store.chats.get(chat.id)
    await store.chats.update_settings(chat.id, schedule="off", next_briefing_at=None)
    claimed, _ = await store.deliveries.claim_slot(
        stale, advance_to=AT_8, key=None, slot=None, lease_until=AT_8
    )
    assert not claimed
    assert (await store.chats.get(chat.id)).next_briefing_at is None


async def test_a_composition_cut_short_by_a_crash_is_redone(
    store: Store, service_settings: Settings, feed: Feed
) -> None:
    """Claim written, then the process died before composing: the lease brings it back."""
    chat = await new_chat(store, feed, "c1")
    now = AT_8 + timedelta(seconds=1)
    lease = timedelta(seconds=service_settings.service.delivery_lease)
    claimed, delivery_id = await store.deliveries.claim_slot(
        chat,
        advance_to=AT_8 + timedelta(days=1),
        key=briefing_key(chat.id, slot_id(AT_8)),
        slot=slot_id(AT_8),
        lease_until=now + lease,
    )
    assert claimed
    assert delivery_id is not None
    assert await recover_compositions(store, service_settings, now=now) == 0  # lease running
    later = now + lease + timedelta(seconds=1)
    assert await recover_compositions(store, service_settings, now=later) == 1
    row = await store.deliveries.get(delivery_id)
    assert row.status == "pending"
    assert row.briefing_id is not None
    assert await recover_compositions(store, service_settings, now=later) == 0
    assert await brief_due_chats(store, service_settings, now=later, platforms=PLATFORMS) == 0


async def test_two_instances_ticking_at_once_brief_each_chat_once(
    store: Store, service_settings: Settings, feed: Feed, db_url: str
) -> None:
    chats = [await new_chat(store, feed, f"c{i}") for i in range(12)]
    now = AT_8 + timedelta(seconds=2)
    others = [await Store.open(db_url, run_migrations=False) for _ in range(2)]
    try:
        queued = await asyncio.gather(
            *(
                brief_due_chats(s, service_settings, now=now, platforms=PLATFORMS)
                for s in [store, *others]
            )
        )
    finally:
        for other in others:
            await other.close()
    assert sum(queued) == len(chats)
    assert sorted(await keys(store)) == sorted(
        briefing_key(c.id, "2025-05-15T08:00:00Z") for c in chats
    )
    briefings = [await store.briefings.latest(c.id) for c in chats]
    assert all(b is not None and b.slot == "2025-05-15T08:00:00Z" for b in briefings)
