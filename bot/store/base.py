"""What every repository shares: the session factory."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker


class Repository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions


class NotFound(LookupError):
    """The row asked for does not exist (any more)."""


class AlreadyExists(ValueError):
    """A unique value (a feed URL, a chat) is taken."""
