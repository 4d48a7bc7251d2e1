"""Cues the attendance reader looks for in the parse: small predicates on tokens (an earlier
occasion, a video link, a building, "sent to represent"), and the word lists they use. They
know nothing of the article's actors; `attendance` combines them with the actor index."""

from __future__ import annotations

from spacy.tokens import Token

from summarizer.lexicon import DELEGATION_NOUNS, EXPECT_VERBS, PRESENCE_ADJ
from summarizer.occasions import event_in, has_particle, is_event, objects_of, passive_agents

# Those at an event, by the part they take: "participants include X and Y", "among the
# dignitaries", "As guests arrived ... Among them were X and Y".
ATTENDEE_NOUNS = frozenset(
    {"participant", "attendee", "dignitary", "invitee", "guest", "delegate", "representative"}
    | {"envoy"}
)
ATTENDING_LEMMAS = frozenset({"attend", "participate"})
BUILDING_NOUNS = frozenset(
    {"cathedral", "abbey", "church", "palace", "castle", "chapel", "mosque", "centre", "center"}
)
# Nouns whose clause is talk, not fact: "speculation that X would attend".
EARLIER = frozenset({"previous", "past", "earlier", "prior", "former"})
EARLIER_ADVERBS = frozenset({"previously", "formerly"})
REMOTE_WORDS = frozenset({"video", "link", "videolink", "videoconference", "phone", "telephone"})
# Where a performance is a show: "will perform at the national stadium".
VENUE_NOUNS = frozenset({"stadium", "arena", "theatre", "theater", "venue", "hall", "club"})


def qualifies_a_title(token: Token) -> bool:
    """ "Bank of England Governor Andrew Bailey": the body names the title of the person after
    it, and the parser may hang it in a list as a member of its own."""
    if token.ent_type_ not in ("ORG", "GPE", "NORP"):
        return False
    doc, i = token.doc, token.i + 1
    while i < len(doc) and doc[i].ent_iob_ == "I":
        i += 1
    titles = 0
    while i < len(doc) and doc[i].ent_type_ == "" and doc[i].is_title and titles < 3:
        i, titles = i + 1, titles + 1
    return titles > 0 and i < len(doc) and doc[i].ent_type_ == "PERSON"


def delegation_before(pronoun: Token) -> Token | None:
    """The delegation a sentence-initial "it" or "they" resumes from the sentence before."""
    sent = pronoun.sent
    if pronoun.i - sent.start > 2 or sent.start == 0:
        return None
    before = pronoun.doc[sent.start - 1].sent
    return next(
        (t for t in before if t.lemma_ in DELEGATION_NOUNS and t.dep_ in ("nsubj", "nsubjpass")),
        None,
    )


def in_earlier_years(verb: Token) -> bool:
    """ "In previous years", "in past years", "who have previously taken part in talks",
    "led the previous round", "hosted 15 months of talks": other occasions, not this one."""
    if any(c.dep_ == "advmod" and c.lower_ in EARLIER_ADVERBS for c in verb.children):
        return True
    if any(o.lemma_.lower() in ("month", "year", "decade") for o in objects_of(verb, frozenset())):
        return True  # "had hosted 15 months of talks": a process, not the story's occasion
    return any(
        (o.lemma_.lower() in ("year", "edition") or is_event(o))
        and any(a.dep_ == "amod" and a.lower_ in EARLIER for a in o.children)
        for o in objects_of(verb, frozenset({"in"}), direct=False) + objects_of(verb, frozenset())
    )


def reporters_of(pronoun: Token) -> list[Token]:
    """Who a reported clause's "they" or "we" stands for: the subject of the verb that
    reports the clause ("X and Y said they would not come"); with "A joined B in announcing
    that they ...", both A and B."""
    if pronoun.lower_ not in ("they", "we") or pronoun.dep_ not in ("nsubj", "nsubjpass"):
        return []
    clause = pronoun.head
    while clause.dep_ == "conj" and clause.head != clause:
        clause = clause.head
    reporting = clause.head
    if (
        clause.dep_ == "ccomp"
        and reporting.dep_ == "pcomp"
        and reporting.head.lower_ == "in"
        and reporting.head.head.lemma_ == "join"
    ):
        joined = reporting.head.head
        named = [
            c
            for c in joined.children
            if c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.pos_ != "PRON"
        ]
        return named + passive_agents(joined)  # "X was joined by A and B in announcing
    reporter = reporter_of(pronoun)
    return [reporter] if reporter is not None else []


