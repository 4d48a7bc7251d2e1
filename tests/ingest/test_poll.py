"""Polling into a real store (SQLite and PostgreSQL): dedupe, restarts, backoff, pausing."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.config import Settings
from bot.domain import Feed
from bot.ingest import (
    Fetcher,
    pause_notice,
    poll_due,
    poll_feeds,
    sync_config_feeds,
    take_pause_notices,
)
from bot.store import Store
from tests.fakes.feed_server import FeedServer
from tests.ingest.conftest import with_ingest

NOW = datetime(2025, 6, 2, 8, 0, tzinfo=UTC)
BODY = (
    "The council met on Monday to debate the budget for the coming year, and members of "
    "every party spoke at length about schools, roads, the hospital and the port, before a "
    "late vote that passed the plan by a narrow margin of two votes."
)


def item(
    n: int, *, link: str | None = None, guid: str | None = None, date: str | None = None,
    text: str | None = None, title: str | None = None,
) -> str:  # fmt: skip
    link = link or f"https://a.example/news/{n}"
    guid_xml = f"<guid>{guid}</guid>" if guid else ""
    date = date or f"Mon, 02 Jun 2025 0{n % 8}:00:00 GMT"
    return (
        f"<item><title>{title or f'Story {n}'}</title><link>{link}</link>{guid_xml}"
        f"<pubDate>{date}</pubDate><description>{text or f'{BODY} ({n})'}</description></item>"
    )


def rss(title: str, *items: str, ttl: int | None = None) -> str:
    ttl_xml = f"<ttl>{ttl}</ttl>" if ttl else ""
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>https://{title.lower()}.example/</link>{ttl_xml}{''.join(items)}</channel></rss>"
    )


async def add(store: Store, server: FeedServer, path: str, interval: int = 900) -> Feed:
    return await store.feeds.add(server.url(path), interval_seconds=interval)


async def poll(store: Store, settings: Settings, *feeds: Feed, now: datetime = NOW):  # type: ignore[no-untyped-def]
    fresh = [await store.feeds.get(f.id) for f in feeds]
    async with Fetcher(settings) as fetcher:
        return await poll_feeds(store, settings, fetcher, fresh, now=now)


async def test_duplicates_and_syndicated_items_are_stored_once_with_every_source(
    store: Store, server: FeedServer, local_settings: Settings
) -> None:
    shared_text = BODY + " Syndicated wire copy, word for word."
    server.feed(
        "/a.xml",
        rss(
            "Alpha",
            item(1),
            item(2, text=shared_text, link="https://a.example/wire"),
            item(3, guid="tag:a.example,2025:3"),
        ),
    )
    server.feed(
        "/b.xml",
        rss(
            "Beta",
            # the same article, its link with trackers and another guid
            item(11, link="https://a.example/news/1?utm_source=beta&amp;fbclid=x"),
            # the wire story, published by another outlet under its own URL
            item(12, text=shared_text.upper(), link="https://b.example/copy"),
            # the same global guid
            item(13, guid="tag:a.example,2025:3", link="https://b.example/3"),
            item(14),
        ),
    )
    a, b = await add(store, server, "/a.xml"), await add(store, server, "/b.xml")
    first = await poll(store, local_settings, a)
    second = await poll(store, local_settings, b)
    assert first.new_articles == 3
    assert second.new_articles == 1  # only item 14 is news
    assert second.linked == 3
    assert await store.articles.count() == 4
    for uid in ("https://a.example/news/1", "https://a.example/wire", "tag:a.example,2025:3"):
        article = await store.articles.by_uid(uid)
        assert article is not None
        assert article.sources == ("Alpha", "Beta")
    wire = await store.articles.by_uid("https://a.example/wire")
    assert wire is not None
    links = [link for _, link in await store.articles.source_links(wire.id)]
    assert links == ["https://a.example/wire", "https://b.example/copy"]
    counts = {f.title: f.article_count for f in await store.feeds.list()}
    assert counts == {"Alpha": 3, "Beta": 4}


async def test_restart_reorder_redate_and_window_never_redeliver(
    db_url: str, server: FeedServer, local_settings: Settings
) -> None:
    server.feed("/f.xml", rss("Alpha", *(item(n) for n in range(1, 6))))
    async with await Store.open(db_url) as store:
        feed = await add(store, server, "/f.xml")
        assert (await poll(store, local_settings, feed)).new_articles == 5
    # The feed changes: items reordered and re-dated, 1-2 fell out of the window, 6 is new.
    redated = "Tue, 03 Jun 2025 09:00:00 GMT"
    server.feed("/f.xml", rss("Alpha", item(6), *(item(n, date=redated) for n in (5, 4, 3))))
    async with await Store.open(db_url) as store:  # a restart: new store, new client
        report = await poll(store, local_settings, feed, now=NOW + timedelta(hours=1))
        assert report.updated == 1
        assert report.new_articles == 1
        # Items 1 and 2 come back into the window later: still nothing to deliver.
        server.feed("/f.xml", rss("Alpha", *(item(n) for n in range(1, 7))))
        report = await poll(store, local_settings, feed, now=NOW + timedelta(hours=2))
        assert report.new_articles == 0
        assert report.linked == 0
        assert await store.articles.count() == 6


async def test_not_modified_keeps_validators_and_stores_nothing(
    store: Store, server: FeedServer, local_settings: Settings
) -> None:
    server.feed("/f.xml", rss("Alpha", item(1)))
    feed = await add(store, server, "/f.xml")
    await poll(store, local_settings, feed)
    stored = await store.feeds.get(feed.id)
    assert stored.etag
    assert stored.title == "Alpha"
    report = await poll(store, local_settings, feed, now=NOW + timedelta(hours=1))
    assert report.not_modified == 1
    assert server.hits[-1].headers["If-None-Match"] == stored.etag
    after = await store.feeds.get(feed.id)
    assert after.etag == stored.etag
    assert after.last_success_at == NOW + timedelta(hours=1)


async def test_errors_back_off_then_pause_and_notify_admins_once(
    store: Store, server: FeedServer, local_settings: Settings
) -> None:
    server.status("/down.xml", 500, body="oops")
    settings = with_ingest(
        local_settings, backoff_after_errors=2, pause_after_errors=5, max_backoff=300
    )
    feed = await add(store, server, "/down.xml", interval=60)
    chat_a = await store.chats.ensure("telegram", "1")
    chat_b = await store.chats.ensure("slack", "C2")
    for chat in (chat_a, chat_b):
        await store.chats.subscribe(chat.id, feed.id)
    now = NOW
    waits = []
    async with Fetcher(settings) as fetcher:
        for _ in range(5):
            report = await poll_due(store, settings, fetcher, now=now)
            assert report.feeds == 1
            assert report.failed == 1
            state = await store.feeds.get(feed.id)
            assert state.next_poll_at is not None
            waits.append((state.next_poll_at - now).total_seconds())
            now = state.next_poll_at
        assert "HTTP 500" in (state.last_error or "")
        assert state.consecutive_errors == 5
        assert state.paused
        assert report.paused == [feed] or [f.id for f in report.paused] == [feed.id]
        # Once paused it is never claimed, however long we wait.
        assert (await poll_due(store, settings, fetcher, now=now + timedelta(days=9))).feeds == 0
    # 60 s, then doubling from the 2nd error (120, 240), capped at 300; +-10% jitter.
    for wait, expected in zip(waits[:4], (60, 120, 240, 300), strict=True):
        assert expected * 0.89 <= wait <= expected * 1.11
    notices = await take_pause_notices(store)
    assert [(f.id, [c.id for c in chats]) for f, chats in notices] == [
        (feed.id, [chat_a.id, chat_b.id])
    ]
    assert "resume" in pause_notice(notices[0][0])
    assert await take_pause_notices(store) == []  # told once

    resumed = await store.feeds.resume(feed.id, now=now)
    assert not resumed.paused
    assert resumed.consecutive_errors == 0
    server.feed("/down.xml", rss("Back", item(1)))
    async with Fetcher(settings) as fetcher:
        report = await poll_due(store, settings, fetcher, now=now)
    assert report.updated == 1
    assert await take_pause_notices(store) == []


async def test_retry_after_and_ttl_are_floors_for_the_next_poll(
    store: Store, server: FeedServer, local_settings: Settings
) -> None:
    server.status("/limited.xml", 429, headers={"Retry-After": "7200"})
    server.feed("/ttl.xml", rss("Slow", item(1), ttl=180))
    limited = await add(store, server, "/limited.xml", interval=60)
    slow = await add(store, server, "/ttl.xml", interval=60)
    async with Fetcher(local_settings) as fetcher:
        report = await poll_due(store, local_settings, fetcher, now=NOW)
        assert report.feeds == 2
        assert (await store.feeds.get(limited.id)).next_poll_at == NOW + timedelta(hours=2)
        assert (await store.feeds.get(slow.id)).next_poll_at == NOW + timedelta(hours=3)
        assert (
            await poll_due(store, local_settings, fetcher, now=NOW + timedelta(hours=1))
        ).feeds == 0
        later = NOW + timedelta(hours=3)
        report = await poll_due(store, local_settings, fetcher, now=later)
        assert report.feeds == 2
        assert report.not_modified == 1
        # <ttl> stays the floor after a 304, when there is no document to read it from.
        assert (await store.feeds.get(slow.id)).next_poll_at == later + timedelta(hours=3)


async def test_concurrent_claims_never_share_a_feed(store: Store, server: FeedServer) -> None:
    for n in range(30):
        await store.feeds.add(server.url(f"/f{n}.xml"))
    lease = NOW + timedelta(minutes=10)
    claims = await asyncio.gather(
        *(store.feeds.claim_due(NOW, lease_until=lease, limit=12) for _ in range(4))
    )
    ids = [f.id for claim in claims for f in claim]
    assert len(ids) == len(set(ids)) == 30
    assert await store.feeds.claim_due(NOW, lease_until=lease) == []
    assert len(await store.feeds.claim_due(lease, lease_until=lease + timedelta(minutes=10))) == 30


async def test_teasers_get_full_text_or_a_note(
    store: Store, server: FeedServer, local_settings: Settings
) -> None:
    article = " ".join(
        f"<p>Paragraph {n}: the minister said the talks would resume on Friday in the capital, "
        "where delegations from both sides are expected to meet for a second round.</p>"
        for n in range(8)
    )
    server.page(
        "/story.html",
        f"<html><head><title>Story</title></head><body><nav>Home | World</nav>"
        f"<article><h1>Talks to resume</h1>{article}</article><footer>(c) Outlet</footer>"
        "</body></html>",
    )
    server.feed(
        "/teasers.xml",
        rss(
            "Teasers",
            item(1, link=server.url("/story.html"), text="Talks to resume. Read more"),
            item(2, link=server.url("/gone.html"), text="A teaser with a dead link"),
            item(3, link="http://10.0.0.1/internal", text="A teaser pointing inside"),
        ),
    )
    settings = with_ingest(local_settings, fulltext_min_words=50)
    feed = await add(store, server, "/teasers.xml")
    report = await poll(store, settings, feed)
    assert report.new_articles == 3
    full = await store.articles.by_uid(server.url("/story.html"))
    assert full is not None
    assert "Paragraph 7: the minister said" in full.text
    assert "Home | World" not in full.text
    assert full.note is None
    dead = await store.articles.by_uid(server.url("/gone.html"))
    assert dead is not None
    assert dead.text == "A teaser with a dead link"
    assert dead.note is not None
    assert "teaser only" in dead.note
    assert "HTTP 404" in dead.note
    inside = await store.articles.by_uid("http://10.0.0.1/internal")
    assert inside is not None
    assert inside.note is not None
    assert "private address" in inside.note
    # Known items are not fetched again on the next poll.
    pages = server.count("/story.html")
    server.feed("/teasers.xml", rss("Teasers", item(1, link=server.url("/story.html"), text="x")))
    await poll(store, settings, feed, now=NOW + timedelta(hours=1))
    assert server.count("/story.html") == pages


async def test_bad_documents_are_per_feed_errors(
    store: Store, server: FeedServer, local_settings: Settings
) -> None:
    server.feed("/empty.xml", rss("Empty"))
    server.feed("/html.xml", "<html><body><p>Moved</p></body></html>", content_type="text/html")
    server.feed(
        "/broken.xml",
        '<rss version="2.0"><channel><title>Broken</title><item><title>Kept</title>'
        "<link>https://c.example/1</link><description>text &nbsp; here</description></item>",
    )
    server.hang("/hang.xml")
    feeds = [await add(store, server, p) for p in ("/empty.xml", "/html.xml", "/broken.xml")]
    hanging = await add(store, server, "/hang.xml")
    report = await poll(store, with_ingest(local_settings, total_timeout=1), *feeds, hanging)
    by_id = {o.feed.id: o for o in report.outcomes}
    assert by_id[feeds[0].id].error == "the feed has no entries"
    assert by_id[feeds[1].id].status == "failed"
    assert by_id[feeds[2].id].status == "updated"
    assert by_id[feeds[2].id].warning is not None
    assert "timed out" in (by_id[hanging.id].error or "")
    stored = {f.id: f for f in await store.feeds.list()}
    assert stored[feeds[0].id].last_error == "the feed has no entries"
    assert stored[feeds[0].id].consecutive_errors == 1
    assert stored[feeds[2].id].article_count == 1
    assert len(report.errors) == 3


async def test_config_feeds_are_synced_and_local_files_polled(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, local_settings: Settings
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "local.xml").write_text(rss("Local", item(1), item(2)))
    (tmp_path / "other.xml").write_text(rss("Other", item(3)))
    settings = with_ingest(
        local_settings,
        feeds=["feeds/local.xml", (tmp_path / "other.xml").as_uri(), "https://Example.org/rss"],
    )
    synced = await sync_config_feeds(store, settings)
    assert [f.kind for f in synced] == ["file", "file", "http"]
    assert synced[0].url == (tmp_path / "feeds" / "local.xml").as_uri()
    assert synced[2].url == "https://example.org/rss"
    assert [f.id for f in await sync_config_feeds(store, settings)] == [f.id for f in synced]
    report = await poll(store, settings, *synced[:2])
    assert report.new_articles == 3
    again = await poll(store, settings, *synced[:2], now=NOW + timedelta(hours=1))
    assert again.not_modified == 2  # unchanged files are not re-read


async def test_paused_feeds_are_skipped(
    store: Store, server: FeedServer, local_settings: Settings
) -> None:
    server.feed("/f.xml", rss("Alpha", item(1)))
    feed = await add(store, server, "/f.xml")
    await store.feeds.pause(feed.id)
    report = await poll(store, local_settings, feed)
    assert report.feeds == 0
    assert server.count("/f.xml") == 0
    assert await take_pause_notices(store) == []  # an admin's pause needs no notice
