"""One chat's briefing: the stories new or changed since it was last briefed, filtered by its
subscriptions and keywords, ranked, capped and numbered for follow-up commands.

Filtering and ranking use the light, denormalised story columns; only the stories that make
the cut have their merged key points decoded.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from bot.config import Settings
from bot.domain import Briefing, BriefingItem, Chat, Story
from bot.replies import Block, Button, Reply
from bot.store import Store
from bot.store.stories import BriefingCandidate
from bot.stories import fingerprint, whats_new

__all__ = [
    "briefing_reply",
    "compose_briefing",
    "matches",
    "select_stories",
    "story_block",
]

_FIELD_NAMES = 6  # names shown in a field before "+N more"
_FIELD_POSITIONS = 3
_STATEMENT_CHARS = 90
_RICHNESS_CAP = 16


@lru_cache(maxsize=8192)
def _phrase(phrase: str) -> re.Pattern[str]:
    """A user's word or phrase as a literal, case-insensitive, whole-word pattern."""
    words = phrase.lower().split()
    return re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)")


def matches(phrase: str, text: str) -> bool:
    """Whether `text` (lowercase) contains the word or phrase; never a user-supplied regex."""
    return bool(phrase.strip()) and _phrase(phrase).search(text) is not None


def _score(candidate: BriefingCandidate, now: datetime) -> float:
    when = candidate.last_published_at or candidate.updated_at
    age_hours = max(0.0, (now - when).total_seconds() / 3600)
    # Corroboration by more outlets outweighs anything else; richness is capped so that one
    # long article full of names cannot outrank an event several sources report.
    return (
        3.0 * math.log2(1 + candidate.source_count)
        + 2.0 * math.exp(-age_hours / 24)
        + 0.5 * math.log2(1 + min(candidate.richness, _RICHNESS_CAP))
    )


def select_stories(
    chat: Chat, candidates: Iterable[BriefingCandidate], *, now: datetime
) -> list[tuple[BriefingCandidate, tuple[str, ...]]]:
    """Filter by the chat's keywords, rank (watched actors first), cap at its maximum.

    Returns each chosen story with the watch-list entries it matched.
    """
    chosen: list[tuple[bool, float, int, BriefingCandidate, tuple[str, ...]]] = []
    for candidate in candidates:
        text = candidate.search_text
        if chat.include_keywords and not any(matches(k, text) for k in chat.include_keywords):
            continue
        if any(matches(k, text) for k in chat.exclude_keywords):
            continue
        about = f"{candidate.actor_names}\n{candidate.title.lower()}"
        watched = tuple(w for w in chat.watch if matches(w, about))
        chosen.append((bool(watched), _score(candidate, now), candidate.id, candidate, watched))
    chosen.sort(key=lambda c: (c[0], c[1], c[2]), reverse=True)
    return [(c[3], c[4]) for c in chosen[: chat.max_stories]]


# -- presenting a story -------------------------------------------------------------------------


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def person_label(entry: dict[str, Any], *, with_role: bool = False) -> str:
    label = entry["name"]
    if with_role and entry.get("role"):
        label += f" ({entry['role']})"
    if entry.get("disputed"):
        label += " (disputed)"
    return label


def _names(entries: Sequence[dict[str, Any]]) -> str:
    shown = [person_label(e) for e in entries[:_FIELD_NAMES]]
    if len(entries) > _FIELD_NAMES:
        shown.append(f"+{len(entries) - _FIELD_NAMES} more")
    return ", ".join(shown)


def source_names(keypoints: dict[str, Any]) -> list[str]:
    names: list[str] = []
    for source in keypoints.get("sources", ()):
        for name in source.get("feeds") or [source.get("feed") or source.get("title") or "?"]:
            if name and name not in names:
                names.append(name)
    return names


def attribution(sources: Sequence[dict[str, Any]]) -> str:
    """'BBC, Reuters' for the sources behind one key point."""
    names = []
    for source in sources:
        name = source.get("feed") or source.get("title") or f"article {source['article_id']}"
        if name not in names:
            names.append(name)
    return ", ".join(names)


