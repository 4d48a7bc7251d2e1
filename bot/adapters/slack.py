"""Slack, through slack-bolt's `AsyncApp`: events in, `bot.commands.dispatch` calls, Block Kit out.

Two ways in: HTTP mode (`POST /slack/events` on the service's one aiohttp server, passed to
Bolt's request handler, which checks Slack's signature) and Socket Mode (Bolt's
`AsyncSocketModeHandler`). Either way the same listeners run:

* the slash command (`/brief who 2`), an @mention (`@briefbot who 2`) and a DM (`who 2`) all
  become the neutral command text ("who 2"; `/brief feeds add URL` -> "addfeed URL");
* a follow-up button under a briefing runs its command and answers in the briefing's thread.

Listeners `ack()` first, so Slack gets its answer within 3 seconds; Bolt then lets the
listener finish in the background. Events Slack redelivers (`X-Slack-Retry-Num`) are
recognised by their event id and not answered twice.

Outgoing: `send()` posts the rendered messages (the first in the channel, the rest in its
thread), at most about one message per second per channel. slack_sdk's rate-limit retry
handler (not on by default) waits out short 429s; longer ones, and 429s that outlast the
retries, become `RetryAfter` for the outbox. A channel the app was removed from -> `ChatGone`.

Many workspaces (`slack.oauth`, HTTP mode only): Bolt's OAuth flow serves the install page and
Slack's redirect on the same server, keeps each workspace's installation in our database
(`DatabaseInstallationStore`, with OAuth states in `DatabaseOAuthStateStore`) and authorizes
each request with its workspace's token. Chats are then keyed "TEAM/CHANNEL", so a briefing is
sent with the bot token of the workspace its channel is in.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import re
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from aiohttp import ClientError, web
from pydantic import SecretStr
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncRateLimitErrorRetryHandler,
    async_default_handlers,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.adapters.base import ChatGone, DeliveryError, RetryAfter
from bot.commands import CommandContext, dispatch, split_command
from bot.config import ConfigError, Settings
from bot.domain import Chat
from bot.render.slack import ACTION_PREFIX, SlackMessage, render_slack
from bot.replies import Reply

if TYPE_CHECKING:
    from bot.store import Store

__all__ = [
    "EVENTS_PATH",
    "GONE_ERRORS",
    "DatabaseInstallationStore",
    "DatabaseOAuthStateStore",
    "SlackAdapter",
    "command_text",
]

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
METADATA_EVENT = "briefbot_delivery"  # message metadata naming the outbox delivery
# Slack error codes meaning "this channel will not take our messages": pause, don't retry.
GONE_ERRORS = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "account_inactive",
        "restricted_action",
    }
)
RATE_LIMIT_RETRIES = 2
MAX_RETRY_WAIT = 15  # seconds; a longer Retry-After goes back to the outbox instead
ADMIN_CACHE_SECONDS = 300
SEEN_EVENTS_SECONDS = 3600
OAUTH_STATE_SECONDS = 600  # how long an install started in a browser may take

# `/brief <words>` -> neutral command text. Two-word forms read naturally in Slack; the
# neutral names are what every platform's dispatch understands.
_SUBCOMMANDS: dict[tuple[str, str], str] = {
    ("feeds", "add"): "addfeed",
    ("feed", "add"): "addfeed",
    ("feeds", "remove"): "removefeed",
    ("feeds", "rm"): "removefeed",
    ("feeds", "delete"): "removefeed",
    ("feed", "remove"): "removefeed",
    ("feeds", "list"): "feeds",
}
_LEADING_MENTIONS = re.compile(r"^\s*(?:<@[UW][A-Z0-9]+(?:\|[^>]*)?>[\s,:]*)+")
_SLACK_LINK = re.compile(r"<((?:https?|mailto):[^|>]*)(?:\|[^>]*)?>")


def command_text(raw: str) -> str:
    """What a person typed in Slack -> the neutral command text for `dispatch`.

    Slack sends message text escaped and with links wrapped (`<https://x|x>`); a mention of
    the app leads the text of an app_mention event. An empty command asks for help.
    """
    text = _LEADING_MENTIONS.sub("", raw)
    text = _SLACK_LINK.sub(lambda match: match.group(1), text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    words = text.split()
    if not words:
        return "help"
    if len(words) >= 2:
        mapped = _SUBCOMMANDS.get((words[0].lower(), words[1].lower()))
        if mapped is not None:
            return " ".join([mapped, *words[2:]])
    return " ".join(words)


class _ShortRateLimitRetry(AsyncRateLimitErrorRetryHandler):
    """slack_sdk's 429 handler, but only for waits short enough to block a sender on."""

    def __init__(self, max_retry_count: int, max_wait: float) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.max_wait = max_wait

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is None or response.status_code != 429:
            return False
        return _retry_after(response.headers) <= self.max_wait


