"""Composing one chat's briefing: subscriptions, new vs changed, filters, watch list, ranking."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.briefing import compose_briefing, compose_briefings, matches
from bot.config import Settings
from bot.domain import Briefing, BriefingItem, Chat, Feed
from bot.replies import Reply
from bot.store import Store
from bot.store.briefings import BriefingRecord
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


# -- many chats at once ---------------------------------------------------------------------

CHAT_SETTINGS: tuple[dict[str, object], ...] = (
    {},
    {"max_stories": 2},
    {"include_keywords": ("gibraltar", "maternity")},
    {"exclude_keywords": ("Chief Minister",), "max_stories": 3},
    {"watch": ("Patricia Hewitt", "Charles Clarke", "Nobody Atall"), "max_stories": 4},
    {"include_keywords": ("   ",)},  # a blank keyword matches nothing, so nothing passes
)


async def _twins(store: Store, feeds: tuple[Feed, ...]) -> tuple[list[Chat], list[Chat]]:
    """Pairs of chats with the same feeds and settings: one composed in a batch, one alone."""
    batched, alone = [], []
    for n, chat_settings in enumerate(CHAT_SETTINGS):
        subscribed = feeds[n % 3 :] if n % 2 else feeds
        for name, group in (("batch", batched), ("alone", alone)):
            chat = await store.chats.ensure("console", f"{name}-{n}")
            for feed in subscribed:
                await store.chats.subscribe(chat.id, feed.id)
            if chat_settings:
                chat = await store.chats.update_settings(chat.id, **chat_settings)
            group.append(chat)
    return batched, alone


def _content(result: tuple[Briefing, Reply] | None) -> object:
    """What a chat is told (briefing ids differ between twins)."""
    if result is None:
        return None
    briefing, reply = result
    return briefing.items, reply.title, [(b.heading, b.text, b.fields) for b in reply.blocks]


async def test_a_batch_briefs_each_chat_as_composing_it_alone_would(
    store: Store, settings: Settings
) -> None:
    bbc_feed, courier, herald = await _news(store, settings)
    batched, alone = await _twins(store, (bbc_feed, courier, herald))
    now = MORNING + timedelta(hours=1)

    together = await compose_briefings(store, settings, [(c, "a") for c in batched], now=now)
    singly = [await compose_briefing(store, settings, c, now=now, slot="a") for c in alone]

    assert [_content(r) for r in together] == [_content(r) for r in singly]
    assert together[-1] is None
    assert sum(r is not None for r in together) == len(CHAT_SETTINGS) - 1
    assert [len(r[0].items) for r in together[:2] if r is not None] == [5, 2]
    watcher = together[4]
    assert watcher is not None
    assert [bool(i.watched) for i in watcher[0].items] == [True, True, True, False]
    for chat, result in zip(batched, together, strict=True):
        if result is not None:
            assert (await store.briefings.latest(chat.id)) == result[0]
            assert result[1].extra == {"briefing_id": result[0].id}

    # A story changes: the second round reports the update the same way, batched or not.
    await add_article(store, herald, GIBRALTAR_THIRD_TITLE, GIBRALTAR_THIRD_TEXT, published=now)
    await update_stories(store, settings, now=now + timedelta(minutes=5))
    later = now + timedelta(hours=2)
    # The same slot again in the same batch is answered from the store, not composed twice.
    again = await compose_briefings(
        store, settings, [(c, "b") for c in batched] + [(batched[0], "a")], now=later
    )
    singly = [await compose_briefing(store, settings, c, now=later, slot="b") for c in alone]
    assert [_content(r) for r in again[:-1]] == [_content(r) for r in singly]
    updates = [i for r in again[:-1] if r is not None for i in r[0].items if i.is_update]
    assert updates
    assert all("Now attending: Miguel Moratinos" in i.whats_new for i in updates)
    assert together[0] is not None
    assert again[-1] is not None
    assert again[-1][0] == together[0][0]


async def test_one_chat_twice_in_a_batch_is_briefed_once_then_has_nothing_new(
    store: Store, settings: Settings
) -> None:
    feeds = await _news(store, settings)
    chat = await _chat(store, *feeds)
    first, second = await compose_briefings(
        store, settings, [(chat, "a"), (chat, "b")], now=MORNING
    )
    assert first is not None
    assert second is None
    assert await store.briefings.by_slots([(chat.id, "a"), (chat.id, "b")]) == {
        (chat.id, "a"): first[0]
    }


async def test_the_candidate_pool_answers_as_the_per_chat_query(
    store: Store, settings: Settings
) -> None:
    bbc_feed, courier, herald = await _news(store, settings)
    batched, _ = await _twins(store, (bbc_feed, courier, herald))
    lonely = await _chat(store)  # no subscriptions
    chats = [*batched, lonely]
    now = MORNING + timedelta(hours=1)
    await compose_briefings(store, settings, [(c, "a") for c in batched[:3]], now=now)
    await add_article(store, herald, GIBRALTAR_THIRD_TITLE, GIBRALTAR_THIRD_TEXT, published=now)
    await update_stories(store, settings, now=now + timedelta(minutes=5))
    since = MORNING - timedelta(hours=3)  # some stories fall outside the window

    pool = await store.stories.candidate_pool([c.id for c in chats], since=since)

    seen_any = changed_any = False
    for chat in chats:
        for include_seen in (False, True):
            expected = await store.stories.briefing_candidates(
                chat.id, since=since, include_seen=include_seen
            )
            ids = pool.candidate_ids(chat.id, include_seen=include_seen)
            assert ids == {c.id for c in expected}
            assert {pool.candidate(chat.id, i) for i in ids} == set(expected)
            seen_any |= any(c.briefed_revision is not None for c in expected)
            changed_any |= any(
                c.briefed_revision is not None and c.briefed_revision < c.revision for c in expected
            )
    assert seen_any
    assert changed_any
    assert pool.candidate_ids(lonely.id) == set()


async def test_recording_a_batch_with_a_taken_slot_records_the_others(
    store: Store, settings: Settings
) -> None:
    feeds = await _news(store, settings)
    one, two = await _chat(store, *feeds), await store.chats.ensure("console", "other")
    (story_id,) = [
        c.id for c in await store.stories.search(["gibraltar"], since=MORNING - timedelta(days=1))
    ]
    item = BriefingItem(number=1, story_id=story_id, revision=1)
    taken = await store.briefings.record(one.id, "s", [item], {story_id: {"x": 1}}, now=MORNING)
    assert taken is not None

    recorded = await store.briefings.record_many(
        [
            BriefingRecord(one.id, "s", (item,), {story_id: {"x": 2}}),
            BriefingRecord(two.id, "s", (item,), {story_id: {"x": 3}}),
        ],
        now=MORNING,
    )

    assert recorded[0] is None
    assert recorded[1] is not None
    assert recorded[1] == await store.briefings.get_by_slot(two.id, "s")
    briefed = await store.briefings.briefed_many({one.id: [story_id], two.id: [story_id]})
    assert briefed == {one.id: {story_id: (1, {"x": 1})}, two.id: {story_id: (1, {"x": 3})}}


def test_story_fields_lead_with_the_event() -> None:
    from bot.briefing import story_fields

    fields = story_fields(
        {
            "event": {"what": "peace talks", "where": "Geneva", "when": None},
            "attendees": [{"name": "Ann Lee", "status": "attending"}],
        }
    )
    assert fields[0] == ("Event", "peace talks · Geneva")
    assert ("Attending", "Ann Lee") in fields
    assert story_fields({"event": {"what": None, "where": None, "when": None}}) == ()
