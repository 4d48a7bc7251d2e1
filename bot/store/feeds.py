"""Feeds: what to poll, when, and how it went."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from bot.domain import Feed, FeedKind
from bot.store.base import AlreadyExists, NotFound, Repository
from bot.store.models import ArticleSourceRow, FeedRow


def to_feed(row: FeedRow, article_count: int = 0) -> Feed:
    return Feed(
        id=row.id,
        url=row.url,
        title=row.title,
        kind=row.kind,  # type: ignore[arg-type]
        interval_seconds=row.interval_seconds,
        next_poll_at=row.next_poll_at,
        last_polled_at=row.last_polled_at,
        last_success_at=row.last_success_at,
        last_error=row.last_error,
        consecutive_errors=row.consecutive_errors,
        paused=row.paused,
        etag=row.etag,
        last_modified=row.last_modified,
        article_count=article_count,
    )


class FeedRepository(Repository):
    async def add(
        self,
        url: str,
        *,
        title: str | None = None,
        kind: FeedKind = "http",
        interval_seconds: int = 900,
        next_poll_at: datetime | None = None,
    ) -> Feed:
        async with self._sessions() as session:
            row = FeedRow(
                url=url,
                title=title,
                kind=kind,
                interval_seconds=interval_seconds,
                next_poll_at=next_poll_at,
            )
            session.add(row)
            try:
                await session.commit()
            except IntegrityError as exc:
                raise AlreadyExists(f"feed already exists: {url}") from exc
            return to_feed(row)

    async def get(self, feed_id: int) -> Feed:
        async with self._sessions() as session:
            row = await session.get(FeedRow, feed_id)
            if row is None:
                raise NotFound(f"no feed with id {feed_id}")
            return to_feed(row)

    async def by_url(self, url: str) -> Feed | None:
        async with self._sessions() as session:
            row = await session.scalar(select(FeedRow).where(FeedRow.url == url))
            return None if row is None else to_feed(row)

    async def list(self) -> list[Feed]:
        counts = (
            select(ArticleSourceRow.feed_id, func.count().label("n"))
            .group_by(ArticleSourceRow.feed_id)
            .subquery()
        )
        query = (
            select(FeedRow, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.feed_id == FeedRow.id)
            .order_by(FeedRow.id)
        )
        async with self._sessions() as session:
            return [to_feed(row, n) for row, n in (await session.execute(query)).all()]

    async def remove(self, feed_id: int) -> None:
        async with self._sessions() as session:
            row = await session.get(FeedRow, feed_id)
            if row is None:
                raise NotFound(f"no feed with id {feed_id}")
            await session.delete(row)
            await session.commit()
