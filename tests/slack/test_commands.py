"""Slack in, commands run, answers out: the real Bolt app over HTTP, signed like Slack signs.

The store holds a real briefing made by the pipeline from the seed feed, so `who 1` has a
right answer: the people the article says attend the talks.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

from bot.adapters.slack import SlackAdapter
from bot.commands import CommandContext, dispatch
from bot.render.slack import render_slack
from tests.slack.briefed import NOW, SEED_FEED, brief_chat, hostile_feed
from tests.slack.conftest import ADMIN, CHANNEL, MEMBER, SlackHarness

DM = "D0DIRECT"


def _all_text(message: dict[str, Any]) -> str:
    return json.dumps([message["text"], message["blocks"]], ensure_ascii=False)


async def _briefed(make, feed: Path = SEED_FEED, **env: str) -> tuple[SlackHarness, list[str]]:
    """A harness whose channel got its briefing through the adapter, as the outbox sends it."""
    harness: SlackHarness = await make(clock=lambda: NOW, BRIEFBOT_INGEST_FEEDS=str(feed), **env)
    chat = await harness.store.chats.ensure("slack", CHANNEL)
    reply = await brief_chat(harness.store, harness.adapter.settings, chat)
    ids = await harness.adapter.send(chat, reply)
    return harness, ids


async def _expected(
    adapter: SlackAdapter, text: str, user: str = MEMBER, channel: str = CHANNEL
) -> list[dict[str, Any]]:
    """What the neutral command says, rendered for Slack: the answer any platform gives."""
    chat = await adapter.store.chats.ensure("slack", channel)

    async def is_admin() -> bool:
        return user == ADMIN

    context = CommandContext(
        store=adapter.store,
        settings=adapter.settings,
        chat=chat,
        user_id=user,
        is_admin=is_admin,
        now=NOW,
        platform="slack",
    )
    return [m.blocks for m in render_slack(await dispatch(context, text))]


async def test_slash_who_1_gets_the_right_answer(slack_harness) -> None:
    harness, ids = await _briefed(slack_harness)
    before = len(harness.api.posted(CHANNEL))
    started = time.monotonic()
    status, _body = await harness.command("who 1")
    acknowledged = time.monotonic() - started
    assert status == 200
    assert acknowledged < 3.0  # Slack's deadline for the acknowledgement
    await harness.api.wait_until(lambda api: len(api.posted(CHANNEL)) > before)
    answer = harness.api.posted(CHANNEL)[before]
    assert answer["blocks"] == (await _expected(harness.adapter, "who 1"))[0]
    text = _all_text(answer)
    # The seed article's delegation: the right story, the right people.
    for name in ("Medinsky", "Galuzin", "Fomin", "Kostyukov"):
        assert name in text
    assert ids  # the briefing itself went out first


async def test_mention_and_dm_take_the_same_words(slack_harness) -> None:
    harness, _ids = await _briefed(slack_harness)
    expected = (await _expected(harness.adapter, "absent 1"))[0]
    mention = {
        "type": "app_mention",
        "user": MEMBER,
        "text": f"<@{harness.api.bot_user_id}> absent 1",
        "ts": "1747296000.000100",
        "channel": CHANNEL,
        "event_ts": "1747296000.000100",
    }
    status, _ = await harness.event(mention, event_id="Ev0MENTION")
    assert status == 200
    await harness.api.wait_until(
        lambda api: any(m["thread_ts"] == mention["ts"] for m in api.posted(CHANNEL))
    )
    [answer] = [m for m in harness.api.posted(CHANNEL) if m["thread_ts"] == mention["ts"]]
    assert answer["blocks"] == expected  # in the mention's thread
    assert "Putin" in _all_text(answer)

    # A DM has no briefing of its own yet: words search the recent stories instead.
    direct = {
        "type": "message",
        "channel_type": "im",
        "user": MEMBER,
        "text": "who Istanbul",
        "ts": "1747296001.000200",
        "channel": DM,
        "event_ts": "1747296001.000200",
    }
    await harness.event(direct, event_id="Ev0DIRECT")
    await harness.api.wait_until(lambda api: len(api.posted(DM)) == 1)
    [answer] = harness.api.posted(DM)
    assert answer["blocks"] == (await _expected(harness.adapter, "who Istanbul", channel=DM))[0]
    assert "Medinsky" in _all_text(answer)


async def test_a_non_admin_cannot_add_feeds(slack_harness) -> None:
    harness: SlackHarness = await slack_harness()
    feeds_before = await harness.store.feeds.list()
    status, _ = await harness.command("feeds add https://example.org/feed.xml", user=MEMBER)
    assert status == 200
    await harness.api.wait_until(lambda api: len(api.ephemeral(CHANNEL)) == 1)
    [refusal] = harness.api.ephemeral(CHANNEL)
    assert refusal["user"] == MEMBER  # only the person who asked sees it
    assert "admin" in _all_text(refusal).lower()
    assert harness.api.posted(CHANNEL) == []
    assert await harness.store.feeds.list() == feeds_before
    # The decision came from Slack's own idea of who is an admin.
    [lookup] = harness.api.calls_to("users.info")
    assert lookup.args["user"] == MEMBER


async def test_admins_come_from_slack_cached_or_from_the_config(slack_harness) -> None:
    harness: SlackHarness = await slack_harness(BRIEFBOT_SLACK_ADMINS="U0CONFIGURED")
    adapter = harness.adapter
    assert await adapter.is_admin(ADMIN) is True
    assert await adapter.is_admin(ADMIN) is True
    assert await adapter.is_admin(MEMBER) is False
    assert len(harness.api.calls_to("users.info")) == 2  # the second ADMIN check was cached
    assert await adapter.is_admin("U0CONFIGURED") is True
    assert await adapter.is_admin("U0UNKNOWN") is False  # users.info says user_not_found
    harness.api.add_user("U0OWNER", "olga", is_owner=True)
    assert await adapter.is_admin("U0OWNER") is True


async def test_a_button_answers_in_the_briefings_thread(slack_harness) -> None:
    harness, ids = await _briefed(slack_harness)
    briefing = harness.api.posted(CHANNEL)[0]
    status, _ = await harness.click(briefing, "positions 1")
    assert status == 200
    await harness.api.wait_until(lambda api: len(api.posted(CHANNEL)) > len(ids))
    answer = harness.api.posted(CHANNEL)[len(ids)]
    assert answer["thread_ts"] == ids[0]
    assert answer["blocks"] == (await _expected(harness.adapter, "positions 1"))[0]


async def test_a_feed_title_cannot_ping_the_channel(slack_harness, tmp_path: Path) -> None:
    feed = hostile_feed(
        tmp_path,
        title="Talks in Istanbul <!channel> <@U0ADMIN> <https://evil.example|https://bank.example>",
        feed_title="Wire <!here> <!subteam^S0TEAM>",
    )
    harness, _ids = await _briefed(slack_harness, feed)
    posted = harness.api.posted(CHANNEL)
    assert posted
    for message in posted:
        payload = _all_text(message)
        for raw in ("<!channel>", "<!here>", "<@U0ADMIN>", "<!subteam^", "<https://evil"):
            assert raw not in payload
    first = _all_text(posted[0])
    assert "&lt;!channel&gt;" in first  # shown as text, not dropped
    assert "&lt;@U0ADMIN&gt;" in first
    for call in harness.api.calls_to("chat.postMessage"):
        assert call.args["parse"] == "none"


async def test_a_retried_event_is_answered_once(slack_harness) -> None:
    harness, ids = await _briefed(slack_harness)
    mention = {
        "type": "app_mention",
        "user": MEMBER,
        "text": f"<@{harness.api.bot_user_id}> who 1",
        "ts": "1747296100.000100",
        "channel": CHANNEL,
        "event_ts": "1747296100.000100",
    }
    first = await harness.event(mention, event_id="Ev0ONCE")
    retry = await harness.event(mention, event_id="Ev0ONCE", retry_num=1)
    # A DM mention comes as app_mention and message.im: two events, one message.
    assert first[0] == 200
    assert retry[0] == 200
    await harness.api.wait_until(lambda api: len(api.posted(CHANNEL)) > len(ids))
    await asyncio.sleep(0.5)  # room for a second answer, if there were one
    answers = [m for m in harness.api.posted(CHANNEL) if m["thread_ts"] == mention["ts"]]
    assert len(answers) == 1


async def test_one_dm_seen_as_two_events_is_answered_once(slack_harness) -> None:
    harness: SlackHarness = await slack_harness()
    text = f"<@{harness.api.bot_user_id}> help"
    base = {"user": MEMBER, "text": text, "ts": "1747296200.000100", "channel": DM}
    await harness.event({**base, "type": "app_mention"}, event_id="Ev0A")
    await harness.event({**base, "type": "message", "channel_type": "im"}, event_id="Ev0B")
    await harness.api.wait_until(lambda api: len(api.posted(DM)) >= 1)
    await asyncio.sleep(0.5)
    assert len(harness.api.posted(DM)) == 1


async def test_a_command_in_a_channel_the_app_is_not_in_uses_the_response_url(
    slack_harness,
) -> None:
    harness: SlackHarness = await slack_harness()
    harness.api.fail("chat.postMessage", "not_in_channel", channel="C0ELSEWHERE")
    harness.api.fail("chat.postEphemeral", "not_in_channel", channel="C0ELSEWHERE")
    await harness.command("help", channel="C0ELSEWHERE")
    await harness.api.wait_for_calls("response_url")
    [call] = harness.api.calls_to("response_url")
    assert call.args["blocks"]


async def test_invited_to_a_channel_it_says_hello_and_follows_the_feeds(slack_harness) -> None:
    harness: SlackHarness = await slack_harness(BRIEFBOT_INGEST_FEEDS=str(SEED_FEED))
    joined = {
        "type": "member_joined_channel",
        "user": harness.api.bot_user_id,
        "channel": "C0INVITED",
        "channel_type": "C",
        "inviter": MEMBER,
        "event_ts": "1747296300.000100",
    }
    someone_else = {**joined, "user": MEMBER, "event_ts": "1747296301.000100"}
    await harness.event(someone_else, event_id="Ev0OTHER")
    await harness.event(joined, event_id="Ev0JOINED")
    await harness.api.wait_until(lambda api: len(api.posted("C0INVITED")) == 1)
    await asyncio.sleep(0.3)
    assert len(harness.api.posted("C0INVITED")) == 1  # a person joining is not greeted
    chat = await harness.store.chats.ensure("slack", "C0INVITED")
    assert [f.url for f in await harness.store.chats.feeds(chat.id)] == [SEED_FEED.as_uri()]
