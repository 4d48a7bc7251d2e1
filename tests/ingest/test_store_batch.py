"""Storing many feeds' items in one batch: the same outcome as storing them feed by feed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.ingest.dedupe import text_fingerprint
from bot.store import Store
from bot.store.articles import AddOutcome, ArticleDraft
from bot.store.feeds import PollResult

NOW = datetime(2025, 9, 1, 12, 0, tzinfo=UTC)
SYNDICATED = (
    "The ministers agreed on a new framework for grain exports through the Black Sea after"
    " three days of talks, officials said, and will meet again next month to review it."
)


def draft(uid: str, key: str, url: str | None, text: str = "short text") -> ArticleDraft:
    return ArticleDraft(
        uid=uid, entry_key=key, url=url, title=uid, text=text,
        text_hash=text_fingerprint(text), published_at=NOW,
    )  # fmt: skip


async def test_one_batch_dedupes_across_and_within_feeds(store: Store) -> None:
    first, second, empty = [await store.feeds.add(f"https://f{n}.example/rss") for n in (1, 2, 3)]
    a = draft("https://a.example/1", "a1", "https://a.example/1")
    b = draft("tag:a.example,2025:2", "a2", None, SYNDICATED)
    batch = [
        (first.id, [a, b, a]),  # the feed repeats an item in its document
        (second.id, [
            draft("guid-9", "b9", "https://a.example/1"),  # A again, by its URL
            draft("https://b.example/s", "b10", "https://b.example/s", SYNDICATED.upper()),
            draft("https://b.example/new", "b11", "https://b.example/new"),
        ]),
        (empty.id, []),
    ]  # fmt: skip
    one, two, none = await store.articles.add_from_feeds(batch, now=NOW)
    assert (len(one.new_ids), one.linked, one.seen) == (2, 0, 1)
    assert (len(two.new_ids), two.linked, two.seen) == (1, 2, 0)
    assert none == AddOutcome((), 0, 0)
    assert await store.articles.count() == 3
    a_id, b_id = one.new_ids
    assert [feed for feed, _ in await store.articles.source_links(a_id)] == [first.id, second.id]
    assert [feed for feed, _ in await store.articles.source_links(b_id)] == [first.id, second.id]

    # Polled again (a restart, say): every item is known, nothing is new or linked twice.
    again = await store.articles.add_from_feeds(batch, now=NOW + timedelta(hours=1))
    assert [(o.new_ids, o.linked, o.seen) for o in again] == [((), 0, 3), ((), 0, 3), ((), 0, 0)]
    assert await store.articles.count() == 3


async def test_results_of_many_feeds_are_recorded_in_one_call(store: Store) -> None:
    fresh, unchanged, titled, failing = [
        await store.feeds.add(f"https://r{n}.example/rss", title="Kept" if n == 2 else None)
        for n in range(4)
    ]
    later = NOW + timedelta(minutes=15)
    await store.feeds.record_results(
        [PollResult(unchanged.id, NOW, later, None, etag='"v1"', ttl_seconds=3600)]
    )
    await store.feeds.record_results(
        [
            PollResult(fresh.id, NOW, later, None, etag='"e"', last_modified="lm", title="Fresh"),
            PollResult(unchanged.id, NOW, later, None),  # a 304: validators and ttl are kept
            PollResult(titled.id, NOW, later, None, title="Ignored"),
            PollResult(failing.id, NOW, later, None, error="HTTP 500", consecutive_errors=50,
                       pause=True),
        ]
    )  # fmt: skip
    got = {feed.id: feed for feed in await store.feeds.list()}
    assert (got[fresh.id].etag, got[fresh.id].last_modified) == ('"e"', "lm")
    assert got[fresh.id].title == "Fresh"
    assert got[unchanged.id].etag == '"v1"'
    assert got[unchanged.id].next_poll_at == NOW + timedelta(hours=1)  # the <ttl> floor
    assert got[titled.id].title == "Kept"  # a parsed title only fills a missing one
    assert got[failing.id].paused
    assert got[failing.id].last_error == "HTTP 500"
    assert got[failing.id].consecutive_errors == 50
    assert got[fresh.id].last_success_at == NOW
    assert got[fresh.id].last_error is None
