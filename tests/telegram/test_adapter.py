"""The Telegram adapter: real python-telegram-bot over real HTTP against the fake Bot API."""

from __future__ import annotations

import asyncio
import itertools
import time
from datetime import UTC, datetime

import httpx
import pytest

from bot.adapters.base import ChatGone, ChatMoved, DeliveryError, RetryAfter
from bot.adapters.telegram import SECRET_HEADER, WEBHOOK_PATH, TelegramAdapter
from bot.commands import COMMANDS, CommandContext, dispatch
from bot.config import ConfigError
from bot.delivery import DeliveryWorker
from bot.http import Health, HttpServer
from bot.metrics import Metrics
from bot.render.telegram import MAX_MESSAGE_LENGTH, render_telegram, visible_length
from bot.replies import Block, Button, Reply
from bot.store import Store
from tests.fakes.telegram_api import FakeTelegramApi, too_many_requests
from tests.telegram.conftest import SettingsFactory, running

# PTB itself reads RetryAfter.retry_after the deprecated way when it builds the exception.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

GROUP = -1001234
ADMIN, MEMBER = 10, 20


def briefing(stories: int = 2, title: str = "Morning briefing", words: int = 30) -> Reply:
    return Reply(
        title=title,
        blocks=tuple(
            Block(
                heading=f"{n}. Story {n}",
                text=(" ".join(f"s{n}w{i}" for i in range(words)),),
                fields=(("Absent", f"Person {n}"),),
                links=((f"Source {n}", f"https://news.example.org/{n}"),),
                buttons=(Button("Who", f"who {n}"), Button("Sources", f"sources {n}")),
                story_number=n,
            )
            for n in range(1, stories + 1)
        ),
    )


async def expected_html(
    adapter: TelegramAdapter, store: Store, platform_chat_id: int, text: str, is_admin: bool
) -> list[str]:
    """What dispatch itself answers in that chat, rendered: the reply the chat must get."""
    chat = await store.chats.ensure("telegram", str(platform_chat_id))

    async def admin() -> bool:
        return is_admin

    ctx = CommandContext(
        store=store,
        settings=adapter.settings,
        chat=chat,
        user_id="0",
        is_admin=admin,
        now=datetime.now(UTC),
        platform="telegram",
    )
    return [m.html for m in render_telegram(await dispatch(ctx, text))]


# -- start, token, menu -------------------------------------------------------------------


async def test_start_checks_the_token_registers_the_menu_and_polls(
    make_settings: SettingsFactory, sqlite_store: Store, fake_api: FakeTelegramApi
) -> None:
    async with running(make_settings(), sqlite_store) as adapter:
        await fake_api.wait_for("getUpdates")
        assert adapter.username == fake_api.username
    methods = [c.method for c in fake_api.calls]
    assert methods[0] == "getMe"
    assert "deleteWebhook" in methods  # polling: no webhook left behind
    assert [c["command"] for c in fake_api.commands] == list(COMMANDS)
    assert [c["description"] for c in fake_api.commands] == [c.summary for c in COMMANDS.values()]
    polls = fake_api.calls_of("getUpdates")
    assert polls[0].params["allowed_updates"] == ["message", "channel_post", "callback_query"]


async def test_missing_token_is_one_clear_error(
    make_settings: SettingsFactory, sqlite_store: Store
) -> None:
    with pytest.raises(ConfigError, match=r"BRIEFBOT_TELEGRAM_TOKEN"):
        TelegramAdapter(make_settings(telegram_token=""), sqlite_store)


async def test_rejected_token_is_one_clear_error_without_the_token(
    make_settings: SettingsFactory, sqlite_store: Store, fake_api: FakeTelegramApi
) -> None:
    adapter = TelegramAdapter(make_settings(telegram_token="999:not-the-token"), sqlite_store)
    with pytest.raises(ConfigError) as caught:
        await adapter.start()
    message = str(caught.value)
    assert "rejected" in message
    assert "BRIEFBOT_TELEGRAM_TOKEN" in message
    assert "not-the-token" not in message
    assert [(c.method, c.status) for c in fake_api.calls] == [("getMe", 401)]


