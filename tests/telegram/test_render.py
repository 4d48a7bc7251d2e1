"""The Telegram renderer: escaping, links, and splitting at 4,096 characters."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.render.telegram import (
    MAX_MESSAGE_LENGTH,
    TelegramMessage,
    render_telegram,
    safe_url,
    visible_length,
)
from bot.replies import Block, Button, Reply
from tests.fakes.telegram_api import parse_html

NASTY = '<script>alert("x")</script> & Sons <b>bold</b> &amp; 5 < 6 > 4'


def visible(message: TelegramMessage) -> str:
    return parse_html(message.html)  # raises where Telegram would refuse the message


def story(number: int, words: int = 40, heading: str | None = None) -> Block:
    text = " ".join(f"w{number}x{i}" for i in range(words))
    return Block(
        heading=heading or f"{number}. Story {number}",
        text=(text,),
        fields=(("Absent", f"Person {number}"),),
        buttons=(Button("Who", f"who {number}"), Button("Sources", f"sources {number}")),
        story_number=number,
    )


def test_feed_text_is_escaped_everywhere() -> None:
    reply = Reply(
        title=NASTY,
        blocks=(
            Block(
                heading=NASTY,
                text=(NASTY,),
                fields=((NASTY, NASTY),),
                links=((NASTY, 'https://example.org/a?b=1&c="2"'),),
                footer=NASTY,
            ),
        ),
    )
    [message] = render_telegram(reply)
    assert "<script>" not in message.html
    assert "&lt;script&gt;" in message.html
    assert "& Sons" not in message.html
    text = visible(message)
    assert text.count('<script>alert("x")</script> & Sons <b>bold</b> &amp; 5 < 6 > 4') >= 4
    assert 'href="https://example.org/a?b=1&amp;c=&quot;2&quot;"' in message.html


def test_only_http_links_survive() -> None:
    assert safe_url("https://example.org/x") == "https://example.org/x"
    assert safe_url("HTTP://example.org") == "HTTP://example.org"
    for bad in (
        "javascript:alert(1)",
        "data:text/html,<b>x</b>",
        "ftp://example.org/file",
        "tg://resolve?domain=x",
        "https://",
        "//example.org/x",
        "https://exa mple.org",
        "https://example.org/\nx",
    ):
        assert safe_url(bad) is None, bad
    reply = Reply(
        blocks=(
            Block(
                text=("t",),
                links=(("Evil", "javascript:alert(1)"), ("Good", "https://example.org/ok")),
            ),
        )
    )
    [message] = render_telegram(reply)
    assert message.html.count("<a ") == 1
    assert "javascript" not in message.html
    assert "Evil" in visible(message)  # the label stays, unlinked


def test_short_reply_is_one_message_with_its_buttons() -> None:
    [message] = render_telegram(Reply(title="Briefing", blocks=(story(1), story(2))))
    assert message.html.startswith("<b>Briefing</b>\n\n<b>1. Story 1</b>\n")
    labels = [[b.label for b in row] for row in message.keyboard]
    data = [[b.callback_data for b in row] for row in message.keyboard]
    assert labels == [["1 · Who", "1 · Sources"], ["2 · Who", "2 · Sources"]]
    assert data == [["who 1", "sources 1"], ["who 2", "sources 2"]]


def test_single_story_buttons_are_not_numbered() -> None:
    [message] = render_telegram(Reply(blocks=(story(7),)))
    assert [b.label for b in message.keyboard[0]] == ["Who", "Sources"]


def test_callback_data_over_64_bytes_is_dropped() -> None:
    long = "positions " + "é" * 40  # 90 bytes
    block = Block(text=("t",), buttons=(Button("Long", long), Button("Ok", "who 1")))
    [message] = render_telegram(Reply(blocks=(block,)))
    assert [b.callback_data for b in message.keyboard[0]] == ["who 1"]


def test_long_briefing_splits_between_stories() -> None:
    blocks = tuple(story(n, words=60) for n in range(1, 41))
    messages = render_telegram(Reply(title="Morning & more", blocks=blocks))
    assert len(messages) > 1
    texts = [visible(m) for m in messages]
    assert all(visible_length(t) <= MAX_MESSAGE_LENGTH for t in texts)
    # No story is cut: each story's heading, words and field share one message,
    # and its buttons ride on that message.
    for n in range(1, 41):
        holding = [i for i, t in enumerate(texts) if f"Story {n}\n" in t]
        assert len(holding) == 1
        text = texts[holding[0]]
        assert f"w{n}x0 " in text
        assert f"w{n}x59" in text
        assert f"Absent: Person {n}" in text
        data = [b.callback_data for row in messages[holding[0]].keyboard for b in row]
        assert f"who {n}" in data
    order = [int(m) for t in texts for m in re.findall(r"Story (\d+)\n", t)]
    assert order == list(range(1, 41))
    assert messages[0].html.startswith("<b>Morning &amp; more</b>")


def test_long_story_splits_between_paragraphs_then_words() -> None:
    paragraphs = tuple(f"Para {p}: " + " ".join(["a&b <c>"] * 200) for p in range(6))
    monster = " ".join(f"m{i}&<" for i in range(3000))  # one paragraph ≈ 17,000 characters
    block = Block(heading="Long & <odd>", text=(*paragraphs, monster), footer="end & <fin>")
    messages = render_telegram(Reply(blocks=(block,)))
    texts = [visible(m) for m in messages]
    assert len(messages) >= 6
    assert all(visible_length(t) <= MAX_MESSAGE_LENGTH for t in texts)
    for p in range(6):  # a paragraph that fits is never cut
        assert sum(f"Para {p}:" in t for t in texts) == 1
        whole = paragraphs[p]
        assert any(whole in t for t in texts)
    words = " ".join(texts).split()
    assert [w for w in words if w.startswith("m") and w.endswith("&<")] == [
        f"m{i}&<" for i in range(3000)
    ]
    assert texts[-1].endswith("end & <fin>")


def test_over_long_italic_paragraph_keeps_tags_closed_in_every_piece() -> None:
    footer = " ".join(["source & co"] * 1200)
    messages = render_telegram(Reply(blocks=(Block(footer=footer),)))
    assert len(messages) > 1
    for message in messages:
        assert message.html.startswith("<i>")
        assert message.html.endswith("</i>")
        visible(message)


def test_a_word_longer_than_a_message_is_cut_between_characters() -> None:
    word = "x&" * 3000 + "😀" * 10
    messages = render_telegram(Reply(blocks=(Block(text=(word,)),)))
    texts = [visible(m) for m in messages]
    assert "".join(texts) == word
    assert all(visible_length(t) <= MAX_MESSAGE_LENGTH for t in texts)


def test_length_counts_utf16_units() -> None:
    text = " ".join(["😀😀"] * 1500)  # 1,500 words of 4 units each
    messages = render_telegram(Reply(blocks=(Block(text=(text,)),)))
    assert len(messages) == 2
    assert all(visible_length(visible(m)) <= MAX_MESSAGE_LENGTH for m in messages)


def test_empty_reply_still_says_something() -> None:
    [message] = render_telegram(Reply())
    assert visible(message)


texts = st.lists(
    st.sampled_from([*"ab &<>\"'😀\n", "&amp;", "<b>", "</i>", "word "]), max_size=200
).map("".join)


@settings(max_examples=60, deadline=None)
@given(
    title=st.none() | texts,
    blocks=st.lists(
        st.builds(
            Block,
            heading=st.none() | texts,
            text=st.lists(texts, max_size=4).map(tuple),
            fields=st.lists(st.tuples(texts, texts), max_size=2).map(tuple),
            links=st.lists(
                st.tuples(texts, st.sampled_from(["https://e.org/?a=1&b=<2>", "javascript:x"])),
                max_size=2,
            ).map(tuple),
            footer=st.none() | texts,
        ),
        max_size=6,
    ),
    limit=st.integers(min_value=40, max_value=600),
)
def test_any_reply_renders_to_valid_messages_within_the_limit(
    title: str | None, blocks: list[Block], limit: int
) -> None:
    reply = Reply(title=title, blocks=tuple(blocks))
    messages = render_telegram(reply, limit=limit)
    assert messages
    seen: list[str] = []
    for message in messages:
        text = visible(message)
        assert visible_length(text) <= limit
        seen.extend(text.split())
    expected: list[str] = []
    for block in blocks:
        for paragraph in block.text:
            expected.extend(paragraph.split())
    # Every word of every paragraph arrives, in order (interleaved with headings and fields).
    position = 0
    for word in expected:
        while position < len(seen) and word not in seen[position]:
            position += 1
        assert position < len(seen), word
