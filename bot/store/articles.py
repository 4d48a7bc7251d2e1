"""Articles and the sources they arrived through; dedupe happens here, in one transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import Article
from bot.store.base import NotFound, Repository
from bot.store.models import ArticleRow, ArticleSourceRow, FeedRow

_IN_CHUNK = 500  # bound the size of IN (...) lists


@dataclass(frozen=True, slots=True)
class ArticleDraft:
    """One feed item as ingest hands it to the store."""

    uid: str
    entry_key: str
    url: str | None
    title: str | None
    text: str
    text_hash: str | None
    published_at: datetime | None
    author: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class AddOutcome:
    new_ids: tuple[int, ...]  # articles stored for the first time
    linked: int  # items that were already stored from another source: a source was added
    seen: int  # items this feed had delivered before


def _keypoints(row: ArticleRow) -> Any:
    if not row.keypoints:
        return None
    from summarizer.model import KeyPoints  # only when there are key points to read

    return KeyPoints.from_dict(row.keypoints, url=row.url)


def to_article(row: ArticleRow, sources: Sequence[str] = ()) -> Article:
    return Article(
        id=row.id,
        uid=row.uid,
        url=row.url,
        title=row.title,
        text=row.text,
        published_at=row.published_at,
        fetched_at=row.fetched_at,
        author=row.author,
        note=row.note,
        keypoints=_keypoints(row),
        story_id=row.story_id,
        sources=tuple(sources),
    )


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), _IN_CHUNK):
        yield values[start : start + _IN_CHUNK]


class ArticleRepository(Repository):
    async def known_entry_keys(self, feed_id: int, keys: Sequence[str]) -> set[str]:
        """Which of these entries this feed has delivered before."""
        known: set[str] = set()
        async with self._sessions() as session:
            for chunk in _chunks(list(keys)):
                query = select(ArticleSourceRow.entry_key).where(
                    ArticleSourceRow.feed_id == feed_id, ArticleSourceRow.entry_key.in_(chunk)
                )
                known.update(await session.scalars(query))
        return known

    async def add_from_feed(
        self, feed_id: int, drafts: Sequence[ArticleDraft], *, now: datetime
    ) -> AddOutcome:
        """Store a feed's items: new articles once, every further source as a link.

        An item matches an existing article by uid, then by URL, then by text fingerprint.
        """
        (outcome,) = await self.add_from_feeds([(feed_id, drafts)], now=now)
        return outcome

    async def add_from_feeds(
        self, batch: Sequence[tuple[int, Sequence[ArticleDraft]]], *, now: datetime
    ) -> list[AddOutcome]:
        """`add_from_feed` for several feeds in one transaction (one commit, one fsync).

        Two instances storing the same new article at once: the loser retries and links.
        """
        for attempt in range(3):
            try:
                async with self._sessions() as session, session.begin():
                    return [
                        await self._add(session, feed_id, drafts, now) for feed_id, drafts in batch
                    ]
            except IntegrityError:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def _add(
        self, session: AsyncSession, feed_id: int, drafts: Sequence[ArticleDraft], now: datetime
    ) -> AddOutcome:
        keys = [d.entry_key for d in drafts]
        seen_keys: set[str] = set()
        for chunk in _chunks(keys):
            seen_keys.update(
                await session.scalars(
                    select(ArticleSourceRow.entry_key).where(
                        ArticleSourceRow.feed_id == feed_id,
                        ArticleSourceRow.entry_key.in_(chunk),
                    )
                )
            )
        fresh: list[ArticleDraft] = []
        for draft in drafts:
            if draft.entry_key not in seen_keys:
                seen_keys.add(draft.entry_key)
                fresh.append(draft)
        seen = len(drafts) - len(fresh)
        if not fresh:
            return AddOutcome((), 0, seen)

        by_uid, by_url, by_hash = await self._existing(session, fresh)
        # Each fresh draft gets an existing article id, or the index of a new one.
        targets: list[int | tuple[str, int]] = []
        new_rows: list[dict[str, Any]] = []
        pending: dict[tuple[str, str], int] = {}
        creators: list[int] = []  # which fresh draft created each new row
        for position, draft in enumerate(fresh):
            found = (
                by_uid.get(draft.uid)
                or (by_url.get(draft.url) if draft.url else None)
                or (by_hash.get(draft.text_hash) if draft.text_hash else None)
            )
            if found is not None:
                targets.append(found)
                continue
            probes = [("uid", draft.uid)]
            if draft.url:
                probes.append(("url", draft.url))
            if draft.text_hash:
                probes.append(("hash", draft.text_hash))
            index = next((pending[p] for p in probes if p in pending), None)
            if index is None:
                index = len(new_rows)
                creators.append(position)
                new_rows.append(
                    {
                        "uid": draft.uid,
                        "url": draft.url,
                        "title": draft.title,
                        "author": draft.author,
                        "text": draft.text,
                        "text_hash": draft.text_hash,
                        "note": draft.note,
                        "published_at": draft.published_at,
                        "fetched_at": now,
                    }
                )
            for probe in probes:
                pending.setdefault(probe, index)
            targets.append(("new", index))

        new_ids: list[int] = []
        if new_rows:
            result = await session.execute(
                insert(ArticleRow).returning(ArticleRow.id, sort_by_parameter_order=True),
                new_rows,
            )
            new_ids = [row[0] for row in result.all()]
        sources = []
        linked = 0
        for position, (draft, target) in enumerate(zip(fresh, targets, strict=True)):
            if isinstance(target, tuple):
                article_id = new_ids[target[1]]
                linked += int(creators[target[1]] != position)
            else:
                article_id = target
                linked += 1
            sources.append(
                {
                    "article_id": article_id,
                    "feed_id": feed_id,
                    "entry_key": draft.entry_key,
                    "link": draft.url,
                    "seen_at": now,
                }
            )
        await session.execute(insert(ArticleSourceRow), sources)
        return AddOutcome(tuple(new_ids), linked, seen)

    @staticmethod
    async def _existing(
        session: AsyncSession, drafts: Sequence[ArticleDraft]
    ) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
        by_uid: dict[str, int] = {}
        by_url: dict[str, int] = {}
        by_hash: dict[str, int] = {}
        uids = [d.uid for d in drafts]
        urls = [d.url for d in drafts if d.url]
        hashes = [d.text_hash for d in drafts if d.text_hash]
        query = select(ArticleRow.id, ArticleRow.uid, ArticleRow.url, ArticleRow.text_hash)
        # One statement (the three indexes are OR-ed by both backends) for a feed's batch.
        for start in range(0, max(len(uids), 1), _IN_CHUNK // 3):
            end = start + _IN_CHUNK // 3
            match = or_(
                ArticleRow.uid.in_(uids[start:end]),
                ArticleRow.url.in_(urls[start:end]),
                ArticleRow.text_hash.in_(hashes[start:end]),
            )
            for row in await session.execute(query.where(match)):
                by_uid.setdefault(row.uid, row.id)
                if row.url:
                    by_url.setdefault(row.url, row.id)
                if row.text_hash:
                    by_hash.setdefault(row.text_hash, row.id)
        return by_uid, by_url, by_hash

    async def get(self, article_id: int) -> Article:
        async with self._sessions() as session:
            row = await session.get(ArticleRow, article_id)
            if row is None:
                raise NotFound(f"no article with id {article_id}")
            names = await session.scalars(
                select(func.coalesce(FeedRow.title, FeedRow.url))
                .join(ArticleSourceRow, ArticleSourceRow.feed_id == FeedRow.id)
                .where(ArticleSourceRow.article_id == article_id)
                .order_by(ArticleSourceRow.id)
            )
            return to_article(row, list(names))

    async def by_uid(self, uid: str) -> Article | None:
        async with self._sessions() as session:
            article_id = await session.scalar(select(ArticleRow.id).where(ArticleRow.uid == uid))
        return None if article_id is None else await self.get(article_id)

    async def list(self, *, limit: int = 100) -> list[Article]:
        """The most recently fetched articles first."""
        query = select(ArticleRow).order_by(ArticleRow.id.desc()).limit(limit)
        async with self._sessions() as session:
            return [to_article(row) for row in await session.scalars(query)]

    async def count(self) -> int:
        async with self._sessions() as session:
            return int(await session.scalar(select(func.count()).select_from(ArticleRow)) or 0)

    async def source_links(self, article_id: int) -> list[tuple[int, str | None]]:
        """(feed id, item link) for every source the article arrived through."""
        query = (
            select(ArticleSourceRow.feed_id, ArticleSourceRow.link)
            .where(ArticleSourceRow.article_id == article_id)
            .order_by(ArticleSourceRow.id)
        )
        async with self._sessions() as session:
            return [(row.feed_id, row.link) for row in await session.execute(query)]

    async def pending_extraction(self, *, limit: int = 32) -> list[Article]:
        """Articles the summarizer has not processed yet, oldest first."""
        query = (
            select(ArticleRow)
            .where(ArticleRow.extracted_at.is_(None))
            .order_by(ArticleRow.id)
            .limit(limit)
        )
        async with self._sessions() as session:
            return [to_article(row) for row in await session.scalars(query)]

    async def save_keypoints(
        self,
        article_id: int,
        keypoints: dict[str, Any] | None,
        *,
        now: datetime,
        note: str | None = None,
    ) -> None:
        """Record the summarizer's result (None with a note when it failed on this text)."""
        values: dict[str, Any] = {"keypoints": keypoints, "extracted_at": now}
        if note is not None:
            values["note"] = note
        async with self._sessions() as session, session.begin():
            await session.execute(
                update(ArticleRow).where(ArticleRow.id == article_id).values(**values)
            )
