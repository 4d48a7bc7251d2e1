"""One chat's briefing: the stories new or changed since it was last briefed, filtered by its
subscriptions and keywords, ranked, capped and numbered for follow-up commands.

Filtering and ranking use the light, denormalised story columns; only the stories that make
the cut have their merged key points decoded. Chats briefed at the same time are composed as
one batch (`compose_briefings`): their candidates are read, ranked and matched against
keywords once for all of them, and their briefings recorded in one transaction.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.config import Settings
from bot.domain import Briefing, BriefingItem, Chat, Story
from bot.phrases import PhraseIndex, matches
from bot.replies import Block, Button, Reply
from bot.store import Store
from bot.store.briefings import BriefingRecord
from bot.store.stories import BriefingCandidate
from bot.stories import fingerprint, whats_new

__all__ = [
    "briefing_reply",
    "compose_briefing",
    "compose_briefings",
    "matches",
    "select_stories",
    "story_block",
]

_FIELD_NAMES = 6  # names shown in a field before "+N more"
_FIELD_POSITIONS = 3
_STATEMENT_CHARS = 90
_RICHNESS_CAP = 16


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


class _Ranking:
    """The stories of a batch ranked once, and indexed for every chat's keywords and watch list.

    Rank 0 is the best score (ties: the newer id); each chat then only takes set differences
    and the smallest ranks of its own candidates.
    """

    def __init__(self, candidates: Mapping[int, BriefingCandidate], now: datetime) -> None:
        self.candidates = candidates
        ordered = sorted(candidates, key=lambda i: (_score(candidates[i], now), i), reverse=True)
        self.rank = {story_id: n for n, story_id in enumerate(ordered)}
        self._keywords: PhraseIndex[int] | None = None
        self._about: PhraseIndex[int] | None = None

    def with_keyword(self, phrase: str) -> frozenset[int]:
        if self._keywords is None:
            texts = {i: c.search_text for i, c in self.candidates.items()}
            self._keywords = PhraseIndex(texts)
        return self._keywords.find(phrase)

    def about(self, phrase: str) -> frozenset[int]:
        """Stories naming the watched actor (among their actors or in the title)."""
        if self._about is None:
            texts = {i: f"{c.actor_names}\n{c.title.lower()}" for i, c in self.candidates.items()}
            self._about = PhraseIndex(texts)
        return self._about.find(phrase)

    def pick(self, chat: Chat, ids: set[int]) -> list[tuple[int, tuple[str, ...]]]:
        """Filter `ids` by the chat's keywords, rank (watched actors first), cap at its maximum.

        Returns each chosen story id with the watch-list entries it matched.
        """
        if chat.include_keywords:
            ids &= set().union(*(self.with_keyword(k) for k in chat.include_keywords))
        for keyword in chat.exclude_keywords:
            ids -= self.with_keyword(keyword)
        watch = [(name, self.about(name)) for name in chat.watch]
        watched = ids.intersection(set().union(*(found for _, found in watch)))
        cap = chat.max_stories if chat.max_stories >= 0 else max(0, len(ids) + chat.max_stories)
        rank = self.rank.__getitem__
        chosen = heapq.nsmallest(cap, watched, key=rank)
        if len(chosen) < cap:
            chosen += heapq.nsmallest(cap - len(chosen), ids - watched, key=rank)
        return [(i, tuple(name for name, found in watch if i in found)) for i in chosen]


def select_stories(
    chat: Chat, candidates: Iterable[BriefingCandidate], *, now: datetime
) -> list[tuple[BriefingCandidate, tuple[str, ...]]]:
    """Filter by the chat's keywords, rank (watched actors first), cap at its maximum.

    Returns each chosen story with the watch-list entries it matched.
    """
    by_id = {c.id: c for c in candidates}
    picked = _Ranking(by_id, now).pick(chat, set(by_id))
    return [(by_id[i], watched) for i, watched in picked]


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
    event = keypoints.get("event") or {}
    if described := " · ".join(event[k] for k in ("what", "where", "when") if event.get(k)):
        fields.append(("Event", described))
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


@dataclass(frozen=True, slots=True)
class _StoryParts:
    """What a story's block shows whatever its number: shared by every chat of a batch."""

    summary: tuple[str, ...]
    fields: tuple[tuple[str, str], ...]
    links: tuple[tuple[str, str], ...]
    footer: str | None


def _story_parts(story: Story) -> _StoryParts:
    keypoints = story.keypoints
    names = source_names(keypoints)
    return _StoryParts(
        summary=tuple(keypoints.get("summary", ())[:3]),
        fields=story_fields(keypoints),
        links=story_links(keypoints),
        footer=("Sources: " + ", ".join(names)) if names else None,
    )


