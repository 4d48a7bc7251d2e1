"""Feed documents (bytes + HTTP headers) to clean, identified entries, with feedparser.

feedparser is always given the fetched bytes, never a URL or a path: it must not fetch by
itself, outside the SSRF guard, the byte cap and the timeouts.
"""

from __future__ import annotations

import asyncio
import calendar
import functools
import html
import logging
import multiprocessing
import os
import re
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin

import feedparser

from bot.ingest.dedupe import entry_key, global_uid, normalise_url, text_measures

log = logging.getLogger(__name__)

# Elements after which a reader expects a line or paragraph break.
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
        "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
    }
)  # fmt: skip
_SKIP = frozenset({"script", "style", "template", "noscript", "iframe", "object", "svg"})
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")
_BREAKS = re.compile(r"\s*\n\s*")
_MAX_TITLE = 1000


class ParseError(Exception):
    """The document is not a usable feed; the message is shown as the feed's error."""


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def clean_text(value: str, *, is_html: bool = True) -> str:
    """Plain text: tags stripped, entities decoded, whitespace tidied, paragraphs kept."""
    if is_html and ("<" in value or "&" in value):
        extractor = _TextExtractor()
        extractor.feed(value)
        extractor.close()
        value = "".join(extractor.parts)
    elif "&" in value:
        value = html.unescape(value)
    value = _SPACES.sub(" ", value)
    return _BREAKS.sub("\n", value).strip()


@dataclass(frozen=True, slots=True)
class ParsedEntry:
    entry_key: str
    uid: str
    title: str
    link: str | None
    published_at: datetime | None
    author: str | None
    text: str
    # Measured here, in the parser's process, so the poller's event loop need not.
    words: int
    text_hash: str | None  # `dedupe.text_fingerprint` of the text


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str | None
    link: str | None
    ttl_seconds: int | None
    entries: tuple[ParsedEntry, ...]
    warning: str | None = None  # set for ill-formed documents that still yielded entries


def _as_utc(parsed: Any) -> datetime | None:
    if not parsed:
        return None
    try:
        # feedparser normalises to a UTC struct_time; timegm reads it as UTC.
        return datetime.fromtimestamp(calendar.timegm(parsed), UTC)
    except (OverflowError, ValueError, OSError, TypeError):
        return None


def _detail_text(detail: Mapping[str, Any] | None, fallback: str) -> str:
    if not detail:
        return clean_text(fallback)
    kind = str(detail.get("type") or "text/html")
    return clean_text(str(detail.get("value") or ""), is_html="html" in kind)


def _body(entry: Mapping[str, Any]) -> str:
    """The longest of the full content and the summary, as plain text."""
    candidates = [
        _detail_text(part, str(part.get("value") or "")) for part in entry.get("content") or ()
    ]
    if entry.get("summary"):
        candidates.append(_detail_text(entry.get("summary_detail"), str(entry["summary"])))
    return max(candidates, key=len, default="")


def _link(entry: Mapping[str, Any], base: str) -> str | None:
    link = entry.get("link")
    if not link:
        for candidate in entry.get("links") or ():
            if candidate.get("href") and candidate.get("rel", "alternate") == "alternate":
                link = candidate["href"]
                break
    if not link:
        return None
    absolute = urljoin(base, str(link).strip())
    if not absolute.lower().startswith(("http://", "https://")):
        return None  # javascript:, mailto:, data: ... are no article links
    return normalise_url(absolute)


def _ttl(feed: Mapping[str, Any]) -> int | None:
    try:
        minutes = int(str(feed.get("ttl", "")).strip())
    except ValueError:
        return None
    return minutes * 60 if minutes > 0 else None


def _entry(raw: Mapping[str, Any], feed_url: str, base: str, now: datetime) -> ParsedEntry:
    title = _detail_text(raw.get("title_detail"), str(raw.get("title") or ""))[:_MAX_TITLE]
    link = _link(raw, base)
    published = _as_utc(raw.get("published_parsed") or raw.get("updated_parsed"))
    if published is not None and published > now:
        published = now  # a date in the future would pin the item to the top of every list
    guid = str(raw.get("id") or "").strip() or None
    if guid and guid == raw.get("link"):
        guid = None  # feedparser copies the link into id when there is no guid
    key = entry_key(guid, link, title, published)
    author = clean_text(str(raw.get("author") or ""), is_html=True) or None
    text = _body(raw)
    words, text_hash = text_measures(text)
    return ParsedEntry(
        entry_key=key,
        uid=global_uid(feed_url, guid, link, key),
        title=title,
        link=link,
        published_at=published,
        author=author[:500] if author else None,
        text=text,
        words=words,
        text_hash=text_hash,
    )


