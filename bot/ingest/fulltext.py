"""Full text for teaser-only items: the article page, fetched through the guarded client,
reduced to its main text by trafilatura. On any failure the teaser stays, with a note."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Sequence

import trafilatura

from bot.ingest.dedupe import text_measures
from bot.ingest.fetch import PAGE_ACCEPT, Fetcher, FetchError
from bot.ingest.parse import ParsedEntry

log = logging.getLogger(__name__)

TEASER_NOTE = "teaser only: the full article could not be fetched ({reason})"


@dataclasses.dataclass(frozen=True, slots=True)
class Completed:
    entry: ParsedEntry
    note: str | None = None


def _extract(html: bytes, url: str) -> str | None:
    # trafilatura is CPU-bound lxml work; it runs in a thread, off the event loop.
    return trafilatura.extract(
        html,
        url=url,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        deduplicate=True,
    )


async def full_text(fetcher: Fetcher, url: str) -> str:
    """The main text of an article page; FetchError when there is none."""
    result = await fetcher.fetch(url, accept=PAGE_ACCEPT)
    kind = result.headers.get("content-type", "text/html").lower()
    if "html" not in kind and "xml" not in kind:
        raise FetchError(f"not an HTML page ({kind})")
    text = await asyncio.to_thread(_extract, result.content, result.url)
    if not text or not text.strip():
        raise FetchError("no article text found on the page")
    return text.strip()


def needs_full_text(entry: ParsedEntry, min_words: int) -> bool:
    return min_words > 0 and entry.link is not None and entry.words < min_words


async def complete(fetcher: Fetcher, entry: ParsedEntry, min_words: int) -> Completed:
    if not needs_full_text(entry, min_words):
        return Completed(entry)
    try:
        text = await full_text(fetcher, entry.link)
    except FetchError as exc:
        log.info("full text for %s: %s", entry.link, exc)
        return Completed(entry, TEASER_NOTE.format(reason=exc))
    words, text_hash = text_measures(text)
    if words <= entry.words:
        return Completed(entry, TEASER_NOTE.format(reason="the page held no longer text"))
    return Completed(dataclasses.replace(entry, text=text, words=words, text_hash=text_hash))


async def complete_all(
    fetcher: Fetcher, entries: Sequence[ParsedEntry], min_words: int
) -> list[Completed]:
    """Full text for every teaser among `entries` (the fetcher bounds the concurrency)."""
    teasers = [i for i, e in enumerate(entries) if needs_full_text(e, min_words)]
    done = [Completed(e) for e in entries]  # no task for the (many) complete items
    pages = await asyncio.gather(*(complete(fetcher, entries[i], min_words) for i in teasers))
    for i, page in zip(teasers, pages, strict=True):
        done[i] = page
    return done
