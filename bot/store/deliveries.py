"""The outbox: one row per (chat, briefing slot), written before anything is sent.

Every state change is one short transaction whose WHERE clause re-checks the state it expects
(compare-and-set), so two workers or two instances never both own a row or a slot:

    composing --attach--> pending --claim--> (claimed_until set) --mark_sent--> sent
        |                    ^                     |--retry_later--> pending (next_attempt_at)
        '--discard (nothing  '---------------------|--mark_failed--> failed
           new to say)                             '--chat_gone----> paused (chat paused too)

A claim whose lease (`claimed_until`) ran out without an outcome means its worker died
somewhere around the platform call: `claim` hands such rows back flagged `uncertain`, so the
caller can ask the platform whether the message went out before sending it again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.domain import Chat
from bot.store.base import NotFound, Repository
from bot.store.chats import to_chat
from bot.store.models import ChatRow, DeliveryRow

COMPOSING = "composing"


@dataclass(frozen=True, slots=True)
class Delivery:
    id: int
    key: str
    chat: Chat
    briefing_id: int | None
    payload: dict[str, Any]
    status: str
    attempts: int
    next_attempt_at: datetime | None
    claimed_until: datetime | None
    last_error: str | None
    message_ids: tuple[str, ...]
    created_at: datetime
    sent_at: datetime | None
    uncertain: bool = False  # a previous claim expired with no recorded outcome


@dataclass(frozen=True, slots=True)
class OutboxStats:
    pending: int
    oldest_pending_at: datetime | None
    failed: int


def _to_delivery(row: DeliveryRow, chat: Chat, *, uncertain: bool = False) -> Delivery:
    return Delivery(
        id=row.id,
        key=row.idempotency_key,
        chat=chat,
        briefing_id=row.briefing_id,
        payload=dict(row.payload or {}),
        status=row.status,
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at,
        claimed_until=row.claimed_until,
        last_error=row.last_error,
        message_ids=tuple(str(m) for m in row.message_ids or ()),
        created_at=row.created_at,
        sent_at=row.sent_at,
        uncertain=uncertain,
    )


class DeliveryRepository(Repository):
    # -- briefing slots ------------------------------------------------------------------

    async def due_chats(
        self, now: datetime, *, platforms: Iterable[str], limit: int = 500
    ) -> list[Chat]:
        """Unpaused chats on these platforms whose briefing time has come, earliest first."""
        query = (
            select(ChatRow)
            .where(
                ChatRow.next_briefing_at <= now,
                ChatRow.paused.is_(False),
                ChatRow.platform.in_(tuple(platforms)),
            )
            .order_by(ChatRow.next_briefing_at, ChatRow.id)
            .limit(limit)
        )
        async with self._sessions() as session:
            return [to_chat(r) for r in await session.scalars(query)]

    async def unscheduled_chats(self, *, platforms: Iterable[str]) -> list[Chat]:
        """Unpaused chats with no next briefing time yet (new chats, or `off` schedules)."""
        query = (
            select(ChatRow)
            .where(
                ChatRow.next_briefing_at.is_(None),
                ChatRow.paused.is_(False),
                ChatRow.platform.in_(tuple(platforms)),
            )
            .order_by(ChatRow.id)
        )
        async with self._sessions() as session:
            return [to_chat(r) for r in await session.scalars(query)]

    async def claim_slot(
        self,
        chat: Chat,
        *,
        advance_to: datetime | None,
        key: str | None,
        slot: str | None,
        lease_until: datetime,
    ) -> tuple[bool, int | None]:
        """Move the chat's `next_briefing_at` from what `chat` says to `advance_to`, atomically.

        The chat's schedule and timezone are compared too: if an admin changed them since
        `chat` was read, the claim fails and the next tick works from the new settings.

        With a `key`, the same transaction writes a `composing` outbox row for the slot, so a
        crash between claiming and composing leaves a row that `stale_compositions` finds.
        Returns (claimed, delivery id); the id is None when no key was given or that slot
        already has a row (it was claimed before: never a second briefing for one slot).
        """
        expected = chat.next_briefing_at
        current = (
            ChatRow.next_briefing_at.is_(None)
            if expected is None
            else ChatRow.next_briefing_at == expected
        )
        advance = (
            update(ChatRow)
            .where(
                ChatRow.id == chat.id,
                current,
                ChatRow.schedule == chat.schedule,
                ChatRow.timezone == chat.timezone,
                ChatRow.paused.is_(False),
            )
            .values(next_briefing_at=advance_to)
        )
        async with self._sessions() as session:
            result: Any = await session.execute(advance)
            if result.rowcount != 1:
                await session.rollback()
                return False, None
            delivery_id: int | None = None
            if key is not None:
                delivery_id = await self._insert_if_absent(
                    session,
                    DeliveryRow(
                        idempotency_key=key,
                        chat_id=chat.id,
                        payload={"slot": slot},
                        status=COMPOSING,
                        claimed_until=lease_until,
                    ),
                )
            await session.commit()
            return True, delivery_id

    async def stale_compositions(self, now: datetime, lease_until: datetime) -> list[Delivery]:
        """Claim `composing` rows whose composer died (lease expired) so they are redone."""
        claimed = (
            update(DeliveryRow)
            .where(DeliveryRow.status == COMPOSING, DeliveryRow.claimed_until < now)
            .values(claimed_until=lease_until)
            .returning(DeliveryRow.id)
        )
        async with self._sessions() as session:
            ids = list((await session.execute(claimed)).scalars())
            await session.commit()
        return await self._load(ids)

    async def attach(
        self, delivery_id: int, briefing_id: int | None, payload: dict[str, Any]
    ) -> None:
        """The composed briefing for a `composing` row: it is now ready to send."""
        query = (
            update(DeliveryRow)
            .where(DeliveryRow.id == delivery_id, DeliveryRow.status == COMPOSING)
            .values(
                briefing_id=briefing_id,
                payload=payload,
                status="pending",
                claimed_until=None,
                next_attempt_at=None,
            )
        )
        async with self._sessions() as session:
            await session.execute(query)
            await session.commit()

    async def compose_failed(self, delivery_id: int, error: str, retry_at: datetime) -> int:
        """Composing raised: keep the row claimed until `retry_at`; returns attempts so far."""
        await self._set(
            delivery_id,
            attempts=DeliveryRow.attempts + 1,
            claimed_until=retry_at,
            last_error=error[:2000],
        )
        return (await self.get(delivery_id)).attempts

    async def discard(self, delivery_id: int) -> None:
        """Nothing new to say for this slot: drop the `composing` row."""
        query = delete(DeliveryRow).where(
            DeliveryRow.id == delivery_id, DeliveryRow.status == COMPOSING
        )
        async with self._sessions() as session:
            await session.execute(query)
            await session.commit()

    # -- the outbox ----------------------------------------------------------------------

    async def enqueue(
        self, key: str, chat_id: int, briefing_id: int | None, payload: dict[str, Any]
    ) -> int:
        """Insert a pending row for `key` unless one exists; returns the row's id either way.

        A `composing` row for the key (the scheduler's claim) gets this payload attached.
        """
        async with self._sessions() as session:
            row = DeliveryRow(
                idempotency_key=key,
                chat_id=chat_id,
                briefing_id=briefing_id,
                payload=payload,
                status="pending",
            )
            inserted = await self._insert_if_absent(session, row)
            await session.commit()
            if inserted is not None:
                return inserted
            existing = await session.scalar(
                select(DeliveryRow).where(DeliveryRow.idempotency_key == key)
            )
            assert existing is not None
            if existing.status == COMPOSING:
                await self.attach(existing.id, briefing_id, payload)
            return existing.id

    async def claim(
        self,
        now: datetime,
        lease_until: datetime,
        *,
        platforms: Iterable[str],
        limit: int = 100,
    ) -> list[Delivery]:
        """Claim due pending rows of unpaused chats on the given platforms until `lease_until`.

        One UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED) per kind of row, so
        concurrent workers (and instances, on PostgreSQL) never claim the same row. Rows whose
        previous lease expired come back with `uncertain=True`. Only each chat's oldest open
        row is eligible, so one chat's deliveries go out one at a time and in order.
        """
        platforms = tuple(platforms)
        if not platforms or limit <= 0:
            return []
        earlier = aliased(DeliveryRow)
        due = and_(
            DeliveryRow.status == "pending",
            or_(DeliveryRow.next_attempt_at.is_(None), DeliveryRow.next_attempt_at <= now),
            ChatRow.paused.is_(False),
            ChatRow.platform.in_(platforms),
            # One row per chat at a time, oldest first: briefings never overtake each other,
            # and a chat the platform refuses (ChatGone) gets no second send in parallel.
            ~exists().where(
                earlier.chat_id == DeliveryRow.chat_id,
                earlier.status == "pending",
                earlier.id < DeliveryRow.id,
            ),
        )
        claimed: list[tuple[int, bool]] = []
        async with self._sessions() as session:
            for uncertain, free in (
                (True, DeliveryRow.claimed_until < now),
                (False, DeliveryRow.claimed_until.is_(None)),
            ):
                room = limit - len(claimed)
                if room <= 0:
                    break
                candidates = (
                    select(DeliveryRow.id)
                    .join(ChatRow, ChatRow.id == DeliveryRow.chat_id)
                    .where(due, free)
                    .order_by(DeliveryRow.id)
                    .limit(room)
                    .with_for_update(of=DeliveryRow, skip_locked=True)
                    .scalar_subquery()
                )
                statement = (
                    update(DeliveryRow)
                    .where(DeliveryRow.id.in_(candidates), free)
                    .values(claimed_until=lease_until)
                    .returning(DeliveryRow.id)
                )
                ids = (await session.execute(statement)).scalars()
                claimed.extend((i, uncertain) for i in ids)
                # Commit each kind on its own: short transactions keep SQLite writers moving.
                await session.commit()
        flags = dict(claimed)
        loaded = await self._load([i for i, _ in claimed])
        return [_with_flag(d, flags[d.id]) for d in loaded]

    async def mark_sent(self, delivery_id: int, message_ids: Sequence[str], now: datetime) -> None:
        await self._set(
            delivery_id,
            status="sent",
            message_ids=[str(m) for m in message_ids],
            sent_at=now,
            claimed_until=None,
            last_error=None,
        )

    async def retry_later(
        self, delivery_id: int, at: datetime, error: str, *, count_attempt: bool = True
    ) -> None:
        """Release the claim and try again at `at`; a platform's own "wait" is not an attempt."""
        values: dict[str, Any] = {
            "next_attempt_at": at,
            "claimed_until": None,
            "last_error": error[:2000],
        }
        if count_attempt:
            values["attempts"] = DeliveryRow.attempts + 1
        await self._set(delivery_id, **values)

    async def mark_failed(self, delivery_id: int, error: str) -> None:
        await self._set(
            delivery_id,
            status="failed",
            attempts=DeliveryRow.attempts + 1,
            claimed_until=None,
            last_error=error[:2000],
        )

    async def chat_gone(self, delivery_id: int, reason: str) -> None:
        """The bot was blocked or removed: pause the chat and park all of its open rows."""
        async with self._sessions() as session:
            row = await session.get(DeliveryRow, delivery_id)
            if row is None:
                raise NotFound(f"no delivery with id {delivery_id}")
            await session.execute(
                update(ChatRow)
                .where(ChatRow.id == row.chat_id)
                .values(paused=True, paused_reason=reason[:2000])
            )
            await session.execute(
                update(DeliveryRow)
                .where(
                    DeliveryRow.chat_id == row.chat_id,
                    DeliveryRow.status.in_(("pending", COMPOSING)),
                )
                .values(status="paused", claimed_until=None, last_error=reason[:2000])
            )
            await session.commit()

    async def chat_moved(self, chat_id: int, new_platform_chat_id: str) -> Chat:
        """Point the chat at its new platform id (Telegram group -> supergroup)."""
        async with self._sessions() as session:
            row = await session.get(ChatRow, chat_id)
            if row is None:
                raise NotFound(f"no chat with id {chat_id}")
            row.platform_chat_id = new_platform_chat_id
            try:
                await session.commit()
            except IntegrityError as exc:
                # The new id already has its own chat row (it talked to the bot first).
                raise ValueError(
                    f"chat {chat_id} moved to {new_platform_chat_id}, which is another chat"
                ) from exc
            return to_chat(row)

    # -- reading -------------------------------------------------------------------------

    async def get(self, delivery_id: int) -> Delivery:
        found = await self._load([delivery_id])
        if not found:
            raise NotFound(f"no delivery with id {delivery_id}")
        return found[0]

    async def by_key(self, key: str) -> Delivery | None:
        async with self._sessions() as session:
            found = await session.scalar(
                select(DeliveryRow.id).where(DeliveryRow.idempotency_key == key)
            )
        return None if found is None else await self.get(found)

    async def list(
        self, *, chat_id: int | None = None, status: str | None = None
    ) -> list[Delivery]:
        query = select(DeliveryRow.id).order_by(DeliveryRow.id)
        if chat_id is not None:
            query = query.where(DeliveryRow.chat_id == chat_id)
        if status is not None:
            query = query.where(DeliveryRow.status == status)
        async with self._sessions() as session:
            ids = list(await session.scalars(query))
        return await self._load(ids)

    async def stats(self) -> OutboxStats:
        """For /healthz and the metrics: also proves the database answers."""
        query = select(
            func.count().filter(DeliveryRow.status == "pending"),
            func.min(DeliveryRow.created_at).filter(DeliveryRow.status == "pending"),
            func.count().filter(DeliveryRow.status == "failed"),
        )
        async with self._sessions() as session:
            pending, oldest, failed = (await session.execute(query)).one()
        return OutboxStats(
            pending=int(pending or 0), oldest_pending_at=oldest, failed=int(failed or 0)
        )

    # -- helpers -------------------------------------------------------------------------

    async def _insert_if_absent(self, session: AsyncSession, row: DeliveryRow) -> int | None:
        """Insert in a savepoint; None if the idempotency key is taken."""
        try:
            async with session.begin_nested():
                session.add(row)
                await session.flush()
        except IntegrityError:
            return None
        return row.id

    async def _set(self, delivery_id: int, **values: Any) -> None:
        async with self._sessions() as session:
            await session.execute(
                update(DeliveryRow).where(DeliveryRow.id == delivery_id).values(**values)
            )
            await session.commit()

    async def _load(self, ids: Sequence[int]) -> list[Delivery]:
        if not ids:
            return []
        query = (
            select(DeliveryRow, ChatRow)
            .join(ChatRow, ChatRow.id == DeliveryRow.chat_id)
            .where(DeliveryRow.id.in_(list(ids)))
            .order_by(DeliveryRow.id)
        )
        async with self._sessions() as session:
            rows = (await session.execute(query)).all()
        return [_to_delivery(d, to_chat(c)) for d, c in rows]


def _with_flag(delivery: Delivery, uncertain: bool) -> Delivery:
    return delivery if delivery.uncertain == uncertain else replace(delivery, uncertain=uncertain)