def story_block(
    number: int, story: Story, item: BriefingItem | None = None, parts: _StoryParts | None = None
) -> Block:
    parts = parts or _story_parts(story)
    text: list[str] = []
    if item is not None and item.is_update:
        text.append(
            "Update: " + "; ".join(item.whats_new) if item.whats_new else "Update: more reporting."
        )
    if item is not None and item.watched:
        text.append("Watching: " + ", ".join(item.watched))
    text.extend(parts.summary)
    return Block(
        heading=f"{number}. {story.title}",
        text=tuple(text),
        fields=parts.fields,
        links=parts.links,
        footer=parts.footer,
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


def _reply(
    chat: Chat,
    briefing: Briefing,
    stories: dict[int, Story],
    parts: dict[int, _StoryParts] | None = None,
) -> Reply:
    parts = {} if parts is None else parts
    blocks = []
    for item in briefing.items:
        story = stories.get(item.story_id)
        if story is None:
            continue
        if story.id not in parts:
            parts[story.id] = _story_parts(story)
        blocks.append(story_block(item.number, story, item, parts[story.id]))
    return Reply(
        title=_title(chat, briefing), blocks=tuple(blocks), extra={"briefing_id": briefing.id}
    )


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
    (result,) = await compose_briefings(
        store, settings, [(chat, slot)], now=now, include_seen=include_seen
    )
    return result


async def compose_briefings(
    store: Store,
    settings: Settings,
    requests: Sequence[tuple[Chat, str]],
    *,
    now: datetime,
    include_seen: bool = False,
) -> list[tuple[Briefing, Reply] | None]:
    """`compose_briefing` for many (chat, slot) pairs, in order, with the same results.

    Chats due at the same time share the reading of their candidate stories, the ranking, the
    stories chosen, and one transaction recording them all.
    """
    results: list[tuple[Briefing, Reply] | None] = [None] * len(requests)
    pending = list(enumerate(requests))
    while pending:
        # A chat asked for twice is composed in a later round: it must see the first briefing.
        batch: dict[int, tuple[int, Chat, str]] = {}
        later = []
        for n, (chat, slot) in pending:
            if chat.id in batch:
                later.append((n, (chat, slot)))
            else:
                batch[chat.id] = (n, chat, slot)
        composed = await _compose_batch(
            store, settings, list(batch.values()), now=now, include_seen=include_seen
        )
        for n, result in composed.items():
            results[n] = result
        pending = later
    return results


async def _compose_batch(
    store: Store,
    settings: Settings,
    requests: Sequence[tuple[int, Chat, str]],
    *,
    now: datetime,
    include_seen: bool,
) -> dict[int, tuple[Briefing, Reply] | None]:
    """Compose for distinct chats; keys are the callers' request numbers."""
    results: dict[int, tuple[Briefing, Reply] | None] = {}
    existing = await store.briefings.by_slots([(chat.id, slot) for _, chat, slot in requests])
    todo = []
    for n, chat, slot in requests:
        if (found := existing.get((chat.id, slot))) is not None:
            results[n] = found, await briefing_reply(store, chat, found)
        else:
            todo.append((n, chat, slot))
    if not todo:
        return results
    since = now - timedelta(seconds=settings.briefing.story_window)
    pool = await store.stories.candidate_pool([chat.id for _, chat, _ in todo], since=since)
    ranking = _Ranking(pool.stories, now)
    picks = {
        chat.id: ranking.pick(chat, pool.candidate_ids(chat.id, include_seen=include_seen))
        for _, chat, _ in todo
    }
    stories = await store.stories.get_many({i for picked in picks.values() for i, _ in picked})
    # Stories the chat was briefed on before (at an older revision, or any with include_seen).
    updates = {
        chat_id: [i for i, _ in picked if i in pool.briefed.get(chat_id, {})]
        for chat_id, picked in picks.items()
    }
    seen = await store.briefings.briefed_many(updates)
    fingerprints: dict[int, dict[str, Any]] = {}
    records: list[BriefingRecord] = []
    composing: list[tuple[int, Chat, str]] = []
    for n, chat, slot in todo:
        items: list[BriefingItem] = []
        before = seen.get(chat.id, {})
        for story_id, watched in picks[chat.id]:
            story = stories.get(story_id)
            if story is None:
                continue  # deleted meanwhile
            is_update = story_id in before
            new = whats_new(before[story_id][1], story.keypoints) if is_update else []
            items.append(
                BriefingItem(
                    number=len(items) + 1,
                    story_id=story_id,
                    revision=story.revision,
                    is_update=is_update,
                    watched=watched,
                    whats_new=tuple(new),
                )
            )
        if not items:
            results[n] = None
            continue
        for item in items:
            if item.story_id not in fingerprints:
                fingerprints[item.story_id] = fingerprint(stories[item.story_id].keypoints)
        snapshots = {i.story_id: fingerprints[i.story_id] for i in items}
        records.append(BriefingRecord(chat.id, slot, tuple(items), snapshots))
        composing.append((n, chat, slot))
    recorded = await store.briefings.record_many(records, now=now)
    parts: dict[int, _StoryParts] = {}
    for (n, chat, slot), briefing in zip(composing, recorded, strict=True):
        if briefing is None:  # another caller recorded this slot first
            found = await store.briefings.get_by_slot(chat.id, slot)
            assert found is not None
            results[n] = found, await briefing_reply(store, chat, found)
        else:
            results[n] = briefing, _reply(chat, briefing, stories, parts)
    return results
