"""Reply -> Slack Block Kit messages.

Everything in a `Reply` is plain text, often straight from a feed, so every string is escaped
for mrkdwn (`&`, `<`, `>`): `<!channel>`, `<@U123>`, `<!subteam^S1>` or a disguised
`<https://evil|https://bank>` arrive as the characters they are, never as pings or links.
`verbatim` text objects also stop Slack from auto-parsing bare `@here` or `#channel` words.
Links come only from `Block.links`, and only with http(s) URLs.

Block Kit limits honoured here: 50 blocks per message (longer replies become several
messages; the adapter posts the rest in the first one's thread), 3,000 characters per text
object (we stay under it), 150 for a header, 75 for a button label, 25 buttons per actions
block, 2,000 for a button value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

from bot.replies import Block, Reply

__all__ = [
    "ACTION_PREFIX",
    "MAX_BLOCKS",
    "MAX_SECTION_CHARS",
    "SlackMessage",
    "escape",
    "render_slack",
    "safe_url",
]

MAX_BLOCKS = 50
MAX_TEXT = 3000  # Slack's limit for one text object
MAX_SECTION_CHARS = 2900  # what we put in one section: under the limit with room to spare
MAX_HEADER = 150
MAX_BUTTON_LABEL = 75
MAX_BUTTON_VALUE = 2000
MAX_BUTTONS_PER_ACTIONS = 25
MAX_FALLBACK = 3000
ACTION_PREFIX = "briefbot_cmd_"  # action_id prefix of every follow-up button

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ENTITY_TAIL = re.compile(r"&[a-z]{0,3}$")
_URL_UNSAFE = "|<> \"'`\t\r\n"


@dataclass(frozen=True, slots=True)
class SlackMessage:
    """One chat.postMessage worth: blocks plus the plain `text` used in notifications."""

    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)


def escape(text: str) -> str:
    """Plain text -> mrkdwn that shows exactly these characters (Slack's three escapes)."""
    return text.translate(_ESCAPES)


def safe_url(url: str) -> str | None:
    """The URL made safe inside `<url|label>`, or None unless it is an absolute http(s) URL."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    # `|` and `>` would end the link early; quote them (and anything odd) instead.
    cleaned = "".join(quote(ch) if ch in _URL_UNSAFE else ch for ch in url)
    cleaned = cleaned.replace("&", "&amp;")
    return cleaned if len(cleaned) < MAX_SECTION_CHARS // 2 else None


def render_slack(reply: Reply) -> list[SlackMessage]:
    """The reply as one or more messages, each within Block Kit's limits."""
    groups: list[list[dict[str, Any]]] = []
    if reply.title and reply.title.strip():
        groups.append([_header(reply.title)])
    for index, block in enumerate(reply.blocks):
        prefix = ":warning: " if reply.is_error and index == 0 else ""
        group = _render_block(block, prefix)
        if group:
            groups.append(group)
    if not groups:
        return [SlackMessage(text=escape(reply.title or "(nothing to show)"))]
    parts = _pack(groups)
    messages = []
    for number, blocks in enumerate(parts, start=1):
        if number > 1:
            note = f"Continued ({number}/{len(parts)})"
            blocks = [_context(escape(note)), *blocks]
        messages.append(SlackMessage(text=_fallback(reply, number, len(parts)), blocks=blocks))
    return messages


# -- one neutral Block -> Slack blocks ------------------------------------------------------


def _render_block(block: Block, prefix: str = "") -> list[dict[str, Any]]:
    lines: list[str] = []
    if block.heading and block.heading.strip():
        lines.append(f"*{escape(block.heading.strip())}*")
    lines.extend(escape(paragraph) for paragraph in block.text if paragraph.strip())
    lines.extend(f"*{escape(label)}:* {escape(value)}" for label, value in block.fields)
    links = [_link(label, url) for label, url in block.links]
    if any(links):
        lines.append(" · ".join(link for link in links if link))
    if prefix and lines:
        lines[0] = prefix + lines[0]
    out: list[dict[str, Any]] = [_section(chunk) for chunk in _chunk_lines(lines)]
    if block.footer and block.footer.strip():
        out.append(_context(_truncate(escape(block.footer), MAX_TEXT - 10)))
    out.extend(_actions(block))
    return out


def _link(label: str, url: str) -> str | None:
    target = safe_url(url)
    if target is None:
        return None
    shown = label.strip() or urlsplit(url.strip()).hostname or "link"
    # A label that looks like an address could disguise where the link goes: show the host.
    if re.search(r"https?://|www\.|\b[\w-]+\.(com|org|net|io|ru|ua|gov|co)\b", shown, re.I):
        shown = urlsplit(url.strip()).hostname or shown
    return f"<{target}|{escape(shown[:200])}>"


def _actions(block: Block) -> list[dict[str, Any]]:
    buttons = [
        {
            "type": "button",
            "text": {
                "type": "plain_text",
                "text": _truncate(escape(button.label), MAX_BUTTON_LABEL),
                "emoji": False,
            },
            "value": button.command,
            "action_id": f"{ACTION_PREFIX}{index}",
        }
        for index, button in enumerate(block.buttons)
        if button.label.strip() and 0 < len(button.command) <= MAX_BUTTON_VALUE
    ]
    return [
        {"type": "actions", "elements": buttons[start : start + MAX_BUTTONS_PER_ACTIONS]}
        for start in range(0, len(buttons), MAX_BUTTONS_PER_ACTIONS)
    ]


def _header(title: str) -> dict[str, Any]:
    # Escaped too: Slack decodes the three entities in plain_text, and this way no raw `<`
    # from a feed ever reaches the API, whichever field it ends up in.
    text = _truncate(escape(" ".join(title.split())), MAX_HEADER)
    return {"type": "header", "text": {"type": "plain_text", "text": text, "emoji": True}}


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text, "verbatim": True}}


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text, "verbatim": True}]}


