"""Chat commands, platform-neutral: each handler takes a context and its argument text and
returns a `Reply`. `dispatch` is the one entry point for every adapter; it parses the text,
checks admin rights once for commands that change settings, and turns every failure into a
helpful reply (never silence, never a traceback).

Follow-up numbers ("who 3") refer to the chat's latest briefing; words ("who Gibraltar")
search recent stories. Answers come from the stored, merged key points: no NLP here.
"""

from __future__ import annotations

import asyncio
import difflib
import importlib
import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname
from zoneinfo import ZoneInfo

from bot.briefing import (
    attribution,
    compose_briefing,
    matches,
    person_label,
    source_names,
    story_block,
    story_fields,
    story_links,
)
from bot.config import Settings
from bot.domain import Chat, Feed, Story
from bot.replies import Block, Button, Reply
from bot.schedule import EXAMPLES, Schedule, next_briefing_at, parse_schedule
from bot.store import AlreadyExists, NotFound, Store
from bot.stories import same_actor

__all__ = ["COMMANDS", "Command", "CommandContext", "CommandError", "dispatch", "split_command"]

log = logging.getLogger(__name__)

RECENT = timedelta(days=7)  # how far back words search
_SEARCH_RESULTS = 3
_MAX_KEYWORDS = 30
_MAX_KEYWORD_CHARS = 60
_EVIDENCE_CHARS = 160


@dataclass
class CommandContext:
    store: Store
    settings: Settings
    chat: Chat
    user_id: str
    is_admin: Callable[[], Awaitable[bool]]
    now: datetime
    platform: str
    allow_local_feeds: bool = False  # the console may add feeds from local files


class CommandError(Exception):
    """A user mistake; the message is the reply."""


Handler = Callable[[CommandContext, str], Awaitable[Reply]]


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    summary: str  # one line, for menus and help
    usage: str
    handler: Handler = field(repr=False)
    admin_only: bool = False
    # Settings commands show the current value to anyone and need an admin only to change it.
    open_without_args: bool = False
    aliases: tuple[str, ...] = ()


def _error(*paragraphs: str) -> Reply:
    return Reply.message(*paragraphs, is_error=True, ephemeral=True)


def _lines(*lines: str, title: str | None = None) -> Reply:
    return Reply(title=title, blocks=(Block(text=tuple(line for line in lines if line)),))


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- finding stories ---------------------------------------------------------------------------


def _number(args: str) -> int | None:
    text = args.strip().lstrip("#")
    return int(text) if text.isdigit() else None


async def _numbered_story(ctx: CommandContext, number: int) -> Story:
    briefing = await ctx.store.briefings.latest(ctx.chat.id)
    if briefing is None or not briefing.items:
        raise CommandError(
            f"There is no briefing in this chat yet, so there is no story {number}. "
            "Send 'brief' to get one."
        )
    item = next((i for i in briefing.items if i.number == number), None)
    if item is None:
        last = len(briefing.items)
        span = "story 1" if last == 1 else f"stories 1-{last}"
        raise CommandError(
            f"Your last briefing has {span}; there is no story {number}. "
            "Numbers always refer to the latest briefing."
        )
    try:
        return await ctx.store.stories.get(item.story_id)
    except NotFound:
        raise CommandError(f"Story {number} of your last briefing is no longer stored.") from None


async def _search(ctx: CommandContext, words: str) -> list[Story]:
    tokens = [t for t in re.split(r"\s+", words.lower()) if t]
    if not tokens:
        return []
    found = await ctx.store.stories.search(tokens, since=ctx.now - RECENT)
    hits = [c.id for c in found if all(matches(t, c.search_text) for t in tokens)]
    stories = await ctx.store.stories.get_many(hits[:_SEARCH_RESULTS])
    return [stories[i] for i in hits[:_SEARCH_RESULTS] if i in stories]


async def _latest_stories(ctx: CommandContext) -> list[tuple[int, Story]]:
    briefing = await ctx.store.briefings.latest(ctx.chat.id)
    if briefing is None or not briefing.items:
        raise CommandError("There is no briefing in this chat yet. Send 'brief' to get one.")
    stories = await ctx.store.stories.get_many(i.story_id for i in briefing.items)
    return [(i.number, stories[i.story_id]) for i in briefing.items if i.story_id in stories]


