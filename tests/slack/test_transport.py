"""The Slack adapter's edges that need no command: signatures, configuration, delivery."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from pathlib import Path

import pytest

from bot.adapters.base import ChatGone, DeliveryError, RetryAfter
from bot.adapters.slack import SlackAdapter, command_text
from bot.config import ConfigError
from bot.domain import Chat
from bot.replies import Block, Button, Reply
from bot.store import Store
from tests.fakes.slack_api import APP_TOKEN, FakeSlackApi
from tests.slack.conftest import CHANNEL, SlackHarness, slack_settings


def _chat(channel: str = CHANNEL) -> Chat:
    return Chat(id=1, platform="slack", platform_chat_id=channel)


def _briefing(stories: int, title: str = "Morning briefing") -> Reply:
    return Reply(
        title=title,
        blocks=tuple(
            Block(
                heading=f"{n}. Story {n}",
                text=("Key point.",),
                footer="Sources: Example News",
                buttons=(Button("Who", f"who {n}"), Button("Sources", f"sources {n}")),
                story_number=n,
            )
            for n in range(1, stories + 1)
        ),
    )


async def test_bad_signature_and_stale_timestamp_get_401(slack_harness) -> None:
    harness: SlackHarness = await slack_harness()
    status, _ = await harness.command("who 1", secret="not-the-secret")
    assert status == 401
    status, _ = await harness.command("who 1", timestamp=int(time.time()) - 6 * 60)
    assert status == 401
    # Neither reached a listener: nothing was answered or looked up.
    await asyncio.sleep(0.2)
    assert harness.api.messages == []
    assert harness.api.calls_to("users.info") == []


async def test_url_verification_challenge_is_answered(slack_harness) -> None:
    harness: SlackHarness = await slack_harness()
    body = '{"token":"t","challenge":"c-123","type":"url_verification"}'
    status, text = await harness.post(body, "application/json")
    assert status == 200
    assert "c-123" in text


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"BRIEFBOT_SLACK_SIGNING_SECRET": ""}, "signing_secret"),
        ({"BRIEFBOT_SLACK_MODE": "socket"}, "app_token"),
        ({"BRIEFBOT_SLACK_BOT_TOKEN": ""}, "bot_token"),
    ],
)
async def test_refuses_to_start_without_its_secrets(
    tmp_path: Path, slack_api: FakeSlackApi, env: dict[str, str], missing: str
) -> None:
    settings = slack_settings(tmp_path, slack_api, **env)
    async with await Store.open(settings.database_url()) as store:
        with pytest.raises(ConfigError, match=missing):
            SlackAdapter(settings, store)


async def test_a_rejected_token_fails_start_clearly(tmp_path: Path, slack_api: FakeSlackApi):
    settings = slack_settings(tmp_path, slack_api, BRIEFBOT_SLACK_BOT_TOKEN="xoxb-wrong")
    async with await Store.open(settings.database_url()) as store:
        adapter = SlackAdapter(settings, store)
        with pytest.raises(ConfigError, match="invalid_auth"):
            await adapter.start()


async def test_send_posts_a_long_briefing_as_a_thread(slack_harness) -> None:
    harness: SlackHarness = await slack_harness()
    ids = await harness.adapter.send(_chat(), _briefing(40))
    posted = harness.api.posted(CHANNEL)
    assert [m["ts"] for m in posted] == ids
    assert len(posted) == 3
    assert posted[0]["thread_ts"] is None
    assert all(m["thread_ts"] == posted[0]["ts"] for m in posted[1:])
    assert all(len(m["blocks"]) <= 50 for m in posted)
    stories = sum(1 for m in posted for b in m["blocks"] if b["type"] == "section")
    assert stories == 40
    # No automatic parsing: feed words never become mentions or unfurled links.
    for call in harness.api.calls_to("chat.postMessage"):
        assert call.args["parse"] == "none"
        assert call.args["link_names"] is False


async def test_a_429_is_waited_out_and_the_message_arrives_once(slack_harness) -> None:
    harness: SlackHarness = await slack_harness()
    harness.api.rate_limit("chat.postMessage", retry_after=1, times=1)
    started = time.monotonic()
    ids = await harness.adapter.send(_chat(), _briefing(1))
    assert time.monotonic() - started >= 1.0
    attempts = harness.api.calls_to("chat.postMessage")
    assert [c.status for c in attempts] == [429, 200]
    assert attempts[1].at - attempts[0].at >= 1.0
    assert len(harness.api.posted(CHANNEL)) == 1
    assert len(ids) == 1


async def test_429s_that_outlast_the_retries_become_retry_after(slack_harness) -> None:
    harness: SlackHarness = await slack_harness()
    harness.api.rate_limit("chat.postMessage", retry_after=120, times=5)
    with pytest.raises(RetryAfter) as caught:
        await harness.adapter.send(_chat(), _briefing(1))
    assert caught.value.seconds == 120
    # A long wait is not slept through in the sender: one attempt, back to the outbox.
    assert len(harness.api.calls_to("chat.postMessage")) == 1


async def test_a_part_sent_briefing_resumes_without_repeating(slack_harness) -> None:
    harness: SlackHarness = await slack_harness()
    reply = _briefing(40)
    # The second part hits a long rate limit; the outbox sends the briefing again later.
    harness.api.rate_limit("chat.postMessage", retry_after=120, times=1, skip=1)
    with pytest.raises(RetryAfter):
        await harness.adapter.send(_chat(), reply)
    assert len(harness.api.posted()) == 1
    ids = await harness.adapter.send(_chat(), reply)
    posted = harness.api.posted()
    assert len(posted) == 3
    assert [m["ts"] for m in posted] == ids
    assert all(m["thread_ts"] == posted[0]["ts"] for m in posted[1:])


@pytest.mark.parametrize(
    "error", ["channel_not_found", "not_in_channel", "is_archived", "account_inactive"]
)
async def test_a_channel_we_cannot_post_to_is_gone(slack_harness, error: str) -> None:
    harness: SlackHarness = await slack_harness()
    harness.api.fail("chat.postMessage", error, channel="C0GONE")
    with pytest.raises(ChatGone, match=error):
        await harness.adapter.send(_chat("C0GONE"), _briefing(1))
    # Other channels are unaffected.
    assert await harness.adapter.send(_chat(), _briefing(1))


async def test_other_errors_are_retryable_delivery_errors(slack_harness) -> None:
    harness: SlackHarness = await slack_harness()
    harness.api.fail("chat.postMessage", "internal_error", times=1)
    with pytest.raises(DeliveryError) as caught:
        await harness.adapter.send(_chat(), _briefing(1))
    assert type(caught.value) is DeliveryError


async def test_posts_to_one_channel_are_paced(slack_harness) -> None:
    harness: SlackHarness = await slack_harness(pace_seconds=0.3)
    await asyncio.gather(
        harness.adapter.send(_chat(), _briefing(1, "one")),
        harness.adapter.send(_chat(), _briefing(1, "two")),
        harness.adapter.send(_chat("C0OTHER"), _briefing(1, "elsewhere")),
    )
    calls = harness.api.calls_to("chat.postMessage")
    same = [c.at for c in calls if c.args["channel"] == CHANNEL]
    assert len(same) == 2
    assert same[1] - same[0] >= 0.29
    other = next(c.at for c in calls if c.args["channel"] == "C0OTHER")
    assert other - same[0] < 0.25  # another channel does not wait its turn


@pytest.mark.parametrize(
    ("typed", "neutral"),
    [
        ("who 2", "who 2"),
        ("", "help"),
        ("feeds add <https://example.org/rss.xml>", "addfeed https://example.org/rss.xml"),
        ("feeds add https://example.org/a?b=1&amp;c=2", "addfeed https://example.org/a?b=1&c=2"),
        ("Feeds Remove 3", "removefeed 3"),
        ("<@U0BOT> positions Russia", "positions Russia"),
        ("<@U0BOT|briefbot>: schedule 08:00 Europe/Kyiv", "schedule 08:00 Europe/Kyiv"),
    ],
)
def test_command_text(typed: str, neutral: str) -> None:
    assert command_text(typed) == neutral


async def test_find_delivered_recognises_a_briefing_already_in_the_channel(slack_harness) -> None:
    harness: SlackHarness = await slack_harness()
    reply = replace(_briefing(40), extra={"delivery_key": "briefing:1:2025-03-03T08:00"})
    assert await harness.adapter.find_delivered(_chat(), "briefing:1:2025-03-03T08:00") is None
    ids = await harness.adapter.send(_chat(), reply)
    assert len(ids) == 3
    # After a crash the outbox asks before sending again: all three parts are there.
    found = await harness.adapter.find_delivered(_chat(), "briefing:1:2025-03-03T08:00")
    assert found == ids
    assert await harness.adapter.find_delivered(_chat(), "briefing:1:other-slot") is None


async def test_find_delivered_lets_a_half_sent_briefing_resume(slack_harness) -> None:
    harness: SlackHarness = await slack_harness()
    key = "briefing:1:2025-03-03T08:00"
    reply = replace(_briefing(40), extra={"delivery_key": key})
    harness.api.rate_limit("chat.postMessage", retry_after=120, times=1, skip=2)
    with pytest.raises(RetryAfter):
        await harness.adapter.send(_chat(), reply)
    # A restarted service has no memory of the first attempt; Slack's history has.
    restarted = SlackAdapter(harness.adapter.settings, harness.store, pace_seconds=0)
    assert await restarted.find_delivered(_chat(), key) is None
    ids = await restarted.send(_chat(), reply)
    posted = harness.api.posted(CHANNEL)
    assert len(posted) == 3
    assert [m["ts"] for m in posted] == ids
    assert [m["metadata"]["event_payload"]["part"] for m in posted] == [1, 2, 3]


async def test_find_delivered_without_history_access_says_it_does_not_know(slack_harness):
    harness: SlackHarness = await slack_harness()
    harness.api.fail("conversations.history", "missing_scope")
    assert await harness.adapter.find_delivered(_chat(), "briefing:1:x") is None


async def test_socket_mode_connects_and_acknowledges(tmp_path: Path, slack_api: FakeSlackApi):
    settings = slack_settings(
        tmp_path,
        slack_api,
        BRIEFBOT_SLACK_MODE="socket",
        BRIEFBOT_SLACK_APP_TOKEN=APP_TOKEN,
        BRIEFBOT_SLACK_SIGNING_SECRET="",
    )
    async with await Store.open(settings.database_url()) as store:
        adapter = SlackAdapter(settings, store)
        assert adapter.routes() == []  # nothing listens on HTTP in Socket Mode
        await adapter.start()
        try:
            event = {
                "type": "message",
                "channel": CHANNEL,
                "user": "U0MEMBER",
                "text": "chatter in a channel",
                "ts": "1700000000.000100",
                "channel_type": "channel",
            }
            payload = {"type": "event_callback", "team_id": slack_api.team_id, "event_id": "Ev1"}
            ack = await slack_api.socket_send("events_api", {**payload, "event": event})
            assert ack["envelope_id"].startswith("env-")
            await asyncio.sleep(0.2)
            assert slack_api.messages == []  # channel chatter without a mention is not answered
            assert slack_api.calls_to("apps.connections.open")[0].token == APP_TOKEN
        finally:
            await adapter.stop()
