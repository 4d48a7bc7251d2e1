"""Extractive summary of an already-parsed article, with sumy's algorithms chosen by name.

The sumy document model is built straight from the spaCy Doc's sentences and tokens, so
summarising never parses the text again. "ours" is `CentralitySummarizer`, a sumy summarizer
of our own: word-overlap centrality, a light lead prior and a near-duplicate filter.
"""

from __future__ import annotations

import math
import re
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from itertools import chain
from typing import TypeVar

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span
from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers import AbstractSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import ItemsCount, get_stop_words

from summarizer.nlp import load_pipeline
from summarizer.sentences import sentence_words, sentences_of

__all__ = [
    "ALGORITHMS",
    "DEFAULT_ALGORITHM",
    "CentralitySummarizer",
    "summarize_doc",
    "summarize_text",
]

DEFAULT_ALGORITHM = "ours"
ALGORITHMS: tuple[str, ...] = ("ours", "textrank", "lexrank", "lsa", "luhn")

# sumy's graph algorithms are quadratic in the number of sentences (in pure Python); past this
# many we rank only the leading ones, which bounds the cost of a pathological 1 MB "article"
# and loses little, since the gist of a news story is near its top.
MAX_SENTENCES = 250

_LANGUAGE = "english"
_STOP_WORDS = get_stop_words(_LANGUAGE)
# Snowball stemming is the slowest step; a news vocabulary repeats, so remember the stems.
_STEM: Callable[[str], str] = lru_cache(maxsize=1 << 16)(Stemmer(_LANGUAGE))

_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")


class CentralitySummarizer(AbstractSummarizer):
    """The "ours" algorithm: word-overlap centrality, a light lead prior, and no near-duplicates.

    A sentence is central when its content words recur in the rest of the article: it scores
    the number of other occurrences of each of its (stemmed, non-stop) words, which is its
    total word overlap with every other sentence, divided by the square root of its length so
    that long sentences gain, but less than linearly. Unlike TextRank this keeps the raw degree
    of the overlap graph instead of normalising each edge by the two sentences' lengths, which
    on the benchmark tells the reference extracts apart better. A small prior for early sentences
    breaks near-ties the way news is written, and a sentence whose content words are mostly
    in one already chosen is skipped, unless nothing else is left.
    """

    length_exponent = 0.5
    lead_weight = 0.1
    lead_decay = 0.1
    duplicate_overlap = 0.8
    _stop_words: frozenset[str] = frozenset()

    @property
    def stop_words(self) -> frozenset[str]:
        return self._stop_words

    @stop_words.setter
    def stop_words(self, words: Iterable[str]) -> None:
        self._stop_words = frozenset(map(self.normalize_word, words))

    def __call__(
        self, document: ObjectDocumentModel, sentences_count: int | str | ItemsCount
    ) -> tuple[Sentence, ...]:
        sentences = document.sentences
        if not callable(sentences_count):
            sentences_count = ItemsCount(sentences_count)
        limit = len(sentences_count(sentences))
        stems = [self._content_stems(sentence) for sentence in sentences]
        ratings = self.rate_sentences(stems)
        ranked = sorted(range(len(sentences)), key=lambda index: (-ratings[index], index))
        chosen: list[int] = []
        duplicates: list[int] = []
        for index in ranked:
            if len(chosen) == limit:
                break
            if self._repeats(stems[index], (stems[other] for other in chosen)):
                duplicates.append(index)
            else:
                chosen.append(index)
        chosen.extend(duplicates[: limit - len(chosen)])
        return tuple(sentences[index] for index in sorted(chosen))

    def rate_sentences(self, stems: Sequence[Sequence[str]]) -> list[float]:
        """The rating of each sentence, given its content stems: from 0 to 1."""
        frequency = Counter(chain.from_iterable(stems))
        centrality = [
            sum(frequency[stem] - 1 for stem in words) / len(words) ** self.length_exponent
            if words
            else 0.0
            for words in stems
        ]
        top = max(centrality, default=0.0) or 1.0
        # A sentence of only stop words or symbols ("* * *") rates below every other.
        return [
            (1 - self.lead_weight) * value / top
            + self.lead_weight * math.exp(-self.lead_decay * position)
            if words
            else 0.0
            for position, (value, words) in enumerate(zip(centrality, stems, strict=True))
        ]

    def _content_stems(self, sentence: Sentence) -> list[str]:
        words = map(self.normalize_word, sentence.words)
        return [self.stem_word(word) for word in words if word not in self._stop_words]

    def _repeats(self, stems: Sequence[str], chosen: Iterable[Sequence[str]]) -> bool:
        own = set(stems)
        return bool(own) and any(
            len(own.intersection(other)) >= self.duplicate_overlap * len(own) for other in chosen
        )


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
_SUMMARIZERS: dict[str, AbstractSummarizer] = {
    "ours": _configured(CentralitySummarizer),
    "textrank": _configured(TextRankSummarizer),
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


def _unknown(algorithm: str) -> str:
    return f"unknown summary algorithm {algorithm!r}; choose one of {', '.join(ALGORITHMS)}"


def summarize_doc(doc: Doc, count: int, algorithm: str = DEFAULT_ALGORITHM) -> list[str]:
    """The `count` sentences of `doc` that best summarise it, in article order.

    `algorithm` is one of ALGORITHMS. A Doc with no more than `count` sentences is returned
    whole; sentences are stripped of surrounding whitespace.
    """
    if algorithm not in ALGORITHMS:
        raise ValueError(_unknown(algorithm))
    sents = sentences_of(doc)
    if count <= 0 or not sents:
        return []
    if count >= len(sents):
        return [sent.text.strip() for sent in sents]
    ranked = sents[:MAX_SENTENCES]
    document = _document(ranked)
    summarizer = _SUMMARIZERS[algorithm]
    # LexRank divides by zero when no two sentences share a word (its ranks become NaN and the
    # pick arbitrary, which is all such a text deserves); numpy's error state is per thread.
    with np.errstate(divide="ignore", invalid="ignore"):
        if algorithm == "lsa":
            # LSA warns when a short article has fewer distinct words than sentences; that is
            # expected of news briefs, not worth a warning per article.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                chosen = summarizer(document, count)
        else:
            chosen = summarizer(document, count)
    indices = _indices(document, chosen)
    if not indices:  # e.g. LSA on sentences made only of stop words
        indices = list(range(min(count, len(ranked))))
    return [ranked[index].text.strip() for index in indices]


def summarize_text(
    text: str, count: int, algorithm: str = DEFAULT_ALGORITHM, nlp: Language | None = None
) -> list[str]:
    """Parse `text` (with `nlp`, or the default pipeline loaded once), then `summarize_doc`.

    Callers that go on to extract more from the same text should parse it once themselves
    and call `summarize_doc`.
    """
    if algorithm not in ALGORITHMS:  # before paying for a parse
        raise ValueError(_unknown(algorithm))
    return summarize_doc((nlp or load_pipeline())(text), count, algorithm)
