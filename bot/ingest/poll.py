"""One poll: claim due feeds, fetch, parse, complete teasers, store, and schedule the next.

Time-driven work is data: when a feed is next polled lives in `feeds.next_poll_at` (with the
server's floor in `not_before`), so a tick only claims what is due and any instance can run
it. Every feed's failure is recorded on that feed; one bad feed never stops a poll.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from bot.config import IngestSettings, Settings
from bot.domain import Chat, Feed
from bot.ingest.dedupe import normalise_url
from bot.ingest.fetch import Fetcher, FetchError, FetchResult
from bot.ingest.fulltext import complete_all, needs_full_text
from bot.ingest.guard import UnsafeURLError, check_url
from bot.ingest.parse import ParsedFeed, ParseError, ParserPool, parse_feed
from bot.store.articles import AddOutcome, ArticleDraft
from bot.store.feeds import PollResult

if TYPE_CHECKING:
    from bot.extraction import ExtractorPool
    from bot.store import Store

log = logging.getLogger(__name__)

_JITTER = 0.1  # +-10% of the interval, so feeds added together drift apart
_THREAD_PARSE_BYTES = 256 * 1024  # bigger documents are parsed in a thread
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
Status = Literal["updated", "not_modified", "failed", "paused"]


@dataclass(frozen=True, slots=True)
class FeedOutcome:
    feed: Feed
    status: Status
    entries: int = 0
    new_ids: tuple[int, ...] = ()
    linked: int = 0
    seen: int = 0
    error: str | None = None
    warning: str | None = None


@dataclass(slots=True)
class PollReport:
    outcomes: list[FeedOutcome] = field(default_factory=list)
    extracted: int = 0

    def _count(self, *statuses: Status) -> int:
        return sum(1 for o in self.outcomes if o.status in statuses)

    @property
    def feeds(self) -> int:
        return len(self.outcomes)

    @property
    def updated(self) -> int:
        return self._count("updated")

    @property
    def not_modified(self) -> int:
        return self._count("not_modified")

    @property
    def failed(self) -> int:
        return self._count("failed", "paused")

    @property
    def paused(self) -> list[Feed]:
        return [o.feed for o in self.outcomes if o.status == "paused"]

    @property
    def entries(self) -> int:
        return sum(o.entries for o in self.outcomes)

    @property
    def new_article_ids(self) -> list[int]:
        return [i for o in self.outcomes for i in o.new_ids]

    @property
    def new_articles(self) -> int:
        return sum(len(o.new_ids) for o in self.outcomes)

    @property
    def linked(self) -> int:
        return sum(o.linked for o in self.outcomes)

    @property
    def errors(self) -> list[str]:
        """One line per failed feed: which feed, and what went wrong."""
        return [
            f"feed {o.feed.id} ({o.feed.title or o.feed.url}): {o.error}"
            for o in self.outcomes
            if o.error
        ]

    def summary(self) -> str:
        return (
            f"{self.feeds} feeds: {self.updated} updated, {self.not_modified} unchanged,"
            f" {self.failed} failed; {self.new_articles} new articles,"
            f" {self.linked} more sources of known ones"
        )


# Called after each feed with its outcome, how many feeds are done, and how many in all.
Progress = Callable[[FeedOutcome, int, int], None]


def _ingest(settings: Settings | IngestSettings) -> IngestSettings:
    return settings.ingest if isinstance(settings, Settings) else settings


def jittered(seconds: float) -> float:
    return seconds * (1 + random.uniform(-_JITTER, _JITTER))


def error_delay(interval: int, consecutive_errors: int, settings: IngestSettings) -> float:
    """The wait after the n-th error in a row: the interval, doubling from the threshold."""
    doublings = consecutive_errors - settings.backoff_after_errors + 1
    if doublings <= 0:
        return float(interval)
    return float(max(interval, min(interval * 2 ** min(doublings, 32), settings.max_backoff)))


def _floor(now: datetime, *hints: float | None) -> datetime | None:
    """The server's 'not before' from its hints (capped: a hint never silences a feed)."""
    seconds = max((h for h in hints if h is not None and h > 0), default=None)
    return None if seconds is None else now + timedelta(seconds=seconds)


