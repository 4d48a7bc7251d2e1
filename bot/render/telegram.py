"""A `Reply` as Telegram messages: HTML parse mode, at most 4,096 characters each.

Everything from a reply is plain text, escaped here; the only markup is ours (<b>, <i>,
<a href>), so feed text can never break a message or inject a link. Links are kept only
for http(s) URLs. A reply longer than one message is split between blocks (stories) first,
then between paragraphs, and a single over-long paragraph between words; a split never falls
inside a tag or an entity because the text is cut *before* it is escaped and every piece is
wrapped in its own complete tags. Each story's buttons ride on the message where the story
starts, one keyboard row per story.

This module knows Telegram's limits but not python-telegram-bot: the adapter turns
`TelegramMessage` into API calls.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bot.replies import Block, Button, Reply

__all__ = [
    "MAX_CALLBACK_BYTES",
    "MAX_MESSAGE_LENGTH",
    "InlineButton",
    "TelegramMessage",
    "render_telegram",
    "safe_url",
    "visible_length",
]

MAX_MESSAGE_LENGTH = 4096  # characters after entity parsing, in UTF-16 code units
MAX_CALLBACK_BYTES = 64
MAX_BUTTONS_PER_MESSAGE = 100
_LINK_SEPARATOR = " · "
_WORD = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True, slots=True)
class InlineButton:
    label: str
    callback_data: str  # a command such as "who 3", run in the chat when pressed


@dataclass(frozen=True, slots=True)
class TelegramMessage:
    html: str
    keyboard: tuple[tuple[InlineButton, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class _Span:
    """Plain text and the (complete) markup around it."""

    text: str
    open: str = ""
    close: str = ""

    def html(self) -> str:
        return f"{self.open}{html.escape(self.text, quote=False)}{self.close}"


_Line = tuple[_Span, ...]


@dataclass(slots=True)
class _Unit:
    lines: list[_Line]
    buttons: tuple[InlineButton, ...] = ()
    story_number: int | None = None


@dataclass(slots=True)
class _Draft:
    parts: list[str] = field(default_factory=list)
    length: int = 0
    rows: list[tuple[tuple[InlineButton, ...], int | None]] = field(default_factory=list)

    def add(self, separator: str, line: _Line) -> None:
        if self.parts:
            self.parts.append(separator)
            self.length += visible_length(separator)
        self.parts.append("".join(span.html() for span in line))
        self.length += _line_length(line)

    def message(self) -> TelegramMessage:
        numbered = len(self.rows) > 1
        keyboard: list[tuple[InlineButton, ...]] = []
        budget = MAX_BUTTONS_PER_MESSAGE
        for buttons, number in self.rows:
            row = tuple(
                InlineButton(f"{number} · {b.label}", b.callback_data)
                if numbered and number is not None
                else b
                for b in buttons[:budget]
            )
            budget -= len(row)
            if row:
                keyboard.append(row)
        return TelegramMessage("".join(self.parts), tuple(keyboard))


def visible_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def safe_url(url: str) -> str | None:
    """The URL if it is an absolute http(s) URL without spaces or control characters."""
    candidate = url.strip()
    if not candidate or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in candidate):
        return None
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return candidate


def render_telegram(reply: Reply, *, limit: int = MAX_MESSAGE_LENGTH) -> list[TelegramMessage]:
    """The reply as one or more messages, in order; never an empty list."""
    units = list(_units(reply))
    if not units:
        units = [_Unit([(_Span("(nothing to show)", "<i>", "</i>"),)])]
    drafts: list[_Draft] = [_Draft()]
    for unit in units:
        _pack(unit, drafts, limit)
    return [draft.message() for draft in drafts if draft.parts]


def _units(reply: Reply) -> Iterator[_Unit]:
    if reply.title and reply.title.strip():
        prefix = "⚠️ " if reply.is_error else ""
        yield _Unit([(_Span(prefix + _clean(reply.title), "<b>", "</b>"),)])
    for block in reply.blocks:
        unit = _block_unit(block)
        if unit.lines:
            yield unit


def _block_unit(block: Block) -> _Unit:
    lines: list[_Line] = []
    if block.heading and block.heading.strip():
        lines.append((_Span(_clean(block.heading), "<b>", "</b>"),))
    lines.extend((_Span(text.strip()),) for text in block.text if text.strip())
    for label, value in block.fields:
        if value.strip():
            lines.append((_Span(f"{_clean(label)}: ", "<b>", "</b>"), _Span(value.strip())))
    links: list[_Span] = []
    for label, url in block.links:
        name = _clean(label) or url.strip()
        if not name:
            continue
        if links:
            links.append(_Span(_LINK_SEPARATOR))
        target = safe_url(url)
        if target is None:
            links.append(_Span(name))  # not http(s): the label stays, the link does not
        else:
            links.append(_Span(name, f'<a href="{html.escape(target, quote=True)}">', "</a>"))
    if links:
        lines.append(tuple(links))
    if block.footer and block.footer.strip():
        lines.append((_Span(block.footer.strip(), "<i>", "</i>"),))
    return _Unit(lines, _buttons(block.buttons), block.story_number)


def _buttons(buttons: tuple[Button, ...]) -> tuple[InlineButton, ...]:
    # Telegram refuses callback data over 64 bytes: such a button could never work.
    return tuple(
        InlineButton(_clean(b.label) or b.command, b.command)
        for b in buttons
        if b.command.strip() and len(b.command.encode()) <= MAX_CALLBACK_BYTES
    )


def _pack(unit: _Unit, drafts: list[_Draft], limit: int) -> None:
    """Add a unit to the drafts: whole if it fits, else starting a new message, else in pieces."""
    current = drafts[-1]
    whole = _unit_length(unit)
    gap = 2 if current.parts else 0
    if current.length + gap + whole > limit and current.parts:
        current = _Draft()
        drafts.append(current)
    if unit.buttons:
        current.rows.append((unit.buttons, unit.story_number))
    separator = "\n\n"
    for line in unit.lines:
        for piece in _split_line(line, limit):
            if not _line_length(piece):
                continue
            needed = _line_length(piece) + (visible_length(separator) if current.parts else 0)
            if current.length + needed > limit:
                current = _Draft()
                drafts.append(current)
            current.add(separator, piece)
            separator = "\n"


def _split_line(line: _Line, limit: int) -> list[_Line]:
    """A paragraph as pieces of at most `limit`, cut between words (or, for a monster word,
    between characters); each piece keeps its spans' complete markup."""
    if _line_length(line) <= limit:
        return [line]
    pieces: list[_Line] = []
    current: list[_Span] = []
    length = 0
    for span in line:
        for chunk in _chunks(span.text, limit):
            size = visible_length(chunk)
            if length + size > limit and current:
                pieces.append(_strip_end(current))
                current, length = [], 0
                chunk = chunk.lstrip()
                size = visible_length(chunk)
            if not chunk:
                continue
            if current and current[-1].open == span.open:
                last = current.pop()
                current.append(_Span(last.text + chunk, span.open, span.close))
            else:
                current.append(_Span(chunk, span.open, span.close))
            length += size
    if current:
        pieces.append(_strip_end(current))
    return pieces


def _chunks(text: str, limit: int) -> Iterator[str]:
    """Words with their trailing space; a word longer than `limit` in limit-sized slices."""
    for word in _WORD.findall(text):
        if visible_length(word) <= limit:
            yield word
            continue
        piece = ""
        for char in word:  # by code point, so a surrogate pair is never cut
            if visible_length(piece + char) > limit:
                yield piece
                piece = ""
            piece += char
        if piece:
            yield piece


def _strip_end(spans: list[_Span]) -> _Line:
    last = spans[-1]
    trimmed = [*spans[:-1], _Span(last.text.rstrip(), last.open, last.close)]
    return tuple(span for span in trimmed if span.text)


def _unit_length(unit: _Unit) -> int:
    return sum(_line_length(line) for line in unit.lines) + max(0, len(unit.lines) - 1)


def _line_length(line: _Line) -> int:
    return sum(visible_length(span.text) for span in line)


def _clean(text: str) -> str:
    """One line: headings, labels and titles never carry line breaks."""
    return " ".join(text.split())
