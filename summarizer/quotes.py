"""Direct quotations: where each quoted passage starts and ends, token by token.

Straight quotes (`"`) do not say whether they open or close, so their direction comes from
the spacing around them. News copy often leaves a quote open at a paragraph's end and reopens
it in the next paragraph; a quote still open at a line break is therefore closed there, and a
new opening quote closes the one before it.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

__all__ = ["Quote", "QuoteMap", "find_quotes"]

_OPENERS = frozenset({"“", "``", "„", "«"})
_CLOSERS = frozenset({"”", "''", "»"})
_AMBIGUOUS = frozenset({'"'})


@dataclass(frozen=True, slots=True)
class Quote:
    start: int  # first token inside the marks
    end: int  # one past the last token inside the marks

    def span(self, doc: Doc) -> Span:
        return doc[self.start : self.end]


def _quote_text(span: Span) -> str:
    return span.text.strip().rstrip(",;:").strip()


class QuoteMap:
    """The quotes of a Doc, and for every token whether it lies inside one."""

    def __init__(self, doc: Doc, quotes: list[Quote]) -> None:
        self.doc = doc
        self.quotes = quotes
        self.owner = [-1] * len(doc)  # token -> index of the quote it lies in
        for index, quote in enumerate(quotes):
            for i in range(quote.start, quote.end):
                self.owner[i] = index

    def inside(self, i: int) -> bool:
        return self.owner[i] >= 0

    def quote_at(self, i: int) -> Quote | None:
        index = self.owner[i]
        return self.quotes[index] if index >= 0 else None

    def text(self, quote: Quote) -> str:
        return _quote_text(quote.span(self.doc))

    def in_span(self, start: int, end: int) -> list[Quote]:
        """Quotes overlapping the token range [start, end), in order."""
        seen: list[Quote] = []
        for i in range(start, end):
            quote = self.quote_at(i)
            if quote is not None and (not seen or seen[-1] is not quote):
                seen.append(quote)
        return seen


def _direction(doc: Doc, i: int, is_open: bool) -> bool | None:
    """Whether the straight quote at `i` opens a quotation (True), closes one (False), or is
    a stray mark to ignore (None)."""
    token = doc[i]
    glued_left = i > 0 and not doc[i - 1].whitespace_ and not doc[i - 1].is_space
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    glued_right = (
        nxt is not None and not token.whitespace_ and not nxt.is_space and not nxt.is_punct
    )
    if glued_right and not glued_left:
        return True
    if glued_left and not glued_right:
        return False
    if not glued_left and not glued_right and not is_open:
        return None  # a stray mark between spaces (a closer left at a line's start) opens nothing
    return not is_open


def find_quotes(doc: Doc) -> QuoteMap:
    quotes: list[Quote] = []
    open_at: int | None = None
    for token in doc:
        i = token.i
        text = token.text
        if token.is_space and "\n" in text:
            if open_at is not None:
                quotes.append(Quote(open_at + 1, i))
                open_at = None
            continue
        if text in _OPENERS:
            opens = True
        elif text in _CLOSERS:
            opens = False
        elif text in _AMBIGUOUS:
            direction = _direction(doc, i, open_at is not None)
            if direction is None:
                continue
            opens = direction
        else:
            continue
        if opens:
            if open_at is not None:
                quotes.append(Quote(open_at + 1, i))
            open_at = i
        elif open_at is not None:
            quotes.append(Quote(open_at + 1, i))
            open_at = None
    if open_at is not None:
        quotes.append(Quote(open_at + 1, len(doc)))
    return QuoteMap(doc, [q for q in quotes if q.end > q.start])