async def test_unreachable_api_is_one_clear_error(
    make_settings: SettingsFactory, sqlite_store: Store
) -> None:
    adapter = TelegramAdapter(
        make_settings(telegram_base_url="http://127.0.0.1:9/bot"), sqlite_store
    )
    with pytest.raises(ConfigError, match=r"telegram.base_url.*cannot reach"):
        await adapter.start()


async def test_webhook_mode_needs_url_and_secret(
    make_settings: SettingsFactory, sqlite_store: Store
) -> None:
    with pytest.raises(ConfigError, match=r"telegram\.webhook_url"):
        TelegramAdapter(
            make_settings(telegram_mode="webhook", telegram_webhook_secret="abc"), sqlite_store
        )
    with pytest.raises(ConfigError, match="BRIEFBOT_TELEGRAM_WEBHOOK_SECRET"):
        TelegramAdapter(
            make_settings(telegram_mode="webhook", telegram_webhook_url="https://x.org/hook"),
            sqlite_store,
        )


# -- commands -----------------------------------------------------------------------------


async def test_group_command_with_bot_suffix_gets_the_dispatch_reply(
    make_settings: SettingsFactory, sqlite_store: Store, fake_api: FakeTelegramApi
) -> None:
    fake_api.add_chat(GROUP, "supergroup", title="Newsroom", admins=[ADMIN])
    async with running(make_settings(), sqlite_store, per_chat_interval=0.1) as adapter:
        await fake_api.queue_update(
            fake_api.message_update(GROUP, "/who@otherbot 1", user_id=MEMBER)
        )
        await fake_api.queue_update(fake_api.message_update(GROUP, "/weather", user_id=MEMBER))
        update = fake_api.message_update(GROUP, f"/who@{fake_api.username} 1", user_id=MEMBER)
        await fake_api.queue_update(update)
        [sent] = await fake_api.wait_for("sendMessage")
        await asyncio.sleep(0.3)  # room for a wrong answer to the other bots' commands
        assert len(fake_api.sent(GROUP)) == 1
        assert (
            sent.params["text"]
            == (await expected_html(adapter, sqlite_store, GROUP, "who 1", is_admin=False))[0]
        )
        assert sent.params["parse_mode"] == "HTML"
        assert sent.params["link_preview_options"] == {"is_disabled": True}
        assert sent.params["reply_parameters"]["message_id"] == update["message"]["message_id"]
    [chat] = await sqlite_store.chats.list()
    assert (chat.platform_chat_id, chat.title) == (str(GROUP), "Newsroom")


async def test_only_admins_change_settings_in_groups(
    make_settings: SettingsFactory, sqlite_store: Store, fake_api: FakeTelegramApi
) -> None:
    fake_api.add_chat(GROUP, "supergroup", admins=[ADMIN])
    settings = make_settings(telegram_admins="77")
    async with running(settings, sqlite_store, per_chat_interval=0.05):
        for user, text in (
            (MEMBER, "/addfeed https://example.org/rss.xml"),
            (MEMBER, "/schedule 09:15"),
            (ADMIN, "/schedule 07:45"),
            (77, "/max 4"),  # listed in telegram.admins, not a chat admin
            (None, "/max 6"),  # an anonymous admin: signed by the group itself
        ):
            count = len(fake_api.sent(GROUP))
            await fake_api.queue_update(fake_api.message_update(GROUP, text, user_id=user))
            await fake_api.wait_for("sendMessage", count + 1)
    answers = [c.result["text"] for c in fake_api.sent(GROUP)]
    assert "Only an admin" in answers[0]
    assert "Only an admin" in answers[1]
    assert all("Only an admin" not in answer for answer in answers[2:])
    assert await sqlite_store.feeds.list() == []
    [chat] = await sqlite_store.chats.list()
    assert chat.schedule != "09:15"
    assert "07:45" in chat.schedule
    assert chat.max_stories == 6
    # Administrators are asked once and cached.
    assert len(fake_api.calls_of("getChatAdministrators")) == 1


