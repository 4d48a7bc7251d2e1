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
