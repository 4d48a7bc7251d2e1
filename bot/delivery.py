"""Delivery through the outbox: a briefing is written down before it is sent.

`enqueue` stores the rendered `Reply` under an idempotency key (`briefing:<chat>:<slot>`), so
a slot is queued at most once however often it is composed. The `DeliveryWorker` claims due
rows with a lease, calls `adapter.send`, and records the outcome:

- sent: status `sent` with the platform's message ids;
- `RetryAfter`: tried again when the platform says (not counted as a failed attempt);
- `DeliveryError` (or any unexpected adapter error): exponential backoff, `failed` after
  `service.delivery_max_attempts` attempts;
- `ChatGone`: the chat is paused and its open rows parked; never retried;
- `ChatMoved`: the chat's platform id is updated and the same reply sent there at once.

What is guaranteed, honestly:

- **No loss.** A row is committed before the platform is called and stays `pending` until
  a send is recorded; a worker killed at any point leaves a lease that runs out, after which
  any worker (or the restarted service) sends it.
- **No repeats, where the platform can tell.** Between the platform accepting a message and
  `mark_sent` committing (one short UPDATE) a crash leaves the outcome unknown. Such rows come
  back `uncertain`; if the adapter has `find_delivered(chat, key) -> list[str] | None` it is
  asked whether a message carrying the delivery key (`reply.extra["delivery_key"]`) already
  arrived, and a hit is recorded as sent instead of sending again. The console adapter's
  file output supports this. Telegram's Bot API offers no way to ask, so there a crash in that
  window (milliseconds) can repeat one briefing: at-least-once, never silently dropped.
- A reply that an adapter splits into several messages is one send; a crash half-way through
  resends all of it (adapters without `find_delivered` only).
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.adapters.base import Adapter, ChatGone, ChatMoved, DeliveryError, RetryAfter
from bot.config import Settings
from bot.domain import Briefing, Chat
from bot.metrics import Metrics
from bot.replies import Reply
from bot.store import Store
from bot.store.deliveries import Delivery

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
MAX_BACKOFF = 3600.0
_MAX_MOVES = 3  # a chat moved more often than this within one send is a platform bug


def utcnow() -> datetime:
    return datetime.now(UTC)


def briefing_key(chat_id: int, slot: str) -> str:
    """The idempotency key of one chat's briefing for one slot (its scheduled UTC time)."""
    return f"briefing:{chat_id}:{slot}"


async def enqueue(store: Store, chat: Chat, briefing: Briefing, reply: Reply) -> int:
    """Write the briefing's reply to the outbox (once per chat and slot); returns the row id."""
    return await store.deliveries.enqueue(
        briefing_key(chat.id, briefing.slot), chat.id, briefing.id, reply.to_dict()
    )


def backoff_seconds(attempt: int, base: float) -> float:
    """Delay before retry number `attempt` (1-based): base, 2*base, 4*base ... with jitter."""
    delay = min(base * 2 ** max(attempt - 1, 0), MAX_BACKOFF)
    return delay * random.uniform(0.8, 1.2)


def reply_of(delivery: Delivery) -> Reply:
    """The stored reply, carrying its delivery key for adapters that can deduplicate."""
    reply = Reply.from_dict(delivery.payload)
    return replace(reply, extra={**reply.extra, "delivery_key": delivery.key})


