"""Whole-word, case-insensitive phrase matching of users' keywords and watched names.

`matches` tests one phrase against one text. `PhraseIndex` answers the same question for one
phrase against thousands of texts at once (a briefing batch filters every chat's candidates
with the same few keywords), with one substring scan instead of one regex search per text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Hashable, Mapping
from functools import lru_cache
from typing import Generic, TypeVar

__all__ = ["PhraseIndex", "matches"]

K = TypeVar("K", bound=Hashable)

# Between texts in the index: neither a word character nor whitespace, so a phrase's
# boundaries and its `\s+` behave at a text's edges exactly as at the ends of a string.
_SEPARATOR = "\x00"


@lru_cache(maxsize=8192)
def _pattern(phrase: str) -> re.Pattern[str]:
    """A user's word or phrase as a literal, whole-word pattern for lowercase text."""
    words = phrase.lower().split()
    return re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)")


def matches(phrase: str, text: str) -> bool:
    """Whether `text` (lowercase) contains the word or phrase; never a user-supplied regex."""
    return bool(phrase.strip()) and _pattern(phrase).search(text) is not None


class PhraseIndex(Generic[K]):
    """Which of many texts `matches` a phrase, for many phrases.

    The texts are joined once with their whitespace runs collapsed to single spaces (the same
    characters `\\s` and `str.split` take as whitespace), so the phrase's words joined by one
    space are a literal to find; the phrase's pattern then confirms the word boundaries at
    each hit. Answers are cached per phrase.
    """

    def __init__(self, texts: Mapping[K, str]) -> None:
        self._keys: list[K] = list(texts)
        self._starts: list[int] = []
        parts: list[str] = []
        at = 0
        for key in self._keys:
            part = " ".join(texts[key].split())
            self._starts.append(at)
            parts.append(part)
            at += len(part) + len(_SEPARATOR)
        self._blob = _SEPARATOR.join(parts)
        self._found: dict[str, frozenset[K]] = {}

    def find(self, phrase: str) -> frozenset[K]:
        """The keys of the texts for which `matches(phrase, text)` holds."""
        words = phrase.lower().split()
        literal = " ".join(words)
        if literal in self._found:
            return self._found[literal]
        hits: set[K] = set()
        if words:
            blob, starts = self._blob, self._starts
            at = blob.find(literal)
            pattern = _pattern(phrase) if at != -1 else None
            while at != -1 and pattern is not None:
                if pattern.match(blob, at) is None:
                    at = blob.find(literal, at + 1)
                    continue
                text = bisect_right(starts, at) - 1
                hits.add(self._keys[text])
                if text + 1 == len(starts):
                    break
                at = blob.find(literal, starts[text + 1])  # one hit per text is enough
        self._found[literal] = found = frozenset(hits)
        return found
