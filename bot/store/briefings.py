"""Briefings (one per chat and slot) and what each chat has been briefed on."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.domain import Briefing, BriefingItem
from bot.store.base import Repository
from bot.store.models import BriefedStoryRow, BriefingRow


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