def story_fields(keypoints: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    attendees = keypoints.get("attendees", ())
    fields = []
    attending = [a for a in attendees if a.get("status") != "expected"]
    expected = [a for a in attendees if a.get("status") == "expected"]
    for label, entries in (
        ("Attending", attending),
        ("Expected", expected),
        ("Absent", keypoints.get("absentees", ())),
    ):
        if entries:
            fields.append((label, _names(entries)))
    positions = [p for p in keypoints.get("positions", ()) if p.get("statements")]
    if positions:
        shown = [
            f"{p['actor']['name']}: {_short(p['statements'][0]['text'], _STATEMENT_CHARS)}"
            for p in positions[:_FIELD_POSITIONS]
        ]
        if len(positions) > _FIELD_POSITIONS:
            shown.append(f"+{len(positions) - _FIELD_POSITIONS} more")
        fields.append(("Positions", "; ".join(shown)))
    return tuple(fields)


def story_links(keypoints: dict[str, Any], limit: int = 5) -> tuple[tuple[str, str], ...]:
    links = []
    for source in keypoints.get("sources", ()):
        if source.get("link"):
            label = source.get("feed") or source.get("title") or source["link"]
            links.append((label, source["link"]))
    return tuple(links[:limit])


def story_block(number: int, story: Story, item: BriefingItem | None = None) -> Block:
    keypoints = story.keypoints
    text: list[str] = []
    if item is not None and item.is_update:
        text.append(
            "Update: " + "; ".join(item.whats_new) if item.whats_new else "Update: more reporting."
        )
    if item is not None and item.watched:
        text.append("Watching: " + ", ".join(item.watched))
    text.extend(keypoints.get("summary", ())[:3])
    names = source_names(keypoints)
    return Block(
        heading=f"{number}. {story.title}",
        text=tuple(text),
        fields=story_fields(keypoints),
        links=story_links(keypoints),
        footer=("Sources: " + ", ".join(names)) if names else None,
        buttons=tuple(
            Button(label, f"{command} {number}")
            for label, command in (
                ("Who", "who"),
                ("Absent", "absent"),
                ("Positions", "positions"),
                ("Sources", "sources"),
            )
        ),
        story_number=number,
    )


def _title(chat: Chat, briefing: Briefing) -> str:
    try:
        local = briefing.created_at.astimezone(ZoneInfo(chat.timezone))
    except (ValueError, KeyError):
        local = briefing.created_at
    n = len(briefing.items)
    return f"Briefing {local:%a %d %b, %H:%M} · {n} {'story' if n == 1 else 'stories'}"


def _reply(chat: Chat, briefing: Briefing, stories: dict[int, Story]) -> Reply:
    blocks = tuple(
        story_block(item.number, stories[item.story_id], item)
        for item in briefing.items
        if item.story_id in stories
    )
    return Reply(title=_title(chat, briefing), blocks=blocks, extra={"briefing_id": briefing.id})


async def briefing_reply(store: Store, chat: Chat, briefing: Briefing) -> Reply:
    """The reply for a stored briefing, with the stories as they are now (same numbering)."""
    stories = await store.stories.get_many(i.story_id for i in briefing.items)
    return _reply(chat, briefing, stories)


async def compose_briefing(
    store: Store,
    settings: Settings,
    chat: Chat,
    *,
    now: datetime,
    slot: str,
    include_seen: bool = False,
) -> tuple[Briefing, Reply] | None:
    """Compose, record and return the chat's briefing for `slot` (e.g. "2025-05-15T08:30").

    `include_seen` also takes the stories the chat was already briefed on (`brief --all`).

    None when nothing is new. Idempotent per (chat, slot): when the slot already has a
    briefing, that briefing and its reply are returned again and nothing is recorded, so a
    caller that crashed between composing and enqueueing can safely repeat the call.
    """
    existing = await store.briefings.get_by_slot(chat.id, slot)
    if existing is not None:
        return existing, await briefing_reply(store, chat, existing)
    since = now - timedelta(seconds=settings.briefing.story_window)
    candidates = await store.stories.briefing_candidates(
        chat.id, since=since, include_seen=include_seen
    )
    picked = select_stories(chat, candidates, now=now)
    if not picked:
        return None
    stories = await store.stories.get_many(c.id for c, _ in picked)
    updates = [c.id for c, _ in picked if c.briefed_revision is not None]
    seen = await store.briefings.briefed(chat.id, updates)
    items: list[BriefingItem] = []
    for candidate, watched in picked:
        story = stories.get(candidate.id)
        if story is None:
            continue  # deleted meanwhile
        is_update = candidate.id in seen
        new = whats_new(seen[candidate.id][1], story.keypoints) if is_update else []
        items.append(
            BriefingItem(
                number=len(items) + 1,
                story_id=story.id,
                revision=story.revision,
                is_update=is_update,
                watched=watched,
                whats_new=tuple(new),
            )
        )
    if not items:
        return None
    snapshots = {i.story_id: fingerprint(stories[i.story_id].keypoints) for i in items}
    briefing = await store.briefings.record(chat.id, slot, items, snapshots, now=now)
    if briefing is None:  # another caller recorded this slot first
        existing = await store.briefings.get_by_slot(chat.id, slot)
        assert existing is not None
        return existing, await briefing_reply(store, chat, existing)
    return briefing, _reply(chat, briefing, stories)
