"""A local Telegram Bot API server for tests and benchmarks: real HTTP, real JSON, no mocks.

python-telegram-bot talks to it exactly as it talks to api.telegram.org (`base_url` points
here). It answers the methods the bot uses, records every call, queues updates for long
polling, and can fail on demand the way Telegram does: 429 with `retry_after`, 403 when the
bot was blocked or kicked, 400 with `migrate_to_chat_id` when a group became a supergroup.
With `enforce_limits=True` it also enforces the flood limits (at most `overall_rate`
messages in any one-second window, one message per second per chat, `group_per_minute` per
group) and answers 429 past them, which is what the fan-out benchmark measures against.

Run it alone with `python -m tests.fakes.telegram_api --port 8081` to try the bot by hand.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import math
import re
import time
from collections import defaultdict, deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import unescape
from typing import Any

from aiohttp import web

DEFAULT_TOKEN = "123456:TEST-token-for-the-fake-bot-api"
BOT_ID = 123456
MAX_MESSAGE_LENGTH = 4096
ANONYMOUS_ADMIN_ID = 1087968824  # Telegram's "GroupAnonymousBot"

# Parameters PTB sends JSON-encoded inside form fields.
_JSON_FIELDS = {
    "reply_markup",
    "commands",
    "allowed_updates",
    "link_preview_options",
    "reply_parameters",
    "entities",
    "scope",
}
# Methods that put a message into a chat: the ones flood limits apply to.
_SENDING = {"sendMessage", "editMessageText"}
# Telegram's HTML parse mode: these tags and nothing else.
_ALLOWED_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "span",
    "tg-spoiler",
    "a",
    "code",
    "pre",
    "blockquote",
    "tg-emoji",
}
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)((?:\s+[\w-]+(?:=(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*>")
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")


class ApiError(Exception):
    """An error answer: raised inside a handler, turned into Telegram's error JSON."""

    def __init__(self, code: int, description: str, **parameters: Any) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def too_many_requests(retry_after: int) -> ApiError:
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after)


def forbidden(description: str = "Forbidden: bot was blocked by the user") -> ApiError:
    return ApiError(403, description)


def migrated(new_chat_id: int) -> ApiError:
    return ApiError(
        400,
        "Bad Request: group chat was upgraded to a supergroup chat",
        migrate_to_chat_id=new_chat_id,
    )


def bad_request(what: str) -> ApiError:
    return ApiError(400, f"Bad Request: {what}")


@dataclass
class Call:
    """One request as the server saw it."""

    method: str
    params: dict[str, Any]
    at: float  # time.monotonic() on arrival
    status: int = 200
    result: Any = None

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return None if value is None else int(value)


@dataclass
class _Failure:
    method: str
    error: ApiError
    chat_id: int | None
    remaining: int


@dataclass
class _Chat:
    id: int
    type: str
    title: str | None = None
    admins: list[int] = field(default_factory=list)