def reporter_of(pronoun: Token) -> Token | None:
    """The named subject a reported clause's "they" or "we" stands for: the subject of the
    verb that reports the clause ("X and Y said they would not come")."""
    if pronoun.lower_ not in ("they", "we") or pronoun.dep_ not in ("nsubj", "nsubjpass"):
        return None
    clause = pronoun.head
    while clause.dep_ == "conj" and clause.head != clause:
        clause = clause.head
    if clause.dep_ == "acl" and any(
        c.dep_ == "mark" and c.lower_ == "that" for c in clause.children
    ):
        # "the announcement by A and B that they will boycott the talks", "X's pledge that
        # they would come": the one who made it.
        made = clause.head
        makers = [c for c in made.children if c.dep_ == "poss" and c.ent_type_ != "DATE"]
        makers += [
            p
            for c in made.children
            if c.dep_ == "prep" and c.lower_ == "by"
            for p in c.children
            if p.dep_ == "pobj"
        ]
        return makers[0] if makers and makers[0].pos_ != "PRON" else None
    if clause.dep_ != "ccomp" or clause.head == clause:
        return None
    reporting = clause.head
    subject = next((c for c in reporting.children if c.dep_ == "nsubj"), None)
    if subject is None and reporting.dep_ in ("acl", "relcl"):
        # "The first to announce that they would not come were A, B and C": the copula's
        # complement names who announced it.
        noun = reporting.head
        copula = noun.head
        if noun.dep_ == "nsubj" and copula.lemma_ == "be":
            subject = next((c for c in copula.children if c.dep_ == "attr"), None)
    if (
        subject is not None
        and subject.lower_ in ("who", "which", "that")
        and reporting.dep_ == "relcl"
        and reporting.head.pos_ == "PROPN"
    ):
        return reporting.head  # "preceded by A and B, who said they would not come"
    if subject is None or subject.pos_ == "PRON":
        return None
    return subject


def verb_read_as_noun(token: Token) -> bool:
    """ "X will on Monday host Y": a verb the tagger read as a noun, yet with a subject and
    an auxiliary of its own."""
    return (
        token.pos_ == "NOUN"
        and any(c.dep_ == "nsubj" for c in token.children)
        and any(c.dep_ == "aux" and c.tag_ == "MD" for c in token.children)
    )


def sent_to_attend(verb: Token) -> bool:
    """ "sent its deputy premier to represent the Sultan (to attend)": the errand of a
    sending is the event."""
    return any(
        c.dep_ in ("xcomp", "advcl") and c.lemma_.lower() in ("represent", "attend")
        for c in verb.children
    )


def building(token: Token) -> bool:
    """ "Southwark Cathedral", "the Europa building": a named place an event is held in."""
    return token.ent_type_ == "FAC" or (
        token.pos_ == "PROPN" and token.lemma_.lower() in VENUE_NOUNS | BUILDING_NOUNS
    )


def joined_in_something(verb: Token) -> bool:
    return any(c.dep_ == "prep" and c.lower_ in ("in", "on") for c in verb.children)


def heads_of_state(token: Token) -> bool:
    """ "heads of state and government", whom a summit's host welcomes."""
    return token.lemma_.lower() == "head" and any(
        o.lower_ in ("state", "government")
        for o in objects_of(token, frozenset({"of"}), direct=False)
    )


def is_attendance(token: Token) -> bool:
    return token.lower_ == "attendance"


def those_there(token: Token) -> bool:
    """ "those attending", "those present", "those who attended", "the participants"."""
    lemma = token.lemma_.lower()
    if lemma in ATTENDEE_NOUNS:
        return True
    if token.pos_ in ("VERB", "ADJ"):  # "among those attending (present)", headed on the word
        return (lemma in ATTENDING_LEMMAS or PRESENCE_ADJ.get(token.lower_, False)) and any(
            c.lower_ == "those" for c in token.children
        )
    if token.lower_ != "those":
        return False
    return any(
        (c.lower_ in PRESENCE_ADJ and PRESENCE_ADJ[c.lower_])
        or (c.dep_ in ("acl", "relcl") and c.lemma_.lower() in ATTENDING_LEMMAS)
        or (c.dep_ == "prep" and c.lower_ == "in" and any(is_attendance(g) for g in c.children))
        for c in token.children
    )


