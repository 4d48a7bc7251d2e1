"""Articles and the sources they arrived through; dedupe happens here, in one transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, tuple_, union_all, update
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

        The whole batch costs a handful of statements however many feeds it holds: one
        lookup of what the feeds delivered before, one of matching articles, one insert of
        each kind. Feeds are matched in order, so an article two feeds of the batch carry is
        new for the first and a further source for the second, as if stored one by one.
        Two instances storing the same new article at once: the loser retries and links.
        """
        for attempt in range(3):
            try:
                async with self._sessions() as session, session.begin():
                    return await self._add_batch(session, batch, now)
            except IntegrityError:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def _add_batch(
        self,
        session: AsyncSession,
        batch: Sequence[tuple[int, Sequence[ArticleDraft]]],
        now: datetime,
    ) -> list[AddOutcome]:
        seen_pairs = await self._delivered(
            session, [(feed_id, d.entry_key) for feed_id, drafts in batch for d in drafts]
        )
        fresh: list[tuple[int, int, ArticleDraft]] = []  # (index in batch, feed id, draft)
        seen = [0] * len(batch)
        for index, (feed_id, drafts) in enumerate(batch):
            for draft in drafts:
                pair = (feed_id, draft.entry_key)
                if pair in seen_pairs:
                    seen[index] += 1
                else:
                    seen_pairs.add(pair)  # a feed repeating an item counts it once
                    fresh.append((index, feed_id, draft))
        if not fresh:
            return [AddOutcome((), 0, n) for n in seen]

        by_uid, by_url, by_hash = await self._existing(session, [d for _, _, d in fresh])
        # Each fresh draft gets an existing article id, or the index of a new row.
        targets: list[int | tuple[str, int]] = []
        new_rows: list[dict[str, Any]] = []
        pending: dict[tuple[str, str], int] = {}
        creators: list[int] = []  # which fresh draft created each new row
        known = {"uid": by_uid, "url": by_url, "hash": by_hash}
        for position, (_, _, draft) in enumerate(fresh):
            probes = [("uid", draft.uid)]
            if draft.url:
                probes.append(("url", draft.url))
            if draft.text_hash:
                probes.append(("hash", draft.text_hash))
            # uid before URL before text; a stored article before one new in this batch.
            target: int | tuple[str, int] | None = None
            for probe in probes:
                stored = known[probe[0]].get(probe[1])
                if stored is not None:
                    target = stored
                elif probe in pending:
                    target = ("new", pending[probe])
                if target is not None:
                    break
            if target is None:
                target = ("new", len(new_rows))
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
            if isinstance(target, tuple):
                for probe in probes:
                    pending.setdefault(probe, target[1])
            targets.append(target)

        new_ids: list[int] = []
        if new_rows:
            # Core, not the ORM: no object per row. Rows may come back in any order (so both
            # backends can batch the VALUES); the unique uid tells them apart.
            articles = ArticleRow.__table__
            result = await session.execute(
                insert(articles).returning(articles.c.id, articles.c.uid), new_rows
            )
            id_of = {row.uid: row.id for row in result}
            new_ids = [id_of[row["uid"]] for row in new_rows]

        created: list[list[int]] = [[] for _ in batch]
        linked = [0] * len(batch)
        sources: list[dict[str, Any]] = []
        for position, ((index, feed_id, draft), target) in enumerate(
            zip(fresh, targets, strict=True)
        ):
            if isinstance(target, tuple):
                article_id = new_ids[target[1]]
                if creators[target[1]] == position:
                    created[index].append(article_id)
                else:
                    linked[index] += 1
            else:
                article_id = target
                linked[index] += 1
            sources.append(
                {
                    "article_id": article_id,
                    "feed_id": feed_id,
                    "entry_key": draft.entry_key,
                    "link": draft.url,
                    "seen_at": now,
                }
            )
        await session.execute(insert(ArticleSourceRow.__table__), sources)
        return [AddOutcome(tuple(created[i]), linked[i], seen[i]) for i in range(len(batch))]

    @staticmethod
    async def _delivered(
        session: AsyncSession, pairs: Sequence[tuple[int, str]]
    ) -> set[tuple[int, str]]:
        """Which of these (feed id, entry key) pairs are stored: an index probe each."""
        found: set[tuple[int, str]] = set()
        pair = tuple_(ArticleSourceRow.feed_id, ArticleSourceRow.entry_key)
        query = select(ArticleSourceRow.feed_id, ArticleSourceRow.entry_key)
        for chunk in _chunks(list(dict.fromkeys(pairs))):
            rows = await session.execute(query.where(pair.in_(chunk)))
            found.update((row.feed_id, row.entry_key) for row in rows)
        return found

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
        columns = (ArticleRow.id, ArticleRow.uid, ArticleRow.url, ArticleRow.text_hash)
        # One statement per chunk, a branch per index: an OR of the three IN lists can make
        # PostgreSQL scan the whole table.
        step = _IN_CHUNK // 3
        for start in range(0, max(len(uids), 1), step):
            end = start + step
            branches = [
                select(*columns).where(column.in_(values[start:end]))
                for column, values in (
                    (ArticleRow.uid, uids),
                    (ArticleRow.url, urls),
                    (ArticleRow.text_hash, hashes),
                )
                if values[start:end]
            ]
            if not branches:
                continue
            for row in await session.execute(union_all(*branches)):
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