def parse_feed(
    content: bytes,
    *,
    url: str,
    headers: Mapping[str, str] | None = None,
    now: datetime | None = None,
) -> ParsedFeed:
    """Parse fetched bytes; ParseError when nothing usable came out."""
    now = now or datetime.now(UTC)
    response_headers = {k.lower(): v for k, v in (headers or {}).items()}
    # Without a declared type feedparser flags every document; XML's own declaration decides.
    response_headers.setdefault("content-type", "application/xml")
    if url.startswith(("http://", "https://")):
        # feedparser resolves relative links against Content-Location.
        response_headers.setdefault("content-location", url)
    try:
        # We keep plain text only, so feedparser's HTML sanitising and rewriting of links
        # inside content (most of its parse time) buys nothing; item links are resolved.
        parsed = feedparser.parse(
            content,
            response_headers=response_headers,
            sanitize_html=False,
            resolve_relative_uris=False,
        )
    except Exception as exc:  # feedparser is meant to never raise; hostile input may still
        raise ParseError(f"the feed could not be parsed ({exc.__class__.__name__}: {exc})") from exc
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not parsed.entries:
        if problem is not None:
            raise ParseError(f"not a readable feed ({problem.__class__.__name__}: {problem})")
        raise ParseError("the feed has no entries")
    feed = parsed.get("feed") or {}
    base = str(feed.get("link") or url) if url.startswith("file:") else url
    entries: list[ParsedEntry] = []
    seen: set[str] = set()
    for raw in parsed.entries:
        entry = _entry(raw, url, base, now)
        if entry.entry_key in seen:
            continue  # feeds do repeat items within one document
        seen.add(entry.entry_key)
        entries.append(entry)
    warning = None
    if problem is not None:
        warning = f"ill-formed feed parsed anyway ({problem.__class__.__name__}: {problem})"
        log.warning("%s: %s", url, warning)
    title = clean_text(str(feed.get("title") or ""), is_html=True)[:500] or None
    link = feed.get("link")
    return ParsedFeed(
        title=title,
        link=str(link) if link else None,
        ttl_seconds=_ttl(feed),
        entries=tuple(entries),
        warning=warning,
    )


_READY_TIMEOUT = 60.0  # seconds for a worker process to start and import the parser
_WARM_UP = b"<rss version='2.0'><channel><item><title>warm</title></item></channel></rss>"


def _start_worker(ready: Any) -> None:
    """Runs once in each worker: pay feedparser's first-use costs, then say so."""
    try:
        parse_feed(_WARM_UP, url="file:warm-up.xml")
    except ParseError:
        pass  # warming up is an optimisation; a real document will tell what is wrong
    finally:
        ready.release()


def _nothing() -> None:
    return None


class ParserPool:
    """Parses documents in worker processes: off the event loop, and on every core.

    Optional: without it a poll parses in-process (big documents in a thread). Worth it for
    pollers of many feeds, where parsing is most of the CPU time. Entering the pool starts
    every worker and waits until each has imported the parser, so a poll never pays for
    (or waits on) a worker's start-up.
    """

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or min(4, os.cpu_count() or 1)
        self._executor: ProcessPoolExecutor | None = None

    async def __aenter__(self) -> ParserPool:
        context = multiprocessing.get_context("spawn")
        ready = context.Semaphore(0)
        self._executor = ProcessPoolExecutor(
            self.workers, mp_context=context, initializer=_start_worker, initargs=(ready,)
        )
        # The executor spawns a process per submitted task while none is idle: one each.
        loop = asyncio.get_running_loop()
        await asyncio.gather(
            *(loop.run_in_executor(self._executor, _nothing) for _ in range(self.workers))
        )

        def wait_all() -> bool:
            return all(ready.acquire(timeout=_READY_TIMEOUT) for _ in range(self.workers))

        if not await asyncio.to_thread(wait_all):
            log.warning("parser workers were slow to start; polling anyway")
        return self

    async def __aexit__(self, *exc: object) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:
            await asyncio.to_thread(executor.shutdown, True, cancel_futures=True)

    async def parse(
        self, content: bytes, *, url: str, headers: Mapping[str, str], now: datetime
    ) -> ParsedFeed:
        if self._executor is None:
            raise RuntimeError("use `async with ParserPool() as pool`")
        call = functools.partial(parse_feed, content, url=url, headers=dict(headers), now=now)
        try:
            return await asyncio.get_running_loop().run_in_executor(self._executor, call)
        except BrokenProcessPool as exc:
            raise ParseError(f"the parser process died ({exc})") from exc