# -- feed URLs ---------------------------------------------------------------------------------


def local_feed_url(text: str) -> str | None:
    """A file:// URL for a local path or file:// URL (config and CLI only), else None."""
    text = text.strip()
    if text.lower().startswith("file:"):
        return text
    if _SCHEME.match(text) and not re.match(r"^[a-zA-Z]:[\\/]", text):
        return None
    return Path(text).expanduser().resolve().as_uri()


async def validate_feed_url(url: str, settings: Settings | IngestSettings) -> str:
    """The normalised URL of a feed an admin wants to add from chat, or UnsafeURLError.

    Only http(s); the host must resolve to public addresses (unless allowed by settings).
    """
    ingest = _ingest(settings)
    url = url.strip().strip("<>")
    if not url:
        raise UnsafeURLError("give the feed's URL, e.g. https://example.org/feed.xml")
    if url.startswith(("/", "~", ".", "\\")) or url.lower().startswith("file:"):
        raise UnsafeURLError(
            "local files can only be added in the config file (ingest.feeds) or with the CLI"
        )
    if not _SCHEME.match(url) or re.match(r"^[\w.-]+:\d+", url):
        url = f"https://{url}"  # "example.org/feed" as people paste it
    url = normalise_url(url)
    return await check_url(url, ingest, resolve=True, timeout=ingest.connect_timeout)


async def sync_config_feeds(store: Store, settings: Settings) -> list[Feed]:
    """Make sure every feed of `ingest.feeds` is in the table (relative paths from the cwd)."""
    feeds: list[Feed] = []
    for entry in settings.ingest.feeds:
        local = local_feed_url(entry)
        url = local or normalise_url(entry)
        existing = await store.feeds.by_url(url)
        if existing is None:
            from bot.store import AlreadyExists

            try:
                existing = await store.feeds.add(
                    url,
                    kind="file" if local else "http",
                    interval_seconds=settings.ingest.default_interval,
                )
            except AlreadyExists:  # another instance added it meanwhile
                existing = await store.feeds.by_url(url)
                assert existing is not None
        feeds.append(existing)
    return feeds


# -- polling -----------------------------------------------------------------------------------


async def _parse(result: FetchResult, now: datetime, parser: ParserPool | None) -> ParsedFeed:
    if parser is not None:
        return await parser.parse(result.content, url=result.url, headers=result.headers, now=now)
    if len(result.content) > _THREAD_PARSE_BYTES:
        return await asyncio.to_thread(
            parse_feed, result.content, url=result.url, headers=result.headers, now=now
        )
    return parse_feed(result.content, url=result.url, headers=result.headers, now=now)


class _Writer:
    """Group commit: feeds hand their results to one task that stores them in batches.

    Every commit costs an fsync on SQLite (and a round trip on PostgreSQL), and every
    statement a fixed overhead; a thousand feeds finishing together become a few
    transactions instead of two thousand. While other feeds of the poll are still in flight,
    the writer waits up to `linger` seconds for them to join a batch (feeds parsed one after
    another would otherwise each be written alone); the last ones never wait.
    """

    def __init__(
        self, store: Store, *, expected: int = 0, max_batch: int = 200, linger: float = 0.1
    ) -> None:
        self._store = store
        self._max_batch = max_batch
        self._linger = linger
        self._outstanding = expected  # feeds of this poll that have not submitted yet
        self._queue: asyncio.Queue[_Job | None] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> _Writer:
        self._task = asyncio.create_task(self._run())
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._queue.put(None)
        if self._task is not None:
            await self._task

    async def submit(
        self, result: PollResult, drafts: Sequence[ArticleDraft] | None = None
    ) -> AddOutcome | None:
        future: asyncio.Future[AddOutcome | None] = asyncio.get_running_loop().create_future()
        self._outstanding -= 1
        await self._queue.put(_Job(result, drafts, future))
        return await future

    async def _collect(self, first: _Job) -> tuple[list[_Job], bool]:
        """A batch starting with `first`, and whether the writer was told to stop."""
        batch = [first]
        deadline = asyncio.get_running_loop().time() + self._linger
        while len(batch) < self._max_batch:
            if self._queue.empty():
                if self._outstanding <= 0:
                    break
                try:
                    async with asyncio.timeout_at(deadline):
                        more = await self._queue.get()
                except TimeoutError:
                    break
            else:
                more = self._queue.get_nowait()
            if more is None:
                return batch, True
            batch.append(more)
        return batch, False

    async def _run(self) -> None:
        done = False
        while not done:
            job = await self._queue.get()
            if job is None:
                return
            batch, done = await self._collect(job)
            try:
                await self._write(batch)
            except Exception as exc:
                if len(batch) == 1:
                    if not batch[0].future.done():
                        batch[0].future.set_exception(exc)
                    continue
                for single in batch:  # find the one that fails; store the others
                    try:
                        await self._write([single])
                    except Exception as single_exc:
                        if not single.future.done():
                            single.future.set_exception(single_exc)

    async def _write(self, batch: list[_Job]) -> None:
        with_items = [job for job in batch if job.drafts]
        outcomes = await self._store.articles.add_from_feeds(
            [(job.result.feed_id, job.drafts or ()) for job in with_items], now=batch[0].result.now
        ) if with_items else []  # fmt: skip
        await self._store.feeds.record_results([job.result for job in batch])
        added = {id(job): outcome for job, outcome in zip(with_items, outcomes, strict=True)}
        for job in batch:
            if not job.future.done():
                job.future.set_result(added.get(id(job)))


