"""One APScheduler `AsyncIOScheduler` whose jobs only tick; the due work lives in the database.

Time-driven work is data (ARCHITECTURE.md rule 7): when each feed is next polled and each chat
next briefed are columns, not jobs. Every tick body below is a plain async function taking
`now`, which claims due rows with compare-and-set updates, so

- settings changed from a chat take effect at the next tick, with no job to reschedule;
- a restart rebuilds nothing: the first tick finds whatever became due while we were down;
- two instances on one PostgreSQL database never brief a chat twice for one slot.

A slot is the scheduled UTC time of a briefing. A chat whose slot passed while the service was
down is briefed once, for the latest slot, if that is within `briefing.missed_grace`; older
slots are skipped and the chat simply waits for its next time.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Collection
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.briefing import compose_briefing, compose_briefings
from bot.config import Settings
from bot.delivery import Clock, DeliveryWorker, backoff_seconds, briefing_key, utcnow
from bot.domain import Briefing, Chat
from bot.ingest import Fetcher, pause_notice, poll_due, take_pause_notices
from bot.metrics import Metrics
from bot.replies import Reply
from bot.schedule import next_briefing_at
from bot.store import Store
from bot.stories import update_stories

if TYPE_CHECKING:
    from bot.extraction import ExtractorPool

log = logging.getLogger(__name__)

_MAX_SLOT_STEPS = 10_000  # a schedule with more slots than this inside the grace is broken
_COMPOSE_ATTEMPTS = 5


def slot_id(when: datetime) -> str:
    """A slot's name: its UTC time to the second, e.g. 2025-03-30T06:30:00Z."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def latest_due_slot(chat: Chat, now: datetime, grace: timedelta) -> datetime | None:
    """The latest scheduled time in [max(next_briefing_at, now - grace), now], if any.

    After a long outage this is the one missed briefing still worth sending; slots before it
    are skipped rather than delivered in a burst.
    """
    due = chat.next_briefing_at
    if due is None or due > now:
        return None
    try:
        if next_briefing_at(chat.schedule, chat.timezone, due) is None:
            return None  # turned off after this time was set: nothing is due
    except ValueError:
        return None
    earliest = now - grace
    latest = due if due >= earliest else None
    after = max(due, earliest - timedelta(microseconds=1))
    for _ in range(_MAX_SLOT_STEPS):
        upcoming = next_briefing_at(chat.schedule, chat.timezone, after)
        if upcoming is None or upcoming > now:
            break
        if upcoming >= earliest:
            latest = upcoming
        after = upcoming
    return latest


async def schedule_new_chats(store: Store, *, now: datetime, platforms: Collection[str]) -> int:
    """Give chats without a next briefing time one (chats `off` keep none). Returns how many."""
    scheduled = 0
    cache: dict[tuple[str, str], datetime | None] = {}
    for chat in await store.deliveries.unscheduled_chats(platforms=platforms):
        key = (chat.schedule, chat.timezone)
        if key not in cache:
            try:
                cache[key] = next_briefing_at(chat.schedule, chat.timezone, now)
            except ValueError:
                log.warning("chat %d has an unreadable schedule %r", chat.id, chat.schedule)
                cache[key] = None
        if (upcoming := cache[key]) is None:
            continue
        claimed, _ = await store.deliveries.claim_slot(
            chat, advance_to=upcoming, key=None, slot=None, lease_until=now
        )
        scheduled += claimed
    return scheduled


async def brief_due_chats(
    store: Store,
    settings: Settings,
    *,
    now: datetime,
    platforms: Collection[str],
    metrics: Metrics | None = None,
) -> int:
    """Claim each due chat's slot, compose its briefing and queue it. Returns how many queued."""
    grace = timedelta(seconds=settings.briefing.missed_grace)
    lease = now + timedelta(seconds=settings.service.delivery_lease)
    queued = 0
    claims: list[tuple[Chat, int, str]] = []
    for chat in await store.deliveries.due_chats(now, platforms=platforms):
        try:
            advance_to = next_briefing_at(chat.schedule, chat.timezone, now)
        except ValueError:
            log.warning("chat %d has an unreadable schedule %r", chat.id, chat.schedule)
            advance_to = None
        slot = latest_due_slot(chat, now, grace)
        key = None if slot is None else briefing_key(chat.id, slot_id(slot))
        claimed, delivery_id = await store.deliveries.claim_slot(
            chat,
            advance_to=advance_to,
            key=key,
            slot=None if slot is None else slot_id(slot),
            lease_until=lease,
        )
        if not claimed:
            continue  # another instance took it, or the chat's settings changed meanwhile
        if slot is None:
            log.info(
                "chat %d: briefing at %s is past the grace period; skipped",
                chat.id,
                chat.next_briefing_at,
            )
            if metrics:
                metrics.briefings_missed.inc()
            continue
        if delivery_id is None:
            continue  # this slot was queued before (the schedule was set back): never twice
        claims.append((chat, delivery_id, slot_id(slot)))
    return queued + await _compose_claimed(store, settings, claims, now, metrics)


