"""Who said, demanded, rejected ... what: direct quotes and reported speech, per actor.

Sentence by sentence, a reporting or stance verb (`lexicon.SPEECH_VERBS`) outside quotation
marks, or "according to X", or a speech noun ("its demand that ..."), names a speaker through
its subject; `ActorIndex.resolve` turns that into a named actor or drops an unnamed source.
Quotes in the sentence go to the speech verb whose clause holds them (else the nearest one).
A quote sentence with no speech verb of its own continues the last speaker's quote, unless an
unnamed speaker came in between. Each actor gets at most one statement per sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from summarizer.actors import ActorIndex, ActorInfo
from summarizer.lexicon import (
    LIGHT_VERBS,
    NEEDS_CLAUSE,
    NEEDS_CONTENT,
    PEOPLE_NOUNS,
    PERSON_NOUNS,
    SPEECH_NOUNS,
    SPEECH_VERBS,
    VOICED_NOUNS,
)
from summarizer.model import Position, Statement
from summarizer.quotes import Quote, QuoteMap
from summarizer.spans import span_text, subtree_without, trim

__all__ = ["find_positions"]

# Reporting verbs that add nothing to what is reported: the text is the content alone.
_NEUTRAL = frozenset(
    {"say", "tell", "add", "state", "write", "comment", "note", "explain", "reply", "respond"}
)
# Participles that give a speech noun its speaker ("claims made by X", "a warning issued by Y";
# not "proposals announced by X", which describes a plan).
_VOICING_VERBS = LIGHT_VERBS | frozenset({"level", "raise", "voice"})
_ORPHAN_REACH = 8
# Verbs that greet people as well as state a view: "welcomed the guests" is hosting, while
# "welcomed the decision" is a position.
_GREETING_VERBS = frozenset({"welcome", "thank", "congratulate"})
_GUEST_NOUNS = frozenset({"talent", "guest", "visitor", "crowd", "fan", "audience", "star"})
# Verbs that state something only with a clause, a quote, or an object that is itself speech.
_NEEDS_SPEECH_OBJECT = frozenset({"add", "refuse"})
_REQUEST_NOUNS = frozenset(
    {"request", "offer", "invitation", "plan", "bid", "idea", "suggestion", "claim", "report"}
)  # tokens between a subjectless reporting verb and the name before it
_CONTENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "prep", "attr", "oprd", "advcl", "dative"})
_CONTENT_PREPS = frozenset({"for", "on", "against", "about", "of", "to", "with", "over", "as"})
_DROP_BEFORE_VERB = frozenset(
    {"aux", "auxpass", "advmod", "npadvmod", "prep", "punct", "cc", "mark", "intj", "dep"}
)
_FLOATING_WINDOW = 4  # sentences a floating quote may look back for its speaker
# The relations that lead from a reported verb up into the content of another speech verb.
_DASHES = frozenset({"-", "–", "—", "--"})
_CONTENT_PATH = frozenset({"ccomp", "xcomp", "conj", "pcomp", "pobj", "prep", "dobj", "acomp"})
_CONDITIONAL = frozenset({"if", "unless", "whether"})
_REFUSING = frozenset({"decline", "refuse", "fail"})
# Governors that make their object speak ("forced him to deny"); any other governor of an
# object and an infinitive only asks or wishes for it ("urged X to condemn", "prefer X to admit").
_CAUSING = frozenset({"force", "compel", "oblige", "prompt", "lead", "cause", "drive", "spur"})
# "is likely to defend", "is expected to say": a forecast, not a statement.
_FORECAST = frozenset({"likely", "expected", "due", "set", "unlikely", "poised", "going"})


@dataclass(slots=True)
class _Speech:
    verb: Token  # the speech verb, the "according" token or the speech noun
    label: str  # the verb lemma ("insist"), "according to", or a speech noun ("demand")
    actors: list[ActorInfo]  # named speakers (empty for an unnamed source)
    quotes: list[Quote] = field(default_factory=list)
    content: list[Token] = field(default_factory=list)
    relative: bool = False  # a relative clause ("terms that Seoul rejects")


@dataclass(slots=True)
class _Entry:
    actor: ActorInfo
    statements: list[Statement] = field(default_factory=list)
    evidence_seen: set[int] = field(default_factory=set)


_BODY_LABELS = frozenset({"ORG", "GPE"})


def _misparsed_predicate(verb: Token) -> bool:
    """ "X, chairman of Y, called on Z to ...": a finite verb the parser hung on the name as a
    modifier is the sentence's predicate (a participle, "plans announced by X", is not)."""
    return (
        verb.dep_ == "acl"
        # "The United States, which leads the talks, pressed on": tagged as a participle, but
        # the only verb a noun-rooted sentence has.
        and (
            verb.tag_ in ("VBD", "VBZ", "VBP") or (verb.tag_ == "VBN" and verb.i > verb.head.i + 2)
        )
        and verb.head.pos_ == "PROPN"
        and verb.head.dep_ == "ROOT"
        and not any(c.dep_ in ("nsubj", "nsubjpass", "agent") for c in verb.children)
    )


