"""The SSRF guard: on URLs, on the address actually connected, and on every redirect hop."""

from __future__ import annotations

import ipaddress

import pytest

from bot.config import Settings
from bot.ingest import Fetcher, FetchError, UnsafeURLError, validate_feed_url
from bot.ingest.guard import address_problem
from tests.fakes.feed_server import FeedServer, synthetic_feed
from tests.ingest.conftest import with_ingest

FEED = synthetic_feed(1, 2)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1/feed", "loopback"),
        ("http://127.1.2.3:8080/feed", "loopback"),
        ("http://[::1]/feed", "loopback"),
        ("http://[::ffff:127.0.0.1]/feed", "loopback"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[fe80::1]/", "link-local"),
        ("http://10.0.0.1/feed", "private"),
        ("http://192.168.1.1/feed", "private"),
        ("http://172.16.0.5/feed", "private"),
        ("http://[fd00::1]/feed", "private"),
        ("http://100.64.0.1/feed", "carrier-grade NAT"),
        ("http://224.0.0.1/feed", "multicast"),
        ("http://[ff02::1]/feed", "multicast"),
        ("http://0.0.0.0/feed", "unspecified"),
        ("http://[::]/feed", "unspecified"),
        ("http://localhost/feed", "loopback"),  # a name resolving to loopback
    ],
)
async def test_chat_urls_to_internal_addresses_are_refused(
    settings: Settings, url: str, reason: str
) -> None:
    with pytest.raises(UnsafeURLError, match=reason) as caught:
        await validate_feed_url(url, settings)
    assert "allow_private_networks" in str(caught.value)  # tells the admin what to do


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "/etc/passwd", "./feed.xml", "ftp://example.org/feed", "gopher://x"],
)
async def test_only_http_urls_from_chat(settings: Settings, url: str) -> None:
    with pytest.raises(UnsafeURLError) as caught:
        await validate_feed_url(url, settings)
    message = str(caught.value)
    assert "http" in message or "local files" in message


async def test_public_literal_is_accepted_and_normalised(settings: Settings) -> None:
    url = await validate_feed_url("HTTP://93.184.215.14:80/feed?utm_source=x&a=1#top", settings)
    assert url == "http://93.184.215.14/feed?a=1"


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "169.254.169.254", "100.100.1.1", "::1", "fc00::5", "::ffff:10.0.0.1",
     "2002:7f00:1::1", "0.0.0.0", "239.1.1.1", "192.0.2.1"],
)  # fmt: skip
def test_address_problem_covers_every_internal_range(address: str) -> None:
    assert address_problem(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700::1111"])
def test_public_addresses_pass(address: str) -> None:
    assert address_problem(ipaddress.ip_address(address)) is None


async def test_fetch_refuses_loopback_without_permission(
    settings: Settings, server: FeedServer
) -> None:
    server.feed("/feed.xml", FEED)
    async with Fetcher(with_ingest(settings, total_timeout=3)) as fetcher:
        for url in (server.url("/feed.xml"), server.url("/feed.xml", host="localhost")):
            with pytest.raises(FetchError, match="loopback"):
                await fetcher.fetch(url)
    assert server.count("/feed.xml") == 0  # refused before any byte was sent


async def test_name_resolving_to_loopback_is_refused_at_connect(
    settings: Settings, server: FeedServer
) -> None:
    """The connection check itself (not only the URL check) refuses the resolved address."""
    server.feed("/feed.xml", FEED)
    async with Fetcher(with_ingest(settings, allowed_hosts=["127.0.0.1"])) as fetcher:
        assert (await fetcher.fetch(server.url("/feed.xml"))).status == 200
        with pytest.raises(FetchError, match=r"connection to localhost:\d+: localhost .*loopback"):
            await fetcher.fetch(server.url("/feed.xml", host="localhost"))
    assert server.count("/feed.xml") == 1


async def test_redirect_to_loopback_is_refused(settings: Settings, server: FeedServer) -> None:
    """The first hop is an allowed host; its redirect to 127.0.0.1 is not."""
    server.feed("/secret.xml", FEED)
    server.redirect("/go", server.url("/secret.xml"))
    server.redirect("/go-meta", "http://169.254.169.254/latest/meta-data/")
    allowed = with_ingest(settings, allowed_hosts=["localhost"], total_timeout=3)
    async with Fetcher(allowed) as fetcher:
        with pytest.raises(FetchError, match=r"127\.0\.0\.1 is a loopback address"):
            await fetcher.fetch(server.url("/go", host="localhost"))
        with pytest.raises(FetchError, match=r"169\.254\.169\.254 is a link-local address"):
            await fetcher.fetch(server.url("/go-meta", host="localhost"))
        server.redirect("/go-file", "file:///etc/passwd")
        with pytest.raises(FetchError, match="only http and https"):
            await fetcher.fetch(server.url("/go-file", host="localhost"))
    assert server.count("/go") == 1
    assert server.count("/secret.xml") == 0


async def test_allow_private_networks_opens_everything_local(
    settings: Settings, server: FeedServer
) -> None:
    server.feed("/feed.xml", FEED)
    async with Fetcher(with_ingest(settings, allow_private_networks=True)) as fetcher:
        result = await fetcher.fetch(server.url("/feed.xml", host="localhost"))
    assert result.status == 200
    assert await validate_feed_url(
        "http://10.0.0.1/feed", with_ingest(settings, allow_private_networks=True)
    )
