"""Telegram fan-out: one briefing to many chats through the outbox, against Telegram's limits.

The fake Bot API (tests/fakes/telegram_api.py) runs in its own process, as Telegram would,
and enforces the flood limits: at most 30 messages in any one-second window overall and one
message per second per chat, answering 429 with `retry_after` past them. The briefing is
queued in the outbox for every chat and sent by the real `DeliveryWorker` through the real
`TelegramAdapter` (python-telegram-bot over HTTP).

The baseline is the platform minimum: chats / 30 seconds (10 s for 300 chats). Target: wall
time within 15% of it, no message lost, none duplicated. `--ptb-default` runs the same
fan-out once more with python-telegram-bot's stock `AIORateLimiter` (burst, then 30/s) for
comparison.

    .venv/bin/python benchmarks/telegram_fanout.py [--chats 300] [--ptb-default]

Prints a table, then one JSON line with every figure.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.adapters.telegram import TelegramAdapter  # noqa: E402
from bot.config import Settings, load_settings  # noqa: E402
from bot.delivery import DeliveryWorker  # noqa: E402
from bot.replies import Block, Button, Reply  # noqa: E402
from bot.store import Store  # noqa: E402
from tests.fakes.telegram_api import DEFAULT_TOKEN  # noqa: E402

PLATFORM_RATE = 30  # messages per second, Telegram's overall limit


@dataclass
class Run:
    name: str
    chats: int
    wall: float
    minimum: float
    sent_calls: int
    too_many: int
    lost: int
    duplicated: int
    outbox: dict[str, int]

    @property
    def ratio(self) -> float:
        return self.wall / self.minimum


def briefing() -> Reply:
    """A realistic morning briefing: three stories with evidence, links and buttons."""
    blocks = []
    for n in range(1, 4):
        blocks.append(
            Block(
                heading=f"{n}. Talks & tariffs: <update> {n}",
                text=(
                    "Delegations met for a second day; the host said progress was made on "
                    "prisoner exchanges, while the other side insisted on a ceasefire first.",
                ),
                fields=(("Attends", "Foreign ministers"), ("Absent", "The president")),
                links=((f"Source {n}", f"https://news.example.org/story/{n}?a=1&b=2"),),
                footer="3 sources",
                buttons=tuple(
                    Button(label, f"{label.lower()} {n}")
                    for label in ("Who", "Absent", "Positions", "Sources")
                ),
                story_number=n,
            )
        )
    return Reply(title="Morning briefing", blocks=tuple(blocks))


def start_fake() -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes.telegram_api", "--port", "0", "--enforce-limits"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert process.stdout is not None
    line = process.stdout.readline()  # "fake Bot API on http://127.0.0.1:PORT/bot (token ...)"
    if " on " not in line:
        process.kill()
        raise SystemExit(f"the fake Bot API did not start: {line!r}")
    return process, line.split(" on ", 1)[1].split()[0]


def settings_for(base_url: str, db: Path, concurrency: int | None) -> Settings:
    config = db.parent / "briefbot.toml"
    config.write_text("")
    environ = {
        "BRIEFBOT_DATABASE_URL": f"sqlite:///{db}",
        "BRIEFBOT_TELEGRAM_TOKEN": DEFAULT_TOKEN,
        "BRIEFBOT_TELEGRAM_BASE_URL": base_url,
        "BRIEFBOT_TELEGRAM_ENABLED": "true",
    }
    if concurrency is not None:
        environ["BRIEFBOT_SERVICE_SEND_CONCURRENCY"] = str(concurrency)
    settings, _ = load_settings(config, environ=environ)
    return settings


async def fan_out(
    name: str,
    chats: int,
    base_url: str,
    workdir: Path,
    concurrency: int | None,
    stock_limiter: bool,
) -> Run:
    settings = settings_for(base_url, workdir / f"{name}.db", concurrency)
    async with httpx.AsyncClient() as client:
        before = len((await client.get(f"{base_url.removesuffix('/bot')}/_fake/calls")).json())
    store = await Store.open(settings.database_url())
    adapter = TelegramAdapter(settings, store)
    if stock_limiter:
        from telegram.ext import AIORateLimiter, ApplicationBuilder

        adapter.application = (
            ApplicationBuilder()
            .token(DEFAULT_TOKEN)
            .base_url(base_url)
            .rate_limiter(AIORateLimiter(max_retries=5))
            .build()
        )
    try:
        await adapter.application.initialize()
        reply = briefing().to_dict()
        ids: dict[str, int] = {}
        for i in range(chats):
            # Two thirds private chats, one third groups.
            platform_id = str(1_000 + i) if i % 3 else str(-1_000_000 - i)
            chat = await store.chats.ensure("telegram", platform_id)
            ids[platform_id] = chat.id
            await store.deliveries.enqueue(f"bench:{name}:{chat.id}", chat.id, None, reply)
        worker = DeliveryWorker(store, {"telegram": adapter}, settings)
        started = time.perf_counter()
        while True:
            await worker.deliver_all()
            statuses = Counter(d.status for d in await store.deliveries.list())
            if not statuses.get("pending"):
                break
            await asyncio.sleep(0.2)  # rows waiting out a RetryAfter come due again
        wall = time.perf_counter() - started
    finally:
        await adapter.application.shutdown()
        await store.close()
    async with httpx.AsyncClient() as client:
        calls = (await client.get(f"{base_url.removesuffix('/bot')}/_fake/calls")).json()[before:]
    sends = [c for c in calls if c["method"] == "sendMessage"]
    arrived = Counter(str(c["params"]["chat_id"]) for c in sends if c["status"] == 200)
    return Run(
        name=name,
        chats=chats,
        wall=wall,
        minimum=chats / PLATFORM_RATE,
        sent_calls=len(sends),
        too_many=sum(c["status"] == 429 for c in sends),
        lost=sum(1 for platform_id in ids if arrived[platform_id] == 0),
        duplicated=sum(n - 1 for n in arrived.values() if n > 1),
        outbox=dict(statuses),
    )


async def main_async(args: argparse.Namespace) -> list[Run]:
    process, base_url = start_fake()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            runs = [
                await fan_out("briefbot", args.chats, base_url, Path(tmp), args.concurrency, False)
            ]
            if args.ptb_default:
                await asyncio.sleep(1.5)  # let the fake's one-second windows empty
                runs.append(
                    await fan_out(
                        "ptb-default", args.chats, base_url, Path(tmp), args.concurrency, True
                    )
                )
            return runs
    finally:
        process.terminate()
        process.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--chats", type=int, default=300)
    parser.add_argument(
        "--concurrency", type=int, help="outbox send slots (default: service.send_concurrency)"
    )
    parser.add_argument("--ptb-default", action="store_true", help="also run PTB's stock limiter")
    args = parser.parse_args()
    runs = asyncio.run(main_async(args))
    print(
        f"{'run':<12} {'chats':>5} {'wall s':>7} {'min s':>6} {'ratio':>6} {'429s':>5} "
        f"{'lost':>5} {'dup':>4}  outbox"
    )
    for run in runs:
        print(
            f"{run.name:<12} {run.chats:>5} {run.wall:>7.2f} {run.minimum:>6.1f} "
            f"{run.ratio:>6.3f} {run.too_many:>5} {run.lost:>5} {run.duplicated:>4}  {run.outbox}"
        )
    target = runs[0]
    verdict = target.ratio <= 1.15 and target.lost == 0 and target.duplicated == 0
    outcome = "met" if verdict else "MISSED"
    print(f"target (within 15% of the minimum, none lost or duplicated): {outcome}")
    figures: dict[str, Any] = {r.name: {**r.__dict__, "ratio": round(r.ratio, 4)} for r in runs}
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
