"""Who attends an event, who is expected there, and who stays away, from the parse.

Triggers are predicates about events (`occasions.is_event`): taking part (attend, take part,
join, host, chair, lead, address, meet, hold talks, represent, testify, travel to the story's
venue, "among those attending", "at the table"), staying away (skip, miss, boycott, pull out,
stay away, "X's absence", "was not invited", "sent Y in his place", "sent no delegation"),
fixtures and shows, and expectation ("is expected in <place>", "due to attend"). Each rule has
a sentence that fires it and a near miss that must not in `tests/summarizer/test_attendance*`.
Unnamed envoys ("representatives from X") stand for the named bodies that send them. Subjects
are reached through their governors: "expected/due/set to" makes them expected, "refused to" or
"had been expected to" absent; triggers under verbs that do not assert them ("challenged X to
join", "could attend", "if X attends", "denied that X was snubbing", "would have attended", a
question) count for nothing, so people merely mentioned are left out. Rules that need a
setting ("told fellow leaders", "was not represented") apply only when the story is about a
meeting.

One actor may be both attending (one session) and absent (another) when the article says so.
Countries that hold talks are the parties of the event, not attendees; and a country or party
is dropped as an attendee when named delegates of its own attend for it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from summarizer.actors import ActorIndex, ActorInfo
from summarizer.attendance_cues import (
    ATTENDEE_NOUNS,
    ATTENDING_LEMMAS,
    EARLIER,
    REMOTE_WORDS,
    VENUE_NOUNS,
    absolute_subjects,
    building,
    by_video,
    delegation_before,
    heads_of_state,
    in_earlier_years,
    in_the_past,
    is_attendance,
    joined_in_something,
    joined_somewhere,
    planned,
    qualifies_a_title,
    reporters_of,
    sat_in_on,
    sent_to_attend,
    those_there,
    verb_read_as_noun,
    will_speak,
    withdraws_from_event,
)
from summarizer.attendance_model import Candidate, LinearModel, candidates
from summarizer.lexicon import (
    ABSENT_NOUNS,
    ABSENT_PHRASAL,
    ABSENT_VERBS,
    CANCEL_VERBS,
    DELEGATION_NOUNS,
    EXPECT_VERBS,
    HABITUAL_ADVERBS,
    INDUCTION_NOUNS,
    NATION_NOUNS,
    PEOPLE_NOUNS,
    PERSON_PRONOUNS,
    PERSON_TITLES,
    PRESENCE_ADJ,
    REFUSAL_VERBS,
    SPEECH_EVENT_NOUNS,
)
from summarizer.model import Attendance
from summarizer.occasions import (
    GATHERING_NOUNS,
    datives_of,
    event_in,
    event_near,
    has_particle,
    is_audience,
    is_away,
    is_billed,
    is_event,
    is_here_or_there,
    is_instead_of,
    is_keynote,
    is_kin,
    is_negated,
    is_past_perfect,
    is_presence_noun,
    is_scheduled,
    is_sidelined,
    is_speech,
    left_event,
    objects_of,
    on_stage,
    passive_agents,
    performs_show,
    ruled_out_of,
)
from summarizer.spans import subtree_without

__all__ = ["AttendanceResult", "find_attendance", "rules_and_candidates"]

_ATTENDING, _EXPECTED, _ABSENT = "attending", "expected", "absent"
_UNCERTAIN_MODALS = frozenset({"could", "might", "may", "should", "must"})
_CONDITIONAL_MARKS = frozenset({"if", "whether", "unless", "until"})
# Governors whose complement is wished, asked, feared or merely possible, not asserted.
_NON_FACTUAL = frozenset(
    [
        "challenge",
        "urge",
        "invite",
        "ask",
        "call",
        "want",
        "hope",
        "try",
        "threaten",
        "consider",
        "encourage",
        "press",
        "persuade",
        "pressure",
        "demand",
        "allow",
        "permit",
        "wish",
        "seek",
        "propose",
        "suggest",
        "offer",
        "like",
        "prefer",
        "need",
        "fear",
        "doubt",
        "happy",
        "willing",
        "ready",
        "prepared",
        "keen",
        "eager",
        "able",
        "reluctant",
        "free",
        "deny",
    ]
)
# Verbs of one's own intention: "hopes to attend" is a hedged plan, not a wish for others.
_INTENDING = frozenset({"hope", "consider", "intend", "aim"})


def _inflections(words: frozenset[str]) -> frozenset[str]:
    """The forms of these verbs, for when the small model's lemma is wrong ("hopes" -> "hop")."""
    return frozenset(
        form
        for w in words
        for form in (
            w,
            w + "s",
            w + "es",
            w + "d",
            w + "ed",
            w + "ing",
            w.removesuffix("e") + "ing",
        )
    )


_INTENDING_FORMS = _inflections(_INTENDING)
_CLIMB_DEPS = frozenset({"xcomp", "acomp", "prep", "pcomp", "ccomp", "conj", "advcl"})
_INCLUDE_VERBS = frozenset({"include", "comprise"})
_ABSENTEE_NOUNS = frozenset({"absentee", "absentees"})
# Who is picked to play or go: "left out of the squad".
_SELECTIONS = frozenset({"team", "squad", "side", "line-up", "lineup", "delegation", "session"})
# Conjunctions the parser reads as prepositions before a clause ("after X held talks").
_CLAUSE_PREPS = frozenset({"after", "before", "since", "until", "as"})
_LIST_PREPS = frozenset({"like", "including", "as", "among", "alongside"})
# Heads of two-word list prepositions: "such as", "along with", "together with".
_LIST_HEADS = frozenset({"such", "along", "together"})
_HOST_VERBS = frozenset(
    {
        "host",
        "chair",
        "open",
        "lead",
        "head",
        "organise",
        "organize",
        "co-chair",
        "co-host",
        "mediate",
        "moderate",
    }
)
_MOTION_VERBS = frozenset({"go", "travel", "fly", "head", "come", "arrive", "return", "visit"})
_GATHER_VERBS = frozenset({"gather", "assemble", "convene", "converge", "meet"})
_DELIVER_VERBS = frozenset({"deliver", "give", "make"})
_SPEAK_VERBS = frozenset({"speak", "talk"})
# Presenting someone on stage: both are there ("X inducted Y into the Hall of Fame").
_PRESENT_VERBS = frozenset({"induct", "introduce", "present"})
# "was supposed to lead": planned, and (in the past tense) did not happen.
_SUPPOSED = frozenset({"suppose", "meant"})
_PERFORM_VERBS = frozenset({"perform", "sing"})
# Verbs that start talks as "hold" holds them ("began talks with X").
_EXCLUDING_VERBS = frozenset({"exclude", "bar", "ban", "disinvite", "expel"})
_PROCEED_VERBS = frozenset({"proceed", "press", "push", "continue", "carry", "forge"})
_OPEN_TALKS_VERBS = frozenset({"begin", "start", "resume", "conduct"})
# A named body's organs whose meeting is the body's: "the X board met".
_SITTING_BODIES = frozenset({"board", "committee", "cabinet", "council", "panel"})
# Events that people have with each other ("talks between X and Y", "his talks with Z").
_MEETING_NOUNS = frozenset({"talk", "talks", "meeting", "negotiation", "negotiations"})
_EVENT_PREPS = frozenset({"at", "in", "to", "for"})
_RELATIVE = frozenset({"who", "that", "which", "whom"})
_CLAUSE_MODIFIERS = frozenset({"relcl", "acl", "advcl", "appos"})
_MAX_CLIMB = 8
_PARTITIVES = frozenset({"some", "many", "several", "most", "all", "few", "one", "two", "three"})
_GROUP_PRONOUNS = frozenset({"those", "some", "others", "many", "several"})
# Unnamed envoys who stand for whoever sends them.
_ENVOY_NOUNS = frozenset(
    {
        "representative",
        "representatives",
        "delegate",
        "delegates",
        "delegation",
        "envoy",
        "envoys",
        "official",
        "officials",
        "diplomat",
        "diplomats",
        "negotiators",
        "team",
        "observer",
        "observers",
    }
)
# Those on an event's bill, and the words that put them there ("keynote speaker").
_BILLED_NOUNS = frozenset({"mourner", "attendee"}) | frozenset(
    {"speaker", "guest", "performer", "headliner", "panellist", "panelist", "participant"}
)
# Roles on an event's bill that one joins others in ("join X as presenters").
_ON_THE_BILL = _BILLED_NOUNS | {"presenter", "host", "co-host", "judge", "panellist", "guest"}
# Verbs that put someone on an event's bill "as" a speaker or guest.
_BILLING_VERBS = frozenset({"confirm", "announce", "name", "list", "unveil", "book"})
# Shows whose owner is the performer ("X's concert"; "the BBC's show" is a broadcast).
_GIG_NOUNS = frozenset({"concert", "gig", "recital"})
# Verbs whose "at the event" does not put their subject there ("cancelled at the gala"), or
# that read their event themselves.
_NOT_THERE = frozenset(
    {"attend", "hold", "be", "withdraw", "rule", "sideline", *ABSENT_VERBS, *CANCEL_VERBS}
    | ABSENT_PHRASAL.keys()
)
# Sides of a fixture: "X host Y in the cup", "X will play (or face) Y in the final".
_FIXTURE_VERBS = frozenset({"play", "face", "host", "beat", "defeat"})
# Winning or losing a contest one took part in ("won the race", "the event was won by X");
# not a vote, which a party wins without attending anything.
_RESULT_VERBS = frozenset({"win", "lose"})
_NOT_CONTESTS = frozenset({"vote", "votes", "ballot", "ballots"})
# Putting on a show: "gave a concert", "will play a gig", "staged a show".
_STAGE_VERBS = frozenset({"give", "play", "stage", "headline"})
# Verbs done to someone in person: at an event, both sides are there.
_FACE_TO_FACE_VERBS = frozenset(
    {"tell", "greet", "thank", "congratulate", "hug", "embrace", "confront", "brief", "introduce"}
)
# An event's verbs for whom it draws: "the summit brought together X", "has attracted Y".
_DRAW_VERBS = frozenset({"bring", "attract", "draw", "feature", "involve"})
# What one leads at talks besides a delegation: "to lead the American side".
_SIDE_NOUNS = frozenset({"side", "team"})
# The others at a meeting, addressed or told: "told fellow leaders", "briefed ministers".
_MEETING_MEMBERS = frozenset(
    {
        "leader",
        "minister",
        "counterpart",
        "delegate",
        "negotiator",
        "colleague",
        "member",
        "witness",
    }
)
# Roles at talks one acts or serves as.
_ROLES_AT_TALKS = frozenset(
    {"mediator", "host", "chair", "chairman", "moderator", "observer", "facilitator", "broker"}
)
# Governors whose object does what their infinitive says: "sent X to lead the delegation".
_CONTROL_VERBS = frozenset(
    {"send", "appoint", "choose", "name", "nominate", "dispatch", "pick", "leave"}
)
# Verbs that ask their object to do something: "telling the ministers to attend" asserts
# nothing of the ministers, and nothing of the teller.
_ASKING_VERBS = frozenset(
    {"tell", "ask", "urge", "order", "encourage", "persuade", "instruct", "press", "call"}
)
# Verbs that keep their object from an event: "had forbidden ministers from attending".
_PREVENTING_VERBS = frozenset({"forbid", "ban", "bar", "prevent", "stop", "block", "prohibit"})
# Presence that is a deployment: "its naval presence".
_FORCE_WORDS = frozenset({"naval", "military", "troop", "police", "armed", "security", "army"})
_NON_FACTUAL_FORMS = _inflections(_NON_FACTUAL)
_AVAILABLE = frozenset({"available", "unavailable"})
# Verbs whose own arguments are wished, planned, refused or denied rather than told as done.
# So are those of a sender, who stays home, and of a directive ("told the ministers to attend").
_UNASSERTING = (
    _NON_FACTUAL
    | _INTENDING
    | EXPECT_VERBS
    | REFUSAL_VERBS
    | {"deny", "want", "wish", "send", "tell", "ask", "order", "instruct", "encourage"}
    | {"persuade", "advise", "allow", "permit", "force", "criticise", "criticize"}
)
_HEARSAY = frozenset({"speculation", "rumour", "rumor", "suggestion", "guess"})
# Nouns whose owner does what their infinitive says: "Putin's decision not to attend".
_CHOICE_NOUNS = frozenset({"decision", "refusal", "choice", "plan", "intention", "offer"})
# Nouns for the states a list of them follows ("the member countries of A and B").
# Who is cast in an event: "The negotiators are A and B".
_CAST_NOUNS = ATTENDEE_NOUNS | _ROLES_AT_TALKS | {"negotiator", "speaker", "panellist", "panelist"}
# What sends "will not come (go)" elsewhere than the story's event: "go back to", "go on".
_GOING_SOMEWHERE = frozenset(
    {"prep", "dobj", "xcomp", "advmod", "prt", "ccomp", "acomp", "npadvmod"}
)
# Adverbs that say nothing of where one goes ("X is also not going").
_FOCUS_ADVERBS = frozenset({"also", "either", "too", "still", "now", "then", "again", "even"})
# Verbs of a choice made against something: "opted against attending".
_CHOOSING_VERBS = frozenset({"opt", "decide", "choose", "vote", "advise", "argue"})
# Prepositions that make a presence noun the topic: "a row over X's participation".
_TOPIC_PREPS = frozenset({"over", "about", "on", "regarding", "into", "against", "for"})
# Speeches that belong to a rite: whoever gives one is at it.
_RITE_SPEECHES = frozenset({"eulogy", "sermon", "homily", "oration"})
# Journeys to an event: "did not make the trip", "cancelled his trip".
_TRIP_NOUNS = frozenset({"trip", "journey", "visit"})
# Occasions for the press, where telling is briefing reporters, not attending.
_PRESS_EVENTS = frozenset({"briefing", "briefings"})
# Answers to an invitation: True for yes ("turn" only with "down").
_INVITATION_ANSWERS = {
    "accept": True,
    "decline": False,
    "reject": False,
    "refuse": False,
    "snub": False,
    "spurn": False,
    "turn": False,
}
_INVITATION_NOUNS = frozenset({"invitation", "invitations", "invite"})
# Answering to a panel in person: "appeared before a tribunal" (not "appeared on television").
_PANEL_NOUNS = frozenset({"tribunal", "hearing", "committee", "panel", "inquiry"})


