"""The key points of one article, as frozen dataclasses.

`KeyPoints.to_dict()` is the public JSON shape (what `briefbot extract --format json`
prints and what the store keeps); `KeyPoints.from_dict()` reads it back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

ActorKind = Literal["person", "organization", "country", "group"]
AttendanceStatus = Literal["attending", "expected"]


@dataclass(frozen=True, slots=True)
class Event:
    what: str | None = None
    where: str | None = None
    when: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {"what": self.what, "where": self.where, "when": self.when}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        return cls(what=data.get("what"), where=data.get("where"), when=data.get("when"))


@dataclass(frozen=True, slots=True)
class Actor:
    """A canonical person, organisation, country or group: the fullest name in the article."""

    name: str
    kind: ActorKind = "person"
    role: str | None = None
    affiliation: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {
            "name": self.name,
            "kind": self.kind,
            "role": self.role,
            "affiliation": self.affiliation,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Actor:
        return cls(
            name=data["name"],
            kind=data.get("kind", "person"),
            role=data.get("role"),
            affiliation=data.get("affiliation"),
        )


@dataclass(frozen=True, slots=True)
class Attendance:
    """Someone at (or expected at) an event, or absent from it; `evidence` is the sentence."""

    name: str
    role: str | None = None
    affiliation: str | None = None
    status: AttendanceStatus = "attending"
    evidence: str = ""

    def to_dict(self, *, with_status: bool = True) -> dict[str, str | None]:
        out: dict[str, str | None] = {
            "name": self.name,
            "role": self.role,
            "affiliation": self.affiliation,
        }
        if with_status:
            out["status"] = self.status
        out["evidence"] = self.evidence
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Attendance:
        return cls(
            name=data["name"],
            role=data.get("role"),
            affiliation=data.get("affiliation"),
            status=data.get("status", "attending"),
            evidence=data.get("evidence", ""),
        )


@dataclass(frozen=True, slots=True)
class Statement:
    """One stated position: `text` paraphrases or quotes it, `evidence` is the full sentence."""

    text: str
    quote: str | None = None
    verb: str | None = None
    evidence: str = ""

    def to_dict(self) -> dict[str, str | None]:
        return {
            "text": self.text,
            "quote": self.quote,
            "verb": self.verb,
            "evidence": self.evidence,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Statement:
        return cls(
            text=data["text"],
            quote=data.get("quote"),
            verb=data.get("verb"),
            evidence=data.get("evidence", ""),
        )


@dataclass(frozen=True, slots=True)
class Position:
    actor: Actor
    statements: tuple[Statement, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "actor": self.actor.to_dict(),
            "statements": [s.to_dict() for s in self.statements],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Position:
        return cls(
            actor=Actor.from_dict(data["actor"]),
            statements=tuple(Statement.from_dict(s) for s in data.get("statements", ())),
        )


@dataclass(frozen=True, slots=True)
class KeyPoints:
    title: str | None = None
    summary: tuple[str, ...] = ()
    event: Event = field(default_factory=Event)
    attendees: tuple[Attendance, ...] = ()
    absentees: tuple[Attendance, ...] = ()
    positions: tuple[Position, ...] = ()
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The public JSON shape; `url` is not part of it (the article carries its link)."""
        return {
            "title": self.title,
            "summary": list(self.summary),
            "event": self.event.to_dict(),
            "attendees": [a.to_dict() for a in self.attendees],
            "absentees": [a.to_dict(with_status=False) for a in self.absentees],
            "positions": [p.to_dict() for p in self.positions],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, url: str | None = None) -> KeyPoints:
        return cls(
            title=data.get("title"),
            summary=tuple(data.get("summary", ())),
            event=Event.from_dict(data.get("event") or {}),
            attendees=tuple(Attendance.from_dict(a) for a in data.get("attendees", ())),
            absentees=tuple(Attendance.from_dict(a) for a in data.get("absentees", ())),
            positions=tuple(Position.from_dict(p) for p in data.get("positions", ())),
            url=url,
        )
