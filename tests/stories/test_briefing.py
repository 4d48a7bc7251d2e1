"""Composing one chat's briefing: subscriptions, new vs changed, filters, watch list, ranking."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.briefing import compose_briefing, matches
from bot.config import Settings
from bot.domain import Chat, Feed
from bot.store import Store
from bot.stories import update_stories
from tests.stories.helpers import GIBRALTAR, UNRELATED, add_article, bbc
from tests.stories.texts import (
    GIBRALTAR_SECOND_TEXT,
    GIBRALTAR_SECOND_TITLE,
    GIBRALTAR_THIRD_TEXT,
    GIBRALTAR_THIRD_TITLE,
)

MORNING = datetime(2025, 5, 14, 6, 0, tzinfo=UTC)


async def _news(store: Store, settings: Settings) -> tuple[Feed, Feed, Feed]:
    bbc_feed = await store.feeds.add("https://bbc.example/rss", title="BBC")
    courier = await store.feeds.add("https://courier.example/rss", title="Courier")
    herald = await store.feeds.add("https://herald.example/rss", title="Herald")
    title, text = bbc(GIBRALTAR)
    await add_article(store, bbc_feed, title, text, published=MORNING)
    await add_article(
        store, courier, GIBRALTAR_SECOND_TITLE, GIBRALTAR_SECOND_TEXT, published=MORNING
    )
    for n, path in enumerate(UNRELATED):
        t, body = bbc(path)
        feed = bbc_feed if n % 2 else herald
        await add_article(store, feed, t, body, published=MORNING - timedelta(hours=n + 1))
    await update_stories(store, settings, now=MORNING + timedelta(minutes=30))
    return bbc_feed, courier, herald


async def _chat(store: Store, *feeds: Feed, **settings: object) -> Chat:
    chat = await store.chats.ensure("console", "team")
    for feed in feeds:
        await store.chats.subscribe(chat.id, feed.id)
    if settings:
        chat = await store.chats.update_settings(chat.id, **settings)
    return chat


async def test_briefing_covers_subscribed_feeds_numbers_and_records(
    store: Store, settings: Settings
) -> None:
    bbc_feed, courier, _ = await _news(store, settings)
    chat = await _chat(store, bbc_feed, courier)
    now = MORNING + timedelta(hours=1)

    result = await compose_briefing(store, settings, chat, now=now, slot="2025-05-14T08:00")

    assert result is not None
    briefing, reply = result
    stories = await store.stories.get_many(i.story_id for i in briefing.items)
    # BBC and Courier stories only: the Gibraltar story and the two BBC-only reports.
    assert len(briefing.items) == 3
    assert [i.number for i in briefing.items] == [1, 2, 3]
    assert stories[briefing.items[0].story_id].title == "Talks held on Gibraltar's future"
    assert reply.extra == {"briefing_id": briefing.id}
    first = reply.blocks[0]
    assert first.heading == "1. Talks held on Gibraltar's future"
    assert dict(first.fields)["Attending"].startswith("Peter Caruana")
    assert dict(first.fields)["Absent"] == "Miguel Moratinos"
    positions = stories[briefing.items[0].story_id].keypoints["positions"]
    assert dict(first.fields)["Positions"].startswith(positions[0]["actor"]["name"] + ": ")
    assert first.footer == "Sources: BBC, Courier"
    assert [b.command for b in first.buttons] == ["who 1", "absent 1", "positions 1", "sources 1"]
    assert {url for _, url in first.links} == set(stories[briefing.items[0].story_id].links)
    assert first.text[0].startswith("Officials at the two-day summit")
    assert (await store.briefings.latest(chat.id)) == briefing

    # Same slot again: the same briefing and reply, nothing recorded twice.
    again = await compose_briefing(store, settings, chat, now=now, slot="2025-05-14T08:00")
    assert again is not None
    assert again[0] == briefing
    assert again[1] == reply
    # A later slot: nothing new.
    later = now + timedelta(hours=1)
    assert await compose_briefing(store, settings, chat, now=later, slot="next") is None


async def test_a_changed_story_comes_back_saying_what_is_new(
    store: Store, settings: Settings
) -> None:
    bbc_feed, courier, herald = await _news(store, settings)
    chat = await _chat(store, bbc_feed, courier, herald)
    now = MORNING + timedelta(hours=1)
    first = await compose_briefing(store, settings, chat, now=now, slot="a")
    assert first is not None
    await add_article(store, herald, GIBRALTAR_THIRD_TITLE, GIBRALTAR_THIRD_TEXT, published=now)
    await update_stories(store, settings, now=now + timedelta(minutes=5))

    result = await compose_briefing(store, settings, chat, now=now + timedelta(hours=2), slot="b")

    assert result is not None
    briefing, reply = result
    (item,) = briefing.items
    assert item.is_update
    assert "Now attending: Miguel Moratinos" in item.whats_new
    assert "Now disputed: Miguel Moratinos" in item.whats_new
    (block,) = reply.blocks
    assert block.heading == "1. Talks held on Gibraltar's future"
    assert block.text[0].startswith("Update: Now attending: Miguel Moratinos")
    fields = dict(block.fields)
    assert "Miguel Moratinos (disputed)" in fields["Attending"]
    assert fields["Absent"] == "Miguel Moratinos (disputed)"
    assert block.footer == "Sources: BBC, Courier, Herald"


@pytest.mark.parametrize(
    ("include", "exclude", "expected"),
    [
        (("gibraltar",), (), {"Talks held on Gibraltar's future"}),
        (("Chief Minister",), (), {"Talks held on Gibraltar's future"}),
        (
            (),
            ("GIBRALTAR", "maternity"),
            {
                "Watchdog probes e-mail deletions",
                "Hewitt decries 'career sexism'",
                "Clarke plans migrant point scheme",
            },
        ),
        (("gibral",), (), set()),  # whole words, not fragments
        (("(.*)",), (), set()),  # never a pattern
    ],
)
async def test_keyword_filters(
    store: Store,
    settings: Settings,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    expected: set[str],
) -> None:
    feeds = await _news(store, settings)
    chat = await _chat(store, *feeds, include_keywords=include, exclude_keywords=exclude)
    result = await compose_briefing(store, settings, chat, now=MORNING, slot="s")
    titles = set()
    if result is not None:
        stories = await store.stories.get_many(i.story_id for i in result[0].items)
        titles = {s.title for s in stories.values()}
    assert titles == expected


async def test_watched_actors_rank_first_and_say_so(store: Store, settings: Settings) -> None:
    feeds = await _news(store, settings)
    plain = await compose_briefing(
        store, settings, await _chat(store, *feeds), now=MORNING, slot="x"
    )
    assert plain is not None
    assert plain[1].blocks[0].heading == "1. Talks held on Gibraltar's future"
    watcher = await store.chats.ensure("console", "watcher")
    for feed in feeds:
        await store.chats.subscribe(watcher.id, feed.id)
    watcher = await store.chats.update_settings(
        watcher.id, watch=("Patricia Hewitt", "Nobody Atall"), max_stories=3
    )
    result = await compose_briefing(store, settings, watcher, now=MORNING, slot="x")
    assert result is not None
    briefing, reply = result
    assert len(briefing.items) == 3  # capped
    # Both of the day's reports quoting the minister come first, and say why.
    assert [i.watched for i in briefing.items] == [("Patricia Hewitt",)] * 2 + [()]
    assert {b.heading[3:] for b in reply.blocks[:2]} == {
        "Hewitt decries 'career sexism'",
        "Labour plans maternity pay rise",
    }
    assert "Watching: Patricia Hewitt" in reply.blocks[0].text
    assert reply.blocks[2].heading == "3. Talks held on Gibraltar's future"


def test_phrases_match_whole_words_case_insensitively() -> None:
    text = "the chief  minister said the warning stood"
    assert matches("Chief Minister", text)
    assert not matches("war", text)
    assert matches("warning", text)
    assert not matches("   ", text)
    assert not matches(".*", text)


async def test_a_chat_without_subscriptions_gets_nothing(store: Store, settings: Settings) -> None:
    await _news(store, settings)
    chat = await _chat(store)
    assert await compose_briefing(store, settings, chat, now=MORNING, slot="s") is None
    assert await store.briefings.latest(chat.id) is None


def test_chat_is_frozen() -> None:
    chat = Chat(id=1, platform="console", platform_chat_id="x")
    assert replace(chat, max_stories=3).max_stories == 3
