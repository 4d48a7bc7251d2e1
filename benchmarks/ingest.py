"""Ingest benchmark: N feeds of M items served by a local server, polled twice.

    python benchmarks/ingest.py --feeds 1000 --items 20

The first poll fetches every feed (200, gzip), parses and stores all items (NLP excluded);
the second finds every feed unchanged (304). For each: wall time, feeds/s, items/s. Peak
memory is the process's peak RSS. The baseline, measured in the same run, is feedparser
alone parsing the same documents from memory: what a poll costs beyond bare parsing.
The feed server runs in another process and prepares its documents before the clock
starts, so its CPU is not counted as ours. Parsing runs in a ParserPool (a worker per core,
each started before the clock, as in a long-running poller). `--database-url` runs it on
PostgreSQL (the database should be empty).
Targets: the 304 poll under 5 s, the first poll at least 2,000 items/s, peak memory under 300 MB.
The last line is JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import feedparser  # noqa: E402

from bot.config import Settings  # noqa: E402
from bot.ingest import Fetcher, ParserPool, poll_due  # noqa: E402
from bot.store import Store  # noqa: E402
from tests.fakes.feed_server import synthetic_feed  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def baseline(feeds: int, items: int) -> dict[str, float]:
    """feedparser alone on the same bytes, no I/O and no store."""
    documents = [synthetic_feed(n, items) for n in range(feeds)]
    started = time.perf_counter()
    parsed = 0
    for document in documents:
        parsed += len(feedparser.parse(document).entries)
    wall = time.perf_counter() - started
    return {"wall_s": round(wall, 3), "items_per_s": round(parsed / wall, 1)}


def start_server(feeds: int, items: int) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes.feed_server", "--synthetic", str(feeds),
         "--items", str(items)],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    if not line.startswith("READY "):
        process.kill()
        raise SystemExit(f"feed server did not start: {line!r}")
    return process, line.split(" ", 1)[1]


async def run(feeds: int, items: int, database: str) -> dict[str, object]:
    settings = Settings.model_validate(
        {"database": {"url": database}, "ingest": {"allowed_hosts": ["127.0.0.1"]}}
    )
    process, base = start_server(feeds, items)
    try:
        async with await Store.open(settings.database_url()) as store:
            for n in range(feeds):
                await store.feeds.add(f"{base}/bench/{n}.xml", interval_seconds=900)
            now = datetime.now(UTC)
            rounds: dict[str, dict[str, float]] = {}
            async with Fetcher(settings) as fetcher, ParserPool() as parser:  # workers started
                for name, when in (("first_poll", now), ("second_poll", now + timedelta(days=1))):
                    started = time.perf_counter()
                    report = await poll_due(
                        store, settings, fetcher, now=when, limit=feeds, parser=parser
                    )
                    wall = time.perf_counter() - started
                    rounds[name] = {
                        "wall_s": round(wall, 3),
                        "feeds": report.feeds,
                        "ok_200": report.updated,
                        "not_modified_304": report.not_modified,
                        "failed": report.failed,
                        "items": report.entries,
                        "new_articles": report.new_articles,
                        "feeds_per_s": round(report.feeds / wall, 1),
                        "items_per_s": round(report.entries / wall, 1),
                    }
                    if report.errors:
                        print("\n".join(report.errors[:5]), file=sys.stderr)
            stored = await store.articles.count()
    finally:
        assert process.stdin is not None
        process.stdin.close()
        process.wait(timeout=10)
    return {**rounds, "articles_stored": stored}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument(
        "--database", "--database-url", help="database URL (default: a temporary SQLite file)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        database = args.database or f"sqlite:///{Path(tmp) / 'bench.db'}"
        result = asyncio.run(run(args.feeds, args.items, database))
    base = baseline(args.feeds, args.items)
    first, second = result["first_poll"], result["second_poll"]
    assert isinstance(first, dict)
    assert isinstance(second, dict)
    figures = {
        "feeds": args.feeds,
        "items_per_feed": args.items,
        "database": (args.database or "sqlite").split(":", 1)[0],
        **result,
        "baseline_feedparser_only": base,
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "targets": {
            "second_poll_under_5s": second["wall_s"] < 5,
            "first_poll_2000_items_per_s": first["items_per_s"] >= 2000,
            "peak_under_300mb": peak_rss_mb() < 300,
        },
    }
    for name in ("first_poll", "second_poll"):
        r = figures[name]
        assert isinstance(r, dict)
        print(
            f"{name:12} {r['wall_s']:7.2f} s  {r['feeds_per_s']:8.1f} feeds/s"
            f"  {r['items_per_s']:9.1f} items/s  ({r['ok_200']} x 200, "
            f"{r['not_modified_304']} x 304, {r['failed']} failed)"
        )
    print(
        f"baseline     {base['wall_s']:7.2f} s  feedparser alone: {base['items_per_s']:.1f} items/s"
    )
    print(f"peak RSS     {figures['peak_rss_mb']} MB")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