async def test_private_chat_user_is_its_admin_and_start_registers_the_chat(
    make_settings: SettingsFactory, sqlite_store: Store, fake_api: FakeTelegramApi
) -> None:
    async with running(make_settings(), sqlite_store):
        await fake_api.queue_update(fake_api.message_update(42, "/start", user_id=42))
        [hello] = await fake_api.wait_for("sendMessage")
        await fake_api.queue_update(fake_api.message_update(42, "/max 3", user_id=42))
        await fake_api.wait_for("sendMessage", 2)
    [chat] = await sqlite_store.chats.list()
    assert chat.platform_chat_id == "42"
    assert chat.max_stories == 3
    feeds = await sqlite_store.chats.feeds(chat.id)
    assert [f.url for f in feeds] == [f.url for f in await sqlite_store.feeds.list()]
    assert feeds  # subscribed to the configured feeds (ingest.subscribe_new_chats)
    buttons = [
        b["callback_data"] for row in hello.params["reply_markup"]["inline_keyboard"] for b in row
    ]
    assert buttons == ["brief", "help"]
    assert not fake_api.calls_of("getChatAdministrators")


async def test_buttons_answer_as_a_reply_to_their_message(
    make_settings: SettingsFactory, sqlite_store: Store, fake_api: FakeTelegramApi
) -> None:
    fake_api.add_chat(GROUP, "supergroup", admins=[ADMIN])
    async with running(make_settings(), sqlite_store, per_chat_interval=0.05) as adapter:
        chat = await sqlite_store.chats.ensure("telegram", str(GROUP))
        [message_id] = await adapter.send(chat, briefing(stories=1))
        await fake_api.queue_update(
            fake_api.callback_update(GROUP, user_id=MEMBER, data="help", message_id=int(message_id))
        )
        await fake_api.wait_for("sendMessage", 2)
        await fake_api.wait_for("answerCallbackQuery")
        # A refusal or a mistake goes to the presser alone, as Telegram's pop-up.
        await fake_api.queue_update(
            fake_api.callback_update(
                GROUP, user_id=MEMBER, data="who 9", message_id=int(message_id)
            )
        )
        [_, alert] = await fake_api.wait_for("answerCallbackQuery", 2)
    answer = fake_api.sent(GROUP)[1]
    assert answer.params["reply_parameters"]["message_id"] == int(message_id)
    assert answer.params["text"].startswith("<b>Commands</b>")
    assert alert.params["show_alert"] in (True, "true", "True")
    assert "story 9" in alert.params["text"]
    assert len(fake_api.sent(GROUP)) == 2


# -- sending: limits and outcomes ---------------------------------------------------------


async def test_a_429_is_waited_out_and_the_message_arrives_once(
    make_settings: SettingsFactory, sqlite_store: Store, fake_api: FakeTelegramApi
) -> None:
    async with running(make_settings(), sqlite_store) as adapter:
        chat = await sqlite_store.chats.ensure("telegram", "5")
        fake_api.fail_next("sendMessage", too_many_requests(1), chat_id=5)
        started = time.monotonic()
        ids = await adapter.send(chat, briefing())
        waited = time.monotonic() - started
    attempts = [c.status for c in fake_api.calls_of("sendMessage")]
    assert attempts == [429, 200]
    assert waited >= 1.0
    assert ids == [str(fake_api.sent(5)[0].result["message_id"])]


# How long after the 429 a request the client had already sent may still arrive.
IN_FLIGHT = 0.25


