"""`briefbot run` (the real `App`) with Telegram pointed at the fake Bot API: the seed feed is
polled, extracted and clustered by the service itself, and a group talks to the bot."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app import App
from bot.commands import CommandContext, dispatch
from bot.config import Settings
from bot.render.telegram import render_telegram
from bot.replies import Reply
from bot.store import Store
from tests.conftest import ROOT
from tests.fakes.telegram_api import Call, FakeTelegramApi, too_many_requests
from tests.telegram.conftest import SettingsFactory

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

GROUP = -100777
ADMIN, MEMBER = 10, 20
NASTY_FEED_TITLE = "Wire & Co <script>alert(1)</script>"


def nasty_copy_of_the_seed(folder: Path) -> Path:
    """The seed feed as another outlet would carry it, under a title full of markup."""
    seed = (ROOT / "seeds" / "istanbul-talks.xml").read_text()
    # Escaped twice: for XML, and as the HTML text feedparser takes RSS titles to be, so the
    # title *is* the literal text "<script>..." (a once-escaped tag is stripped on ingest).
    escaped = NASTY_FEED_TITLE
    for _ in range(2):
        escaped = escaped.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = seed.replace("<title>briefbot seed feed</title>", f"<title>{escaped}</title>", 1)
    text = text.replace("briefbot-seed-", "wire-copy-").replace("/seeds/", "/wire/")
    path = folder / "wire.xml"
    path.write_text(text)
    return path


@pytest.fixture
async def app(tmp_path: Path, make_settings: SettingsFactory) -> AsyncIterator[App]:
    feeds = [str(ROOT / "seeds" / "istanbul-talks.xml"), str(nasty_copy_of_the_seed(tmp_path))]
    settings: Settings = make_settings(
        ingest_feeds=json.dumps(feeds),
        service_port="0",
        service_console_output=str(tmp_path / "console.txt"),
        service_poll_tick="1",
        service_briefing_tick="1",
        service_delivery_tick="1",
        briefing_story_window="3650d",
    )
    service = App(settings)
    await service.start()
    try:
        yield service
    finally:
        await service.stop()


async def say(fake: FakeTelegramApi, text: str, user_id: int) -> Call:
    """A user writes in the group; returns the bot's (first) answer."""
    before = len(fake.sent(GROUP))
    update = fake.message_update(GROUP, text, user_id=user_id)
    await fake.queue_update(update)
    answers = await fake.wait_for("sendMessage", before + 1, within=30)
    answer = [c for c in answers if c.chat_id == GROUP][before]
    assert answer.params["reply_parameters"]["message_id"] == update["message"]["message_id"]
    return answer


async def expected(store: Store, settings: Settings, text: str) -> str:
    chat = await store.chats.ensure("telegram", str(GROUP))

    async def no() -> bool:
        return False

    ctx = CommandContext(store, settings, chat, str(MEMBER), no, datetime.now(UTC), "telegram")
    reply: Reply = await dispatch(ctx, text)
    return render_telegram(reply)[0].html


async def test_a_group_uses_the_running_service(app: App, fake_api: FakeTelegramApi) -> None:
    assert app.store is not None
    fake_api.add_chat(GROUP, "supergroup", title="Newsroom", admins=[ADMIN])
    bot = f"@{fake_api.username}"
    hello = await say(fake_api, f"/start{bot}", ADMIN)
    assert "Hello" in hello.result["text"]

    # The service polls and extracts the feeds on its own ticks; ask until the story is in.
    deadline = time.monotonic() + 120
    while True:
        briefing = await say(fake_api, f"/brief{bot}", ADMIN)
        if briefing.params.get("reply_markup"):
            break
        assert time.monotonic() < deadline, briefing.result["text"]
        await asyncio.sleep(1)
    html, visible = briefing.params["text"], briefing.result["text"]
    assert "<script>" not in html
    assert NASTY_FEED_TITLE in visible  # arrived escaped, shown as the text it is
    assert "&lt;script&gt;" in html
    buttons = [
        b["callback_data"]
        for row in briefing.params["reply_markup"]["inline_keyboard"]
        for b in row
    ]
    assert "who 1" in buttons

    # A follow-up from a member, while Telegram says "slow down" once: waited out, sent once.
    fake_api.fail_next("sendMessage", too_many_requests(1), chat_id=GROUP)
    answer = await say(fake_api, f"/who{bot} 1", MEMBER)
    assert answer.params["text"] == await expected(app.store, app.settings, "who 1")
    assert "Putin" in answer.result["text"]  # the seed says he is absent; who 1 lists people
    floods = [c for c in fake_api.calls_of("sendMessage") if c.status == 429]
    assert len(floods) == 1
    assert [c.params["text"] for c in fake_api.sent(GROUP)].count(answer.params["text"]) == 1

    refused = await say(fake_api, "/addfeed https://example.org/rss.xml", MEMBER)
    assert "Only an admin" in refused.result["text"]
    assert len(await app.store.feeds.list()) == 2
