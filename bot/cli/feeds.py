"""`briefbot feeds ...`: add, remove, list, pause, resume, import, export and poll feeds.

Local files (a path or a file:// URL) can be added here and in the config file, never from
chat: whoever runs the CLI already has the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from bot.cli.errors import UsageError
from bot.config import Settings, parse_duration

if TYPE_CHECKING:
    from bot.domain import Feed
    from bot.ingest.poll import FeedOutcome, PollReport
    from bot.store import Store

_IDLE_MIN, _IDLE_MAX = 5.0, 300.0  # `feeds poll` sleeps between these until the next due feed


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("feeds", help="manage and poll the feeds")
    commands = parser.add_subparsers(dest="feeds_command", metavar="ACTION")
    commands.required = True

    add = commands.add_parser("add", help="add a feed (URL, or a local file path)")
    add.add_argument("url", metavar="URL")
    add.add_argument("--interval", help="poll interval, e.g. 15m (default ingest.default_interval)")
    add.add_argument("--title", help="a title (default: the feed's own)")
    add.set_defaults(handler=add_feed)

    remove = commands.add_parser("remove", help="remove a feed and its subscriptions")
    remove.add_argument("feed", metavar="ID|URL")
    remove.set_defaults(handler=remove_feed)

    listing = commands.add_parser("list", help="a table of the feeds and how polling goes")
    listing.set_defaults(handler=list_feeds)

    pause = commands.add_parser("pause", help="stop polling a feed")
    pause.add_argument("feed", metavar="ID|URL")
    pause.set_defaults(handler=pause_feed)

    resume = commands.add_parser("resume", help="poll a paused feed again, now")
    resume.add_argument("feed", metavar="ID|URL")
    resume.set_defaults(handler=resume_feed)

    opml_in = commands.add_parser("import", help="add the feeds of an OPML file")
    opml_in.add_argument("file", metavar="FILE.opml", type=Path)
    opml_in.set_defaults(handler=import_feeds)

    opml_out = commands.add_parser("export", help="print the feeds as OPML")
    opml_out.set_defaults(handler=export_feeds)

    poll = commands.add_parser("poll", help="poll due feeds (repeatedly, or --once)")
    poll.add_argument("--once", action="store_true", help="one round, then exit")
    poll.add_argument("--all", action="store_true", help="poll every active feed, due or not")
    poll.add_argument(
        "--no-extract", action="store_true", help="skip key-point extraction of new articles"
    )
    poll.set_defaults(handler=poll_command)


def _open(settings: Settings) -> Any:
    from bot.store import Store

    return Store.open(settings.database_url())


async def _find(store: Store, ref: str) -> Feed:
    from bot.ingest.dedupe import normalise_url
    from bot.ingest.poll import local_feed_url
    from bot.store import NotFound

    ref = ref.strip()
    if ref.isdigit():
        try:
            return await store.feeds.get(int(ref))
        except NotFound as exc:
            raise UsageError(f"no feed with id {ref} (see: briefbot feeds list)") from exc
    for candidate in (ref, normalise_url(ref), local_feed_url(ref)):
        if candidate and (feed := await store.feeds.by_url(candidate)) is not None:
            return feed
    raise UsageError(f"no feed {ref!r} (see: briefbot feeds list)")


async def _feed_url(text: str, settings: Settings) -> tuple[str, str]:
    """(url, kind) for what the user typed: http(s) checked by the guard, or a local file."""
    from bot.ingest.guard import UnsafeURLError
    from bot.ingest.poll import local_feed_url, validate_feed_url

    local = local_feed_url(text)
    if local is not None:
        from urllib.parse import urlsplit
        from urllib.request import url2pathname

        path = Path(url2pathname(urlsplit(local).path))
        if not await asyncio.to_thread(path.is_file):
            raise UsageError(f"no such file: {path}")
        return local, "file"
    try:
        return await validate_feed_url(text, settings), "http"
    except UnsafeURLError as exc:
        raise UsageError(str(exc)) from exc


async def add_feed(args: argparse.Namespace, settings: Settings) -> int:
    from bot.store import AlreadyExists

    interval = settings.ingest.default_interval
    if args.interval:
        try:
            interval = parse_duration(args.interval)
        except ValueError as exc:
            raise UsageError(f"--interval {args.interval!r}: {exc}") from exc
    url, kind = await _feed_url(args.url, settings)
    async with await _open(settings) as store:
        try:
            feed = await store.feeds.add(
                url, title=args.title, kind=kind, interval_seconds=interval
            )
        except AlreadyExists as exc:
            existing = await store.feeds.by_url(url)
            which = f" as feed {existing.id}" if existing else ""
            raise UsageError(f"{url} is already a feed{which}") from exc
    print(f"added feed {feed.id}: {feed.url} (every {_duration(interval)})")
    return 0


async def remove_feed(args: argparse.Namespace, settings: Settings) -> int:
    async with await _open(settings) as store:
        feed = await _find(store, args.feed)
        await store.feeds.remove(feed.id)
    print(f"removed feed {feed.id}: {feed.url}")
    return 0


async def pause_feed(args: argparse.Namespace, settings: Settings) -> int:
    async with await _open(settings) as store:
        feed = await store.feeds.pause((await _find(store, args.feed)).id)
    print(f"paused feed {feed.id}: {feed.url}")
    return 0


async def resume_feed(args: argparse.Namespace, settings: Settings) -> int:
    async with await _open(settings) as store:
        feed = await store.feeds.resume((await _find(store, args.feed)).id)
    print(f"resumed feed {feed.id}: {feed.url} (polled on the next round)")
    return 0


def _duration(seconds: float) -> str:
    seconds = int(abs(seconds))
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def _when(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "-"
    delta = (moment - now).total_seconds()
    if abs(delta) < 60:
        return "now"
    return f"in {_duration(delta)}" if delta > 0 else f"{_duration(delta)} ago"


def _status(feed: Feed) -> str:
    if feed.paused:
        return "paused"
    if feed.consecutive_errors:
        return f"failing({feed.consecutive_errors})"
    return "ok" if feed.last_success_at else "new"


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def feed_table(feeds: list[Feed], now: datetime) -> str:
    header = ("ID", "STATUS", "FEED", "LAST SUCCESS", "NEXT POLL", "ARTICLES", "LAST ERROR")
    rows = [
        (
            str(f.id),
            _status(f),
            _clip(f.title or f.url, 40),
            _when(f.last_success_at, now),
            "paused" if f.paused else _when(f.next_poll_at, now),
            str(f.article_count),
            _clip(f.last_error or "", 60) or "-",
        )
        for f in feeds
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
             for row in [header, *rows]]  # fmt: skip
    return "\n".join(lines)


async def list_feeds(args: argparse.Namespace, settings: Settings) -> int:
    async with await _open(settings) as store:
        feeds = await store.feeds.list()
    if not feeds:
        print("No feeds yet: add one with `briefbot feeds add URL`.")
        return 0
    print(feed_table(feeds, datetime.now(UTC)))
    return 0


async def import_feeds(args: argparse.Namespace, settings: Settings) -> int:
    from bot.ingest.guard import UnsafeURLError
    from bot.ingest.opml import OpmlError, parse_opml
    from bot.ingest.poll import validate_feed_url
    from bot.store import AlreadyExists

    try:
        entries = parse_opml(args.file.read_bytes())
    except OSError as exc:
        raise UsageError(f"cannot read {args.file}: {exc.strerror or exc}") from exc
    except OpmlError as exc:
        raise UsageError(f"{args.file}: {exc}") from exc
    added = present = refused = 0
    async with await _open(settings) as store:
        for entry in entries:
            try:
                url = await validate_feed_url(entry.url, settings)
                await store.feeds.add(
                    url, title=entry.title, interval_seconds=settings.ingest.default_interval
                )
                added += 1
            except AlreadyExists:
                present += 1
            except UnsafeURLError as exc:
                refused += 1
                print(f"briefbot: skipped {entry.url}: {exc}", file=sys.stderr)
    print(f"imported {added} feeds ({present} already present, {refused} refused)")
    return 0 if not refused else 1


async def export_feeds(args: argparse.Namespace, settings: Settings) -> int:
    from bot.ingest.opml import export_opml

    async with await _open(settings) as store:
        feeds = await store.feeds.list()
    sys.stdout.write(export_opml(feeds) + "\n")
    return 0


class ProgressBar:
    """One self-rewriting line on a terminal; silent otherwise."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self.enabled = stream.isatty()
        self.failed = 0

    def __call__(self, outcome: FeedOutcome, done: int, total: int) -> None:
        self.failed += outcome.status in {"failed", "paused"}
        if not self.enabled or total == 0:
            return
        filled = self.width * done // total
        bar = "#" * filled + "-" * (self.width - filled)
        failed = f", {self.failed} failed" if self.failed else ""
        self.stream.write(f"\r[{bar}] {done}/{total} feeds{failed}")
        if done == total:
            self.stream.write("\n")
        self.stream.flush()