@dataclass(frozen=True, slots=True)
class AttendanceResult:
    attendees: tuple[Attendance, ...]
    absentees: tuple[Attendance, ...]
    event_tokens: tuple[int, ...]  # event nouns the triggers pointed at (for `event.py`)


@dataclass(frozen=True, slots=True)
class _Trigger:
    """A verb being read, with what every handler needs of it."""

    verb: Token
    lemma: str
    agents: list[Token]  # the "by" agents of a passive
    event: Token | None  # the event noun near the verb
    sent: Span


# A handler that returns True has read all the verb says.
_Handler = Callable[[_Trigger], "bool | None"]


@dataclass(slots=True)
class _Record:
    actor: ActorInfo
    first: int
    evidence: dict[str, str] = field(default_factory=dict)  # status -> first evidence


class _Reader:
    def __init__(self, doc: Doc, actors: ActorIndex) -> None:
        self.doc = doc
        self.actors = actors
        self.records: dict[int, _Record] = {}
        self.events: list[int] = []  # event nouns of triggers that named someone
        self._event: int | None = None  # the event of the trigger being read
        self.represented: set[int] = set()  # countries and bodies whose delegates attend
        self.read_sentences: set[int] = set()  # starts of sentences a trigger was read in
        self.contrasted: set[str] = set()  # sentences whose "but neither ..." overrides

    # ------------------------------------------------------------------- recording
    def record(self, tokens: list[Token], status: str, sent: Span) -> None:
        tokens = [*tokens, *(s for t in tokens for s in self.senders(t))]
        for token in tokens:
            actor = self.actors.resolve(token) or self.actors.titled_person(token)
            if actor is None:
                continue
            if actor.kind == "country" and self.actors.at(token) is None and token.tag_ == "NNS":
                continue  # "Israeli ministers coming to the event" names no attending country
            if token.pos_ == "PRON":
                self.actors.remember(token, actor)
            record = self.records.setdefault(actor.id, _Record(actor, token.i))
            record.evidence.setdefault(status, sent.text.strip())
            if self._event is not None:
                self.events.append(self._event)

    def senders(self, token: Token) -> list[Token]:
        """ "Representatives from X and Y", "a delegation of Z": unnamed envoys stand for the
        named bodies that send them (named delegates are recorded themselves)."""
        lower, lemma = token.lower_, token.lemma_.lower()
        if self.actors.at(token) is not None:
            return []
        if not (lower in _ENVOY_NOUNS or lemma in _ENVOY_NOUNS):
            return self.actors.office_holders_of(token, self.members)
        senders = [
            m
            for o in objects_of(token, frozenset({"from", "of"}), direct=False)
            for m in self.members(o)
        ]
        # "a working-level Israeli team", "Egyptian officials": the country they come from.
        senders += [
            c
            for c in token.children
            if c.dep_ in ("amod", "compound")
            and c.i < token.i
            and (actor := self.actors.at(c)) is not None
            and actor.kind == "country"
        ]
        return senders

    def members(self, head: Token) -> list[Token]:
        """A noun phrase's members: conjuncts, appositions, "figures like X and Y"."""
        out: list[Token] = []
        stack = [head]
        seen: set[int] = set()
        while stack:
            token = stack.pop()
            if token.i in seen:
                continue
            seen.add(token.i)
            out.append(token)
            for child in token.children:
                if child.dep_ in ("conj", "appos") and not self.affiliation_aside(token, child):
                    stack.append(child)
                elif child.dep_ in ("nmod", "compound") and child.i < token.i:
                    # "Foreign Minister A and Defence Minister B": the parser folds the first
                    # title and name into the second name's phrase.
                    stack.extend(
                        t for t in child.subtree if t.dep_ == "nmod" and self.other_person(t, token)
                    )
                    if (
                        child.dep_ == "nmod"
                        and any(c.dep_ == "cc" for c in child.children)
                        and self.actors.at(child) not in (None, self.actors.at(token))
                        and not self.other_person(child, token)
                    ):
                        stack.append(child)  # "Google and Facebook-owner Meta": a folded list
                elif (
                    child.dep_ == "prep"
                    and child.lower_ == "of"
                    and (token.is_title or token.lemma_.lower() in PERSON_TITLES)
                    and self.actors.at(token) is None
                ):
                    # "Chairman of the Hamas Council Muhammad Darwish", "head of the Nour
                    # Party Younes Makhion": a title whose body the parser reads as the head
                    # of the name after it.
                    stack.extend(
                        o
                        for o in child.children
                        if o.dep_ == "pobj"
                        and (
                            self.other_person(o, token)
                            or (
                                token.is_title
                                and o.pos_ == "PROPN"
                                and o.ent_type_ in ("", "PERSON")
                            )
                        )
                    )
                    # Deeper in ("Head of the council of state X and GNA chief Y"): the
                    # people named there, not those in a clause of their own.
                    stack.extend(
                        t
                        for t in subtree_without(child, _CLAUSE_MODIFIERS)
                        if t.dep_ in ("pobj", "conj", "appos")
                        and t.head.i != child.i
                        and self.other_person(t, token)
                    )
                elif (
                    child.dep_ == "prep"
                    and child.lower_ == "of"
                    and token.lower_ in _PARTITIVES
                    and self.actors.at(token) is None
                ):
                    # "met some of the stars (of the film) including X and Y": the part of a
                    # group, whose list the parser may hang on a noun further in.
                    for group in (c for c in child.children if c.dep_ == "pobj"):
                        stack.append(group)
                        stack.extend(
                            p
                            for t in group.subtree
                            if t.dep_ == "prep" and t.lower_ == "including"
                            for p in t.children
                            if p.dep_ == "pobj"
                        )
                elif child.dep_ == "prep" and child.lower_ in _LIST_PREPS | _LIST_HEADS:
                    stack.extend(c for c in child.children if c.dep_ == "pobj")
                    for grand in child.children:
                        if grand.dep_ == "prep":
                            stack.extend(c for c in grand.children if c.dep_ == "pobj")
        if head.tag_ == "NNS" and head.lemma_.lower() in NATION_NOUNS and len(out) == 1:
            # "Other nations involved with the talks – A, B and C – were present": the parser
            # hangs the list on the last noun before the dash.
            for token in head.subtree:
                if (
                    token.dep_ == "appos"
                    and token.head.i != head.i
                    and token.head.pos_ == "NOUN"
                    and self.actors.at(token.head) is None
                    and (a := self.actors.at(token)) is not None
                    and a.kind == "country"
                ):
                    out += [token, *(c for c in token.subtree if c.dep_ == "conj")]
        return [t for t in out if t is head or not qualifies_a_title(t)]

    def affiliation_aside(self, name: Token, aside: Token) -> bool:
        """ "Rogelio Mayta (Bolivia)": a country in brackets after a person says where the
        person is from; it is no member of the list."""
        doc = aside.doc
        return (
            aside.i > 0
            and doc[aside.left_edge.i - 1].text == "("
            and (person := self.actors.at(name)) is not None
            and person.kind == "person"
            and (country := self.actors.at(aside)) is not None
            and country.kind == "country"
        )

    def included_after(self, group: Token) -> list[Token]:
        """ "will miss leaders attending the summit, including X and Y": the parser hangs the
        list of an unnamed group's members on the verb that governs the group."""
        if group.tag_ != "NNS" or group.dep_ not in ("dobj", "nsubj", "nsubjpass", "attr"):
            return []
        if any(self.actors.at(t) is not None for t in group.subtree):
            return []
        return [
            m
            for prep in group.head.children
            if prep.dep_ == "prep" and prep.lower_ == "including" and prep.i > group.i
            for o in prep.children
            if o.dep_ == "pobj"
            for m in self.members(o)
        ]

    def likewise(self, verb: Token) -> list[Token]:
        """ "X stayed away, as did Y", "X will be there, as will Y": the elliptical clause
        repeats the trigger for its own subject."""
        return [
            m
            for c in verb.children
            if c.dep_ == "advcl"
            and c.lemma_.lower() in ("do", "will", "be", "have")
            and any(k.dep_ == "mark" and k.lower_ == "as" for k in c.children)
            for n in c.children
            if n.dep_ in ("nsubj", "nsubjpass")
            for m in self.members(n)
        ]

    def other_person(self, token: Token, head: Token) -> bool:
        actor = self.actors.at(token)
        return actor is not None and actor.kind == "person" and actor is not self.actors.at(head)

    def subjects_of(self, verb: Token) -> list[Token]:
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subjects and verb.lemma_ == "be":
            # "Also due to attend are X and Y": the subject follows the copula.
            subjects = [c for c in verb.children if c.dep_ == "attr"]
        if not subjects and verb.dep_ == "csubj":
            # "Also performing at the ceremony was X", "Also attending were X and Y": the
            # inverted copula names who.
            subjects = [
                c for c in verb.head.children if c.dep_ in ("attr", "nsubj") and c.i > verb.i
            ]
        if (
            not subjects
            and verb.dep_ == "relcl"
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
            and verb.head.dep_ == "attr"
            and verb.head.head.lemma_ in ("be", "become")
        ):
            # "X has become the latest firm to withdraw", "Y was the first leader to arrive".
            subjects = [c for c in verb.head.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subjects and verb.dep_ == "advcl" and verb.tag_ in ("VBD", "VBZ", "VBP"):
            # "He spoke after A, B and C held talks": the parser reads the conjunction as a
            # preposition whose object is the clause's subject.
            subjects = [
                o
                for p in verb.head.children
                if p.dep_ == "prep"
                and p.lower_ in _CLAUSE_PREPS
                and p.i < verb.i
                and p.right_edge.i == verb.i - 1
                for o in p.children
                if o.dep_ == "pobj"
            ]
        if not subjects and verb.tag_ == "VBG":
            # "Attending the summit were X and Y", parsed with "were" as the participle's aux:
            # the objects after the copula are who.
            copula = next((c for c in verb.children if c.dep_ == "aux" and c.lemma_ == "be"), None)
            if copula is not None and copula.i > verb.i:
                subjects = [c for c in verb.children if c.dep_ == "dobj" and c.i > copula.i]
        if (
            subjects
            and verb.dep_ == "conj"
            and verb.head.i != verb.i
            and all(_refers_back(s) and self.actors.at(s) is None for s in subjects)
        ):
            # "A and B won awards but neither (individual) was present": the first clause's,
            # and what this clause says of them overrides what the first implied.
            subjects = self.subjects_of(verb.head) or subjects
            self.contrasted.add(verb.sent.text.strip())
        out: list[Token] = []
        if subjects:
            # "India, along with China and Brazil, has been invited": the parser may hang the
            # companions on the verb rather than on the subject.
            subjects += [
                p
                for prep in verb.children
                if prep.dep_ == "prep" and prep.lower_ in ("along", "together")
                for w in prep.children
                if w.dep_ == "prep" and w.lower_ == "with"
                for p in w.children
                if p.dep_ == "pobj"
            ]
            # "testified before the committee alongside the finance chief, X".
            beside = objects_of(verb, frozenset({"alongside"}), direct=False)
            beside += [  # the parser may hang it on the verb's object ("the committee")
                b
                for o in objects_of(verb, frozenset({"before", "at", "to", "in"}), direct=False)
                for b in objects_of(o, frozenset({"alongside"}), direct=False)
            ]
            subjects += [
                m
                for o in beside
                for m in self.members(o)
                if (a := self.actors.at(m)) is not None and a.kind == "person"
            ]
        for subject in subjects:
            reporters = reporters_of(subject)
            if reporters:
                # "Facebook and Cisco announced that they will not attend": all of them.
                out.extend(m for r in reporters for m in self.members(r))
                continue
            if subject.lower_ in _RELATIVE and verb.dep_ == "relcl":
                antecedent = self.actors.antecedent(verb)
                out.extend(self.members(antecedent) + self.listed(antecedent))
                among = antecedent.head
                if (
                    (antecedent.lower_ == "those" or self.actors.at(antecedent) is None)
                    and antecedent.dep_ == "nsubj"
                    and among.lemma_ == "be"
                ):
                    # "Those who were absent from the meeting were A, B and C".
                    out.extend(
                        m for c in among.children if c.dep_ == "attr" for m in self.members(c)
                    )
                if (
                    antecedent.dep_ == "pobj"
                    and among.lower_ == "among"
                    and among.head.i != among.i
                ):
                    # "X and Y were among the parties that boycotted it": the copula's subjects.
                    out.extend(
                        m
                        for c in among.head.children
                        if c.dep_ in ("nsubj", "nsubjpass")
                        for m in self.members(c)
                    )
            else:
                out.extend(self.members(subject))
        return out

    def climb(self, verb: Token) -> tuple[list[Token], str | None]:
        """Subjects of a trigger, and how its governors qualify it.

        The qualifier is "expected" (expected/due/set to), "absent" (refused to, ruled out),
        "negated" (a negated governor), "skip" (not asserted), or None (asserted as is).
        """
        qualifier: str | None = None
        current = verb
        below = verb  # the token the climb came from
        # "leaders are expected to attend, including X and Y": named members of the subject
        # that the parser hangs on a verb of the chain.
        included: list[Token] = []
        for _ in range(_MAX_CLIMB):
            included += [
                m
                for prep in current.children
                if prep.dep_ == "prep" and prep.lower_ == "including"
                for o in prep.children
                if o.dep_ == "pobj"
                for m in self.members(o)
            ]
            if any(
                c.dep_ == "aux"
                and c.lower_ in _UNCERTAIN_MODALS
                and not (c.lower_ == "could" and is_negated(current))  # "could not come"
                for c in current.children
            ):
                return [], "skip"
            if any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS for c in current.children):
                return [], "skip"
            auxes = {c.lower_ for c in current.children if c.dep_ == "aux"}
            if {"would", "have"} <= auxes or {"'d", "have"} <= auxes:
                return [], "skip"  # "would ordinarily have attended": it did not happen
            if any(c.dep_ == "advmod" and c.lower_ in HABITUAL_ADVERBS for c in current.children):
                return [], "skip"  # "does not usually attend award ceremonies": a habit
            if in_earlier_years(current):
                return [], "skip"  # "in previous years, X has addressed the event"
            if current.dep_ in ("acl", "ccomp") and current.head.lemma_.lower() in _HEARSAY:
                return [], "skip"  # "speculation that X would attend" was ruled out
            lemma = current.lemma_.lower()
            if current.i != verb.i and current.pos_ in ("VERB", "AUX", "ADJ"):
                if lemma in EXPECT_VERBS or current.lower_ in EXPECT_VERBS:
                    # "had been due to welcome": a plan in the past perfect fell through.
                    qualifier = qualifier or (_ABSENT if is_past_perfect(current) else _EXPECTED)
                elif lemma == "need" and is_negated(current):
                    qualifier = _ABSENT  # "said they would not need to attend"
                elif (
                    lemma in REFUSAL_VERBS
                    or lemma in ("unable", "unlikely")
                    or (lemma == "rule" and has_particle(current, "out"))
                ):
                    qualifier = _ABSENT
                elif lemma == "invite" and any(c.dep_ == "nsubjpass" for c in current.children):
                    # "X has been invited to take part": on the guest list, not yet there.
                    qualifier = qualifier or _EXPECTED
                elif lemma in _SUPPOSED and current.tag_ == "VBN":
                    past = any(c.tag_ == "VBD" for c in current.children if c.dep_ == "auxpass")
                    qualifier = _ABSENT if past else (qualifier or _EXPECTED)
                elif (lemma in _INTENDING or current.lower_ in _INTENDING_FORMS) and any(
                    c.i == below.i and c.dep_ == "xcomp" for c in current.children
                ):
                    # "she hopes to attend", "is considering coming": her own plan, hedged.
                    qualifier = qualifier or _EXPECTED
                elif lemma in _NON_FACTUAL or current.lower_ in _NON_FACTUAL_FORMS:
                    return [], "skip"
                if is_negated(current) and qualifier != _ABSENT:
                    qualifier = "negated"
            if (
                current.dep_ == "pcomp"
                and current.head.lower_ == "from"
                and current.head.head.lemma_.lower() in _PREVENTING_VERBS
            ):
                # "X had forbidden ministers from attending": the ministers are kept away.
                kept = [c for c in current.head.head.children if c.dep_ in ("dobj", "nsubjpass")]
                return [m for k in kept for m in self.members(k)], _ABSENT
            if current.dep_ == "pcomp" and is_instead_of(current.head):
                # "stayed at home instead of travelling to the summit": the plan not taken.
                qualifier = _ABSENT
            if (
                current.dep_ == "pcomp"
                and current.head.lower_ == "against"
                and current.head.head.lemma_.lower() in _CHOOSING_VERBS
            ):
                qualifier = _ABSENT  # "opted (decided) against attending"
            subjects = self.subjects_of(current)
            if (
                subjects
                and current.dep_ in ("xcomp", "advcl")
                and current.head.lemma_.lower() in _CONTROL_VERBS
                and not any(self.actors.resolve(t) for t in subjects)
            ):
                # "sent the minister, X, as a special envoy to attend": the parser makes the
                # role the infinitive's subject; the one sent does it.
                subjects = [
                    m for o in current.head.children if o.dep_ == "dobj" for m in self.members(o)
                ] or subjects
            if not subjects and any(c.dep_ == "csubj" for c in current.children):
                return [], qualifier  # a clause as subject: no one to climb past it to
            if subjects:
                if self._wished(current):
                    return [], "skip"
                return subjects + included, qualifier
            if (current.dep_ in ("acl", "advcl") and current.head.pos_ in ("NOUN", "PROPN")) or (
                # "among those due to attend": the pronoun stands for the group.
                current.dep_ in ("acl", "amod")
                and current.head.pos_ == "PRON"
                and current.head.lower_ in _GROUP_PRONOUNS
            ):
                owners = [c for c in current.head.children if c.dep_ == "poss"]
                if current.head.lemma_.lower() in _CHOICE_NOUNS and owners:
                    # "Putin's decision not to attend", "her refusal to go to the summit".
                    if current.head.lemma_.lower() == "refusal":
                        qualifier = _ABSENT
                    return [m for o in owners for m in self.members(o)], qualifier
                group = current.head
                # "among the leaders and heads of state attending": up to the "among".
                while group.dep_ in ("conj", "pobj") and group.head.lower_ != "among":
                    step = group.head if group.dep_ == "conj" else group.head.head
                    if step.pos_ not in ("NOUN", "PROPN") or step.i == group.i:
                        break
                    group = step
                prep = group.head
                if group.dep_ == "pobj" and prep.lower_ == "among" and prep.head.i != prep.i:
                    # "X and Y are among the leaders attending": the subjects are the members.
                    subjects = self.subjects_of(prep.head)
                    if subjects:
                        return subjects, qualifier
                part = prep.head
                if (
                    group.dep_ == "pobj"
                    and prep.lower_ == "of"
                    and part.dep_ == "attr"
                    and part.head.lemma_ == "be"
                ):
                    # "X and Y are some (or two) of the firms attending the show".
                    subjects = self.subjects_of(part.head)
                    if subjects:
                        return subjects, qualifier
                return self.members(group) + self.included_after(group), qualifier
            if current.dep_ not in _CLIMB_DEPS or current.head.i == current.i:
                return [], qualifier
            if current.dep_ == "conj" and any(
                c.dep_ == "cc" and c.lower_ in ("but", "yet") for c in current.head.children
            ):
                # "judges normally attend the opening but stayed away": the contrast is told
                # as it is, whatever qualifies the first verb; only its subject is shared.
                shared = self.subjects_of(current.head)
                if shared:
                    return shared + included, qualifier
            if (
                current.dep_ == "xcomp"
                and current.head.lemma_.lower() in _ASKING_VERBS
                and any(c.dep_ == "dobj" for c in current.head.children)
            ):
                return [], "skip"
            if current.dep_ in ("xcomp", "advcl") and current.head.lemma_.lower() in _CONTROL_VERBS:
                # "sent X to lead the delegation", "appointed Y to chair it": the object does it.
                objects = [c for c in current.head.children if c.dep_ == "dobj"]
                if objects:
                    return [m for o in objects for m in self.members(o)], qualifier
            below = current
            current = current.head
        return [], qualifier

    @staticmethod
    def _wished(clause: Token) -> bool:
        """Whether a clause with its own subject is only wished or asked for ("critics called
        for him to go", "she hopes he will attend")."""
        if any(c.dep_ == "mark" and c.lower_ == "for" for c in clause.children):
            return True
        current = clause
        for _ in range(_MAX_CLIMB):
            if current.dep_ not in ("ccomp", "xcomp", "advcl", "pcomp", "prep"):
                return False
            current = current.head
            if (
                current.lemma_.lower() in _NON_FACTUAL or current.lower_ in _NON_FACTUAL_FORMS
            ) and current.pos_ in ("VERB", "ADJ"):
                return True
        return False

    @staticmethod
    def status_of(verb: Token, base: str, qualifier: str | None) -> str | None:
        if qualifier == "skip":
            return None
        if qualifier == _ABSENT or is_negated(verb) or qualifier == "negated":
            return _ABSENT if base != _ABSENT else None
        if base == _ABSENT:
            return _ABSENT
        return _EXPECTED if qualifier == _EXPECTED else base

    def asserted(self, token: Token) -> bool:
        """Whether the clause a mention stands in is told as fact: no negation, modal, wish,
        habit, plan or question above it (what `climb` reads as a qualifier)."""
        if token.sent.text.rstrip().endswith("?"):
            return False
        verb = next((a for a in token.ancestors if a.pos_ in ("VERB", "AUX")), None)
        if verb is None:
            return True
        lemma = verb.lemma_.lower()
        if lemma in _UNASSERTING or verb.lower_ in _NON_FACTUAL_FORMS:
            return False  # "hope for talks between X and Y", "urged X to attend"
        if any(c.lemma_.lower() in _AVAILABLE | {"able", "unable"} for c in verb.children):
            return False  # "will be able to attend" is a possibility, not an account
        _, qualifier = self.climb(verb)
        return qualifier is None and not is_negated(verb)

    def assert_for(self, verb: Token, base: str, sent: Span, extra: list[Token] = ()) -> None:
        """Record the trigger's subjects (and `extra` co-attendees) with the status it asserts."""
        subjects, qualifier = self.climb(verb)
        status = self.status_of(verb, base, qualifier)
        if status is None:
            return
        self.record(subjects + self.likewise(verb), status, sent)
        if extra and status != _ABSENT:
            self.record(list(extra), status, sent)

    # ------------------------------------------------------------------- triggers
    def read(self, sent: Span) -> None:
        if sent.text.rstrip().endswith("?"):
            return
        for token in sent:
            if token.pos_ in ("VERB", "AUX") or verb_read_as_noun(token):
                self.verb(token, sent)
            elif token.pos_ == "NOUN":
                self.noun(token, sent)
            if token.lower_ == "out" and is_sidelined(token):
                self.out_injured(token, sent)
            if token.pos_ == "ADJ" and token.lower_ in PRESENCE_ADJ:
                # "with A, B and C all absent": an absolute phrase (a copula takes the
                # subject itself, so an adjective has one only in such a phrase).
                status = _ATTENDING if PRESENCE_ADJ[token.lower_] else _ABSENT
                named = [c for c in token.children if c.dep_ == "nsubj"]
                self.record([m for n in named for m in self.members(n)], status, sent)

    def verb(self, verb: Token, sent: Span) -> None:
        event = event_near(verb)
        self._event = event.i if event is not None else None
        trigger = _Trigger(verb, verb.lemma_.lower(), passive_agents(verb), event, sent)
        handler = self.route(trigger)
        if handler is not None:
            self.read_sentences.add(sent.start)
        if handler is not None and handler(trigger):
            return  # the handler read all the verb says
        self.without(verb, sent)
        self.at_the_head(trigger)
        self.at_the_event(trigger)

    def route(self, t: _Trigger) -> _Handler | None:
        """The one handler a verb selects. Several lemmas belong to more than one family
        ("lead" a delegation or "led by" as a clause, "give" a speech or evidence or a show),
        so the order of these tests settles which reading wins."""
        verb, lemma = t.verb, t.lemma
        if lemma in ("lead", "head") and verb.dep_ == "acl":
            return self.led_by
        if lemma == "attend":
            return self.on_attend
        if lemma == "participate" or (
            lemma == "take" and any(c.dep_ == "dobj" and c.lower_ == "part" for c in verb.children)
        ):
            return self.on_take_part
        if lemma == "join":
            return self.on_join
        if lemma in ("act", "serve") and any(
            o.lemma_.lower() in _ROLES_AT_TALKS
            for o in objects_of(verb, frozenset({"as"}), direct=False)
        ):
            return self.on_acting_as
        if (
            lemma == "make"
            and is_negated(verb)
            and [c.lower_ for c in verb.children if c.dep_ == "dobj"] == ["it"]
            and (self.occasion or t.event is not None)
        ):
            return self.on_attending  # "could not make it (to the debate)": absent
        if lemma == "preside":
            return self.on_attending  # "X will preside (over the service)": the chair is there
        if (
            lemma == "swear"
            and has_particle(verb, "in")
            and (
                any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
                or any(self.actors.at(o) is not None for o in objects_of(verb, frozenset()))
            )
        ) or (lemma == "take" and any(o.lemma_.lower() == "oath" for o in objects_of(verb))):
            return self.on_sworn_in
        if lemma in _HOST_VERBS and verb.dep_ == "acl" and t.agents:
            return self.hosted_by
        if (
            lemma in _HOST_VERBS
            and verb.dep_ == "advcl"
            and t.agents
            and (
                event_in([c for c in verb.head.children if c.dep_ == "nsubj"]) is not None
                # "..., sent its minister to the meeting, hosted by X": the comma's event.
                or (verb.i > 1 and verb.nbor(-1).text == "," and is_event(verb.nbor(-2)))
            )
        ):
            return self.on_chaired_by
        if lemma in _HOST_VERBS or (
            lemma == "convene" and event_in(objects_of(verb, frozenset())) is not None
        ):
            return self.on_host  # "X convened the meeting": X hosts it
        if lemma in _DRAW_VERBS and (lemma != "bring" or has_particle(verb, "together")):
            return self.brought_together
        if lemma in _STAGE_VERBS and performs_show(verb):
            return self.on_attending  # "gave a concert", "staged a show"
        if lemma in _FIXTURE_VERBS:
            return self.on_fixture
        if lemma in _RESULT_VERBS:
            return self.on_result
        if lemma in ("appear", "testify") or (
            lemma == "give" and any(o.lemma_.lower() == "evidence" for o in objects_of(verb))
        ):
            return self.on_testify
        if (lemma == "rule" and has_particle(verb, "out")) or lemma == "sideline":
            return self.on_ruled_out
        if lemma in _PROCEED_VERBS and event_in(
            objects_of(verb, frozenset({"with"}), direct=False)
        ):
            return self.on_attending  # "proceeded with the discussions", "pressed on with"
        if (
            lemma == "hold"
            or (lemma in _OPEN_TALKS_VERBS and event_in(objects_of(verb, frozenset())) is not None)
            or (  # "had a pleasant meeting with X" (not "has its board meeting on Friday")
                lemma == "have"
                and any(
                    o.lemma_.lower() in _MEETING_NOUNS
                    and is_event(o)
                    and objects_of(o, frozenset({"with"}), direct=False)
                    for o in objects_of(verb, frozenset())
                )
            )
        ):
            return self.on_hold_talks
        if lemma == "address":
            return self.on_address
        if lemma == "welcome" and self.welcomes_arrivals(verb):
            return self.on_welcome
        if lemma in ("greet", "welcome", "receive") and self.occasion and self.guests(verb):
            return self.on_greet_guests
        if lemma == "meet" and verb.pos_ == "VERB":
            return self.meet
        if lemma == "invite" and is_negated(verb) and self.meeting:
            return self.on_not_invited
        if lemma == "represent":
            return self.represent
        if lemma in _MOTION_VERBS or lemma in _GATHER_VERBS:
            return self.on_motion
        if (
            lemma in ("make", *CANCEL_VERBS)
            and self.meeting
            and any(o.lemma_.lower() in _TRIP_NOUNS for o in objects_of(verb, frozenset()))
        ):
            return self.on_trip
        if lemma in _DELIVER_VERBS:
            return self.on_deliver
        if lemma in _SPEAK_VERBS or lemma in ("tell", "brief"):
            return self.on_speak
        if lemma in _PRESENT_VERBS and verb.pos_ == "VERB":
            return self.present
        if lemma in _PERFORM_VERBS:
            return self.on_perform
        if lemma in ("turn", "show") and has_particle(verb, "up"):
            return self.on_turn_up
        if lemma == "turn" and has_particle(verb, "out"):
            return self.on_turn_out
        if lemma == "sit" and sat_in_on(verb):
            return self.on_attending
        if left_event(verb):
            return self.on_attending  # "left the summit early": there until they left
        if lemma in CANCEL_VERBS:
            return self.on_cancel
        if lemma in _EXCLUDING_VERBS and event_in(
            objects_of(verb, frozenset({"from"}), direct=False)
            + [
                f
                for o in objects_of(verb)
                for f in objects_of(o, frozenset({"from"}), direct=False)
            ]
        ):
            return self.on_excluded
        if lemma == "accompany" and t.agents:
            return self.on_accompanied_by
        if lemma in _INVITATION_ANSWERS and self.invitation(verb):
            return self.on_invitation_answer
        if lemma in ABSENT_VERBS:
            return self.stay_away
        if (
            lemma == "sit"
            and has_particle(verb, "out")
            and (
                t.event is not None
                or (self.occasion and not any(c.dep_ in ("dobj", "prep") for c in verb.children))
            )
        ):
            return self.on_absent  # "is sitting out the first session", "will sit out"
        if (
            lemma == "leave"
            and has_particle(verb, "out")
            and any(c.dep_ == "nsubjpass" for c in verb.children)
            and any(
                is_event(o) or o.lemma_.lower() in _SELECTIONS
                for out in verb.children
                if out.lower_ == "out"
                for o in objects_of(out, frozenset({"of"}), direct=False)
            )
        ):
            return self.on_absent  # "X and Y were left out of the opening session (the team)"
        if (
            lemma in ABSENT_PHRASAL
            and has_particle(verb, ABSENT_PHRASAL[lemma])
            and withdraws_from_event(verb)
        ) or (lemma == "withdraw" and t.event is not None):
            return self.on_absent
        if lemma in _BILLING_VERBS and any(
            o.lemma_.lower() in _ON_THE_BILL or o.lower_ in _ON_THE_BILL
            for o in objects_of(verb, frozenset({"as"}), direct=False)
        ):
            return self.on_attending  # "X and Y are confirmed as speakers at the forum"
        if lemma in _INCLUDE_VERBS:
            return self.delegation_members
        if lemma == "send":
            return self.send_in_place
        if lemma in ("expect", "due", "schedule") and absolute_subjects(verb):
            return self.expected_with
        if lemma in ("expect", "due", "schedule") and verb.tag_ == "VBN":
            return self.expected_at
        if lemma == "be":
            return self.presence
        return None

    # ------------------------------------------------------------------- verb handlers
    # Each takes the trigger; one that returns True has read all the verb says, and the
    # checks every verb gets ("without X", "at the summit") are skipped.
    def on_attending(self, t: _Trigger) -> None:
        self.assert_for(t.verb, _ATTENDING, t.sent)

    def on_absent(self, t: _Trigger) -> None:
        self.assert_for(t.verb, _ABSENT, t.sent)

    def on_attend(self, t: _Trigger) -> bool:
        objects = objects_of(t.verb, frozenset())
        if objects and t.event is None and not all(o.pos_ == "PRON" for o in objects):
            return True  # "attended a school" is no event
        self.passive_or_active(t.verb, t.agents, _ATTENDING, t.sent)
        # "Hundreds attended the ceremony, including X and Y": the parser hangs the list on
        # the event.
        included = [
            m
            for o in objects
            for prep in o.children
            if prep.dep_ == "prep" and prep.lower_ == "including"
            for n in prep.children
            if n.dep_ == "pobj"
            for m in self.members(n)
        ]
        if included and not t.agents:
            self.assert_for(t.verb, _ATTENDING, t.sent, extra=included)
        return False

    def on_take_part(self, t: _Trigger) -> bool:
        places = objects_of(t.verb, frozenset({"in"}), direct=False)
        # "will not be participating in the January first ceremony": the parser may take
        # the date for the object and hang the event elsewhere in the clause.
        places = [o for o in places if o.ent_type_ not in ("DATE", "TIME")]
        if t.event is None and places:
            return True  # "took part in the protests"
        self.assert_for(t.verb, _ATTENDING, t.sent)
        return False

    def on_join(self, t: _Trigger) -> None:
        verb, agents, sent = t.verb, t.agents, t.sent
        groups = [
            o
            for o in objects_of(verb)
            if o.lemma_ in DELEGATION_NOUNS
            or (o.lemma_ in _SIDE_NOUNS and self.meeting)
            or self.fellow_members(o)  # "to join the leaders for the second day"
            or self.joins_attendees(o, sent)  # "Joining them will be X and Y"
        ]
        remote = by_video(verb) or any(a.lemma_.lower() in REMOTE_WORDS for a in agents)
        if self.meeting and remote:
            self.assert_for(verb, _ATTENDING, sent)  # "joined by video link from Lahore"
        elif agents and (
            event_in(objects_of(verb, frozenset({"at", "in", "for"}))) is not None
            or (self.meeting and joined_somewhere(verb))
            # "X chaired the hearing. X was joined by Y" (not "joined in criticising").
            or (self.known_attendee(verb) and not joined_in_something(verb))
        ):
            # "X was joined at the launch by Y and Z": all of them were there.
            self.assert_for(verb, _ATTENDING, sent)
            self.record([m for a in agents for m in self.members(a)], _ATTENDING, sent)
        elif t.event is not None or groups:
            self.assert_for(verb, _ATTENDING, sent)
            for group in groups:
                self.affiliate(self.subjects_of(verb), group)
        elif any(
            o.lemma_.lower() in _ON_THE_BILL
            for prep in verb.subtree
            if prep.dep_ == "prep"
            and prep.lower_ == "as"
            and not (prep.i > 0 and prep.doc[prep.i - 1].lower_ == "such")
            for o in prep.children
            if o.dep_ == "pobj"
        ):
            # "will join A, B and C as Oscar presenters": all of them on the bill.
            joined = [m for o in objects_of(verb, frozenset()) for m in self.members(o)]
            self.assert_for(verb, _ATTENDING, sent, extra=joined)

    def on_acting_as(self, t: _Trigger) -> None:
        # "with X acting as mediator", "Y will serve as host".
        if self.meeting:
            self.assert_for(t.verb, _ATTENDING, t.sent)

    def on_sworn_in(self, t: _Trigger) -> None:
        # "X was sworn in", "X will take the oath of office": the one sworn in is at the
        # ceremony, and so is whoever swears them in.
        sworn = [m for o in objects_of(t.verb, frozenset()) for m in self.members(o)]
        self.assert_for(t.verb, _ATTENDING, t.sent, extra=sworn if t.lemma == "swear" else [])

    def on_chaired_by(self, t: _Trigger) -> None:
        # "Chaired by X, the talks ran past midnight."
        self.record([m for a in t.agents for m in self.members(a)], _ATTENDING, t.sent)

    def on_host(self, t: _Trigger) -> None:
        verb, lemma, agents, sent = t.verb, t.lemma, t.agents, t.sent
        led = objects_of(verb) + [c for c in verb.children if c.dep_ == "nsubjpass"]
        partners = [
            m
            for o in objects_of(verb, frozenset({"with"}), direct=False)
            for m in self.members(o)
            if (a := self.actors.at(m)) is not None and a.kind == "person"
        ]
        if partners and not agents and (t.event is not None or self.meeting):
            # "co-chaired it with his French counterpart X": both in the chair.
            self.assert_for(verb, _ATTENDING, sent, extra=partners)
        if lemma == "host" and any(self.fellow_members(o) for o in objects_of(verb)):
            self.assert_for(verb, _ATTENDING, sent)  # "hosted the leaders at the hall"
        if t.event is not None or any(
            o.lemma_ in DELEGATION_NOUNS
            or (lemma in ("lead", "head") and o.lemma_ in _SIDE_NOUNS and self.meeting)
            for o in led
        ):
            if lemma == "host" and not agents and self.opponents(verb):
                self.assert_for(verb, _ATTENDING, sent, extra=self.opponents(verb))
            else:
                self.passive_or_active(verb, agents, _ATTENDING, sent)
        elif lemma == "host" and not agents and self.guests(verb):
            # "X will host Y in Ankara": a visit received is a meeting of host and guest.
            self.assert_for(verb, _ATTENDING, sent, extra=self.guests(verb))

    def on_fixture(self, t: _Trigger) -> None:
        opponents = self.opponents(t.verb)
        if opponents:
            self.assert_for(t.verb, _ATTENDING, t.sent, extra=opponents)

    def on_result(self, t: _Trigger) -> None:
        contests = [
            o
            for o in (
                objects_of(t.verb, frozenset())
                or [c for c in t.verb.children if c.dep_ == "nsubjpass"]
            )
            if is_event(o) and o.lower_ not in _NOT_CONTESTS
        ]
        if contests:
            self.passive_or_active(t.verb, t.agents, _ATTENDING, t.sent)

    def on_testify(self, t: _Trigger) -> None:
        panels = objects_of(t.verb, frozenset({"before", "at", "to"}), direct=False)
        panels += datives_of(t.verb)  # "give evidence to the committee"
        if any(is_event(p) or p.lemma_.lower() in _PANEL_NOUNS for p in panels):
            self.assert_for(t.verb, _ATTENDING, t.sent)

    def on_ruled_out(self, t: _Trigger) -> None:
        # "X has been ruled out of the final", "X is sidelined for the match": a player (or
        # anyone) kept from the event; "ruled out a tax rise" names no event.
        if any(c.dep_ == "nsubjpass" for c in t.verb.children) and ruled_out_of(t.verb):
            self.assert_for(t.verb, _ABSENT, t.sent)

    def on_hold_talks(self, t: _Trigger) -> None:
        # "held talks with X"; "began (or resumed) talks with X" likewise.
        if t.event is None:
            return
        # "talks with X", or "held a meeting on Friday with X" (the verb's "with"). "held talks
        # on the sidelines with X": the "with" may hang further down.
        inside = subtree_without(t.event, _CLAUSE_MODIFIERS)
        partners = [
            m
            for o in [h for x in inside for h in objects_of(x, frozenset({"with"}))]
            + objects_of(t.verb, frozenset({"with"}), direct=False)
            for m in self.members(o)
        ]
        if t.agents:
            self.record([m for a in t.agents for m in self.members(a)], _ATTENDING, t.sent)
        else:
            self.hold(t.verb, partners, t.sent)

    def on_address(self, t: _Trigger) -> None:
        verb = t.verb
        audience = [
            o
            for o in objects_of(verb)
            if is_audience(o) or o.pos_ == "PRON" or self.fellow_members(o) or self.sitting(o)
        ]
        if t.event is not None or audience or event_in(list(verb.subtree)) is not None:
            self.passive_or_active(verb, t.agents, _ATTENDING, t.sent)

    def welcomes_arrivals(self, verb: Token) -> bool:
        """ "welcome delegates to the conference" (not "welcomed the decision")."""
        return not (self.occasion and self.guests(verb)) and any(
            is_audience(o) or self.fellow_members(o) or heads_of_state(o)
            for o in objects_of(verb, frozenset())
        )

    def on_welcome(self, t: _Trigger) -> None:
        self.passive_or_active(t.verb, t.agents, _ATTENDING, t.sent)

    def on_greet_guests(self, t: _Trigger) -> None:
        # "Modi greeted Lula, Ramaphosa and Prabowo" in a summit story: host and guests.
        self.assert_for(t.verb, _ATTENDING, t.sent, extra=self.guests(t.verb))

    def on_not_invited(self, t: _Trigger) -> None:
        # "X was not invited (to the summit)": kept away from it.
        invited = [c for c in t.verb.children if c.dep_ == "nsubjpass"]
        if invited and not t.agents:
            self.record([m for i in invited for m in self.members(i)], _ABSENT, t.sent)
        elif not invited:
            # "Organizers have not invited Iran's leadership": those left out stay away.
            left_out = [m for o in objects_of(t.verb) for m in self.members(o)]
            self.record(left_out, _ABSENT, t.sent)

    def on_motion(self, t: _Trigger) -> None:
        verb, lemma = t.verb, t.lemma
        # "gathering for what is expected to be their last conference": look inside.
        targets = objects_of(verb, _EVENT_PREPS, direct=False)
        inside = [x for o in targets for x in subtree_without(o, _CLAUSE_MODIFIERS)]
        if lemma == "visit":
            inside += objects_of(verb, frozenset())
        if (
            event_in(inside) is not None
            or (lemma not in ("visit", "return") and any(self.is_venue(x) for x in targets))
            # "X and Y arrive at Southwark Cathedral" in the story of a service there.
            or (lemma == "arrive" and self.occasion and any(building(x) for x in targets))
        ):
            # "arrived in Istanbul" where the story's talks are held in Istanbul; "arrived
            # for a meeting with X": X is at that meeting too.
            self.assert_for(verb, _ATTENDING, t.sent, extra=self.talks_partners(verb))
        elif (
            lemma in ("come", "go", "travel")
            and self.meeting
            and is_negated(verb)
            and not any(
                c.dep_ in _GOING_SOMEWHERE and c.lower_ not in _FOCUS_ADVERBS for c in verb.children
            )
        ):
            # "but X will not come" in a summit story: stays away from it.
            self.assert_for(verb, _ATTENDING, t.sent)

    def on_trip(self, t: _Trigger) -> None:
        # "did not make the trip", "cancelled his trip to Davos": the journey to the event.
        self.assert_for(t.verb, _ABSENT if t.lemma in CANCEL_VERBS else _ATTENDING, t.sent)

    def on_deliver(self, t: _Trigger) -> None:
        verb = t.verb
        speeches = [o for o in objects_of(verb, frozenset()) if is_speech(o)]
        addressed = [x for o in speeches for x in objects_of(o, frozenset({"to"}), direct=False)]
        addressed += [  # "gave a speech to X" with "to" read as the verb's dative
            p
            for c in verb.children
            if c.dep_ == "dative" and c.lower_ == "to"
            for p in c.children
            if p.dep_ == "pobj"
        ]
        if speeches and (
            any(s.lemma_.lower() in _RITE_SPEECHES or is_keynote(s) for s in speeches)
            or (  # "is due to (will) give a speech on Tuesday" at the story's gathering
                self.gathering
                and (planned(verb) or any(c.lower_ in ("will", "'ll") for c in verb.children))
                and not self.elsewhere_or_later(verb)
            )
            or (t.event is not None and t.event.lower_ not in SPEECH_EVENT_NOUNS)
            or any(is_audience(o) for o in objects_of(verb))
            or any(self.actors.at(o) is not None or is_audience(o) for o in addressed)
        ):
            self.assert_for(verb, _ATTENDING, t.sent)
        elif t.agents and any(
            is_speech(s) and (is_keynote(s) or self.gathering)
            for s in verb.children
            if s.dep_ == "nsubjpass"
        ):
            # "keynote speeches were made by leaders such as X": the speakers were there.
            self.record([m for a in t.agents for m in self.members(a)], _ATTENDING, t.sent)

    def on_speak(self, t: _Trigger) -> bool:
        verb, lemma = t.verb, t.lemma
        listeners = objects_of(verb, frozenset({"to", "at"}))
        if (
            lemma in ("tell", "brief")
            and not any(c.dep_ == "xcomp" for c in verb.children)  # "told them to attend"
            and any(
                self.fellow_members(o) or self.sitting(o) for o in objects_of(verb, frozenset())
            )
        ):
            # "told fellow leaders", "was due to brief ministers" in a summit story.
            self.assert_for(verb, _ATTENDING, t.sent)
            return True
        partners = [
            m
            for o in objects_of(verb, frozenset({"with"}), direct=False)
            for m in self.members(o)
            if (a := self.actors.at(m)) is not None and a.kind == "person"
        ]
        if (
            lemma in _SPEAK_VERBS
            and partners
            and self.meeting
            and not by_video(verb)
            and not is_negated(verb)
            and verb.dep_ not in ("pcomp", "acl", "xcomp")  # "her line on not talking with X"
        ):
            # "X, along with Y, spoke with Z last week" in the story of their meeting.
            self.assert_for(verb, _ATTENDING, t.sent, extra=partners)
            return False
        # "told the summit", "told a party gathering": the event as the one addressed.
        told = (
            [
                c
                for c in verb.children
                if c.dep_ in ("dative", "dobj") and c.lemma_.lower() not in _PRESS_EVENTS
            ]
            if lemma == "tell"
            else []
        )
        if (
            any(is_audience(o) for o in listeners)
            or (
                lemma == "speak"
                and self.gathering
                and (planned(verb) or will_speak(verb))
                and not has_particle(verb, "out")  # "due to speak out on the deal"
            )
            or event_in(told) is not None
            or (lemma != "tell" and event_in(listeners) is not None)
            or (lemma != "tell" and is_scheduled(verb))
        ):
            self.assert_for(verb, _ATTENDING, t.sent)
        return False

    def on_perform(self, t: _Trigger) -> None:
        # Performers are on the bill: "performed with X", "performed at the gala" (not
        # "performing U-turns", which is a figure of speech).
        verb = t.verb
        partners = [
            m
            for p in objects_of(verb, frozenset({"with", "alongside"}), direct=False)
            for m in self.members(p)
            if self.actors.at(m) is not None  # "with her husband Marc Anthony"
        ]
        audience = objects_of(verb, frozenset({"for", "to"}), direct=False)
        venues = objects_of(verb, frozenset({"at", "in"}), direct=False)
        if (
            t.event is not None
            or partners
            or any(is_audience(o) for o in audience)
            or any(v.lemma_.lower() in VENUE_NOUNS or v.ent_type_ == "FAC" for v in venues)
        ):
            self.assert_for(verb, _ATTENDING, t.sent, extra=partners)

    def on_turn_up(self, t: _Trigger) -> None:
        # "failed to turn up for the meeting", "showed up at the launch".
        targets = objects_of(t.verb, _EVENT_PREPS, direct=False)
        if event_in(targets) is not None or (
            # "X did not show up" in a story of an event: to that event.
            self.occasion
            and not targets
            and not any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in t.verb.children)
        ):
            self.assert_for(t.verb, _ATTENDING, t.sent)

    def on_turn_out(self, t: _Trigger) -> None:
        # "Stars who turned out on the night", not "it turned out to be" or "turned out X".
        if not any(c.dep_ in ("xcomp", "ccomp", "dobj", "acomp") for c in t.verb.children):
            self.assert_for(t.verb, _ATTENDING, t.sent)

    def on_excluded(self, t: _Trigger) -> None:
        # "decision to exclude its leader X from an upcoming summit", "X was barred from the
        # talks": kept away from it.
        kept = [c for c in t.verb.children if c.dep_ == "nsubjpass"] or objects_of(t.verb)
        _, qualifier = self.climb(t.verb)
        if qualifier != "skip" and not is_negated(t.verb):
            self.record([m for k in kept for m in self.members(k)], _ABSENT, t.sent)

    def on_cancel(self, t: _Trigger) -> None:
        called_off = objects_of(t.verb, frozenset())
        if t.event is not None or any(is_presence_noun(o) for o in called_off):
            self.assert_for(t.verb, _ABSENT, t.sent)

    def on_accompanied_by(self, t: _Trigger) -> None:
        # "X, accompanied by Y, attended": Y was there when an occasion is in view, or when
        # the one accompanied is already known to be there.
        occasions = [x for x in t.sent if is_event(x) or x.lemma_.lower() in INDUCTION_NOUNS]
        if occasions or self.known_attendee(t.verb):
            self.record([m for a in t.agents for m in self.members(a)], _ATTENDING, t.sent)

    def on_invitation_answer(self, t: _Trigger) -> bool:
        # "declined an invitation to the summit", "accepted an invitation to attend".
        if t.lemma == "turn" and not has_particle(t.verb, "down"):
            return True
        base = _ATTENDING if _INVITATION_ANSWERS[t.lemma] else _ABSENT
        if t.agents:
            # "The invitation was turned down by the National Salvation Front".
            self.record([m for a in t.agents for m in self.members(a)], base, t.sent)
            return False
        self.assert_for(t.verb, base, t.sent)
        return False

    # ------------------------------------------------------------------- checks on every verb
    def at_the_head(self, t: _Trigger) -> None:
        """ "arrived at the head of a delegation": leading it."""
        if any(
            h.lower_ == "head"
            and any(
                d.lemma_ in DELEGATION_NOUNS for d in objects_of(h, frozenset({"of"}), direct=False)
            )
            for h in objects_of(t.verb, frozenset({"at"}), direct=False)
        ):
            self.assert_for(t.verb, _ATTENDING, t.sent)

    def at_the_event(self, t: _Trigger) -> None:
        """Said, told or did anything "at the summit" or "in a lecture": the subject was there."""
        verb, lemma, agents, sent = t.verb, t.lemma, t.agents, t.sent
        if lemma in _NOT_THERE or verb.dep_ == "acl":
            return
        places = objects_of(verb, frozenset({"at"}), direct=False)
        # "sat beside Y during the talks": there while they ran.
        places += [
            o
            for o in objects_of(verb, frozenset({"during"}), direct=False)
            if o.lemma_.lower() in _MEETING_NOUNS | GATHERING_NOUNS
        ]
        places += [
            o
            for o in objects_of(verb, frozenset({"in", "during"}), direct=False)
            if o.lower_ in SPEECH_EVENT_NOUNS
            and not any(c.dep_ == "poss" for c in o.children)
            and not in_the_past(verb)  # "warning in a speech last month"
        ]
        for obj in objects_of(verb, frozenset()):  # "told reporters at the conference"
            places += objects_of(obj, frozenset({"at"}), direct=False)
        at_event = event_in(places)
        if at_event is not None and not agents:
            self._event = at_event.i
            # "At the dinner he told Mr Brown ...": whom one tells or greets there is there.
            met = (
                [
                    m
                    for o in [*objects_of(verb, frozenset()), *datives_of(verb)]
                    for m in self.members(o)
                    if (a := self.actors.at(m)) is not None and a.kind == "person"
                ]
                if lemma in _FACE_TO_FACE_VERBS
                else []
            )
            self.assert_for(verb, _ATTENDING, sent, extra=met)
        elif not agents and on_stage(verb):
            # "joined her on stage", "took to the stage": performers and those they join.
            joined = [o for o in objects_of(verb, frozenset()) if self.actors.resolve(o)]
            self.assert_for(verb, _ATTENDING, sent, extra=joined if lemma == "join" else [])

    def noun(self, noun: Token, sent: Span) -> None:
        self._event = None
        lemma = noun.lemma_.lower()
        if lemma in _ROLES_AT_TALKS:
            self.role_at_event(noun, sent)
        elif lemma in ABSENT_NOUNS:
            owners = self.owners(noun)
            self.record([m for o in owners for m in self.members(o)], _ABSENT, sent)
        elif is_presence_noun(noun) or lemma in INDUCTION_NOUNS:
            self.presence_noun(noun, sent)
        elif lemma in _BILLED_NOUNS and is_billed(noun):
            self.billed(noun, sent)
        elif lemma in _GIG_NOUNS:
            # "X's concert at the arena": a concert's owner is its performer.
            owners = [o for o in self.owners(noun) if o.dep_ == "poss"]
            if owners:
                self._event = noun.i
                self.record([m for o in owners for m in self.members(o)], _ATTENDING, sent)
        elif lemma in _MEETING_NOUNS and is_event(noun):
            self.meeting_between(noun, sent)
        elif noun.lower_ in SPEECH_EVENT_NOUNS and any(c.dep_ == "poss" for c in noun.children):
            self.own_speech(noun, sent)
        elif noun.lower_ in SPEECH_EVENT_NOUNS and noun.dep_ in ("dobj", "pobj", "nsubj"):
            # "an address to the summit from X": whoever gives it is there.
            givers = [
                p
                for prep in noun.head.subtree
                if prep.dep_ == "prep" and prep.lower_ in ("from", "by")
                for p in prep.children
                if p.dep_ == "pobj"
                and self.actors.at(p) is not None
                and self.actors.at(p).kind == "person"
            ]
            # "a keynote given by X": a keynote is given at an event by definition.
            keynote = is_keynote(noun)
            givers += [
                p
                for verb in noun.children
                if verb.dep_ == "acl" and verb.lemma_.lower() in _DELIVER_VERBS
                for p in passive_agents(verb)
                if self.actors.at(p) is not None
            ]
            occasion = [t for t in noun.head.subtree if t.lower_ not in SPEECH_EVENT_NOUNS]
            if givers and (keynote or event_in(occasion) is not None):
                self.record(givers, _ATTENDING, sent)

    # ------------------------------------------------------------------- handlers
    def role_at_event(self, role: Token, sent: Span) -> None:
        """ "X, chair of this year's summit", "Y, the host of the talks": the role is held at
        the event, so its holder is there."""
        event = event_in(objects_of(role, frozenset({"of", "at", "for"}), direct=False))
        if event is None or any(a.dep_ == "amod" and a.lower_ in EARLIER for a in event.children):
            return  # "host of the previous summit"
        if role.dep_ == "appos":
            holders = [role.head]
        else:
            # "the U.N.'s envoy and the joint mediator for the talks, X, said": the name is in
            # apposition to the first of the conjoined roles.
            base = role
            while base.dep_ == "conj":
                base = base.head
            holders = [c for c in base.children if c.dep_ == "appos" and self.actors.at(c)]
        self._event = event.i
        self.record(holders, _ATTENDING, sent)

    def hosted_by(self, t: _Trigger) -> None:
        """ "a dinner hosted by X", "a conference on enterprise hosted by X": X was there."""
        verb, agents, sent = t.verb, t.agents, t.sent
        current = verb.head
        for _ in range(4):
            if is_event(current):
                self._event = current.i
                self.record([m for a in agents for m in self.members(a)], _ATTENDING, sent)
                return
            if current.dep_ not in ("pobj", "pcomp", "prep") or current.head.i == current.i:
                return
            current = current.head

    def meeting_between(self, noun: Token, sent: Span) -> None:
        """ "talks between X and Y", "Mr X's talks with Y": the people named took part (countries
        so named are the parties, not attendees). Wished or possible talks count for nothing."""
        current = noun
        for _ in range(_MAX_CLIMB):
            if current.head.i == current.i:
                break
            current = current.head
            if current.pos_ in ("VERB", "AUX", "ADJ"):
                if current.lemma_.lower() in _NON_FACTUAL or is_negated(current):
                    return
                if any(c.dep_ == "aux" and c.lower_ in _UNCERTAIN_MODALS for c in current.children):
                    return
        sides = objects_of(noun, frozenset({"between"}), direct=False)
        if any(c.dep_ == "poss" for c in noun.children):
            sides = self.owners(noun) + objects_of(noun, frozenset({"with"}), direct=False)
        parties = [m for side in sides for m in self.members(side)]
        people = [
            m
            for m in parties
            if (actor := self.actors.resolve(m)) is not None and actor.kind == "person"
        ]
        # "a meeting between Health Secretary X and health unions": one named person is
        # enough when the other side, unnamed, is there too.
        if len({self.actors.resolve(p).id for p in people}) >= (1 if len(parties) > 1 else 2):
            self._event = noun.i
            self.record(people, _ATTENDING, sent)

    def known_attendee(self, verb: Token) -> bool:
        """Whether the clause's subject already attends ("Gere ..., accompanied by Y")."""
        if verb.dep_ == "acl" and self.actors.at(verb.head) is not None:
            subject = verb.head  # "sent X, accompanied by Y": X is the one accompanied
        else:
            subject = self.clause_subject(verb.head if verb.dep_ in ("advcl", "acl") else verb)
        candidates = [subject] if subject is not None else []
        if verb.dep_ == "advcl":
            # "sent X, accompanied by Y": the object the participle follows may be the one.
            candidates += [c for c in verb.head.children if c.dep_ == "dobj"]
        for candidate in candidates:
            actor = self.actors.resolve(candidate)
            record = self.records.get(actor.id) if actor is not None else None
            if record is not None and _ATTENDING in record.evidence:
                return True
        return False

    def listed(self, group: Token) -> list[Token]:
        """ "Stars who turned out included A, B and C": the members the group's verb lists."""
        verb = group.head
        if group.dep_ != "nsubj" or verb.lemma_.lower() not in _INCLUDE_VERBS:
            return []
        return [m for o in objects_of(verb, frozenset()) for m in self.members(o)]

    def owners(self, noun: Token) -> list[Token]:
        """Whose the noun is: "X's absence", "the absence of X"; a possessive pronoun is bound
        to its own clause's subject when that fits ("Lopez apologised for her absence")."""
        owners: list[Token] = []
        for child in noun.children:
            if child.dep_ != "poss":
                continue
            if child.pos_ == "PRON":
                subject = self.clause_subject(noun)
                bound = self.actors.resolve(subject) if subject is not None else None
                wanted = PERSON_PRONOUNS.get(child.lower_)
                if (
                    bound is not None
                    and bound.kind == "person"
                    and wanted is not None
                    and bound.gender in (None, wanted)
                ):
                    owners.append(subject)
                    continue
                if (
                    child.lower_ == "their"
                    and subject is not None
                    and any(c.dep_ in ("conj", "appos") for c in subject.children)
                ):
                    owners.append(subject)  # "X, Y and Z confirmed their participation"
                    continue
                if (
                    wanted is not None
                    and subject is not None
                    and subject.pos_ == "PROPN"
                    and (bound is None or bound.kind != "person")
                ):
                    # "Secretary of the Treasury Bessent confirmed his absence", with the
                    # name misread as a body: "his" is still the subject's, not someone else's.
                    continue
            owners.append(child)
        return owners + objects_of(noun, frozenset({"of"}))

    @staticmethod
    def clause_subject(token: Token) -> Token | None:
        """The subject of the clause a noun sits in, through participles ("X left, citing ...")."""
        current = token
        for _ in range(_MAX_CLIMB):
            if current.pos_ in ("VERB", "AUX"):
                subjects = [c for c in current.children if c.dep_ in ("nsubj", "nsubjpass")]
                if subjects:
                    return subjects[0]
                if current.dep_ not in ("advcl", "xcomp", "conj", "pcomp", "acl"):
                    return None
            if current.head.i == current.i:
                return None
            current = current.head
        return None

    def presence_noun(self, noun: Token, sent: Span) -> None:
        """ "X's attendance", "made an appearance", "his induction": X was there; "cancelled
        (or did not make) an appearance": X stays away."""
        head = noun.head
        if noun.dep_ == "dobj" and head.lemma_.lower() in CANCEL_VERBS:
            return  # the verb reads it
        if any(c.dep_ == "prep" and c.lower_ == "on" for c in noun.children):
            return  # "an appearance on television" is a broadcast, not an event
        if any(c.dep_ in ("amod", "compound") and c.lower_ in _FORCE_WORDS for c in noun.children):
            return  # "its naval presence": forces deployed, not someone attending
        if (
            noun.dep_ == "pobj"
            and head.lower_ in _TOPIC_PREPS
            and not (head.lower_ == "on" and noun.lower_ == "arrival")  # "on her arrival at"
        ):
            return  # "a compromise over South Africa's participation": a topic, not a fact
        status = _ATTENDING
        if noun.dep_ == "dobj" and head.pos_ == "VERB":
            lemma = head.lemma_.lower()
            if lemma in _INTENDING or head.lower_ in _INTENDING_FORMS:
                status = _EXPECTED  # "is considering its participation": a plan, hedged
            elif lemma in _UNASSERTING or head.lower_ in _NON_FACTUAL_FORMS or is_negated(head):
                return  # "urged its participation", "did not confirm his attendance"
        owners = self.owners(noun)
        if owners:
            # "in the presence of dignitaries at the House – the Union Buildings": a building
            # in the list is where, not who.
            present = [m for o in owners for m in self.members(o) if m.ent_type_ != "FAC"]
            self.record(present, status, sent)
        elif noun.dep_ == "dobj" and head.lemma_.lower() in ("make", "put"):
            self.assert_for(head, _ATTENDING, sent)

    def present(self, t: _Trigger) -> None:
        """ "X inducted Y into the Hall of Fame", "X introduced Y (on stage)": both are there.
        Introducing a bill or a scheme is not: the one presented must be a person or group."""
        verb, agents, sent = t.verb, t.agents, t.sent
        passive = [c for c in verb.children if c.dep_ == "nsubjpass"]
        presented = passive if agents else objects_of(verb, frozenset())
        people = [
            m
            for o in presented
            for m in self.members(o)
            if (actor := self.actors.at(m)) is not None
            and (actor.kind == "person" or verb.lemma_.lower() == "induct")
        ]
        people_nouns = [o for o in presented if o.lemma_.lower() in PEOPLE_NOUNS]
        people += [
            m for o in people_nouns for m in self.members(o) if self.actors.at(m) is not None
        ]
        if not people:
            return
        if agents:
            _, qualifier = self.climb(verb)
            status = self.status_of(verb, _ATTENDING, qualifier)
            if status is not None:
                self.record([m for a in agents for m in self.members(a)], status, sent)
                self.record(people, status, sent)
        else:
            self.assert_for(verb, _ATTENDING, sent, extra=people)

    def passive_or_active(self, verb: Token, agents: list[Token], base: str, sent: Span) -> None:
        if agents:
            _, qualifier = self.climb(verb)
            status = self.status_of(verb, base, qualifier)
            if status is not None:
                self.record([m for a in agents for m in self.members(a)], status, sent)
        elif not any(c.dep_ == "nsubjpass" for c in verb.children):
            self.assert_for(verb, base, sent)

    def hold(self, verb: Token, partners: list[Token], sent: Span) -> None:
        """People and bodies holding a meeting attend; countries holding talks are parties."""
        subjects, qualifier = self.climb(verb)
        status = self.status_of(verb, _ATTENDING, qualifier)
        if status is None:
            return
        # Only holders named outright: "EU leaders are holding talks" names no attendee.
        # Countries that are to hold talks are the talks' parties, whoever they send; once
        # the talks are told as held, they took part.
        held = status == _ATTENDING and _told_as_done(verb)
        holders = [
            s
            for s in subjects
            if (a := self.actors.at(s) or (self.actors.resolve(s) if s.pos_ == "PRON" else None))
            and (a.kind != "country" or held)
        ]
        self.record(holders, status, sent)
        if status != _ABSENT:
            self.record(partners, status, sent)

    def meet(self, t: _Trigger) -> None:
        """ "X met Y and Z", "X is meeting Y", "unions meeting X": all sides attend."""
        verb, sent = t.verb, t.sent
        others = [m for o in objects_of(verb, frozenset({"with"})) for m in self.members(o)]
        if verb.dep_ == "acl":
            if any(c.dep_ == "aux" and c.lower_ in _UNCERTAIN_MODALS for c in verb.children):
                return  # "reports that Trump could meet Putin"
            _, qualifier = (
                self.climb(verb.head) if verb.head.pos_ in ("VERB", "AUX") else ([], None)
            )
            if self.status_of(verb, _ATTENDING, qualifier) == _ATTENDING:
                self.record(others, _ATTENDING, sent)
            return
        # Those met attend when named outright ("British officials" names nobody); meeting
        # "his fiscal rules" or "concerns" is no meeting at all.
        if any(is_kin(o) for o in others):
            return  # "met his future wife": a life event, not a meeting
        named = [o for o in others if self.actors.at(o) is not None]
        people = [
            o
            for o in others
            if self.actors.at(o) is not None
            or o.lemma_.lower() in PEOPLE_NOUNS
            or o.lower_ in PEOPLE_NOUNS
        ]
        if people or event_in(objects_of(verb, frozenset({"at"}), direct=False)) is not None:
            self.assert_for(verb, _ATTENDING, sent, extra=named)
        elif not others and not any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in verb.children):
            # "A, B and C have met (publicly)": two or more named people meeting each other.
            subjects, qualifier = self.climb(verb)
            found = [self.actors.at(s) for s in subjects]
            persons = {a.id for a in found if a is not None and a.kind == "person"}
            # "The IPCL board met in Mumbai": a body's board or committee sitting is a meeting.
            bodies = [s for s in subjects if s.lemma_.lower() in _SITTING_BODIES]
            if len(persons) >= 2 or bodies:
                status = self.status_of(verb, _ATTENDING, qualifier)
                if status is not None:
                    self.record(subjects, status, sent)

    def represent(self, t: _Trigger) -> None:
        """ "X will represent the UK (at the talks)", "Madrid is being represented by X"; "the
        Palestinian Authority was not represented (in Cairo)" stays away."""
        verb, agents, event, sent = t.verb, t.agents, t.event, t.sent
        passive = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if passive and not agents and is_negated(verb) and self.meeting:
            self.record([m for p in passive for m in self.members(p)], _ABSENT, sent)
            return
        scheduled = (
            event is not None
            or any(c.dep_ == "aux" and c.lower_ in ("will", "'ll") for c in verb.children)
            # "the lawyer representing X and Y" speaks for clients, not at an event.
            or (verb.tag_ == "VBG" and self.represents_a_body(verb))
            or any(c.lower_ == "being" for c in verb.children)
            or (bool(agents) and self.meeting)  # "Jordan was represented by X" at the talks
            or (verb.tag_ == "VBD" and self.meeting and self.represents_a_body(verb))
            or (self.meeting and sent_to_attend(verb.head) and verb.head.lemma_ == "send")
        )
        if not scheduled:
            return  # "she represents the constituency" is no event
        named = [m for a in agents for m in self.members(a) if self.actors.at(m) is not None]
        unnamed = all(
            a.pos_ == "NOUN"
            and not any(  # "Spain's director general for Europe, X"
                (actor := self.actors.at(t)) is not None and actor.kind == "person"
                for t in a.subtree
            )
            and not any(  # "a delegation headed by X" has a named delegate
                c.dep_ == "acl" and passive_agents(c) for c in a.children
            )
            for a in agents
        )
        if agents and not named and unnamed and self.meeting:
            # "Serbia was represented by its ambassador": no named delegate, so the country.
            self.record([c for c in verb.children if c.dep_ == "nsubjpass"], _ATTENDING, sent)
            return
        if agents:
            self.record([m for a in agents for m in self.members(a)], _ATTENDING, sent)
            bodies = [c for c in verb.children if c.dep_ == "nsubjpass"]
        else:
            self.assert_for(verb, _ATTENDING, sent)
            bodies = [c for c in verb.children if c.dep_ == "dobj"]
            # "sent its deputy premier to represent the Sultan": one stands in for a person
            # who is not there.
            stood_in_for = [
                m
                for b in bodies
                if (named := self.actors.at(b)) is not None and named.kind == "person"
                for m in self.members(b)
                if (a := self.actors.at(m)) is not None and a.kind == "person"
            ]
            if (
                stood_in_for
                and self.meeting
                and (
                    sent_to_attend(verb.head)
                    or (event is not None and any(c.dep_ == "nsubj" for c in verb.children))
                )
            ):
                self.record(stood_in_for, _ABSENT, sent)
        for body in bodies:
            actor = self.actors.resolve(body)
            if actor is not None:
                self.represented.add(actor.id)

    def represents_a_body(self, verb: Token) -> bool:
        """ "X represented the United States on Thursday" in a story of talks: a country or
        body spoken for at them; "represented the district for 20 years" is a career."""
        if any(c.dep_ == "prep" and c.lower_ in ("for", "since") for c in verb.children):
            return False
        return any(
            (actor := self.actors.resolve(o)) is not None and actor.kind != "person"
            for o in objects_of(verb, frozenset())
        )

    def opponents(self, verb: Token) -> list[Token]:
        """ "X host Y in the cup", "X will play (or face) Y in the final": the named side met
        at an event; a role played or a question faced is no fixture."""
        if event_in(objects_of(verb, frozenset({"in", "at", "for"}), direct=False)) is None:
            return []
        direct = objects_of(verb, frozenset())
        return [m for o in direct for m in self.members(o) if self.actors.at(m) is not None]

    def out_injured(self, out: Token, sent: Span) -> None:
        """ "X is out of the final", "skipper X, now out with a broken thumb": kept away."""
        if out.head.lemma_ == "be" and out.dep_ in ("prep", "advmod", "acomp", "prt"):
            self.assert_for(out.head, _ABSENT, sent)
            return
        # An aside after a name: "X, now out with ...".
        i = out.i - 1
        while i >= sent.start and (self.doc[i].is_punct or self.doc[i].lower_ in ("now", "still")):
            i -= 1
        if (
            i >= sent.start
            and i < out.i - 1
            and any(self.doc[j].text == "," for j in range(i + 1, out.i))
        ):
            actor = self.actors.at(self.doc[i])
            if actor is not None and actor.kind == "person":
                self.record([self.doc[i]], _ABSENT, sent)

    def without(self, verb: Token, sent: Span) -> None:
        """ "The talks went ahead without X", "held the meeting without Y": Y stayed away."""
        held = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")]
        if verb.dep_ == "relcl" and any(h.lower_ in _RELATIVE for h in held):
            held.append(self.actors.antecedent(verb))  # "the G20 that is held without X"
        if event_in(held) is None or is_negated(verb):
            return
        missing = objects_of(verb, frozenset({"without"}), direct=False)
        self.record([m for o in missing for m in self.members(o)], _ABSENT, sent)

    def is_venue(self, place: Token) -> bool:
        """Whether a place is where one of the story's events is held ("talks in Istanbul")."""
        return place.ent_type_ in ("GPE", "LOC", "FAC") and place.text in self.venues

    @functools.cached_property
    def venues(self) -> frozenset[str]:
        places = frozenset({"in", "at"})
        return frozenset(
            p.text
            for t in self.doc
            if is_event(t)
            # "talks in Muscat", and "the talks will be held in Muscat".
            for holder in [t, *([t.head] if t.dep_ in ("nsubj", "nsubjpass", "dobj") else [])]
            for p in objects_of(holder, places, direct=False)
            if p.ent_type_ in ("GPE", "LOC", "FAC")
        )

    def own_speech(self, noun: Token, sent: Span) -> None:
        """ "X's opening speech", "Y's speech on Saturday" in a story about a conference: the
        speaker addressed the gathering. Without a gathering in the story ("Blair's speech on
        crime") a speech places nobody."""
        if any(
            c.dep_ == "prep"
            and c.lower_ in ("in", "on")
            and any(
                g.lemma_.lower() in ("parliament", "commons", "television", "radio", "tv")
                for g in c.children
            )
            for c in noun.children
        ):
            return
        if not self.gathering:
            return
        people = [
            m
            for o in self.owners(noun)
            for m in self.members(o)
            if (actor := self.actors.resolve(m)) is not None and actor.kind == "person"
        ]
        self.record(people, _ATTENDING, sent)

    @functools.cached_property
    def event_lemmas(self) -> frozenset[str]:
        """The events the story tells of, by lemma: one pass over the document for the three
        settings below."""
        return frozenset(t.lemma_.lower() for t in self.doc if is_event(t))

    @property
    def gathering(self) -> bool:
        """Whether the story tells of a gathering people address (a conference, a summit)."""
        return not self.event_lemmas.isdisjoint(GATHERING_NOUNS)

    def guests(self, verb: Token) -> list[Token]:
        """Named people a host receives ("will host Y"), not a show or a programme."""
        return [
            m
            for o in objects_of(verb, frozenset())
            for m in self.members(o)
            if (actor := self.actors.at(m)) is not None and actor.kind == "person"
        ]

    def talks_partners(self, verb: Token) -> list[Token]:
        """ "... for talks with Y": the named other side of talks the verb's subject goes to."""
        return [
            m
            for t in objects_of(verb, frozenset({"for"}), direct=False)
            if t.lower_ in _MEETING_NOUNS and is_event(t)
            for o in objects_of(t, frozenset({"with"}), direct=False)
            for m in self.members(o)
            if self.actors.at(m) is not None
        ]

    def elsewhere_or_later(self, verb: Token) -> bool:
        """ "due to give a speech in Leeds next month": not at the story's gathering."""
        return any(
            (t.lower_ == "next" and t.ent_type_ == "DATE")
            or (t.ent_type_ == "GPE" and t.head.lower_ in ("in", "at") and not self.is_venue(t))
            for t in verb.subtree
        )

    def crowd_before(self, pronoun: Token) -> bool:
        """Whether "them" resumes those at the event (guests, delegates, leaders) from its
        own or the sentence before."""
        sent = pronoun.sent
        start = pronoun.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        return any(
            is_audience(t)
            or self.fellow_members(t)
            or heads_of_state(t)
            or t.lemma_ in ATTENDEE_NOUNS
            or t.lemma_ == "leader"  # "world leaders arrived ... Among them were"
            for t in pronoun.doc[start : pronoun.i]
        )

    def sitting(self, noun: Token) -> bool:
        """ "told the council", "addressed the board" in a story about its meeting."""
        return self.meeting and noun.lemma_.lower() in _SITTING_BODIES | {"assembly"}

    def joins_attendees(self, pronoun: Token, sent: Span) -> bool:
        """Whether "them" (or "him", "her") are at the event: attendees the rules just found,
        or people in a sentence before that names the event ("... when the meeting convenes.
        Joining them will be X")."""
        if pronoun.lower_ not in ("him", "her", "them") or sent.start == 0:
            return False
        before = self.doc[sent.start - 1].sent
        here = {sent.text.strip(), before.text.strip()}
        return any(
            r.evidence.get(_ATTENDING) in here or r.evidence.get(_EXPECTED) in here
            for r in self.records.values()
        ) or (
            any(is_event(t) for t in before)
            and any((a := self.actors.at(t)) is not None and a.kind == "person" for t in before)
        )

    def fellow_members(self, noun: Token) -> bool:
        """ "fellow leaders", "the ministers", "his counterparts": the other members of a
        meeting the story is about."""
        return self.meeting and noun.tag_ == "NNS" and noun.lemma_.lower() in _MEETING_MEMBERS

    @property
    def occasion(self) -> bool:
        """Whether the story tells of any event at all (a funeral, a final, a summit)."""
        return bool(self.event_lemmas)

    @property
    def meeting(self) -> bool:
        """Whether the story tells of talks, a summit or a meeting."""
        return not self.event_lemmas.isdisjoint(GATHERING_NOUNS | _MEETING_NOUNS)

    def brought_together(self, t: _Trigger) -> None:
        """ "The summit brought together A, B and C", "the festival attracted X": those drawn
        attend the event."""
        verb, sent = t.verb, t.sent
        owner = verb.head if verb.dep_ in ("acl", "relcl") else None  # "talks, which involved"
        subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.lower_ not in _RELATIVE]
        if not any(is_event(t) for t in [*subjects, *([owner] if owner is not None else [])]):
            if event_in(objects_of(verb, frozenset({"to"}), direct=False)) is not None:
                self.assert_for(verb, _ATTENDING, sent)  # "drew large crowds to a fringe event"
            return
        members = [m for o in objects_of(verb, frozenset()) for m in self.members(o)]
        if owner is not None:
            self.record(members, _ATTENDING, sent)
            return
        _, qualifier = self.climb(verb)
        status = self.status_of(verb, _ATTENDING, qualifier)
        if status is not None:
            self.record(members, status, sent)

    def invitation(self, verb: Token) -> bool:
        """Whether the verb answers an invitation to an event or to take part (a bare one in
        a story about a meeting)."""
        answered = objects_of(verb, frozenset())
        answered += [c for c in verb.children if c.dep_ == "nsubjpass"]  # "was turned down by"
        for obj in answered:
            if obj.lower_ not in _INVITATION_NOUNS:
                continue
            own_clause = ("prep", "acl") if obj.dep_ == "nsubjpass" else ("prep", "acl", "relcl")
            if self.meeting and not any(c.dep_ in own_clause for c in obj.children):
                return True
            inside = [t for t in obj.subtree if t.i != obj.i]
            if event_in(inside) is not None or any(
                t.lemma_.lower() in ("attend", "join", "participate", "speak") for t in inside
            ):
                return True
        return False

    def billed(self, noun: Token, sent: Span) -> None:
        """ "X was one of the keynote speakers", "X is among the guests at the wedding",
        "speakers at the summit included X", "special guest, singer X, joined ...": on the bill."""
        named: list[Token] = [a for a in noun.children if a.dep_ == "appos"]
        named += [  # "speakers (at the summit), who also included X"
            o
            for v in noun.children
            if v.dep_ == "relcl" and v.lemma_.lower() in _INCLUDE_VERBS
            for o in objects_of(v, frozenset())
        ]
        if noun.dep_ == "nsubj" and noun.head.lemma_.lower() in _INCLUDE_VERBS:
            named += objects_of(noun.head, frozenset())
        copula = noun.head
        if noun.dep_ == "pobj" and noun.head.lower_ in ("of", "among"):
            prep = noun.head
            copula = (
                prep.head.head if prep.lower_ == "of" and prep.head.lower_ == "one" else prep.head
            )
        elif noun.dep_ != "attr":
            copula = None
        if copula is not None and copula.lemma_ == "be":
            self.assert_for(copula, _ATTENDING, sent)
        members = [m for o in named for m in self.members(o)]
        if members:
            _, qualifier = (
                self.climb(noun.head) if noun.head.pos_ in ("VERB", "AUX") else ([], None)
            )
            status = self.status_of(noun.head, _ATTENDING, qualifier)
            if status is not None:
                self.record(members, status, sent)

    def stay_away(self, t: _Trigger) -> None:
        verb, event, sent = t.verb, t.event, t.sent
        lemma = verb.lemma_.lower()
        if event is None and (lemma != "boycott" or objects_of(verb, frozenset())):
            return
        self.assert_for(verb, _ABSENT, sent)

    def led_by(self, t: _Trigger) -> None:
        """ "a delegation led by X": X takes part, whatever the clause around says."""
        verb, sent = t.verb, t.sent
        group = verb.head
        if not (group.lemma_ in DELEGATION_NOUNS or is_event(group)):
            return
        members = [m for a in passive_agents(verb) for m in self.members(a)]
        self.record(members, _ATTENDING, sent)
        self.affiliate(members, group)

    def presence(self, t: _Trigger) -> None:
        """ "X will (not) be present", "Notably absent are X and Y", "X is (not) at the summit"."""
        copula, sent = t.verb, t.sent
        adjective = next(
            (
                c
                for c in copula.children
                if c.lower_ in PRESENCE_ADJ and c.dep_ in ("acomp", "nsubj", "attr", "advmod")
            ),
            None,
        )
        available = next(
            (c for c in copula.children if c.dep_ == "acomp" and c.lower_ in _AVAILABLE), None
        )
        if available is not None and (self.occasion or self.meeting):
            no_longer = any(
                t.lower_ == "longer" and any(n.lower_ == "no" for n in t.children)
                for t in (*copula.children, *available.children)
            )
            if available.lower_ == "unavailable" or no_longer or is_negated(copula):
                # "X, who was billed to attend the closing, is no longer available": the
                # negation is the absence, so it must not flip the status again.
                subjects, qualifier = self.climb(copula)
                if qualifier != "skip":
                    self.record(subjects, _ABSENT, sent)
            return
        if any(
            c.dep_ == "attr"
            and (
                c.lemma_.lower() in _ABSENTEE_NOUNS
                # "a no-show", split by the tokenizer
                or (c.lower_ == "show" and c.i > 1 and c.doc[c.i - 2].lower_ == "no")
            )
            for c in copula.children
        ):
            # "X is another absentee", "Y was a notable no-show at the gala".
            self.assert_for(copula, _ABSENT, sent)
            return
        if adjective is None and is_away(copula):
            # "X and Y were away with their countries" (or "on international duty").
            self.assert_for(copula, _ABSENT, sent)
            return
        if adjective is None:
            if (
                any(c.dep_ == "advmod" and is_here_or_there(copula, c) for c in copula.children)
                and any(c.dep_ == "nsubj" for c in copula.children)
                and not self.actors.quotes.inside(copula.i)  # "here's old Ken" is a figure
            ):
                # "X will be here too": the reporter's dateline is the event.
                self.assert_for(copula, _ATTENDING, sent)
                return
            if (
                self.occasion
                and any(c.dep_ == "expl" and c.lower_ == "there" for c in copula.children)
                and any(c.dep_ == "advmod" and c.lower_ == "also" for c in copula.children)
                and copula.i == sent.start + 2
            ):
                # "Also there was X": the inverted "X was also there", at the story's event.
                self.assert_for(copula, _ATTENDING, sent)
                return
            # "X is at the summit", "will not be in the chamber for the address".
            event = event_in(objects_of(copula, frozenset({"at", "for"}), direct=False))
            if event is not None:
                self._event = event.i
                self.assert_for(copula, _ATTENDING, sent)
                return
            if any(
                self.is_venue(t) for t in objects_of(copula, frozenset({"in", "at"}), direct=False)
            ):
                # "X was not in Doha" (where the talks are): away; "Y is in Doha": there.
                self.assert_for(copula, _ATTENDING, sent)
                return
            among = objects_of(copula, frozenset({"among"}), direct=False)
            if self.meeting and any(
                t.lemma_.lower() in ("table", "room")
                for t in objects_of(copula, frozenset({"at", "in"}), direct=False)
                + [r for a in among for r in objects_of(a, frozenset({"in", "at"}), direct=False)]
            ):
                # "X, Y and Z were at the table", "were among the directors in the room".
                self.assert_for(copula, _ATTENDING, sent)
                return
            if any(
                is_audience(t) for t in objects_of(copula, frozenset({"in", "among"}), direct=False)
            ) or any(those_there(t) for t in among):
                # "X and Y were also in the congregation (the audience, the crowd)", "were
                # among those attending (those present, the participants)".
                self.assert_for(copula, _ATTENDING, sent)
                return
            if self.occasion and any(t.lower_ == "them" and self.crowd_before(t) for t in among):
                # "As guests arrived, ... Among them were A, B and C".
                self.assert_for(copula, _ATTENDING, sent)
                return
            if any(is_attendance(t) for t in objects_of(copula, frozenset({"in"}), direct=False)):
                # "X was in attendance", "X and Y were among the leaders in attendance, as
                # well as Z": the parser may hang the last of the list on the copula.
                listed = [
                    c
                    for c in copula.children
                    if c.dep_ == "conj"
                    and (a := self.actors.at(c)) is not None
                    and a.kind == "person"
                ]
                self.assert_for(copula, _ATTENDING, sent, extra=listed)
                return
            cast = [
                c
                for c in copula.children
                if c.dep_ == "nsubj"
                and c.tag_ == "NNS"
                and c.lemma_.lower() in _CAST_NOUNS
                and self.actors.resolve(c) is None
            ]
            if cast and (self.meeting or self.occasion):
                # "The AU-appointed negotiators are A and B", "The guests will be A and B".
                # The parser scatters such lists ("the former presidents of A and B, X and Y
                # respectively, and Z"): every person named in the complement.
                listed = [t for c in copula.children if c.dep_ == "attr" for t in c.subtree]
                listed += [m for c in copula.children if c.dep_ == "conj" for m in self.members(c)]
                listed += [
                    m
                    for c in cast
                    for a in c.children
                    if a.dep_ == "appos"
                    for m in self.members(a)
                ]
                named = [
                    m
                    for m in listed
                    if (a := self.actors.at(m)) is not None
                    and a.kind == "person"
                    and m.dep_ not in ("compound", "flat")
                ]
                status = self.status_of(copula, _ATTENDING, self.climb(copula)[1])
                if status is not None:
                    self.record(named, status, sent)
                return
            talks = [
                t
                for t in objects_of(copula, frozenset({"in"}), direct=False)
                if t.lower_ in _MEETING_NOUNS | {"discussions"} and is_event(t)
            ]
            if talks:
                # "X is in talks with Y": both sides take part (countries are its parties).
                self._event = talks[0].i
                partners = [
                    m for t in talks for m in objects_of(t, frozenset({"with"}), direct=False)
                ]
                self.hold(copula, [m for p in partners for m in self.members(p)], sent)
            return
        base = _ATTENDING if PRESENCE_ADJ[adjective.lower_] else _ABSENT
        if adjective.dep_ == "acomp":
            self.assert_for(copula, base, sent)
            return
        others = [c for c in copula.children if c.dep_ in ("attr", "nsubj") and c.i != adjective.i]
        status = self.status_of(copula, base, None)
        if status is not None:
            self.record([m for o in others for m in self.members(o)], status, sent)

    def delegation_members(self, t: _Trigger) -> None:
        """ "Members of the delegation include A, B and C" / "The team comprises A and B"."""
        verb, sent = t.verb, t.sent
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None and verb.dep_ == "conj":
            # "Leaders still scheduled to attend include A and B", read as two verbs.
            subject = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
        if subject is None:
            return
        if subject.lower_ in _RELATIVE and verb.dep_ == "relcl":
            subject = verb.head  # "a delegation that includes X and Y"
        if subject.lower_ in ("it", "they"):
            subject = delegation_before(subject) or subject  # "It also includes X and Y"
        group = subject if subject.lemma_ in DELEGATION_NOUNS else None
        if (
            group is None
            and self.occasion
            and (
                subject.lemma_.lower() in ATTENDEE_NOUNS
                # "Close allies attending included A and B"
                or any(
                    c.dep_ in ("acl", "relcl") and c.lemma_.lower() in ATTENDING_LEMMAS
                    for c in subject.children
                )
                or (
                    subject.head.i != verb.i
                    and any(
                        c.dep_ == "xcomp" and c.lemma_.lower() in ATTENDING_LEMMAS
                        for c in subject.head.children
                    )
                )
            )
        ):
            group = subject  # "European representatives include X and Y"
        if group is None and subject.lemma_ in ("member", "members"):
            group = next(
                (o for o in objects_of(subject, frozenset({"of"})) if o.lemma_ in DELEGATION_NOUNS),
                None,
            )
        if group is None:
            return
        members = [m for o in objects_of(verb, frozenset()) for m in self.members(o)]
        members += [  # "included other leaders, among them A and B"
            m
            for c in verb.children
            if c.dep_ in ("npadvmod", "appos")
            and (a := self.actors.at(c)) is not None
            and a.kind == "person"
            for m in self.members(c)
        ]
        self.record(members, _ATTENDING, sent)
        self.affiliate(members, group)

    def send_in_place(self, t: _Trigger) -> None:
        """ "X will send Y in his place": X is absent, Y attends. "X sent a delegation to the
        talks": X takes part through it (and "did not send a team" stays away)."""
        verb, sent = t.verb, t.sent
        # "in his place" only; a bare "instead" is discourse, not substitution.
        in_place = any(
            c.dep_ == "prep" and c.lower_ == "in" and any(p.lower_ == "place" for p in c.children)
            for c in verb.children
        )
        if not in_place:
            envoys = [
                o
                for d in objects_of(verb, frozenset())
                for o in [d, *(c for c in d.subtree if c.dep_ == "conj" and c.head.i == d.i)]
                if o.lemma_.lower() in _ENVOY_NOUNS
                or o.lower_ in _ENVOY_NOUNS
                or self.unnamed_office_holder(o)  # "Bahrain sent its deputy prime minister"
            ]
            destinations = objects_of(verb, _EVENT_PREPS, direct=False) + datives_of(verb)
            destinations += [d for e in envoys for d in objects_of(e, _EVENT_PREPS, direct=False)]
            inside = [t for d in destinations for t in subtree_without(d, _CLAUSE_MODIFIERS)]
            sent_people = [
                m
                for o in objects_of(verb, frozenset())
                for m in self.members(o)
                if (a := self.actors.at(m)) is not None and a.kind == "person"
            ]
            if (
                sent_people
                and is_negated(verb)
                and (self.meeting or self.occasion or event_in(inside) is not None)
            ):
                # "the Kremlin is not sending its two top diplomats, X and Y": they stay
                # away; the sender may still take part through others, unless it sends
                # nobody at all ("will not send X or any official").
                _, qualifier = self.climb(verb)
                if qualifier != "skip":
                    self.record(sent_people, _ABSENT, sent)
                    if any(
                        c.dep_ == "det" and c.lower_ in ("any", "no")
                        for e in envoys
                        for c in e.children
                    ):
                        self.assert_for(verb, _ATTENDING, sent)  # negated: the sender absent
                return
            if envoys and any(
                c.dep_ == "det" and c.lower_ == "no" for e in envoys for c in e.children
            ):
                if event_in(inside) is not None or self.meeting:
                    self.assert_for(verb, _ABSENT, sent)  # "Washington sent no delegation"
            elif envoys and (
                event_in(inside) is not None
                or (self.meeting and (is_negated(verb) or sent_to_attend(verb)))
            ):
                self.assert_for(verb, _ATTENDING, sent)
            if (
                sent_people
                and self.meeting
                and any(c.lower_ == "instead" for c in verb.children if c.dep_ == "advmod")
            ):
                # "X sent his foreign minister, Y, instead": Y in X's place.
                self.assert_for(verb, _ABSENT, sent)
            if sent_people and (event_in(inside) is not None or self.meeting):
                # "Colombia sent Foreign Minister X and Defence Minister Y", "sent X to lead
                # the delegation": those sent attend; the sender is represented by them.
                _, qualifier = self.climb(verb)
                status = self.status_of(verb, _ATTENDING, qualifier)
                if status == _ATTENDING:
                    self.record(sent_people, _ATTENDING, sent)
                    for sender in self.subjects_of(verb):
                        actor = self.actors.resolve(sender)
                        if actor is not None and actor.kind != "person":
                            self.represented.add(actor.id)
            return
        subjects, qualifier = self.climb(verb)
        if qualifier == "skip":
            return
        substitutes = [m for o in objects_of(verb, frozenset()) for m in self.members(o)]
        self.record(subjects, _ABSENT, sent)
        self.record(substitutes, _ATTENDING, sent)

    def unnamed_office_holder(self, token: Token) -> bool:
        """ "its deputy prime minister", "his foreign minister": a post of the subject's own,
        held by someone the article does not name."""
        return (
            token.pos_ == "NOUN"
            and token.lemma_.lower() in PERSON_TITLES
            and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in token.children)
            and self.actors.resolve(token) is None
            and not any(c.dep_ == "appos" for c in token.children)
        )

    def expected_at(self, t: _Trigger) -> bool:
        """ "X is expected in Geneva on Friday" (not "expected to say", not "the Budget,
        expected in March"). Once read, "at the summit" does not make X attending too."""
        verb, sent = t.verb, t.sent
        if any(c.dep_ in ("xcomp", "ccomp") for c in verb.children) or verb.dep_ == "acl":
            return False
        if (
            self.occasion
            and any(c.dep_ == "nsubjpass" for c in verb.children)
            and not any(c.dep_ in ("prep", "agent", "advcl", "dobj") for c in verb.children)
        ):
            # "but his prime minister is expected": at the story's event, said without it.
            self.assert_for(verb, _EXPECTED, sent)
            return True
        places = [
            p
            for p in objects_of(verb, frozenset({"in", "at", "on", "for"}))
            if (p.ent_type_ in ("GPE", "LOC", "FAC") and p.head.lower_ != "for") or is_event(p)
        ]
        if places:
            self.assert_for(verb, _EXPECTED, sent, extra=self.talks_partners(verb))
        return bool(places)

    def expected_with(self, t: _Trigger) -> bool:
        """ "Biden will attend, with the leaders of A and B also expected": at the story's
        event (or the one the sentence names), those after "with" are expected."""
        if not (self.occasion or t.event is not None):
            return False
        named = [m for head in absolute_subjects(t.verb) for m in self.members(head)]
        self.record(named, _EXPECTED, t.sent)
        return True

    def affiliate(self, members: list[Token], group: Token) -> None:
        """Members of "the Chinese delegation" (or one China sends) belong to China."""
        owner: ActorInfo | None = None
        for child in group.children:
            if child.dep_ in ("amod", "compound", "poss", "nmod"):
                owner = self.actors.at(child) or owner
        if owner is None and group.dep_ in ("dobj", "nsubjpass"):
            for subject in (c for c in group.head.children if c.dep_ == "nsubj"):
                owner = self.actors.at(subject) or owner
        if owner is None or owner.kind == "person":
            return
        self.represented.add(owner.id)
        for member in members:
            actor = self.actors.at(member)
            if actor is not None and actor.kind == "person" and not actor.affiliation:
                actor.affiliation = owner.name


