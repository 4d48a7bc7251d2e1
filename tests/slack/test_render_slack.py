"""The Block Kit renderer: escaping, links, buttons and Slack's size limits."""

from __future__ import annotations

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.render.slack import (
    ACTION_PREFIX,
    MAX_BLOCKS,
    SlackMessage,
    escape,
    render_slack,
    safe_url,
)
from bot.replies import Block, Button, Reply

HOSTILE = (
    "Talks <!channel> <!here> <@U024BE7LH> <!subteam^SAZ94GDB8> "
    "<https://evil.example/phish|https://bank.example> & more > less"
)


def _texts(message: SlackMessage) -> list[str]:
    """Every string Slack would parse in a message: fallback, sections, context, buttons."""
    out = [message.text]
    for block in message.blocks:
        if "text" in block:
            out.append(block["text"]["text"])
        for element in block.get("elements", ()):
            text = element.get("text")
            out.append(text["text"] if isinstance(text, dict) else text)
    return out


def _briefing(stories: int, paragraph: str = "Key point.") -> Reply:
    return Reply(
        title="Morning briefing",
        blocks=tuple(
            Block(
                heading=f"{n}. Story {n}",
                text=(paragraph,),
                fields=(("Attends", "Turkey, Ukraine"), ("Absent", "Russia")),
                links=(("Source", f"https://news.example/{n}"),),
                footer="Sources: Example News, Other Wire",
                buttons=(
                    Button("Who", f"who {n}"),
                    Button("Absent", f"absent {n}"),
                    Button("Positions", f"positions {n}"),
                    Button("Sources", f"sources {n}"),
                ),
                story_number=n,
            )
            for n in range(1, stories + 1)
        ),
    )


def test_escape_neutralises_mentions_and_links() -> None:
    escaped = escape(HOSTILE)
    assert "<" not in escaped
    assert ">" not in escaped
    assert "&lt;!channel&gt;" in escaped
    assert "&lt;@U024BE7LH&gt;" in escaped
    assert "&amp; more &gt; less" in escaped


def test_feed_text_arrives_as_plain_text_everywhere() -> None:
    reply = Reply(
        title=HOSTILE,
        blocks=(
            Block(
                heading=HOSTILE,
                text=(HOSTILE,),
                fields=(("Who", HOSTILE),),
                footer=HOSTILE,
                buttons=(Button("<!here>", "who 1"),),
            ),
        ),
    )
    [message] = render_slack(reply)
    for text in _texts(message):
        # No Slack control sequence at all: no raw '<', so no ping and no link.
        assert "<" not in text, text
    assert message.blocks[0]["type"] == "header"
    assert "&lt;!channel&gt;" in message.blocks[1]["text"]["text"]
    # Auto-parsing of bare @here / #general is off for every mrkdwn object.
    for block in message.blocks:
        if block["type"] == "section":
            assert block["text"]["verbatim"] is True


def test_only_http_links_and_disguised_labels_show_the_host() -> None:
    reply = Reply(
        blocks=(
            Block(
                text=("Read more",),
                links=(
                    ("Reuters", "https://reuters.example/a?x=1&y=2"),
                    ("click", "javascript:alert(1)"),
                    ("file", "file:///etc/passwd"),
                    ("https://bank.example", "https://evil.example/login"),
                    ("pipe", "https://x.example/a|b>c"),
                ),
            ),
        )
    )
    [message] = render_slack(reply)
    text = message.blocks[0]["text"]["text"]
    links = re.findall(r"<([^|>]+)\|([^>]+)>", text)
    assert links == [
        ("https://reuters.example/a?x=1&amp;y=2", "Reuters"),
        ("https://evil.example/login", "evil.example"),
        ("https://x.example/a%7Cb%3Ec", "pipe"),
    ]
    assert safe_url("ftp://x.example/") is None
    assert safe_url("https:///nohost") is None


def test_briefing_layout_header_sections_context_buttons() -> None:
    [message] = render_slack(_briefing(2))
    types = [b["type"] for b in message.blocks]
    assert types == ["header", "section", "context", "actions", "section", "context", "actions"]
    actions = message.blocks[3]["elements"]
    assert [a["text"]["text"] for a in actions] == ["Who", "Absent", "Positions", "Sources"]
    assert [a["value"] for a in actions] == ["who 1", "absent 1", "positions 1", "sources 1"]
    assert all(a["action_id"].startswith(ACTION_PREFIX) for a in actions)
    assert len({a["action_id"] for a in actions}) == 4
    assert "Story 1" in message.text
    assert "Morning briefing" in message.text
    assert "*Absent:* Russia" in message.blocks[1]["text"]["text"]