def _subject_tokens(verb: Token) -> list[Token]:
    if _misparsed_predicate(verb):
        return _with_conjuncts([verb.head])
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if not subjects:
        for child in verb.children:
            if child.dep_ == "agent":
                subjects.extend(c for c in child.children if c.dep_ == "pobj")
    if not subjects and verb.dep_ == "conj" and verb.head.i != verb.i:
        return _subject_tokens(verb.head)
    if not subjects and verb.dep_ == "xcomp" and verb.head.dep_ == "acomp":
        return _subject_tokens(verb.head.head)  # "Beijing was quick to criticise"
    if not subjects and verb.dep_ == "xcomp" and verb.head.i != verb.i:
        head = verb.head
        objects = [c for c in head.children if c.dep_ == "dobj" and c.i < verb.i]
        if objects and any(_can_speak(o) for o in objects):
            # "prompting the Queen to ask", "forced him to deny": the object does it.
            return _with_conjuncts(objects)
        # "X was forced to deny": the passive subject of the governor speaks.
        passive = [c for c in head.children if c.dep_ == "nsubjpass"]
        return _with_conjuncts(passive) if passive else _subject_tokens(head)
    if not subjects and verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head.i != verb.i:
        return _subject_tokens(verb.head)
    if not subjects and verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.dep_ == "prep":
        # "who whipped up a storm for saying ...": the one who did so said it.
        governor = verb.head.head
        if governor.pos_ in ("VERB", "AUX") and governor.i != verb.i:
            return _subject_tokens(governor) + _companions(verb, [])
    subjects = [_like_of(s) or s for s in subjects]
    subjects = _with_conjuncts(subjects)
    return subjects + _companions(verb, subjects)


def _like_of(subject: Token) -> Token | None:
    """ "the likes of A and B are warning": the people named after "the likes of"."""
    if subject.lower_ != "likes":
        return None
    return next(
        (o for p in subject.children if p.lower_ == "of" for o in p.children if o.dep_ == "pobj"),
        None,
    )


def _companions(verb: Token, subjects: list[Token]) -> list[Token]:
    """ "Saudi Arabia, along with the UAE and Egypt, accused ...": the companions speak too;
    "A and B joined C in announcing ...": so does C."""
    out = [
        p
        for holder in (verb, *subjects)
        for along in holder.children
        if along.dep_ == "prep" and along.lower_ in ("along", "together")
        for w in along.children
        if w.dep_ == "prep" and w.lower_ == "with"
        for p in _with_conjuncts([c for c in w.children if c.dep_ == "pobj"])
    ]
    if verb.dep_ == "pcomp" and verb.head.lower_ == "in" and verb.head.head.lemma_ == "join":
        out += _with_conjuncts([c for c in verb.head.head.children if c.dep_ == "dobj"])
    return out


