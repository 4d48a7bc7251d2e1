"""Briefings (one per chat and slot) and what each chat has been briefed on."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from bot.domain import Briefing, BriefingItem
from bot.store.base import Repository
from bot.store.models import BriefedStoryRow, BriefingRow

_CHATS_PER_QUERY = 500  # bound parameters per IN list stay far below every backend's limit


@dataclass(frozen=True, slots=True)
class BriefingRecord:
    """One briefing to record: its items, and the key-point snapshot of each story."""

    chat_id: int
    slot: str
    items: tuple[BriefingItem, ...]
    snapshots: dict[int, dict[str, Any]]


def _chunks(values: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(values), _CHATS_PER_QUERY):
        yield values[start : start + _CHATS_PER_QUERY]


def _item_to_json(item: BriefingItem) -> dict[str, Any]:
    return {
        "number": item.number,
        "story_id": item.story_id,
        "revision": item.revision,
        "is_update": item.is_update,
        "watched": list(item.watched),
        "whats_new": list(item.whats_new),
    }


def _item_from_json(data: dict[str, Any]) -> BriefingItem:
    return BriefingItem(
        number=int(data["number"]),
        story_id=int(data["story_id"]),
        revision=int(data["revision"]),
        is_update=bool(data.get("is_update", False)),
        watched=tuple(data.get("watched", ())),
        whats_new=tuple(data.get("whats_new", ())),
    )


def to_briefing(row: BriefingRow) -> Briefing:
    return Briefing(
        id=row.id,
        chat_id=row.chat_id,
        slot=row.slot,
        created_at=row.created_at,
        items=tuple(_item_from_json(i) for i in row.items or ()),
    )


class BriefingRepository(Repository):
    async def get(self, briefing_id: int) -> Briefing | None:
        async with self._sessions() as session:
            row = await session.get(BriefingRow, briefing_id)
            return None if row is None else to_briefing(row)

    async def get_by_slot(self, chat_id: int, slot: str) -> Briefing | None:
        query = select(BriefingRow).where(BriefingRow.chat_id == chat_id, BriefingRow.slot == slot)
        async with self._sessions() as session:
            row = await session.scalar(query)
            return None if row is None else to_briefing(row)

    async def by_slots(self, keys: Iterable[tuple[int, str]]) -> dict[tuple[int, str], Briefing]:
        """The briefings that exist among these (chat id, slot) pairs."""
        wanted = set(keys)
        chats = sorted({chat_id for chat_id, _ in wanted})
        slots = sorted({slot for _, slot in wanted})
        found: dict[tuple[int, str], Briefing] = {}
        async with self._sessions() as session:
            for chunk in _chunks(chats):
                query = select(BriefingRow).where(
                    BriefingRow.chat_id.in_(chunk), BriefingRow.slot.in_(slots)
                )
                for row in await session.scalars(query):
                    if (row.chat_id, row.slot) in wanted:
                        found[row.chat_id, row.slot] = to_briefing(row)
        return found

    async def latest(self, chat_id: int) -> Briefing | None:
        """The chat's most recent briefing: the one that follow-up numbers refer to."""
        query = (
            select(BriefingRow)
            .where(BriefingRow.chat_id == chat_id)
            .order_by(BriefingRow.created_at.desc(), BriefingRow.id.desc())
            .limit(1)
        )
        async with self._sessions() as session:
            row = await session.scalar(query)
            return None if row is None else to_briefing(row)

    async def briefed(
        self, chat_id: int, story_ids: Iterable[int]
    ) -> dict[int, tuple[int, dict[str, Any]]]:
        """story id -> (revision, key-point snapshot) the chat was last briefed on."""
        ids = list(story_ids)
        if not ids:
            return {}
        query = select(BriefedStoryRow).where(
            BriefedStoryRow.chat_id == chat_id, BriefedStoryRow.story_id.in_(ids)
        )
        async with self._sessions() as session:
            return {
                r.story_id: (r.revision, r.keypoints or {}) for r in await session.scalars(query)
            }

    async def briefed_many(
        self, story_ids: Mapping[int, Iterable[int]]
    ) -> dict[int, dict[int, tuple[int, dict[str, Any]]]]:
        """`briefed` for many chats: chat id -> story id -> (revision, snapshot)."""
        wanted = {chat_id: set(ids) for chat_id, ids in story_ids.items() if ids}
        found: dict[int, dict[int, tuple[int, dict[str, Any]]]] = {}
        stories = sorted(set().union(*wanted.values()))
        async with self._sessions() as session:
            for chats in _chunks(sorted(wanted)):
                for some in _chunks(stories):
                    query = select(BriefedStoryRow).where(
                        BriefedStoryRow.chat_id.in_(chats), BriefedStoryRow.story_id.in_(some)
                    )
                    for r in await session.scalars(query):
                        if r.story_id in wanted[r.chat_id]:
                            found.setdefault(r.chat_id, {})[r.story_id] = (
                                r.revision,
                                r.keypoints or {},
                            )
        return found

    async def record_many(
        self, records: Sequence[BriefingRecord], *, now: datetime
    ) -> list[Briefing | None]:
        """`record` for many briefings, in one transaction when none of them collides.

        If one does (a slot or story recorded by another caller meanwhile), nothing of the
        batch is kept and each briefing is recorded on its own, as `record` would.
        """
        if len(records) > 1:
            try:
                return await self._record_together(records, now=now)
            except IntegrityError:
                pass
        return [
            await self.record(r.chat_id, r.slot, r.items, r.snapshots, now=now) for r in records
        ]

    async def _record_together(
        self, records: Sequence[BriefingRecord], *, now: datetime
    ) -> list[Briefing | None]:
        async with self._sessions() as session:
            values = [
                {
                    "chat_id": r.chat_id,
                    "slot": r.slot,
                    "items": [_item_to_json(i) for i in r.items],
                    "created_at": now,
                }
                for r in records
            ]
            # One multi-row INSERT ... RETURNING, not one unit-of-work object per briefing.
            inserted = await session.execute(
                insert(BriefingRow).returning(BriefingRow.id, sort_by_parameter_order=True),
                values,
            )
            briefings: list[Briefing | None] = [
                Briefing(
                    id=briefing_id,
                    chat_id=v["chat_id"],
                    slot=v["slot"],
                    created_at=now,
                    items=tuple(_item_from_json(i) for i in v["items"]),
                )
                for briefing_id, v in zip(inserted.scalars(), values, strict=True)
            ]
            wanted = {r.chat_id: {i.story_id for i in r.items} for r in records}
            stories = sorted(set().union(*wanted.values()))
            known: dict[tuple[int, int], int] = {}
            for chats in _chunks(sorted(wanted)):
                for some in _chunks(stories):
                    query = select(
                        BriefedStoryRow.chat_id, BriefedStoryRow.story_id, BriefedStoryRow.revision
                    ).where(BriefedStoryRow.chat_id.in_(chats), BriefedStoryRow.story_id.in_(some))
                    for chat_id, story_id, revision in (await session.execute(query)).all():
                        known[chat_id, story_id] = revision
            fresh: list[dict[str, Any]] = []
            seen: list[dict[str, Any]] = []
            for r in records:
                for item in r.items:
                    values = {
                        "chat_id": r.chat_id,
                        "story_id": item.story_id,
                        "revision": item.revision,
                        "keypoints": r.snapshots.get(item.story_id, {}),
                    }
                    if (r.chat_id, item.story_id) in known:
                        values["revision"] = max(known[r.chat_id, item.story_id], item.revision)
                        seen.append(values)
                    else:
                        fresh.append(values)
            if fresh:
                await session.execute(insert(BriefedStoryRow), fresh)
            if seen:
                await session.execute(update(BriefedStoryRow), seen)  # by primary key
            await session.commit()
            return briefings

    async def record(
        self,
        chat_id: int,
        slot: str,
        items: Sequence[BriefingItem],
        snapshots: dict[int, dict[str, Any]],
        *,
        now: datetime,
    ) -> Briefing | None:
        """Store the briefing and mark its stories briefed, atomically.

        Returns None when the chat already has a briefing for this slot.
        """
        for _attempt in range(3):
            async with self._sessions() as session:
                row = BriefingRow(
                    chat_id=chat_id,
                    slot=slot,
                    items=[_item_to_json(i) for i in items],
                    created_at=now,
                )
                session.add(row)
                try:
                    await session.flush()
                except IntegrityError:
                    return None
                rows = await session.scalars(
                    select(BriefedStoryRow).where(
                        BriefedStoryRow.chat_id == chat_id,
                        BriefedStoryRow.story_id.in_([i.story_id for i in items]),
                    )
                )
                known = {r.story_id: r for r in rows}
                for item in items:
                    seen = known.get(item.story_id)
                    snapshot = snapshots.get(item.story_id, {})
                    if seen is None:
                        session.add(
                            BriefedStoryRow(
                                chat_id=chat_id,
                                story_id=item.story_id,
                                revision=item.revision,
                                keypoints=snapshot,
                            )
                        )
                    else:
                        seen.revision = max(seen.revision, item.revision)
                        seen.keypoints = snapshot
                try:
                    await session.commit()
                except IntegrityError:
                    # Another briefing for this chat marked the same story at the same moment.
                    await session.rollback()
                    if await self.get_by_slot(chat_id, slot) is not None:
                        return None
                    continue
                return to_briefing(row)
        raise RuntimeError(f"could not record briefing {slot!r} for chat {chat_id}")
