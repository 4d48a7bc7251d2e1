"""OPML import and export: the feed list format every reader speaks."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime

from bot.domain import Feed


class OpmlError(ValueError):
    """The file is not OPML we can read; the message says why."""


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    url: str
    title: str | None = None


def parse_opml(data: bytes) -> list[OpmlFeed]:
    """Every outline with an xmlUrl, at any depth (categories are folders), in order."""
    if b"<!ENTITY" in data[:65536].upper():
        raise OpmlError("OPML with entity declarations is refused")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise OpmlError(f"not well-formed XML ({exc})") from exc
    if root.tag.lower() != "opml":
        raise OpmlError(f"not an OPML document (root element <{root.tag}>)")
    feeds: list[OpmlFeed] = []
    seen: set[str] = set()
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if not url or url in seen:
            continue
        seen.add(url)
        title = (outline.get("title") or outline.get("text") or "").strip()
        feeds.append(OpmlFeed(url, title if title and title != url else None))
    return feeds


def export_opml(feeds: Iterable[Feed], *, title: str = "briefbot feeds") -> str:
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = format_datetime(datetime.now(UTC), usegmt=True)
    body = ET.SubElement(root, "body")
    for feed in feeds:
        outline = ET.SubElement(body, "outline", type="rss", text=feed.title or feed.url)
        if feed.title:
            outline.set("title", feed.title)
        outline.set("xmlUrl", feed.url)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode")