def _secret(value: SecretStr | None) -> str | None:
    """The secret's text; an empty variable counts as unset."""
    text = value.get_secret_value().strip() if value is not None else ""
    return text or None


def _retry_after(headers: Any) -> float:
    for key, value in (headers or {}).items():
        if key.lower() == "retry-after":
            raw = value[0] if isinstance(value, list | tuple) else value
            try:
                return max(0.0, float(raw))
            except (TypeError, ValueError):
                return 1.0
    return 1.0


@dataclass(slots=True)
class _Where:
    """Where an answer goes."""

    team: str | None  # the workspace
    channel: str
    user: str
    thread_ts: str | None = None
    response_url: str | None = None  # slash commands: works even where the app isn't a member
    channel_name: str | None = None


class DatabaseInstallationStore(AsyncInstallationStore):
    """Bolt's installation store on our database: one bot installation per workspace.

    Only bot tokens are asked for, so the newest install of a workspace is its installation,
    whoever installed it (the installing user's id is kept with it).
    """

    def __init__(self, store: Store) -> None:
        self._repo = store.slack_installations
        self._logger = logging.getLogger("briefbot.slack.installations")

    @property
    def logger(self) -> logging.Logger:
        return self._logger

    async def async_save(self, installation: Installation) -> None:
        team = None if installation.is_enterprise_install else installation.team_id
        data = {
            key: value.timestamp() if isinstance(value, datetime) else value
            for key, value in installation.to_dict_for_copying().items()
        }
        await self._repo.save(
            installation.enterprise_id, team, data, installed_at=datetime.now(UTC)
        )
        log.info("Slack: installed in %s", installation.team_name or team or "an org")

    async def async_save_bot(self, bot: Bot) -> None:
        raise NotImplementedError("installations are saved whole, through async_save")

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        team = None if is_enterprise_install else team_id
        stored = await self._repo.find(enterprise_id, team)
        return Installation(**stored.installation) if stored is not None else None

    async def async_find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        installation = await self.async_find_installation(
            enterprise_id=enterprise_id,
            team_id=team_id,
            is_enterprise_install=is_enterprise_install,
        )
        return installation.to_bot() if installation is not None else None

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self._repo.delete(enterprise_id, team_id)

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        await self._repo.delete(enterprise_id, team_id)