def _can_speak(token: Token) -> bool:
    """Whether an object could be the one who speaks: someone, not a thing ("used an
    address to call for talks": the user calls)."""
    return (
        token.pos_ in ("PRON", "PROPN")
        or token.ent_type_ != ""
        or token.lemma_.lower() in PERSON_NOUNS
        or token.lemma_.lower() in PEOPLE_NOUNS
    )


def _asserted(verb: Token) -> bool:
    """False for speech only supposed: "if X said", "declined to say", "could argue"."""
    current = verb
    for _ in range(4):
        if any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL for c in current.children):
            return False
        if current.dep_ not in ("xcomp", "advcl", "conj") or current.head.i == current.i:
            return True
        if current.dep_ == "conj" and any(c.dep_ == "nsubj" for c in current.children):
            return True  # "X refused the offer, and Y added that ...": a clause of its own
        step = current.dep_
        current = current.head
        if current.lemma_.lower() in _REFUSING or current.lower_ in _FORECAST:
            return False
        if (
            step == "xcomp"
            and current.lemma_.lower() not in _CAUSING
            and any(c.dep_ == "dobj" and c.i < verb.i and _can_speak(c) for c in current.children)
        ):
            return False  # "urged Mr X to say", "would prefer Turkey to admit": not said
    return True


def _with_conjuncts(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    stack = list(reversed(tokens))
    while stack:
        token = stack.pop()
        out.append(token)
        stack.extend(c for c in token.children if c.dep_ == "conj")
        # "The United Nations, European Union, as well as ...": bodies listed side by side.
        if token.ent_type_ in _BODY_LABELS:
            stack.extend(
                c
                for c in token.children
                if c.dep_ == "appos"
                and c.ent_type_ in _BODY_LABELS
                and c.left_edge.ent_type_ in _BODY_LABELS  # not "X, chief of Y"
                and c.right_edge.i + 1 < len(c.doc)
                and c.doc[c.right_edge.i + 1].text == ","  # the list goes on
            )
    return out


def _has_content(verb: Token) -> bool:
    for child in verb.children:
        if child.dep_ in ("ccomp", "xcomp", "dobj", "attr", "oprd", "dative"):
            return True
        if child.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in ("for", "that") for c in child.children
        ):
            return True  # "called for the embargo to be lifted"
        if child.dep_ == "prep" and child.lower_ in _CONTENT_PREPS:
            return True
    return False


