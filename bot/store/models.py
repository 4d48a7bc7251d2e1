"""SQLAlchemy 2 ORM tables. Times are stored as timezone-aware UTC.

The schema is owned by Alembic (`bot/store/migrations`); `tests/store/test_migrations.py`
checks that the migrations and these models agree.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Stable constraint names, so migrations can refer to them on every backend.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """SQLite drops tzinfo; this puts UTC back so every datetime we read is aware."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use UTC-aware datetimes")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


class FeedRow(Base):
    __tablename__ = "feeds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    title: Mapped[str | None] = mapped_column(String(512))
    kind: Mapped[str] = mapped_column(String(8), default="http")
    interval_seconds: Mapped[int] = mapped_column(Integer, default=900)
    etag: Mapped[str | None] = mapped_column(String(512))
    last_modified: Mapped[str | None] = mapped_column(String(128))
    # Server hints (Retry-After, Cache-Control max-age, <ttl>): no poll before this.
    not_before: Mapped[datetime | None]
    # The feed's own <ttl>, remembered so it keeps acting as a floor after 304 answers.
    ttl_seconds: Mapped[int | None] = mapped_column(Integer)
    next_poll_at: Mapped[datetime | None] = mapped_column(index=True)
    last_polled_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    consecutive_errors: Mapped[int] = mapped_column(Integer, default=0)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    pause_notified: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(512), unique=True)
    url: Mapped[str | None] = mapped_column(String(2048), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(String(512))
    text: Mapped[str] = mapped_column(Text, default="")
    # Hash of the normalised text: the same story syndicated by two outlets is stored once.
    text_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(index=True)
    fetched_at: Mapped[datetime] = mapped_column(default=utcnow)
    keypoints: Mapped[dict[str, Any] | None]
    extracted_at: Mapped[datetime | None]
    story_id: Mapped[int | None] = mapped_column(
        ForeignKey("stories.id", ondelete="SET NULL"), index=True
    )


class ArticleSourceRow(Base):
    """One (feed, entry) an article arrived through; keeps every source of a deduped article."""

    __tablename__ = "article_sources"
    __table_args__ = (UniqueConstraint("feed_id", "entry_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    feed_id: Mapped[int] = mapped_column(ForeignKey("feeds.id", ondelete="CASCADE"))
    entry_key: Mapped[str] = mapped_column(String(512))
    link: Mapped[str | None] = mapped_column(String(2048))
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class StoryRow(Base):
    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    # Terms and actors used to match new articles to this story.
    signature: Mapped[dict[str, Any]] = mapped_column(default=dict)
    keypoints: Mapped[dict[str, Any]] = mapped_column(default=dict)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    first_published_at: Mapped[datetime | None]
    # Denormalised from the merged key points so that briefings filter and rank thousands of
    # stories per chat without decoding their JSON.
    last_published_at: Mapped[datetime | None] = mapped_column(index=True)
    search_text: Mapped[str] = mapped_column(Text, default="")  # lowercased title/summary/actors
    actor_names: Mapped[str] = mapped_column(Text, default="")  # one canonical name per line
    source_count: Mapped[int] = mapped_column(Integer, default=0)
    richness: Mapped[int] = mapped_column(Integer, default=0)  # number of merged key points


class StoryFeedRow(Base):
    """Which feeds a story's articles came from, kept by the story repository: a briefing
    finds a chat's stories through its subscriptions with index lookups, not article scans."""

    __tablename__ = "story_feeds"

    story_id: Mapped[int] = mapped_column(
        ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True
    )
    feed_id: Mapped[int] = mapped_column(
        ForeignKey("feeds.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ChatRow(Base):
    __tablename__ = "chats"
    __table_args__ = (UniqueConstraint("platform", "platform_chat_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    platform_chat_id: Mapped[str] = mapped_column(String(128))
    title: Mapped[str | None] = mapped_column(String(512))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    schedule: Mapped[str] = mapped_column(String(256), default="08:00")
    next_briefing_at: Mapped[datetime | None] = mapped_column(index=True)
    max_stories: Mapped[int] = mapped_column(Integer, default=10)
    include_keywords: Mapped[list[Any]] = mapped_column(default=list)
    exclude_keywords: Mapped[list[Any]] = mapped_column(default=list)
    watch: Mapped[list[Any]] = mapped_column(default=list)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    paused_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SubscriptionRow(Base):
    __tablename__ = "subscriptions"

    chat_id: Mapped[int] = mapped_column(
        ForeignKey("chats.id", ondelete="CASCADE"), primary_key=True
    )
    feed_id: Mapped[int] = mapped_column(
        ForeignKey("feeds.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class BriefingRow(Base):
    """One composed briefing for one chat and slot; its items number the stories for follow-ups."""

    __tablename__ = "briefings"
    __table_args__ = (UniqueConstraint("chat_id", "slot"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), index=True)
    slot: Mapped[str] = mapped_column(String(64))
    items: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class BriefedStoryRow(Base):
    """Which revision of a story a chat has been briefed on: decides new vs changed vs seen."""

    __tablename__ = "briefed_stories"

    chat_id: Mapped[int] = mapped_column(
        ForeignKey("chats.id", ondelete="CASCADE"), primary_key=True
    )
    story_id: Mapped[int] = mapped_column(
        ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True
    )
    revision: Mapped[int] = mapped_column(Integer)
    keypoints: Mapped[dict[str, Any]] = mapped_column(default=dict)


class DeliveryRow(Base):
    """The outbox: written before sending, marked sent with the platform's message ids."""

    __tablename__ = "deliveries"
    __table_args__ = (Index("ix_deliveries_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), index=True)
    briefing_id: Mapped[int | None] = mapped_column(ForeignKey("briefings.id", ondelete="CASCADE"))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None]
    claimed_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    message_ids: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]


class KeyValueRow(Base):
    """Small service state (e.g. the Telegram update offset), keyed by name."""

    __tablename__ = "kv"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class SlackInstallationRow(Base):
    """One Slack workspace (or org) that installed the app through OAuth: its latest install.

    Absent ids are stored as "" rather than NULL so the unique key holds on every backend.
    """

    __tablename__ = "slack_installations"
    __table_args__ = (UniqueConstraint("enterprise_id", "team_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enterprise_id: Mapped[str] = mapped_column(String(32), default="")
    team_id: Mapped[str] = mapped_column(String(32), default="")
    installation: Mapped[dict[str, Any]] = mapped_column(default=dict)  # slack_sdk's to_dict()
    installed_at: Mapped[datetime] = mapped_column(default=utcnow)
