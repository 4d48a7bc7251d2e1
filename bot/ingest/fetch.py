"""Polite, bounded HTTP fetching for feeds and article pages, through one shared client.

Conditional GET (ETag / Last-Modified), our own redirect loop so every hop is checked, a byte
cap on the *decompressed* body (we inflate ourselves, incrementally, so a gzip bomb is cut
off after `max_bytes`), connect and total timeouts, per-host and global concurrency limits,
and the server's hints for the next poll (Retry-After, Cache-Control max-age).
"""

from __future__ import annotations

import asyncio
import logging
import re
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path
from types import TracebackType
from urllib.parse import urljoin, urlsplit
from urllib.request import url2pathname

import httpcore
import httpx

from bot.config import IngestSettings, Settings
from bot.domain import Feed
from bot.ingest.guard import GuardedBackend, UnsafeURLError, check_url

log = logging.getLogger(__name__)

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9,"
    " application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_DRAIN_LIMIT = 64 * 1024  # a body we have no use for is read this far, no further
_MAX_AGE = re.compile(r"(?:^|[,\s])max-age\s*=\s*\"?(\d+)", re.IGNORECASE)


class FetchError(Exception):
    """A fetch that failed; the message is the feed's `last_error`."""

    def __init__(
        self, message: str, *, status: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class FetchResult:
    url: str  # after redirects
    status: int
    content: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    max_age: float | None = None  # Cache-Control max-age: no point polling sooner

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds from now: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def max_age_seconds(cache_control: str | None) -> float | None:
    if not cache_control or "no-store" in cache_control.lower():
        return None
    match = _MAX_AGE.search(cache_control)
    return float(match.group(1)) if match else None


class _Inflater:
    """Incremental gzip/deflate decoding that never produces more than `limit` bytes."""

    def __init__(self, encoding: str, limit: int) -> None:
        self._limit = limit
        self._raw_deflate = False
        self._encoding = encoding
        # 32 + MAX_WBITS accepts both gzip and zlib headers.
        self._decoder = zlib.decompressobj(32 + zlib.MAX_WBITS) if encoding else None
        self.size = 0

    def _take(self, produced: bytes) -> bytes:
        self.size += len(produced)
        if self.size > self._limit:
            raise FetchError(f"response larger than {self._limit} bytes after decompression")
        return produced

    def feed(self, chunk: bytes) -> bytes:
        if self._decoder is None:
            return self._take(chunk)
        out = bytearray()
        data = chunk
        while data:
            try:
                produced = self._decoder.decompress(data, self._limit - self.size + 1)
            except zlib.error as exc:
                if self._encoding == "deflate" and not self._raw_deflate and self.size == 0:
                    self._raw_deflate = True  # some servers send deflate without zlib header
                    self._decoder = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise FetchError(f"corrupt {self._encoding} body ({exc})") from exc
            out += self._take(produced)
            data = self._decoder.unconsumed_tail
            if self._decoder.eof and self._decoder.unused_data:
                data = self._decoder.unused_data  # a further gzip member
                self._decoder = zlib.decompressobj(32 + zlib.MAX_WBITS)
        return bytes(out)


class _GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport, with the connection pool built on the SSRF-checking backend."""

    def __init__(self, settings: IngestSettings, limits: httpx.Limits) -> None:
        super().__init__(limits=limits, trust_env=False)
        # Same pool httpx builds, plus the public `network_backend` seam of httpcore.
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=GuardedBackend(settings, httpcore.AnyIOBackend()),
        )


class Fetcher:
    """Async context manager around the one shared `httpx.AsyncClient`."""

    def __init__(self, settings: Settings | IngestSettings) -> None:
        self.settings = settings.ingest if isinstance(settings, Settings) else settings
        self._client: httpx.AsyncClient | None = None
        self._all = asyncio.Semaphore(self.settings.max_concurrency)
        self._hosts: defaultdict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(self.settings.per_host_concurrency)
        )

    async def __aenter__(self) -> Fetcher:
        s = self.settings
        limits = httpx.Limits(
            max_connections=s.max_concurrency, max_keepalive_connections=s.max_concurrency
        )
        self._client = httpx.AsyncClient(
            transport=_GuardedTransport(s, limits),
            timeout=httpx.Timeout(s.total_timeout, connect=s.connect_timeout),
            follow_redirects=False,  # our loop checks each hop
            headers={"User-Agent": s.user_agent, "Accept-Encoding": "gzip, deflate"},
            trust_env=False,
        )
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def fetch_feed(self, feed: Feed) -> FetchResult:
        if feed.kind == "file":
            return await self.read_file(feed.url, last_modified=feed.last_modified)
        return await self.fetch(feed.url, etag=feed.etag, last_modified=feed.last_modified)

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = FEED_ACCEPT,
    ) -> FetchResult:
        """GET `url` within every limit; FetchError for anything but 200 or 304."""
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        loop = asyncio.get_running_loop()
        deadline: float | None = None
        for _hop in range(self.settings.max_redirects + 1):
            try:
                # Scheme and literal addresses; names are checked at connect time.
                await check_url(url, self.settings, resolve=False)
            except UnsafeURLError as exc:
                raise FetchError(str(exc)) from exc
            host = (urlsplit(url).hostname or "").lower()
            async with self._hosts[host], self._all:
                deadline = deadline or loop.time() + self.settings.total_timeout
                try:
                    async with asyncio.timeout_at(deadline):
                        result = await self._get(url, headers)
                except TimeoutError as exc:
                    raise FetchError(
                        f"timed out after {self.settings.total_timeout}s fetching {url}"
                    ) from exc
            if isinstance(result, FetchResult):
                return result
            url = result
        raise FetchError(f"more than {self.settings.max_redirects} redirects")

    async def _get(self, url: str, headers: dict[str, str]) -> FetchResult | str:
        """One request: a result, or the next URL of a redirect."""
        assert self._client is not None, "use `async with Fetcher(...)`"
        try:
            async with self._client.stream("GET", url, headers=headers) as response:
                status = response.status_code
                if status in _REDIRECTS and "location" in response.headers:
                    return urljoin(url, response.headers["location"])
                if status == 304:
                    await self._drain(response)  # no body by definition: ends at once
                    return self._result(url, response, b"")
                if status != 200:
                    raise FetchError(
                        f"HTTP {status} {response.reason_phrase}".strip() + f" from {url}",
                        status=status,
                        retry_after=retry_after_seconds(response.headers.get("retry-after"))
                        if status in {429, 503}
                        else None,
                    )
                return self._result(url, response, await self._body(response))
        except UnsafeURLError as exc:  # raised by the guarded backend on connect
            raise FetchError(str(exc)) from exc
        except httpx.TimeoutException as exc:
            raise FetchError(f"timed out fetching {url} ({exc.__class__.__name__})") from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"{exc.__class__.__name__} fetching {url}: {exc}") from exc

    @staticmethod
    async def _drain(response: httpx.Response) -> None:
        """Read a response to its end, so the connection goes back to the pool (httpcore
        closes one whose response was not read to the end; for 304s, that was every one)."""
        size = 0
        async for chunk in response.aiter_raw():
            size += len(chunk)
            if size > _DRAIN_LIMIT:
                break

    async def _body(self, response: httpx.Response) -> bytes:
        limit = self.settings.max_bytes
        encoding = response.headers.get("content-encoding", "").strip().lower()
        if encoding in {"", "identity"}:
            encoding = ""
        elif encoding not in {"gzip", "x-gzip", "deflate"}:
            raise FetchError(f"unsupported content encoding {encoding!r}")
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(f"response larger than {limit} bytes ({declared} declared)")
        inflater = _Inflater(encoding, limit)
        chunks = [inflater.feed(chunk) async for chunk in response.aiter_raw()]
        return b"".join(chunks)

    @staticmethod
    def _result(url: str, response: httpx.Response, content: bytes) -> FetchResult:
        headers = {k.lower(): v for k, v in response.headers.items()}
        headers.pop("content-encoding", None)  # the body we hand on is decoded
        headers.pop("content-length", None)
        return FetchResult(
            url=url,
            status=response.status_code,
            content=content,
            headers=headers,
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
            max_age=max_age_seconds(response.headers.get("cache-control")),
        )

    async def read_file(self, url: str, *, last_modified: str | None = None) -> FetchResult:
        """A local feed (config or CLI only): its mtime stands in for Last-Modified."""
        path = Path(url2pathname(urlsplit(url).path)) if url.startswith("file:") else Path(url)

        def read() -> FetchResult:
            try:
                stat = path.stat()
                stamp = formatdate(stat.st_mtime, usegmt=True)
                if last_modified == stamp:
                    return FetchResult(url=url, status=304, last_modified=stamp)
                if stat.st_size > self.settings.max_bytes:
                    raise FetchError(f"{path} is larger than {self.settings.max_bytes} bytes")
                return FetchResult(
                    url=url, status=200, content=path.read_bytes(), last_modified=stamp
                )
            except OSError as exc:
                raise FetchError(f"cannot read {path}: {exc.strerror or exc}") from exc

        return await asyncio.to_thread(read)


__all__ = ["FetchError", "FetchResult", "Fetcher"]