class _SentenceReader:
    def __init__(self, doc: Doc, actors: ActorIndex, quotes: QuoteMap) -> None:
        self.doc = doc
        self.actors = actors
        self.quotes = quotes

    def speeches(self, sent: Span) -> list[_Speech]:
        found: list[_Speech] = []
        for token in sent:
            if self.quotes.inside(token.i):
                continue
            speech = self._speech_at(token)
            if speech is not None:
                found.append(speech)
        return found

    def _speech_at(self, token: Token) -> _Speech | None:
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" and (
            lemma in SPEECH_VERBS
            or _speaks_out(token)
            or (  # "issued a statement", "offered condolences"
                lemma in LIGHT_VERBS
                and any(c.dep_ == "dobj" and _voiced(c) for c in token.children)
            )
        ):
            return self._verb_speech(token, lemma)
        if token.lower_ == "according" and token.i + 1 < len(self.doc):
            nxt = self.doc[token.i + 1]
            if nxt.lower_ == "to":
                pobjs = [c for c in nxt.children if c.dep_ == "pobj"] or [
                    c for c in token.children if c.dep_ == "pobj"
                ]
                if pobjs:
                    return _Speech(token, "according to", self._resolve_all(_with_conjuncts(pobjs)))
            return None
        if token.pos_ == "NOUN" and lemma in SPEECH_NOUNS and token.head.lemma_ not in LIGHT_VERBS:
            # "Syria's denials", "Mr Blair's promise that ...": a speech act named by a noun.
            owners = [c for c in token.children if c.dep_ == "poss"]
            # "the announcement by X that ...", "an objection by X".
            owners += [
                p
                for by in token.children
                if by.dep_ == "prep" and by.lower_ == "by"
                for p in by.children
                if p.dep_ == "pobj"
            ]
            # "the claims made on Monday by X": the agent of the noun's participle owns it.
            owners += [
                p
                for made in token.children
                if made.dep_ == "acl"
                and made.tag_ == "VBN"
                and made.lemma_.lower() in _VOICING_VERBS
                for agent in made.children
                if agent.dep_ == "agent"
                for p in agent.children
                if p.dep_ == "pobj"
            ]
            if owners:
                actors = self._resolve_all(owners)
                if actors:
                    return _Speech(token, lemma, actors)
        return None

    def _greets(self, verb: Token) -> bool:
        """Whether a greeting verb's object is people ("welcomed talent at the top of the
        steps", "thanked the fans") and no clause says more."""
        if any(c.dep_ in ("ccomp", "xcomp") for c in verb.children):
            return False
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        return bool(objects) and all(
            o.lemma_.lower() in PEOPLE_NOUNS
            or o.lemma_.lower() in _GUEST_NOUNS
            or ((a := self.actors.at(o)) is not None and a.kind == "person")
            for o in objects
        )

    def _verb_speech(self, verb: Token, lemma: str) -> _Speech | None:
        if any(c.dep_ == "neg" for c in verb.children):
            return None  # "has not confirmed", "did not say"
        if verb.dep_ == "acl" and not _misparsed_predicate(verb):
            return None  # "plans announced by X", "backed by the UK": a description
        if not _asserted(verb) and not _as_reported_by(verb):
            return None  # (a report of a forecast is still a report)
        if (
            lemma in NEEDS_CLAUSE
            and not any(c.dep_ == "ccomp" for c in verb.children)
            and not _as_reported_by(verb)
            # "Tehran has ruled out direct talks": a refusal, which states a position.
            and not (lemma == "rule" and _ruled_out(verb))
        ):
            return None
        if (
            lemma == "call"
            and any(c.dep_ == "oprd" for c in verb.children)
            and (verb.dep_ == "relcl" or any(c.lower_ == "what" for c in verb.children))
        ):
            return None  # "what it calls X" names something, it states nothing
        if any(c.dep_ == "nsubjpass" for c in verb.children) and not any(
            c.dep_ == "agent" for c in verb.children
        ):
            return None  # "he was urged to": the subject is told, not telling
        own = any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
        subjects = (
            (self._inverted_subject(verb) if not own else [])
            or _subject_tokens(verb)
            or self._orphan_subject(verb)
        )
        if not subjects:
            return None
        if subjects[0].lower_ in ("i", "we", "you") and not self.quotes.inside(subjects[0].i):
            return None
        label = lemma
        if lemma in LIGHT_VERBS:
            nouns = [c for c in verb.children if c.dep_ == "dobj" and _voiced(c)]
            if nouns:
                label = nouns[0].lemma_.lower()
            elif lemma not in SPEECH_VERBS:
                return None
        if lemma in NEEDS_CONTENT and not _has_content(verb):
            return None
        if lemma in _NEEDS_SPEECH_OBJECT and not _speech_object(verb):
            return None
        if lemma in _GREETING_VERBS and self._greets(verb):
            return None
        # "X said ..., as did Y and Z": the elliptical clause repeats the speech for them.
        # The parser hangs it on the speech verb or on the reported clause.
        clauses = [verb, *(c for c in verb.children if c.dep_ == "ccomp")]
        subjects += [
            s
            for clause in clauses
            for c in clause.children
            if c.dep_ == "advcl"
            and c.lemma_.lower() == "do"
            and any(m.dep_ == "mark" and m.lower_ == "as" for m in c.children)
            for s in _with_conjuncts([n for n in c.children if n.dep_ == "nsubj"])
        ]
        actors = self._resolve_all(subjects)
        if len(actors) > 1 and not any(s.dep_ == "conj" for s in subjects):
            # "Colin Asplin, Blackpool Hotel Association said": two subjects side by side are
            # a person and the body he speaks for; the person speaks.
            people = [a for a in actors if a.kind == "person"]
            actors = people or actors
        return _Speech(verb, label, actors, relative=verb.dep_ == "relcl")

    def _orphan_subject(self, verb: Token) -> list[Token]:
        """A finite reporting verb the parser left without a subject ("X, on Saturday, called
        him ...", "In a speech to the Centre Mr X said"): the named actor just before it,
        with no other verb in between."""
        if verb.tag_ not in ("VBD", "VBZ", "VBP") or verb.dep_ not in ("ROOT", "advcl"):
            return []
        sent = verb.sent
        for token in reversed(sent[: verb.i - sent.start]):
            if verb.i - token.i > _ORPHAN_REACH or token.pos_ in ("VERB", "AUX"):
                return []
            if self.quotes.inside(token.i):
                return []
            actor = self.actors.at(token) if token.pos_ == "PROPN" else None
            if actor is not None and not (actor.kind == "country" and token.dep_ == "pobj"):
                return [token]  # (not "speaking in Paris", a place)
        return []

    def _folded(self, head: Token) -> list[Token]:
        """ "Foreign Minister A and Defence Minister B said": the parser folds the first title
        and name into the second name's phrase, as a modifier; A speaks too."""
        own = self.actors.at(head)
        if own is None or own.kind != "person":
            return []
        found: list[Token] = []
        for child in head.children:
            if child.dep_ not in ("nmod", "compound") or child.i > head.i:
                continue
            for t in child.subtree:
                other = self.actors.at(t) if t.dep_ == "nmod" else None
                if other is not None and other.kind == "person" and other is not own:
                    found.append(t)
        return found

    def _inverted_subject(self, verb: Token) -> list[Token]:
        """ "..., warns technology analyst Bill Thompson.": a reporting verb after a comma or a
        quote whose named speaker closes the sentence, read by the parser as its object."""
        sent = verb.sent
        if verb.i == sent.start or not (
            self.doc[verb.i - 1].text in (",", '"', "”", "'") or self.quotes.inside(verb.i - 1)
        ):
            return []
        tail = [t for t in sent[verb.i - sent.start + 1 :] if not (t.is_punct or t.is_space)]
        named = [t for t in tail if t.pos_ == "PROPN" and self.actors.at(t) is not None]
        if not named or named[-1].i != tail[-1].i:
            return []
        actor = self.actors.at(named[-1])
        first = next(t for t in tail if self.actors.at(t) is actor)
        # Only titles and the name itself between the verb and the end of the sentence.
        if any(t.pos_ in ("VERB", "AUX") for t in tail if t.i < first.i):
            return []
        return [named[-1]]

    def _resolve_all(self, tokens: list[Token]) -> list[ActorInfo]:
        actors: list[ActorInfo] = []
        for token in [t for head in tokens for t in (*self._folded(head), head)]:
            actor = self.actors.resolve(token)
            if actor is not None and actor not in actors:
                actors.append(actor)
                self.actors.remember(token, actor)
            elif actor is None:
                # "The leaders of Bolivia and Honduras have indicated ...": unnamed holders of
                # a post speak for the countries whose post it is.
                held = [self.actors.at(t) for t in self.actors.office_holders_of(token)]
                actors += [
                    a for a in held if a is not None and a.kind == "country" and a not in actors
                ]
        return actors