def test_long_briefing_splits_within_limits_and_keeps_stories_whole() -> None:
    reply = _briefing(40)  # 1 header + 40 * 3 blocks = 121 blocks
    messages = render_slack(reply)
    assert len(messages) == 3
    for message in messages:
        assert len(message.blocks) <= MAX_BLOCKS
    for number, message in enumerate(messages[1:], start=2):
        assert message.blocks[0]["type"] == "context"
        assert f"({number}/3)" in message.blocks[0]["elements"][0]["text"]
    # Every story's section is followed by its own context and buttons in the same message.
    seen = []
    for message in messages:
        blocks = message.blocks
        for i, block in enumerate(blocks):
            if block["type"] == "section":
                assert blocks[i + 1]["type"] == "context"
                assert blocks[i + 2]["type"] == "actions"
                seen.append(re.search(r"Story (\d+)", block["text"]["text"]).group(1))
    assert seen == [str(n) for n in range(1, 41)]


def test_a_huge_story_becomes_several_sections_under_3000_chars() -> None:
    words = " ".join(f"w{i}&<x>" for i in range(3000))  # ~ 30k chars once escaped
    reply = Reply(blocks=(Block(heading="Big", text=(words, "Second paragraph.")),))
    blocks = [b for m in render_slack(reply) for b in m.blocks if b["type"] == "section"]
    assert len(blocks) > 5
    joined = " ".join(b["text"]["text"] for b in blocks)
    for block in blocks:
        text = block["text"]["text"]
        assert len(text) < 3000
        # No entity cut in half.
        assert not re.search(r"&[a-z]*$", text)
        assert not re.match(r"^[a-z]*;", text)
    assert joined.count("&amp;") == 3000
    assert joined.count("&lt;x&gt;") == 3000
    assert "Second paragraph." in joined


def test_a_word_longer_than_a_section_is_cut_outside_entities() -> None:
    reply = Reply(blocks=(Block(text=("&" * 5000,)),))
    sections = [b["text"]["text"] for m in render_slack(reply) for b in m.blocks]
    assert "".join(sections) == "&amp;" * 5000
    assert all(len(s) < 3000 for s in sections)


def test_header_and_button_limits() -> None:
    reply = Reply(
        title="T" * 500,
        blocks=(
            Block(text=("x",), buttons=tuple(Button("L" * 200, f"who {i}") for i in range(30))),
        ),
    )
    [message] = render_slack(reply)
    assert len(message.blocks[0]["text"]["text"]) <= 150
    actions = [b for b in message.blocks if b["type"] == "actions"]
    assert [len(a["elements"]) for a in actions] == [25, 5]
    assert all(len(e["text"]["text"]) <= 75 for a in actions for e in a["elements"])
    assert len({e["action_id"] for a in actions for e in a["elements"]}) == 30


def test_error_and_empty_replies() -> None:
    [message] = render_slack(Reply.message("Only admins may do that.", is_error=True))
    assert message.blocks[0]["text"]["text"].startswith(":warning: Only admins")
    [empty] = render_slack(Reply())
    assert empty.text
    assert empty.blocks == []


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.text(max_size=200), st.lists(st.text(max_size=4000), max_size=3)),
        min_size=1,
        max_size=80,
    )
)
def test_any_reply_fits_block_kit(stories: list[tuple[str, list[str]]]) -> None:
    reply = Reply(
        title="Briefing",
        blocks=tuple(
            Block(heading=h, text=tuple(t), footer="src", buttons=(Button("Who", "who 1"),))
            for h, t in stories
        ),
    )
    messages = render_slack(reply)
    for message in messages:
        assert 1 <= len(message.blocks) <= MAX_BLOCKS
        assert len(message.text) <= 3000
        for text in _texts(message):
            assert "<" not in text
            assert len(text.strip()) >= 1
            assert len(text) <= 3000
        json.dumps(message.blocks)  # serialisable as sent
