"""No input crashes the extractor: whatever a feed sends, it answers with key points."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarizer import KeyPoints, extract, extract_many

FRAGMENTS = [
    "Tony Blair will not attend the summit in Brussels. ",
    'Mr Blair said: "We will win. ',
    "“It is over,” she said",
    '" stray',
    "‘single’ quotes ",
    "<p>",
    "</div><br/>",
    "<script>alert(1)</script>",
    "&amp; &nbsp; &#8217; &quot;",
    "\x00\x07\x1b\x7f\u200b\ufeff",
    "\n\n",
    "\t",
    " — ",
    "...",
    "Москва заявила, что переговоры начнутся в четверг",
    "北京表示将参加会议",
    "La réunion aura lieu à Paris jeudi",
    "no sentence punctuation at all just words and words",
    "THE TORIES BOYCOTTED THE DEBATE",
    "Moscow insists Kyiv reject",
    "(((unbalanced [brackets {",
    "🙂🙃",
]

texts = st.lists(
    st.one_of(st.text(max_size=40), st.sampled_from(FRAGMENTS)), min_size=0, max_size=25
).map("".join)


def _check(points: KeyPoints) -> None:
    data = points.to_dict()
    assert json.loads(json.dumps(data)) == data
    for entry in (*points.attendees, *points.absentees):
        assert entry.name
        assert entry.evidence
    assert all(a.status in ("attending", "expected") for a in points.attendees)
    names = [p.actor.name for p in points.positions]
    assert len(names) == len(set(names))
    for position in points.positions:
        assert position.statements
        assert all(s.text and s.evidence for s in position.statements)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_extract_never_crashes(text: str) -> None:
    if not text.strip():
        with pytest.raises(ValueError, match="empty text"):
            extract(text)
        return
    _check(extract(text))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(texts, min_size=1, max_size=6))
def test_extract_many_never_crashes(batch: list[str]) -> None:
    results = list(extract_many(batch, batch_size=4))
    assert len(results) == len(batch)
    for points in results:
        _check(points)


@pytest.mark.parametrize(
    "text",
    [
        '"' * 500,
        "“" * 300 + "”" * 10,
        "Mr " * 2000,
        "said " * 3000,
        "\n" * 5000 + "Tony Blair said yes.",
        "a" * 50_000,
        "<" * 10_000,
        "The the the " * 3000,
    ],
)
def test_pathological_inputs(text: str) -> None:
    _check(extract(text))
