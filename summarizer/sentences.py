"""A spaCy-backed tokenizer that sumy's parsers and summarizers accept.

sumy's own `Tokenizer` needs NLTK's punkt data, which we may not download at run time; spaCy
already knows where sentences end and what a word is, so we let it answer both questions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

__all__ = ["SpacyTokenizer", "sentence_words", "sentences_of"]

# Like sumy's own word pattern, a word starts with a letter or digit: this drops punctuation,
# symbols and clitics such as "'s", but keeps numbers, which carry much of a news story.
_WORD_START = re.compile(r"[^\W_]")

# Pipes that decide sentence boundaries (and what they listen to); the rest is skipped.
_SENTENCE_PIPES = frozenset({"tok2vec", "parser", "senter", "sentencizer"})


def sentence_words(tokens: Iterable[Token]) -> tuple[str, ...]:
    """The words of a run of tokens (a sentence), without punctuation or whitespace."""
    return tuple(token.text for token in tokens if _WORD_START.match(token.text))


def sentences_of(doc: Doc) -> list[Span]:
    """The sentences of a parsed Doc, minus whitespace-only ones.

    A Doc without sentence boundaries (made by a pipeline with no parser) is one sentence,
    rather than spaCy's error.
    """
    spans = doc.sents if doc.has_annotation("SENT_START") else [doc[:]]
    return [sent for sent in spans if sent.text.strip()]


class SpacyTokenizer:
    """What sumy asks of a tokenizer (`language`, `to_sentences`, `to_words`), done by spaCy.

    `nlp` must set sentence boundaries (a parser, senter or sentencizer): the pipeline is
    loaded once by the caller and shared, never loaded here.
    """

    def __init__(self, nlp: Language, language: str = "english") -> None:
        if not any(name in nlp.pipe_names for name in ("parser", "senter", "sentencizer")):
            raise ValueError(
                "the spaCy pipeline sets no sentence boundaries "
                "(it needs a parser, senter or sentencizer)"
            )
        self._nlp = nlp
        self._language = language
        self._skipped = [name for name in nlp.pipe_names if name not in _SENTENCE_PIPES]

    @property
    def language(self) -> str:
        return self._language

    def to_sentences(self, text: str) -> tuple[str, ...]:
        doc = self._nlp(text, disable=self._skipped)
        return tuple(sent.text.strip() for sent in sentences_of(doc))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        # The tokenizer alone: word boundaries need no statistical model.
        return sentence_words(self._nlp.make_doc(sentence))