async def test_a_429_during_a_fan_out_pauses_everyone_then_resumes_at_the_pace(
    make_settings: SettingsFactory, sqlite_store: Store, fake_api: FakeTelegramApi
) -> None:
    chats = [await sqlite_store.chats.ensure("telegram", str(100 + n)) for n in range(60)]
    fake_api.fail_next("sendMessage", too_many_requests(1))
    async with running(make_settings(), sqlite_store) as adapter:
        results = await asyncio.gather(*(adapter.send(chat, briefing(1)) for chat in chats))
    assert all(len(ids) == 1 for ids in results)
    sends = fake_api.calls_of("sendMessage")
    [flood] = [c for c in sends if c.status == 429]
    delivered = sorted(c.at for c in sends if c.status == 200)
    assert sorted(c.chat_id for c in fake_api.sent()) == sorted(100 + n for n in range(60))
    # Nobody jumps the pause: a request already on the wire when the 429 was answered may land
    # just after it (on a loaded machine the client reads the answer late), but no more than a
    # few, and none once the client has had time to read it. Without the pause some 25 would.
    during = [at for at in delivered if flood.at < at < flood.at + 1.0]
    assert len(during) <= 3
    assert not [at for at in during if at > flood.at + IN_FLIGHT]
    # ... and afterwards no burst of everyone who queued up: at most 30 in any second.
    assert max(sum(1 for b in delivered if a <= b < a + 1.0) for a in delivered) <= 30


async def test_a_long_flood_wait_goes_back_to_the_outbox_and_arrives_once(
    make_settings: SettingsFactory, sqlite_store: Store, fake_api: FakeTelegramApi
) -> None:
    settings = make_settings()
    async with running(settings, sqlite_store, max_retry_wait=0.5) as adapter:
        chat = await sqlite_store.chats.ensure("telegram", "6")
        fake_api.fail_next("sendMessage", too_many_requests(1), chat_id=6)
        with pytest.raises(RetryAfter) as caught:
            await adapter.send(chat, briefing())
        assert caught.value.seconds == 1
        await sqlite_store.deliveries.enqueue("t:6", chat.id, None, briefing().to_dict())
        fake_api.fail_next("sendMessage", too_many_requests(1), chat_id=6)
        worker = DeliveryWorker(sqlite_store, {"telegram": adapter}, settings)
        await worker.deliver_all()
        [delivery] = await sqlite_store.deliveries.list()
        assert delivery.status == "pending"  # rescheduled, not failed, not lost
        await asyncio.sleep(1.1)
        await worker.deliver_all()
        [delivery] = await sqlite_store.deliveries.list()
    assert delivery.status == "sent"
    assert len(fake_api.sent(6)) == 1


async def test_briefing_text_arrives_escaped(
    make_settings: SettingsFactory, sqlite_store: Store, fake_api: FakeTelegramApi
) -> None:
    nasty = "<script>alert('x')</script> Smith & Sons"
    reply = Reply(
        title=f"Briefing: {nasty}",
        blocks=(
            Block(
                heading=nasty,
                text=(f"Reported by {nasty}.",),
                links=((nasty, "https://example.org/a?x=1&y=2"), ("bad", "javascript:alert(1)")),
                footer=f"Sources: {nasty}",
            ),
        ),
    )
    async with running(make_settings(), sqlite_store) as adapter:
        chat = await sqlite_store.chats.ensure("telegram", "8")
        await adapter.send(chat, reply)
    [sent] = fake_api.sent(8)  # the fake parses the HTML as Telegram does, or answers 400
    assert "<script>" not in sent.params["text"]
    assert "&lt;script&gt;" in sent.params["text"]
    assert "Smith &amp; Sons" in sent.params["text"]
    assert sent.result["text"].count(nasty) == 5  # title, heading, text, link, footer
    assert 'href="https://example.org/a?x=1&amp;y=2"' in sent.params["text"]
    assert "javascript" not in sent.params["text"]


async def test_a_long_briefing_arrives_split_paced_and_in_order(
    make_settings: SettingsFactory, sqlite_store: Store, fake_api: FakeTelegramApi
) -> None:
    reply = briefing(stories=30, words=120)
    async with running(make_settings(), sqlite_store, per_chat_interval=0.3) as adapter:
        chat = await sqlite_store.chats.ensure("telegram", "9")
        ids = await adapter.send(chat, reply)
    sent = fake_api.sent(9)
    assert len(sent) == len(ids) > 1
    assert ids == [str(c.result["message_id"]) for c in sent]
    texts = [c.result["text"] for c in sent]
    assert all(visible_length(text) <= MAX_MESSAGE_LENGTH for text in texts)
    order = [n for text in texts for n in range(1, 31) if f"Story {n}\n" in text]
    assert order == list(range(1, 31))
    gaps = [b.at - a.at for a, b in itertools.pairwise(sent)]
    assert min(gaps) >= 0.3  # paced per chat


