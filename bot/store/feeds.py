"""Feeds: what to poll, when, and how it went."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import EllipsisType

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.exc import IntegrityError

from bot.domain import Chat, Feed, FeedKind
from bot.store.base import AlreadyExists, NotFound, Repository
from bot.store.models import ArticleSourceRow, ChatRow, FeedRow, SubscriptionRow, utcnow

_IN_CHUNK = 500  # bound the size of IN (...) lists


def _chunks(values: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(values), _IN_CHUNK):
        yield values[start : start + _IN_CHUNK]


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


@dataclass(frozen=True, slots=True)
class PollResult:
    """How one poll of one feed went: a success (error None) or a failure."""

    feed_id: int
    now: datetime
    next_poll_at: datetime
    not_before: datetime | None
    etag: str | None = None  # None keeps the stored validators (a 304 may omit them)
    last_modified: str | None = None
    title: str | None = None  # only fills a missing title
    # The feed's <ttl> from a parsed document; ... keeps the stored one (after a 304).
    ttl_seconds: int | EllipsisType | None = ...
    error: str | None = None
    consecutive_errors: int = 0
    pause: bool = False


def _result_values(result: PollResult, stored_ttl: int | None) -> dict[str, object]:
    values: dict[str, object] = {"last_polled_at": result.now}
    not_before = result.not_before
    if result.error is not None:
        values.update(last_error=result.error[:4000], consecutive_errors=result.consecutive_errors)
        if result.pause:
            values.update(paused=True, pause_notified=False)
    else:
        values.update(last_success_at=result.now, last_error=None, consecutive_errors=0)
        if result.etag is not None:
            values["etag"] = result.etag[:512]
        if result.last_modified is not None:
            values["last_modified"] = result.last_modified[:128]
        ttl = stored_ttl
        if not isinstance(result.ttl_seconds, EllipsisType):
            values["ttl_seconds"] = ttl = result.ttl_seconds
        if ttl:  # <ttl> is a floor for every next poll, 304s included
            floor = result.now + timedelta(seconds=ttl)
            not_before = max(not_before, floor) if not_before else floor
    values["not_before"] = not_before
    values["next_poll_at"] = (
        max(result.next_poll_at, not_before) if not_before else result.next_poll_at
    )
    return values


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

    async def claim_due(
        self, now: datetime, *, lease_until: datetime, limit: int = 1000
    ) -> list[Feed]:
        """Atomically take the feeds due at `now`, moving their next poll to `lease_until`.

        One UPDATE ... RETURNING: on PostgreSQL the candidate rows are locked with
        FOR UPDATE SKIP LOCKED, so several instances never poll the same feed; on SQLite the
        statement is atomic by itself. A crashed poller's feeds come back after the lease.
        """
        async with self._sessions() as session, session.begin():
            due = (
                (FeedRow.paused.is_(False))
                & (FeedRow.next_poll_at.is_(None) | (FeedRow.next_poll_at <= now))
                & (FeedRow.not_before.is_(None) | (FeedRow.not_before <= now))
            )
            candidates = (
                select(FeedRow.id)
                .where(due)
                .order_by(FeedRow.next_poll_at.is_not(None), FeedRow.next_poll_at, FeedRow.id)
                .limit(limit)
            )
            if session.bind.dialect.name == "postgresql":
                candidates = candidates.with_for_update(skip_locked=True)
            statement = (
                update(FeedRow)
                .where(FeedRow.id.in_(candidates.scalar_subquery()), due)
                .values(next_poll_at=lease_until, last_polled_at=now)
                .returning(FeedRow)
                .execution_options(synchronize_session=False)
            )
            rows = list(await session.scalars(statement))
            return sorted((to_feed(row) for row in rows), key=lambda f: f.id)

    async def record_success(
        self,
        feed_id: int,
        *,
        now: datetime,
        next_poll_at: datetime,
        not_before: datetime | None,
        etag: str | None = None,
        last_modified: str | None = None,
        title: str | None = None,
        ttl_seconds: int | EllipsisType | None = ...,
    ) -> None:
        await self.record_results(
            [
                PollResult(
                    feed_id, now, next_poll_at, not_before, etag=etag,
                    last_modified=last_modified, title=title, ttl_seconds=ttl_seconds,
                )
            ]
        )  # fmt: skip

    async def record_failure(
        self,
        feed_id: int,
        *,
        now: datetime,
        error: str,
        consecutive_errors: int,
        next_poll_at: datetime,
        not_before: datetime | None,
        pause: bool,
    ) -> None:
        await self.record_results(
            [
                PollResult(
                    feed_id, now, next_poll_at, not_before, error=error,
                    consecutive_errors=consecutive_errors, pause=pause,
                )
            ]
        )  # fmt: skip

    async def record_results(self, results: Sequence[PollResult]) -> None:
        """Record many polls in one transaction (one commit: SQLite fsyncs once per commit).

        Results that set the same columns share one executemany'd UPDATE, so a thousand
        unchanged feeds cost one statement, not a thousand round trips.
        """
        if not results:
            return
        async with self._sessions() as session, session.begin():
            ids = [r.feed_id for r in results if r.error is None]
            ttls: dict[int, int | None] = {}
            for chunk in _chunks(ids):
                rows = await session.execute(
                    select(FeedRow.id, FeedRow.ttl_seconds).where(FeedRow.id.in_(chunk))
                )
                ttls.update((row.id, row.ttl_seconds) for row in rows)
            groups: dict[tuple[str, ...], list[dict[str, object]]] = defaultdict(list)
            for result in results:
                values = _result_values(result, ttls.get(result.feed_id))
                if result.error is None and result.title:
                    values["title"] = result.title[:512]
                groups[tuple(sorted(values))].append(
                    {f"v_{key}": value for key, value in values.items()}
                    | {"v_feed_id": result.feed_id}
                )
            feeds = FeedRow.__table__
            for columns, params in groups.items():
                assignments: dict[str, object] = {
                    column: bindparam(f"v_{column}", type_=feeds.c[column].type)
                    for column in columns
                }
                if "title" in assignments:  # a parsed title only fills a missing one
                    assignments["title"] = func.coalesce(feeds.c.title, assignments["title"])
                statement = (
                    update(feeds).where(feeds.c.id == bindparam("v_feed_id")).values(assignments)
                )
                await session.execute(statement, params)

    async def pause(self, feed_id: int) -> Feed:
        """Paused by an admin: nobody needs to be told."""
        return await self._set(feed_id, paused=True, pause_notified=True)

    async def resume(self, feed_id: int, *, now: datetime | None = None) -> Feed:
        """Back to polling, right away, with a clean error count."""
        return await self._set(
            feed_id,
            paused=False,
            pause_notified=False,
            consecutive_errors=0,
            next_poll_at=now or utcnow(),
            not_before=None,
        )

    async def update(
        self, feed_id: int, *, title: str | None = None, interval_seconds: int | None = None
    ) -> Feed:
        values: dict[str, object] = {}
        if title is not None:
            values["title"] = title
        if interval_seconds is not None:
            values["interval_seconds"] = interval_seconds
        return await self._set(feed_id, **values)

    async def _set(self, feed_id: int, **values: object) -> Feed:
        async with self._sessions() as session, session.begin():
            row = await session.get(FeedRow, feed_id)
            if row is None:
                raise NotFound(f"no feed with id {feed_id}")
            for key, value in values.items():
                setattr(row, key, value)
        return to_feed(row)

    async def take_pause_notices(self) -> list[tuple[Feed, list[Chat]]]:
        """Feeds paused by errors whose admins were not told yet, with their chats.

        Marks them told in the same statement, so two instances never both notify.
        """
        from bot.store.chats import to_chat  # chats imports this module

        async with self._sessions() as session, session.begin():
            statement = (
                update(FeedRow)
                .where(FeedRow.paused.is_(True), FeedRow.pause_notified.is_(False))
                .values(pause_notified=True)
                .returning(FeedRow)
                .execution_options(synchronize_session=False)
            )
            feeds = sorted(await session.scalars(statement), key=lambda row: row.id)
            out: list[tuple[Feed, list[Chat]]] = []
            for row in feeds:
                chats = await session.scalars(
                    select(ChatRow)
                    .join(SubscriptionRow, SubscriptionRow.chat_id == ChatRow.id)
                    .where(SubscriptionRow.feed_id == row.id)
                    .order_by(ChatRow.id)
                )
                out.append((to_feed(row), [to_chat(chat) for chat in chats]))
            return out
