"""Many workspaces: Bolt's OAuth flow with installations and states in our own database.

A browser is played by an aiohttp client (the install page's cookie sent back as a browser
would); Slack's consent page by `FakeSlackApi.grant`, which makes the code Slack redirects
back with; `oauth.v2.access` and everything after it is the local fake Web API.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from bot.adapters.base import ChatGone
from bot.adapters.slack import EVENTS_PATH, OAUTH_STATE_SECONDS, SlackAdapter
from bot.config import ConfigError
from bot.replies import Reply
from bot.store import Store
from tests.fakes.slack_api import CLIENT_ID, CLIENT_SECRET, FakeSlackApi, Workspace
from tests.slack.conftest import ADMIN, CHANNEL, MEMBER, SlackHarness, slack_settings

STATE_COOKIE = "slack-app-oauth-state"


def oauth_env(db_url: str, **extra: str) -> dict[str, str]:
    return {
        "BRIEFBOT_DATABASE_URL": db_url,
        "BRIEFBOT_SLACK_OAUTH": "true",
        "BRIEFBOT_SLACK_CLIENT_ID": CLIENT_ID,
        "BRIEFBOT_SLACK_CLIENT_SECRET": CLIENT_SECRET,
        "BRIEFBOT_SLACK_BOT_TOKEN": "",  # no single bot token: each workspace has its own
        **extra,
    }


def base(harness: SlackHarness) -> str:
    return harness.url.removesuffix(EVENTS_PATH)


async def start_install(harness: SlackHarness) -> tuple[int, str, str | None]:
    """Open the install page: (status, Location, the state the browser was given)."""
    async with harness.session.get(
        f"{base(harness)}/slack/install", allow_redirects=False
    ) as response:
        cookie = response.cookies.get(STATE_COOKIE)
        return response.status, response.headers.get("Location", ""), cookie and cookie.value


async def finish_install(harness: SlackHarness, state: str, code: str) -> tuple[int, str]:
    """Come back from Slack's consent page with `code` and `state`, cookie and all."""
    async with harness.session.get(
        f"{base(harness)}/slack/oauth_redirect",
        params={"code": code, "state": state},
        headers={"Cookie": f"{STATE_COOKIE}={state}"},
        allow_redirects=False,
    ) as response:
        return response.status, await response.text()


async def install(harness: SlackHarness, workspace: Workspace) -> None:
    status, _, state = await start_install(harness)
    assert status == 302
    assert state
    code = harness.api.grant(workspace, installer=MEMBER)
    status, _ = await finish_install(harness, state, code)
    assert status == 200


async def test_install_page_redirects_to_slack_with_a_state(slack_harness, db_url: str) -> None:
    harness: SlackHarness = await slack_harness(**oauth_env(db_url))
    status, location, state = await start_install(harness)
    assert status == 302
    url = urlsplit(location)
    assert f"{url.scheme}://{url.netloc}{url.path}" == "https://slack.com/oauth/v2/authorize"
    query = parse_qs(url.query)
    assert query["client_id"] == [CLIENT_ID]
    assert set(query["scope"][0].split(",")) == set(harness.adapter.settings.slack.scopes)
    assert state
    assert query["state"] == [state]
    # Another visit gets another state: each install attempt is its own.
    _, _, second = await start_install(harness)
    assert second
    assert second != state


