"""End to end: the whole service (`bot.app.App`, what `briefbot run` starts) in HTTP mode,
its Slack Web API pointed at the local fake, driven by requests signed as Slack signs them."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import aiohttp

from bot.adapters.slack import EVENTS_PATH, SlackAdapter
from bot.app import App
from tests.fakes.slack_api import FakeSlackApi
from tests.slack.briefed import SEED_FEED
from tests.slack.conftest import CHANNEL, MEMBER, SlackHarness, slack_settings


async def test_briefbot_run_in_http_mode(tmp_path: Path, slack_api: FakeSlackApi) -> None:
    settings = slack_settings(
        tmp_path,
        slack_api,
        BRIEFBOT_INGEST_FEEDS=str(SEED_FEED),
        # The seed article is from May 2025; the service runs on the real clock.
        BRIEFBOT_BRIEFING_STORY_WINDOW="3650d",
        BRIEFBOT_SERVICE_PORT="0",
        BRIEFBOT_SERVICE_POLL_TICK="1",
        BRIEFBOT_SERVICE_BRIEFING_TICK="1",
        BRIEFBOT_SERVICE_DELIVERY_TICK="1",
        BRIEFBOT_SERVICE_CONSOLE_OUTPUT=str(tmp_path / "console.jsonl"),
    )
    service = App(settings)
    await service.start()
    try:
        assert service.http is not None
        assert service.store is not None
        adapter = next(a for a in service.adapters if a.platform == "slack")
        assert isinstance(adapter, SlackAdapter)
        async with aiohttp.ClientSession() as session:
            harness = SlackHarness(
                adapter=adapter,
                api=slack_api,
                store=service.store,
                url=f"http://127.0.0.1:{service.http.bound_port}{EVENTS_PATH}",
                session=session,
            )
            # Unsigned or stale requests never get past the service's front door.
            assert (await harness.command("who 1", secret="wrong"))[0] == 401
            assert (await harness.command("who 1", timestamp=int(time.time()) - 360))[0] == 401

            # "start" registers the channel, which follows the configured feeds.
            assert (await harness.command("start"))[0] == 200
            await slack_api.wait_until(lambda api: len(api.posted(CHANNEL)) == 1)

            # Once the scheduler has polled and extracted the seed feed, ask for a briefing.
            deadline = time.monotonic() + 40
            briefing = None
            while briefing is None and time.monotonic() < deadline:
                seen = len(slack_api.messages)
                await harness.command("brief")
                await slack_api.wait_until(lambda api, n=seen: len(api.messages) > n, within=30)
                latest = slack_api.messages[-1]
                if not latest["ephemeral"] and any(
                    b["type"] == "actions" for b in latest["blocks"]
                ):
                    briefing = latest
                else:
                    await asyncio.sleep(1)
            assert briefing is not None, [m["text"] for m in slack_api.messages]

            # /brief who 1 -> the delegation of the seed article.
            seen = len(slack_api.posted(CHANNEL))
            await harness.command("who 1")
            await slack_api.wait_until(lambda api: len(api.posted(CHANNEL)) > seen)
            answer = json.dumps(slack_api.posted(CHANNEL)[seen]["blocks"])
            for name in ("Medinsky", "Galuzin", "Fomin", "Kostyukov"):
                assert name in answer

            # A button under the briefing answers in its thread.
            seen = len(slack_api.posted(CHANNEL))
            await harness.click(briefing, "absent 1")
            await slack_api.wait_until(lambda api: len(api.posted(CHANNEL)) > seen)
            reply = slack_api.posted(CHANNEL)[seen]
            assert reply["thread_ts"] == briefing["ts"]
            assert "Putin" in json.dumps(reply["blocks"])

            # A member may not add feeds.
            seen = len(slack_api.ephemeral(CHANNEL))
            await harness.command("feeds add https://example.org/rss", user=MEMBER)
            await slack_api.wait_until(lambda api: len(api.ephemeral(CHANNEL)) > seen)
            assert "admin" in json.dumps(slack_api.ephemeral(CHANNEL)[-1]["blocks"]).lower()
    finally:
        await service.stop()
