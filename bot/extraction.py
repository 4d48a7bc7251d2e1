"""NLP off the event loop: a process pool whose workers each load the spaCy model once.

    async with ExtractorPool(settings) as pool:
        stored = await pool.extract_pending(store)

The event loop only waits on futures; parsing runs in worker processes (spawned, not forked:
the parent has threads and an event loop). A poll of many feeds never delays a chat reply.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import UTC, datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any

from bot.config import Settings

if TYPE_CHECKING:
    from bot.domain import Article
    from bot.store import Store
    from summarizer import Extractor

log = logging.getLogger(__name__)

_worker: Extractor | None = None  # one per worker process


def _init_worker(model: str, summary_algorithm: str) -> None:
    global _worker
    from summarizer import Extractor

    _worker = Extractor(model, summary_algorithm)


def _extract_batch(
    texts: list[str], titles: list[str | None], urls: list[str | None], sentences: int
) -> list[dict[str, Any]]:
    assert _worker is not None, "worker not initialised"
    points = _worker.extract_many(texts, titles=titles, urls=urls, summary_sentences=sentences)
    return [p.to_dict() for p in points]


def _warm_up() -> bool:
    return _worker is not None


class ExtractionError(RuntimeError):
    """The worker pool itself failed (model missing, worker killed): not one article's fault."""


class ExtractorPool:
    def __init__(self, settings: Settings, *, batch_size: int = 16) -> None:
        self.settings = settings.summarizer
        self.batch_size = batch_size
        self._executor: ProcessPoolExecutor | None = None

    async def __aenter__(self) -> ExtractorPool:
        self._executor = ProcessPoolExecutor(
            max_workers=self.settings.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(self.settings.model, self.settings.summary_algorithm),
        )
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:
            await asyncio.to_thread(executor.shutdown, True, cancel_futures=True)

    async def start(self) -> None:
        """Load the model in every worker now rather than on the first article."""
        await asyncio.gather(*(self._run(_warm_up) for _ in range(self.settings.workers)))

    async def _run(self, fn: Any, *args: Any) -> Any:
        if self._executor is None:
            raise RuntimeError("use `async with ExtractorPool(settings) as pool`")
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor, fn, *args)
        except BrokenProcessPool as exc:
            raise ExtractionError(
                "the NLP worker process died or could not load the model"
                f" {self.settings.model!r} (is it installed?)"
            ) from exc

    async def extract(
        self,
        texts: Sequence[str],
        *,
        titles: Sequence[str | None] | None = None,
        urls: Sequence[str | None] | None = None,
    ) -> list[dict[str, Any]]:
        """Key points (as `KeyPoints.to_dict()`) of these texts, computed in a worker."""
        return list(
            await self._run(
                _extract_batch,
                list(texts),
                list(titles) if titles is not None else [None] * len(texts),
                list(urls) if urls is not None else [None] * len(texts),
                self.settings.summary_sentences,
            )
        )

    async def _extract_articles(self, store: Store, articles: Sequence[Article]) -> int:
        texts = [a.text for a in articles]
        titles = [a.title for a in articles]
        urls = [a.url for a in articles]
        try:
            results: list[dict[str, Any] | None] = list(
                await self.extract(texts, titles=titles, urls=urls)
            )
            notes: list[str | None] = [None] * len(articles)
        except ExtractionError:
            raise
        except Exception:
            if len(articles) == 1:
                log.exception("key points of article %s failed", articles[0].id)
                failed = "key points could not be extracted from this text"
                earlier = articles[0].note
                results, notes = [None], [f"{earlier}; {failed}" if earlier else failed]
            else:  # find the one text that breaks the batch; the rest still get key points
                done = 0
                for article in articles:
                    done += await self._extract_articles(store, [article])
                return done
        now = datetime.now(UTC)
        for article, points, note in zip(articles, results, notes, strict=True):
            await store.articles.save_keypoints(article.id, points, now=now, note=note)
        return sum(1 for points in results if points is not None)

    async def extract_pending(self, store: Store) -> int:
        """Key points for every article lacking them; returns how many were stored."""
        stored = 0
        tried: set[int] = set()
        while True:
            pending = await store.articles.pending_extraction(
                limit=self.batch_size * self.settings.workers
            )
            pending = [a for a in pending if a.id not in tried]
            if not pending:
                return stored
            tried.update(a.id for a in pending)
            batches = [
                pending[i : i + self.batch_size] for i in range(0, len(pending), self.batch_size)
            ]
            counts = await asyncio.gather(*(self._extract_articles(store, b) for b in batches))
            stored += sum(counts)
