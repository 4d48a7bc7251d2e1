"""What an event is in the parse, and the grammar the attendance rules read it with.

Predicates over spaCy tokens: which nouns name an occasion people attend (talks, a summit, a
final, a live show), which phrases put someone on its bill, and small helpers for objects,
negation, particles and passive agents. Pure functions; `attendance.py` holds the rules.
"""

from __future__ import annotations

from spacy.tokens import Token

from summarizer.lexicon import (
    AUDIENCE_NOUNS,
    EVENT_NOUNS,
    KIN_NOUNS,
    NOT_EVENT_COMPOUNDS,
    PERFORMANCE_NOUNS,
    PRESENCE_NOUNS,
    RITE_WORDS,
    SPEECH_EVENT_NOUNS,
)

# Shows held in a hall or a field rather than on the air.
_LIVE_SHOWS = frozenset(
    {"trade", "motor", "air", "fashion", "flower", "car", "boat", "awards", "award", "live"}
)
_BILL_MARKS = frozenset({"keynote", "guest", "special", "star", "headline", "invited"})
_NOMINAL_DEPS = frozenset({"dobj", "pobj", "nsubj", "nsubjpass", "oprd", "attr", "conj"})
_ROUND_PREFIXES = frozenset({"quarter", "semi"})
# What keeps a player out: "out with a broken thumb", "out through injury".
_INJURY_WORDS = frozenset(
    {"injury", "broken", "fracture", "fractured", "strain", "illness", "virus", "knock", "ban"}
)
# What makes a briefing the press's routine rather than a meeting.
_PRESS_ROUTINE = frozenset({"regular", "daily", "weekly", "midday", "press", "news", "media"})
# Gatherings whose speeches are made to those present.
GATHERING_NOUNS = frozenset(
    {"conference", "summit", "rally", "convention", "congress", "forum", "gathering", "meeting"}
)
# Kinds of gathering that may precede a name ("the conference 3GSM", "the summit Apec").
_NAMED_EVENT_KINDS = GATHERING_NOUNS | {"festival", "expo", "fair", "championship", "tournament"}


_PRODUCT_GAME_WORDS = frozenset({"new", "video", "computer", "online", "mobile", "board", "card"})


def is_event(token: Token) -> bool:
    """Whether a token names an occasion people attend (talks, a summit, a final, a live show)."""
    if token.lower_ in ("show", "shows") and not is_live_show(token):
        return False
    if token.ent_type_ == "EVENT":
        return True
    # "the mobile phone conference 3GSM": a name whose kind is given before it.
    if (token.text[:1].isupper() or token.text[:1].isdigit()) and any(
        c.dep_ == "compound" and c.lemma_.lower() in _NAMED_EVENT_KINDS for c in token.children
    ):
        return True
    if is_split_round(token):
        return True
    if token.pos_ not in ("NOUN", "PROPN") and not (
        # The tagger often reads "the final" as an adjective, and "his first meeting" as a
        # gerund; in a noun's slot, with a determiner or modifier, they are events.
        (token.pos_ == "ADJ" and token.dep_ in _NOMINAL_DEPS)
        or (
            token.tag_ == "VBG"
            and token.dep_ in _NOMINAL_DEPS
            and any(c.dep_ in ("det", "poss", "amod", "compound") for c in token.children)
        )
    ):
        return False
    lemma = token.lemma_.lower()
    if lemma == "service":
        return any(c.lower_ in RITE_WORDS for c in token.children)
    if lemma == "hall" and any(c.dep_ == "compound" and c.lower_ == "town" for c in token.children):
        return token.dep_ != "pobj" or token.head.lower_ != "at"  # a town hall held, not a venue
    if lemma == "briefing" and any(c.lower_ in _PRESS_ROUTINE for c in token.children):
        return False  # "a regular briefing": the press told, not a meeting attended
    if not (lemma in EVENT_NOUNS or token.lower_ in EVENT_NOUNS):
        return False
    if lemma == "game" and any(
        c.dep_ in ("amod", "compound") and c.lower_ in _PRODUCT_GAME_WORDS for c in token.children
    ):
        return False  # "the new Halo game", "a video game": a product played, not a match
    # A news or press conference is where something was said, not an event attended.
    return not any(
        c.dep_ in ("compound", "amod") and c.lower_ in NOT_EVENT_COMPOUNDS for c in token.children
    )


def is_live_show(token: Token) -> bool:
    """A show one goes to (a motor show, "at the show", "the Consumer Electronics Show"), not
    one broadcast ("his morning show", "hosted a music video show", "on the show")."""
    hosted = token.dep_ == "dobj" and token.head.lemma_.lower() in ("host", "present")
    if token.dep_ == "dobj" and token.head.lemma_.lower() in ("attend", "visit"):
        return True  # "firms attending the show": one attends a show held somewhere
    if (token.pos_ == "PROPN" and not hosted) or (
        token.dep_ == "pobj" and token.head.lower_ == "at"
    ):
        return True  # a named show ("the Consumer Electronics Show"), unless one presents it
    return any(c.dep_ in ("compound", "amod") and c.lower_ in _LIVE_SHOWS for c in token.children)