async def test_retry_after_a_split_briefing_sends_only_the_missing_parts(
    make_settings: SettingsFactory, sqlite_store: Store, fake_api: FakeTelegramApi
) -> None:
    reply = briefing(stories=30, words=120)
    parts = len(render_telegram(reply))
    async with running(
        make_settings(), sqlite_store, per_chat_interval=0.01, max_retry_wait=0.1
    ) as adapter:
        chat = await sqlite_store.chats.ensure("telegram", "11")
        original = fake_api._m_sendMessage
        count = 0

        async def second_part_flooded(params: dict[str, object]) -> object:
            nonlocal count
            count += 1
            if count == 2:
                raise too_many_requests(5)
            return await original(params)

        fake_api._m_sendMessage = second_part_flooded  # type: ignore[method-assign]
        with pytest.raises(RetryAfter):
            await adapter.send(chat, reply)
        ids = await adapter.send(chat, reply)
    assert len(ids) == parts
    assert len(fake_api.sent(11)) == parts  # the first part was not sent twice


async def test_outcomes_map_to_the_outbox_errors(
    make_settings: SettingsFactory, sqlite_store: Store, fake_api: FakeTelegramApi
) -> None:
    fake_api.migrate(-3, -1003)
    fake_api.block(7)
    async with running(make_settings(), sqlite_store) as adapter:
        moved = await sqlite_store.chats.ensure("telegram", "-3")
        with pytest.raises(ChatMoved) as caught:
            await adapter.send(moved, briefing())
        assert caught.value.new_platform_chat_id == "-1003"
        blocked = await sqlite_store.chats.ensure("telegram", "7")
        with pytest.raises(ChatGone, match="blocked"):
            await adapter.send(blocked, briefing())
        network = await sqlite_store.chats.ensure("telegram", "12")
        await fake_api.stop()
        with pytest.raises(DeliveryError) as failed:
            await adapter.send(network, briefing())
        assert not isinstance(failed.value, ChatGone | ChatMoved | RetryAfter)


async def test_the_outbox_follows_a_migrated_group_and_pauses_a_blocked_chat(
    make_settings: SettingsFactory, sqlite_store: Store, fake_api: FakeTelegramApi
) -> None:
    fake_api.migrate(-3, -1003)
    fake_api.block(7)
    settings = make_settings()
    async with running(settings, sqlite_store) as adapter:
        for platform_id in ("-3", "7"):
            chat = await sqlite_store.chats.ensure("telegram", platform_id)
            await sqlite_store.deliveries.enqueue(
                f"t:{chat.id}", chat.id, None, briefing().to_dict()
            )
        await DeliveryWorker(sqlite_store, {"telegram": adapter}, settings).deliver_all()
    moved, blocked = await sqlite_store.chats.list()
    assert moved.platform_chat_id == "-1003"
    assert len(fake_api.sent(-1003)) == 1
    assert blocked.paused
    assert not fake_api.sent(7)
    statuses = {d.chat.platform_chat_id: d.status for d in await sqlite_store.deliveries.list()}
    assert statuses == {"-1003": "sent", "7": "paused"}


# -- webhook ------------------------------------------------------------------------------