@dataclass(frozen=True, slots=True)
class _Job:
    result: PollResult
    drafts: Sequence[ArticleDraft] | None
    future: asyncio.Future[AddOutcome | None]


async def _fresh_drafts(
    store: Store, fetcher: Fetcher, feed: Feed, parsed: ParsedFeed, ingest: IngestSettings
) -> tuple[list[ArticleDraft], int]:
    """Drafts of the items this feed never delivered (teasers completed), and how many it had."""
    fresh, known = list(parsed.entries), set()
    if any(needs_full_text(e, ingest.fulltext_min_words) for e in fresh):
        # Only items this feed never delivered are worth a page fetch. (Without teasers the
        # store's own check, in the write transaction, is enough: one query fewer per feed.)
        keys = [e.entry_key for e in parsed.entries]
        known = await store.articles.known_entry_keys(feed.id, keys)
        fresh = [e for e in parsed.entries if e.entry_key not in known]
    completed = await complete_all(fetcher, fresh, ingest.fulltext_min_words)
    drafts = [
        ArticleDraft(
            uid=c.entry.uid,
            entry_key=c.entry.entry_key,
            url=c.entry.link,
            title=c.entry.title or None,
            text=c.entry.text,
            text_hash=c.entry.text_hash,
            published_at=c.entry.published_at,
            author=c.entry.author,
            note=c.note,
        )
        for c in completed
    ]
    return drafts, len(known)


def _capped(seconds: float | None, ingest: IngestSettings) -> float | None:
    return None if seconds is None else min(seconds, ingest.max_backoff)