async def recover_compositions(
    store: Store, settings: Settings, *, now: datetime, metrics: Metrics | None = None
) -> int:
    """Redo compositions whose composer died after claiming the slot. Returns how many queued."""
    lease = now + timedelta(seconds=settings.service.delivery_lease)
    queued = 0
    for row in await store.deliveries.stale_compositions(now, lease):
        slot = str(row.payload.get("slot") or "")
        log.info("chat %d: composing the briefing for %s again", row.chat.id, slot)
        queued += await _compose(store, settings, row.chat, row.id, slot, now, metrics)
    return queued


async def _compose_claimed(
    store: Store,
    settings: Settings,
    claims: list[tuple[Chat, int, str]],
    now: datetime,
    metrics: Metrics | None,
) -> int:
    """Compose the claimed slots as one batch (the chats share their story reads). If the
    batch fails, each chat is composed on its own, so a failure is retried for that chat only.
    """
    if not claims:
        return 0
    try:
        composed = await compose_briefings(
            store, settings, [(chat, slot) for chat, _, slot in claims], now=now
        )
    except Exception:
        log.exception("composing %d briefings together failed; one by one now", len(claims))
        queued = 0
        for chat, delivery_id, slot in claims:
            queued += await _compose(store, settings, chat, delivery_id, slot, now, metrics)
        return queued
    queued = 0
    for (chat, delivery_id, _), result in zip(claims, composed, strict=True):
        queued += await _queue(store, chat, delivery_id, result, metrics)
    return queued


async def _compose(
    store: Store,
    settings: Settings,
    chat: Chat,
    delivery_id: int,
    slot: str,
    now: datetime,
    metrics: Metrics | None,
) -> int:
    try:
        composed = await compose_briefing(store, settings, chat, now=now, slot=slot)
    except Exception as exc:
        log.exception("chat %d: composing the briefing for %s failed", chat.id, slot)
        delay = backoff_seconds(1, settings.service.delivery_backoff)
        attempts = await store.deliveries.compose_failed(
            delivery_id, f"{exc.__class__.__name__}: {exc}", now + timedelta(seconds=delay)
        )
        if attempts >= _COMPOSE_ATTEMPTS:
            await store.deliveries.mark_failed(delivery_id, f"composing failed: {exc}")
        return 0
    return await _queue(store, chat, delivery_id, composed, metrics)


async def _queue(
    store: Store,
    chat: Chat,
    delivery_id: int,
    composed: tuple[Briefing, Reply] | None,
    metrics: Metrics | None,
) -> int:
    if composed is None:
        await store.deliveries.discard(delivery_id)  # nothing new since the last briefing
        return 0
    briefing, reply = composed
    await store.deliveries.attach(delivery_id, briefing.id, reply.to_dict())
    if metrics:
        metrics.briefings_composed.labels(chat.platform).inc()
    return 1


async def poll_and_update(
    store: Store,
    settings: Settings,
    fetcher: Fetcher,
    pool: ExtractorPool,
    *,
    now: datetime,
    metrics: Metrics | None = None,
) -> None:
    """Poll the due feeds, extract key points of new articles, and update the stories."""
    report = await poll_due(store, settings, fetcher, now=now)
    # Every tick, not only after new articles: picks up what a crash left unextracted.
    extracted = await pool.extract_pending(store)
    changed = await update_stories(store, settings, now=now)
    if metrics:
        metrics.polls.inc(report.feeds)
        metrics.poll_errors.inc(report.failed)
        metrics.articles.inc(report.new_articles)
        metrics.extracted.inc(extracted)
        metrics.stories_changed.inc(len(changed))