async def _targets(ctx: CommandContext, args: str) -> list[tuple[int | None, Story]]:
    """Stories for `who`/`absent`: story N, a word search, or the whole latest briefing."""
    if not args.strip():
        return list(await _latest_stories(ctx))
    number = _number(args)
    if number is not None:
        return [(number, await _numbered_story(ctx, number))]
    found = await _search(ctx, args)
    if not found:
        raise CommandError(f"No story from the last {RECENT.days} days mentions {args.strip()!r}.")
    return [(None, story) for story in found]


def _heading(number: int | None, story: Story) -> str:
    return f"{number}. {story.title}" if number is not None else story.title


def _person_line(entry: dict[str, Any], *, show_status: bool = False) -> str:
    line = "• " + person_label(entry, with_role=True)
    if show_status and entry.get("status") == "expected":
        line += " — expected"
    line += f" — {attribution(entry.get('sources', ()))}"
    if entry.get("disputed") and entry.get("disputed_by"):
        line += f"; disputed by {attribution(entry['disputed_by'])}"
    evidence = next((s.get("evidence") for s in entry.get("sources", ()) if s.get("evidence")), "")
    if evidence:
        line += f"\n  “{_short(evidence, _EVIDENCE_CHARS)}”"
    return line


def _people_block(
    number: int | None, story: Story, entries: Sequence[dict[str, Any]], empty: str, status: bool
) -> Block:
    lines = [_person_line(e, show_status=status) for e in entries] or [empty]
    return Block(
        heading=_heading(number, story),
        text=tuple(lines),
        links=story_links(story.keypoints),
        story_number=number,
    )


# -- story commands ---------------------------------------------------------------------------


async def cmd_who(ctx: CommandContext, args: str) -> Reply:
    blocks = []
    for number, story in await _targets(ctx, args):
        attendees = story.keypoints.get("attendees", ())
        blocks.append(
            _people_block(number, story, attendees, "No attendees reported.", status=True)
        )
    return Reply(title="Who attends", blocks=tuple(blocks))


async def cmd_absent(ctx: CommandContext, args: str) -> Reply:
    if args.strip() and _number(args) is None:
        raise CommandError("Usage: absent [N] — N is a story number from your last briefing.")
    blocks = []
    for number, story in await _targets(ctx, args):
        absentees = story.keypoints.get("absentees", ())
        blocks.append(_people_block(number, story, absentees, "Nobody reported absent.", False))
    return Reply(title="Who is absent", blocks=tuple(blocks))


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def statement_line(statement: dict[str, Any]) -> str:
    """The statement once: its quote alone when that is all it says, else text and quote."""
    text, quote = statement["text"], statement.get("quote")
    if not quote:
        return text
    if _words(quote) == _words(text):
        return f"“{_short(quote, _EVIDENCE_CHARS)}”"
    if _words(quote) in _words(text):
        return text
    return f"{text}: “{_short(quote, _EVIDENCE_CHARS)}”"


def _position_lines(positions: Sequence[dict[str, Any]]) -> list[str]:
    lines = []
    for position in positions:
        actor = position["actor"]
        name = actor["name"] + (f" ({actor['role']})" if actor.get("role") else "")
        lines.append(name + ":")
        for statement in position.get("statements", ()):
            sources = attribution(statement.get("sources", ()))
            lines.append(f"  – {statement_line(statement)} — {sources}")
    return lines


