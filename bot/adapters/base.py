"""The contract between the service and a chat platform.

An adapter only translates: platform events become `bot.commands.dispatch` calls, and
`Reply` objects become platform calls through its renderer. Delivery outcomes are reported
with the exceptions below so the outbox (`bot.delivery`) can decide what happens next.
"""

from __future__ import annotations

from typing import Protocol

from aiohttp import web

from bot.domain import Chat
from bot.replies import Reply


class DeliveryError(Exception):
    """Sending failed; the outbox retries with backoff unless a subclass says otherwise."""


class RetryAfter(DeliveryError):
    """The platform asked us to wait (Telegram RetryAfter, Slack 429)."""

    def __init__(self, seconds: float, message: str = "") -> None:
        super().__init__(message or f"retry after {seconds}s")
        self.seconds = seconds


class ChatGone(DeliveryError):
    """The bot was blocked, kicked or removed: pause the chat's deliveries, don't retry."""


class ChatMoved(DeliveryError):
    """The chat has a new id (Telegram group -> supergroup); resend there."""

    def __init__(self, new_platform_chat_id: str) -> None:
        super().__init__(f"chat moved to {new_platform_chat_id}")
        self.new_platform_chat_id = new_platform_chat_id


class Adapter(Protocol):
    platform: str  # "console", "telegram", "slack": the `Chat.platform` it serves

    async def start(self) -> None:
        """Connect (long polling, Socket Mode) or get ready for webhooks; fail clearly."""

    async def stop(self) -> None: ...

    def routes(self) -> list[web.RouteDef]:
        """HTTP routes on the service's one server (webhooks, Slack events); may be empty."""
        ...

    async def send(self, chat: Chat, reply: Reply) -> list[str]:
        """Deliver one reply (a briefing may become several messages); return message ids.

        Raises `RetryAfter`, `ChatGone`, `ChatMoved` or `DeliveryError`.
        """
        ...