def _print_report(report: PollReport) -> None:
    print(report.summary())
    for line in report.errors:
        print(f"briefbot: {line}", file=sys.stderr)
    for feed in report.paused:
        print(f"briefbot: feed {feed.id} is now paused (resume with: briefbot feeds resume "
              f"{feed.id})", file=sys.stderr)  # fmt: skip


async def _idle_seconds(store: Store, now: datetime) -> float:
    upcoming = [
        max(f.next_poll_at, now)
        for f in await store.feeds.list()
        if not f.paused and f.next_poll_at
    ]
    if not upcoming:
        return _IDLE_MAX
    wait = (min(upcoming) - now).total_seconds()
    return min(_IDLE_MAX, max(_IDLE_MIN, wait))


async def poll_command(args: argparse.Namespace, settings: Settings) -> int:
    from bot.ingest import Fetcher, ParserPool, poll_due, poll_feeds, sync_config_feeds

    async with contextlib.AsyncExitStack() as stack:
        store = await stack.enter_async_context(await _open(settings))
        await sync_config_feeds(store, settings)
        fetcher = await stack.enter_async_context(Fetcher(settings))
        parser = await stack.enter_async_context(ParserPool())
        pool = None
        if not args.no_extract:
            from bot.extraction import ExtractorPool

            pool = await stack.enter_async_context(ExtractorPool(settings))
        while True:
            now = datetime.now(UTC)
            bar = ProgressBar(sys.stdout)
            if args.all:
                feeds = await store.feeds.list()
                report = await poll_feeds(
                    store,
                    settings,
                    fetcher,
                    feeds,
                    now=now,
                    extractor=pool,
                    progress=bar,
                    parser=parser,
                )
            else:
                report = await poll_due(
                    store, settings, fetcher, now=now, extractor=pool, progress=bar, parser=parser
                )
            _print_report(report)
            if args.once:
                return 1 if report.failed and report.failed == report.feeds else 0
            await asyncio.sleep(await _idle_seconds(store, datetime.now(UTC)))
    return 0
