"""Slack OAuth: each workspace's installation, and the short-lived `state` of installs under way.

Both live in the database so that any instance of the service can finish an install another
one started, and every instance finds every workspace's token. The installation itself is
kept as slack_sdk's own dictionary (JSON); this module does not interpret it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from bot.store.base import Repository
from bot.store.models import KeyValueRow, SlackInstallationRow

EVENT_PREFIX = "slack-event:"
STATE_PREFIX = "slack_oauth_state:"


@dataclass(frozen=True, slots=True)
class StoredInstallation:
    enterprise_id: str | None
    team_id: str | None
    installation: dict[str, Any]  # slack_sdk `Installation.to_dict_for_copying()`, JSON-safe
    installed_at: datetime


def _key(value: str | None) -> str:
    return value or ""


def _to_stored(row: SlackInstallationRow) -> StoredInstallation:
    return StoredInstallation(
        enterprise_id=row.enterprise_id or None,
        team_id=row.team_id or None,
        installation=dict(row.installation),
        installed_at=row.installed_at,
    )


class SlackInstallationRepository(Repository):
    async def save(
        self,
        enterprise_id: str | None,
        team_id: str | None,
        installation: dict[str, Any],
        *,
        installed_at: datetime,
    ) -> StoredInstallation:
        """Keep the workspace's newest installation (a re-install replaces the old token)."""
        query = select(SlackInstallationRow).where(
            SlackInstallationRow.enterprise_id == _key(enterprise_id),
            SlackInstallationRow.team_id == _key(team_id),
        )
        for _ in range(2):  # a concurrent first install of the same workspace: update theirs
            async with self._sessions() as session:
                row = await session.scalar(query)
                if row is None:
                    row = SlackInstallationRow(
                        enterprise_id=_key(enterprise_id), team_id=_key(team_id)
                    )
                    session.add(row)
                row.installation = installation
                row.installed_at = installed_at
                try:
                    await session.commit()
                except IntegrityError:
                    await session.rollback()
                    continue
                return _to_stored(row)
        raise RuntimeError(f"could not save the Slack installation of {team_id or enterprise_id}")

    async def find(
        self, enterprise_id: str | None, team_id: str | None
    ) -> StoredInstallation | None:
        query = select(SlackInstallationRow).where(
            SlackInstallationRow.enterprise_id == _key(enterprise_id),
            SlackInstallationRow.team_id == _key(team_id),
        )
        async with self._sessions() as session:
            row = await session.scalar(query)
            return _to_stored(row) if row is not None else None

    async def delete(self, enterprise_id: str | None, team_id: str | None) -> bool:
        statement = delete(SlackInstallationRow).where(
            SlackInstallationRow.enterprise_id == _key(enterprise_id),
            SlackInstallationRow.team_id == _key(team_id),
        )
        async with self._sessions() as session:
            result = await session.execute(statement)
            await session.commit()
            return bool(result.rowcount)  # type: ignore[attr-defined]

    async def count(self) -> int:
        async with self._sessions() as session:
            return int(await session.scalar(select(func.count(SlackInstallationRow.id))) or 0)

    # -- OAuth state (the `kv` table) ----------------------------------------------------

    async def issue_state(self, state: str, *, now: datetime, expires_in: timedelta) -> None:
        """Remember a state handed to a browser; states issued before `now - expires_in`
        are dropped on the way, so abandoned installs don't pile up."""
        async with self._sessions() as session:
            await session.execute(
                delete(KeyValueRow).where(
                    KeyValueRow.key.startswith(STATE_PREFIX, autoescape=True),
                    KeyValueRow.updated_at < now - expires_in,
                )
            )
            session.add(KeyValueRow(key=STATE_PREFIX + state, value={}, updated_at=now))
            await session.commit()

    async def consume_state(self, state: str, *, now: datetime, expires_in: timedelta) -> bool:
        """True once for a state issued less than `expires_in` ago; a state is used at most
        once, even when two instances get the same redirect at the same moment."""
        statement = delete(KeyValueRow).where(
            KeyValueRow.key == STATE_PREFIX + state,
            KeyValueRow.updated_at >= now - expires_in,
        )
        async with self._sessions() as session:
            result = await session.execute(statement)
            await session.commit()
            return result.rowcount == 1  # type: ignore[attr-defined]

    # -- events already answered (the `kv` table) ----------------------------------------

    async def first_sight(self, keys: Sequence[str], *, now: datetime, keep: timedelta) -> bool:
        """True if none of `keys` was recorded in the last `keep`, and records them all.

        Kept in the database, so a redelivered event is answered once even after a restart
        or when another instance received the first delivery.
        """
        async with self._sessions() as session:
            await session.execute(
                delete(KeyValueRow).where(
                    KeyValueRow.key.startswith(EVENT_PREFIX, autoescape=True),
                    KeyValueRow.updated_at < now - keep,
                )
            )
            await session.commit()
            session.add_all(
                KeyValueRow(key=EVENT_PREFIX + key, value={}, updated_at=now) for key in keys
            )
            try:
                await session.commit()
            except IntegrityError:
                return False
            return True