async def cmd_positions(ctx: CommandContext, args: str) -> Reply:
    number = _number(args)
    if not args.strip() or number is not None:
        targets: list[tuple[int | None, Story]] = (
            [(number, await _numbered_story(ctx, number))]
            if number is not None
            else list(await _latest_stories(ctx))
        )
        blocks = tuple(
            Block(
                heading=_heading(n, story),
                text=tuple(_position_lines(story.keypoints.get("positions", ())))
                or ("No positions reported.",),
                links=story_links(story.keypoints),
                story_number=n,
            )
            for n, story in targets
        )
        return Reply(title="Positions", blocks=blocks)
    actor = args.strip()
    blocks_: list[Block] = []
    for story in await _search(ctx, actor):
        mine = [
            p
            for p in story.keypoints.get("positions", ())
            if same_actor(p["actor"]["name"], actor) or matches(actor, p["actor"]["name"].lower())
        ]
        if mine:
            blocks_.append(Block(heading=story.title, text=tuple(_position_lines(mine))))
    if not blocks_:
        raise CommandError(f"No stated position of {actor!r} in the last {RECENT.days} days.")
    return Reply(title=f"Positions of {actor}", blocks=tuple(blocks_))


def _require_number(args: str, command: str) -> int:
    number = _number(args)
    if number is None:
        raise CommandError(
            f"Usage: {command} N — N is a story number from your last briefing (e.g. {command} 2)."
        )
    return number


async def cmd_story(ctx: CommandContext, args: str) -> Reply:
    number = _require_number(args, "story")
    story = await _numbered_story(ctx, number)
    block = story_block(number, story)
    summary = tuple(story.keypoints.get("summary", ()))
    full = Block(
        heading=block.heading,
        text=summary or ("No summary available.",),
        fields=story_fields(story.keypoints),
        links=block.links,
        footer=block.footer,
        buttons=block.buttons,
        story_number=number,
    )
    return Reply(blocks=(full,))


async def cmd_sources(ctx: CommandContext, args: str) -> Reply:
    number = _require_number(args, "sources")
    story = await _numbered_story(ctx, number)
    lines, links = [], []
    for index, source in enumerate(story.keypoints.get("sources", ()), 1):
        feeds = ", ".join(source.get("feeds") or ()) or "unknown feed"
        lines.append(f"{index}. {source.get('title') or 'Untitled'} — {feeds}")
        if source.get("link"):
            links.append((feeds, source["link"]))
    names = source_names(story.keypoints)
    count = f"{len(names)} source" + ("" if len(names) == 1 else "s")
    return Reply(
        blocks=(
            Block(
                heading=f"{number}. {story.title}",
                text=tuple(lines) or ("No sources stored.",),
                links=tuple(links),
                footer=f"{count}: {', '.join(names)}" if names else None,
                story_number=number,
            ),
        )
    )


async def cmd_brief(ctx: CommandContext, args: str) -> Reply:
    slot = f"manual:{ctx.now.isoformat(timespec='microseconds')}"
    result = await compose_briefing(ctx.store, ctx.settings, ctx.chat, now=ctx.now, slot=slot)
    if result is not None:
        return result[1]
    if not await ctx.store.chats.feeds(ctx.chat.id):
        return _lines("This chat follows no feeds yet. An admin can add one: addfeed URL")
    return _lines("Nothing new since your last briefing.")


# -- feeds ------------------------------------------------------------------------------------


def _feed_line(number: int, feed: Feed) -> str:
    line = f"{number}. {feed.title or feed.url} — {feed.url}"
    if feed.paused:
        line += f" (paused{': ' + _short(feed.last_error, 80) if feed.last_error else ''};"
        line += f" resume {number})"
    elif feed.last_error and feed.consecutive_errors:
        line += f" (failing: {_short(feed.last_error, 80)})"
    return line


async def cmd_feeds(ctx: CommandContext, args: str) -> Reply:
    feeds = await ctx.store.chats.feeds(ctx.chat.id)
    if not feeds:
        return _lines("This chat follows no feeds. An admin can add one: addfeed URL")
    return _lines(*(_feed_line(n, f) for n, f in enumerate(feeds, 1)), title="Feeds")


def _local_feed(ingest: Any, text: str) -> str | None:
    """The file:// URL of an existing local feed file, else None."""
    url = ingest.local_feed_url(text)
    if url is None:
        return None
    path = Path(url2pathname(urlsplit(url).path))
    return url if path.is_file() else None


