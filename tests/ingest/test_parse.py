"""Parsing fetched bytes: ids, links, times, clean text, ill-formed and empty feeds."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.ingest import ParseError, parse_feed
from bot.ingest.dedupe import normalise_url, text_fingerprint

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example &amp; Co</title><link>https://example.org/</link>
<ttl>45</ttl>
<item><title>With &lt;b&gt;markup&lt;/b&gt; &amp; entities</title>
  <link>/news/1?utm_source=rss&amp;utm_medium=feed&amp;id=7&amp;fbclid=abc#comments</link>
  <guid isPermaLink="false">item-1</guid>
  <pubDate>Sat, 31 May 2025 22:30:00 +0300</pubDate>
  <author>jane@example.org (Jane Doe)</author>
  <description>&lt;p&gt;First&amp;nbsp;paragraph &amp;amp; more.&lt;/p&gt;
    &lt;script&gt;evil()&lt;/script&gt;
    &lt;p&gt;Second &amp;#8220;quoted&amp;#8221;.&lt;/p&gt;</description>
</item>
<item><title>No guid</title><link>https://Example.org:443/news/2</link></item>
<item><title>Neither guid nor link</title><pubDate>Fri, 30 May 2025 10:00:00 GMT</pubDate></item>
<item><title>From the future</title><guid>https://example.org/f</guid>
  <pubDate>Fri, 30 May 2031 10:00:00 GMT</pubDate></item>
</channel></rss>"""


def test_entries_are_identified_cleaned_and_dated_in_utc() -> None:
    feed = parse_feed(RSS, url="https://example.org/feed.xml", now=NOW)
    assert feed.title == "Example & Co"
    assert feed.ttl_seconds == 45 * 60
    assert feed.warning is None
    first, second, third, future = feed.entries
    assert first.title == "With markup & entities"
    assert first.link == "https://example.org/news/1?id=7"  # absolute, no trackers, no fragment
    assert first.entry_key == "item-1"
    assert first.uid == "https://example.org/news/1?id=7"  # "item-1" is no global id
    assert first.published_at == datetime(2025, 5, 31, 19, 30, tzinfo=UTC)
    assert first.author is not None
    assert "Jane Doe" in first.author
    assert first.text == "First paragraph & more.\nSecond \u201cquoted\u201d."
    assert second.link == "https://example.org/news/2"
    assert second.entry_key == second.uid == "https://example.org/news/2"
    assert third.link is None
    assert third.entry_key.startswith("sha256:")
    assert future.published_at == NOW  # never in the future


def test_same_bytes_give_same_ids() -> None:
    one = parse_feed(RSS, url="https://example.org/feed.xml", now=NOW)
    two = parse_feed(RSS, url="https://example.org/feed.xml", now=NOW)
    assert [e.entry_key for e in one.entries] == [e.entry_key for e in two.entries]
    assert [e.uid for e in one.entries] == [e.uid for e in two.entries]


def test_atom_with_content_prefers_the_full_text() -> None:
    atom = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">
    <title>A</title><id>urn:x</id><updated>2025-05-01T00:00:00Z</updated>
    <entry><id>tag:example.org,2025:1</id><title type="html">T &amp;amp; U</title>
      <updated>2025-05-01T10:00:00+02:00</updated>
      <link href="https://example.org/a"/>
      <summary>Short.</summary>
      <content type="html">&lt;p&gt;The long body of the entry.&lt;/p&gt;</content></entry>
    </feed>"""
    (entry,) = parse_feed(atom, url="https://example.org/atom", now=NOW).entries
    assert entry.uid == "tag:example.org,2025:1"
    assert entry.title == "T & U"
    assert entry.text == "The long body of the entry."
    assert entry.published_at == datetime(2025, 5, 1, 8, 0, tzinfo=UTC)


def test_ill_formed_feed_with_entries_parses_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    broken = b"<rss><channel><title>x</title><item><title>One</title><link>https://e.org/1</link>"
    feed = parse_feed(broken, url="https://e.org/feed", now=NOW)
    assert [e.title for e in feed.entries] == ["One"]
    assert feed.warning is not None
    assert "ill-formed" in caplog.text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<rss version='2.0'><channel><title>empty</title></channel></rss>", "no entries"),
        (b"<html><body>Not a feed</body></html>", "no entries|not a readable feed"),
        (b"\x00\xff\xfe garbage", "not a readable feed"),
        (b"", "not a readable feed|no entries"),
    ],
)
def test_documents_without_entries_are_errors(content: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_feed(content, url="https://e.org/feed", now=NOW)


def test_relative_links_resolve_against_the_final_url() -> None:
    doc = b"<rss version='2.0'><channel><item><title>x</title><link>a/b.html</link></item>"
    (entry,) = parse_feed(doc, url="https://e.org/news/feed.xml", now=NOW).entries
    assert entry.link == "https://e.org/news/a/b.html"


def test_url_normalisation() -> None:
    assert (
        normalise_url("HTTPS://News.Example.COM:443/a?b=1&utm_campaign=x&gclid=2#frag")
        == "https://news.example.com/a?b=1"
    )
    assert normalise_url("http://example.com") == "http://example.com/"
    assert normalise_url("http://example.com:8080/x?q") == "http://example.com:8080/x?q="


def test_text_fingerprint_ignores_case_punctuation_and_spacing() -> None:
    body = " ".join(f"word{i}" for i in range(40))
    assert text_fingerprint(body) == text_fingerprint(body.upper().replace(" ", " ,  "))
    assert text_fingerprint("Too short to tell apart") is None
