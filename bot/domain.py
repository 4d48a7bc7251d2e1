"""Platform-neutral domain objects: what the store returns and the service passes around.

They are plain frozen dataclasses so that nothing outside `bot/store/` ever holds an ORM
object or a database session.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from summarizer import KeyPoints

FeedKind = Literal["http", "file"]
DeliveryStatus = Literal["pending", "sent", "failed", "paused"]


@dataclass(frozen=True, slots=True)
class Feed:
    id: int
    url: str
    title: str | None
    kind: FeedKind
    interval_seconds: int
    next_poll_at: datetime | None
    last_polled_at: datetime | None = None
    last_success_at: datetime | None = None
    last_error: str | None = None
    consecutive_errors: int = 0
    paused: bool = False
    etag: str | None = None
    last_modified: str | None = None
    article_count: int = 0


@dataclass(frozen=True, slots=True)
class Article:
    id: int
    uid: str
    url: str | None
    title: str | None
    text: str
    published_at: datetime | None
    fetched_at: datetime
    author: str | None = None
    note: str | None = None
    keypoints: KeyPoints | None = None
    story_id: int | None = None
    sources: tuple[str, ...] = ()  # feed titles/URLs the article arrived from


@dataclass(frozen=True, slots=True)
class Story:
    id: int
    title: str
    created_at: datetime
    updated_at: datetime
    revision: int
    keypoints: dict[str, Any]  # merged key points with per-item sources (bot.stories)
    article_ids: tuple[int, ...] = ()
    links: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Chat:
    id: int
    platform: str
    platform_chat_id: str
    title: str | None = None
    timezone: str = "UTC"
    schedule: str = "08:00"
    next_briefing_at: datetime | None = None
    max_stories: int = 10
    include_keywords: tuple[str, ...] = ()
    exclude_keywords: tuple[str, ...] = ()
    watch: tuple[str, ...] = ()
    paused: bool = False
    paused_reason: str | None = None


@dataclass(frozen=True, slots=True)
class BriefingItem:
    number: int
    story_id: int
    revision: int
    is_update: bool = False
    watched: tuple[str, ...] = ()
    whats_new: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Briefing:
    id: int
    chat_id: int
    slot: str
    created_at: datetime
    items: tuple[BriefingItem, ...] = field(default_factory=tuple)
