"""The composition root: builds every part of the service from the settings and runs it.

Start order: the store (migrations run here), the fetcher and the extractor pool, the HTTP
server (so webhooks have somewhere to land), the adapters, then the scheduler. Stop order is
the reverse of what produces work: the scheduler stops ticking, in-flight sends finish (up to
`service.shutdown_timeout`), adapters disconnect, then the server, pool, fetcher and store.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from contextlib import AsyncExitStack
from pathlib import Path
from typing import TextIO

from bot.adapters.base import Adapter
from bot.adapters.console import ConsoleAdapter
from bot.config import Settings
from bot.delivery import Clock, DeliveryWorker, utcnow
from bot.extraction import ExtractorPool
from bot.http import HttpServer, health_check
from bot.ingest import Fetcher, sync_config_feeds
from bot.metrics import Metrics
from bot.scheduler import Scheduler
from bot.store import Store

log = logging.getLogger(__name__)


def build_adapters(
    settings: Settings, store: Store, *, console_output: str | Path | TextIO | None = None
) -> list[Adapter]:
    """The console always; Telegram and Slack when enabled (imported only then).

    A missing token surfaces here as the adapter's one-line `ConfigError`, before anything
    starts.
    """
    output = console_output if console_output is not None else settings.service.console_output
    adapters: list[Adapter] = [ConsoleAdapter(output)]
    if settings.telegram.enabled:
        from bot.adapters.telegram import TelegramAdapter

        adapters.append(TelegramAdapter(settings, store))
    if settings.slack.enabled:
        from bot.adapters.slack import SlackAdapter

        adapters.append(SlackAdapter(settings, store))
    return adapters


class App:
    """One running briefbot service."""

    def __init__(
        self,
        settings: Settings,
        *,
        clock: Clock = utcnow,
        console_output: str | Path | TextIO | None = None,
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.console_output = console_output
        self.metrics = Metrics()
        self.store: Store | None = None
        self.worker: DeliveryWorker | None = None
        self.scheduler: Scheduler | None = None
        self.http: HttpServer | None = None
        self.adapters: list[Adapter] = []
        self._stack = AsyncExitStack()
        self._running = False

    async def start(self) -> None:
        try:
            await self._start()
        except BaseException:
            await self._stack.aclose()
            raise

    async def _start(self) -> None:
        settings = self.settings
        if not logging.getLogger().isEnabledFor(logging.DEBUG):
            # APScheduler logs every tick at INFO, and a tick outlasting its interval at
            # WARNING; our ticks log what they do, and a long one is simply coalesced.
            logging.getLogger("apscheduler").setLevel(logging.ERROR)
        stack = self._stack
        self.store = store = await Store.open(settings.database_url())
        stack.push_async_callback(store.close)
        adapters = build_adapters(settings, store, console_output=self.console_output)
        fetcher = await stack.enter_async_context(Fetcher(settings))
        pool = await stack.enter_async_context(ExtractorPool(settings))
        await sync_config_feeds(store, settings)

        self.worker = worker = DeliveryWorker(
            store, {a.platform: a for a in adapters}, settings, self.metrics, clock=self.clock
        )
        self.scheduler = scheduler = Scheduler(
            store, settings, worker, fetcher=fetcher, pool=pool, clock=self.clock
        )
        self.http = http = HttpServer(
            settings.service.host,
            settings.service.port,
            metrics=self.metrics,
            health=health_check(store, lambda: scheduler.running),
            routes=[route for adapter in adapters for route in adapter.routes()],
        )
        await http.start()
        stack.push_async_callback(http.stop)
        for adapter in adapters:
            await adapter.start()
            stack.push_async_callback(adapter.stop)
            self.adapters.append(adapter)
        grace = float(settings.service.shutdown_timeout)
        stack.push_async_callback(worker.close, grace)
        scheduler.start()
        stack.push_async_callback(scheduler.stop, grace)
        self._running = True
        log.info(
            "briefbot running: platforms %s, http://%s:%d",
            ", ".join(a.platform for a in adapters),
            settings.service.host,
            http.bound_port,
        )

    async def stop(self) -> None:
        """Idempotent; the exit stack unwinds in reverse start order."""
        await self._stack.aclose()
        if self._running:
            self._running = False
            log.info("briefbot stopped")

    async def run(self) -> None:
        """Start, then run until SIGTERM or SIGINT, then shut down cleanly."""
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        try:
            await self.start()
            await stop.wait()
            log.info("briefbot: signal received, shutting down")
        finally:
            for signum in (signal.SIGTERM, signal.SIGINT):
                loop.remove_signal_handler(signum)
            await self.stop()
