"""A learned second reading of attendance, for the people and bodies the rules miss.

The rules in `attendance.py` are precise but each reads one phrasing; on unseen real copy they
find under half of those who attend. This layer scores every named actor the rules left
undecided with a logistic regression over general features of where the article mentions it
(its dependency role, the verb that governs it, whether the sentence names an event or an
attendee the rules found, whether it stands in a list with one) and adds those above the
model's threshold as attending. Rules still decide: an actor they found absent or attending is
never rescored, and the layer only adds.

The weights live in `data/attendance_model.json`, trained by
`benchmarks/train_attendance_model.py` on the project's own annotated sets (the wire set and the
BBC dev set), so inference needs no library beyond the standard one.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from summarizer.actors import ActorIndex, ActorInfo
from summarizer.lexicon import ABSENT_PHRASAL, ABSENT_VERBS, SPEECH_EVENT_NOUNS, SPEECH_VERBS
from summarizer.occasions import is_event

MODEL_PATH = Path(__file__).parent / "data" / "attendance_model.json"

_MAX_CLIMB = 6
_LEAD_SENTENCES = 3


@dataclass(frozen=True, slots=True)
class Candidate:
    """A named actor with the features of its mentions and the sentence that best shows it."""

    actor: ActorInfo
    features: frozenset[str]
    sentence: Span
    mention: int  # the token that starts the mention in that sentence


@dataclass(frozen=True, slots=True)
class LinearModel:
    """Logistic-regression weights over binary features; unknown features weigh nothing."""

    weights: Mapping[str, float]
    bias: float
    threshold: float

    def probability(self, features: Iterable[str]) -> float:
        score = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-score))

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> LinearModel:
        weights = data.get("weights")
        bias, threshold = data.get("bias"), data.get("threshold")
        if not isinstance(weights, dict) or not all(
            isinstance(k, str) and isinstance(v, int | float) for k, v in weights.items()
        ):
            raise ValueError("attendance model: 'weights' must map feature names to numbers")
        if not isinstance(bias, int | float) or not isinstance(threshold, int | float):
            raise ValueError("attendance model: 'bias' and 'threshold' must be numbers")
        if not 0.0 < threshold < 1.0:
            raise ValueError(f"attendance model: threshold {threshold} is not a probability")
        return cls(weights=dict(weights), bias=float(bias), threshold=float(threshold))


@cache
def load_model(path: Path = MODEL_PATH) -> LinearModel:
    return LinearModel.from_dict(json.loads(path.read_text(encoding="utf-8")))


def candidates(
    doc: Doc,
    sents: list[Span],
    actors: ActorIndex,
    statuses: Mapping[int, Iterable[str]],
    *,
    include: Callable[[ActorInfo], bool],
    asserted: Callable[[Token], bool],
    read: Collection[int],
) -> list[Candidate]:
    """Every actor `include` accepts that is mentioned where attendance may be told, with its
    features; `statuses` are what the rules found (actor id -> "attending" / "expected" /
    "absent"); `read` holds the starts of sentences where the rules read a trigger (the model
    was trained with it, so it has no default that would silently drop the feature).

    Only mentions outside quotes, in a clause `asserted` as fact (no hedge, negation, wish or
    habit above it), in a sentence that names an event or an attendee the rules found, count:
    the layer extends what the rules read, it does not guess from any sentence."""
    sentence_of = {t.i: n for n, sent in enumerate(sents) for t in sent}
    # Speeches are events one gives rather than attends, and the rules read who gives them.
    event_sentences = {
        sentence_of[t.i]
        for t in doc
        if t.i in sentence_of and is_event(t) and t.lower_ not in SPEECH_EVENT_NOUNS
    }
    found = {a for a, s in statuses.items() if {"attending", "expected"} & set(s)}
    found_in: dict[int, set[int]] = {}
    for actor in actors.actors:
        if actor.id in found:
            for start, _ in actor.mentions:
                if start in sentence_of:
                    found_in.setdefault(sentence_of[start], set()).add(actor.id)

    out: list[Candidate] = []
    for actor in actors.actors:
        if not actor.mentions or not include(actor):
            continue
        features = {f"kind={actor.kind}"}
        for status in statuses.get(actor.id, ()):
            features |= {"rule", f"rule={status}"}
        n = len(actor.mentions)
        features.add("mentions=" + ("1" if n == 1 else "2-3" if n <= 3 else "4+"))
        if actor.role:
            features.add("has_role")
        if actor.affiliation:
            features.add("has_affiliation")
        best: tuple[int, Span, int] | None = None
        for start, end in actor.mentions:
            if actors.quotes.inside(start) or start not in sentence_of:
                continue
            n_sent, head = sentence_of[start], doc[start:end].root
            event = n_sent in event_sentences
            with_found = bool(found_in.get(n_sent, set()) - {actor.id})
            if not (event or with_found) or not asserted(head) or _reports(head):
                continue
            mention = _mention_features(
                head,
                n_sent,
                event=event,
                with_found=with_found,
                listed_with_found=_listed_with(head, actors, found - {actor.id}),
                read_by_rules=sents[n_sent].start in read,
            )
            features |= mention
            # The sentence to show is the one whose own features say most for attendance.
            strength = len(mention & _STRONG)
            if best is None or strength > best[0]:
                best = (strength, sents[n_sent], start)
        if best is not None:
            out.append(Candidate(actor, frozenset(features), best[1], best[2]))
    return out


# Mention features that make a sentence the evidence for a learned attendee.
_STRONG = frozenset({"event_sentence", "with_found", "listed_with_found"})


def _mention_features(
    head: Token,
    n_sent: int,
    *,
    event: bool,
    with_found: bool,
    listed_with_found: bool,
    read_by_rules: bool,
) -> set[str]:
    out = {f"dep={head.dep_}"}
    if read_by_rules:
        # The rules read an attendance trigger in this sentence and did not list this actor.
        out.add("read_by_rules")
    if n_sent == 0:
        out.add("first_sentence")
    if n_sent < _LEAD_SENTENCES:
        out.add("lead")
    if event:
        out |= {"event_sentence", f"event_dep={head.dep_}"}
    if with_found:
        out.add("with_found")
        if event:
            out.add("event_with_found")
    if listed_with_found:
        out.add("listed_with_found")
    if head.dep_ == "pobj":
        out.add(f"prep={head.head.lower_}")
    verb = _governing_verb(head)
    if verb is not None:
        lemma = verb.lemma_.lower()
        out.add(f"verb={lemma}")
        if any(c.dep_ == "neg" for c in verb.children):
            out.add("negated_verb")
        if event:
            out.add(f"event_verb={lemma}")
    return out


def _reports(head: Token) -> bool:
    """Whether the mention's clause is no account of being there: the one who says something
    about an event (the rules read "told the conference" and "said at the summit"), who stays
    away or withdraws (the rules read those as absences when they are), or who did something
    over a span of years ("hosted the show for 30 years")."""
    verb = _governing_verb(head)
    if verb is None:
        return False
    lemma = verb.lemma_.lower()
    if head.dep_ == "nsubj" and head.head.i == verb.i and lemma in SPEECH_VERBS:
        return True
    if lemma in ABSENT_VERBS or lemma in ABSENT_PHRASAL or lemma == "withdraw":
        return True
    return any(
        o.lemma_.lower() in _SPANS
        for prep in verb.children
        if prep.dep_ == "prep" and prep.lower_ in ("for", "over")
        for o in prep.children
        if o.dep_ == "pobj"
    )


_SPANS = frozenset({"year", "decade", "month", "week", "season", "term"})


def _governing_verb(token: Token) -> Token | None:
    """The nearest verb above a mention."""
    current = token
    for _ in range(_MAX_CLIMB):
        if current.head.i == current.i:
            break
        current = current.head
        if current.pos_ in ("VERB", "AUX"):
            return current
    return None


def _listed_with(head: Token, actors: ActorIndex, found: set[int]) -> bool:
    """Whether the mention stands in one list (conjuncts, appositions) with a found attendee."""
    root = head
    while root.dep_ in ("conj", "appos") and root.head.i != root.i:
        root = root.head
    for token in root.subtree:
        if token.i == root.i or token.dep_ in ("conj", "appos"):
            other = actors.at(token)
            if other is not None and other.id in found:
                return True
    return False