def _entry(actor: ActorInfo, status: str, evidence: str) -> Attendance:
    return Attendance(
        name=actor.name,
        role=actor.role,
        affiliation=actor.affiliation,
        status="expected" if status == _EXPECTED else "attending",
        evidence=evidence,
    )


def _credible(actor: ActorInfo) -> bool:
    """Not a venue: a town the NER took for a place ("Bournemouth hosted the conference") or
    for a person (a lone capitalised word, never with a first name, title or courtesy title,
    is in this small model's output more often a town than a person)."""
    if actor.place:
        return False
    if actor.kind == "person" and " " not in actor.name:
        return actor.gender is not None or actor.role is not None
    return True


def _countries_of_named_delegates(
    doc: Doc, actors: ActorIndex, attending: list[_Record]
) -> set[int]:
    """Countries and bodies an attending person is introduced as from ("Iraqi Water Minister
    X", "Turkey's X", "the AU envoy, X"): they attend through that named delegate and are not
    listed themselves."""
    out: set[int] = set()
    for record in attending:
        if record.actor.kind != "person":
            continue
        for start, end in record.actor.mentions:
            for token in doc[max(0, start - 4) : start]:
                actor = actors.at(token)
                if actor is not None and actor.kind == "country":
                    out.add(actor.id)
            # "the AU envoy ..., Salim Ahmed Salim", "Y, the U.N.'s special envoy": the body
            # of a title in apposition.
            name = doc[end - 1]
            titles = [name.head] if name.dep_ == "appos" else []
            titles += [c for c in name.children if c.dep_ == "appos"]
            for title in titles:
                for owner in title.children:
                    actor = actors.at(owner) if owner.dep_ in ("poss", "compound") else None
                    if actor is not None and actor.kind in ("country", "organization"):
                        out.add(actor.id)
    return out


