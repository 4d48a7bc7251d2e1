"""Telegram, through python-telegram-bot's `Application`: updates in, `dispatch` calls, HTML out.

The adapter only translates (ARCHITECTURE rule 1). A command message or a button press
becomes `bot.commands.dispatch(CommandContext(...), text)`; a `Reply` becomes Telegram HTML
through `bot.render.telegram`. What Telegram adds, it handles here:

- **Modes.** Long polling by default (`Updater.start_polling`); in webhook mode Telegram posts
  updates to `/telegram/webhook` on the service's one HTTP server, and a request without the
  secret token gets 403. `telegram.base_url` points PTB at a self-hosted Bot API server.
- **Flood limits.** Requests to chats are spaced evenly at `OVERALL_RATE` per second (no
  opening burst to trip Telegram's 30/s) and at one per second per chat, which PTB lacks;
  PTB's `AIORateLimiter` keeps groups to 20 a minute and retries after a 429, while every
  request waits out the pause. A flood wait longer than `MAX_RETRY_WAIT` goes back to the
  outbox as `RetryAfter` instead of holding a send slot.
- **Outcomes.** `send` raises `ChatMoved` (group became a supergroup), `ChatGone` (blocked,
  kicked), `RetryAfter` or `DeliveryError`; the outbox (`bot.delivery`) acts on them. Parts of
  a split briefing that already arrived are not sent again when the outbox retries the rest.
- **Who may change settings** (`CommandContext.is_admin`; the check itself is in dispatch):
  anyone listed in `telegram.admins`; in a private chat its user; in groups and channels the
  chat's administrators (getChatAdministrators, cached for `ADMIN_CACHE_SECONDS`), including
  anonymous admins and the channel itself posting.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import re
import time
import warnings
from collections.abc import AsyncIterator, Callable, Coroutine, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp import web
from aiolimiter import AsyncLimiter
from telegram import (
    BotCommand,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    ReplyParameters,
    Update,
)
from telegram import Chat as TgChat
from telegram.constants import ChatType, ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    TelegramError,
)
from telegram.error import RetryAfter as TgRetryAfter
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBDeprecationWarning

from bot.adapters.base import ChatGone, ChatMoved, DeliveryError, RetryAfter
from bot.config import ConfigError, Settings
from bot.domain import Chat
from bot.render.telegram import InlineButton, TelegramMessage, render_telegram
from bot.replies import Reply
from bot.store import Store

__all__ = ["WEBHOOK_PATH", "TelegramAdapter"]

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
OVERALL_RATE = 29.0  # messages/s: Telegram allows 30; one short keeps clock jitter harmless
GROUP_PER_MINUTE = 20
PER_CHAT_INTERVAL = 1.0  # seconds between two messages to one chat
RATE_LIMIT_RETRIES = 3
MAX_RETRY_WAIT = 30.0  # seconds; longer flood waits are rescheduled by the outbox
ADMIN_CACHE_SECONDS = 120.0
POLL_TIMEOUT = 30  # seconds a getUpdates long poll stays open
ALLOWED_UPDATES = ["message", "channel_post", "callback_query"]
_CALLBACK_ALERT_MAX = 200
_PARTIAL_TTL = 3600.0
_SECRET_OK = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_COMMAND_NAME = re.compile(r"^[a-z0-9_]{1,32}$")
_COMMAND = re.compile(r"/([A-Za-z0-9_]{1,64})(?:@([A-Za-z0-9_]{1,64}))?(?=\s|$)")
# Endpoints that put a message into a chat: the per-chat pace applies to these.
_PACED_PREFIXES = ("send", "edit", "copy", "forward")
_GONE_REQUESTS = ("chat not found", "peer_id_invalid", "user not found", "bot was kicked")
_SORRY = "Sorry, that went wrong on our side; please try again later."

Callback = Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]]


class _ChatPacer:
    """At most one message per `interval` to each chat, measured from the previous answer."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._locks: dict[str, asyncio.Lock] = {}
        self._last: dict[str, float] = {}

    @contextlib.asynccontextmanager
    async def turn(self, chat_id: str) -> AsyncIterator[None]:
        lock = self._locks.setdefault(chat_id, asyncio.Lock())
        async with lock:
            wait = self._last.get(chat_id, float("-inf")) + self.interval - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                yield
            finally:
                # From when the answer came back: the request arrived at Telegram before that.
                self._last[chat_id] = time.monotonic()
        if len(self._locks) > 4096:
            self._forget_idle()

    def _forget_idle(self) -> None:
        cutoff = time.monotonic() - self.interval
        for chat_id, lock in list(self._locks.items()):
            if not lock.locked() and self._last.get(chat_id, 0.0) < cutoff:
                del self._locks[chat_id]
                self._last.pop(chat_id, None)


