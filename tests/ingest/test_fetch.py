"""Fetching over real HTTP: conditional GET, redirects, caps, timeouts and server hints."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from bot.config import Settings
from bot.ingest import Fetcher, FetchError
from bot.ingest.fetch import retry_after_seconds
from tests.fakes.feed_server import FeedServer, synthetic_feed
from tests.ingest.conftest import with_ingest

FEED = synthetic_feed(7, 3)


async def test_conditional_get_round_trip(server: FeedServer, fetcher: Fetcher) -> None:
    server.feed("/feed.xml", FEED)
    first = await fetcher.fetch(server.url("/feed.xml"))
    assert first.status == 200
    assert first.content == FEED
    assert first.etag
    assert first.last_modified
    second = await fetcher.fetch(
        server.url("/feed.xml"), etag=first.etag, last_modified=first.last_modified
    )
    assert second.not_modified
    assert second.content == b""
    sent = server.hits[-1].headers
    assert sent["If-None-Match"] == first.etag
    assert sent["If-Modified-Since"] == first.last_modified
    assert sent["User-Agent"].startswith("briefbot/")


async def test_unchanged_feeds_reuse_the_connection(server: FeedServer, fetcher: Fetcher) -> None:
    server.feed("/feed.xml", FEED)
    first = await fetcher.fetch(server.url("/feed.xml"))
    for _ in range(3):  # a 304 must leave the connection usable for the next request
        again = await fetcher.fetch(server.url("/feed.xml"), etag=first.etag)
        assert again.not_modified
    assert len({hit.client for hit in server.hits}) == 1, [hit.client for hit in server.hits]


async def test_last_modified_alone_gives_304(server: FeedServer, fetcher: Fetcher) -> None:
    server.feed("/feed.xml", FEED)
    first = await fetcher.fetch(server.url("/feed.xml"))
    again = await fetcher.fetch(server.url("/feed.xml"), last_modified=first.last_modified)
    assert again.status == 304


async def test_gzip_body_is_decoded(server: FeedServer, fetcher: Fetcher) -> None:
    server.feed("/gz.xml", FEED, compress=True)
    result = await fetcher.fetch(server.url("/gz.xml"))
    assert result.content == FEED
    assert "content-encoding" not in result.headers


async def test_redirects_are_followed_up_to_the_limit(server: FeedServer, fetcher: Fetcher) -> None:
    server.feed("/final.xml", FEED)
    for hop in range(6):  # /r0 -> /r1 -> ... -> /r5 -> /final.xml
        target = "/final.xml" if hop == 5 else f"/r{hop + 1}"
        server.redirect(f"/r{hop}", target, status=301 if hop % 2 else 302)
    result = await fetcher.fetch(server.url("/r1"))  # five hops: allowed
    assert result.content == FEED
    assert result.url == server.url("/final.xml")
    with pytest.raises(FetchError, match="more than 5 redirects"):
        await fetcher.fetch(server.url("/r0"))  # six hops: refused


async def test_gzip_bomb_is_cut_off(server: FeedServer, local_settings: Settings) -> None:
    wire = server.gzip_bomb("/bomb.xml", size=200 * 1024 * 1024)
    assert wire < 1024 * 1024  # a tiny download...
    capped = with_ingest(local_settings, max_bytes=2 * 1024 * 1024)
    async with Fetcher(capped) as fetcher:
        started = time.perf_counter()
        with pytest.raises(FetchError, match="larger than 2097152 bytes after decompression"):
            await fetcher.fetch(server.url("/bomb.xml"))
    assert time.perf_counter() - started < 2  # ...that is never inflated to its 200 MiB


async def test_declared_length_over_the_cap_is_refused(
    server: FeedServer, local_settings: Settings
) -> None:
    server.feed("/big.xml", b"x" * 5000)
    async with Fetcher(with_ingest(local_settings, max_bytes=1024)) as fetcher:
        with pytest.raises(FetchError, match="larger than 1024 bytes"):
            await fetcher.fetch(server.url("/big.xml"))


async def test_server_that_never_answers_times_out(
    server: FeedServer, local_settings: Settings
) -> None:
    server.hang("/hang")
    async with Fetcher(with_ingest(local_settings, total_timeout=1)) as fetcher:
        started = time.perf_counter()
        with pytest.raises(FetchError, match="timed out"):
            await fetcher.fetch(server.url("/hang"))
    assert time.perf_counter() - started < 3


async def test_error_statuses_and_retry_after(server: FeedServer, fetcher: Fetcher) -> None:
    server.status("/boom", 500)
    server.status("/slow-down", 429, headers={"Retry-After": "120"})
    server.status("/busy", 503, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"})
    with pytest.raises(FetchError, match="HTTP 500") as boom:
        await fetcher.fetch(server.url("/boom"))
    assert boom.value.status == 500
    assert boom.value.retry_after is None
    with pytest.raises(FetchError, match="HTTP 429") as limited:
        await fetcher.fetch(server.url("/slow-down"))
    assert limited.value.retry_after == 120
    with pytest.raises(FetchError, match="HTTP 503") as busy:
        await fetcher.fetch(server.url("/busy"))
    assert busy.value.retry_after == 0  # a date in the past: no extra wait


def test_retry_after_parsing() -> None:
    assert retry_after_seconds("30") == 30
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


async def test_cache_control_max_age_is_reported(server: FeedServer, fetcher: Fetcher) -> None:
    server.feed("/cached.xml", FEED, headers={"Cache-Control": "public, max-age=1800"})
    assert (await fetcher.fetch(server.url("/cached.xml"))).max_age == 1800


async def test_per_host_concurrency_limit(server: FeedServer, local_settings: Settings) -> None:
    """With one connection per host, a hanging request blocks the next one to that host."""
    server.hang("/hang")
    server.feed("/feed.xml", FEED)
    settings = with_ingest(local_settings, per_host_concurrency=1, total_timeout=1)
    async with Fetcher(settings) as fetcher:
        hanging = asyncio.create_task(fetcher.fetch(server.url("/hang")))
        await asyncio.sleep(0.2)
        started = time.perf_counter()
        assert (await fetcher.fetch(server.url("/feed.xml"))).status == 200
        waited = time.perf_counter() - started
        with pytest.raises(FetchError):
            await hanging
    assert waited > 0.5  # it had to wait for the hanging request's timeout


async def test_local_file_feed(tmp_path: Path, fetcher: Fetcher) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(FEED)
    first = await fetcher.read_file(path.as_uri())
    assert first.content == FEED
    again = await fetcher.read_file(path.as_uri(), last_modified=first.last_modified)
    assert again.not_modified
    with pytest.raises(FetchError, match="cannot read"):
        await fetcher.read_file((tmp_path / "missing.xml").as_uri())
