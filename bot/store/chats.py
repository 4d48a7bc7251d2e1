"""Chats, their settings and their feed subscriptions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

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

    # -- settings (changed from chat by admins; see bot.commands) ---------------------------------

    _SETTINGS = frozenset(
        {
            "title",
            "timezone",
            "schedule",
            "next_briefing_at",
            "max_stories",
            "include_keywords",
            "exclude_keywords",
            "watch",
            "paused",
            "paused_reason",
        }
    )

    async def update_settings(self, chat_id: int, **changes: Any) -> Chat:
        """Change some of a chat's settings; returns the updated chat."""
        unknown = set(changes) - self._SETTINGS
        if unknown:
            raise ValueError(f"not chat settings: {', '.join(sorted(unknown))}")
        async with self._sessions() as session:
            row = await session.get(ChatRow, chat_id)
            if row is None:
                raise NotFound(f"no chat with id {chat_id}")
            for key, value in changes.items():
                if isinstance(value, tuple):
                    value = list(value)
                setattr(row, key, value)
            await session.commit()
            return to_chat(row)

    async def due_for_briefing(self, now: datetime, *, limit: int = 1000) -> list[Chat]:
        """Active chats whose next briefing time has come, earliest first."""
        query = (
            select(ChatRow)
            .where(
                ChatRow.next_briefing_at.is_not(None),
                ChatRow.next_briefing_at <= now,
                ChatRow.paused.is_(False),
            )
            .order_by(ChatRow.next_briefing_at, ChatRow.id)
            .limit(limit)
        )
        async with self._sessions() as session:
            return [to_chat(r) for r in await session.scalars(query)]

    async def subscribers(self, feed_id: int) -> list[int]:
        query = select(SubscriptionRow.chat_id).where(SubscriptionRow.feed_id == feed_id)
        async with self._sessions() as session:
            return list(await session.scalars(query))
