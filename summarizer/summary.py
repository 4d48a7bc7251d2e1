"""Extractive summary of an already-parsed article, with sumy's algorithms chosen by name.

The sumy document model is built straight from the spaCy Doc's sentences and tokens, so
summarising never parses the text again. "ours" ranks sentences by TextRank centrality
(sumy's, on the same document) blended with a lead prior, as news puts the gist first, and
picks them greedily with a redundancy penalty so the summary does not say one thing twice.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TypeVar

import numpy as np
import spacy
from spacy.tokens import Doc, Span
from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers._summarizer import AbstractSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import get_stop_words

from summarizer.sentences import sentence_words, sentences_of

__all__ = ["ALGORITHMS", "DEFAULT_ALGORITHM", "summarize_doc", "summarize_text"]

DEFAULT_ALGORITHM = "ours"
ALGORITHMS: tuple[str, ...] = ("ours", "textrank", "lexrank", "lsa", "luhn")

# The graph algorithms are quadratic in the number of sentences; past this many we rank only
# the leading ones, which bounds the cost of a pathological 1 MB "article" and loses little,
# since the gist of a news story is near its top.
MAX_SENTENCES = 250

_LANGUAGE = "english"
_STOP_WORDS = get_stop_words(_LANGUAGE)
# Snowball stemming is the slowest step; a news vocabulary repeats, so remember the stems.
_STEM: Callable[[str], str] = lru_cache(maxsize=1 << 16)(Stemmer(_LANGUAGE))

# "ours": how much the lead prior weighs against centrality, how fast it decays with the
# sentence's position, and how much overlap with an already chosen sentence costs.
_LEAD_WEIGHT = 0.5
_LEAD_DECAY = 0.2
_REDUNDANCY = 0.5

_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")


class _KnownWords:
    """A sumy tokenizer that looks words up instead of tokenizing: spaCy already did."""

    def __init__(self, words: dict[str, tuple[str, ...]]) -> None:
        self._words = words
        self.language = _LANGUAGE

    def to_sentences(self, text: str) -> tuple[str, ...]:
        raise NotImplementedError("sentences come from the spaCy Doc")

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return self._words.get(sentence, ())


_S = TypeVar("_S", bound=AbstractSummarizer)


def _configured(cls: type[_S]) -> _S:
    summarizer = cls(_STEM)
    summarizer.stop_words = _STOP_WORDS  # type: ignore[attr-defined]
    return summarizer


# Stateless once configured, so one of each serves every call (and thread).
_TEXTRANK = _configured(TextRankSummarizer)
_SUMY: dict[str, AbstractSummarizer] = {
    "textrank": _TEXTRANK,
    "lexrank": _configured(LexRankSummarizer),
    "lsa": _configured(LsaSummarizer),
    "luhn": _configured(LuhnSummarizer),
}


def _document(sents: Sequence[Span]) -> ObjectDocumentModel:
    """sumy's document model of the sentences, with paragraphs where the text has blank lines."""
    words: dict[str, tuple[str, ...]] = {}
    tokenizer = _KnownWords(words)
    paragraphs: list[list[Sentence]] = [[]]
    text = sents[0].doc.text
    for index, sent in enumerate(sents):
        if index and _PARAGRAPH_BREAK.search(text, sents[index - 1].end_char, sent.start_char):
            paragraphs.append([])
        stripped = sent.text.strip()
        words[stripped] = sentence_words(sent)
        paragraphs[-1].append(Sentence(stripped, tokenizer))
    return ObjectDocumentModel(Paragraph(sentences) for sentences in paragraphs if sentences)


def _indices(document: ObjectDocumentModel, chosen: Sequence[Sentence]) -> list[int]:
    # sumy compares sentences by text; identity tells apart two sentences that read alike.
    position = {id(sentence): index for index, sentence in enumerate(document.sentences)}
    return sorted(position[id(sentence)] for sentence in chosen)


def _stems(sentence: Sentence) -> frozenset[str]:
    words = (word.lower() for word in sentence.words)
    return frozenset(_STEM(word) for word in words if word not in _STOP_WORDS)


def _ours(document: ObjectDocumentModel, count: int) -> list[int]:
    sentences = document.sentences
    ratings = _TEXTRANK.rate_sentences(document)
    centrality = np.array([ratings[sentence] for sentence in sentences])
    centrality = centrality / (centrality.max() or 1.0)
    lead = np.exp(-_LEAD_DECAY * np.arange(len(sentences)))
    score = (1 - _LEAD_WEIGHT) * centrality + _LEAD_WEIGHT * lead
    stems = [_stems(sentence) for sentence in sentences]
    candidates = [index for index, words in enumerate(stems) if words] or list(
        range(len(sentences))
    )
    chosen: list[int] = []
    while candidates and len(chosen) < count:

        def gain(index: int) -> float:
            overlap = max(
                (len(stems[index] & stems[other]) / len(stems[index]) for other in chosen),
                default=0.0,
            ) if stems[index] else 0.0
            return float(score[index]) - _REDUNDANCY * overlap

        best = max(candidates, key=gain)
        chosen.append(best)
        candidates.remove(best)
    return sorted(chosen)


def summarize_doc(doc: Doc, count: int, algorithm: str = DEFAULT_ALGORITHM) -> list[str]:
    """The `count` sentences of `doc` that best summarise it, in article order.

    `algorithm` is one of ALGORITHMS. A Doc with no more than `count` sentences is returned
    whole; sentences are stripped of surrounding whitespace.
    """
    if algorithm not in ALGORITHMS:
        raise ValueError(
            f"unknown summary algorithm {algorithm!r}; choose one of {', '.join(ALGORITHMS)}"
        )
    sents = sentences_of(doc)
    if count <= 0 or not sents:
        return []
    if count >= len(sents):
        return [sent.text.strip() for sent in sents]
    ranked = sents[:MAX_SENTENCES]
    document = _document(ranked)
    if algorithm == "ours":
        indices = _ours(document, count)
    else:
        with warnings.catch_warnings():
            # LSA warns when a short article has fewer distinct words than sentences.
            warnings.simplefilter("ignore", UserWarning)
            indices = _indices(document, _SUMY[algorithm](document, count))
    if not indices:  # e.g. LSA on sentences made only of stop words
        indices = list(range(min(count, len(ranked))))
    return [ranked[index].text.strip() for index in indices]


def summarize_text(
    text: str, count: int, algorithm: str = DEFAULT_ALGORITHM, *, nlp: spacy.Language
) -> list[str]:
    """Parse `text` with the caller's pipeline, then `summarize_doc`."""
    return summarize_doc(nlp(text), count, algorithm)
