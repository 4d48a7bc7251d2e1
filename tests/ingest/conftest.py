"""Ingest fixtures: a local feed server and settings that may reach it (and nothing else)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.config import Settings
from bot.ingest import Fetcher
from tests.fakes.feed_server import FeedServer


def with_ingest(settings: Settings, **changes: Any) -> Settings:
    """A copy of `settings` with some `ingest.*` values changed (validated like the file)."""
    data = settings.model_dump()
    data["ingest"].update(changes)
    return Settings.model_validate(data)


@pytest.fixture
async def server() -> AsyncIterator[FeedServer]:
    async with FeedServer() as running:
        yield running


@pytest.fixture
def local_settings(settings: Settings) -> Settings:
    """Only the test server's literal address is allowed: every other guard rule still holds."""
    return with_ingest(
        settings,
        allowed_hosts=["127.0.0.1"],
        connect_timeout=2,
        total_timeout=3,
        fulltext_min_words=0,
    )


@pytest.fixture
async def fetcher(local_settings: Settings) -> AsyncIterator[Fetcher]:
    async with Fetcher(local_settings) as running:
        yield running
