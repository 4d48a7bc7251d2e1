"""Stories: clusters of articles about one event, with their merged key points.

Clustering itself (`bot.stories`) is plain Python; this repository only reads the articles it
needs, stores the result, and answers the cheap lookups that briefings and commands make.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.orm import load_only

from bot.domain import Article, Story
from bot.store.base import NotFound, Repository
from bot.store.models import (
    ArticleRow,
    ArticleSourceRow,
    BriefedStoryRow,
    FeedRow,
    StoryFeedRow,
    StoryRow,
    SubscriptionRow,
)
from summarizer.model import KeyPoints


@dataclass(frozen=True, slots=True)
class StorySignature:
    """What clustering compares a new article with (no key points: those stay in the row)."""

    id: int
    title: str
    signature: dict[str, Any]
    last_published_at: datetime | None


@dataclass(frozen=True, slots=True)
class StoryDraft:
    """A story as `bot.stories` computed it; `id=None` creates one."""

    id: int | None
    title: str
    signature: dict[str, Any]
    keypoints: dict[str, Any]
    first_published_at: datetime | None
    last_published_at: datetime | None
    search_text: str
    actor_names: str
    source_count: int
    richness: int
    content_changed: bool  # bumps the revision


@dataclass(frozen=True, slots=True)
class BriefingCandidate:
    """The light columns a briefing filters and ranks on, before any JSON is decoded."""

    id: int
    revision: int
    title: str
    search_text: str
    actor_names: str
    source_count: int
    richness: int
    last_published_at: datetime | None
    updated_at: datetime
    briefed_revision: int | None  # None: the chat has never been briefed on it


@dataclass(frozen=True, slots=True)
class CandidatePool:
    """The briefing candidates of many chats at once, as shared sets rather than per-chat rows.

    `stories` holds every story changed in the window that some chat of the pool is
    subscribed to (`briefed_revision` None: that is per chat, in `briefed`).
    """

    stories: dict[int, BriefingCandidate]
    feed_stories: dict[int, set[int]]  # feed id -> ids of its stories in `stories`
    subscriptions: dict[int, set[int]]  # chat id -> subscribed feed ids
    briefed: dict[int, dict[int, int]]  # chat id -> story id -> revision briefed on

    def candidate_ids(self, chat_id: int, *, include_seen: bool = False) -> set[int]:
        """The ids `briefing_candidates(chat_id, ...)` would return."""
        feeds = self.subscriptions.get(chat_id, ())
        ids: set[int] = set().union(*(self.feed_stories.get(f, ()) for f in feeds))
        if not include_seen:
            stories = self.stories
            ids.difference_update(
                s
                for s, revision in self.briefed.get(chat_id, {}).items()
                if s in stories and revision >= stories[s].revision
            )
        return ids

    def candidate(self, chat_id: int, story_id: int) -> BriefingCandidate:
        """The story as `briefing_candidates` returns it for this chat."""
        return replace(
            self.stories[story_id], briefed_revision=self.briefed.get(chat_id, {}).get(story_id)
        )


_CHATS_PER_QUERY = 500  # bound parameters per IN list stay far below every backend's limit


def _published(row: ArticleRow) -> datetime:
    return row.published_at or row.fetched_at


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class StoryRepository(Repository):
    # -- reading articles for clustering -------------------------------------------------------

    async def _articles(self, session: Any, rows: Sequence[ArticleRow]) -> list[Article]:
        ids = [r.id for r in rows]
        sources: dict[int, list[str]] = defaultdict(list)
        if ids:
            query = (
                select(ArticleSourceRow.article_id, FeedRow.title, FeedRow.url)
                .join(FeedRow, FeedRow.id == ArticleSourceRow.feed_id)
                .where(ArticleSourceRow.article_id.in_(ids))
                .order_by(ArticleSourceRow.id)
            )
            for article_id, title, url in (await session.execute(query)).all():
                name = title or url
                if name not in sources[article_id]:
                    sources[article_id].append(name)
        return [
            Article(
                id=r.id,
                uid=r.uid,
                url=r.url,
                title=r.title,
                text=r.text,
                published_at=r.published_at,
                fetched_at=r.fetched_at,
                author=r.author,
                note=r.note,
                keypoints=None if r.keypoints is None else KeyPoints.from_dict(r.keypoints),
                story_id=r.story_id,
                sources=tuple(sources[r.id]),
            )
            for r in rows
        ]

    async def unassigned_articles(self, *, since: datetime, limit: int = 5000) -> list[Article]:
        """Extracted articles fetched since `since` that belong to no story yet, oldest first.

        By fetch time, not publication time: an old article from a feed added today is still
        news to its readers (the briefing's cap keeps a new feed from flooding a chat).
        """
        published = func.coalesce(ArticleRow.published_at, ArticleRow.fetched_at)
        query = (
            select(ArticleRow)
            .where(
                ArticleRow.story_id.is_(None),
                ArticleRow.keypoints.is_not(None),
                ArticleRow.fetched_at >= since,
            )
            .order_by(published, ArticleRow.id)
            .limit(limit)
        )
        async with self._sessions() as session:
            rows = list(await session.scalars(query))
            # JSON null is not SQL NULL on every backend.
            rows = [r for r in rows if r.keypoints is not None]
            return await self._articles(session, rows)

    async def articles_of(self, story_ids: Iterable[int]) -> dict[int, list[Article]]:
        ids = list(story_ids)
        out: dict[int, list[Article]] = {i: [] for i in ids}
        if not ids:
            return out
        query = select(ArticleRow).where(ArticleRow.story_id.in_(ids)).order_by(ArticleRow.id)
        async with self._sessions() as session:
            rows = list(await session.scalars(query))
            for article in await self._articles(session, rows):
                assert article.story_id is not None
                out[article.story_id].append(article)
        return out

    async def recent_signatures(self, *, since: datetime) -> list[StorySignature]:
        query = (
            select(StoryRow.id, StoryRow.title, StoryRow.signature, StoryRow.last_published_at)
            .where(or_(StoryRow.last_published_at >= since, StoryRow.updated_at >= since))
            .order_by(StoryRow.id)
        )
        async with self._sessions() as session:
            return [
                StorySignature(id=i, title=t, signature=s or {}, last_published_at=p)
                for i, t, s, p in (await session.execute(query)).all()
            ]

    # -- writing ---------------------------------------------------------------------------------

    async def save(self, draft: StoryDraft, *, article_ids: Sequence[int], now: datetime) -> int:
        """Create or update a story and attach the (still unassigned) articles to it."""
        async with self._sessions() as session:
            if draft.id is None:
                row = StoryRow(revision=1, created_at=now)
                session.add(row)
            else:
                found = await session.get(StoryRow, draft.id)
                if found is None:
                    raise NotFound(f"no story with id {draft.id}")
                row = found
                if draft.content_changed:
                    row.revision += 1
            row.title = draft.title
            row.signature = draft.signature
            row.keypoints = draft.keypoints
            row.updated_at = now
            row.first_published_at = draft.first_published_at
            row.last_published_at = draft.last_published_at
            row.search_text = draft.search_text
            row.actor_names = draft.actor_names
            row.source_count = draft.source_count
            row.richness = draft.richness
            await session.flush()
            if article_ids:
                await session.execute(
                    update(ArticleRow)
                    .where(ArticleRow.id.in_(list(article_ids)), ArticleRow.story_id.is_(None))
                    .values(story_id=row.id)
                )
            feeds = select(ArticleSourceRow.feed_id).join(
                ArticleRow, ArticleRow.id == ArticleSourceRow.article_id
            )
            wanted = set(await session.scalars(feeds.where(ArticleRow.story_id == row.id)))
            known = set(
                await session.scalars(
                    select(StoryFeedRow.feed_id).where(StoryFeedRow.story_id == row.id)
                )
            )
            session.add_all(StoryFeedRow(story_id=row.id, feed_id=f) for f in wanted - known)
            await session.commit()
            return row.id

    # -- reading stories -------------------------------------------------------------------------

    async def get_many(self, story_ids: Iterable[int]) -> dict[int, Story]:
        ids = list(story_ids)
        if not ids:
            return {}
        async with self._sessions() as session:
            # Only what a Story carries: signatures and search text stay in the database.
            columns = load_only(
                StoryRow.id,
                StoryRow.title,
                StoryRow.created_at,
                StoryRow.updated_at,
                StoryRow.revision,
                StoryRow.keypoints,
            )
            query = select(StoryRow).options(columns).where(StoryRow.id.in_(ids))
            rows = list(await session.scalars(query))
            links: dict[int, list[tuple[int, str | None]]] = defaultdict(list)
            query = (
                select(ArticleRow.story_id, ArticleRow.id, ArticleRow.url)
                .where(ArticleRow.story_id.in_(ids))
                .order_by(ArticleRow.id)
            )
            for story_id, article_id, url in (await session.execute(query)).all():
                links[story_id].append((article_id, url))
        return {
            r.id: Story(
                id=r.id,
                title=r.title,
                created_at=r.created_at,
                updated_at=r.updated_at,
                revision=r.revision,
                keypoints=r.keypoints or {},
                article_ids=tuple(a for a, _ in links[r.id]),
                links=tuple(u for _, u in links[r.id] if u),
            )
            for r in rows
        }

    async def get(self, story_id: int) -> Story:
        found = await self.get_many([story_id])
        if story_id not in found:
            raise NotFound(f"no story with id {story_id}")
        return found[story_id]

    async def search(
        self, words: Sequence[str], *, since: datetime, limit: int = 50
    ) -> list[BriefingCandidate]:
        """Recent stories whose lowercased text contains every word, newest first.

        The caller checks word boundaries; this is only the cheap substring prefilter.
        """
        query = select(*self._light_columns()).where(
            StoryRow.updated_at >= since,
            *[StoryRow.search_text.like(_like(w.lower()), escape="\\") for w in words],
        )
        query = query.order_by(StoryRow.updated_at.desc(), StoryRow.id.desc()).limit(limit)
        async with self._sessions() as session:
            return [BriefingCandidate(*row, None) for row in (await session.execute(query)).all()]

    @staticmethod
    def _light_columns() -> tuple[Any, ...]:
        return (
            StoryRow.id,
            StoryRow.revision,
            StoryRow.title,
            StoryRow.search_text,
            StoryRow.actor_names,
            StoryRow.source_count,
            StoryRow.richness,
            StoryRow.last_published_at,
            StoryRow.updated_at,
        )

    async def briefing_candidates(
        self, chat_id: int, *, since: datetime, include_seen: bool = False
    ) -> list[BriefingCandidate]:
        """Stories changed since `since` that the chat has not been briefed on at this revision
        (or all of them, with `include_seen`), with an article from a subscribed feed."""
        unseen = or_(
            BriefedStoryRow.revision.is_(None), BriefedStoryRow.revision < StoryRow.revision
        )
        subscribed = exists().where(
            StoryFeedRow.story_id == StoryRow.id,
            SubscriptionRow.feed_id == StoryFeedRow.feed_id,
            SubscriptionRow.chat_id == chat_id,
        )
        query = (
            select(*self._light_columns(), BriefedStoryRow.revision)
            .outerjoin(
                BriefedStoryRow,
                and_(BriefedStoryRow.story_id == StoryRow.id, BriefedStoryRow.chat_id == chat_id),
            )
            .where(StoryRow.updated_at >= since, subscribed)
        )
        if not include_seen:
            query = query.where(unseen)
        async with self._sessions() as session:
            return [BriefingCandidate(*row) for row in (await session.execute(query)).all()]

    async def candidate_pool(self, chat_ids: Sequence[int], *, since: datetime) -> CandidatePool:
        """What `briefing_candidates` answers for each of these chats, read with four queries
        for all of them: chats sharing feeds share the story rows instead of each reading them.
        """
        chats = list(dict.fromkeys(chat_ids))
        pool = CandidatePool(stories={}, feed_stories={}, subscriptions={}, briefed={})
        recent = StoryRow.updated_at >= since
        async with self._sessions() as session:
            for start in range(0, len(chats), _CHATS_PER_QUERY):
                chunk = chats[start : start + _CHATS_PER_QUERY]
                subscribed = select(SubscriptionRow.feed_id).where(
                    SubscriptionRow.chat_id.in_(chunk)
                )
                query = select(SubscriptionRow.chat_id, SubscriptionRow.feed_id).where(
                    SubscriptionRow.chat_id.in_(chunk)
                )
                for chat_id, feed_id in (await session.execute(query)).all():
                    pool.subscriptions.setdefault(chat_id, set()).add(feed_id)
                query = (
                    select(StoryFeedRow.story_id, StoryFeedRow.feed_id)
                    .join(StoryRow, StoryRow.id == StoryFeedRow.story_id)
                    .where(recent, StoryFeedRow.feed_id.in_(subscribed))
                )
                for story_id, feed_id in (await session.execute(query)).all():
                    pool.feed_stories.setdefault(feed_id, set()).add(story_id)
                query = select(*self._light_columns()).where(
                    recent,
                    exists().where(
                        StoryFeedRow.story_id == StoryRow.id,
                        StoryFeedRow.feed_id.in_(subscribed),
                    ),
                )
                for row in (await session.execute(query)).all():
                    if row[0] not in pool.stories:  # read already for an earlier chunk
                        pool.stories[row[0]] = BriefingCandidate(*row, None)
                query = (
                    select(
                        BriefedStoryRow.chat_id, BriefedStoryRow.story_id, BriefedStoryRow.revision
                    )
                    .join(StoryRow, StoryRow.id == BriefedStoryRow.story_id)
                    .where(recent, BriefedStoryRow.chat_id.in_(chunk))
                )
                for chat_id, story_id, revision in (await session.execute(query)).all():
                    pool.briefed.setdefault(chat_id, {})[story_id] = revision
        # A story that changed between the queries above may be missing from one of them.
        for ids in pool.feed_stories.values():
            ids.intersection_update(pool.stories)
        return pool