async def _validate(ctx: CommandContext, url: str) -> tuple[str, str]:
    """(normalised URL, kind); local files only where the adapter allows them (console)."""
    try:
        ingest = importlib.import_module("bot.ingest")
    except ImportError:
        raise CommandError("Adding feeds is not available in this build.") from None
    if ctx.allow_local_feeds and not re.match(r"^https?://", url, re.IGNORECASE):
        local = await asyncio.to_thread(_local_feed, ingest, url)
        if local is not None:
            return local, "file"
    try:
        return str(await ingest.validate_feed_url(url, ctx.settings)), "http"
    except ValueError as exc:
        raise CommandError(f"Can't add that feed: {exc}") from None


async def cmd_addfeed(ctx: CommandContext, args: str) -> Reply:
    url = args.strip().strip("<>")
    if not url or " " in url:
        raise CommandError("Usage: addfeed URL (e.g. addfeed https://example.org/rss.xml)")
    normalised, kind = await _validate(ctx, url)
    feed = await ctx.store.feeds.by_url(normalised)
    if feed is None:
        try:
            feed = await ctx.store.feeds.add(
                normalised,
                kind=kind,  # type: ignore[arg-type]
                interval_seconds=ctx.settings.ingest.default_interval,
                next_poll_at=ctx.now,
            )
        except AlreadyExists:
            feed = await ctx.store.feeds.by_url(normalised)
            assert feed is not None
    if not await ctx.store.chats.subscribe(ctx.chat.id, feed.id):
        return _lines(f"This chat already follows {normalised}.")
    note = " (it is paused: resume it with 'resume N' from 'feeds')" if feed.paused else ""
    return _lines(f"Added {normalised}{note}. New items appear in the next briefings.")


async def _chat_feed(ctx: CommandContext, args: str, command: str) -> tuple[int, Feed]:
    ref = args.strip().strip("<>")
    if not ref:
        raise CommandError(f"Usage: {command} N|URL — N is a number from 'feeds'.")
    feeds = await ctx.store.chats.feeds(ctx.chat.id)
    number = _number(ref)
    if number is not None:
        if not 1 <= number <= len(feeds):
            count = f"1-{len(feeds)}" if feeds else "none"
            raise CommandError(
                f"There is no feed {number} (this chat's feeds: {count}); see 'feeds'."
            )
        return number, feeds[number - 1]
    for n, feed in enumerate(feeds, 1):
        if ref in (feed.url, feed.url.rstrip("/")) or ref.rstrip("/") == feed.url.rstrip("/"):
            return n, feed
    raise CommandError(f"This chat does not follow {ref}; see 'feeds'.")


async def cmd_removefeed(ctx: CommandContext, args: str) -> Reply:
    _, feed = await _chat_feed(ctx, args, "removefeed")
    await ctx.store.chats.unsubscribe(ctx.chat.id, feed.id)
    return _lines(f"This chat no longer follows {feed.title or feed.url}.")


async def cmd_resume(ctx: CommandContext, args: str) -> Reply:
    number, feed = await _chat_feed(ctx, args, "resume")
    if not feed.paused:
        return _lines(f"Feed {number} is not paused.")
    await ctx.store.feeds.resume(feed.id, now=ctx.now)
    return _lines(f"Feed {number} ({feed.title or feed.url}) is polled again.")


# -- settings -----------------------------------------------------------------------------------


def _local(when: datetime | None, timezone: str) -> str:
    if when is None:
        return "none scheduled"
    local = when.astimezone(ZoneInfo(timezone))
    return f"{local:%a %d %b %H:%M} {timezone} ({when:%H:%M} UTC)"


def _current_schedule(chat: Chat) -> Schedule:
    try:
        return parse_schedule(chat.schedule)
    except ValueError:
        return Schedule()