class _LongFloodWait(Exception):
    """Carries a RetryAfter past PTB's retry loop: waits this long belong to the outbox."""

    def __init__(self, original: TgRetryAfter) -> None:
        super().__init__(str(original))
        self.original = original


class _PacedRateLimiter(AIORateLimiter):
    """PTB's limiter for what it does well (20/min per group, retries after a 429), plus what
    it lacks: one message per second per chat, an even overall pace, and a flood gate.

    PTB's overall limiter lets requests take their turn *during* a retry-after pause and then
    releases them all at once, which under a big fan-out answers one 429 with a burst and the
    next 429 (a cascade). Here every request to a chat takes its overall turn only when no
    pause is on, one at a time at `overall_rate` per second.
    """

    def __init__(
        self, *, overall_rate: float, per_chat_interval: float, retries: int, max_wait: float
    ) -> None:
        super().__init__(
            overall_max_rate=0,  # paced below instead
            overall_time_period=0,
            group_max_rate=GROUP_PER_MINUTE,
            group_time_period=60,
            max_retries=retries,
        )
        # A bucket of one refilled `overall_rate` times a second: evenly spaced, no burst.
        self._overall = AsyncLimiter(1, 1 / overall_rate)
        self._pacer = _ChatPacer(per_chat_interval)
        self._max_wait = max_wait
        self._paused_until = 0.0

    async def process_request(
        self,
        callback: Callback,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        chat_id = data.get("chat_id")

        async def paced_call(*a: Any, **kw: Any) -> bool | dict[str, Any] | list[dict[str, Any]]:
            if chat_id is not None:
                await self._overall_turn()
            try:
                return await callback(*a, **kw)
            except TgRetryAfter as exc:
                wait = retry_after_seconds(exc)
                if wait > self._max_wait:
                    raise _LongFloodWait(exc) from None
                self._paused_until = max(self._paused_until, time.monotonic() + wait + 0.1)
                raise  # PTB's loop waits `retry_after`, then retries

        try:
            if chat_id is None or not endpoint.startswith(_PACED_PREFIXES):
                return await super().process_request(
                    paced_call, args, kwargs, endpoint, data, rate_limit_args
                )
            async with self._pacer.turn(str(chat_id)):
                return await super().process_request(
                    paced_call, args, kwargs, endpoint, data, rate_limit_args
                )
        except _LongFloodWait as exc:
            raise exc.original from None

    async def _overall_turn(self) -> None:
        while True:
            pause = self._paused_until - time.monotonic()
            if pause > 0:
                await asyncio.sleep(pause)
                continue
            await self._overall.acquire()
            if self._paused_until <= time.monotonic():
                return  # a turn taken while a pause began is given up, not used in a burst


class _RedactToken(logging.Filter):
    """httpx logs request URLs, and a Bot API URL carries the token."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self._token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self._token in message:
            record.msg, record.args = message.replace(self._token, "<token>"), None
        return True


@dataclass(slots=True)
class _Where:
    """Where a command came from and who sent it."""

    chat: TgChat
    user_id: int | None
    sender_chat_id: int | None
    message_id: int | None
    display_name: str | None = None


def retry_after_seconds(exc: TgRetryAfter) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def file_url_for(base_url: str) -> str:
    """The file-download URL that goes with a Bot API URL (`.../bot` -> `.../file/bot`)."""
    head, slash, tail = base_url.rstrip("/").rpartition("/")
    return f"{head}/file/{tail}" if slash else f"{base_url}/file"


class TelegramAdapter:
    platform = "telegram"

    def __init__(
        self,
        settings: Settings,
        store: Store,
        *,
        overall_rate: float = OVERALL_RATE,
        per_chat_interval: float = PER_CHAT_INTERVAL,
        max_retry_wait: float = MAX_RETRY_WAIT,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        telegram = settings.telegram
        if telegram.token is None or not telegram.token.get_secret_value().strip():
            raise ConfigError(
                "telegram.token: missing; set $BRIEFBOT_TELEGRAM_TOKEN to the token @BotFather "
                "gave you (see docs/telegram.md)"
            )
        if telegram.mode == "webhook":
            if not telegram.webhook_url:
                raise ConfigError(
                    "telegram.webhook_url: webhook mode needs the public https URL that "
                    f"reaches {WEBHOOK_PATH} on this service"
                )
            secret = telegram.webhook_secret
            if secret is None or not _SECRET_OK.match(secret.get_secret_value()):
                raise ConfigError(
                    "telegram.webhook_secret: webhook mode needs $BRIEFBOT_TELEGRAM_WEBHOOK_SECRET"
                    " (1-256 characters: letters, digits, _ and -)"
                )
        self.settings = settings
        self.store = store
        self._token = telegram.token.get_secret_value().strip()
        self._clock = clock or (lambda: datetime.now(UTC))
        self._admin_cache: dict[int, tuple[float, frozenset[int]]] = {}
        self._partial: dict[tuple[str, str], tuple[float, list[str]]] = {}
        self._started = False
        self.username: str | None = None
        redact = _RedactToken(self._token)
        for name in ("httpx", "telegram.Bot", "telegram.ext.ExtBot", "telegram.ext.Updater"):
            logging.getLogger(name).addFilter(redact)
        self.application: Application[Any, Any, Any, Any, Any, Any] = (
            ApplicationBuilder()
            .token(self._token)
            .base_url(telegram.base_url)
            .base_file_url(file_url_for(telegram.base_url))
            .rate_limiter(
                _PacedRateLimiter(
                    overall_rate=overall_rate,
                    per_chat_interval=per_chat_interval,
                    retries=RATE_LIMIT_RETRIES,
                    max_wait=max_retry_wait,
                )
            )
            # Answers wait for their chat's pace; other chats must not wait behind them.
            .concurrent_updates(True)
            .build()
        )
        self._register_handlers()

    # -- lifecycle -----------------------------------------------------------------------

    async def start(self) -> None:
        app = self.application
        try:
            await app.initialize()  # getMe: proves the token
        except InvalidToken:
            await self._shutdown_quietly()
            raise ConfigError(
                "telegram.token: the Bot API rejected $BRIEFBOT_TELEGRAM_TOKEN (unauthorized); "
                "copy the token again from @BotFather"
            ) from None
        except NetworkError as exc:
            await self._shutdown_quietly()
            raise ConfigError(
                f"telegram.base_url = {self.settings.telegram.base_url!r}: cannot reach the "
                f"Bot API ({exc.__class__.__name__}: {exc})"
            ) from None
        self.username = app.bot.username
        await app.bot.set_my_commands(self._menu())
        if self.settings.telegram.mode == "webhook":
            secret = self.settings.telegram.webhook_secret
            assert secret is not None
            await app.bot.set_webhook(
                url=str(self.settings.telegram.webhook_url),
                secret_token=secret.get_secret_value(),
                allowed_updates=ALLOWED_UPDATES,
            )
            await app.start()
            log.info("Telegram: @%s receives updates at %s", self.username, WEBHOOK_PATH)
        else:
            assert app.updater is not None
            await app.updater.start_polling(
                timeout=POLL_TIMEOUT,
                allowed_updates=ALLOWED_UPDATES,
                error_callback=self._polling_error,
            )
            await app.start()
            log.info("Telegram: @%s is long polling %s", self.username, self._api_host())
        self._started = True

    async def stop(self) -> None:
        app = self.application
        self._started = False
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()

    def routes(self) -> list[web.RouteDef]:
        if self.settings.telegram.mode != "webhook":
            return []
        return [web.post(WEBHOOK_PATH, self._webhook)]

    # -- sending (the outbox) ------------------------------------------------------------

    async def send(self, chat: Chat, reply: Reply) -> list[str]:
        """Deliver a reply; raises `RetryAfter`, `ChatGone`, `ChatMoved` or `DeliveryError`."""
        messages = render_telegram(reply)
        key = (chat.platform_chat_id, str(reply.extra.get("delivery_key") or _digest(messages)))
        self._forget_old_partials()
        _, done = self._partial.setdefault(key, (time.monotonic(), []))
        try:
            for message in messages[len(done) :]:
                sent = await self._send_message(chat.platform_chat_id, message)
                done.append(str(sent.message_id))
        except TgRetryAfter as exc:
            raise RetryAfter(retry_after_seconds(exc), f"Telegram flood limit: {exc}") from exc
        except ChatMigrated as exc:
            raise ChatMoved(str(exc.new_chat_id)) from exc
        except Forbidden as exc:
            raise ChatGone(exc.message) from exc
        except BadRequest as exc:
            if any(marker in exc.message.lower() for marker in _GONE_REQUESTS):
                raise ChatGone(exc.message) from exc
            raise DeliveryError(f"Telegram refused the message: {exc.message}") from exc
        except InvalidToken as exc:
            raise DeliveryError("Telegram no longer accepts the bot token") from exc
        except TelegramError as exc:  # NetworkError, TimedOut, Conflict, server errors
            raise DeliveryError(f"Telegram: {exc.__class__.__name__}: {exc.message}") from exc
        del self._partial[key]
        return list(done)

    async def _send_message(
        self, chat_id: str | int, message: TelegramMessage, *, reply_to: int | None = None
    ) -> Message:
        return await self.application.bot.send_message(
            chat_id=chat_id,
            text=message.html,
            parse_mode=ParseMode.HTML,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
            reply_markup=_keyboard(message.keyboard),
            reply_parameters=(
                ReplyParameters(message_id=reply_to, allow_sending_without_reply=True)
                if reply_to is not None
                else None
            ),
        )

    def _forget_old_partials(self) -> None:
        cutoff = time.monotonic() - _PARTIAL_TTL
        for key, (since, _) in list(self._partial.items()):
            if since < cutoff:
                del self._partial[key]

    # -- incoming ------------------------------------------------------------------------

    def _register_handlers(self) -> None:
        app = self.application
        commands = filters.COMMAND & (filters.UpdateType.MESSAGE | filters.UpdateType.CHANNEL_POST)
        app.add_handler(MessageHandler(commands, self._on_command))
        app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, self._on_migrate))
        app.add_handler(CallbackQueryHandler(self._on_button))
        app.add_error_handler(self._on_error)

    async def _webhook(self, request: web.Request) -> web.Response:
        secret = self.settings.telegram.webhook_secret
        given = request.headers.get(SECRET_HEADER, "")
        if secret is None or not hmac.compare_digest(
            given.encode(), secret.get_secret_value().encode()
        ):
            return web.Response(status=403, text="forbidden\n")
        if not self._started:
            return web.Response(status=503, text="not ready\n")
        try:
            data = await request.json()
            update = Update.de_json(data, self.application.bot)
        except (ValueError, TypeError, KeyError):
            return web.Response(status=400, text="not a Telegram update\n")
        # Answer at once; handlers run on the application's own tasks.
        await self.application.update_queue.put(update)
        return web.Response(status=200)

    async def _on_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None or not message.text:
            return
        parsed = self._parse_command(message)
        if parsed is None:
            return
        name, text = parsed
        where = _where_of(message)
        if name == "start":
            await self._register_chat(where.chat)
        reply = await self._run(where, text)
        await self._answer(where, reply)

    async def _on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        message = query.message
        if message is None or not query.data:
            await query.answer()
            return
        where = _Where(
            chat=message.chat,
            user_id=query.from_user.id,
            sender_chat_id=None,
            message_id=message.message_id,
            display_name=query.from_user.full_name,
        )
        reply = await self._run(where, query.data)
        if reply.ephemeral and len(text := _plain(reply)) <= _CALLBACK_ALERT_MAX:
            # Only the person who pressed sees it, as Telegram's own pop-up.
            await _answer_query(query, text, alert=True)
            return
        await _answer_query(query)
        await self._answer(where, reply)

    async def _on_migrate(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A group became a supergroup: keep its settings and subscriptions under the new id."""
        message = update.effective_message
        if message is None or message.migrate_to_chat_id is None:
            return
        chat = await self._ensure_chat(message.chat)
        try:
            await self.store.deliveries.chat_moved(chat.id, str(message.migrate_to_chat_id))
        except ValueError as exc:
            log.warning("Telegram: %s", exc)
        else:
            log.info("Telegram: chat %s moved to %s", chat.id, message.migrate_to_chat_id)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("Telegram: handling an update failed", exc_info=context.error)

    def _polling_error(self, exc: TelegramError) -> None:
        log.warning("Telegram: getUpdates failed (%s); PTB retries", exc)

    def _parse_command(self, message: Message) -> tuple[str, str] | None:
        """(command name, text for dispatch), or None when the command is not for us."""
        match = _COMMAND.match(message.text or "")
        if match is None:
            return None
        name, addressee = match.group(1).lower(), match.group(2)
        if addressee and addressee.lower() != (self.username or "").lower():
            return None  # "/who@otherbot": another bot's command in a shared group
        private = message.chat.type == ChatType.PRIVATE
        if not addressee and not private and name not in self._command_names():
            return None  # an unknown bare command in a group is probably another bot's
        rest = (message.text or "")[match.end() :].strip()
        return name, f"/{name} {rest}".strip()

    async def _run(self, where: _Where, text: str) -> Reply:
        from bot.commands import CommandContext, dispatch

        chat = await self._ensure_chat(where.chat)
        context = CommandContext(
            store=self.store,
            settings=self.settings,
            chat=chat,
            user_id=str(where.user_id if where.user_id is not None else where.sender_chat_id),
            is_admin=lambda: self.is_admin(where),
            now=self._clock(),
            platform=self.platform,
        )
        try:
            return await dispatch(context, text)
        except Exception:
            log.exception("Telegram: command %r failed", text)
            return Reply.message(_SORRY, is_error=True, ephemeral=True)

    async def _answer(self, where: _Where, reply: Reply) -> None:
        reply_to = where.message_id
        try:
            for message in render_telegram(reply):
                await self._send_message(where.chat.id, message, reply_to=reply_to)
                reply_to = None  # the rest of a split answer follows the first part
        except TelegramError as exc:
            log.warning("Telegram: answering in chat %s failed: %s", where.chat.id, exc)

    async def _ensure_chat(self, tg_chat: TgChat) -> Chat:
        briefing = self.settings.briefing
        chat = await self.store.chats.ensure(
            self.platform,
            str(tg_chat.id),
            title=tg_chat.title or tg_chat.full_name or tg_chat.username,
            timezone=briefing.default_timezone,
            schedule=briefing.default_schedule,
            max_stories=briefing.max_stories,
        )
        if chat.paused:
            # Deliveries were paused because Telegram said the bot was blocked or removed;
            # an update from the chat means it can reach us (and we it) again.
            log.info("Telegram: chat %s is reachable again; resuming its deliveries", chat.id)
            chat = await self.store.chats.update_settings(chat.id, paused=False, paused_reason=None)
        return chat

    async def _register_chat(self, tg_chat: TgChat) -> Chat:
        """/start: the chat exists, and subscribes to the configured feeds if the config says so."""
        chat = await self._ensure_chat(tg_chat)
        if self.settings.ingest.subscribe_new_chats:
            from bot.ingest.poll import sync_config_feeds

            for feed in await sync_config_feeds(self.store, self.settings):
                await self.store.chats.subscribe(chat.id, feed.id)
        return chat

    # -- who may change settings ---------------------------------------------------------

    async def is_admin(self, where: _Where) -> bool:
        if where.user_id is not None and where.user_id in self.settings.telegram.admins:
            return True
        chat = where.chat
        if chat.type == ChatType.PRIVATE:
            return where.user_id == chat.id
        if where.sender_chat_id == chat.id:
            return True  # an anonymous group admin, or the channel itself posting
        if where.user_id is None:
            return False
        return where.user_id in await self._administrators(chat.id)

    async def _administrators(self, chat_id: int) -> frozenset[int]:
        cached = self._admin_cache.get(chat_id)
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        try:
            members = await self.application.bot.get_chat_administrators(chat_id)
        except TelegramError as exc:
            log.warning("Telegram: cannot list the administrators of %s: %s", chat_id, exc)
            return frozenset()  # refusing is the safe answer
        admins = frozenset(member.user.id for member in members)
        self._admin_cache[chat_id] = (time.monotonic() + ADMIN_CACHE_SECONDS, admins)
        return admins

    # -- the command menu ----------------------------------------------------------------

    def _menu(self) -> list[BotCommand]:
        menu: list[BotCommand] = []
        for name, summary in _command_specs():
            if not _COMMAND_NAME.match(name):
                log.warning(
                    "Telegram: /%s cannot be a Telegram command; left out of the menu", name
                )
                continue
            menu.append(BotCommand(name, (summary or name)[:256]))
        return menu[:100]

    def _command_names(self) -> set[str]:
        return {name for name, _ in _command_specs()}

    def _api_host(self) -> str:
        return self.settings.telegram.base_url.split("/bot", 1)[0]

    async def _shutdown_quietly(self) -> None:
        with contextlib.suppress(Exception):
            await self.application.shutdown()


def _command_specs() -> list[tuple[str, str]]:
    """(name, one-line summary) of every command in the registry."""
    from bot.commands import COMMANDS

    entries: Iterable[Any] = COMMANDS.values() if isinstance(COMMANDS, Mapping) else COMMANDS
    return [(str(entry.name).lower(), str(entry.summary)) for entry in entries]


def _where_of(message: Message) -> _Where:
    user = message.from_user
    return _Where(
        chat=message.chat,
        user_id=user.id if user is not None else None,
        sender_chat_id=message.sender_chat.id if message.sender_chat is not None else None,
        message_id=message.message_id,
        display_name=user.full_name if user is not None else None,
    )


def _keyboard(rows: tuple[tuple[InlineButton, ...], ...]) -> InlineKeyboardMarkup | None:
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(b.label, callback_data=b.callback_data) for b in row]
            for row in rows
        ]
    )


def _digest(messages: list[TelegramMessage]) -> str:
    return hashlib.sha256("\x00".join(m.html for m in messages).encode()).hexdigest()[:16]


def _plain(reply: Reply) -> str:
    parts = [reply.title or ""] + [p for block in reply.blocks for p in block.text]
    return "\n".join(part.strip() for part in parts if part and part.strip())


async def _answer_query(
    query: CallbackQuery, text: str | None = None, *, alert: bool = False
) -> None:
    try:
        await query.answer(text=text, show_alert=alert)
    except TelegramError as exc:  # too old to answer: the reply itself still goes out
        log.info("Telegram: answering a button press failed: %s", exc)
