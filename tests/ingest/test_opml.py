"""OPML: parse what other readers export, and export what they can import."""

from __future__ import annotations

import pytest

from bot.domain import Feed
from bot.ingest.opml import OpmlError, OpmlFeed, export_opml, parse_opml

NESTED = b"""<?xml version="1.0"?>
<opml version="1.0"><head><title>My feeds</title></head><body>
  <outline text="News">
    <outline text="Alpha &amp; Omega" type="rss" xmlUrl="https://alpha.example/rss"/>
    <outline title="Beta" text="ignored" type="rss" xmlUrl="https://beta.example/atom"/>
  </outline>
  <outline text="https://gamma.example/feed" xmlUrl="https://gamma.example/feed"/>
  <outline text="a folder without feeds"/>
  <outline text="Alpha again" xmlUrl="https://alpha.example/rss"/>
</body></opml>"""


def test_nested_outlines_are_read_in_order_without_duplicates() -> None:
    assert parse_opml(NESTED) == [
        OpmlFeed("https://alpha.example/rss", "Alpha & Omega"),
        OpmlFeed("https://beta.example/atom", "Beta"),
        OpmlFeed("https://gamma.example/feed", None),
    ]


def test_round_trip_keeps_urls_and_titles() -> None:
    feeds = [
        Feed(1, "https://alpha.example/rss", "Alpha & <Omega>", "http", 900, None),
        Feed(2, "https://beta.example/atom?x=1&y=2", None, "http", 900, None),
    ]
    again = parse_opml(export_opml(feeds).encode())
    assert again == [
        OpmlFeed("https://alpha.example/rss", "Alpha & <Omega>"),
        OpmlFeed("https://beta.example/atom?x=1&y=2", None),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<html><body/></html>", "not an OPML document"),
        (b"<opml><body><outline", "not well-formed"),
        (
            b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaa">]><opml>&a;</opml>',
            "entity",
        ),
    ],
)
def test_bad_files_are_clear_errors(data: bytes, message: str) -> None:
    with pytest.raises(OpmlError, match=message):
        parse_opml(data)