_BACK_WORDS = frozenset({"neither", "none", "both", "each", "either"})


def _refers_back(subject: Token) -> bool:
    """ "neither", "both of them", "neither individual": the people just named."""
    return subject.lower_ in _BACK_WORDS or any(
        c.dep_ == "det" and c.lower_ in _BACK_WORDS for c in subject.children
    )


def _told_as_done(verb: Token) -> bool:
    """ "held talks", "have held talks": done, not planned or under way."""
    auxes = {c.lemma_.lower() for c in verb.children if c.dep_ == "aux"}
    return (verb.tag_ == "VBD" and not auxes) or (verb.tag_ == "VBN" and "have" in auxes)


def _read(doc: Doc, sents: list[Span], actors: ActorIndex) -> _Reader:
    reader = _Reader(doc, actors)
    for sent in sents:
        reader.read(sent)
    return reader


def _candidates(
    doc: Doc, sents: list[Span], actors: ActorIndex, reader: _Reader
) -> list[Candidate]:
    statuses = {actor_id: tuple(r.evidence) for actor_id, r in reader.records.items()}
    return candidates(
        doc,
        sents,
        actors,
        statuses,
        include=_credible,
        asserted=reader.asserted,
        read=reader.read_sentences,
    )


def rules_and_candidates(
    doc: Doc, sents: list[Span], actors: ActorIndex
) -> tuple[AttendanceResult, list[Candidate]]:
    """What the rules alone find, and the learned layer's candidates with their features
    (what its training reads), from one reading."""
    reader = _read(doc, sents, actors)
    candidates_ = _candidates(doc, sents, actors, reader)
    return _result(doc, actors, reader), candidates_


