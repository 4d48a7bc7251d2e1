"""Briefing and follow-up latency: 10,000 stored stories, 1,000 chats with different filters.

Builds the data through the real store API (articles from 50 feeds, key points merged into
stories by `bot.stories.story_draft`), then measures, in one run:

* composing every chat's briefing (`compose_briefings`, in batches of 500 chats as the
  scheduler claims them), against a baseline of the bare per-chat candidate SELECT for the
  same chats (`store.stories.briefing_candidates`); and one chat's briefing alone
  (`compose_briefing`, as the `brief` command does);
* `who N` / `positions N` / `who WORDS` / `positions ACTOR` through `bot.commands.dispatch`,
  against a baseline of fetching the same story (`store.stories.get`).

Two scenarios: stories spread over 30 days with the default 2-day window (what a running
service holds), and the worst case where all 10,000 stories fall inside the window.

    .venv/bin/python benchmarks/briefing.py [--stories 10000] [--chats 1000] [--database-url URL]

Targets: all briefings composed in under 10 s; command answers under 50 ms at p95.
Prints a table, then one JSON line with every figure.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.briefing import compose_briefing, compose_briefings
from bot.commands import CommandContext, dispatch
from bot.config import Settings, load_settings
from bot.domain import Article, Chat
from bot.store import Store
from bot.store.articles import ArticleDraft
from bot.stories import story_draft
from summarizer.model import Actor, Attendance, Event, KeyPoints, Position, Statement

NOW = datetime(2025, 6, 2, 6, 0, tzinfo=UTC)
BATCH = 500  # chats per composition batch: the scheduler claims at most this many per tick
FEEDS = 50
TOPICS = (
    "ceasefire talks", "budget vote", "trade tariffs", "climate summit", "election campaign",
    "central bank rates", "peace negotiations", "energy prices", "health reform", "court ruling",
    "strike action", "border dispute", "tech regulation", "refugee crisis", "nuclear deal",
    "flood relief", "pension plans", "arms embargo", "space launch", "transport strike",
)  # fmt: skip
PLACES = ("Istanbul", "Geneva", "Brussels", "Vienna", "Doha", "Oslo", "Nairobi", "Lima", "Seoul")
FIRST = (
    "Anna", "Boris", "Carla", "David", "Elena", "Farid", "Greta", "Hugo", "Ines", "Jonas",
    "Kemal", "Lena", "Marco", "Nadia", "Omar", "Petra", "Rafael", "Sofia", "Tomas", "Yara",
)  # fmt: skip
LAST = (
    "Adler", "Brandt", "Costa", "Dumont", "Eriksen", "Fischer", "Garcia", "Horvat", "Ivanov",
    "Jansen", "Kowalski", "Lindqvist", "Moreau", "Novak", "Okafor", "Petrov", "Quinn",
    "Rossi", "Schmidt", "Tanaka", "Uribe", "Varga", "Weber", "Yilmaz", "Zelenko",
)  # fmt: skip
ROLES = ("foreign minister", "president", "prime minister", "envoy", "spokesperson", "governor")
VERBS = ("said", "insisted", "rejected", "demanded", "warned", "proposed")


def _people(rng: random.Random, k: int) -> list[str]:
    return [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(k)]


def _keypoints(rng: random.Random, title: str, topic: str, cast: list[str]) -> KeyPoints:
    place = rng.choice(PLACES)
    attendees = tuple(
        Attendance(
            name, role=rng.choice(ROLES), status=rng.choice(("attending", "expected")),
            evidence=f"{name} will attend the {topic} in {place}.",
        )
        for name in cast[: rng.randint(0, 5)]
    )  # fmt: skip
    absentees = tuple(
        Attendance(name, evidence=f"{name} will not attend the {topic}.")
        for name in cast[5 : 5 + rng.randint(0, 2)]
    )
    positions = tuple(
        Position(
            Actor(name, role=rng.choice(ROLES)),
            tuple(
                Statement(
                    text=f"{rng.choice(VERBS)} the {topic} must {rng.choice(('wait', 'go on'))}",
                    evidence=f"{name} {rng.choice(VERBS)} the {topic} must go on.",
                )
                for _ in range(rng.randint(1, 2))
            ),
        )
        for name in rng.sample(cast, k=min(len(cast), rng.randint(0, 4)))
    )
    summary = (
        f"Officials met in {place} for {topic}.",
        f"{cast[0]} led the talks on {topic}.",
    )
    return KeyPoints(
        title=title,
        summary=summary,
        event=Event(what=topic, where=place),
        attendees=attendees,
        absentees=absentees,
        positions=positions,
    )


async def build(store: Store, stories: int, days: float, rng: random.Random) -> dict[int, str]:
    """Feeds, articles with key points, and stories; returns feed id -> title."""
    feeds = [
        await store.feeds.add(f"https://news{n}.example/rss", title=f"News {n}")
        for n in range(FEEDS)
    ]
    plans: list[tuple[str, str, list[str], datetime, list[int]]] = []
    drafts: dict[int, list[tuple[int, ArticleDraft, KeyPoints]]] = {f.id: [] for f in feeds}
    for n in range(stories):
        topic = rng.choice(TOPICS)
        title = f"{topic.capitalize()} in {rng.choice(PLACES)}: round {n}"
        cast = _people(rng, 8)
        when = NOW - timedelta(seconds=rng.uniform(0, days * 86400))
        outlets = rng.sample(feeds, k=rng.choice((1, 1, 2, 2, 3)))
        plans.append((title, topic, cast, when, [f.id for f in outlets]))
        for k, feed in enumerate(outlets):
            link = f"{feed.url.removesuffix('/rss')}/story/{n}"
            points = _keypoints(rng, title, topic, cast[k:] + cast[:k])
            draft = ArticleDraft(
                uid=link, entry_key=link, url=link, title=title,
                text=" ".join(points.summary), text_hash=None, published_at=when,
            )  # fmt: skip
            drafts[feed.id].append((n, draft, points))
    members: dict[int, list[Article]] = {n: [] for n in range(stories)}
    titles = {f.id: f.title or f.url for f in feeds}
    for feed_id, items in drafts.items():
        for start in range(0, len(items), 500):
            chunk = items[start : start + 500]
            outcome = await store.articles.add_from_feed(feed_id, [d for _, d, _ in chunk], now=NOW)
            for (n, draft, points), article_id in zip(chunk, outcome.new_ids, strict=True):
                await store.articles.save_keypoints(article_id, points.to_dict(), now=NOW)
                members[n].append(
                    Article(
                        id=article_id, uid=draft.uid, url=draft.url, title=draft.title,
                        text=draft.text, published_at=draft.published_at, fetched_at=NOW,
                        keypoints=points, sources=(titles[feed_id],),
                    )
                )  # fmt: skip
    for n, (_, _, _, when, _) in enumerate(plans):
        draft = story_draft(None, members[n], None)
        await store.stories.save(draft, article_ids=[a.id for a in members[n]], now=when)
    return titles


async def make_chats(store: Store, chats: int, rng: random.Random) -> list[Chat]:
    feed_ids = [f.id for f in await store.feeds.list()]
    out = []
    for n in range(chats):
        chat = await store.chats.ensure("bench", f"chat-{n}")
        for feed_id in rng.sample(feed_ids, k=rng.randint(3, 15)):
            await store.chats.subscribe(chat.id, feed_id)
        kind = n % 4
        changes: dict[str, Any] = {"max_stories": rng.randint(5, 15)}
        if kind == 1:
            changes["include_keywords"] = rng.sample(TOPICS, k=rng.randint(1, 4))
        elif kind == 2:
            changes["exclude_keywords"] = [*rng.sample(TOPICS, k=rng.randint(1, 6)), "strike"]
        elif kind == 3:
            changes["watch"] = [*_people(rng, rng.randint(1, 5)), rng.choice(LAST)]
        out.append(await store.chats.update_settings(chat.id, **changes))
    return out


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def _timed(call: Callable[[], Awaitable[Any]]) -> float:
    start = time.perf_counter()
    await call()
    return (time.perf_counter() - start) * 1000


async def scenario(
    url: str, settings: Settings, stories: int, chats: int, days: float, label: str
) -> dict[str, Any]:
    rng = random.Random(7)
    store = await Store.open(url)
    try:
        started = time.perf_counter()
        await build(store, stories, days, rng)
        chat_list = await make_chats(store, chats, rng)
        setup = time.perf_counter() - started
        since = NOW - timedelta(seconds=settings.briefing.story_window)

        start = time.perf_counter()
        candidates = 0
        for chat in chat_list:
            candidates += len(await store.stories.briefing_candidates(chat.id, since=since))
        baseline = time.perf_counter() - start

        # As the scheduler does: the chats due at one tick, up to `due_chats`' limit, composed
        # as one batch.
        start = time.perf_counter()
        per_batch: list[float] = []
        composed = items = 0
        for first in range(0, len(chat_list), BATCH):
            t0 = time.perf_counter()
            batch = [(chat, "bench") for chat in chat_list[first : first + BATCH]]
            for result in await compose_briefings(store, settings, batch, now=NOW):
                if result is not None:
                    composed += 1
                    items += len(result[0].items)
            per_batch.append(time.perf_counter() - t0)
        compose_total = time.perf_counter() - start

        # One chat on its own (the `brief` command), everything in the window included.
        per_chat: list[float] = []
        for n, chat in enumerate(rng.sample(chat_list, k=min(50, len(chat_list)))):
            per_chat.append(
                await _timed(
                    lambda chat=chat, n=n: compose_briefing(
                        store, settings, chat, now=NOW, slot=f"one-{n}", include_seen=True
                    )
                )
            )

        async def yes() -> bool:
            return True

        latencies: dict[str, list[float]] = {}
        base: list[float] = []
        sample = rng.sample(chat_list, k=min(200, len(chat_list)))
        for chat in sample:
            briefing = await store.briefings.latest(chat.id)
            if briefing is None or not briefing.items:
                continue
            ctx = CommandContext(store, settings, chat, "u", yes, NOW, "bench")
            item = rng.choice(briefing.items)
            story = await store.stories.get(item.story_id)
            actor = (story.keypoints["positions"] or [{"actor": {"name": "Petrov"}}])[0]
            commands = {
                "who N": f"who {item.number}",
                "positions N": f"positions {item.number}",
                "who WORDS": f"who {story.title.split(':')[0].lower()}",
                "positions ACTOR": f"positions {actor['actor']['name'].split()[-1]}",
            }
            for name, text in commands.items():
                latencies.setdefault(name, []).append(
                    await _timed(lambda text=text, ctx=ctx: dispatch(ctx, text))
                )
            base.append(await _timed(lambda item=item: store.stories.get(item.story_id)))
        return {
            "scenario": label,
            "stories": stories,
            "chats": chats,
            "setup_s": round(setup, 1),
            "candidates_per_chat": round(candidates / max(1, len(chat_list)), 1),
            "baseline_candidate_select_all_chats_s": round(baseline, 2),
            "compose_all_s": round(compose_total, 2),
            "compose_slowest_batch_s": round(max(per_batch), 2),
            "compose_one_chat_all_seen_p95_ms": round(_pct(per_chat, 0.95), 1),
            "briefings": composed,
            "items_per_briefing": round(items / max(1, composed), 1),
            "baseline_story_get_p95_ms": round(_pct(base, 0.95), 2),
            **{
                f"{name} p95_ms": round(_pct(values, 0.95), 2) for name, values in latencies.items()
            },
            **{
                f"{name} p50_ms": round(statistics.median(values), 2)
                for name, values in latencies.items()
            },
        }
    finally:
        await store.close()


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--chats", type=int, default=1_000)
    parser.add_argument("--database-url", help="default: a SQLite file in a temporary folder")
    parser.add_argument("--only", choices=("spread", "worst"))
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "briefbot.toml"
        empty.write_text("")
        settings, _ = load_settings(empty, environ={})
        for label, days in (("spread over 30 days", 30.0), ("all in window", 1.5)):
            if args.only and (args.only == "spread") != (days == 30.0):
                continue
            url = args.database_url or f"sqlite:///{Path(tmp) / f'bench-{days}.db'}"
            results.append(await scenario(url, settings, args.stories, args.chats, days, label))
            if args.database_url:
                break  # one scenario per given database (it is not emptied between runs)
    for result in results:
        print(f"\n== {result['scenario']} ==")
        for key, value in result.items():
            if key != "scenario":
                print(f"  {key:<40} {value}")
    print(json.dumps(results))
    ok = all(r["compose_all_s"] < 10 for r in results) and all(
        v < 50 for r in results for k, v in r.items() if k.endswith("p95_ms") and " " in k
    )
    print("targets met" if ok else "targets NOT met")
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
