"""A Reply as plain console text: the console adapter and `briefbot ask` print this."""

from __future__ import annotations

from bot.replies import Block, Reply

__all__ = ["render_text"]


def _block(block: Block) -> list[str]:
    lines: list[str] = []
    if block.heading:
        lines.append(block.heading)
    lines.extend(block.text)
    width = max((len(label) for label, _ in block.fields), default=0)
    lines.extend(f"  {label + ':':<{width + 1}} {value}" for label, value in block.fields)
    lines.extend(f"  → {label}: {url}" for label, url in block.links)
    if block.footer:
        lines.append(f"  ({block.footer})")
    if block.buttons:
        lines.append("  " + "  ".join(f"[{b.label}: {b.command}]" for b in block.buttons))
    return lines


def render_text(reply: Reply) -> str:
    """Title, then each block separated by a blank line; errors are prefixed with '!'."""
    parts: list[str] = []
    if reply.title:
        parts.append(reply.title + "\n" + "=" * min(len(reply.title), 60))
    parts.extend("\n".join(_block(b)) for b in reply.blocks if b != Block())
    text = "\n\n".join(p for p in parts if p)
    return f"! {text}" if reply.is_error else text