class DeliveryWorker:
    """Claims due outbox rows for the platforms it has adapters for and sends them."""

    def __init__(
        self,
        store: Store,
        adapters: Mapping[str, Adapter],
        settings: Settings,
        metrics: Metrics | None = None,
        *,
        clock: Clock = utcnow,
    ) -> None:
        self.store = store
        self.adapters = dict(adapters)
        self.settings = settings.service
        self.metrics = metrics or Metrics()
        self.clock = clock
        self._in_flight: set[asyncio.Task[None]] = set()
        self._refills: set[asyncio.Task[int]] = set()
        self._claiming = asyncio.Lock()
        self._closing = False
        self._started = 0  # sends started since creation, refills included

    @property
    def in_flight(self) -> int:
        return len(self._in_flight)

    async def run_once(self) -> int:
        """Claim what fits in the free send slots and start sending; returns how many."""
        async with self._claiming:  # concurrent refills must not over-claim the free slots
            if self._closing:
                return 0
            room = self.settings.send_concurrency - len(self._in_flight)
            if room <= 0:
                return 0
            now = self.clock()
            lease_until = now + timedelta(seconds=self.settings.delivery_lease)
            claimed = await self.store.deliveries.claim(
                now, lease_until, platforms=self.adapters, limit=room
            )
            for delivery in claimed:
                task = asyncio.create_task(self._deliver(delivery), name=f"deliver-{delivery.id}")
                self._in_flight.add(task)
                task.add_done_callback(self._sent_one)
            self._started += len(claimed)
            return len(claimed)

    def _sent_one(self, task: asyncio.Task[None]) -> None:
        # Refill the freed slot at once: a fan-out to many chats must not wait for the next
        # tick after every `send_concurrency` messages.
        self._in_flight.discard(task)
        if self._closing or task.cancelled():
            return
        refill = asyncio.get_running_loop().create_task(self.run_once(), name="delivery-refill")
        self._refills.add(refill)
        refill.add_done_callback(self._refills.discard)

    async def drain(self, within: float | None = None) -> bool:
        """Wait for in-flight sends; True if all finished within `within` seconds."""
        if not self._in_flight:
            return True
        _, pending = await asyncio.wait(set(self._in_flight), timeout=within)
        return not pending

    async def close(self, grace: float) -> None:
        """Stop claiming, let in-flight sends finish; cut off the rest (their leases expire)."""
        self._closing = True
        await asyncio.gather(*self._refills, return_exceptions=True)
        if not await self.drain(grace):
            log.warning("%d sends still running at shutdown; they will be retried", self.in_flight)
            for task in list(self._in_flight):
                task.cancel()
            await asyncio.gather(*self._in_flight, return_exceptions=True)

    async def deliver_all(self) -> int:
        """Send everything due now and wait for it (tests, one-shot commands)."""
        before = self._started
        while await self.run_once() or self._in_flight or self._refills:
            await self.drain()
            await asyncio.gather(*self._refills, return_exceptions=True)
        return self._started - before

    async def _deliver(self, delivery: Delivery) -> None:
        try:
            await self._attempt(delivery)
        except asyncio.CancelledError:
            raise
        except Exception:  # a store error must not kill the worker; the lease brings it back
            log.exception("delivery %d: recording the outcome failed", delivery.id)

    async def _attempt(self, delivery: Delivery) -> None:
        chat = delivery.chat
        adapter = self.adapters[chat.platform]
        platform = chat.platform
        deliveries = self.store.deliveries
        reply = reply_of(delivery)
        if delivery.uncertain and (ids := await self._already_delivered(adapter, delivery)):
            log.info("delivery %d was sent before a crash; not sending again", delivery.id)
            self.metrics.duplicates_avoided.labels(platform).inc()
            await deliveries.mark_sent(delivery.id, ids, self.clock())
            return
        # Leave headroom so the lease never runs out while this worker still owns the row.
        limit = self.settings.delivery_lease * 0.8
        for _ in range(_MAX_MOVES + 1):
            started = time.perf_counter()
            try:
                async with asyncio.timeout(limit):
                    message_ids = await adapter.send(chat, reply)
            except ChatMoved as moved:
                self.metrics.send_errors.labels(platform, "moved").inc()
                log.info("chat %d moved to %s", chat.id, moved.new_platform_chat_id)
                try:
                    chat = await deliveries.chat_moved(chat.id, moved.new_platform_chat_id)
                except ValueError as exc:
                    await deliveries.chat_gone(delivery.id, str(exc))
                    return
                continue
            except RetryAfter as wait:
                self.metrics.send_errors.labels(platform, "rate_limited").inc()
                at = self.clock() + timedelta(seconds=max(wait.seconds, 0.0))
                await deliveries.retry_later(delivery.id, at, str(wait), count_attempt=False)
                return
            except ChatGone as gone:
                self.metrics.send_errors.labels(platform, "gone").inc()
                log.info("chat %d is gone (%s); pausing it", chat.id, gone)
                await deliveries.chat_gone(delivery.id, f"{platform}: {gone}")
                return
            except Exception as exc:  # DeliveryError, timeouts, and adapter bugs alike
                if not isinstance(exc, DeliveryError):
                    log.warning("delivery %d: unexpected adapter error", delivery.id, exc_info=True)
                await self._failed_attempt(delivery, exc)
                return
            else:
                self.metrics.send_latency.labels(platform).observe(time.perf_counter() - started)
                await deliveries.mark_sent(delivery.id, message_ids, self.clock())
                self.metrics.briefings_sent.labels(platform).inc()
                return
        await self._failed_attempt(delivery, DeliveryError("chat kept moving"))

    async def _already_delivered(self, adapter: Adapter, delivery: Delivery) -> list[str] | None:
        finder = getattr(adapter, "find_delivered", None)
        if finder is None:
            return None
        try:
            found: list[str] | None = await finder(delivery.chat, delivery.key)
        except Exception:  # asking is an optimisation; not knowing means "send"
            log.warning("delivery %d: could not ask the platform", delivery.id, exc_info=True)
            return None
        return found

    async def _failed_attempt(self, delivery: Delivery, exc: BaseException) -> None:
        platform = delivery.chat.platform
        attempt = delivery.attempts + 1
        error = f"{exc.__class__.__name__}: {exc}"
        if attempt >= self.settings.delivery_max_attempts:
            self.metrics.send_errors.labels(platform, "failed").inc()
            log.warning("delivery %d failed for good after %d attempts", delivery.id, attempt)
            await self.store.deliveries.mark_failed(delivery.id, error)
            return
        self.metrics.send_errors.labels(platform, "retry").inc()
        delay = backoff_seconds(attempt, self.settings.delivery_backoff)
        at = self.clock() + timedelta(seconds=delay)
        await self.store.deliveries.retry_later(delivery.id, at, error)
