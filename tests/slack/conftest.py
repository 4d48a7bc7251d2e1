"""Slack test fixtures: the fake Web API, an adapter on a real aiohttp server, signed requests."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest
from aiohttp import web
from slack_sdk.signature import SignatureVerifier

from bot.adapters.slack import EVENTS_PATH, SlackAdapter
from bot.config import Settings, load_settings
from bot.store import Store
from tests.fakes.slack_api import BOT_TOKEN, FakeSlackApi

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
CHANNEL = "C0BRIEF"
ADMIN = "U0ADMIN"
MEMBER = "U0MEMBER"


@pytest.fixture
async def slack_api() -> AsyncIterator[FakeSlackApi]:
    async with FakeSlackApi() as api:
        api.add_user(ADMIN, "ada", is_admin=True)
        api.add_user(MEMBER, "max")
        api.add_channel(CHANNEL, "news")
        yield api


def slack_settings(tmp_path: Path, api: FakeSlackApi, **extra: str) -> Settings:
    config = tmp_path / "briefbot.toml"
    config.write_text("")
    environ = {
        "BRIEFBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'briefbot.db'}",
        "BRIEFBOT_SLACK_ENABLED": "true",
        "BRIEFBOT_SLACK_MODE": "http",
        "BRIEFBOT_SLACK_BASE_URL": api.base_url,
        "BRIEFBOT_SLACK_BOT_TOKEN": BOT_TOKEN,
        "BRIEFBOT_SLACK_SIGNING_SECRET": SIGNING_SECRET,
        **extra,
    }
    settings, _ = load_settings(config, environ=environ)
    return settings


@dataclass
class SlackHarness:
    """The adapter's routes on a real local HTTP server, and a way to post to it as Slack."""

    adapter: SlackAdapter
    api: FakeSlackApi
    store: Store
    url: str
    session: aiohttp.ClientSession
    secret: str = SIGNING_SECRET

    def sign(self, body: str, *, timestamp: int | None = None, secret: str | None = None) -> dict:
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        verifier = SignatureVerifier(secret or self.secret)
        return {
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": verifier.generate_signature(timestamp=stamp, body=body),
        }

    async def post(
        self,
        body: str,
        content_type: str,
        *,
        headers: dict[str, str] | None = None,
        timestamp: int | None = None,
        secret: str | None = None,
    ) -> tuple[int, str]:
        all_headers = {
            "Content-Type": content_type,
            **self.sign(body, timestamp=timestamp, secret=secret),
        }
        all_headers.update(headers or {})
        async with self.session.post(self.url, data=body.encode(), headers=all_headers) as resp:
            return resp.status, await resp.text()

    async def command(
        self,
        text: str,
        *,
        user: str = MEMBER,
        channel: str = CHANNEL,
        team: str | None = None,
        **kwargs: Any,
    ) -> tuple[int, str]:
        body = urlencode(
            {
                "token": "legacy-verification-token",
                "team_id": team or self.api.team_id,
                "team_domain": "fake",
                "channel_id": channel,
                "channel_name": "news",
                "user_id": user,
                "user_name": "someone",
                "command": self.adapter.settings.slack.command,
                "text": text,
                "api_app_id": "A0BRIEF",
                "response_url": self.api.response_url(f"cmd-{time.monotonic_ns()}"),
                "trigger_id": "1.2.3",
            }
        )
        return await self.post(body, "application/x-www-form-urlencoded", **kwargs)

    async def event(
        self,
        event: dict[str, Any],
        *,
        event_id: str,
        retry_num: int | None = None,
        team: str | None = None,
        bot_user: str | None = None,
    ) -> tuple[int, str]:
        team = team or self.api.team_id
        bot_user = bot_user or self.api.bot_user_id
        body = json.dumps(
            {
                "token": "legacy-verification-token",
                "team_id": team,
                "api_app_id": "A0BRIEF",
                "event": event,
                "type": "event_callback",
                "event_id": event_id,
                "event_time": int(time.time()),
                "authorizations": [{"team_id": team, "user_id": bot_user, "is_bot": True}],
            }
        )
        headers = {}
        if retry_num is not None:
            headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
        return await self.post(body, "application/json", headers=headers)

    async def click(
        self, message: dict[str, Any], value: str, *, user: str = MEMBER
    ) -> tuple[int, str]:
        """Press a button whose value is `value` on a message the fake recorded."""
        payload = {
            "type": "block_actions",
            "user": {"id": user, "username": "someone", "team_id": self.api.team_id},
            "api_app_id": "A0BRIEF",
            "token": "legacy-verification-token",
            "team": {"id": self.api.team_id, "domain": "fake"},
            "container": {
                "type": "message",
                "message_ts": message["ts"],
                "channel_id": message["channel"],
                "is_ephemeral": False,
            },
            "trigger_id": "1.2.3",
            "channel": {"id": message["channel"], "name": "news"},
            "message": {
                "type": "message",
                "bot_id": self.api.bot_id,
                "text": message["text"],
                "ts": message["ts"],
                **({"thread_ts": message["thread_ts"]} if message.get("thread_ts") else {}),
                "blocks": message["blocks"],
            },
            "response_url": self.api.response_url("click"),
            "actions": [
                {
                    "action_id": _action_id(message, value),
                    "block_id": "b1",
                    "text": {"type": "plain_text", "text": "Who"},
                    "value": value,
                    "type": "button",
                    "action_ts": str(time.time()),
                }
            ],
        }
        body = urlencode({"payload": json.dumps(payload)})
        return await self.post(body, "application/x-www-form-urlencoded")


def _action_id(message: dict[str, Any], value: str) -> str:
    for block in message["blocks"]:
        for element in block.get("elements", ()):
            if element.get("type") == "button" and element.get("value") == value:
                return str(element["action_id"])
    raise AssertionError(f"no button with value {value!r} in that message")


HarnessFactory = Callable[..., Any]


@pytest.fixture
async def slack_harness(
    tmp_path: Path, slack_api: FakeSlackApi
) -> AsyncIterator[Callable[..., Any]]:
    """`await make(**env)` -> a started SlackHarness; everything is closed afterwards."""
    opened: list[tuple[SlackHarness, web.AppRunner]] = []

    async def make(
        *, pace_seconds: float = 0.0, clock: Callable[[], datetime] | None = None, **env: str
    ) -> SlackHarness:
        settings = slack_settings(tmp_path, slack_api, **env)
        store = await Store.open(settings.database_url())
        adapter = SlackAdapter(settings, store, pace_seconds=pace_seconds, clock=clock)
        app = web.Application()
        app.add_routes(adapter.routes())
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        port = runner.addresses[0][1]
        await adapter.start()
        harness = SlackHarness(
            adapter=adapter,
            api=slack_api,
            store=store,
            url=f"http://127.0.0.1:{port}{EVENTS_PATH}",
            session=aiohttp.ClientSession(),
        )
        opened.append((harness, runner))
        return harness

    yield make
    for harness, runner in opened:
        await harness.adapter.stop()
        await harness.session.close()
        await runner.cleanup()
        await harness.store.close()
