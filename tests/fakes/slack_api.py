"""A local Slack Web API: a real aiohttp server that slack_sdk and Bolt talk HTTP to.

Point `AsyncWebClient(base_url=fake.base_url)` (or `BRIEFBOT_SLACK_BASE_URL`) at it. It speaks
the methods the bot uses (auth.test, chat.postMessage, chat.postEphemeral, chat.update,
users.info, conversations.info), records every call, and misbehaves on demand: 429 with
Retry-After, or Slack's error codes (`channel_not_found`, `not_in_channel`, `is_archived`, ...).
conversations.history and conversations.replies return what was posted, with its message
metadata when asked. It also serves `response_url`s and a Socket Mode WebSocket
(apps.connections.open), so Bolt's own Socket Mode client can be driven by a test.

Many workspaces: `add_workspace` gives another team its own bot token (the Web API then
answers as that team), and `grant` stands in for a person approving an install on Slack's
consent page: it makes the one-time code that `oauth.v2.access` exchanges, with the app's
client id and secret, for that workspace's installation.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web

BOT_TOKEN = "xoxb-fake-bot-token"
APP_TOKEN = "xapp-fake-app-token"
CLIENT_ID = "1111.2222"
CLIENT_SECRET = "fake-client-secret"


@dataclass(frozen=True, slots=True)
class Workspace:
    team_id: str
    team_name: str
    bot_token: str
    bot_user_id: str
    bot_id: str


@dataclass(frozen=True, slots=True)
class ApiCall:
    method: str  # "chat.postMessage", or "response_url" for posts to a response URL
    args: dict[str, Any]
    token: str | None
    at: float  # time.monotonic() when it arrived
    status: int  # the HTTP status we answered
    error: str | None = None  # the Slack error code we answered, if any


@dataclass(slots=True)
class _Failure:
    error: str
    channel: str | None
    times: int | None  # None: until cleared


@dataclass(slots=True)
class _RateLimit:
    retry_after: int
    times: int
    skip: int


@dataclass(slots=True)
class FakeSlackApi:
    bot_token: str = BOT_TOKEN
    app_token: str = APP_TOKEN
    team_id: str = "T0FAKE"
    bot_user_id: str = "U0BOT"
    bot_id: str = "B0BOT"
    calls: list[ApiCall] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)  # posted, incl. ephemeral
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    channels: dict[str, dict[str, Any]] = field(default_factory=dict)
    _failures: dict[str, list[_Failure]] = field(default_factory=dict)
    _rate_limits: dict[str, _RateLimit] = field(default_factory=dict)
    _ts: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _runner: web.AppRunner | None = None
    _port: int = 0
    _changed: asyncio.Condition | None = None
    _sockets: list[web.WebSocketResponse] = field(default_factory=list)
    _socket_acks: dict[str, asyncio.Future[dict[str, Any]]] = field(default_factory=dict)
    _socket_connected: asyncio.Event | None = None
    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET
    workspaces: dict[str, Workspace] = field(default_factory=dict)  # by bot token
    _codes: dict[str, tuple[Workspace, str, str]] = field(default_factory=dict)

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> FakeSlackApi:
        self._changed = asyncio.Condition()
        self._socket_connected = asyncio.Event()
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/response/{key}", self._response_url)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeSlackApi:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    @property
    def base_url(self) -> str:
        """What slack_sdk's `base_url` should be (it must end with a slash)."""
        return f"{self.url}/api/"

    def response_url(self, key: str) -> str:
        return f"{self.url}/response/{key}"

    # -- scenario set-up ---------------------------------------------------------------------

    def add_workspace(self, team_id: str, team_name: str = "Other Team") -> Workspace:
        """Another workspace; the app's bot there has its own token and ids."""
        suffix = team_id.lower()
        workspace = Workspace(
            team_id, team_name, f"xoxb-{suffix}-token", f"U0BOT{team_id}", f"B0BOT{team_id}"
        )
        self.workspaces[workspace.bot_token] = workspace
        return workspace

    def grant(self, workspace: Workspace, *, installer: str, scopes: str = "commands") -> str:
        """Someone in `workspace` approved the install: the code Slack redirects back with."""
        code = f"code-{workspace.team_id}-{next(self._ts)}"
        self._codes[code] = (workspace, installer, scopes)
        return code

    def workspace_of(self, token: str | None) -> Workspace | None:
        if token == self.bot_token:
            return Workspace(
                self.team_id, "Fake Team", self.bot_token, self.bot_user_id, self.bot_id
            )
        return self.workspaces.get(token or "")

    def add_user(
        self,
        user_id: str,
        name: str = "someone",
        *,
        is_admin: bool = False,
        is_owner: bool = False,
        is_primary_owner: bool = False,
        deleted: bool = False,
    ) -> None:
        self.users[user_id] = {
            "id": user_id,
            "team_id": self.team_id,
            "name": name,
            "real_name": name.title(),
            "deleted": deleted,
            "is_bot": False,
            "is_admin": is_admin,
            "is_owner": is_owner,
            "is_primary_owner": is_primary_owner,
        }

    def add_channel(self, channel_id: str, name: str = "general", *, is_im: bool = False) -> None:
        self.channels[channel_id] = {
            "id": channel_id,
            "name": name,
            "is_channel": not is_im,
            "is_im": is_im,
            "is_archived": False,
            "is_member": True,
        }

    def fail(
        self, method: str, error: str, *, channel: str | None = None, times: int | None = None
    ) -> None:
        """Answer `method` with `{"ok": false, "error": error}` (for one channel, or all)."""
        self._failures.setdefault(method, []).append(_Failure(error, channel, times))

    def clear_failures(self) -> None:
        self._failures.clear()
        self._rate_limits.clear()

    def rate_limit(
        self, method: str, *, retry_after: int = 1, times: int = 1, skip: int = 0
    ) -> None:
        """After `skip` more calls, the next `times` calls of `method` get HTTP 429 with
        `Retry-After: retry_after`."""
        self._rate_limits[method] = _RateLimit(retry_after, times, skip)

    # -- inspection --------------------------------------------------------------------------

    def calls_to(self, method: str, *, ok_only: bool = False) -> list[ApiCall]:
        return [
            c
            for c in self.calls
            if c.method == method and (not ok_only or (c.status == 200 and c.error is None))
        ]

    def posted(self, channel: str | None = None) -> list[dict[str, Any]]:
        """Messages that chat.postMessage accepted, oldest first."""
        return [
            m
            for m in self.messages
            if not m.get("ephemeral") and (channel is None or m["channel"] == channel)
        ]

    def ephemeral(self, channel: str | None = None) -> list[dict[str, Any]]:
        return [
            m
            for m in self.messages
            if m.get("ephemeral") and (channel is None or m["channel"] == channel)
        ]

    async def wait_until(
        self, predicate: Callable[[FakeSlackApi], bool], within: float = 10.0
    ) -> None:
        """Wait until `predicate(self)` holds (checked after every recorded call)."""
        assert self._changed is not None

        async def waiter() -> None:
            assert self._changed is not None
            async with self._changed:
                await self._changed.wait_for(lambda: predicate(self))

        await asyncio.wait_for(waiter(), within)

    async def wait_for_calls(self, method: str, count: int = 1, within: float = 10.0) -> None:
        await self.wait_until(lambda api: len(api.calls_to(method, ok_only=True)) >= count, within)

    # -- the Web API -------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await _read_args(request)
        auth = request.headers.get("Authorization", "")
        if method == "oauth.v2.access":
            # The app authenticates with its client id and secret, not a token.
            status, body, headers = self._oauth_access(args, auth)
            await self._record(
                ApiCall(method, args, None, time.monotonic(), status, body.get("error"))
            )
            return web.json_response(body, status=status, headers=headers)
        token = auth.removeprefix("Bearer ").strip() or args.pop("token", None)
        status, body, headers = self._answer(method, args, token)
        await self._record(
            ApiCall(method, args, token, time.monotonic(), status, body.get("error"))
        )
        return web.json_response(body, status=status, headers=headers)

    def _answer(
        self, method: str, args: dict[str, Any], token: str | None
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        limit = self._rate_limits.get(method)
        if limit is not None and limit.skip > 0:
            limit.skip -= 1
        elif limit is not None and limit.times > 0:
            limit.times -= 1
            headers = {"Retry-After": str(limit.retry_after)}
            return 429, {"ok": False, "error": "ratelimited"}, headers
        if method == "apps.connections.open":
            if token != self.app_token:
                return 200, {"ok": False, "error": "invalid_auth"}, {}
            return 200, {"ok": True, "url": f"ws://127.0.0.1:{self._port}/socket"}, {}
        if self.workspace_of(token) is None:
            return 200, {"ok": False, "error": "invalid_auth"}, {}
        channel = args.get("channel")
        for failure in self._failures.get(method, []):
            if failure.channel not in (None, channel) or failure.times == 0:
                continue
            if failure.times is not None:
                failure.times -= 1
            return 200, {"ok": False, "error": failure.error}, {}
        if method == "auth.test":
            return 200, _auth_test(self, token), {}
        handler = _METHODS.get(method)
        if handler is None:
            return 200, {"ok": False, "error": "unknown_method"}, {}
        return 200, handler(self, args), {}

    def _oauth_access(
        self, args: dict[str, Any], auth: str
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        client_id, client_secret = args.get("client_id"), args.get("client_secret")
        if auth.startswith("Basic "):
            decoded = base64.b64decode(auth.removeprefix("Basic ")).decode()
            client_id, _, client_secret = decoded.partition(":")
        if client_id != self.client_id or client_secret != self.client_secret:
            return 200, {"ok": False, "error": "invalid_client_id"}, {}
        grant = self._codes.pop(str(args.get("code")), None)  # a code works once
        if grant is None:
            return 200, {"ok": False, "error": "invalid_code"}, {}
        workspace, installer, scopes = grant
        body = {
            "ok": True,
            "app_id": "A0BRIEF",
            "authed_user": {"id": installer},
            "scope": scopes,
            "token_type": "bot",
            "access_token": workspace.bot_token,
            "bot_user_id": workspace.bot_user_id,
            "team": {"id": workspace.team_id, "name": workspace.team_name},
            "enterprise": None,
            "is_enterprise_install": False,
        }
        return 200, body, {}

    async def _record(self, call: ApiCall) -> None:
        assert self._changed is not None
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    def _next_ts(self) -> str:
        return f"{int(time.time())}.{next(self._ts):06d}"

    def _post(self, args: dict[str, Any], *, ephemeral: bool) -> dict[str, Any]:
        channel = str(args.get("channel") or "")
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        if not args.get("text") and not args.get("blocks"):
            return {"ok": False, "error": "no_text"}
        blocks = args.get("blocks") or []
        if isinstance(blocks, str):
            blocks = json.loads(blocks)
        if len(blocks) > 50:
            return {"ok": False, "error": "invalid_blocks"}
        ts = self._next_ts()
        message = {
            "channel": channel,
            "ts": ts,
            "text": args.get("text", ""),
            "blocks": blocks,
            "thread_ts": args.get("thread_ts"),
            "user": args.get("user"),
            "ephemeral": ephemeral,
        }
        metadata = args.get("metadata")
        if isinstance(metadata, str):
            metadata = json.loads(metadata)
        if metadata:
            message["metadata"] = metadata
        self.messages.append(message)
        if ephemeral:
            return {"ok": True, "message_ts": ts}
        return {
            "ok": True,
            "channel": channel,
            "ts": ts,
            "message": {"type": "message", "bot_id": self.bot_id, **message},
        }

    # -- response_url and Socket Mode --------------------------------------------------------

    async def _response_url(self, request: web.Request) -> web.Response:
        args = await _read_args(request)
        args["key"] = request.match_info["key"]
        self.messages.append(
            {
                "channel": f"response:{args['key']}",
                "ts": self._next_ts(),
                "text": args.get("text", ""),
                "blocks": args.get("blocks") or [],
                "thread_ts": None,
                "ephemeral": args.get("response_type") != "in_channel",
                "response_url": True,
            }
        )
        await self._record(ApiCall("response_url", args, None, time.monotonic(), 200))
        return web.Response(text="ok")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_json({"type": "hello", "num_connections": 1})
        assert self._socket_connected is not None
        self._socket_connected.set()
        try:
            async for message in ws:
                if message.type != WSMsgType.TEXT:
                    continue
                data = json.loads(message.data)
                future = self._socket_acks.get(str(data.get("envelope_id")))
                if future is not None and not future.done():
                    future.set_result(data)
        finally:
            self._sockets.remove(ws)
        return ws

    async def socket_send(
        self, kind: str, payload: dict[str, Any], *, within: float = 5.0, retry_attempt: int = 0
    ) -> dict[str, Any]:
        """Push one Socket Mode envelope ("slash_commands", "events_api", "interactive") and
        return the app's acknowledgement."""
        assert self._socket_connected is not None
        await asyncio.wait_for(self._socket_connected.wait(), within)
        envelope_id = f"env-{next(self._ts)}"
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._socket_acks[envelope_id] = future
        envelope = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": kind != "events_api",
            "retry_attempt": retry_attempt,
            "retry_reason": "timeout" if retry_attempt else "",
        }
        await self._sockets[-1].send_json(envelope)
        try:
            return await asyncio.wait_for(future, within)
        finally:
            self._socket_acks.pop(envelope_id, None)


async def _read_args(request: web.Request) -> dict[str, Any]:
    args: dict[str, Any] = dict(request.query)
    if request.method != "POST" or not request.can_read_body:
        return args
    raw = await request.read()
    if request.content_type == "application/json":
        args.update(json.loads(raw or b"{}"))
    else:
        args.update(parse_qsl(raw.decode(), keep_blank_values=True))
    return args


def _auth_test(api: FakeSlackApi, token: str | None) -> dict[str, Any]:
    workspace = api.workspace_of(token)
    assert workspace is not None
    return {
        "ok": True,
        "url": "https://fake.slack.com/",
        "team": workspace.team_name,
        "user": "briefbot",
        "team_id": workspace.team_id,
        "user_id": workspace.bot_user_id,
        "bot_id": workspace.bot_id,
        "is_enterprise_install": False,
    }


def _post_message(api: FakeSlackApi, args: dict[str, Any]) -> dict[str, Any]:
    return api._post(args, ephemeral=False)


def _post_ephemeral(api: FakeSlackApi, args: dict[str, Any]) -> dict[str, Any]:
    if not args.get("user"):
        return {"ok": False, "error": "user_not_found"}
    return api._post(args, ephemeral=True)


def _update(api: FakeSlackApi, args: dict[str, Any]) -> dict[str, Any]:
    for message in api.messages:
        if message["channel"] == args.get("channel") and message["ts"] == args.get("ts"):
            message["text"] = args.get("text", message["text"])
            message["blocks"] = args.get("blocks", message["blocks"])
            return {"ok": True, "channel": message["channel"], "ts": message["ts"]}
    return {"ok": False, "error": "message_not_found"}


def _users_info(api: FakeSlackApi, args: dict[str, Any]) -> dict[str, Any]:
    user = api.users.get(str(args.get("user")))
    if user is None:
        return {"ok": False, "error": "user_not_found"}
    return {"ok": True, "user": user}


def _conversations_info(api: FakeSlackApi, args: dict[str, Any]) -> dict[str, Any]:
    channel = api.channels.get(str(args.get("channel")))
    if channel is None:
        return {"ok": False, "error": "channel_not_found"}
    return {"ok": True, "channel": channel}


def _visible(api: FakeSlackApi, args: dict[str, Any], message: dict[str, Any]) -> dict[str, Any]:
    shown = {"type": "message", "bot_id": api.bot_id, **message}
    if not _truthy(args.get("include_all_metadata")):
        shown.pop("metadata", None)
    return shown


def _truthy(value: Any) -> bool:
    return value in (True, 1, "1", "true", "True")


def _history(api: FakeSlackApi, args: dict[str, Any]) -> dict[str, Any]:
    channel = args.get("channel")
    if channel not in api.channels:
        return {"ok": False, "error": "channel_not_found"}
    top = [
        _visible(api, args, m)
        for m in api.posted(channel)
        if m["thread_ts"] in (None, m["ts"]) and not m.get("response_url")
    ]
    limit = int(args.get("limit") or 100)
    return {"ok": True, "messages": top[::-1][:limit], "has_more": len(top) > limit}


def _replies(api: FakeSlackApi, args: dict[str, Any]) -> dict[str, Any]:
    channel, ts = args.get("channel"), args.get("ts")
    if channel not in api.channels:
        return {"ok": False, "error": "channel_not_found"}
    thread = [
        _visible(api, args, m) for m in api.posted(channel) if m["ts"] == ts or m["thread_ts"] == ts
    ]
    if not thread:
        return {"ok": False, "error": "thread_not_found"}
    return {"ok": True, "messages": thread, "has_more": False}


_METHODS: dict[str, Callable[[FakeSlackApi, dict[str, Any]], dict[str, Any]]] = {
    "chat.postMessage": _post_message,
    "chat.postEphemeral": _post_ephemeral,
    "chat.update": _update,
    "users.info": _users_info,
    "conversations.info": _conversations_info,
    "conversations.history": _history,
    "conversations.replies": _replies,
}
