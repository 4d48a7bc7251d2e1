"""Orchestration: clean the text, parse it once, and read every key point off the one Doc."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import repeat

from spacy.language import Language
from spacy.tokens import Doc

from summarizer.actors import ActorIndex
from summarizer.attendance import find_attendance
from summarizer.attendance_model import LinearModel, load_model
from summarizer.event import find_event
from summarizer.model import KeyPoints
from summarizer.nlp import DEFAULT_MODEL, load_pipeline
from summarizer.positions import find_positions
from summarizer.quotes import find_quotes
from summarizer.summary import ALGORITHMS, DEFAULT_ALGORITHM, summarize_doc

__all__ = ["MAX_CHARS", "Extractor", "clean_text", "default_extractor", "extract", "extract_many"]

# A news article is a few thousand characters; past this we read only the start, which keeps
# spaCy far below its max_length and the time per text bounded (1 MB would take ~10 s).
MAX_CHARS = 100_000

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_BLOCK_TAG = re.compile(r"<\s*/?\s*(?:p|br|div|li|h[1-6]|tr|blockquote)\b[^>]{0,200}>", re.I)
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]{0,200}>")
_SCRIPT = re.compile(r"<\s*(script|style)\b.*?<\s*/\s*\1\s*>", re.I | re.S)
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*(?:\n\s*)+")


_DATELINE = re.compile(
    r"^[A-Z][A-Z'’.\-]+(?:[ /][A-Z][A-Z'’.\-]+){0,3}"  # the place(s), in capitals
    r"(?=,|\s\()"  # then a country, a date or an agency: "NATO - " is no dateline
    r"(?:, [A-Z][A-Za-z.\-]+(?: [A-Z][A-Za-z.\-]+){0,2})?"  # its country or state
    r"(?:, [A-Z][a-z]{2,4}\.? \d{1,2})?"  # the date
    r"(?: \([A-Za-z/ ]{1,24}\))?"  # the agency
    r" ?[-–—]{1,2} "
)


def clean_text(text: str) -> str:
    """Plain text from what feeds really send: HTML remnants, entities, control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "<" in text:
        text = _SCRIPT.sub(" ", text)
        text = _BLOCK_TAG.sub("\n", text)
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    text = _CONTROL.sub(" ", text)
    text = _SPACES.sub(" ", text)
    text = _BLANK_LINES.sub("\n\n", text)
    # A wire dateline ("GENEVA, Nov 3 (Reuters) - ") names the filing place and agency, not
    # an actor; left in, its capitals read as names.
    text = _DATELINE.sub("", text.strip(), count=1)
    return _cap(text.strip())


def _cap(text: str) -> str:
    if len(text) <= MAX_CHARS:
        return text
    cut = text.rfind("\n", 0, MAX_CHARS)
    if cut < MAX_CHARS // 2:
        cut = text.rfind(". ", 0, MAX_CHARS) + 1
    if cut < MAX_CHARS // 2:
        cut = MAX_CHARS
    return text[:cut].rstrip()


class Extractor:
    """Key points from article text, with one spaCy pipeline loaded once and shared."""

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        summary_algorithm: str = DEFAULT_ALGORITHM,
        *,
        learned_attendance: bool = True,
    ) -> None:
        if summary_algorithm not in ALGORITHMS:
            raise ValueError(
                f"unknown summary algorithm {summary_algorithm!r}; "
                f"choose one of {', '.join(ALGORITHMS)}"
            )
        self.nlp: Language = load_pipeline(model)
        self.summary_algorithm = summary_algorithm
        # The learned attendance layer on top of the rules (off: the rules alone, for comparison).
        self.attendance_model: LinearModel | None = load_model() if learned_attendance else None

    def extract(
        self,
        text: str,
        *,
        title: str | None = None,
        url: str | None = None,
        summary_sentences: int = 3,
    ) -> KeyPoints:
        """Key points of one article; raises ValueError("empty text") for blank input."""
        if not text or not text.strip():
            raise ValueError("empty text")
        cleaned = clean_text(text)
        if not cleaned:
            return KeyPoints(title=title, url=url)
        return self.from_doc(
            self.nlp(cleaned), title=title, url=url, summary_sentences=summary_sentences
        )

    def extract_many(
        self,
        texts: Iterable[str],
        *,
        titles: Iterable[str | None] | None = None,
        urls: Iterable[str | None] | None = None,
        summary_sentences: int = 3,
        batch_size: int = 32,
    ) -> Iterator[KeyPoints]:
        """Key points of many articles, parsed in batches through `nlp.pipe`, in order.

        A blank text in a batch yields empty KeyPoints (with its title and url) rather than
        an error, so one empty article cannot abort the rest.
        """
        titled = zip(
            texts,
            titles if titles is not None else repeat(None),
            urls if urls is not None else repeat(None),
            strict=False,
        )
        cleaned = ((clean_text(text or ""), (title, url)) for text, title, url in titled)
        for doc, (title, url) in self.nlp.pipe(cleaned, as_tuples=True, batch_size=batch_size):
            if not doc.text.strip():
                yield KeyPoints(title=title, url=url)
                continue
            yield self.from_doc(doc, title=title, url=url, summary_sentences=summary_sentences)

    def from_doc(
        self,
        doc: Doc,
        *,
        title: str | None = None,
        url: str | None = None,
        summary_sentences: int = 3,
    ) -> KeyPoints:
        """Key points of an already-parsed article (parsed by this extractor's pipeline)."""
        sents = [sent for sent in doc.sents if sent.text.strip()]
        quotes = find_quotes(doc)
        actors = ActorIndex(doc, quotes)
        attendance = find_attendance(doc, sents, actors, self.attendance_model)
        positions = find_positions(doc, sents, actors, quotes)
        event = find_event(doc, sents, actors, attendance.event_tokens)
        summary = summarize_doc(doc, summary_sentences, self.summary_algorithm)
        return KeyPoints(
            title=title,
            summary=tuple(summary),
            event=event,
            attendees=attendance.attendees,
            absentees=attendance.absentees,
            positions=tuple(positions),
            url=url,
        )


@cache
def default_extractor() -> Extractor:
    """The shared extractor behind the module-level functions (loaded on first use)."""
    return Extractor()


def extract(
    text: str, *, title: str | None = None, url: str | None = None, summary_sentences: int = 3
) -> KeyPoints:
    return default_extractor().extract(
        text, title=title, url=url, summary_sentences=summary_sentences
    )


def extract_many(
    texts: Iterable[str],
    *,
    titles: Iterable[str | None] | None = None,
    urls: Iterable[str | None] | None = None,
    summary_sentences: int = 3,
    batch_size: int = 32,
) -> Iterator[KeyPoints]:
    return default_extractor().extract_many(
        texts,
        titles=titles,
        urls=urls,
        summary_sentences=summary_sentences,
        batch_size=batch_size,
    )
