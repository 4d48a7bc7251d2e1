"""What commands and briefings say, before any platform renders it.

Renderers (`bot/render/`) turn a `Reply` into console text, Telegram HTML or Slack blocks;
every string here is plain text that they escape, never markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Button:
    """A follow-up button; pressing it runs `command` (e.g. "who 3") in the same chat."""

    label: str
    command: str


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of a reply, typically one story; renderers never split inside a block's field."""

    heading: str | None = None
    text: tuple[str, ...] = ()  # paragraphs
    fields: tuple[tuple[str, str], ...] = ()  # (label, value), e.g. ("Absent", "Vladimir Putin")
    links: tuple[tuple[str, str], ...] = ()  # (label, url); renderers drop non-http(s) URLs
    footer: str | None = None  # small print, e.g. the sources
    buttons: tuple[Button, ...] = ()
    story_number: int | None = None


@dataclass(frozen=True, slots=True)
class Reply:
    title: str | None = None
    blocks: tuple[Block, ...] = ()
    ephemeral: bool = False  # only the caller should see it (refusals, errors) where supported
    is_error: bool = False
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. {"briefing_id": 7}

    @classmethod
    def message(cls, *paragraphs: str, is_error: bool = False, ephemeral: bool = False) -> Reply:
        return cls(blocks=(Block(text=paragraphs),), is_error=is_error, ephemeral=ephemeral)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "ephemeral": self.ephemeral,
            "is_error": self.is_error,
            "extra": self.extra,
            "blocks": [
                {
                    "heading": b.heading,
                    "text": list(b.text),
                    "fields": [list(f) for f in b.fields],
                    "links": [list(link) for link in b.links],
                    "footer": b.footer,
                    "buttons": [{"label": x.label, "command": x.command} for x in b.buttons],
                    "story_number": b.story_number,
                }
                for b in self.blocks
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Reply:
        return cls(
            title=data.get("title"),
            ephemeral=bool(data.get("ephemeral", False)),
            is_error=bool(data.get("is_error", False)),
            extra=dict(data.get("extra") or {}),
            blocks=tuple(
                Block(
                    heading=b.get("heading"),
                    text=tuple(b.get("text", ())),
                    fields=tuple((f[0], f[1]) for f in b.get("fields", ())),
                    links=tuple((x[0], x[1]) for x in b.get("links", ())),
                    footer=b.get("footer"),
                    buttons=tuple(Button(x["label"], x["command"]) for x in b.get("buttons", ())),
                    story_number=b.get("story_number"),
                )
                for b in data.get("blocks", ())
            ),
        )
