"""Feed ingestion: fetch (guarded, bounded), parse, full text, dedupe, schedule."""

from bot.ingest.fetch import Fetcher, FetchError, FetchResult
from bot.ingest.guard import UnsafeURLError, check_url
from bot.ingest.parse import ParsedEntry, ParsedFeed, ParseError, ParserPool, parse_feed
from bot.ingest.poll import (
    FeedOutcome,
    PollReport,
    local_feed_url,
    pause_notice,
    poll_due,
    poll_feeds,
    sync_config_feeds,
    take_pause_notices,
    validate_feed_url,
)

__all__ = [
    "FeedOutcome",
    "FetchError",
    "FetchResult",
    "Fetcher",
    "ParseError",
    "ParsedEntry",
    "ParsedFeed",
    "ParserPool",
    "PollReport",
    "UnsafeURLError",
    "check_url",
    "local_feed_url",
    "parse_feed",
    "pause_notice",
    "poll_due",
    "poll_feeds",
    "sync_config_feeds",
    "take_pause_notices",
    "validate_feed_url",
]