async def test_webhook_accepts_a_real_update_with_the_secret_and_rejects_others(
    make_settings: SettingsFactory, sqlite_store: Store, fake_api: FakeTelegramApi
) -> None:
    settings = make_settings(
        telegram_mode="webhook",
        telegram_webhook_url="https://bot.example.org/telegram/webhook",
        telegram_webhook_secret="s3cret_token-1",
    )

    async def healthy() -> Health:
        return Health(ok=True, checks={})

    async with running(settings, sqlite_store) as adapter:
        server = HttpServer(
            "127.0.0.1", 0, metrics=Metrics(), health=healthy, routes=adapter.routes()
        )
        await server.start()
        url = f"http://127.0.0.1:{server.bound_port}{WEBHOOK_PATH}"
        try:
            async with httpx.AsyncClient() as client:
                update = {"update_id": 500, **fake_api.message_update(42, "/help", user_id=42)}
                missing = await client.post(url, json=update)
                wrong = await client.post(url, json=update, headers={SECRET_HEADER: "guess"})
                await asyncio.sleep(0.3)
                assert not fake_api.sent()
                right = await client.post(
                    url, json=update, headers={SECRET_HEADER: "s3cret_token-1"}
                )
                await fake_api.wait_for("sendMessage")
                junk = await client.post(
                    url, content=b"{", headers={SECRET_HEADER: "s3cret_token-1"}
                )
        finally:
            await server.stop()
    assert (missing.status_code, wrong.status_code, right.status_code) == (403, 403, 200)
    assert junk.status_code == 400
    [hook] = fake_api.calls_of("setWebhook")
    assert hook.params["url"] == "https://bot.example.org/telegram/webhook"
    assert hook.params["secret_token"] == "s3cret_token-1"
    assert not fake_api.calls_of("getUpdates")
    [answer] = fake_api.sent(42)
    assert answer.params["text"].startswith("<b>Commands</b>")


async def test_polling_mode_has_no_webhook_route(
    make_settings: SettingsFactory, sqlite_store: Store
) -> None:
    assert TelegramAdapter(make_settings(), sqlite_store).routes() == []


# -- chats coming and going ---------------------------------------------------------------


async def test_a_migration_notice_moves_the_stored_chat(
    make_settings: SettingsFactory, sqlite_store: Store, fake_api: FakeTelegramApi
) -> None:
    old = await sqlite_store.chats.ensure("telegram", "-55", title="Old group")
    notice = fake_api.message_json(-55, "", user_id=ADMIN)
    del notice["text"]
    notice["migrate_to_chat_id"] = -100555
    async with running(make_settings(), sqlite_store):
        await fake_api.queue_update({"message": notice})
        for _ in range(100):
            if (await sqlite_store.chats.get(old.id)).platform_chat_id != "-55":
                break
            await asyncio.sleep(0.05)
    assert (await sqlite_store.chats.get(old.id)).platform_chat_id == "-100555"
    assert not fake_api.sent()


async def test_channel_posts_are_commands_from_an_admin(
    make_settings: SettingsFactory, sqlite_store: Store, fake_api: FakeTelegramApi
) -> None:
    fake_api.add_chat(-100999, "channel", title="Wire", admins=[ADMIN])
    async with running(make_settings(), sqlite_store):
        await fake_api.queue_update(fake_api.message_update(-100999, "/max 5", user_id=None))
        [answer] = await fake_api.wait_for("sendMessage")
    assert "Only an admin" not in answer.result["text"]
    [chat] = await sqlite_store.chats.list()
    assert chat.max_stories == 5


async def test_a_paused_chat_resumes_when_it_talks_to_the_bot_again(
    make_settings: SettingsFactory, sqlite_store: Store, fake_api: FakeTelegramApi
) -> None:
    fake_api.block(31)
    settings = make_settings()
    async with running(settings, sqlite_store) as adapter:
        chat = await sqlite_store.chats.ensure("telegram", "31")
        await sqlite_store.deliveries.enqueue("t:31", chat.id, None, briefing().to_dict())
        await DeliveryWorker(sqlite_store, {"telegram": adapter}, settings).deliver_all()
        assert (await sqlite_store.chats.get(chat.id)).paused
        del fake_api.blocked[31]  # the user unblocks the bot and says hello
        await fake_api.queue_update(fake_api.message_update(31, "/start", user_id=31))
        await fake_api.wait_for("sendMessage")
    assert not (await sqlite_store.chats.get(chat.id)).paused
