"""A store with a real briefing in it, made by the real pipeline from a local feed file.

feed file -> ingest (poll) -> key points (ExtractorPool) -> stories -> the chat's briefing.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from pathlib import Path

from bot.briefing import compose_briefing
from bot.config import Settings
from bot.domain import Chat
from bot.ingest.fetch import Fetcher
from bot.ingest.poll import poll_feeds, sync_config_feeds
from bot.replies import Reply
from bot.store import Store
from bot.stories import update_stories

ROOT = Path(__file__).resolve().parents[2]
SEED_FEED = ROOT / "seeds" / "istanbul-talks.xml"
NOW = datetime(2025, 5, 15, 8, 0, tzinfo=UTC)


def hostile_feed(folder: Path, *, title: str, feed_title: str) -> Path:
    """The seed feed with the article's and the feed's titles replaced (XML-escaped, so the
    parsed text is literally `title`)."""
    text = SEED_FEED.read_text(encoding="utf-8")
    # The first <title> is the feed's, the second the article's.
    titles = [f"<title>{html.escape(t, quote=False)}</title>" for t in (feed_title, title)]
    parts = re.split(r"<title>.*?</title>", text, maxsplit=2)
    assert len(parts) == 3, "the seed feed changed shape"
    text = parts[0] + titles[0] + parts[1] + titles[1] + parts[2]
    path = folder / "hostile.xml"
    path.write_text(text, encoding="utf-8")
    return path


async def brief_chat(store: Store, settings: Settings, chat: Chat) -> Reply:
    """Ingest the configured feeds, extract, cluster, subscribe `chat` and brief it."""
    from bot.extraction import ExtractorPool  # loads spaCy; only the tests that brief need it

    feeds = await sync_config_feeds(store, settings)
    async with Fetcher(settings) as fetcher:
        await poll_feeds(store, settings, fetcher, feeds, now=NOW)
    async with ExtractorPool(settings) as pool:
        await pool.extract_pending(store)
    await update_stories(store, settings, now=NOW)
    for feed in feeds:
        await store.chats.subscribe(chat.id, feed.id)
    composed = await compose_briefing(store, settings, chat, now=NOW, slot="2025-05-15T08:00")
    assert composed is not None, "the pipeline produced no briefing"
    return composed[1]
