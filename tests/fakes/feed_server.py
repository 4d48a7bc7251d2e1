"""A local feed server: a real aiohttp server the ingest code fetches over HTTP.

Tests register what each path serves: feeds with ETag / Last-Modified and 304s, redirects,
error statuses (500, 429 with Retry-After), a gzip bomb, an endpoint that never answers,
article pages for full text, a folder of files (feedparser's corpus, with the `Header:`
lines of their comments sent as HTTP headers), and synthetic feeds for the benchmark.
Every request is recorded. Run as a module to serve synthetic feeds from another process:

    python -m tests.fakes.feed_server --synthetic 1000 --items 20
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import hashlib
import random
import re
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from email.utils import formatdate
from pathlib import Path
from types import TracebackType

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
_HEADER_LINE = re.compile(rb"^\s*Header:\s*([A-Za-z-]+):\s*(.*?)\s*$", re.MULTILINE)
_WORDS = [
    "minister", "talks", "summit", "ceasefire", "delegation", "agreement", "council",
    "election", "vote", "parliament", "economy", "budget", "sanctions", "trade", "border",
    "security", "president", "spokesman", "officials", "week", "report", "said", "according",
    "statement", "capital", "meeting", "leaders", "press", "conference", "plan", "energy",
    "prices", "markets", "inflation", "union", "workers", "strike", "court", "ruling", "appeal",
    "judge", "police", "city", "region", "government", "opposition", "party", "coalition",
    "reform", "health", "schools", "climate", "weather",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Hit:
    method: str
    path: str
    headers: dict[str, str]
    client: str = ""  # the client's address and port: one per connection


def synthetic_feed(index: int, items: int) -> bytes:
    """A deterministic RSS 2.0 feed whose items are long enough to need no page fetch."""
    rng = random.Random(index)
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>',
        f"<title>Synthetic feed {index}</title><link>https://outlet{index}.example/</link>",
        "<description>benchmark feed</description><ttl>5</ttl>",
    ]
    for item in range(items):
        paragraphs = []
        for _ in range(4):
            words = [rng.choice(_WORDS) for _ in range(40)]
            paragraphs.append("<p>" + " ".join(words).capitalize() + ".</p>")
        link = f"https://outlet{index}.example/news/{item}?utm_source=rss&amp;id={item}"
        day = 1 + item % 28
        parts.append(
            f"<item><title>Story {item} of feed {index}</title><link>{link}</link>"
            f"<guid>https://outlet{index}.example/news/{item}</guid>"
            f"<pubDate>Mon, {day:02d} Sep 2025 10:{item % 60:02d}:00 GMT</pubDate>"
            f"<author>desk@outlet{index}.example (Desk)</author>"
            f"<description><![CDATA[{''.join(paragraphs)}]]></description></item>"
        )
    parts.append("</channel></rss>")
    return "".join(parts).encode()


class FeedServer:
    """`async with FeedServer() as server:`, then `server.feed("/a.xml", body)` and so on."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.port = 0
        self.hits: list[Hit] = []
        self._routes: dict[str, Handler] = {}
        self._runner: web.AppRunner | None = None
        self._never = asyncio.Event()
        self._synthetic: tuple[int, int] | None = None
        self._cache: dict[int, tuple[bytes, str]] = {}

    # -- lifecycle -------------------------------------------------------------------------------

    async def start(self) -> FeedServer:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        self._runner = web.AppRunner(app, access_log=None, handler_cancellation=True)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return self

    async def close(self) -> None:
        self._never.set()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> FeedServer:
        return await self.start()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType
    ) -> None:
        await self.close()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str, *, host: str | None = None) -> str:
        return f"http://{host or self.host}:{self.port}{path}"

    def count(self, path: str) -> int:
        return sum(1 for hit in self.hits if hit.path == path)

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        peer = request.transport.get_extra_info("peername") if request.transport else None
        client = f"{peer[0]}:{peer[1]}" if peer else ""
        self.hits.append(Hit(request.method, request.path, dict(request.headers), client))
        handler = self._routes.get(request.path)
        if handler is None and self._synthetic and request.path.startswith("/bench/"):
            return self._bench(request)
        if handler is None:
            return web.Response(status=404, text="not found")
        return await handler(request)

    # -- what paths serve ------------------------------------------------------------------------

    def feed(
        self,
        path: str,
        body: bytes | str,
        *,
        content_type: str = "application/rss+xml; charset=utf-8",
        validators: bool = True,
        compress: bool = False,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Serve a document, answering conditional requests with 304 when it is unchanged."""
        data = body.encode() if isinstance(body, str) else body
        etag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'
        modified = formatdate(1_700_000_000 + len(self._routes), usegmt=True)
        extra = dict(headers or {})

        async def handler(request: web.Request) -> web.Response:
            out = dict(extra)
            if validators:
                out.update({"ETag": etag, "Last-Modified": modified})
                if request.headers.get("If-None-Match") == etag or (
                    "If-None-Match" not in request.headers
                    and request.headers.get("If-Modified-Since") == modified
                ):
                    return web.Response(status=304, headers=out)
            payload = data
            if compress:
                payload = gzip.compress(data)
                out["Content-Encoding"] = "gzip"
            out["Content-Type"] = content_type
            return web.Response(body=payload, headers=out)

        self._routes[path] = handler

    def page(self, path: str, html: str) -> None:
        self.feed(path, html, content_type="text/html; charset=utf-8", validators=False)

    def redirect(self, path: str, location: str, status: int = 302) -> None:
        async def handler(request: web.Request) -> web.Response:
            return web.Response(status=status, headers={"Location": location})

        self._routes[path] = handler

    def status(
        self, path: str, status: int, *, headers: dict[str, str] | None = None, body: str = ""
    ) -> None:
        async def handler(request: web.Request) -> web.Response:
            return web.Response(status=status, headers=headers, text=body)

        self._routes[path] = handler

    def gzip_bomb(self, path: str, size: int = 200 * 1024 * 1024) -> int:
        """Serve `size` bytes of XML-ish padding as a tiny gzip body; returns the wire size."""
        compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
        chunk = b" " * (1024 * 1024)
        head = b'<?xml version="1.0"?><rss version="2.0"><channel><title>bomb</title>'
        body = compressor.compress(head)
        for _ in range(size // len(chunk)):
            body += compressor.compress(chunk)
        body += compressor.flush()

        async def handler(request: web.Request) -> web.Response:
            headers = {"Content-Encoding": "gzip", "Content-Type": "application/rss+xml"}
            return web.Response(body=body, headers=headers)

        self._routes[path] = handler
        return len(body)

    def hang(self, path: str) -> None:
        """Accept the request and never answer (until the server closes)."""

        async def handler(request: web.Request) -> web.Response:
            await self._never.wait()
            return web.Response(status=503)

        self._routes[path] = handler

    def directory(self, prefix: str, root: Path) -> list[str]:
        """Serve every file under `root` at prefix + relative path; returns the paths."""
        paths = []
        for file in sorted(p for p in root.rglob("*") if p.is_file()):
            path = prefix + file.relative_to(root).as_posix()
            self._routes[path] = self._file_handler(file)
            paths.append(path)
        return paths

    @staticmethod
    def _file_handler(file: Path) -> Handler:
        data = file.read_bytes()
        headers = {"Content-Type": "application/xml"}
        # The corpus states the HTTP headers each document is meant to be served with.
        for name, value in _HEADER_LINE.findall(data[:2048]):
            headers[name.decode("latin-1")] = value.decode("latin-1")

        async def handler(request: web.Request) -> web.Response:
            return web.Response(body=data, headers=headers)

        return handler

    def synthetic(self, feeds: int, items: int) -> list[str]:
        """Serve /bench/<n>.xml for n < feeds, each with `items` items, ETag-aware."""
        self._synthetic = (feeds, items)
        return [f"/bench/{n}.xml" for n in range(feeds)]

    def prepare_synthetic(self) -> None:
        """Build every synthetic document now, so serving costs (almost) no CPU later."""
        assert self._synthetic is not None
        for index in range(self._synthetic[0]):
            self._synthetic_document(index)

    def _synthetic_document(self, index: int) -> tuple[bytes, str]:
        assert self._synthetic is not None
        if index not in self._cache:
            body = synthetic_feed(index, self._synthetic[1])
            self._cache[index] = (gzip.compress(body, 6), f'"bench-{index}"')
        return self._cache[index]

    def _bench(self, request: web.Request) -> web.Response:
        assert self._synthetic is not None
        feeds = self._synthetic[0]
        match = re.fullmatch(r"/bench/(\d+)\.xml", request.path)
        if match is None or int(match.group(1)) >= feeds:
            return web.Response(status=404)
        body, etag = self._synthetic_document(int(match.group(1)))
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        headers = {
            "ETag": etag,
            "Content-Type": "application/rss+xml; charset=utf-8",
            "Content-Encoding": "gzip",
        }
        return web.Response(body=body, headers=headers)


async def _serve(feeds: int, items: int) -> None:
    server = FeedServer()
    server.synthetic(feeds, items)
    server.prepare_synthetic()
    await server.start()
    print(f"READY {server.base_url}", flush=True)
    loop = asyncio.get_running_loop()
    # Serve until our parent closes stdin.
    await loop.run_in_executor(None, lambda: __import__("sys").stdin.read())
    await server.close()


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve synthetic feeds for benchmarks.")
    parser.add_argument("--synthetic", type=int, default=1000, help="number of feeds")
    parser.add_argument("--items", type=int, default=20, help="items per feed")
    args = parser.parse_args()
    asyncio.run(_serve(args.synthetic, args.items))


if __name__ == "__main__":
    main()