def is_split_round(token: Token) -> bool:
    """ "the quarter-final" split by the tokenizer: "quarter" heads the phrase."""
    doc = token.doc
    return (
        token.lower_ in _ROUND_PREFIXES
        and token.i + 2 < len(doc)
        and doc[token.i + 1].text == "-"
        and doc[token.i + 2].lower_ in ("final", "finals")
    )


def is_audience(token: Token) -> bool:
    if not (token.lemma_.lower() in AUDIENCE_NOUNS or token.lower_ in AUDIENCE_NOUNS):
        return False
    return not any(c.lower_ in NOT_EVENT_COMPOUNDS for c in token.children)


def objects_of(
    verb: Token, preps: frozenset[str] | None = None, *, direct: bool = True
) -> list[Token]:
    """Direct objects and prepositional objects (of the given prepositions) of a verb."""
    out = [c for c in verb.children if c.dep_ in ("dobj", "attr")] if direct else []
    for prep in (c for c in verb.children if c.dep_ == "prep"):
        if preps is None or prep.lower_ in preps:
            out.extend(c for c in prep.children if c.dep_ in ("pobj", "pcomp"))
    return out


def event_in(tokens: list[Token]) -> Token | None:
    return next((t for t in tokens if is_event(t)), None)


def event_near(verb: Token) -> Token | None:
    """An event among the verb's objects, or one level down ("a speech to the conference");
    for a passive, its subject ("the meeting is being hosted by X")."""
    objects = objects_of(verb) + [c for c in verb.children if c.dep_ == "nsubjpass"]
    found = event_in(objects)
    if found is not None:
        return found
    for obj in objects:
        found = event_in(objects_of(obj))
        if found is not None:
            return found
    return None


def is_negated(token: Token) -> bool:
    if any(c.dep_ == "neg" or c.lower_ == "never" for c in token.children):
        return True
    if any(
        c.lower_ in ("longer", "more") and any(n.lower_ == "no" for n in c.children)
        for c in token.children
        if c.dep_ == "advmod"
    ):
        return True  # "would no longer participate"
    # "Neither X nor Y will attend", "neither (of them) was present": the negation sits on
    # the subject.
    subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
    return any(c.lower_ in ("neither", "none") for c in subjects) or any(
        g.dep_ in ("preconj", "det") and g.lower_ == "neither" for c in subjects for g in c.children
    )


def has_particle(token: Token, particle: str) -> bool:
    return any(c.dep_ in ("prt", "advmod", "prep") and c.lower_ == particle for c in token.children)