def _assign_quotes(speeches: list[_Speech], quotes: list[Quote]) -> None:
    """Each quote goes to the innermost speech whose clause holds it, else the nearest one."""
    for quote in quotes:
        holders = [
            s for s in speeches if s.verb.left_edge.i <= quote.start < s.verb.right_edge.i + 1
        ]
        if holders:
            owner = min(holders, key=lambda s: s.verb.right_edge.i - s.verb.left_edge.i)
        else:
            owner = min(
                speeches,
                key=lambda s: min(abs(s.verb.i - quote.start), abs(s.verb.i - quote.end)),
            )
        owner.quotes.append(quote)


def _statement_text(speech: _Speech, nested: list[_Speech], quote_text: str | None) -> str:
    verb = speech.verb
    if speech.relative:
        antecedent = verb.head
        tokens = [t for t in antecedent.subtree if t.i <= verb.right_edge.i]
        return span_text(trim(tokens, keep_determiner=True))
    if speech.label == "according to":
        head = verb.head
        skip = {t.i for t in verb.subtree}
        tokens = [t for t in head.subtree if t.i not in skip]
        return span_text(trim(tokens, keep_determiner=True))
    cut = {
        t.i for other in nested for t in (other.verb.head if other.relative else other.verb).subtree
    }
    cut |= {t.i for s in _subject_tokens(verb) for t in s.subtree if s.head.i == verb.i}
    content_children = [
        c
        for c in verb.children
        if (c.dep_ in _CONTENT_DEPS and c.i not in cut and c.dep_ != "prep")
        or (c.dep_ == "prep" and c.lower_ in _CONTENT_PREPS and c.i > verb.i)
    ]
    fronted = [c for c in content_children if c.i < verb.i]
    if speech.label in _NEUTRAL and not any(c.dep_ == "ccomp" for c in content_children):
        # "said in an interview with a newspaper that ...": the parser reads the "that" clause
        # as a relative clause of the interview's noun; it is what was said.
        content_children += _misread_that_clauses(verb)
    if speech.label in _NEUTRAL or fronted:
        parts = fronted or [c for c in content_children if c.i > verb.i]
        tokens = [t for c in parts for t in c.subtree if t.i not in cut]
        text = span_text(trim(sorted(tokens, key=lambda t: t.i), keep_determiner=True))
        if quote_text and (not text or len(quote_text) >= 0.6 * len(text)):
            return quote_text
        return text or (quote_text or "")
    tokens = [
        t
        for t in subtree_without(verb, ())
        if t.i not in cut
        and not (t.i < verb.i and t.dep_ in _DROP_BEFORE_VERB and t.head.i == verb.i)
        and not (t.i < verb.i and t.head.i != verb.i and _under_dropped(t, verb))
    ]
    return span_text(trim(tokens, keep_determiner=True))


