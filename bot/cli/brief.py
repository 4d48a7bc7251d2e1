"""`briefbot brief`: poll the console chat's feeds, extract, cluster and print a briefing.

The console is a chat like any other (platform "console"), with its own "last briefing", so a
second run with nothing new says so; `--all` prints everything again.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from bot.config import Settings

if TYPE_CHECKING:
    from bot.domain import Chat
    from bot.extraction import ExtractorPool
    from bot.store import Store

CONSOLE = ("console", "console")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "brief", help="poll the feeds and print a briefing to the terminal"
    )
    parser.add_argument(
        "--once", action="store_true", help="one briefing, then exit (default: repeat every poll)"
    )
    parser.add_argument(
        "--all", action="store_true", help="include stories already shown in an earlier briefing"
    )
    parser.set_defaults(handler=run_brief)


async def console_chat(store: Store, settings: Settings) -> Chat:
    from bot.ingest import sync_config_feeds

    chat = await store.chats.ensure(
        *CONSOLE,
        title="console",
        timezone=settings.briefing.default_timezone,
        schedule=settings.briefing.default_schedule,
        max_stories=settings.briefing.max_stories,
    )
    for feed in await sync_config_feeds(store, settings):
        await store.chats.subscribe(chat.id, feed.id)
    return chat


async def brief_once(
    store: Store, settings: Settings, chat: Chat, pool: ExtractorPool, *, include_seen: bool
) -> str:
    from bot.briefing import compose_briefing
    from bot.ingest import Fetcher, poll_feeds
    from bot.render.text import render_text
    from bot.stories import update_stories

    now = datetime.now(UTC)
    feeds = await store.chats.feeds(chat.id)
    if not feeds:
        return "No feeds yet: add one with `briefbot feeds add URL`."
    async with Fetcher(settings) as fetcher:
        report = await poll_feeds(store, settings, fetcher, feeds, now=now)
    for problem in report.errors:
        print(f"briefbot: {problem}", file=sys.stderr)
    await pool.extract_pending(store)
    await update_stories(store, settings, now=now)
    composed = await compose_briefing(
        store, settings, chat, now=now, slot=f"cli:{now.isoformat()}", include_seen=include_seen
    )
    if composed is None:
        return "Nothing new since your last briefing (use --all to see everything again)."
    _, reply = composed
    return render_text(reply)


async def run_brief(args: argparse.Namespace, settings: Settings) -> int:
    # Imported here so that light commands (config check) start without the NLP stack.
    from bot.extraction import ExtractorPool
    from bot.store import Store

    async with await Store.open(settings.database_url()) as store:
        chat = await console_chat(store, settings)
        async with ExtractorPool(settings) as pool:
            while True:
                print(await brief_once(store, settings, chat, pool, include_seen=args.all))
                if args.once:
                    return 0
                await asyncio.sleep(settings.ingest.default_interval)
