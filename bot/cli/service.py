"""`briefbot run` (the service), `briefbot chat` (a console chat) and `briefbot ask` (one command).

The console chat is a chat like any other (platform "console", id "console"): the same
commands, the same store, so everything can be tried without any token. Its user is the
admin, and may add local feed files.
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import contextlib
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.domain import Chat
from bot.replies import Reply
from bot.store import Store

HISTORY = Path.home() / ".briefbot_history"
QUIT = {"quit", "exit", "/quit", "/exit", ":q"}


def register(subparsers: Any) -> None:
    run = subparsers.add_parser(
        "run", help="run the service: polls, briefings, delivery, /healthz and /metrics"
    )
    run.set_defaults(handler=run_service)

    chat = subparsers.add_parser(
        "chat", help="talk to the bot in the terminal, as the console chat"
    )
    chat.set_defaults(handler=run_chat)

    ask = subparsers.add_parser(
        "ask",
        help='run one command as the console chat, e.g. "who 1" (exit status 1 if it failed)',
    )
    ask.add_argument("text", nargs="+", help="the command and its arguments")
    ask.set_defaults(handler=run_ask)


async def run_service(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import App

    await App(settings).run()
    return 0


async def _answer(store: Store, settings: Settings, chat: Chat, text: str) -> Reply:
    from bot.commands import CommandContext, dispatch

    async def is_admin() -> bool:
        return True  # whoever holds the terminal runs the bot

    context = CommandContext(
        store=store,
        settings=settings,
        chat=chat,
        user_id="console",
        is_admin=is_admin,
        now=datetime.now(UTC),
        platform="console",
        allow_local_feeds=True,
    )
    return await dispatch(context, text)


async def _console_chat(store: Store, settings: Settings) -> Chat:
    from bot.cli.brief import console_chat

    return await console_chat(store, settings)


async def run_ask(args: argparse.Namespace, settings: Settings) -> int:
    from bot.render.text import render_text

    text = " ".join(args.text).strip()
    async with await Store.open(settings.database_url()) as store:
        chat = await _console_chat(store, settings)
        reply = await _answer(store, settings, chat, text)
    print(render_text(reply))
    return 1 if reply.is_error else 0


def _enable_history() -> None:
    try:
        import readline
    except ImportError:  # not on every platform; history is a nicety
        return
    with contextlib.suppress(OSError):
        readline.read_history_file(HISTORY)
    readline.set_history_length(1000)

    def save() -> None:
        with contextlib.suppress(OSError):
            readline.write_history_file(HISTORY)

    atexit.register(save)


def run_chat(args: argparse.Namespace, settings: Settings) -> int:
    """A REPL. Synchronous around `input()` (one event loop kept across lines), so Ctrl-C
    and Ctrl-D behave as in any terminal program."""
    from bot.render.text import render_text

    interactive = sys.stdin.isatty()
    if interactive:
        _enable_history()
        print("briefbot console chat: type a command (help lists them), quit or Ctrl-D to leave.")
    with asyncio.Runner() as runner:
        store = runner.run(Store.open(settings.database_url()))
        try:
            chat = runner.run(_console_chat(store, settings))
            while True:
                try:
                    line = input("briefbot> " if interactive else "")
                except EOFError:
                    break
                text = line.strip()
                if not text:
                    continue
                if text.lower() in QUIT:
                    break
                reply = runner.run(_answer(store, settings, chat, text))
                print(render_text(reply) + "\n", flush=True)
                chat = runner.run(store.chats.get(chat.id))  # settings may have changed
        finally:
            runner.run(store.close())
    if interactive:
        print()
    return 0
