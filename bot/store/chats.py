"""Chats, their settings and their feed subscriptions."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.domain import Chat, Feed
from bot.store.base import NotFound, Repository
from bot.store.feeds import to_feed
from bot.store.models import ChatRow, FeedRow, SubscriptionRow


def to_chat(row: ChatRow) -> Chat:
    return Chat(
        id=row.id,
        platform=row.platform,
        platform_chat_id=row.platform_chat_id,
        title=row.title,
        timezone=row.timezone,
        schedule=row.schedule,
        next_briefing_at=row.next_briefing_at,
        max_stories=row.max_stories,
        include_keywords=tuple(row.include_keywords or ()),
        exclude_keywords=tuple(row.exclude_keywords or ()),
        watch=tuple(row.watch or ()),
        paused=row.paused,
        paused_reason=row.paused_reason,
    )


class ChatRepository(Repository):
    async def ensure(
        self,
        platform: str,
        platform_chat_id: str,
        *,
        title: str | None = None,
        timezone: str = "UTC",
        schedule: str = "08:00",
        max_stories: int = 10,
    ) -> Chat:
        """The chat, created with the given defaults on first sight (safe under races)."""
        query = select(ChatRow).where(
            ChatRow.platform == platform, ChatRow.platform_chat_id == platform_chat_id
        )
        async with self._sessions() as session:
            row = await session.scalar(query)
            if row is not None:
                return to_chat(row)
            session.add(
                ChatRow(
                    platform=platform,
                    platform_chat_id=platform_chat_id,
                    title=title,
                    timezone=timezone,
                    schedule=schedule,
                    max_stories=max_stories,
                )
            )
            try:
                await session.commit()
            except IntegrityError:
                await session.rollback()
            row = await session.scalar(query)
            assert row is not None
            return to_chat(row)

    async def get(self, chat_id: int) -> Chat:
        async with self._sessions() as session:
            row = await session.get(ChatRow, chat_id)
            if row is None:
                raise NotFound(f"no chat with id {chat_id}")
            return to_chat(row)

    async def list(self) -> list[Chat]:
        async with self._sessions() as session:
            rows = await session.scalars(select(ChatRow).order_by(ChatRow.id))
            return [to_chat(r) for r in rows]

    async def subscribe(self, chat_id: int, feed_id: int) -> bool:
        """Subscribe; False if it already was."""
        async with self._sessions() as session:
            if await session.get(SubscriptionRow, (chat_id, feed_id)) is not None:
                return False
            session.add(SubscriptionRow(chat_id=chat_id, feed_id=feed_id))
            try:
                await session.commit()
            except IntegrityError:
                return False
            return True

    async def unsubscribe(self, chat_id: int, feed_id: int) -> bool:
        async with self._sessions() as session:
            row = await session.get(SubscriptionRow, (chat_id, feed_id))
            if row is None:
                return False
            await session.delete(row)
            await session.commit()
            return True

    async def feeds(self, chat_id: int) -> list[Feed]:
        query = (
            select(FeedRow)
            .join(SubscriptionRow, SubscriptionRow.feed_id == FeedRow.id)
            .where(SubscriptionRow.chat_id == chat_id)
            .order_by(FeedRow.id)
        )
        async with self._sessions() as session:
            return [to_feed(r) for r in await session.scalars(query)]
