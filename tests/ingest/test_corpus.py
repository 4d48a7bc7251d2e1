"""feedparser's own corpus (2,100 hostile and odd documents) through fetch, parse and store."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.config import Settings
from bot.ingest import Fetcher, poll_feeds
from bot.store import Store
from tests.conftest import SHARED_DATA
from tests.fakes.feed_server import FeedServer
from tests.ingest.conftest import with_ingest

CORPUS = SHARED_DATA / "feedparser-corpus"


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"{CORPUS} is absent (see its README)")
async def test_every_corpus_file_goes_through_without_an_unhandled_exception(
    store: Store, server: FeedServer, local_settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    paths = [p for p in server.directory("/corpus/", CORPUS) if p.endswith((".xml", ".json"))]
    assert len(paths) > 2000
    for path in paths:
        await store.feeds.add(server.url(path))
    feeds = await store.feeds.list()
    # Corpus links point at example.com and friends: no page fetches, only the documents.
    settings = with_ingest(local_settings, fulltext_min_words=0, max_concurrency=20)
    async with Fetcher(settings) as fetcher:
        report = await poll_feeds(store, settings, fetcher, feeds, now=datetime.now(UTC))
    assert report.feeds == len(paths)
    internal = [line for line in report.errors if "internal error" in line]
    assert internal == []  # every failure is a fetch or parse error, stated on its feed
    assert not [r for r in caplog.records if r.exc_info]
    stored = await store.feeds.list()
    assert len(stored) == len(paths)  # no feed lost
    for feed in stored:
        assert feed.last_success_at is not None or feed.last_error, feed.url
    assert report.updated > 1000
    assert report.new_articles > 500
    # Ill-formed documents with entries are kept, with a warning, not dropped.
    assert sum(1 for o in report.outcomes if o.status == "updated" and o.warning) > 10