def utf16_length(text: str) -> int:
    """Telegram counts message length in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def parse_html(text: str) -> str:
    """The visible text of Telegram HTML, or ApiError exactly where Telegram would refuse it."""
    out: list[str] = []
    stack: list[str] = []
    position = 0
    while position < len(text):
        char = text[position]
        if char == "<":
            match = _TAG.match(text, position)
            if match is None:
                raise bad_request(f"can't parse entities: unexpected '<' at byte offset {position}")
            closing, name = match.group(1) == "/", match.group(2).lower()
            if name not in _ALLOWED_TAGS:
                raise bad_request(f'can\'t parse entities: unsupported start tag "{name}"')
            if closing:
                if not stack or stack[-1] != name:
                    raise bad_request(f'can\'t parse entities: unmatched end tag "{name}"')
                stack.pop()
            else:
                if name == "a" and not re.search(r"\bhref=", match.group(3)):
                    raise bad_request("can't parse entities: <a> without href")
                stack.append(name)
            position = match.end()
        elif char == "&":
            match = _ENTITY.match(text, position)
            if match is None:
                # Telegram tolerates a bare '&' only when no entity-like name follows; be strict.
                raise bad_request(f"can't parse entities: unescaped '&' at offset {position}")
            out.append(unescape(match.group(0)))
            position = match.end()
        elif char == ">":
            raise bad_request(f"can't parse entities: unescaped '>' at offset {position}")
        else:
            out.append(char)
            position += 1
    if stack:
        raise bad_request(
            f"can't parse entities: can't find end tag corresponding to \"{stack[-1]}\""
        )
    return "".join(out)


class FakeTelegramApi:
    """The fake server. `await start()` listens on 127.0.0.1; `base_url` is for PTB."""

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        username: str = "briefbot_test_bot",
        enforce_limits: bool = False,
        overall_rate: int = 30,
        per_chat_interval: float = 1.0,
        group_per_minute: int = 20,
        latency: float = 0.0,
    ) -> None:
        self.token = token
        self.username = username
        self.enforce_limits = enforce_limits
        self.overall_rate = overall_rate
        self.per_chat_interval = per_chat_interval
        self.group_per_minute = group_per_minute
        self.latency = latency
        self.calls: list[Call] = []
        self.commands: list[dict[str, Any]] = []
        self.webhook: dict[str, Any] = {}
        self.blocked: dict[int, str] = {}  # chat id -> 403 description
        self.moved: dict[int, int] = {}  # old chat id -> supergroup id
        self._chats: dict[int, _Chat] = {}
        self._failures: list[_Failure] = []
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = defaultdict(lambda: itertools.count(1))
        self._new_update = asyncio.Condition()
        self._recent_sends: deque[float] = deque()
        self._chat_sends: dict[int, deque[float]] = defaultdict(deque)
        self._runner: web.AppRunner | None = None
        self.port = 0

    # ----------------------------------------------------------------- lifecycle

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/_fake/calls", self._dump_calls)
        return app

    async def start(self, port: int = 0) -> FakeTelegramApi:
        self._runner = web.AppRunner(self.app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        async with self._new_update:
            self._new_update.notify_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegramApi:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """What goes into `telegram.base_url` (PTB appends the token)."""
        return f"http://127.0.0.1:{self.port}/bot"

    # ----------------------------------------------------------------- scripting

    def add_chat(
        self,
        chat_id: int,
        chat_type: str | None = None,
        *,
        title: str | None = None,
        admins: list[int] | None = None,
    ) -> None:
        """Declare a chat (its type defaults from the id's sign) and its administrators."""
        kind = chat_type or ("private" if chat_id > 0 else "supergroup")
        self._chats[chat_id] = _Chat(chat_id, kind, title, list(admins or []))

    def fail_next(
        self, method: str, error: ApiError, *, chat_id: int | None = None, times: int = 1
    ) -> None:
        """The next `times` calls of `method` (to `chat_id`, if given) fail with `error`."""
        self._failures.append(_Failure(method, error, chat_id, times))

    def block(
        self, chat_id: int, description: str = "Forbidden: bot was blocked by the user"
    ) -> None:
        self.blocked[chat_id] = description

    def migrate(self, old_chat_id: int, new_chat_id: int) -> None:
        """A group became a supergroup: sends to the old id now fail with the migrate error."""
        self.moved[old_chat_id] = new_chat_id
        old = self._chats.get(old_chat_id)
        self.add_chat(
            new_chat_id,
            "supergroup",
            title=old.title if old else None,
            admins=old.admins if old else None,
        )

    async def queue_update(self, update: Mapping[str, Any]) -> int:
        """Queue an update for getUpdates; returns its update_id."""
        update_id = next(self._update_ids)
        async with self._new_update:
            self._updates.append({**update, "update_id": update_id})
            self._new_update.notify_all()
        return update_id

    def pending_updates(self) -> int:
        return len(self._updates)

    def calls_of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def sent(self, chat_id: int | None = None) -> list[Call]:
        """Successful sendMessage calls, optionally to one chat."""
        return [
            c
            for c in self.calls
            if c.method == "sendMessage"
            and c.status == 200
            and (chat_id is None or c.chat_id == chat_id)
        ]

    async def wait_for(
        self, method: str, count: int = 1, *, within: float = 10.0, status: int = 200
    ) -> list[Call]:
        """Wait until `count` calls of `method` were answered with `status`."""
        deadline = time.monotonic() + within
        while True:
            matching = [c for c in self.calls if c.method == method and c.status == status]
            if len(matching) >= count:
                return matching
            if time.monotonic() > deadline:
                seen = [(c.method, c.status) for c in self.calls]
                raise TimeoutError(f"{count} x {method} ({status}) not seen in {within}s: {seen}")
            await asyncio.sleep(0.02)

    # ----------------------------------------------------------------- update builders

    def user(
        self, user_id: int, first_name: str = "Ann", username: str | None = None
    ) -> dict[str, Any]:
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if username:
            user["username"] = username
        return user

    def chat_json(self, chat_id: int) -> dict[str, Any]:
        chat = self._chats.get(chat_id)
        if chat is None:
            self.add_chat(chat_id)
            chat = self._chats[chat_id]
        data: dict[str, Any] = {"id": chat.id, "type": chat.type}
        if chat.type == "private":
            data["first_name"] = "Ann"
        else:
            data["title"] = chat.title or f"Chat {chat.id}"
        return data

    def message_json(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int | None,
        message_id: int | None = None,
        from_bot: bool = False,
    ) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": message_id or next(self._message_ids[chat_id]),
            "date": int(time.time()),
            "chat": self.chat_json(chat_id),
            "text": text,
        }
        if from_bot:
            message["from"] = self._me()
        elif user_id is not None:
            message["from"] = self.user(user_id)
        else:  # a channel post or an anonymous admin: signed by the chat itself
            message["sender_chat"] = self.chat_json(chat_id)
            if message["sender_chat"]["type"] in ("group", "supergroup"):
                message["from"] = {
                    "id": ANONYMOUS_ADMIN_ID,
                    "is_bot": True,
                    "first_name": "Group",
                    "username": "GroupAnonymousBot",
                }
        command = re.match(r"/[\w@]+", text)
        if command:
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": command.end()}]
        return message

    def message_update(self, chat_id: int, text: str, *, user_id: int | None) -> dict[str, Any]:
        """A user (or, with user_id None, the chat itself) writes `text` in `chat_id`."""
        message = self.message_json(chat_id, text, user_id=user_id)
        kind = "channel_post" if self.chat_json(chat_id)["type"] == "channel" else "message"
        return {kind: message}

    def callback_update(
        self, chat_id: int, *, user_id: int, data: str, message_id: int
    ) -> dict[str, Any]:
        """A user presses an inline button with `data` under the bot's message `message_id`."""
        return {
            "callback_query": {
                "id": f"cb{next(self._update_ids)}",
                "from": self.user(user_id),
                "chat_instance": str(chat_id),
                "data": data,
                "message": self.message_json(
                    chat_id, "(briefing)", user_id=None, message_id=message_id, from_bot=True
                ),
            }
        }

    # ----------------------------------------------------------------- HTTP

    async def _dump_calls(self, request: web.Request) -> web.Response:
        calls = [
            {"method": c.method, "params": c.params, "at": c.at, "status": c.status}
            for c in self.calls
        ]
        return web.json_response(calls)

    async def _handle(self, request: web.Request) -> web.Response:
        call = Call(request.match_info["method"], await _params(request), time.monotonic())
        self.calls.append(call)
        if self.latency:
            await asyncio.sleep(self.latency)
        try:
            if request.match_info["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            call.result = await self._answer(call)
        except ApiError as exc:
            call.status = exc.code
            return web.json_response(exc.payload(), status=exc.code)
        return web.json_response({"ok": True, "result": call.result})

    async def _answer(self, call: Call) -> Any:
        handler = getattr(self, f"_m_{call.method}", None)
        if handler is None:
            raise ApiError(404, "Not Found")
        for failure in self._failures:
            if (
                failure.method == call.method
                and failure.remaining > 0
                and (failure.chat_id is None or failure.chat_id == call.chat_id)
            ):
                failure.remaining -= 1
                raise failure.error
        if call.method in _SENDING and call.chat_id is not None:
            if call.chat_id in self.blocked:
                raise forbidden(self.blocked[call.chat_id])
            if call.chat_id in self.moved:
                raise migrated(self.moved[call.chat_id])
            if self.enforce_limits:
                self._check_limits(call.chat_id, call.at)
        return await handler(call.params)

    def _check_limits(self, chat_id: int, now: float) -> None:
        """Sliding windows: overall per second, per chat per second, per group per minute."""
        recent = self._recent_sends
        while recent and recent[0] <= now - 1.0:
            recent.popleft()
        mine = self._chat_sends[chat_id]
        while mine and mine[0] <= now - 60.0:
            mine.popleft()
        waits: list[float] = []
        if len(recent) >= self.overall_rate:
            waits.append(recent[0] + 1.0 - now)
        if mine and mine[-1] > now - self.per_chat_interval:
            waits.append(mine[-1] + self.per_chat_interval - now)
        if chat_id < 0 and len(mine) >= self.group_per_minute:
            waits.append(mine[0] + 60.0 - now)
        if waits:
            raise too_many_requests(max(1, math.ceil(max(waits))))
        recent.append(now)
        mine.append(now)

    # ----------------------------------------------------------------- methods

    def _me(self) -> dict[str, Any]:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "Briefbot",
            "username": self.username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _m_getMe(self, params: dict[str, Any]) -> Any:
        return self._me()

    async def _m_setMyCommands(self, params: dict[str, Any]) -> Any:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad_request("commands must be a list of at most 100 commands")
        for command in commands:
            name, description = command.get("command", ""), command.get("description", "")
            if not re.fullmatch(r"[a-z0-9_]{1,32}", name):
                raise bad_request(f"BOT_COMMAND_INVALID: {name!r}")
            if not 1 <= len(description) <= 256:
                raise bad_request(f"command description of {name!r} must be 1-256 characters")
        self.commands = commands
        return True

    async def _m_getMyCommands(self, params: dict[str, Any]) -> Any:
        return self.commands

    async def _m_deleteWebhook(self, params: dict[str, Any]) -> Any:
        self.webhook = {}
        if params.get("drop_pending_updates") in (True, "true", "True"):
            self._updates.clear()
        return True

    async def _m_setWebhook(self, params: dict[str, Any]) -> Any:
        url = str(params.get("url", ""))
        if url and not url.startswith("https://") and not url.startswith("http://127.0.0.1"):
            raise bad_request("bad webhook: HTTPS url must be provided for webhook")
        self.webhook = dict(params)
        return True

    async def _m_getWebhookInfo(self, params: dict[str, Any]) -> Any:
        return {
            "url": self.webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    async def _m_getUpdates(self, params: dict[str, Any]) -> Any:
        if self.webhook.get("url"):
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active")
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        async with self._new_update:
            # Updates below the offset are confirmed: Telegram forgets them.
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            if not self._updates and timeout > 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._new_update.wait(), timeout)
            return self._updates[:limit]

    async def _m_sendMessage(self, params: dict[str, Any]) -> Any:
        chat_id = int(params["chat_id"])
        text = str(params.get("text", ""))
        visible = parse_html(text) if params.get("parse_mode") == "HTML" else text
        if not visible.strip():
            raise bad_request("message text is empty")
        if utf16_length(visible) > MAX_MESSAGE_LENGTH:
            raise bad_request("message is too long")
        _check_keyboard(params.get("reply_markup"))
        message = self.message_json(chat_id, visible, user_id=None, from_bot=True)
        message.pop("entities", None)
        return message

    async def _m_editMessageText(self, params: dict[str, Any]) -> Any:
        chat_id = int(params["chat_id"])
        text = str(params.get("text", ""))
        visible = parse_html(text) if params.get("parse_mode") == "HTML" else text
        if utf16_length(visible) > MAX_MESSAGE_LENGTH:
            raise bad_request("message is too long")
        message = self.message_json(
            chat_id, visible, user_id=None, message_id=int(params["message_id"]), from_bot=True
        )
        message.pop("entities", None)
        return message

    async def _m_answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        if len(str(params.get("text", ""))) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        return True

    def _member(self, chat: _Chat, user_id: int) -> dict[str, Any]:
        user = {"id": user_id, "is_bot": False, "first_name": f"User {user_id}"}
        if chat.type == "private" and user_id == chat.id:
            return {"status": "member", "user": user}
        if user_id not in chat.admins:
            return {"status": "member", "user": user}
        if user_id == chat.admins[0]:
            return {"status": "creator", "user": user, "is_anonymous": False}
        return {
            "status": "administrator",
            "user": user,
            **{
                flag: flag != "can_be_edited"
                for flag in (
                    "can_be_edited",
                    "is_anonymous",
                    "can_manage_chat",
                    "can_delete_messages",
                    "can_manage_video_chats",
                    "can_restrict_members",
                    "can_promote_members",
                    "can_change_info",
                    "can_invite_users",
                    "can_post_stories",
                    "can_edit_stories",
                    "can_delete_stories",
                )
            },
            "is_anonymous": False,
        }

    def _chat_for(self, params: dict[str, Any]) -> _Chat:
        chat_id = int(params["chat_id"])
        if chat_id in self.blocked:
            raise forbidden(self.blocked[chat_id])
        if chat_id not in self._chats:
            raise bad_request("chat not found")
        return self._chats[chat_id]

    async def _m_getChatAdministrators(self, params: dict[str, Any]) -> Any:
        chat = self._chat_for(params)
        if chat.type == "private":
            raise bad_request("there are no administrators in the private chat")
        return [self._member(chat, admin) for admin in chat.admins]

    async def _m_getChatMember(self, params: dict[str, Any]) -> Any:
        return self._member(self._chat_for(params), int(params["user_id"]))

    async def _m_getChat(self, params: dict[str, Any]) -> Any:
        chat = self._chat_for(params)
        return {**self.chat_json(chat.id), "accent_color_id": 0, "max_reaction_count": 11}

    async def _m_close(self, params: dict[str, Any]) -> Any:
        return True

    async def _m_logOut(self, params: dict[str, Any]) -> Any:
        return True


def _check_keyboard(markup: Any) -> None:
    if markup is None:
        return
    rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
    if not isinstance(rows, list):
        raise bad_request("reply markup must hold an inline_keyboard")
    for row in rows:
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= 64:
                raise bad_request("BUTTON_DATA_INVALID")
            if not button.get("text"):
                raise bad_request("button text is empty")


async def _params(request: web.Request) -> dict[str, Any]:
    """Bot API parameters from a query string, a JSON body or a (multipart) form."""
    params: dict[str, Any] = dict(request.query)
    if request.method == "POST" and request.can_read_body:
        if request.content_type == "application/json":
            body = await request.json()
            params.update(body if isinstance(body, dict) else {})
        else:
            form = await request.post()
            params.update({k: v for k, v in form.items() if isinstance(v, str)})
    for key in _JSON_FIELDS & params.keys():
        if isinstance(params[key], str):
            with contextlib.suppress(json.JSONDecodeError):
                params[key] = json.loads(params[key])
    return params


async def _serve(port: int, token: str, enforce_limits: bool) -> None:
    fake = FakeTelegramApi(token=token, enforce_limits=enforce_limits)
    await fake.start(port)
    print(f"fake Bot API on {fake.base_url} (token {token})", flush=True)
    await asyncio.Event().wait()


def main() -> None:
    parser = argparse.ArgumentParser(description="A local fake of the Telegram Bot API.")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    parser.add_argument("--enforce-limits", action="store_true")
    args = parser.parse_args()
    asyncio.run(_serve(args.port, args.token, args.enforce_limits))


if __name__ == "__main__":
    main()