async def cmd_schedule(ctx: CommandContext, args: str) -> Reply:
    chat = ctx.chat
    if not args.strip():
        current = _current_schedule(chat)
        return _lines(
            f"Briefings: {current.describe(chat.timezone)}.",
            f"Next: {_local(chat.next_briefing_at, chat.timezone)}.",
            f"Change it with e.g.: schedule {EXAMPLES.split(' · ')[0]}",
        )
    try:
        wanted = parse_schedule(args)
    except ValueError as exc:
        raise CommandError(f"{exc}.") from None
    current = _current_schedule(chat)
    if not wanted.off:
        # "schedule weekdays" keeps the times; "schedule Europe/Kyiv" keeps times and days.
        wanted = Schedule(
            times=wanted.times if wanted.explicit_times or current.off else current.times,
            days=wanted.days if wanted.explicit_days or current.off else current.days,
            timezone=wanted.timezone,
        )
    timezone = wanted.timezone or chat.timezone
    text = str(wanted)
    upcoming = next_briefing_at(text, timezone, ctx.now)
    await ctx.store.chats.update_settings(
        chat.id, schedule=text, timezone=timezone, next_briefing_at=upcoming
    )
    if wanted.off:
        return _lines("Scheduled briefings are off. 'brief' still works any time.")
    return _lines(
        f"Briefings: {wanted.describe(timezone)}.", f"Next: {_local(upcoming, timezone)}."
    )


def _keywords(text: str) -> list[str]:
    """'a, "b c", d' -> ['a', 'b c', 'd']: plain words and phrases, never patterns."""
    parts = [p.strip().strip("\"'“”").strip() for p in text.split(",")]
    out: list[str] = []
    for part in parts:
        phrase = " ".join(part.split())
        if not phrase:
            continue
        if len(phrase) > _MAX_KEYWORD_CHARS:
            raise CommandError(f"Keep each keyword under {_MAX_KEYWORD_CHARS} characters.")
        if not re.search(r"\w", phrase):
            raise CommandError(f"{phrase!r} has no letters or digits.")
        if phrase.lower() not in (o.lower() for o in out):
            out.append(phrase)
    if not out:
        raise CommandError("Give one or more words or phrases, separated by commas.")
    return out


def _add(existing: Sequence[str], new: Sequence[str]) -> tuple[str, ...]:
    out = list(existing)
    for word in new:
        if word.lower() not in (o.lower() for o in out):
            out.append(word)
    if len(out) > _MAX_KEYWORDS:
        raise CommandError(f"At most {_MAX_KEYWORDS} entries per list.")
    return tuple(out)


def _without(existing: Sequence[str], gone: Sequence[str]) -> tuple[tuple[str, ...], list[str]]:
    lowered = {g.lower() for g in gone}
    kept = tuple(e for e in existing if e.lower() not in lowered)
    missing = [g for g in gone if g.lower() not in {e.lower() for e in existing}]
    return kept, missing


def _show(values: Sequence[str]) -> str:
    return ", ".join(values) if values else "(none)"


_FILTER_USAGE = (
    "Usage: filter include WORDS · filter exclude WORDS · filter remove WORDS · filter clear "
    "— words and phrases separated by commas, matched case-insensitively as whole words."
)


async def cmd_filter(ctx: CommandContext, args: str) -> Reply:
    chat = ctx.chat
    action, _, rest = args.strip().partition(" ")
    action = action.lower()
    if not action:
        return _lines(
            f"Only stories mentioning: {_show(chat.include_keywords)}",
            f"Never stories mentioning: {_show(chat.exclude_keywords)}",
            _FILTER_USAGE,
        )
    if action == "clear":
        await ctx.store.chats.update_settings(chat.id, include_keywords=(), exclude_keywords=())
        return _lines("Filters cleared: briefings include every story from your feeds.")
    if action not in ("include", "exclude", "remove"):
        raise CommandError(_FILTER_USAGE)
    words = _keywords(rest)
    if action == "remove":
        include, missing_in = _without(chat.include_keywords, words)
        exclude, missing_ex = _without(chat.exclude_keywords, words)
        missing = [w for w in words if w in missing_in and w in missing_ex]
        if missing:
            raise CommandError(f"Not in your filters: {', '.join(missing)}.")
        updated = await ctx.store.chats.update_settings(
            chat.id, include_keywords=include, exclude_keywords=exclude
        )
    elif action == "include":
        updated = await ctx.store.chats.update_settings(
            chat.id, include_keywords=_add(chat.include_keywords, words)
        )
    else:
        updated = await ctx.store.chats.update_settings(
            chat.id, exclude_keywords=_add(chat.exclude_keywords, words)
        )
    return _lines(
        f"Only stories mentioning: {_show(updated.include_keywords)}",
        f"Never stories mentioning: {_show(updated.exclude_keywords)}",
    )


