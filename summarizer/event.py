"""The event an article is about: what (talks, summit ...), where, and when.

The event is the first event noun that attendance triggers pointed at, else the first event
noun held, attended or planned in the article's opening sentences. "What" is its noun phrase
(with "between A and B" when named parties hold it); "where" and "when" are the first place
and date attached to any mention of that event or to the verb governing it.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from summarizer.actors import ActorIndex
from summarizer.lexicon import EVENT_NOUNS, RITE_WORDS
from summarizer.model import Event
from summarizer.spans import span_text, trim

__all__ = ["find_event"]

_OPENING_SENTENCES = 3
_HOLD_VERBS = frozenset(
    {
        "hold",
        "attend",
        "join",
        "host",
        "open",
        "begin",
        "start",
        "resume",
        "plan",
        "convene",
        "stage",
        "call",
        "organise",
        "organize",
        "boycott",
        "skip",
        "miss",
        "chair",
        "address",
    }
)
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "nummod"})
_WHAT_PREPS = frozenset({"between", "on", "over", "with", "about"})
_MAX_PREP_TOKENS = 8
# "in over three years", "for two weeks": how long, not when.
_DURATION = re.compile(
    r"\b(?:over|more than|less than|nearly|almost|about|some|several|many|the past|the last)\b"
    r"|\b\d+\s+(?:years?|months?|weeks?|days?|hours?|decades?)\b"
    r"|\b(?:two|three|four|five|six|seven|eight|nine|ten)\s+(?:years?|months?|weeks?|days?)\b",
    re.IGNORECASE,
)


def _is_event_noun(token: Token) -> bool:
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    if token.lemma_.lower() == "service":
        return any(c.lower_ in RITE_WORDS for c in token.children)
    return token.lemma_.lower() in EVENT_NOUNS or token.lower_ in EVENT_NOUNS


def _pick(doc: Doc, sents: list[Span], pointed: tuple[int, ...]) -> Token | None:
    """The most prominent event: named in the opening sentences, pointed at by attendance
    triggers, and mentioned often (in that order of weight)."""
    scores: dict[str, float] = {}
    first: dict[str, Token] = {}
    opening_end = sents[min(_OPENING_SENTENCES, len(sents)) - 1].end if sents else 0
    for token in doc:
        if not _is_event_noun(token):
            continue
        lemma = token.lemma_.lower()
        first.setdefault(lemma, token)
        scores[lemma] = scores.get(lemma, 0.0) + 1.0
        if token.i < opening_end and token.head.lemma_.lower() in _HOLD_VERBS:
            scores[lemma] += 3.0
        if sents and token.i < sents[0].end:
            scores[lemma] += 2.0  # the lede names the story's event
    for i in pointed:
        token = doc[i]
        lemma = token.lemma_.lower()
        first.setdefault(lemma, token)
        scores[lemma] = scores.get(lemma, 0.0) + 2.0
    contenders = {lemma: score for lemma, score in scores.items() if score >= 3.0}
    if not contenders:
        return None
    best = max(contenders, key=lambda lemma: (contenders[lemma], -first[lemma].i))
    return first[best]


def _what(event: Token, actors: ActorIndex) -> str:
    doc = event.doc
    left = [c for c in event.children if c.dep_ in _MODIFIER_DEPS and c.i < event.i]
    start = min((c.left_edge.i for c in left), default=event.i)
    tokens = [t for t in doc[start : event.i + 1] if t.dep_ not in ("poss", "det", "case")]
    text = span_text(trim(tokens))
    for prep in (c for c in event.children if c.dep_ == "prep" and c.lower_ in _WHAT_PREPS):
        sub = list(prep.subtree)
        if len(sub) <= _MAX_PREP_TOKENS:
            return f"{text} {span_text(trim(sub))}" if sub else text
    # "India and Pakistan are set to hold talks": the holders are the parties.
    verb = event.head
    while verb.dep_ in ("xcomp", "ccomp") and verb.head.i != verb.i:
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            break
        verb = verb.head
    if event.head.lemma_.lower() == "hold":
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        parties: list[str] = []
        for subject in subjects:
            for token in [subject, *(c for c in subject.subtree if c.dep_ == "conj")]:
                actor = actors.at(token)
                if actor is not None and actor.name not in parties:
                    parties.append(actor.name)
        if len(parties) >= 2:
            return f"{text} between {', '.join(parties[:-1])} and {parties[-1]}"
    return text


def _attached(token: Token) -> list[Token]:
    """Tokens hanging off `token` through a preposition or as a bare adverbial."""
    out: list[Token] = []
    for child in token.children:
        if child.dep_ in ("prep", "agent"):
            out.extend(c for c in child.children if c.dep_ == "pobj")
        elif child.dep_ in ("npadvmod", "tmod") or (
            child.dep_ == "poss" and child.ent_type_ in ("DATE", "TIME")  # "Tuesday's meeting"
        ):
            out.append(child)
    return out


def _entity_text(token: Token) -> str:
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return ent.text
    return token.text


def find_event(doc: Doc, sents: list[Span], actors: ActorIndex, pointed: tuple[int, ...]) -> Event:
    picked = _pick(doc, sents, pointed)
    if picked is None:
        return Event()
    lemma = picked.lemma_.lower()
    mentions = [t for t in doc if t.lemma_.lower() == lemma and t.pos_ == picked.pos_]
    # The first mention introduces the event with its modifiers ("first direct talks").
    what = max((_what(m, actors) for m in mentions[:3]), key=len, default="") or None
    where: str | None = None
    when: str | None = None
    for mention in mentions:
        anchors = [mention, mention.head] if mention.head.i != mention.i else [mention]
        for anchor in anchors:
            near = _attached(anchor)
            # One step further for the place: "hosted by Tony Blair in London".
            near += [t for n in near if n.ent_type_ not in _PLACE_LABELS for t in _attached(n)]
            for token in near:
                if where is None and token.ent_type_ in _PLACE_LABELS:
                    where = _entity_text(token)
                if when is None and token.ent_type_ in ("DATE", "TIME"):
                    text = _entity_text(token)
                    if not _DURATION.search(text):
                        when = text
        if where and when:
            break
    return Event(what=what, where=where, when=when)
