from __future__ import annotations

import pytest

from bot.store import AlreadyExists, NotFound, Store


async def test_feed_add_list_remove(store: Store) -> None:
    feed = await store.feeds.add("https://example.org/rss", title="Example")
    assert feed.id > 0
    with pytest.raises(AlreadyExists):
        await store.feeds.add("https://example.org/rss")
    assert [f.url for f in await store.feeds.list()] == ["https://example.org/rss"]
    await store.feeds.remove(feed.id)
    assert await store.feeds.list() == []
    with pytest.raises(NotFound):
        await store.feeds.get(feed.id)


async def test_chat_ensure_is_idempotent_and_subscribes(store: Store) -> None:
    first = await store.chats.ensure("telegram", "-100", title="Team")
    again = await store.chats.ensure("telegram", "-100", title="Other")
    assert first.id == again.id
    assert again.title == "Team"
    feed = await store.feeds.add("https://example.org/rss")
    assert await store.chats.subscribe(first.id, feed.id) is True
    assert await store.chats.subscribe(first.id, feed.id) is False
    assert [f.id for f in await store.chats.feeds(first.id)] == [feed.id]


async def test_reopening_runs_no_migration_twice(db_url: str) -> None:
    async with await Store.open(db_url) as first:
        await first.feeds.add("https://example.org/a")
    async with await Store.open(db_url) as second:
        assert [f.url for f in await second.feeds.list()] == ["https://example.org/a"]


async def test_slack_events_are_seen_once_across_store_instances(db_url: str) -> None:
    from datetime import UTC, datetime, timedelta

    now = datetime(2026, 1, 1, tzinfo=UTC)
    keep = timedelta(hours=1)
    async with await Store.open(db_url) as first:
        assert await first.slack_installations.first_sight(["Ev1", "C1/1.0"], now=now, keep=keep)
    async with await Store.open(db_url) as second:  # a restart, or another instance
        seen = second.slack_installations
        assert not await seen.first_sight(["Ev1"], now=now, keep=keep)
        assert not await seen.first_sight(["Ev2", "C1/1.0"], now=now, keep=keep)
        assert await seen.first_sight(["Ev3"], now=now, keep=keep)
        later = now + 2 * keep
        assert await seen.first_sight(["Ev1"], now=later, keep=keep)


async def test_exclusive_work_is_held_by_one_instance_at_a_time(db_url: str) -> None:
    async with await Store.open(db_url) as first, await Store.open(db_url) as second:
        async with first.exclusive("update_stories") as mine:
            assert mine
            async with second.exclusive("update_stories") as theirs:
                # PostgreSQL shares the lock between instances; SQLite is one machine's store.
                assert theirs is (first.engine.dialect.name != "postgresql")
            async with second.exclusive("another job") as other:
                assert other
        async with second.exclusive("update_stories") as after_release:
            assert after_release
