"""Articles for story tests: real BBC texts (and rewrites of them) through the real ingest
store API and the real summarizer."""

from __future__ import annotations

import zlib
from datetime import datetime
from functools import lru_cache
from typing import Any

from bot.domain import Feed
from bot.ingest.dedupe import text_fingerprint
from bot.store import Store
from bot.store.articles import ArticleDraft
from summarizer import extract
from tests.conftest import SHARED_DATA

BBC = SHARED_DATA / "bbc-news-full"
GIBRALTAR = "politics/015.txt"
# Other politics reports, treated as published on the same day as the Gibraltar talks.
UNRELATED = ("politics/001.txt", "politics/002.txt", "politics/003.txt", "politics/220.txt")


def bbc(path: str) -> tuple[str, str]:
    """(title, body) of one BBC article."""
    lines = (BBC / path).read_bytes().decode("utf-8", "replace").strip().splitlines()
    return lines[0].strip(), "\n".join(line for line in lines[1:] if line.strip())


@lru_cache(maxsize=64)
def keypoints(title: str, text: str) -> dict[str, Any]:
    return extract(text, title=title).to_dict()


async def add_article(
    store: Store,
    feed: Feed,
    title: str,
    text: str,
    *,
    published: datetime,
    link: str | None = None,
    points: dict[str, Any] | None = None,
) -> int:
    """Store an article as ingest does, then its key points as the extractor does."""
    link = link or f"{feed.url.rstrip('/')}/{zlib.crc32(title.encode()):08x}"
    draft = ArticleDraft(
        uid=link,
        entry_key=link,
        url=link,
        title=title,
        text=text,
        text_hash=text_fingerprint(text),
        published_at=published,
    )
    outcome = await store.articles.add_from_feed(feed.id, [draft], now=published)
    (article_id,) = outcome.new_ids
    await store.articles.save_keypoints(
        article_id, points if points is not None else keypoints(title, text), now=published
    )
    return article_id
