"""Small helpers for turning parse subtrees into readable text."""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Token

__all__ = ["span_text", "subtree_without", "trim"]

_EDGE_DEPS = frozenset({"det", "punct", "cc", "case", "mark"})


def trim(tokens: list[Token], *, keep_determiner: bool = False) -> list[Token]:
    """Drop determiners, conjunctions, punctuation and possessive markers at either edge
    (a leading determiner stays with `keep_determiner`: "the plan was flawed")."""
    edge = _EDGE_DEPS - {"det"} if keep_determiner else _EDGE_DEPS
    start, end = 0, len(tokens)
    while start < end and (
        tokens[start].dep_ in edge or tokens[start].is_punct or tokens[start].is_space
    ):
        start += 1
    while end > start and (
        tokens[end - 1].is_punct
        or tokens[end - 1].is_space
        or tokens[end - 1].dep_ in ("cc", "case", "mark", "det")
    ):
        end -= 1
    return tokens[start:end]


def subtree_without(token: Token, cut: Iterable[str]) -> list[Token]:
    """The subtree of `token` in order, minus every subtree attached by a relation in `cut`."""
    cut = frozenset(cut)
    out: list[Token] = []
    stack = [token]
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(child for child in current.children if child.dep_ not in cut)
    out.sort(key=lambda t: t.i)
    return out


def span_text(tokens: list[Token]) -> str:
    """The tokens' text in order, with the original spacing and one space across gaps."""
    parts: list[str] = []
    for index, token in enumerate(tokens):
        parts.append(token.text)
        nxt = tokens[index + 1] if index + 1 < len(tokens) else None
        if nxt is not None and (token.whitespace_ or nxt.i != token.i + 1):
            parts.append(" ")
    return re.sub(r"\s+", " ", "".join(parts)).strip()
