"""Fixtures for the service tests: settings for a fast-ticking service, and real news in the
store (the seed feed, ingested and clustered by the real code; key points computed once)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings, load_settings
from bot.domain import Feed
from bot.ingest import Fetcher, parse_feed, poll_feeds, sync_config_feeds
from bot.store import Store
from bot.stories import update_stories
from tests.conftest import ROOT

SEED_FEED = ROOT / "seeds" / "istanbul-talks.xml"
# The seed article is from May 2025; tests run the service's clock around then.
SEED_DAY = datetime(2025, 5, 15, tzinfo=UTC)


def service_environment(tmp_path: Path, db_url: str) -> dict[str, str]:
    """Settings (as BRIEFBOT_* variables) for a service that ticks every second."""
    return {
        "BRIEFBOT_DATABASE_URL": db_url,
        "BRIEFBOT_INGEST_FEEDS": str(SEED_FEED),
        "BRIEFBOT_INGEST_SUBSCRIBE_NEW_CHATS": "false",
        "BRIEFBOT_BRIEFING_STORY_WINDOW": "3650d",  # keep the 2025 seed article "recent"
        "BRIEFBOT_SERVICE_PORT": "0",
        "BRIEFBOT_SERVICE_POLL_TICK": "1",
        "BRIEFBOT_SERVICE_BRIEFING_TICK": "1",
        "BRIEFBOT_SERVICE_DELIVERY_TICK": "1",
        "BRIEFBOT_SERVICE_DELIVERY_LEASE": "3",
        "BRIEFBOT_SERVICE_SHUTDOWN_TIMEOUT": "5",
        "BRIEFBOT_SERVICE_CONSOLE_OUTPUT": str(tmp_path / "console.jsonl"),
    }


def make_settings(tmp_path: Path, db_url: str, **extra: str) -> Settings:
    empty = tmp_path / "empty.toml"
    empty.write_text("")
    settings, _ = load_settings(empty, environ={**service_environment(tmp_path, db_url), **extra})
    return settings


@pytest.fixture
def service_settings(tmp_path: Path, db_url: str) -> Settings:
    return make_settings(tmp_path, db_url)


@pytest.fixture(scope="session")
def seed_keypoints() -> dict[str, Any]:
    """The seed article's key points, extracted once per session by the real summarizer."""
    from summarizer import extract

    entry = parse_feed(SEED_FEED.read_bytes(), url=SEED_FEED.as_uri()).entries[0]
    return extract(entry.text, title=entry.title, url=entry.link).to_dict()


async def seed_news(
    store: Store, settings: Settings, keypoints: dict[str, Any], *, now: datetime
) -> Feed:
    """Poll the seed feed into the store and cluster it into a story (no NLP process)."""
    feeds = await sync_config_feeds(store, settings)
    async with Fetcher(settings) as fetcher:
        await poll_feeds(store, settings, fetcher, feeds, now=now)
    for article in await store.articles.pending_extraction():
        await store.articles.save_keypoints(article.id, keypoints, now=now)
    assert await update_stories(store, settings, now=now), "the seed article made no story"
    return feeds[0]


def run(coro: Any) -> Any:
    return asyncio.run(coro)
