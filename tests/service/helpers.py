"""Shared pieces of the service tests: a controlled clock and a scripted chat platform.

`ScriptedPlatform` stands in for a chat platform's API (what lies beyond the network): it
records what reached each chat and answers with the outcomes a test scripts, as the
Telegram/Slack adapters report them (`RetryAfter`, `ChatGone`, `ChatMoved`, `DeliveryError`).
"""

from __future__ import annotations

import asyncio
import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from aiohttp import web

from bot.domain import Chat
from bot.replies import Reply


@dataclass
class FakeClock:
    now: datetime = field(default_factory=lambda: datetime(2025, 3, 3, 7, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@dataclass
class ScriptedPlatform:
    platform: str = "fake"
    # platform_chat_id -> outcomes to raise, one per send attempt, before succeeding
    script: dict[str, list[Exception]] = field(default_factory=dict)
    received: dict[str, list[Reply]] = field(default_factory=lambda: defaultdict(list))
    delay: float = 0.0
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    def routes(self) -> list[web.RouteDef]:
        return []

    async def send(self, chat: Chat, reply: Reply) -> list[str]:
        if self.delay:
            await asyncio.sleep(self.delay)
        outcomes = self.script.get(chat.platform_chat_id)
        if outcomes:
            raise outcomes.pop(0)
        self.received[chat.platform_chat_id].append(reply)
        return [f"m{next(self._ids)}"]
