"""Throughput of `extract_many` against the bare spaCy pipeline it is built on, in one run.

Both read the same articles of ../shared/data/bbc-news-full (all topics, 2,225 files; the one
Latin-1 file is decoded with a fallback) with the same model and batch size. The texts are
split into chunks and each chunk goes through both, alternating which goes first, so that
machine noise (the CPU is shared) hits both alike. The ratio is our time over the bare
pipeline's: what the key points cost on top of the parse (target: at most 1.3).

    .venv/bin/python benchmarks/summarizer_speed.py [--limit N] [--data PATH]

Prints articles per second for both, the ratio and the peak memory (resident set size of
the process, both pipelines loaded), then one JSON line with every figure. The ratio is taken
on CPU time (`time.process_time`), which a busy shared machine disturbs far less than the wall
clock; wall-clock figures are printed beside it.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import spacy  # noqa: E402

from summarizer import Extractor  # noqa: E402
from summarizer.nlp import DEFAULT_MODEL  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared/data/bbc-news-full"
TARGET_RATIO = 1.3


def read_text(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def load_texts(data: Path, limit: int | None) -> list[str]:
    paths = sorted(p for p in data.glob("*/*.txt"))
    if limit is not None:
        paths = paths[:limit]
    return [read_text(p) for p in paths]


def peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="bbc-news-full directory")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--chunk", type=int, default=160, help="articles per alternation")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    args = parser.parse_args(argv)

    texts = load_texts(args.data, args.limit)
    if not texts:
        parser.error(f"no articles under {args.data}")
    bare = spacy.load(args.model)
    ours = Extractor(args.model)
    # Warm both up (first-call allocations, lazy tables) outside the timed runs.
    warm = texts[: min(8, len(texts))]
    list(bare.pipe(warm, batch_size=args.batch_size))
    list(ours.extract_many(warm, batch_size=args.batch_size))

    wall = {"bare": 0.0, "ours": 0.0}
    cpu = {"bare": 0.0, "ours": 0.0}
    extracted = 0
    for index, start in enumerate(range(0, len(texts), args.chunk)):
        chunk = texts[start : start + args.chunk]
        for run in ("bare", "ours") if index % 2 == 0 else ("ours", "bare"):
            began, began_cpu = time.perf_counter(), time.process_time()
            if run == "bare":
                for _ in bare.pipe(chunk, batch_size=args.batch_size):
                    pass
            else:
                for _ in ours.extract_many(chunk, batch_size=args.batch_size):
                    extracted += 1
            wall[run] += time.perf_counter() - began
            cpu[run] += time.process_time() - began_cpu

    n = len(texts)
    figures = {
        "articles": n,
        "extracted": extracted,
        "batch_size": args.batch_size,
        "bare_cpu_seconds": round(cpu["bare"], 2),
        "ours_cpu_seconds": round(cpu["ours"], 2),
        "bare_articles_per_s": round(n / cpu["bare"], 2),
        "ours_articles_per_s": round(n / cpu["ours"], 2),
        "ratio": round(cpu["ours"] / cpu["bare"], 3),
        "wall_bare_articles_per_s": round(n / wall["bare"], 2),
        "wall_ours_articles_per_s": round(n / wall["ours"], 2),
        "wall_ratio": round(wall["ours"] / wall["bare"], 3),
        "target_ratio": TARGET_RATIO,
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
    print(f"{n} articles, model {args.model}, batch size {args.batch_size}")
    print("                      articles/s (CPU time)   articles/s (wall clock)")
    print(
        f"bare spaCy pipeline : {figures['bare_articles_per_s']:12.2f}"
        f"{figures['wall_bare_articles_per_s']:24.2f}"
    )
    print(
        f"extract_many (ours) : {figures['ours_articles_per_s']:12.2f}"
        f"{figures['wall_ours_articles_per_s']:24.2f}"
    )
    print(
        f"ratio ours/bare     : {figures['ratio']:12.3f}{figures['wall_ratio']:24.3f}"
        f"   (target <= {TARGET_RATIO}, on CPU time)"
    )
    print(f"peak memory (RSS)   : {figures['peak_rss_mb']:8.1f} MB")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
