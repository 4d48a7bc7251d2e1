"""The phrase index a briefing batch uses gives exactly the answers of `matches`, text by text."""

from __future__ import annotations

import random

import pytest

from bot.phrases import PhraseIndex, matches

TEXTS = {
    1: "the chief  minister said the warning stood",
    2: "chief\nminister",  # the phrase across a line break
    3: "minister",  # a phrase must not run on into the next text
    4: "war-time chief minister_office",  # '_' is a word character, '-' is not
    5: "  leading and trailing spaces  ",
    6: "café owners and cafés",
    7: "",
    8: "warwar war",
    9: "chief\u00a0minister\u2003met",  # Unicode spaces count as whitespace, as in `\s`
    10: "a.b (.*) c+d",
}


@pytest.mark.parametrize(
    "phrase",
    [
        "Chief Minister",
        "chief minister",
        "  CHIEF   minister ",
        "minister chief",
        "war",
        "warwar",
        "minister_office",
        "minister",
        "time",
        "café",
        "cafés",
        "spaces",
        "leading",
        "",
        "   ",
        ".*",
        "(.*)",
        "c+d",
        "a.b",
        "met",
        "minister met",
    ],
)
def test_the_index_agrees_with_matches_on_every_text(phrase: str) -> None:
    index = PhraseIndex(TEXTS)
    expected = {key for key, text in TEXTS.items() if matches(phrase, text)}
    assert index.find(phrase) == expected
    assert index.find(phrase) == expected  # the cached answer too


def test_the_index_agrees_with_matches_on_random_texts() -> None:
    rng = random.Random(5)
    words = ["ab", "abc", "b", "a_b", "x-y", "ÿ", "1", "ab1"]
    spaces = [" ", "  ", "\n", "\t ", "\u00a0", ".", ", ", "-", "\u2028", "\x1f"]
    texts = {
        n: "".join(rng.choice(words) + rng.choice(spaces) for _ in range(rng.randint(0, 8)))
        for n in range(300)
    }
    index = PhraseIndex(texts)
    phrases = {" ".join(rng.sample(words, k=rng.randint(1, 3))) for _ in range(200)}
    disagreements = [
        (phrase, key)
        for phrase in phrases
        for key, text in texts.items()
        if matches(phrase, text) != (key in index.find(phrase))
    ]
    assert disagreements == []
    assert sum(len(index.find(p)) for p in phrases) > 300  # the texts do contain the phrases