# -- size limits ------------------------------------------------------------------------------


def _chunk_lines(lines: list[str]) -> list[str]:
    """Join escaped lines into section texts of at most MAX_SECTION_CHARS, splitting between
    lines where possible, then between words, never inside an entity or a link."""
    pieces: list[str] = []
    for line in lines:
        pieces.extend(_split_long(line, MAX_SECTION_CHARS))
    chunks: list[str] = []
    current = ""
    for piece in pieces:
        candidate = f"{current}\n{piece}" if current else piece
        if len(candidate) <= MAX_SECTION_CHARS:
            current = candidate
        else:
            chunks.append(current)
            current = piece
    if current:
        chunks.append(current)
    return chunks


def _split_long(line: str, limit: int) -> list[str]:
    out: list[str] = []
    while len(line) > limit:
        cut = line.rfind(" ", 0, limit)
        if cut <= limit // 2:
            cut = limit
            # Never leave half an entity (`&am|p;`) at the end of a piece.
            tail = _ENTITY_TAIL.search(line[:cut])
            if tail:
                cut = tail.start()
        out.append(line[:cut].rstrip())
        line = line[cut:].lstrip()
    if line:
        out.append(line)
    return out


def _truncate(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    tail = _ENTITY_TAIL.search(cut)
    if tail:
        cut = cut[: tail.start()]
    return cut.rstrip() + "…"


def _pack(groups: list[list[dict[str, Any]]]) -> list[list[dict[str, Any]]]:
    """Whole groups (a story's section, sources and buttons) into messages of <= 50 blocks;
    continuation messages keep one slot for their "Continued" line."""
    messages: list[list[dict[str, Any]]] = [[]]
    for group in groups:
        for start in range(0, len(group), MAX_BLOCKS - 1):
            piece = group[start : start + MAX_BLOCKS - 1]
            limit = MAX_BLOCKS if len(messages) == 1 else MAX_BLOCKS - 1
            if messages[-1] and len(messages[-1]) + len(piece) > limit:
                messages.append([])
            messages[-1].extend(piece)
    return messages


def _fallback(reply: Reply, number: int, total: int) -> str:
    """Notification text: the title and story headings, escaped like everything else."""
    parts: list[str] = []
    if reply.title:
        parts.append(reply.title.strip())
    if total > 1:
        parts.append(f"(part {number} of {total})")
    headings = [b.heading.strip() for b in reply.blocks if b.heading and b.heading.strip()]
    if headings:
        parts.append(" · ".join(headings))
    elif reply.blocks and reply.blocks[0].text:
        parts.append(reply.blocks[0].text[0])
    text = " ".join(" ".join(parts).split()) or "briefbot"
    return _truncate(escape(text), MAX_FALLBACK)