async def _poll_one(
    store: Store, ingest: IngestSettings, fetcher: Fetcher, feed: Feed, now: datetime,
    writer: _Writer, parser: ParserPool | None,
) -> FeedOutcome:  # fmt: skip
    next_poll = now + timedelta(seconds=jittered(feed.interval_seconds))
    try:
        result = await fetcher.fetch_feed(feed)
        not_before = _floor(now, _capped(result.max_age, ingest))
        success = PollResult(
            feed.id, now, next_poll, not_before,
            etag=result.etag, last_modified=result.last_modified,
        )  # fmt: skip
        if result.not_modified:
            await writer.submit(success)
            return FeedOutcome(feed, "not_modified")
        parsed = await _parse(result, now, parser)
        drafts, seen = await _fresh_drafts(store, fetcher, feed, parsed, ingest)
        ttl = _capped(parsed.ttl_seconds, ingest)
        success = dataclasses.replace(
            success, title=parsed.title, ttl_seconds=int(ttl) if ttl else None
        )
        added = await writer.submit(success, drafts)
        return FeedOutcome(
            feed,
            "updated",
            entries=len(parsed.entries),
            new_ids=added.new_ids if added else (),
            linked=added.linked if added else 0,
            seen=seen + (added.seen if added else 0),
            warning=parsed.warning,
        )
    except (FetchError, ParseError) as exc:
        error, retry_after = str(exc), getattr(exc, "retry_after", None)
    except Exception as exc:  # a bug or a hostile document: record it on the feed, go on
        log.exception("polling feed %s (%s) failed", feed.id, feed.url)
        error, retry_after = f"internal error: {exc.__class__.__name__}: {exc}", None
    errors = feed.consecutive_errors + 1
    pause = errors >= ingest.pause_after_errors
    next_poll = now + timedelta(
        seconds=jittered(error_delay(feed.interval_seconds, errors, ingest))
    )
    not_before = _floor(now, _capped(retry_after, ingest))
    if not_before is not None:
        next_poll = max(next_poll, not_before)
    log.info("feed %s (%s): %s [%d in a row]", feed.id, feed.url, error, errors)
    failure = PollResult(
        feed.id, now, next_poll, not_before, error=error, consecutive_errors=errors, pause=pause
    )
    try:
        await writer.submit(failure)
    except Exception:  # the store itself is failing: nothing more to record this round
        log.exception("recording the failure of feed %s failed", feed.id)
    return FeedOutcome(feed, "paused" if pause else "failed", error=error)


async def poll_feeds(
    store: Store,
    settings: Settings | IngestSettings,
    fetcher: Fetcher,
    feeds: Sequence[Feed],
    *,
    now: datetime,
    extractor: ExtractorPool | None = None,
    progress: Progress | None = None,
    parser: ParserPool | None = None,
) -> PollReport:
    """Poll these feeds now (concurrently, within the fetcher's limits); paused ones are skipped."""
    ingest = _ingest(settings)
    report = PollReport()
    active = [feed for feed in feeds if not feed.paused]

    async def one(feed: Feed, writer: _Writer) -> None:
        outcome = await _poll_one(store, ingest, fetcher, feed, now, writer, parser)
        report.outcomes.append(outcome)
        if progress is not None:
            progress(outcome, len(report.outcomes), len(active))

    async with _Writer(store, expected=len(active)) as writer:
        await asyncio.gather(*(one(feed, writer) for feed in active))
    report.outcomes.sort(key=lambda o: o.feed.id)
    if extractor is not None and report.new_articles:
        report.extracted = await extractor.extract_pending(store)
    return report


def claim_lease(settings: IngestSettings) -> timedelta:
    """How long a claimed feed stays taken: longer than any one poll of it can last."""
    return timedelta(seconds=max(600, 4 * settings.total_timeout * (settings.max_redirects + 1)))


async def poll_due(
    store: Store,
    settings: Settings | IngestSettings,
    fetcher: Fetcher,
    *,
    now: datetime,
    extractor: ExtractorPool | None = None,
    limit: int = 1000,
    progress: Progress | None = None,
    parser: ParserPool | None = None,
) -> PollReport:
    """Claim the feeds due at `now` (safe with several instances) and poll them."""
    ingest = _ingest(settings)
    feeds = await store.feeds.claim_due(now, lease_until=now + claim_lease(ingest), limit=limit)
    if not feeds:
        return PollReport()
    return await poll_feeds(
        store,
        ingest,
        fetcher,
        feeds,
        now=now,
        extractor=extractor,
        progress=progress,
        parser=parser,
    )


async def take_pause_notices(store: Store) -> list[tuple[Feed, list[Chat]]]:
    """Feeds newly paused after too many errors, with the chats to tell; marks them told."""
    return await store.feeds.take_pause_notices()


def pause_notice(feed: Feed) -> str:
    """The one message admins of a subscribed chat get when a feed is paused."""
    name = feed.title or feed.url
    return (
        f"Feed paused after {feed.consecutive_errors} failed polls in a row: {name}\n"
        f"Last error: {feed.last_error or 'unknown'}\n"
        f"An admin can resume it with 'resume N' (N from 'feeds'),"
        f" or on the server: briefbot feeds resume {feed.id}"
    )