def passive_agents(verb: Token) -> list[Token]:
    agents = [p for a in verb.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
    if agents:
        # "led by Ambassador to NATO X": the parser hangs the title's "to X" on the verb.
        agents += [
            p
            for a in agents
            if a.is_title and a.ent_type_ == "" and not list(a.children)
            for prep in verb.children
            if prep.dep_ == "prep" and prep.i == a.i + 1
            for p in prep.children
            if p.dep_ == "pobj" and p.ent_type_ == "PERSON"
        ]
        # "headed by the representative of X, Dr Y, and Z": the parser may hang the name in
        # apposition (and the names joined to it) on the verb.
        last = max(a.right_edge.i for a in agents)
        agents += [
            c
            for c in verb.children
            if c.dep_ in ("npadvmod", "appos")
            and c.pos_ == "PROPN"
            and c.ent_type_ == "PERSON"
            and c.left_edge.i > last
            and c.doc[c.left_edge.i - 1].text == ","
        ]
    if agents or not any(c.dep_ == "auxpass" for c in verb.children):
        return agents
    # "He will be joined at the talks by X": the parser hangs the "by" on the verb's object.
    return [
        p
        for obj in objects_of(verb, frozenset({"at", "in", "for"}), direct=False)
        for by in obj.children
        if by.dep_ == "prep" and by.lower_ == "by"
        for p in by.children
        if p.dep_ == "pobj"
    ]


def is_past_perfect(token: Token) -> bool:
    """ "had been due/expected to": the expectation is over, and was not met."""
    auxes = [c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")]
    if token.lemma_.lower() == "due" and token.head.lemma_ == "be":
        auxes += [c.lower_ for c in token.head.children if c.dep_ == "aux"] + [token.head.lower_]
    return "had" in auxes and "been" in auxes


def is_here_or_there(copula: Token, adverb: Token) -> bool:
    """ "X will be here", and "X will also be there": a planned presence (a past "was there"
    more often places a witness than an attendee)."""
    if adverb.lower_ == "here":
        return True
    return adverb.lower_ == "there" and any(
        c.dep_ == "aux" and c.lower_ in ("will", "'ll", "to") for c in copula.children
    )


def is_speech(token: Token) -> bool:
    return token.lower_ in SPEECH_EVENT_NOUNS or token.lemma_.lower() in SPEECH_EVENT_NOUNS


def is_sidelined(out: Token) -> bool:
    """ "out with a broken thumb", "out through injury", "out of the final"."""
    doc = out.doc
    after = doc[out.i + 1 : out.i + 7]
    if len(after) and after[0].lower_ == "of":
        return event_in([t for t in after[1:] if t.dep_ == "pobj"]) is not None
    if not any(t.lower_ in ("with", "through", "injured") for t in after[:2]):
        return False
    return any(t.lemma_.lower() in _INJURY_WORDS for t in after)


def is_keynote(noun: Token) -> bool:
    """A keynote or opening speech, given at an event by definition."""
    return noun.lower_ == "keynote" or any(
        c.dep_ in ("amod", "compound") and c.lower_ in ("keynote", "opening") for c in noun.children
    )


def left_event(verb: Token) -> bool:
    """ "left the summit early", "walked (or stormed) out of the talks"."""
    lemma = verb.lemma_.lower()
    if lemma == "leave":
        return event_in(objects_of(verb, frozenset())) is not None
    if lemma not in ("walk", "storm") or not has_particle(verb, "out"):
        return False
    heads = [verb, *(c for c in verb.children if c.lower_ == "out")]
    places = [o for h in heads for o in objects_of(h, frozenset({"of"}), direct=False)]
    return event_in(places) is not None


def is_instead_of(prep: Token) -> bool:
    """ "instead of" (or "rather than"): the preposition introduces what was not done."""
    if prep.lower_ == "of" and prep.head.lower_ == "instead":
        return True
    return prep.lower_ == "of" and any(c.lower_ == "instead" for c in prep.children)


def datives_of(verb: Token) -> list[Token]:
    """ "sent a team to the talks" with "to" read as the verb's dative."""
    return [p for c in verb.children if c.dep_ == "dative" for p in c.children if p.dep_ == "pobj"]


def is_kin(token: Token) -> bool:
    """A relative of someone's, named or not ("his future wife", "his wife, Jane Doe")."""
    head = token.head if token.dep_ == "appos" else token
    words = [head, *(c for c in head.children if c.dep_ in ("compound", "appos", "nmod"))]
    return any(w.lemma_.lower() in KIN_NOUNS or w.lower_ in KIN_NOUNS for w in words)


def is_presence_noun(token: Token) -> bool:
    return token.pos_ == "NOUN" and (
        token.lemma_.lower() in PRESENCE_NOUNS or token.lower_ in PRESENCE_NOUNS
    )


def performs_show(verb: Token) -> bool:
    """ "gave a concert", "will headline the festival": a show as the object (any event for
    "play" or "headline", but "gave a speech" needs an audience, read elsewhere)."""
    for obj in objects_of(verb, frozenset()):
        if obj.lemma_.lower() in PERFORMANCE_NOUNS or obj.lower_ in PERFORMANCE_NOUNS:
            return True
        if verb.lemma_.lower() != "give" and is_event(obj):
            # "played the new game" is more often a video game than a match.
            return obj.lower_ not in SPEECH_EVENT_NOUNS and obj.lemma_.lower() != "game"
    return False


def is_billed(noun: Token) -> bool:
    """A keynote speaker, a special guest, performers at the gala: billed at an event (not
    "the Speaker" of a house, nor "a guest on the programme")."""
    if any(c.dep_ in ("amod", "compound") and c.lower_ in _BILL_MARKS for c in noun.children):
        return True
    if noun.tag_ == "NNS" and noun.dep_ == "pobj" and noun.head.lower_ == "among":
        return True  # "X and Y were among the panellists"
    return event_in(objects_of(noun, frozenset({"at"}), direct=False)) is not None


def on_stage(verb: Token) -> bool:
    """ "on stage", "took to the stage" (not "on the world stage", "at this stage")."""
    return any(
        p.lemma_.lower() == "stage" and not any(c.dep_ in ("amod", "compound") for c in p.children)
        for p in objects_of(verb, frozenset({"on", "onto"}), direct=False)
        + (objects_of(verb, frozenset({"to"}), direct=False) if verb.lemma_ == "take" else [])
    )


def ruled_out_of(verb: Token) -> bool:
    """An event the passive "ruled out of" / "sidelined for" names."""
    heads = [verb, *(c for c in verb.children if c.lower_ == "out")]
    return any(event_in(objects_of(h, frozenset({"of", "for"}), direct=False)) for h in heads)


def is_away(copula: Token) -> bool:
    """ "were away with their countries", "is away on duty": away from where the story is."""
    away = next((c for c in copula.children if c.dep_ == "advmod" and c.lower_ == "away"), None)
    if away is None:
        return False
    return any(
        p.dep_ == "prep" and p.lower_ in ("with", "on") for p in (*away.children, *copula.children)
    )


def is_scheduled(verb: Token) -> bool:
    """ "X is to speak": a programme announced in the copula-plus-infinitive form."""
    head = verb.head
    return (
        verb.dep_ == "xcomp"
        and head.lemma_ == "be"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    )
