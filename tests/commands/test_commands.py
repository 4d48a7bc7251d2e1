"""Every command with good and bad arguments, admin refusals and stale numbers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.briefing import compose_briefing
from bot.commands import COMMANDS, CommandContext, dispatch, split_command
from bot.config import Settings, load_settings
from bot.domain import Chat, Feed
from bot.render.text import render_text
from bot.replies import Reply
from bot.store import Store
from bot.stories import update_stories
from tests.stories.helpers import GIBRALTAR, UNRELATED, add_article, bbc
from tests.stories.texts import GIBRALTAR_SECOND_TEXT, GIBRALTAR_SECOND_TITLE

NOW = datetime(2025, 5, 14, 8, 0, tzinfo=UTC)  # a Wednesday


@dataclass
class World:
    store: Store
    settings: Settings
    chat: Chat
    feeds: list[Feed]
    admin_checks: int = 0

    def ctx(self, *, admin: bool = True, now: datetime = NOW) -> CommandContext:
        async def is_admin() -> bool:
            self.admin_checks += 1
            return admin

        check: Callable[[], Awaitable[bool]] = is_admin
        return CommandContext(
            store=self.store,
            settings=self.settings,
            chat=self.chat,
            user_id="u1",
            is_admin=check,
            now=now,
            platform="console",
        )

    async def run(self, text: str, *, admin: bool = True, now: datetime = NOW) -> Reply:
        reply = await dispatch(self.ctx(admin=admin, now=now), text)
        self.chat = await self.store.chats.get(self.chat.id)
        return reply


def text_of(reply: Reply) -> str:
    return render_text(reply)


@pytest.fixture
async def world(store: Store, settings: Settings) -> World:
    bbc_feed = await store.feeds.add("https://bbc.example/rss", title="BBC")
    courier = await store.feeds.add("https://courier.example/rss", title="Courier")
    title, text = bbc(GIBRALTAR)
    start = NOW - timedelta(hours=3)
    await add_article(store, bbc_feed, title, text, published=start)
    await add_article(
        store, courier, GIBRALTAR_SECOND_TITLE, GIBRALTAR_SECOND_TEXT, published=start
    )
    for n, path in enumerate(UNRELATED[:3]):
        t, body = bbc(path)
        await add_article(store, bbc_feed, t, body, published=start - timedelta(hours=n + 1))
    await update_stories(store, settings, now=NOW - timedelta(hours=2))
    chat = await store.chats.ensure("console", "team")
    for feed in (bbc_feed, courier):
        await store.chats.subscribe(chat.id, feed.id)
    return World(store, settings, chat, [bbc_feed, courier])


@pytest.fixture
async def briefed(world: World) -> World:
    result = await compose_briefing(
        world.store, world.settings, world.chat, now=NOW - timedelta(hours=1), slot="morning"
    )
    assert result is not None
    assert len(result[0].items) == 4
    return world


def test_split_command() -> None:
    assert split_command("/who@briefbot 2") == ("who", "2")
    assert split_command("  Positions   Russia  ") == ("positions", "Russia")
    assert split_command("") == ("", "")
    assert split_command("/help") == ("help", "")


def test_registry_has_every_command_with_usage() -> None:
    expected = {
        "help", "start", "brief", "who", "absent", "positions", "story", "sources", "feeds",
        "addfeed", "removefeed", "resume", "schedule", "filter", "watch", "settings", "max",
    }  # fmt: skip
    assert set(COMMANDS) == expected
    assert all(c.summary and c.usage.startswith(c.name) for c in COMMANDS.values())
    assert {n for n, c in COMMANDS.items() if c.admin_only} == {
        "addfeed", "removefeed", "resume", "schedule", "filter", "watch", "max",
    }  # fmt: skip


async def test_help_start_and_unknown(world: World) -> None:
    listing = text_of(await world.run("help"))
    assert all(c.usage in listing for c in COMMANDS.values())
    assert "who [N|words]" in text_of(await world.run("/help who"))
    assert "admins change it" in text_of(await world.run("help schedule"))
    bad = await world.run("help nope")
    assert bad.is_error
    assert "no command 'nope'" in text_of(bad)
    typo = await world.run("woh 1")
    assert typo.is_error
    assert typo.ephemeral
    assert "Did you mean 'who'?" in text_of(typo)
    assert "Commands" in text_of(await world.run("   "))
    start = await world.run("/start")
    assert "brief" in [b.command for b in start.blocks[0].buttons]


async def test_numbers_before_any_briefing(world: World) -> None:
    for text in ("who 1", "absent 1", "positions 1", "story 1", "sources 1", "who", "absent"):
        reply = await world.run(text)
        assert reply.is_error, text
        assert "no briefing in this chat yet" in text_of(reply), text


async def test_who(briefed: World) -> None:
    reply = await briefed.run("/who@briefbot 1")
    assert not reply.is_error
    out = text_of(reply)
    assert "1. Talks held on Gibraltar's future" in out
    caruana = next(line for line in out.splitlines() if line.startswith("• Peter Caruana"))
    assert caruana.endswith(" — BBC, Courier")  # both outlets report him attending
    assert "Caruana" in out.split(caruana, 1)[1].splitlines()[1]  # then the evidence
    everything = await briefed.run("who")
    assert [b.story_number for b in everything.blocks] == [1, 2, 3, 4]
    search = await briefed.run("who chevening")
    assert [b.heading for b in search.blocks] == ["Talks held on Gibraltar's future"]
    missing = await briefed.run("who zanzibar")
    assert missing.is_error
    assert "mentions 'zanzibar'" in text_of(missing)


async def test_stale_numbers(briefed: World) -> None:
    for text in ("who 9", "absent 5", "positions 7", "story 0", "sources 12"):
        reply = await briefed.run(text)
        assert reply.is_error, text
        assert "Your last briefing has stories 1-4" in text_of(reply), text


async def test_absent(briefed: World) -> None:
    out = text_of(await briefed.run("absent 1"))
    assert "• Miguel Moratinos (Spanish foreign minister) — Courier" in out
    assert "is not taking part in this round" in out
    assert "Nobody reported absent." in text_of(await briefed.run("absent 2"))
    bad = await briefed.run("absent Moratinos")
    assert bad.is_error
    assert "Usage: absent [N]" in text_of(bad)


async def test_positions(briefed: World) -> None:
    briefing = await briefed.store.briefings.latest(briefed.chat.id)
    assert briefing is not None
    story = await briefed.store.stories.get(briefing.items[0].story_id)
    first = story.keypoints["positions"][0]
    out = text_of(await briefed.run("positions 1"))
    assert f"{first['actor']['name']}" in out
    assert first["statements"][0]["text"] in out
    assert "BBC" in out
    surname = first["actor"]["name"].split()[-1]
    by_actor = text_of(await briefed.run(f"positions {surname}"))
    assert f"Positions of {surname}" in by_actor
    assert first["statements"][0]["text"] in by_actor
    others = [p["actor"]["name"] for p in story.keypoints["positions"][1:]]
    assert all(f"{name}:" not in by_actor for name in others if surname not in name)
    nobody = await briefed.run("positions Zanzibar")
    assert nobody.is_error
    assert "No stated position of 'Zanzibar'" in text_of(nobody)


async def test_story_and_sources(briefed: World) -> None:
    story = await briefed.run("story 1")
    (block,) = story.blocks
    fields = dict(block.fields)
    briefing = await briefed.store.briefings.latest(briefed.chat.id)
    assert briefing is not None
    stored = await briefed.store.stories.get(briefing.items[0].story_id)
    event = stored.keypoints["event"]
    parts = [event[k] for k in ("what", "where", "when") if event.get(k)]
    assert fields.get("Event") == (" · ".join(parts) if parts else None)
    assert fields["Absent"] == "Miguel Moratinos"
    assert block.footer == "Sources: BBC, Courier"
    sources = await briefed.run("sources 1")
    out = text_of(sources)
    assert "1. Talks held on Gibraltar's future — BBC" in out
    assert f"2. {GIBRALTAR_SECOND_TITLE} — Courier" in out
    assert len(sources.blocks[0].links) == 2
    for bad in ("story", "story one", "sources", "sources x"):
        reply = await briefed.run(bad)
        assert reply.is_error, bad
        assert "Usage:" in text_of(reply), bad


async def test_brief(world: World) -> None:
    first = await world.run("brief")
    assert first.extra["briefing_id"] > 0
    assert first.blocks[0].heading == "1. Talks held on Gibraltar's future"
    later = NOW + timedelta(minutes=1)
    assert text_of(await world.run("brief", now=later)) == "Nothing new since your last briefing."
    # Now "who 1" refers to the briefing just sent.
    assert "Peter Caruana" in text_of(await world.run("who 1"))
    lonely = await world.store.chats.ensure("console", "lonely")
    world.chat = lonely
    assert "follows no feeds" in text_of(await world.run("brief"))


async def test_feeds_add_remove_resume(world: World, tmp_path: Path) -> None:
    listing = text_of(await world.run("feeds"))
    assert "1. BBC — https://bbc.example/rss" in listing
    assert "2. Courier — https://courier.example/rss" in listing

    refused = await world.run("addfeed https://example.org/feed.xml", admin=False)
    assert refused.is_error
    assert refused.ephemeral
    assert "Only an admin" in text_of(refused)
    for bad, message in (
        ("addfeed", "Usage: addfeed URL"),
        ("addfeed ftp://example.org/feed", "Can't add that feed"),
        ("addfeed http://127.0.0.1/feed.xml", "Can't add that feed"),
        ("addfeed /etc/passwd", "Can't add that feed"),
    ):
        reply = await world.run(bad)
        assert reply.is_error, bad
        assert message in text_of(reply), bad

    empty = tmp_path / "empty.toml"
    empty.write_text("")
    world.settings, _ = load_settings(
        empty, environ={"BRIEFBOT_INGEST_ALLOW_PRIVATE_NETWORKS": "true"}
    )
    added = await world.run("addfeed http://127.0.0.1:9/feed.xml")
    assert not added.is_error, text_of(added)
    assert "Added http://127.0.0.1:9/feed.xml" in text_of(added)
    assert "already follows" in text_of(await world.run("addfeed http://127.0.0.1:9/feed.xml"))
    feeds = await world.store.chats.feeds(world.chat.id)
    assert [f.url for f in feeds][-1] == "http://127.0.0.1:9/feed.xml"
    assert feeds[-1].next_poll_at == NOW

    await world.store.feeds.pause(world.feeds[1].id)
    assert "(paused; resume 2)" in text_of(await world.run("feeds"))
    assert "Feed 2 (Courier) is polled again." in text_of(await world.run("resume 2"))
    assert not (await world.store.feeds.get(world.feeds[1].id)).paused
    assert "is not paused" in text_of(await world.run("resume 2"))
    assert (await world.run("resume 9")).is_error

    removed = await world.run("removefeed https://courier.example/rss")
    assert "no longer follows Courier" in text_of(removed)
    assert "no longer follows BBC" in text_of(await world.run("removefeed 1"))
    assert [f.url for f in await world.store.chats.feeds(world.chat.id)] == [
        "http://127.0.0.1:9/feed.xml"
    ]
    for bad in ("removefeed", "removefeed 5", "removefeed https://nowhere.example/rss"):
        assert (await world.run(bad)).is_error, bad
    assert (await world.store.feeds.get(world.feeds[0].id)).url  # the feed itself stays


async def test_local_feeds_only_where_allowed(world: World, tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text("<rss/>")
    refused = await world.run(f"addfeed {feed}")
    assert refused.is_error
    ctx = world.ctx()
    ctx.allow_local_feeds = True
    added = await dispatch(ctx, f"addfeed {feed}")
    assert not added.is_error, text_of(added)
    stored = await world.store.feeds.by_url(feed.as_uri())
    assert stored is not None
    assert stored.kind == "file"


async def test_schedule(world: World) -> None:
    shown = text_of(await world.run("schedule", admin=False))
    assert "Briefings: 08:00 every day (UTC)" in shown
    before = world.admin_checks
    refused = await world.run("schedule 09:00", admin=False)
    assert refused.is_error
    assert "Only an admin of this chat can use 'schedule ...'" in text_of(refused)
    assert world.admin_checks == before + 1
    assert world.chat.schedule == "08:00"

    reply = await world.run("schedule 08:30 Europe/Kyiv weekdays")
    assert "08:30 on weekdays (Europe/Kyiv)" in text_of(reply)
    assert (world.chat.schedule, world.chat.timezone) == ("08:30 weekdays", "Europe/Kyiv")
    # Wednesday 08:00 UTC is 11:00 in Kyiv: next is Thursday 08:30 Kyiv = 05:30 UTC.
    assert world.chat.next_briefing_at == datetime(2025, 5, 15, 5, 30, tzinfo=UTC)

    await world.run("schedule 07:00,18:00")  # keeps the days
    assert world.chat.schedule == "07:00,18:00 weekdays"
    await world.run("schedule weekends")  # keeps the times
    assert world.chat.schedule == "07:00,18:00 weekends"
    await world.run("schedule America/New_York")  # keeps both
    assert (world.chat.schedule, world.chat.timezone) == (
        "07:00,18:00 weekends",
        "America/New_York",
    )
    assert world.chat.next_briefing_at == datetime(2025, 5, 17, 11, 0, tzinfo=UTC)

    assert "off" in text_of(await world.run("schedule off"))
    assert world.chat.next_briefing_at is None
    await world.run("schedule daily")
    assert world.chat.schedule == "08:00"

    bad = await world.run("schedule 25:99")
    assert bad.is_error
    assert "not a time of day" in text_of(bad)
    assert "unknown timezone" in text_of(await world.run("schedule 08:00 Mars/Base"))


async def test_filter(world: World) -> None:
    assert "Only stories mentioning: (none)" in text_of(await world.run("filter", admin=False))
    assert (await world.run("filter include war", admin=False)).is_error
    out = text_of(await world.run('filter include Gibraltar, "chief minister", gibraltar'))
    assert "Only stories mentioning: Gibraltar, chief minister" in out
    await world.run("filter exclude sport")
    assert world.chat.include_keywords == ("Gibraltar", "chief minister")
    assert world.chat.exclude_keywords == ("sport",)
    await world.run("filter remove GIBRALTAR")
    assert world.chat.include_keywords == ("chief minister",)
    for bad in ("filter include", "filter include ,,", "filter remove nothere", "filter maybe x"):
        reply = await world.run(bad)
        assert reply.is_error, bad
    assert (await world.run("filter include " + "x" * 80)).is_error
    await world.run("filter clear")
    assert world.chat.include_keywords == ()
    assert world.chat.exclude_keywords == ()


async def test_watch_and_max(world: World) -> None:
    assert "Watching: (none)" in text_of(await world.run("watch", admin=False))
    assert (await world.run("watch Putin", admin=False)).is_error
    await world.run("watch Peter Caruana, Moratinos")
    await world.run("watch add Straw")
    assert world.chat.watch == ("Peter Caruana", "Moratinos", "Straw")
    await world.run("watch remove moratinos")
    assert world.chat.watch == ("Peter Caruana", "Straw")
    assert (await world.run("watch remove Nobody")).is_error
    await world.run("watch clear")
    assert world.chat.watch == ()

    assert "at most 10 stories" in text_of(await world.run("max", admin=False))
    await world.run("max 3")
    assert world.chat.max_stories == 3
    for bad in ("max 0", "max 51", "max lots"):
        assert (await world.run(bad)).is_error, bad
    assert world.chat.max_stories == 3
    briefing = await world.run("brief")
    assert len(briefing.blocks) == 3


async def test_settings(world: World) -> None:
    await world.run("watch Caruana")
    reply = await world.run("settings", admin=False)
    fields = dict(reply.blocks[0].fields)
    assert fields["Schedule"] == "08:00 every day (UTC)"
    assert fields["Watching"] == "Caruana"
    assert fields["Feeds"].startswith("2 ")


async def test_a_failure_inside_a_command_is_a_reply_not_a_traceback(world: World) -> None:
    from sqlalchemy import text  # tests may break the database on purpose

    # The table the command reads from disappears under the running service.
    async with world.store.engine.begin() as connection:
        await connection.execute(text("ALTER TABLE briefings RENAME TO briefings_gone"))
    reply = await world.run("who 1")
    assert reply.is_error
    assert text_of(reply) == "! Sorry, that failed on our side. Please try again in a moment."


async def test_render_text_shows_every_part_of_a_briefing(briefed: World) -> None:
    out = render_text(await briefed.run("story 1"))
    assert out.startswith("1. Talks held on Gibraltar's future\n")
    assert "  Absent:" in out
    assert "  → BBC: https://bbc.example/" in out
    assert "  (Sources: BBC, Courier)" in out
    assert "[Who: who 1]  [Absent: absent 1]  [Positions: positions 1]  [Sources: sources 1]" in out
    assert render_text(Reply.message("no", is_error=True)) == "! no"