async def queue_pause_notices(store: Store, *, now: datetime) -> int:
    """Tell each chat subscribed to a feed that was paused for errors, through the outbox."""
    queued = 0
    for feed, chats in await take_pause_notices(store):
        reply = Reply.message(pause_notice(feed))
        for chat in chats:
            key = f"notice:feed-paused:{feed.id}:{chat.id}:{slot_id(now)}"
            await store.deliveries.enqueue(key, chat.id, None, reply.to_dict())
            queued += 1
    return queued


Tick = Callable[[datetime], Awaitable[object]]


class Scheduler:
    """Runs the tick bodies on one `AsyncIOScheduler`; shuts down after the running ticks end."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        worker: DeliveryWorker,
        *,
        fetcher: Fetcher | None = None,
        pool: ExtractorPool | None = None,
        metrics: Metrics | None = None,
        clock: Clock = utcnow,
        extra_ticks: dict[str, Tick] | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.worker = worker
        self.fetcher = fetcher
        self.pool = pool
        self.metrics = metrics or worker.metrics
        self.clock = clock
        self._extra = dict(extra_ticks or {})
        self._scheduler = AsyncIOScheduler(timezone=UTC)
        self._running: set[asyncio.Task[object]] = set()
        self._stopping = False
        self.ticks: Counter[str] = Counter()  # completed ticks per job (diagnostics, tests)

    @property
    def running(self) -> bool:
        return self._scheduler.running and not self._stopping

    def start(self) -> None:
        service = self.settings.service
        jobs: list[tuple[str, int, Tick]] = [
            ("briefings", service.briefing_tick, self.briefings),
            ("deliveries", service.delivery_tick, self.deliveries),
        ]
        if self.fetcher is not None and self.pool is not None:
            jobs.append(("poll", service.poll_tick, self.poll))
        jobs += [(name, service.briefing_tick, tick) for name, tick in self._extra.items()]
        first = datetime.now(UTC)
        for name, seconds, tick in jobs:
            self._scheduler.add_job(
                self._run,
                "interval",
                args=(name, tick),
                seconds=seconds,
                id=name,
                next_run_time=first,  # tick once at start: catch up on what fell due
                max_instances=1,
                coalesce=True,
                misfire_grace_time=None,
            )
        self._scheduler.start()

    async def stop(self, grace: float) -> None:
        """No new ticks; wait up to `grace` seconds for running ones, then stop the scheduler."""
        if self._stopping or not self._scheduler.running:
            return
        self._stopping = True
        self._scheduler.pause()
        if self._running:
            _, late = await asyncio.wait(set(self._running), timeout=grace)
            for task in late:
                task.cancel()
        self._scheduler.shutdown(wait=False)
        await asyncio.sleep(0)  # AsyncIOScheduler shuts down on the loop's next turn

    async def _run(self, name: str, tick: Tick) -> None:
        if self._stopping:
            return
        task = asyncio.current_task()
        assert task is not None
        self._running.add(task)
        try:
            await tick(self.clock())
        except asyncio.CancelledError:
            if self._stopping:  # our own shutdown cut it off; the work is claimed again later
                log.info("scheduler tick %r cut off by shutdown", name)
                return
            raise
        except Exception:
            log.exception("scheduler tick %r failed", name)
            self.metrics.tick_errors.labels(name).inc()
        finally:
            self._running.discard(task)
            self.ticks[name] += 1

    # -- the ticks -----------------------------------------------------------------------

    async def briefings(self, now: datetime) -> None:
        platforms = tuple(self.worker.adapters)
        await schedule_new_chats(self.store, now=now, platforms=platforms)
        queued = await recover_compositions(
            self.store, self.settings, now=now, metrics=self.metrics
        )
        queued += await brief_due_chats(
            self.store, self.settings, now=now, platforms=platforms, metrics=self.metrics
        )
        queued += await queue_pause_notices(self.store, now=now)
        if queued:
            await self.worker.run_once()  # don't wait for the next delivery tick

    async def deliveries(self, now: datetime) -> None:
        await self.worker.run_once()
        self.metrics.outbox_pending.set((await self.store.deliveries.stats()).pending)

    async def poll(self, now: datetime) -> None:
        assert self.fetcher is not None
        assert self.pool is not None
        await poll_and_update(
            self.store, self.settings, self.fetcher, self.pool, now=now, metrics=self.metrics
        )