async def test_redirect_with_valid_state_and_code_stores_the_installation(
    slack_harness, db_url: str
) -> None:
    harness: SlackHarness = await slack_harness(**oauth_env(db_url))
    second = harness.api.add_workspace("T0SECOND", "Second Team")
    _, _, state = await start_install(harness)
    assert state
    code = harness.api.grant(second, installer=MEMBER)

    status, _ = await finish_install(harness, state, code)

    assert status == 200
    [exchange] = harness.api.calls_to("oauth.v2.access", ok_only=True)
    assert exchange.args["code"] == code
    stored = await harness.store.slack_installations.find(None, "T0SECOND")
    assert stored is not None
    assert stored.installation["bot_token"] == second.bot_token
    assert stored.installation["bot_user_id"] == second.bot_user_id
    assert stored.installation["user_id"] == MEMBER
    # Every instance sees it: a second store on the same database finds the same token.
    async with await Store.open(db_url) as other:
        again = await other.slack_installations.find(None, "T0SECOND")
        assert again is not None
        assert again.installation["bot_token"] == second.bot_token

    # The state was used up: the same redirect a second time installs nothing.
    code_again = harness.api.grant(second, installer=MEMBER)
    status, _ = await finish_install(harness, state, code_again)
    assert status != 200
    assert len(harness.api.calls_to("oauth.v2.access")) == 1


async def test_invalid_or_expired_state_is_refused(slack_harness, db_url: str) -> None:
    harness: SlackHarness = await slack_harness(**oauth_env(db_url))
    second = harness.api.add_workspace("T0SECOND")

    # A state this deployment never issued.
    status, _ = await finish_install(
        harness, "made-up-state", harness.api.grant(second, installer=MEMBER)
    )
    assert status != 200

    # A state issued longer ago than an install may take.
    stale = "state-from-long-ago"
    issued = datetime.now(UTC) - timedelta(seconds=OAUTH_STATE_SECONDS + 60)
    await harness.store.slack_installations.issue_state(
        stale, now=issued, expires_in=timedelta(seconds=OAUTH_STATE_SECONDS)
    )
    status, _ = await finish_install(harness, stale, harness.api.grant(second, installer=MEMBER))
    assert status != 200

    assert harness.api.calls_to("oauth.v2.access") == []
    assert await harness.store.slack_installations.find(None, "T0SECOND") is None

    # A fresh one still works, so the refusals above were about the state alone.
    await install(harness, second)
    assert await harness.store.slack_installations.find(None, "T0SECOND") is not None


async def test_each_workspace_is_answered_with_its_own_token(slack_harness, db_url: str) -> None:
    harness: SlackHarness = await slack_harness(**oauth_env(db_url))
    api = harness.api
    first = api.workspace_of(api.bot_token)
    assert first is not None
    second = api.add_workspace("T0SECOND", "Second Team")
    await install(harness, first)
    await install(harness, second)
    other_channel = "C0OTHER"
    api.add_channel(other_channel, "elsewhere")

    status, _ = await harness.command("help", channel=other_channel, team=second.team_id)
    assert status == 200
    await api.wait_until(lambda a: any(c.args.get("channel") == other_channel for c in _posts(a)))
    status, _ = await harness.command("help", channel=CHANNEL, team=first.team_id)
    assert status == 200
    await api.wait_until(lambda a: any(c.args.get("channel") == CHANNEL for c in _posts(a)))

    tokens = {c.args["channel"]: c.token for c in _posts(api)}
    assert tokens == {other_channel: second.bot_token, CHANNEL: first.bot_token}

    # The chats know their workspace, so a briefing goes out with that workspace's token.
    chats = {c.platform_chat_id: c for c in await harness.store.chats.list()}
    assert set(chats) == {f"{second.team_id}/{other_channel}", f"{first.team_id}/{CHANNEL}"}
    await harness.adapter.send(chats[f"{second.team_id}/{other_channel}"], Reply.message("hi"))
    last = api.calls_to("chat.postMessage", ok_only=True)[-1]
    assert (last.args["channel"], last.token) == (other_channel, second.bot_token)

    # Who is an admin is asked of the person's own workspace.
    assert await harness.adapter.is_admin(ADMIN, team=second.team_id)
    [lookup] = api.calls_to("users.info", ok_only=True)
    assert (lookup.args["user"], lookup.token) == (ADMIN, second.bot_token)