class DatabaseOAuthStateStore(AsyncOAuthStateStore):
    """OAuth `state` values in our database, so the instance that gets Slack's redirect need
    not be the one that served the install page. Each state works once, until it expires."""

    def __init__(
        self,
        store: Store,
        expiration_seconds: int = OAUTH_STATE_SECONDS,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._repo = store.slack_installations
        self._expires_in = timedelta(seconds=expiration_seconds)
        self._clock = clock or (lambda: datetime.now(UTC))
        self._logger = logging.getLogger("briefbot.slack.oauth_state")

    @property
    def logger(self) -> logging.Logger:
        return self._logger

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        state = secrets.token_urlsafe(32)
        await self._repo.issue_state(state, now=self._clock(), expires_in=self._expires_in)
        return state

    async def async_consume(self, state: str) -> bool:
        return await self._repo.consume_state(state, now=self._clock(), expires_in=self._expires_in)


class SlackAdapter:
    platform = "slack"

    def __init__(
        self,
        settings: Settings,
        store: Store,
        *,
        pace_seconds: float = 1.0,
        max_retry_wait: float = MAX_RETRY_WAIT,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        slack = settings.slack
        bot_token = _secret(slack.bot_token)
        signing_secret = _secret(slack.signing_secret)
        client_secret = _secret(slack.client_secret)
        if slack.oauth:
            _check_oauth_settings(settings)
            bot_token = None  # each workspace's own token comes from its installation
        elif bot_token is None:
            raise ConfigError("slack.bot_token: missing; set $BRIEFBOT_SLACK_BOT_TOKEN (xoxb-...)")
        if slack.mode == "http" and signing_secret is None:
            raise ConfigError(
                "slack.signing_secret: HTTP mode needs it to check Slack's signatures; "
                "set $BRIEFBOT_SLACK_SIGNING_SECRET"
            )
        if slack.mode == "socket" and _secret(slack.app_token) is None:
            raise ConfigError(
                "slack.app_token: Socket Mode needs an app-level token; "
                "set $BRIEFBOT_SLACK_APP_TOKEN (xapp-...)"
            )
        self.settings = settings
        self.store = store
        self._pace_seconds = pace_seconds
        self._clock = clock or (lambda: datetime.now(UTC))
        retry_handlers: list[AsyncRetryHandler] = [
            *async_default_handlers(),
            _ShortRateLimitRetry(RATE_LIMIT_RETRIES, max_retry_wait),
        ]
        self._retry_handlers = retry_handlers
        self.client = AsyncWebClient(
            token=bot_token,
            base_url=slack.base_url,
            retry_handlers=retry_handlers,
        )
        self.installations: DatabaseInstallationStore | None = None
        oauth_settings: AsyncOAuthSettings | None = None
        if slack.oauth:
            self.installations = DatabaseInstallationStore(store)
            oauth_settings = AsyncOAuthSettings(
                client_id=slack.client_id,
                client_secret=client_secret,
                scopes=list(slack.scopes),
                install_path=slack.install_path,
                redirect_uri_path=slack.redirect_path,
                # Straight to Slack's consent page; our own page would add nothing.
                install_page_rendering_enabled=False,
                installation_store=self.installations,
                installation_store_bot_only=True,
                state_store=DatabaseOAuthStateStore(store, OAUTH_STATE_SECONDS),
                state_expiration_seconds=OAUTH_STATE_SECONDS,
                logger=logging.getLogger("briefbot.slack.oauth"),
            )
        self.app = AsyncApp(
            name="briefbot",
            client=self.client,
            signing_secret=signing_secret,
            oauth_settings=oauth_settings,
            # Socket Mode envelopes come over our own authenticated WebSocket, unsigned.
            request_verification_enabled=slack.mode == "http",
            process_before_response=False,
            logger=logging.getLogger("briefbot.slack.bolt"),
        )
        if slack.oauth:
            # Uninstalled or revoked: forget the token, and that workspace's chats pause.
            self.app.enable_token_revocation_listeners()
        self._clients: dict[str, AsyncWebClient] = {}
        self._socket: AsyncSocketModeHandler | None = None
        self._channel_locks: dict[str, asyncio.Lock] = {}
        self._last_post: dict[str, float] = {}
        self._admin_cache: dict[tuple[str | None, str], tuple[float, bool]] = {}
        self._partial: dict[tuple[str, str], list[str]] = {}
        self._inflight: set[asyncio.Task[Any]] = set()
        self._register()

    # -- lifecycle -----------------------------------------------------------------------

    async def start(self) -> None:
        if self.installations is not None:
            count = await self.store.slack_installations.count()
            log.info("Slack: OAuth on; installed in %d workspace(s)", count)
            return
        try:
            identity = await self.client.auth_test()
        except SlackApiError as exc:
            raise ConfigError(
                f"slack.bot_token: Slack refused it ({exc.response.get('error')})"
            ) from exc
        log.info("Slack: signed in as %s in %s", identity.get("user"), identity.get("team"))
        app_token = _secret(self.settings.slack.app_token)
        if self.settings.slack.mode == "socket" and app_token is not None:
            self._socket = AsyncSocketModeHandler(self.app, app_token)
            await self._socket.connect_async()
            log.info("Slack: Socket Mode connected")

    async def stop(self) -> None:
        if self._socket is not None:
            await self._socket.close_async()
            self._socket = None
        if self._inflight:
            # Let answers already under way finish rather than cut them off mid-thread.
            await asyncio.wait(set(self._inflight), timeout=10)

    def routes(self) -> list[web.RouteDef]:
        slack = self.settings.slack
        if slack.mode != "http":
            return []
        routes = [web.post(EVENTS_PATH, self._http_endpoint)]
        if slack.oauth:
            routes.append(web.get(slack.install_path, self._oauth_endpoint))
            routes.append(web.get(slack.redirect_path, self._oauth_endpoint))
        return routes

    async def _http_endpoint(self, request: web.Request) -> web.Response:
        bolt_request = await to_bolt_request(request)
        bolt_response = await self.app.async_dispatch(bolt_request)
        return await to_aiohttp_response(bolt_response)

    async def _oauth_endpoint(self, request: web.Request) -> web.Response:
        """The install page and Slack's redirect, as Bolt's own web-framework adapters do it."""
        flow = self.app.oauth_flow
        assert flow is not None
        bolt_request = await to_bolt_request(request)
        if request.path == flow.install_path:
            bolt_response = await flow.handle_installation(bolt_request)
        else:
            bolt_response = await flow.handle_callback(bolt_request)
        return await to_aiohttp_response(bolt_response)

    # -- workspaces ----------------------------------------------------------------------

    def _chat_id(self, team: str | None, channel: str) -> str:
        """With many workspaces a chat names its workspace too: "TEAM/CHANNEL"."""
        return f"{team}/{channel}" if self.settings.slack.oauth and team else channel

    async def _client_for(self, team: str | None) -> AsyncWebClient:
        """The Web API client with the token of workspace `team` (the one bot token when
        OAuth is off)."""
        if self.installations is None:
            return self.client
        bot = await self.installations.async_find_bot(enterprise_id=None, team_id=team)
        if bot is None:
            raise ChatGone(f"Slack: the app is not installed in workspace {team}")
        client = self._clients.get(bot.bot_token)
        if client is None:
            client = AsyncWebClient(
                token=bot.bot_token,
                base_url=self.settings.slack.base_url,
                retry_handlers=self._retry_handlers,
            )
            self._clients[bot.bot_token] = client
        return client

    # -- delivery (the outbox calls this) ------------------------------------------------

    async def send(self, chat: Chat, reply: Reply) -> list[str]:
        team, channel = _split_chat_id(chat.platform_chat_id)
        client = await self._client_for(team)
        messages = render_slack(reply)
        delivery_key = reply.extra.get("delivery_key")
        # If a 429 or an outage stops a multi-part briefing halfway, the outbox sends it
        # again; resume after the parts already posted instead of repeating them.
        resume = (channel, str(delivery_key) if delivery_key else _digest(messages))
        posted = self._partial.pop(resume, [])[: len(messages)]
        try:
            for part in range(len(posted), len(messages)):
                metadata = None
                if delivery_key:
                    payload = {"key": str(delivery_key), "part": part + 1, "parts": len(messages)}
                    metadata = {"event_type": METADATA_EVENT, "event_payload": payload}
                thread = posted[0] if posted else None
                ts = await self._post(
                    client, channel, messages[part], thread_ts=thread, metadata=metadata
                )
                posted.append(ts)
        except SlackApiError as exc:
            if posted:
                self._partial[resume] = posted
            raise _delivery_error(exc) from exc
        except (ClientError, TimeoutError) as exc:
            if posted:
                self._partial[resume] = posted
            raise DeliveryError(f"Slack unreachable: {exc!r}") from exc
        return posted

    async def find_delivered(self, chat: Chat, key: str) -> list[str] | None:
        """The outbox asks after a crash between Slack accepting a briefing and the outbox
        recording it: the message ids if every part of delivery `key` is in the channel.

        Parts carry `key` in their message metadata. If only some arrived, the next `send`
        of that delivery continues after them. Needs the `*:history` scopes; without them
        (or on any error) the answer is "don't know" (None) and the outbox sends again.
        """
        team, channel = _split_chat_id(chat.platform_chat_id)
        try:
            client = await self._client_for(team)
            return await self._find_delivered(client, channel, key)
        except ChatGone:
            return None
        except SlackApiError as exc:
            log.info("Slack: cannot look for delivery %s (%s)", key, exc.response.get("error"))
            return None

    async def _find_delivered(
        self, client: AsyncWebClient, channel: str, key: str
    ) -> list[str] | None:
        history = await client.conversations_history(
            channel=channel, limit=100, include_all_metadata=True
        )
        first = next(
            (m for m in history.get("messages", []) if _delivery_part(m, key) is not None), None
        )
        if first is None:
            return None
        parts = int(first["metadata"]["event_payload"].get("parts", 1))
        found = {1: str(first["ts"])}
        if parts > 1:
            thread = await client.conversations_replies(
                channel=channel, ts=first["ts"], limit=200, include_all_metadata=True
            )
            for message in thread.get("messages", []):
                part = _delivery_part(message, key)
                if part is not None:
                    found.setdefault(part, str(message["ts"]))
        posted: list[str] = []
        for number in range(1, parts + 1):
            if number not in found:
                break
            posted.append(found[number])
        if len(posted) == parts:
            return posted
        self._partial[(channel, key)] = posted
        return None

    async def _post(
        self,
        client: AsyncWebClient,
        channel: str,
        message: SlackMessage,
        *,
        thread_ts: str | None = None,
        ephemeral_user: str | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> str:
        async with self._paced(channel):
            if ephemeral_user is not None:
                response = await client.chat_postEphemeral(
                    channel=channel,
                    user=ephemeral_user,
                    text=message.text,
                    blocks=message.blocks or None,
                    thread_ts=thread_ts,
                )
                return str(response.get("message_ts", ""))
            response = await client.chat_postMessage(
                channel=channel,
                text=message.text,
                blocks=message.blocks or None,
                thread_ts=thread_ts,
                # Never let Slack turn feed words into @-mentions or links on its own.
                parse="none",
                link_names=False,
                unfurl_links=False,
                unfurl_media=False,
                metadata=metadata,
            )
            return str(response["ts"])

    def _paced(self, channel: str) -> _Pacer:
        lock = self._channel_locks.setdefault(channel, asyncio.Lock())
        return _Pacer(lock, self._last_post, channel, self._pace_seconds)

    # -- incoming ------------------------------------------------------------------------

    def _register(self) -> None:
        app = self.app
        app.middleware(self._skip_redeliveries)
        app.command(self.settings.slack.command)(self._on_command)
        app.event("app_mention")(self._on_mention)
        app.event("message")(self._on_message)
        app.event("member_joined_channel")(self._on_joined)
        app.action(re.compile(f"^{re.escape(ACTION_PREFIX)}"))(self._on_button)

    async def _skip_redeliveries(
        self,
        request: AsyncBoltRequest,
        body: dict[str, Any],
        next: Callable[[], Awaitable[None]],  # Bolt passes it by this name
    ) -> BoltResponse | None:
        """Answer each event once: Slack redelivers (X-Slack-Retry-Num) when our 200 was
        slow or lost, and sends both app_mention and message.im for one DM mention."""
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id:
            keys = [str(event_id)]
            event = body.get("event") or {}
            if event.get("channel") and event.get("ts"):
                keys.append(f"{event['channel']}/{event['ts']}")
            first = await self.store.slack_installations.first_sight(
                keys, now=self._clock(), keep=timedelta(seconds=SEEN_EVENTS_SECONDS)
            )
            if not first:
                retry = request.headers.get("x-slack-retry-num", ["?"])[0]
                log.info("Slack: ignoring redelivery %s of event %s", retry, event_id)
                return BoltResponse(status=200, body="")
        await next()
        return None

    async def _on_command(
        self, ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        await ack()
        where = _Where(
            team=context.team_id,
            channel=str(body.get("channel_id", "")),
            user=str(body.get("user_id", "")),
            response_url=body.get("response_url"),
            channel_name=body.get("channel_name"),
        )
        await self._answer(where, command_text(str(body.get("text", ""))))

    async def _on_mention(
        self, ack: AsyncAck, event: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        await ack()
        if event.get("bot_id") or not event.get("user"):
            return
        where = _Where(
            team=context.team_id,
            channel=str(event["channel"]),
            user=str(event["user"]),
            thread_ts=event.get("thread_ts") or event.get("ts"),
        )
        await self._answer(where, command_text(str(event.get("text", ""))))

    async def _on_message(
        self, ack: AsyncAck, event: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        await ack()
        # Only direct messages; in channels the app answers when mentioned. Edits, joins and
        # bot posts (ours included) carry a subtype or a bot_id.
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        if not event.get("user"):
            return
        where = _Where(
            team=context.team_id,
            channel=str(event["channel"]),
            user=str(event["user"]),
            thread_ts=event.get("thread_ts"),
        )
        await self._answer(where, command_text(str(event.get("text", ""))))

    async def _on_joined(
        self, ack: AsyncAck, event: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        """The app was invited to a channel: register it and say how to use it."""
        await ack()
        if event.get("user") != context.get("bot_user_id") or not event.get("channel"):
            return
        where = _Where(
            team=context.team_id,
            channel=str(event["channel"]),
            user=str(event.get("inviter") or ""),
        )
        await self._answer(where, "start")

    async def _on_button(
        self, ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        await ack()
        actions = body.get("actions") or [{}]
        message = body.get("message") or {}
        channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get(
            "channel_id"
        )
        user = (body.get("user") or {}).get("id")
        command = actions[0].get("value")
        if not channel or not user or not command:
            return
        # The briefing's thread: the clicked message's own thread, or the message itself.
        thread_ts = message.get("thread_ts") or message.get("ts")
        where = _Where(
            team=context.team_id, channel=str(channel), user=str(user), thread_ts=thread_ts
        )
        await self._answer(where, str(command))

    async def _answer(self, where: _Where, text: str) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._inflight.add(task)
        try:
            reply = await self._run_command(where, text)
            await self._deliver_answer(where, reply)
        except Exception:
            log.exception("Slack: answering %r in %s failed", text, where.channel)
        finally:
            if task is not None:
                self._inflight.discard(task)

    async def _ensure_chat(self, chat_id: str, title: str | None = None) -> Chat:
        briefing = self.settings.briefing
        return await self.store.chats.ensure(
            self.platform,
            chat_id,
            title=title,
            timezone=briefing.default_timezone,
            schedule=briefing.default_schedule,
            max_stories=briefing.max_stories,
        )

    async def _register_chat(self, chat_id: str, title: str | None = None) -> Chat:
        """The app joined a channel, or someone said "start": the chat exists, and follows the
        configured feeds if the config says new chats do."""
        chat = await self._ensure_chat(chat_id, title)
        if self.settings.ingest.subscribe_new_chats:
            from bot.ingest.poll import sync_config_feeds

            for feed in await sync_config_feeds(self.store, self.settings):
                await self.store.chats.subscribe(chat.id, feed.id)
        return chat

    async def _run_command(self, where: _Where, text: str) -> Reply:
        chat_id = self._chat_id(where.team, where.channel)
        if split_command(text)[0] == "start":
            chat = await self._register_chat(chat_id, where.channel_name)
        else:
            chat = await self._ensure_chat(chat_id, where.channel_name)
        context = CommandContext(
            store=self.store,
            settings=self.settings,
            chat=chat,
            user_id=where.user,
            is_admin=lambda: self.is_admin(where.user, team=where.team),
            now=self._clock(),
            platform=self.platform,
        )
        try:
            return await dispatch(context, text)
        except Exception:
            log.exception("Slack: command %r failed", text)
            return Reply.message(
                "Sorry, that went wrong on our side; please try again later.",
                is_error=True,
                ephemeral=True,
            )

    async def _deliver_answer(self, where: _Where, reply: Reply) -> None:
        messages = render_slack(reply)
        client = await self._client_for(where.team)
        try:
            if reply.ephemeral:
                for message in messages:
                    await self._post(
                        client,
                        where.channel,
                        message,
                        thread_ts=where.thread_ts,
                        ephemeral_user=where.user,
                    )
                return
            first: str | None = None
            for message in messages:
                thread = where.thread_ts or first
                ts = await self._post(client, where.channel, message, thread_ts=thread)
                first = first or ts
        except SlackApiError as exc:
            # A slash command may come from a channel the app is not in; its response_url
            # still reaches the person who asked.
            if where.response_url and exc.response.get("error") in GONE_ERRORS:
                await self._respond(where.response_url, messages, ephemeral=reply.ephemeral)
                return
            raise

    async def _respond(self, url: str, messages: list[SlackMessage], *, ephemeral: bool) -> None:
        webhook = AsyncWebhookClient(url)
        for message in messages:
            await webhook.send(
                text=message.text,
                blocks=message.blocks or None,
                response_type="ephemeral" if ephemeral else "in_channel",
            )

    async def is_admin(self, user_id: str, *, team: str | None = None) -> bool:
        """Admins and owners of workspace `team` (users.info, cached briefly) and
        `slack.admins`."""
        if user_id in self.settings.slack.admins:
            return True
        now = time.monotonic()
        cached = self._admin_cache.get((team, user_id))
        if cached is not None and now - cached[0] < ADMIN_CACHE_SECONDS:
            return cached[1]
        try:
            client = await self._client_for(team)
            response = await client.users_info(user=user_id)
        except ChatGone:
            return False
        except SlackApiError as exc:
            log.warning("Slack: users.info for %s failed (%s)", user_id, exc.response.get("error"))
            return False
        user = response.get("user") or {}
        admin = not user.get("deleted") and any(
            user.get(flag) for flag in ("is_admin", "is_owner", "is_primary_owner")
        )
        self._admin_cache[(team, user_id)] = (now, bool(admin))
        return bool(admin)


class _Pacer:
    """Hold a channel's lock and keep posts to it about `interval` seconds apart."""

    def __init__(
        self, lock: asyncio.Lock, last: dict[str, float], channel: str, interval: float
    ) -> None:
        self._lock, self._last, self._channel, self._interval = lock, last, channel, interval

    async def __aenter__(self) -> None:
        await self._lock.acquire()
        wait = self._last.get(self._channel, -1e9) + self._interval - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)

    async def __aexit__(self, *exc: object) -> None:
        self._last[self._channel] = time.monotonic()
        self._lock.release()


def _split_chat_id(chat_id: str) -> tuple[str | None, str]:
    """ "TEAM/CHANNEL" -> (TEAM, CHANNEL); a bare channel id (one workspace) -> (None, id)."""
    team, _, channel = chat_id.rpartition("/")
    return team or None, channel


def _check_oauth_settings(settings: Settings) -> None:
    """OAuth needs HTTP mode and the app's credentials: say everything missing at once."""
    slack = settings.slack
    missing = []
    if slack.mode != "http":
        missing.append('slack.mode = "http" (Slack must reach the install redirect)')
    if _secret(slack.signing_secret) is None:
        missing.append("$BRIEFBOT_SLACK_SIGNING_SECRET")
    if not (slack.client_id or "").strip():
        missing.append("slack.client_id")
    if _secret(slack.client_secret) is None:
        missing.append("$BRIEFBOT_SLACK_CLIENT_SECRET")
    if missing:
        raise ConfigError(f"slack.oauth: needs {', '.join(missing)}")


def _delivery_part(message: dict[str, Any], key: str) -> int | None:
    metadata = message.get("metadata") or {}
    payload = metadata.get("event_payload") or {}
    if metadata.get("event_type") != METADATA_EVENT or payload.get("key") != key:
        return None
    try:
        return int(payload.get("part", 1))
    except (TypeError, ValueError):
        return None


def _digest(messages: list[SlackMessage]) -> str:
    data = json.dumps([[m.text, m.blocks] for m in messages], sort_keys=True)
    return hashlib.sha256(data.encode()).hexdigest()


def _delivery_error(exc: SlackApiError) -> DeliveryError:
    response = exc.response
    error = str(response.get("error") or "")
    if response.status_code == 429 or error == "ratelimited":
        seconds = _retry_after(response.headers)
        return RetryAfter(seconds, f"Slack rate limit: retry after {seconds:g}s")
    if error in GONE_ERRORS:
        return ChatGone(f"Slack: {error}")
    return DeliveryError(f"Slack: {error or response.status_code}")
