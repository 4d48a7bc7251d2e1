"""Prometheus metrics for one running service.

Each `Metrics` has its own registry (not the process-global one), so several services in one
test process never collide and /metrics shows only what this service counts.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

__all__ = ["CONTENT_TYPE_LATEST", "Metrics"]

# Sends are network calls: from a local fake (ms) to a rate-limited platform (tens of seconds).
_SEND_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.polls = Counter("briefbot_polls", "Feed polls attempted", registry=r)
        self.poll_errors = Counter("briefbot_poll_errors", "Feed polls that failed", registry=r)
        self.articles = Counter("briefbot_articles", "New articles stored", registry=r)
        self.extracted = Counter(
            "briefbot_articles_extracted", "Articles given key points", registry=r
        )
        self.stories_changed = Counter(
            "briefbot_stories_changed", "Stories created or updated", registry=r
        )
        self.briefings_composed = Counter(
            "briefbot_briefings_composed", "Briefings composed and queued", ["platform"], registry=r
        )
        self.briefings_missed = Counter(
            "briefbot_briefings_missed",
            "Briefing slots skipped because they were older than the grace period",
            registry=r,
        )
        self.briefings_sent = Counter(
            "briefbot_briefings_sent", "Briefings delivered", ["platform"], registry=r
        )
        self.send_errors = Counter(
            "briefbot_send_errors",
            "Failed send attempts by outcome (retry, rate_limited, gone, moved, failed)",
            ["platform", "outcome"],
            registry=r,
        )
        self.duplicates_avoided = Counter(
            "briefbot_duplicates_avoided",
            "Uncertain sends the platform confirmed as already delivered (not re-sent)",
            ["platform"],
            registry=r,
        )
        self.send_latency = Histogram(
            "briefbot_send_seconds",
            "Time of one adapter.send call",
            ["platform"],
            buckets=_SEND_BUCKETS,
            registry=r,
        )
        self.outbox_pending = Gauge(
            "briefbot_outbox_pending", "Deliveries waiting to be sent", registry=r
        )
        self.tick_errors = Counter(
            "briefbot_tick_errors", "Scheduler ticks that raised", ["job"], registry=r
        )

    def render(self) -> bytes:
        return generate_latest(self.registry)