def _under_dropped(token: Token, verb: Token) -> bool:
    """Whether `token` hangs under a pre-verb modifier of `verb` that the text drops."""
    current = token
    while current.head.i != verb.i and current.head.i != current.i:
        current = current.head
    return current.head.i == verb.i and current.i < verb.i and current.dep_ in _DROP_BEFORE_VERB


def _sentence_starts_quoted(sent: Span, quotes: QuoteMap) -> bool:
    for token in sent:
        if token.is_space:
            continue
        return quotes.inside(token.i) or token.text in ('"', "“", "``", "‘")
    return False


def _clip(quote: Quote, sent: Span, quotes: QuoteMap) -> str:
    start, end = max(quote.start, sent.start), min(quote.end, sent.end)
    return quotes.text(Quote(start, end)) if end > start else ""


def find_positions(
    doc: Doc, sents: list[Span], actors: ActorIndex, quotes: QuoteMap
) -> list[Position]:
    reader = _SentenceReader(doc, actors, quotes)
    entries: dict[int, _Entry] = {}
    order: list[int] = []
    last_speaker: list[ActorInfo] | None = None
    last_sentence = -_FLOATING_WINDOW - 1

    def add(actor: ActorInfo, statement: Statement) -> None:
        if actor.id not in entries:
            entries[actor.id] = _Entry(actor)
            order.append(actor.id)
        entries[actor.id].statements.append(statement)

    for index, sent in enumerate(sents):
        evidence = sent.text.strip()
        speeches = reader.speeches(sent)
        sent_quotes = [q for q in quotes.in_span(sent.start, sent.end) if _clip(q, sent, quotes)]
        if not speeches:
            floating = (
                sent_quotes
                and _sentence_starts_quoted(sent, quotes)
                and last_speaker
                and index - last_sentence <= _FLOATING_WINDOW
            )
            if floating and last_speaker:
                text = " ".join(_clip(q, sent, quotes) for q in sent_quotes)
                for actor in last_speaker:
                    add(actor, Statement(text=text, quote=text, verb=None, evidence=evidence))
                last_sentence = index
            continue
        if sent_quotes:
            _assign_quotes(speeches, sent_quotes)
        spoken: set[int] = set()
        # Speech inside another's content stays in that content; the rest stand alone.
        standing = [s for s in speeches if s.actors and not _reported_within(s, speeches)]
        for speech in standing:
            ids = {a.id for a in speech.actors}
            nested = [
                other
                for other in standing
                if other is not speech
                and speech.verb.is_ancestor(other.verb)
                and ({a.id for a in other.actors} != ids or other.verb.dep_ in ("advcl", "conj"))
            ]
            quote_text = _main_quote([_clip(q, sent, quotes) for q in speech.quotes])
            text = _statement_text(speech, nested, quote_text)
            if not text:
                continue
            for actor in speech.actors:
                if actor.id in spoken:
                    _merge_quote(entries[actor.id], quote_text)
                    continue
                spoken.add(actor.id)
                add(
                    actor,
                    Statement(text=text, quote=quote_text, verb=speech.label, evidence=evidence),
                )
        # The speaker a following quote sentence continues: the one holding a quote here,
        # else the sentence's main speaker; an unnamed source breaks the chain.
        holder = next((s for s in speeches if s.quotes), None) or speeches[0]
        last_speaker = holder.actors or None
        last_sentence = index
    return [
        Position(actor=entries[i].actor.actor(), statements=tuple(entries[i].statements))
        for i in order
        if _named(entries[i].actor)
    ]


