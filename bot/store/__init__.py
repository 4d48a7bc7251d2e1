"""The one store API: `Store.open(url)` migrates the schema and exposes the repositories.

Only this package imports SQLAlchemy; everything else sees `bot.domain` objects.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from bot.store.articles import ArticleRepository
from bot.store.base import AlreadyExists, NotFound
from bot.store.briefings import BriefingRepository
from bot.store.chats import ChatRepository
from bot.store.db import create_engine, exclusive, migrate
from bot.store.deliveries import DeliveryRepository
from bot.store.feeds import FeedRepository
from bot.store.slack_installations import SlackInstallationRepository
from bot.store.stories import StoryRepository

__all__ = ["AlreadyExists", "NotFound", "Store"]


class Store:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        sessions = async_sessionmaker(engine, expire_on_commit=False)
        self.feeds = FeedRepository(sessions)
        self.articles = ArticleRepository(sessions)
        self.chats = ChatRepository(sessions)
        self.stories = StoryRepository(sessions)
        self.briefings = BriefingRepository(sessions)
        self.deliveries = DeliveryRepository(sessions)
        self.slack_installations = SlackInstallationRepository(sessions)

    @classmethod
    async def open(cls, url: str, *, run_migrations: bool = True) -> Store:
        engine = create_engine(url)
        if run_migrations:
            await migrate(engine)
        return cls(engine)

    @asynccontextmanager
    async def exclusive(self, name: str) -> AsyncIterator[bool]:
        """True while this instance alone does the named work (see `db.exclusive`)."""
        async with exclusive(self.engine, name) as acquired:
            yield acquired

    async def close(self) -> None:
        await self.engine.dispose()

    async def __aenter__(self) -> Store:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()