async def test_a_workspace_that_never_installed_is_not_answered(slack_harness, db_url: str) -> None:
    harness: SlackHarness = await slack_harness(**oauth_env(db_url))
    api = harness.api
    first = api.workspace_of(api.bot_token)
    assert first is not None
    await install(harness, first)

    status, _ = await harness.command("help", team="T0STRANGER")
    assert status == 200  # Bolt answers Slack, but runs nothing for an unknown workspace
    # An installed workspace's command afterwards: once it is answered, the stranger's
    # would have been too.
    await harness.command("help", team=first.team_id)
    await api.wait_until(lambda a: len(_posts(a)) >= 1)

    assert [c.token for c in _posts(api)] == [first.bot_token]
    chats = await harness.store.chats.list()
    assert [c.platform_chat_id for c in chats] == [f"{first.team_id}/{CHANNEL}"]


def _posts(api: FakeSlackApi) -> list:
    return [
        c
        for c in api.calls
        if c.method in ("chat.postMessage", "chat.postEphemeral") and c.error is None
    ]


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"BRIEFBOT_SLACK_CLIENT_SECRET": ""}, r"\$BRIEFBOT_SLACK_CLIENT_SECRET"),
        ({"BRIEFBOT_SLACK_CLIENT_ID": ""}, r"slack\.client_id"),
        ({"BRIEFBOT_SLACK_SIGNING_SECRET": ""}, r"\$BRIEFBOT_SLACK_SIGNING_SECRET"),
        ({"BRIEFBOT_SLACK_MODE": "socket"}, r'slack\.mode = "http"'),
    ],
)
async def test_missing_oauth_settings_are_one_clear_error(
    tmp_path: Path, slack_api: FakeSlackApi, env: dict[str, str], expected: str
) -> None:
    db_url = f"sqlite:///{tmp_path / 'briefbot.db'}"
    settings = slack_settings(tmp_path, slack_api, **oauth_env(db_url, **env))
    async with await Store.open(db_url) as store:
        with pytest.raises(ConfigError, match=rf"^slack\.oauth: needs .*{expected}") as caught:
            SlackAdapter(settings, store)
    assert "\n" not in str(caught.value)


async def test_all_missing_are_named_at_once(tmp_path: Path, slack_api: FakeSlackApi) -> None:
    db_url = f"sqlite:///{tmp_path / 'briefbot.db'}"
    env = oauth_env(
        db_url,
        BRIEFBOT_SLACK_CLIENT_SECRET="",
        BRIEFBOT_SLACK_CLIENT_ID="",
        BRIEFBOT_SLACK_MODE="socket",
    )
    settings = slack_settings(tmp_path, slack_api, **env)
    async with await Store.open(db_url) as store:
        with pytest.raises(ConfigError) as caught:
            SlackAdapter(settings, store)
    message = str(caught.value)
    for part in ("slack.mode", "slack.client_id", "$BRIEFBOT_SLACK_CLIENT_SECRET"):
        assert part in message


async def test_an_uninstalled_workspace_is_forgotten_and_its_chats_pause(
    slack_harness, db_url: str
) -> None:
    harness: SlackHarness = await slack_harness(**oauth_env(db_url))
    api = harness.api
    second = api.add_workspace("T0SECOND", "Second Team")
    await install(harness, second)
    chat = await harness.store.chats.ensure("slack", f"{second.team_id}/{CHANNEL}")

    status, _ = await harness.event(
        {"type": "app_uninstalled", "event_ts": "1.2"},
        event_id="Ev0UNINSTALL",
        team=second.team_id,
        bot_user=second.bot_user_id,
    )

    assert status == 200
    await _eventually_gone(harness, second.team_id)
    with pytest.raises(ChatGone):
        await harness.adapter.send(chat, Reply.message("hi"))
    assert _posts(api) == []


async def _eventually_gone(harness: SlackHarness, team_id: str) -> None:
    for _ in range(100):
        if await harness.store.slack_installations.find(None, team_id) is None:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"the installation of {team_id} is still stored")