def _named(actor: ActorInfo) -> bool:
    """A lone capitalised word the NER called a person, never with a first name, title or
    courtesy title in the article, is more often a misread ("the Bill") than a speaker."""
    if actor.kind == "person" and " " not in actor.name:
        return actor.gender is not None or actor.role is not None
    return True


def _reported_within(speech: _Speech, speeches: list[_Speech]) -> bool:
    """Whether a speech lies inside what another speaker says ("She said the Tories would
    announce ..."): the article attributes only the outer one. A relative clause or an
    apposition on the way up is the article's own description ("terms that Seoul rejects")."""
    if speech.verb.pos_ == "NOUN":
        return False  # "Syria's denials": the article names the speech act itself
    verbs = {s.verb.i: s for s in speeches}
    current = speech.verb
    through_content = False
    while current.head.i != current.i:
        # An adverbial clause of reported content stays inside it ("says they were freed
        # after the UK promised ...").
        if current.dep_ not in _CONTENT_PATH and not (
            current.dep_ == "advcl" and current.i == speech.verb.i and _in_content(current)
        ):
            return (
                False  # "while the Lib Dems said", "terms that Seoul rejects": a clause of its own
            )
        if current.dep_ == "conj" and any(
            c.dep_ in ("nsubj", "nsubjpass") for c in current.children
        ):
            return False  # "X said A but the Tories say B": a new sentence in all but name
        through_content = through_content or current.dep_ in ("ccomp", "xcomp")
        head = current.head
        lo, hi = sorted((head.i, current.i))
        if any(t.text in _DASHES for t in speech.verb.doc[lo:hi] if t.head.i == head.i):
            return False  # "A want X - the Commission has urged Y": two statements
        current = head
        outer = verbs.get(current.i)
        if outer is not None and outer is not speech:
            # Unnamed sources ("..., diplomats said") are the article's own way of telling;
            # what they report is not hidden inside a named speaker's words.
            return (
                through_content
                and bool(outer.actors)
                and {a.id for a in outer.actors} != {a.id for a in speech.actors}
            )
    return False


