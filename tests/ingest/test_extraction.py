"""The NLP worker pool: real spaCy model, in a worker process, results stored on articles."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.config import Settings
from bot.extraction import ExtractorPool
from bot.store import Store
from bot.store.articles import ArticleDraft

TEXT = (
    "Foreign ministers from France and Germany met in Vienna on Tuesday to discuss the "
    'energy crisis. Italy did not attend the meeting. "We need a common plan," the French '
    "minister said."
)


def draft(n: int, text: str) -> ArticleDraft:
    return ArticleDraft(
        uid=f"https://e.example/{n}", entry_key=str(n), url=f"https://e.example/{n}",
        title=f"Article {n}", text=text, text_hash=None, published_at=None,
    )  # fmt: skip


async def test_pending_articles_get_key_points_off_the_event_loop(
    store: Store, settings: Settings
) -> None:
    feed = await store.feeds.add("https://e.example/feed")
    now = datetime.now(UTC)
    added = await store.articles.add_from_feed(feed.id, [draft(1, TEXT), draft(2, "")], now=now)
    assert len(added.new_ids) == 2
    async with ExtractorPool(settings) as pool:
        assert await pool.extract_pending(store) == 2
        assert await pool.extract_pending(store) == 0  # nothing left: no double work
    assert await store.articles.pending_extraction() == []
    article = await store.articles.get(added.new_ids[0])
    assert article.keypoints is not None
    assert article.keypoints.url == "https://e.example/1"
    assert article.keypoints.summary  # the summarizer ran on the real text
    empty = await store.articles.get(added.new_ids[1])
    assert empty.keypoints is not None
    assert empty.keypoints.summary == ()
