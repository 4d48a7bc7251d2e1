"""The service's one HTTP server: /healthz, /metrics, and whatever routes adapters bring
(the Telegram webhook, Slack events and interactions).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from aiohttp import web

from bot.metrics import CONTENT_TYPE_LATEST, Metrics
from bot.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Health:
    ok: bool
    checks: dict[str, object]


HealthCheck = Callable[[], Awaitable[Health]]


def health_check(store: Store, scheduler_running: Callable[[], bool]) -> HealthCheck:
    """Healthy = the database answers and the scheduler is ticking."""

    async def check() -> Health:
        checks: dict[str, object] = {}
        ok = True
        try:
            stats = await store.deliveries.stats()
        except Exception as exc:  # any failure to reach the database is "unhealthy"
            ok = False
            checks["database"] = f"error: {exc.__class__.__name__}: {exc}"[:300]
        else:
            checks["database"] = "ok"
            checks["outbox_pending"] = stats.pending
            checks["outbox_failed"] = stats.failed
            if stats.oldest_pending_at is not None:
                age = (datetime.now(UTC) - stats.oldest_pending_at).total_seconds()
                checks["oldest_pending_seconds"] = round(max(age, 0.0), 1)
        running = scheduler_running()
        checks["scheduler"] = "running" if running else "stopped"
        return Health(ok=ok and running, checks=checks)

    return check


class HttpServer:
    def __init__(
        self,
        host: str,
        port: int,
        *,
        metrics: Metrics,
        health: HealthCheck,
        routes: Iterable[web.RouteDef] = (),
    ) -> None:
        self.host = host
        self.port = port
        self.metrics = metrics
        self.health = health
        self.app = web.Application()
        self.app.router.add_get("/healthz", self._healthz)
        self.app.router.add_get("/metrics", self._metrics)
        self.app.add_routes(list(routes))
        self._runner: web.AppRunner | None = None

    @property
    def bound_port(self) -> int:
        """The port actually listened on (useful with port 0)."""
        assert self._runner is not None, "server not started"
        for address in self._runner.addresses:
            if isinstance(address, tuple) and len(address) >= 2:
                return int(address[1])
        raise RuntimeError("the HTTP server has no TCP address")

    async def start(self) -> None:
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        log.info("HTTP server on http://%s:%d", self.host, self.bound_port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _healthz(self, request: web.Request) -> web.Response:
        health = await self.health()
        body = {"status": "ok" if health.ok else "unhealthy", **health.checks}
        return web.json_response(body, status=200 if health.ok else 503)

    async def _metrics(self, request: web.Request) -> web.Response:
        response = web.Response(body=self.metrics.render())
        response.content_type = CONTENT_TYPE_LATEST.split(";")[0]
        response.charset = "utf-8"
        return response