def joined_somewhere(verb: Token) -> bool:
    """ "was joined in the briefing room by X" (a place), not "joined by Y in criticising"."""
    return any(
        p.pos_ in ("NOUN", "PROPN")
        for p in objects_of(verb, frozenset({"in", "at", "on"}), direct=False)
    )


def by_video(verb: Token) -> bool:
    """ "joined via video link from Lahore": taking part from afar."""
    return any(
        p.lemma_.lower() in REMOTE_WORDS
        for p in objects_of(verb, frozenset({"by", "via"}), direct=False)
    )


def sat_in_on(verb: Token) -> bool:
    """ "sat in on the final session": watched it from inside the room."""
    if not has_particle(verb, "in"):
        return False
    heads = [verb, *(c for c in verb.children if c.lower_ == "in")]
    return (
        event_in([o for h in heads for o in objects_of(h, frozenset({"on"}), direct=False)])
        is not None
    )


def withdraws_from_event(verb: Token) -> bool:
    """ "pulled out (of the summit)", "dropped out": oneself, from an event; not "pulled the
    country out of the agreement"."""
    if any(c.dep_ == "dobj" for c in verb.children):
        return False
    heads = [verb, *(c for c in verb.children if c.lower_ in ("out", "away"))]
    places = [o for h in heads for o in objects_of(h, frozenset({"of", "from"}), direct=False)]
    return not places or event_in(places) is not None


def will_speak(verb: Token) -> bool:
    """ "X will also speak (on Tuesday)": on the programme; not "will speak to reporters"
    or "will speak about the deal"."""
    return any(c.dep_ == "aux" and c.lower_ in ("will", "'ll") for c in verb.children) and not any(
        c.dep_ in ("prep", "dobj", "ccomp") and c.lower_ not in ("at", "on") for c in verb.children
    )


def planned(verb: Token) -> bool:
    """ "is due (or expected, set, scheduled) to speak": on the programme."""
    head = verb.head
    return verb.dep_ in ("xcomp", "acomp") and (
        head.lemma_.lower() in EXPECT_VERBS or head.lower_ in EXPECT_VERBS
    )


def in_the_past(verb: Token) -> bool:
    """ "in a speech last month", "at a summit in 2019": a dated occasion before the story."""
    return any(
        t.ent_type_ == "DATE"
        and (t.lower_ in ("last", "ago", "earlier", "previous") or t.like_num)
        and not in_clause_below(t, verb)
        for t in verb.subtree
    )


def in_clause_below(token: Token, verb: Token) -> bool:
    """Whether a token sits in a clause under the verb (what was said, not when)."""
    current = token
    while current.i != verb.i and current.head.i != current.i:
        if current.dep_ in ("ccomp", "xcomp", "advcl", "relcl", "acl", "parataxis"):
            return True
        current = current.head
    return False


_ALSO_WORDS = frozenset({"also", "all", "too", "both", "likewise", "each"})


def absolute_subjects(verb: Token) -> list[Token]:
    """ ", with A, B and C also expected": the heads of the phrase between "with" and the
    participle. Read from the words, since the parser attaches this tail in many ways."""
    doc = verb.doc
    start = verb.sent.start
    for k in range(verb.i - 1, max(start, verb.i - 80), -1):
        token = doc[k]
        if token.pos_ in ("VERB", "AUX"):
            return []
        if token.lower_ == "with" and k > start and doc[k - 1].text in (",", "-", "—", "–"):
            inside = range(k + 1, verb.i)
            return [
                doc[j]
                for j in inside
                if doc[j].pos_ in ("PROPN", "NOUN", "PRON")
                and (doc[j].head.i not in inside or doc[j].head.i == k)
                and doc[j].lower_ not in _ALSO_WORDS
            ]
    return []