def _in_content(clause: Token) -> bool:
    """Whether an adverbial clause ("after the UK promised ...") hangs on a verb that is itself
    reported content ("The Pentagon says they were freed after ...")."""
    return clause.head.dep_ in ("ccomp", "xcomp") and clause.head.head.i != clause.head.i


def _main_quote(texts: list[str]) -> str | None:
    """The first real quotation (four words or more), else the first scare quote."""
    texts = [t for t in texts if t]
    return next((t for t in texts if len(t.split()) >= 4), texts[0] if texts else None)


def _speech_object(verb: Token) -> bool:
    """ "refused to comment", "refused the demand", "added that ...": a speech act; "refused a
    possible three points", "added a penalty" are deeds (an object that is no speech)."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if not objects or any(c.dep_ == "ccomp" for c in verb.children):
        return True
    return any(
        o.lemma_.lower() in SPEECH_NOUNS or o.lemma_.lower() in _REQUEST_NOUNS or o.pos_ == "PRON"
        for o in objects
    )


def _misread_that_clauses(verb: Token) -> list[Token]:
    """Relative clauses led by "that" under the verb's prepositional phrases, whose "that"
    has no antecedent role in them (it is a complementiser read as a pronoun)."""
    return [
        clause
        for prep in verb.children
        if prep.dep_ == "prep" and prep.i > verb.i
        for clause in prep.subtree
        if clause.dep_ == "relcl"
        and any(c.lower_ == "that" and c.dep_ in ("dobj", "mark") for c in clause.children)
        and any(c.dep_ == "nsubj" for c in clause.children)
    ]


def _merge_quote(entry: _Entry, quote_text: str | None) -> None:
    """A second speech verb of the same actor in one sentence only adds its quote."""
    if not quote_text or not entry.statements:
        return
    last = entry.statements[-1]
    if last.quote is None or len(quote_text) > len(last.quote):
        entry.statements[-1] = Statement(
            text=last.text, quote=quote_text, verb=last.verb, evidence=last.evidence
        )


def _voiced(noun: Token) -> bool:
    """A light verb's object that makes it a statement: "a warning", "condolences", "concern"."""
    lemma = noun.lemma_.lower()
    return lemma in SPEECH_NOUNS or lemma in VOICED_NOUNS or noun.lower_ in VOICED_NOUNS


def _as_reported_by(verb: Token) -> bool:
    """ "..., as reported by The Sunday Times": the agent reports the clause it hangs on."""
    return (
        verb.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
        and any(c.dep_ == "agent" for c in verb.children)
    )


def _ruled_out(verb: Token) -> bool:
    """ "ruled out talks", "talks, which X has ruled out": a refusal with its object."""
    return any(c.dep_ == "prt" and c.lower_ == "out" for c in verb.children) and (
        any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in verb.children) or verb.dep_ == "relcl"
    )


def _speaks_out(verb: Token) -> bool:
    """ "spoke out against the move", "has spoken out on the issue": a stance taken."""
    return (
        verb.lemma_.lower() == "speak"
        and any(c.dep_ == "prt" and c.lower_ == "out" for c in verb.children)
        and any(
            c.dep_ == "prep" and c.lower_ in ("against", "on", "about", "for")
            for c in verb.children
        )
    )