_WATCH_USAGE = "Usage: watch NAME[, NAME] · watch remove NAME · watch clear"


async def cmd_watch(ctx: CommandContext, args: str) -> Reply:
    chat = ctx.chat
    action, _, rest = args.strip().partition(" ")
    if not action:
        return _lines(
            f"Watching: {_show(chat.watch)}",
            "Stories with a watched person, organisation or country come first. " + _WATCH_USAGE,
        )
    if action.lower() == "clear" and not rest:
        await ctx.store.chats.update_settings(chat.id, watch=())
        return _lines("Watch list cleared.")
    if action.lower() == "remove":
        kept, missing = _without(chat.watch, _keywords(rest))
        if missing:
            raise CommandError(f"Not on your watch list: {', '.join(missing)}.")
        updated = await ctx.store.chats.update_settings(chat.id, watch=kept)
    else:
        names = _keywords(rest if action.lower() == "add" else args)
        updated = await ctx.store.chats.update_settings(chat.id, watch=_add(chat.watch, names))
    return _lines(f"Watching: {_show(updated.watch)}")


async def cmd_max(ctx: CommandContext, args: str) -> Reply:
    if not args.strip():
        return _lines(f"Briefings show at most {ctx.chat.max_stories} stories.")
    number = _number(args)
    if number is None or not 1 <= number <= 50:
        raise CommandError("Usage: max N — N between 1 and 50.")
    await ctx.store.chats.update_settings(ctx.chat.id, max_stories=number)
    return _lines(f"Briefings now show at most {number} stories.")


async def cmd_settings(ctx: CommandContext, args: str) -> Reply:
    chat = ctx.chat
    feeds = await ctx.store.chats.feeds(chat.id)
    schedule = _current_schedule(chat)
    return Reply(
        title="Settings",
        blocks=(
            Block(
                fields=(
                    ("Schedule", schedule.describe(chat.timezone)),
                    ("Next briefing", _local(chat.next_briefing_at, chat.timezone)),
                    ("Timezone", chat.timezone),
                    ("Max stories", str(chat.max_stories)),
                    ("Only stories mentioning", _show(chat.include_keywords)),
                    ("Never stories mentioning", _show(chat.exclude_keywords)),
                    ("Watching", _show(chat.watch)),
                    ("Feeds", f"{len(feeds)} (see 'feeds')"),
                ),
                footer="Admins change these: schedule, max, filter, watch, addfeed, removefeed.",
            ),
        ),
    )


# -- help ---------------------------------------------------------------------------------------


async def cmd_help(ctx: CommandContext, args: str) -> Reply:
    name = args.strip().lstrip("/").lower()
    if name:
        command = _lookup(name)
        if command is None:
            raise CommandError(f"There is no command {name!r}. {_suggest(name)}")
        admin = " (admins only)" if command.admin_only else ""
        if command.admin_only and command.open_without_args:
            admin = " (anyone can look; admins change it)"
        return _lines(f"{command.usage}{admin}", command.summary)
    lines = [
        f"{c.usage} — {c.summary}" + (" [admin]" if c.admin_only else "") for c in COMMANDS.values()
    ]
    return Reply(
        title="Commands",
        blocks=(
            Block(
                text=tuple(lines),
                footer="N is a story number from the latest briefing, e.g. 'who 2'.",
            ),
        ),
    )


async def cmd_start(ctx: CommandContext, args: str) -> Reply:
    chat = ctx.chat
    schedule = _current_schedule(chat)
    return Reply(
        title="Hello! I send news briefings.",
        blocks=(
            Block(
                text=(
                    "Each briefing merges the reports of one event from all your feeds and "
                    "says who attends, who is absent and who says what, with sources.",
                    f"Schedule: {schedule.describe(chat.timezone)}. Try 'brief' now, then "
                    "'who 1' or 'positions 1'.",
                ),
                buttons=(Button("Brief me now", "brief"), Button("Help", "help")),
            ),
        ),
    )


