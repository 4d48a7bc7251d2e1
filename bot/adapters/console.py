"""The console adapter: replies as plain text on a terminal, or as JSON lines in a file.

Console chats (platform "console") need no tokens, so everything can be tried locally; the
local user is the admin of every console chat.

With a file as output, each delivered message is one JSON line carrying its delivery key,
appended with a single write; `find_delivered` reads them back, which lets the outbox tell
whether a send interrupted by a crash went out (see `bot.delivery`).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from aiohttp import web

from bot.domain import Chat
from bot.render.text import render_text
from bot.replies import Reply

PLATFORM = "console"


class ConsoleAdapter:
    platform = PLATFORM

    def __init__(self, output: str | Path | TextIO | None = None) -> None:
        """`output`: a stream, "-" or None for stdout, or the path of a JSON-lines file."""
        self._stream: TextIO | None = None
        self._path: Path | None = None
        if output is None or output == "-":
            self._stream = sys.stdout
        elif isinstance(output, str | Path):
            self._path = Path(output)
        else:
            self._stream = output
        self._lock = asyncio.Lock()

    async def start(self) -> None:
        if self._path is not None:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            self._path.touch()

    async def stop(self) -> None:
        if self._stream is not None:
            self._stream.flush()

    def routes(self) -> list[web.RouteDef]:
        return []

    async def is_admin(self, chat: Chat, user_id: str) -> bool:
        return True  # whoever holds the terminal runs the bot

    async def send(self, chat: Chat, reply: Reply) -> list[str]:
        message_id = uuid.uuid4().hex[:12]
        text = render_text(reply)
        async with self._lock:
            if self._path is not None:
                record = {
                    "message_id": message_id,
                    "chat": chat.platform_chat_id,
                    "key": reply.extra.get("delivery_key"),
                    "at": datetime.now(UTC).isoformat(),
                    "text": text,
                }
                await asyncio.to_thread(_append_line, self._path, json.dumps(record) + "\n")
            else:
                assert self._stream is not None
                header = f"-- briefbot -> {chat.title or chat.platform_chat_id} --"
                self._stream.write(f"{header}\n{text}\n\n")
                self._stream.flush()
        return [message_id]

    async def find_delivered(self, chat: Chat, key: str) -> list[str] | None:
        """Message ids already written for this delivery key; None when output is a stream."""
        if self._path is None:
            return None
        async with self._lock:
            return await asyncio.to_thread(_find, self._path, chat.platform_chat_id, key)


def _append_line(path: Path, line: str) -> None:
    # One O_APPEND write(2) per message, not a buffered file: a kill leaves whole lines.
    data = line.encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        written = os.write(fd, data)
        if written != len(data):
            raise OSError(f"short write to {path}")
    finally:
        os.close(fd)


def read_deliveries(path: Path) -> list[dict[str, str]]:
    """Every message a file-output console adapter wrote (used by tests and `briefbot`)."""
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            continue  # blank, or cut short by a full disk: not a delivered message
    return out


def _find(path: Path, chat_id: str, key: str) -> list[str]:
    return [
        r["message_id"] for r in read_deliveries(path) if r["key"] == key and r["chat"] == chat_id
    ]