def find_attendance(
    doc: Doc, sents: list[Span], actors: ActorIndex, model: LinearModel | None = None
) -> AttendanceResult:
    """Who attends and who is absent: the rules, then (given a `model`) the learned layer's
    additions among the actors the rules left undecided."""
    reader = _read(doc, sents, actors)
    if model is not None:
        for candidate in _candidates(doc, sents, actors, reader):
            if candidate.actor.id in reader.records:
                continue  # the rules decided: attending, expected or absent
            if model.probability(candidate.features) > model.threshold:
                record = _Record(candidate.actor, candidate.mention)
                record.evidence[_ATTENDING] = candidate.sentence.text.strip()
                reader.records[candidate.actor.id] = record
    return _result(doc, actors, reader)


def _result(doc: Doc, actors: ActorIndex, reader: _Reader) -> AttendanceResult:
    """The reader's records as the lists to show: delegates stand for their country, venues
    the NER took for actors are dropped."""
    records = sorted(reader.records.values(), key=lambda r: r.first)
    # "A and B won awards at the gala but neither was present": the absence told in the same
    # sentence overrides what its first clause implied.
    for record in records:
        if record.evidence.get(_ABSENT) in reader.contrasted and record.evidence[_ABSENT] in (
            record.evidence.get(_ATTENDING),
            record.evidence.get(_EXPECTED),
        ):
            record.evidence.pop(_ATTENDING, None)
            record.evidence.pop(_EXPECTED, None)
    attending = [r for r in records if _ATTENDING in r.evidence or _EXPECTED in r.evidence]
    # Named delegates stand for their country or body, which is then not listed itself, and so
    # does any attending minister of a country ("India's finance minister"); a party at its
    # conference is there as a body of members besides its named leaders.
    for record in attending:
        affiliation = record.actor.affiliation
        if record.actor.kind == "person" and affiliation:
            reader.represented |= {
                r.actor.id
                for r in attending
                if r.actor.kind == "country" and r.actor.name == affiliation
            }
    reader.represented |= _countries_of_named_delegates(doc, actors, attending)
    attendees = [
        _entry(r.actor, s, r.evidence[s])
        for r in attending
        if r.actor.id not in reader.represented and _credible(r.actor)
        for s in [_ATTENDING if _ATTENDING in r.evidence else _EXPECTED]
    ]
    absentees = [
        _entry(r.actor, _ABSENT, r.evidence[_ABSENT])
        for r in records
        if _ABSENT in r.evidence and _credible(r.actor)
    ]
    return AttendanceResult(tuple(attendees), tuple(absentees), tuple(reader.events))