_COMMAND_LIST: tuple[Command, ...] = (
    Command("help", "List the commands, or explain one", "help [command]", cmd_help),
    Command("start", "Say hello and show how this works", "start", cmd_start),
    Command("brief", "A briefing now, with what is new", "brief", cmd_brief),
    Command("who", "Who attends: story N, or stories matching words", "who [N|words]", cmd_who),
    Command("absent", "Who is absent, per source", "absent [N]", cmd_absent),
    Command(
        "positions", "Who says what: story N or an actor", "positions [N|actor]", cmd_positions
    ),
    Command("story", "The whole story N", "story N", cmd_story),
    Command("sources", "The articles behind story N", "sources N", cmd_sources),
    Command("feeds", "The feeds this chat follows", "feeds", cmd_feeds),
    Command("addfeed", "Follow a feed", "addfeed URL", cmd_addfeed, admin_only=True),
    Command(
        "removefeed", "Stop following a feed", "removefeed N|URL", cmd_removefeed, admin_only=True
    ),
    Command("resume", "Poll a paused feed again", "resume N", cmd_resume, admin_only=True),
    Command(
        "schedule",
        "Show or set briefing times",
        "schedule [08:30 Europe/Kyiv weekdays|daily|off]",
        cmd_schedule,
        admin_only=True,
        open_without_args=True,
    ),
    Command(
        "max",
        "Show or set the stories per briefing",
        "max [N]",
        cmd_max,
        admin_only=True,
        open_without_args=True,
    ),
    Command(
        "filter",
        "Show or set include/exclude keywords",
        "filter [include|exclude|remove WORDS|clear]",
        cmd_filter,
        admin_only=True,
        open_without_args=True,
    ),
    Command(
        "watch",
        "Show or set the watch list (ranked first)",
        "watch [NAMES|remove NAMES|clear]",
        cmd_watch,
        admin_only=True,
        open_without_args=True,
    ),
    Command("settings", "This chat's settings", "settings", cmd_settings),
)

COMMANDS: dict[str, Command] = {c.name: c for c in _COMMAND_LIST}


def _lookup(name: str) -> Command | None:
    return COMMANDS.get(name) or next((c for c in _COMMAND_LIST if name in c.aliases), None)


def _suggest(name: str) -> str:
    close = difflib.get_close_matches(name, list(COMMANDS), n=1)
    return (f"Did you mean '{close[0]}'? " if close else "") + "Send 'help' for the list."


def split_command(text: str) -> tuple[str, str]:
    """'/who@briefbot 2' -> ('who', '2'); '' -> ('', '')."""
    stripped = text.strip()
    if stripped.startswith("/"):
        stripped = stripped[1:]
    head, _, rest = stripped.partition(" ")
    if "\n" in head:
        head, _, more = head.partition("\n")
        rest = f"{more} {rest}".strip()
    return head.split("@", 1)[0].lower(), rest.strip()


async def dispatch(ctx: CommandContext, text: str) -> Reply:
    """Run one command from chat text; always returns a reply."""
    name, args = split_command(text)
    if not name:
        return await cmd_help(ctx, "")
    command = _lookup(name)
    if command is None:
        return _error(f"Unknown command {name!r}. {_suggest(name)}")
    try:
        needs_admin = command.admin_only and (bool(args) or not command.open_without_args)
        if needs_admin and not await ctx.is_admin():
            return _error(
                f"Only an admin of this chat can use '{command.name}"
                + (" ...'" if command.open_without_args else "'")
                + " here."
            )
        return await command.handler(ctx, args)
    except CommandError as exc:
        return _error(str(exc))
    except Exception:
        log.exception("command %r failed in chat %s", text, ctx.chat.id)
        return _error("Sorry, that failed on our side. Please try again in a moment.")
