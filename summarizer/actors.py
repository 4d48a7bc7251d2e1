"""One canonical actor per person, organisation, country or group named in an article.

Mentions come from the entities (after the gazetteer ruler), from courtesy titles the NER
missed ("Mr Beith"), and from names in apposition to a title ("the chairman, Guy Mansfield
QC"). People are clustered by surname, so "Chirac", "Mr Chirac" and "Jacques Chirac" are one
actor named by the fullest form; a surname shared by two people goes to the nearest full
mention. Places and institutions with a gazetteer id take that id as their name ("Paris",
"the Elysee" -> France). Roles and affiliations come from title compounds ("Deputy Foreign
Minister X", "French President X") and appositions ("X, head of Y").

`ActorIndex.resolve(token)` answers "which actor is this subject?" for names, pronouns (the
latest main-clause subject that fits), "a Home Office spokeswoman" (the body), "Mr Blair's
spokesman", "the French president" (by role), and gives None for unnamed sources.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from summarizer.gazetteer import load_gazetteer
from summarizer.lexicon import (
    DOCUMENT_NOUNS,
    GOVERNMENT_NOUNS,
    GROUP_PRONOUNS,
    HONORIFICS,
    INSTITUTION_WORDS,
    MEDIA_NOUNS,
    MISSION_NOUNS,
    NAME_STYLES,
    NATION_NOUNS,
    ORG_HEADS,
    PERSON_NOUNS,
    PERSON_PRONOUNS,
    PERSON_TITLES,
    POST_NOMINALS,
    QUANTIFIERS,
    REPRESENTATIVE_NOUNS,
    SPEECH_VERBS,
    TITLE_WORDS,
    UNIQUE_STYLES,
    UNNAMED_NOUNS,
)
from summarizer.model import Actor, ActorKind
from summarizer.occasions import objects_of
from summarizer.quotes import QuoteMap
from summarizer.spans import span_text, subtree_without, trim

__all__ = ["ActorIndex", "ActorInfo"]

_KIND_BY_LABEL: dict[str, ActorKind] = {
    "ORG": "organization",
    "GPE": "country",
    "NORP": "group",
    "FAC": "organization",
}
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_NAME_TOKEN = re.compile(r"^[A-Z][\w'’.-]*$")
_ROMAN = re.compile(r"^[IVX]+$")
# Styles that read as titles before a full name (not "Sir", "Lord": "Sir John" names him).
_TITLE_STYLES = frozenset(
    {"prince", "princess", "archbishop", "cardinal", "bishop", "rabbi", "imam"}
)
_ORG_STOPWORDS = frozenset({"of", "the", "and", "for", "&", "in", "on"})
_BODY_PREPS = frozenset({"for", "of", "from", "at", "with"})
_ROLE_CUT_DEPS = frozenset({"relcl", "acl"})
_CLAUSE_DEPS = frozenset({"relcl", "acl", "ccomp", "advcl", "xcomp"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# Entity labels that are never a speaker's name.
_NOT_NAME_LABELS = frozenset(
    {
        "GPE",
        "LOC",
        "DATE",
        "TIME",
        "MONEY",
        "PERCENT",
        "CARDINAL",
        "ORDINAL",
        "QUANTITY",
        "EVENT",
        "LAW",
        "WORK_OF_ART",
        "LANGUAGE",
        "PRODUCT",
        "FAC",
    }
)
# Lower-case particles inside personal names ("von der Leyen", "da Silva", "bin Salman").
_NAME_PARTICLES = frozenset(
    {"von", "der", "van", "den", "de", "da", "di", "du", "bin", "al", "le", "la", "ap", "ab"}
)
_PRONOUN_WINDOW = 4  # sentences a pronoun looks back for its antecedent
# Agents ("headed by X") are antecedents only for a later sentence's pronoun.
_MAIN, _EMBEDDED, _AGENT = 0, 1, 2
_TERRITORIAL = frozenset({"duke", "duchess", "prince", "princess"})  # "Duke of Edinburgh"


# Verbs whose subject "it" is often no one: "it was time", "it seems", "it will take years".
_DUMMY_IT_VERBS = frozenset(
    {"be", "seem", "appear", "look", "sound", "feel", "take", "happen", "matter", "remain"}
)


@dataclass(slots=True)
class ActorInfo:
    """A canonical actor while the article is being read (mutable; `actor()` freezes it)."""

    id: int
    name: str
    kind: ActorKind
    role: str | None = None
    affiliation: str | None = None
    gender: str | None = None
    first: int = 0
    mentions: list[tuple[int, int]] = field(default_factory=list)
    place: bool = False  # a town or region the gazetteer does not list as a country

    def actor(self) -> Actor:
        return Actor(name=self.name, kind=self.kind, role=self.role, affiliation=self.affiliation)


@dataclass(slots=True)
class _PersonMention:
    start: int
    end: int
    words: tuple[str, ...]  # the name without courtesy titles, job titles or post-nominals
    gender: str | None
    affiliation: str | None = None  # a party or country word inside the entity ("Tory X")


@dataclass(frozen=True, slots=True, order=True)
class _Salient:
    token: int
    actor: int
    rank: int  # _MAIN, _EMBEDDED or _AGENT
    sentence: int


def _clean_text(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    if text.count("(") != text.count(")"):
        text = text.split("(")[0]  # "Transport and General Workers Union (TGWU"
    if text.lower().startswith("the "):
        text = text[4:]
    for suffix in ("'s", "’s"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return text.strip(" ,;:-—–'’\"“”()")


def _is_name_word(token: Token) -> bool:
    return bool(_NAME_TOKEN.match(token.text)) and token.pos_ in ("PROPN", "NOUN", "ADJ", "X")


def _after_tight_hyphen(doc: Doc, i: int) -> bool:
    """ "lung" in "Chia-lung": a word joined to the one before by an unspaced hyphen."""
    return (
        i >= 2
        and doc[i - 1].text == "-"
        and not doc[i - 1].whitespace_
        and not doc[i - 2].whitespace_
    )


def _is_inner_hyphen(doc: Doc, i: int) -> bool:
    """A hyphen inside a double-barrelled name ("Kilroy-Silk")."""
    token = doc[i]
    return (
        token.text == "-"
        and not token.whitespace_
        and i > 0
        and not doc[i - 1].whitespace_
        and i + 1 < len(doc)
        and _is_name_word(doc[i + 1])
    )


def _words(doc: Doc, start: int, end: int) -> list[tuple[str, int, int]]:
    """Whitespace-separated words of a token range, with their token bounds."""
    words: list[tuple[str, int, int]] = []
    i = start
    while i < end:
        j = i + 1
        while j < end and not doc[j - 1].whitespace_:
            j += 1
        words.append((doc[i:j].text, i, j))
        i = j
    return words


def _is_title(word: str, words: frozenset[str] = TITLE_WORDS) -> bool:
    """Whether a word belongs to a title ("Deputy", "Co-Chairman"); with PERSON_TITLES,
    whether it names a post itself (not "Office" or "Party")."""
    lower = word.lower()
    parts = [part for part in lower.split("-") if part]
    return lower in words or (
        bool(parts) and all(part in TITLE_WORDS for part in parts) and parts[-1] in words
    )


class ActorIndex:
    def __init__(self, doc: Doc, quotes: QuoteMap) -> None:
        self.doc = doc
        self.quotes = quotes
        self.actors: list[ActorInfo] = []
        self.actor_at: list[int] = [-1] * len(doc)
        self._by_key: dict[str, int] = {}
        self._roles: dict[str, list[int]] = {}
        self._salient: list[_Salient] = []
        self._press: list[tuple[int, int]] = []  # (token, actor) of "the X newspaper" mentions
        self._sent_starts = [sent.start for sent in doc.sents]
        self._gazetteer = load_gazetteer()
        self._index_people()
        self._index_others()
        self._index_roles()
        self._index_genders()
        self._index_neuter_reporters()
        self._index_salience()

    # ----------------------------------------------------------------------------- people
    def _person_mentions(self) -> list[_PersonMention]:
        doc = self.doc
        mentions: list[_PersonMention] = []
        taken = [False] * len(doc)

        def take(mention: _PersonMention | None, start: int, end: int) -> None:
            if mention is not None:
                mentions.append(mention)
                for i in range(start, end):
                    taken[i] = True

        for ent in doc.ents:
            if ent.label_ == "PERSON":
                start = ent.start
                # "Lord Goldsmith" where the NER left the style outside the name.
                if start > 0 and doc[start - 1].lower_ in NAME_STYLES and doc[start - 1].is_title:
                    start -= 1
                # ("Rustem | Umerov", where the NER took only the surname, is mended in the
                # pipeline: `nlp._mend_name_starts`.)
                end = ent.end
                # "Ursula von der" + "Leyen": a name particle does not end a name; nor does
                # the NER's cut before the head the name's words are compounds of ("Espen
                # Barth" + "Eide").
                while end < len(doc):
                    nxt = doc[end]
                    if (
                        nxt.lower_ in _NAME_PARTICLES
                        and nxt.text.islower()
                        and end + 1 < len(doc)
                        and (doc[end + 1].is_title or doc[end + 1].lower_ in _NAME_PARTICLES)
                    ):
                        end += 1  # "Ursula von" + "der" + "Leyen"
                        continue
                    if (
                        nxt.is_title
                        and nxt.pos_ == "PROPN"
                        and (
                            doc[end - 1].lower_ in _NAME_PARTICLES
                            or (
                                nxt.ent_type_ == ""
                                and doc[end - 1].dep_ == "compound"
                                and doc[end - 1].head.i == end
                                and not _is_title(nxt.text)
                            )
                        )
                    ):
                        end += 1
                        continue
                    break
                take(self._person_from_span(start, end), start, end)
        # A name after a person's title that the NER took for a place or a body ("South
        # African President Thabo Mbeki" read as a GPE).
        for ent in doc.ents:
            if ent.label_ in ("GPE", "ORG", "NORP", "LOC") and (
                self._titled_name(ent) or self._name_with_title_after(ent)
            ):
                take(self._person_from_span(ent.start, ent.end), ent.start, ent.end)
            elif ent.label_ in ("ORG", "NORP") and (start := self._name_after_titles(ent)):
                # "Foreign Ministers Takeshi Iwaya" read as a body: the titles and the name.
                take(self._person_from_span(start, ent.end), start, ent.end)
        # A name the NER missed altogether, with a person's title after it in apposition
        # ("Odile Renaud-Basso, president of the EBRD, told ...").
        for token in doc:
            if token.pos_ != "PROPN" or taken[token.i] or token.ent_type_:
                continue
            if not any(
                c.dep_ == "appos" and c.i > token.i and _is_title(c.text, PERSON_TITLES)
                for c in token.children
            ):
                continue
            start = token.i
            while (
                start > 0
                and (_is_name_word(doc[start - 1]) or _is_inner_hyphen(doc, start - 1))
                and not doc[start - 1].ent_type_
            ):
                start -= 1
            words = doc[start : token.i + 1]
            if len(words) >= 2 and not any(taken[i] for i in range(start, token.i + 1)):
                take(self._person_from_span(start, token.i + 1), start, token.i + 1)
        # Courtesy titles the NER did not pair with a PERSON ("Mr Beith" read as an ORG).
        for token in doc:
            lower = token.lower_
            if lower not in HONORIFICS and lower not in NAME_STYLES:
                continue
            if not token.text[:1].isupper() or taken[token.i]:
                continue
            end = token.i + 1
            if end < len(doc) and doc[end].ent_iob_ == "B" and doc[end].ent_type_ != "PERSON":
                end = next(e.end for e in doc.ents if e.start == token.i + 1)
            else:
                while (
                    end < len(doc)
                    and end - token.i <= 4
                    and (_is_name_word(doc[end]) or _is_inner_hyphen(doc, end))
                ):
                    end += 1
            if (
                end == token.i + 1
                and lower in _TERRITORIAL
                and end + 1 < len(doc)
                and doc[end].text == "of"
                and _is_name_word(doc[end + 1])
                and not any(taken[i] for i in range(end, end + 2))
            ):
                # "the Duke of Edinburgh", "the Prince of Wales": a peerage names one person.
                place_end = end + 2
                while place_end < len(doc) and doc[place_end].ent_iob_ == "I":
                    place_end += 1
                words = (token.text, "of", *(t.text for t in doc[end + 1 : place_end]))
                take(
                    _PersonMention(token.i, place_end, words, NAME_STYLES[lower]),
                    token.i,
                    place_end,
                )
                continue
            if end == token.i + 1:
                if lower in UNIQUE_STYLES and token.i > 0 and doc[token.i - 1].lower_ == "the":
                    # "the Queen": a title that names one person.
                    start = token.i - 1
                    take(_PersonMention(start, end, ("the", token.text), None), start, end)
                continue
            if not any(taken[i] for i in range(token.i + 1, end)):
                take(self._person_from_span(token.i, end), token.i, end)
        # A full name the NER read as an organisation or place ("Glyn Davies" as ORG), known
        # to be a person's because "Mr Davies" or another PERSON shares its surname.
        surnames = {m.words[-1] for m in mentions}
        for ent in doc.ents:
            if ent.label_ not in ("ORG", "GPE", "NORP") or ent.kb_id_:
                continue
            words = _words(doc, ent.start, ent.end)
            lettered = False
            while len(words) > 2 and words[-1][0].lower() in POST_NOMINALS:
                words.pop()
                lettered = True  # "Guy Mansfield QC": letters after a name make it a person's
            if not 2 <= len(words) <= 3 or not (lettered or words[-1][0] in surnames):
                continue
            if any(not _NAME_TOKEN.match(w) or w.lower() in ORG_HEADS for w, _, _ in words):
                continue
            if not any(taken[i] for i in range(ent.start, ent.end)):
                take(self._person_from_span(ent.start, ent.end), ent.start, ent.end)
        # Names in apposition to a title that the NER missed or mislabelled.
        for token in doc:
            if token.dep_ != "appos" or token.pos_ != "PROPN" or taken[token.i]:
                continue
            head = token.head
            if (
                head.lower_ not in PERSON_NOUNS
                and head.lemma_.lower() != "counterpart"  # "his Indonesian counterpart X"
                and not _is_title(head.text, PERSON_TITLES)
            ):
                continue
            start = token.i
            while start > 0 and doc[start - 1].pos_ == "PROPN" and _is_name_word(doc[start - 1]):
                start -= 1
            end = token.i + 1
            while end < len(doc) and doc[end].lower_ in POST_NOMINALS:
                end += 1
            if end - start >= 2 and not any(taken[i] for i in range(start, end)):
                take(self._person_from_span(start, end), start, end)
        # A lone surname the NER skipped ("Introducing the band, Springsteen mocked ..."), once
        # the full name is known from a mention of its own.
        surnames = {m.words[-1] for m in mentions if len(m.words) > 1}
        surnames |= {_ARTICLE_PREFIX.sub("", name) for name in surnames}  # "Sisi" of "Al-Sisi"
        for token in doc:
            if (
                taken[token.i]
                or token.text not in surnames
                # The tagger may read a surname that is also a word as one ("Trump will").
                or not (token.pos_ == "PROPN" or (token.ent_type_ and token.is_title))
                or not self._surname_label(token)
                or token.ent_iob_ == "I"
                or (token.i + 1 < len(doc) and _is_name_word(doc[token.i + 1]))
                or (token.i > 0 and doc[token.i - 1].pos_ == "PROPN")
            ):
                continue
            if token.ent_type_ == "ORG" and any(
                e.start == token.i and len(e) > 1 for e in doc.ents
            ):
                continue
            take(_PersonMention(token.i, token.i + 1, (token.text,), None), token.i, token.i + 1)
        # A hyphenated surname is several tokens ("Diaz-Canel said" read as an ORG).
        for ent in doc.ents:
            if (
                ent.label_ in ("ORG", "GPE", "NORP")
                and len(ent) > 1
                and (ent.text in surnames or _ARTICLE_PREFIX.sub("", ent.text) in surnames)
                and len(_words(doc, ent.start, ent.end)) == 1
                and not any(taken[i] for i in range(ent.start, ent.end))
            ):
                take(_PersonMention(ent.start, ent.end, (ent.text,), None), ent.start, ent.end)
        mentions.sort(key=lambda m: m.start)
        return mentions

    def _name_with_title_after(self, ent: Span) -> bool:
        """ "Odile Renaud-Basso, president of the EBRD": a name the NER took for a body,
        followed by a person's title in apposition."""
        root = ent.root
        if ent.kb_id_ or len(ent) < 2 or self._gazetteer.lookup(ent.text) is not None:
            return False
        if any(t.lower_ in ORG_HEADS or t.lower_ in DOCUMENT_NOUNS for t in ent):
            return False
        return any(
            c.dep_ == "appos" and c.i > root.i and _is_title(c.text, PERSON_TITLES)
            for c in root.children
        )

    def _titled_name(self, ent: Span) -> bool:
        doc = self.doc
        if ent.kb_id_ or len(ent) < 2 or ent.start == 0:
            return False
        before = doc[ent.start - 1]
        if not (before.is_title and _is_title(before.text, PERSON_TITLES)) and not (
            self._title_phrase_before(ent)
        ):
            return False
        return _name_words(list(ent)) and self._gazetteer.lookup(ent.text) is None

    def _name_after_titles(self, ent: Span) -> int:
        """Where the name starts in an entity that opens with a person's title and ends in
        two or three name words ("Foreign Minister Ana Lopes"), or 0."""
        tokens = list(ent)
        i = 0
        while i < len(tokens) and tokens[i].is_title and _is_title(tokens[i].text):
            i += 1
        if not any(_is_title(t.text, PERSON_TITLES) for t in tokens[:i]):
            return 0
        rest = tokens[i:]
        if not 2 <= len(rest) <= 3 or self._gazetteer.lookup(ent[i:].text) is not None:
            return 0
        return ent.start + i if _name_words(rest) else 0

    def _title_phrase_before(self, ent: Span) -> bool:
        """ "Chairman of the African Union Commission, Moussa Faki": a title phrase and a
        comma just before the name."""
        doc = self.doc
        if ent.start < 3 or doc[ent.start - 1].text != ",":
            return False
        last = doc[ent.start - 2]
        for title in doc[max(0, ent.start - 10) : ent.start - 2]:
            if (
                title.is_title
                and _is_title(title.text, PERSON_TITLES)
                and title.dep_ not in ("compound", "pobj")
                and last.i in {t.i for t in title.subtree}
                # "former President of Nigeria, X": only a determiner or adjective before it
                and all(t.pos_ in ("DET", "ADJ") for t in doc[title.left_edge.i : title.i])
            ):
                return True
        return False

    def _surname_label(self, token: Token) -> bool:
        """Whether a known surname's entity label may be wrong: none, an ORG, or a place the
        gazetteer does not know ("Moyes said" read as a town)."""
        if token.ent_type_ in ("", "ORG"):
            return True
        return (
            token.ent_type_ in ("GPE", "LOC", "NORP")
            and (token.i + 1 >= len(self.doc) or self.doc[token.i + 1].ent_iob_ != "I")
            and self._gazetteer.lookup(token.text) is None
        )

    def _person_from_span(self, start: int, end: int) -> _PersonMention | None:
        doc = self.doc
        # A spaced dash ends a name ("Florian Hamm - Borussia Dortmund's largest investor").
        for i in range(start + 1, end):
            if doc[i].text in ("-", "–", "—") and (doc[i - 1].whitespace_ or doc[i].whitespace_):
                end = i
                break
        # Trailing possessives, punctuation and lower-case words ("Mike Skinner - aka"), but
        # not the end of a hyphenated name ("Lin Chia-lung").
        while end > start and (
            doc[end - 1].text in _POSSESSIVE
            or doc[end - 1].is_punct
            or (doc[end - 1].text[:1].islower() and not _after_tight_hyphen(doc, end - 1))
        ):
            end -= 1
        gender: str | None = None
        affiliation: str | None = None
        # A courtesy title just before the name, maybe across a title ("Mr Justice Eady").
        for back in range(start - 1, max(start - 4, -1), -1):
            lower = doc[back].lower_
            if lower in HONORIFICS:
                gender = HONORIFICS[lower]
                break
            if not (_is_title(doc[back].text) and doc[back].is_title):
                break
        words = _words(doc, start, end)
        if words and words[0][0].lower() == "the" and len(words) > 2:
            words.pop(0)  # "the Rt Rev Michael Scott-Joynt"
        if self._gazetteer.lookup(" ".join(w for w, _, _ in words)) is not None:
            return None  # "Lib Dem": a party read as a name
        # Leading courtesy titles, job titles, party or country words and lower-case words
        # ("rang Lucy") are not the name.
        while len(words) > 1:
            word = words[0][0]
            lower = word.lower()
            prefix = next(
                (
                    (size, entry)
                    for size in (3, 2, 1)
                    if size < len(words)
                    and (entry := self._gazetteer.lookup(" ".join(w for w, _, _ in words[:size])))
                    and not entry.is_place
                ),
                None,
            )
            if lower in HONORIFICS:
                gender = HONORIFICS[lower] or gender
            elif prefix is not None:
                affiliation = affiliation or prefix[1].actor
                del words[: prefix[0] - 1]  # "Lib Dem MP X": the whole party name goes
            elif word[:1].islower():
                pass
            elif not (_is_title(word) and lower not in NAME_STYLES):
                break
            words.pop(0)
        end = words[-1][2] if words else end
        while len(words) > 1 and words[-1][0].lower() in POST_NOMINALS:
            words.pop()  # not part of the name, but still part of the mention ("X QC said")
        if not words:
            return None
        names = [w for w, _, _ in words if w.lower() not in NAME_STYLES]
        if not names or all(_is_title(w) for w in names):
            return None  # "Lord Chief Justice" is a title, not a name
        if len(words) == 1 and len(names[0]) > 1 and names[0].isupper():
            return None  # "BAA": an acronym, which names a body
        if not any(_ARTICLE_PREFIX.sub("", w)[:1].isupper() for w in names):
            return None  # ("al-Burhan" is a name: the Arabic article is written in lower case)
        if words[0][0].lower() in NAME_STYLES:
            gender = NAME_STYLES[words[0][0].lower()] or gender
            if (
                words[0][0].lower() in _TITLE_STYLES
                and len(words) >= 3
                and not any(_ROMAN.match(w) for w, _, _ in words[1:])
            ):
                # "Prince Mohammed bin Salman", "Archbishop Sviatoslav Shevchuk": with a full
                # name after it the style is a title; "Prince Charles", "King Abdullah II" keep it.
                words = words[1:]
        return _PersonMention(words[0][1], end, tuple(w for w, _, _ in words), gender, affiliation)

    def _index_people(self) -> None:
        mentions = self._person_mentions()
        full = [m for m in mentions if len(m.words) > 1]
        forms: dict[int, list[str]] = {}
        for mention in mentions:
            target = self._person_target(mention, full)
            key = "person:" + " ".join(target.words)
            actor_id = self._by_key.get(key)
            if actor_id is None:
                actor_id = self._new_actor(" ".join(target.words), "person", mention.start)
                self._by_key[key] = actor_id
            actor = self.actors[actor_id]
            actor.gender = actor.gender or mention.gender
            actor.affiliation = actor.affiliation or mention.affiliation
            self._add_mention(actor_id, mention.start, mention.end)
            forms.setdefault(actor_id, []).append(" ".join(mention.words))
        # A longer form with a middle name or style names the actor ("George W Bush").
        for actor_id, names in forms.items():
            self.actors[actor_id].name = max(names, key=lambda n: (len(n.split()), len(n)))

    def _person_target(self, mention: _PersonMention, full: list[_PersonMention]) -> _PersonMention:
        """The full mention a short one ("Chirac", "Mr Blair") stands for, if any."""
        surname = mention.words[-1]
        # Forms identical to this one add nothing (and would hide "Sir John Stevens" from
        # "Sir John", whose last word is a first name).
        same = [
            f
            for f in full
            if f.words != mention.words
            and _same_surname(f.words[-1], surname)
            and _compatible(mention.words, f.words)
        ]
        if not same and len(mention.words) <= 2 and mention.words[-1] != mention.words[0]:
            # "Sir Digby" after "Sir Digby Jones": a style with the first name.
            style = mention.words[0] if len(mention.words) == 2 else None
            same = [
                f
                for f in full
                if len(f.words) >= 3 and f.words[0] == style and f.words[1] == surname
            ]
        if not same and len(mention.words) == 1:
            # "Glenn" after "Glenn Campbell", when only one person has that first name.
            firsts = [f for f in full if f.words[0] == surname and f.words[0] not in NAME_STYLES]
            if len({f.words for f in firsts}) == 1:
                same = firsts
        if not same:
            return mention
        before = [f for f in same if f.start <= mention.start]
        # Of several people with that surname, the one just named ("Nick Brown ... spoke
        # next. Mr Brown then left"); further on, the one introduced first ("President
        # Donald Trump", later "Ivanka Trump", then paragraphs of "Trump").
        recent = [
            f for f in before if self._sentence_of(mention.start) - self._sentence_of(f.start) <= 1
        ]
        chosen = (recent or before or same)[-1 if recent else 0]
        # Among the forms of that one person, the longest names it.
        group = [f for f in same if _compatible(f.words, chosen.words)]
        return max(group, key=lambda f: (len(f.words), -f.start))

    # ------------------------------------------------------------------ organisations etc.
    def _index_others(self) -> None:
        doc = self.doc
        acronyms: dict[str, int] = {}
        for ent in _joined_bodies(doc):
            if ent.label_ not in _KIND_BY_LABEL and not (
                ent.label_ == "PERSON" and ent.text.isupper() and len(ent.text) > 1
            ):
                continue
            if any(self.actor_at[i] >= 0 for i in range(ent.start, ent.end)):
                continue
            named = self._name_of_entity(ent)
            if named is None:
                continue
            name, kind, listed = named
            end = ent.end
            place = self._of_place(ent) if kind == "organization" and not listed else None
            if place is not None:
                # "the Muslim Council" + "of Britain": the NER cut one name in two.
                name, end = f"{name} of {_clean_text(place.text)}", place.end
            key = f"{kind}:{name.lower()}"
            actor_id = self._by_key.get(key)
            if actor_id is None and not listed:
                actor_id = acronyms.get(name) or acronyms.get(_initials(name))
            if actor_id is None and not listed and kind == "organization":
                actor_id = self._shortened(name)
            if actor_id is None:
                actor_id = self._new_actor(name, kind, ent.start)
                self._by_key[key] = actor_id
                self.actors[actor_id].place = ent.label_ in ("GPE", "LOC") and not listed
            if kind == "organization" and not listed:
                acronyms.setdefault(_initials(name), actor_id)
                acronyms.setdefault(name, actor_id)
                actor = self.actors[actor_id]
                if len(name) > len(actor.name) and actor.name == _initials(name):
                    actor.name = name  # "MAB" first, "Muslim Association of Britain" later
            self._add_mention(actor_id, ent.start, end)
        self._index_bracketed_acronyms()

    def _index_bracketed_acronyms(self) -> None:
        """ "India Petrochemicals Limited (IPCL)": the bracketed letters name the body from
        then on, even where the NER does not tag them ("the IPCL board")."""
        doc = self.doc
        aliases: dict[str, int] = {}
        for actor in self.actors:
            if actor.kind != "organization":
                continue
            for _, end in actor.mentions:
                if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
                    letters = doc[end + 1].text
                    if len(letters) > 1 and letters.isupper() and letters.isalpha():
                        aliases.setdefault(letters, actor.id)
        if not aliases:
            return
        for token in doc:
            if token.text in aliases and self.actor_at[token.i] < 0:
                self._add_mention(aliases[token.text], token.i, token.i + 1)

    def _of_place(self, ent: Span) -> Span | None:
        """The place entity in "<Council> of <Britain>" right after an institution's name."""
        doc = self.doc
        if ent[-1].lower_ not in ORG_HEADS or ent.end + 1 >= len(doc) or doc[ent.end].text != "of":
            return None
        nxt = doc[ent.end + 1]
        if nxt.ent_iob_ != "B" or nxt.ent_type_ not in ("GPE", "LOC"):
            return None
        return next((e for e in doc.ents if e.start == nxt.i), None)

    def _shortened(self, name: str) -> int | None:
        """The organisation this name is a short or full form of: "the Muslim Council" and
        "the Muslim Council of Britain" are one body. The fuller form names it."""
        for actor in self.actors:
            if actor.kind != "organization":
                continue
            if actor.name.startswith(name + " of ") or actor.name.startswith(name + " for "):
                return actor.id
            if name.startswith(actor.name + " of ") or name.startswith(actor.name + " for "):
                actor.name = name
                return actor.id
        return None

    def _name_of_entity(self, ent: Span) -> tuple[str, ActorKind, bool] | None:
        """(canonical name, kind, listed in the gazetteer) of an entity, or None if the entity
        is no actor (a lone title such as "MEP", a document such as "the ... Bill")."""
        if ent.kb_id_:
            name = ent.kb_id_
            kind = self._gazetteer.kind_of(name) or _KIND_BY_LABEL.get(ent.label_, "organization")
            return name, kind, True
        name = _clean_text(ent.text)
        if not name or not any(ch.isupper() for ch in name):
            return None
        words = name.split()
        if ent.label_ == "NORP":
            return None  # "Western", "Muslim": a description, not a body that speaks
        if len(ent) == 1 and ent[0].tag_ == "NNS" and not ent.kb_id_:
            return None  # "Giants such as Boeing": a plural common noun the NER capitalised
        if len(words) == 1 and (
            (_is_title(name) and name.lower() not in INSTITUTION_WORDS)
            or name.lower() in PERSON_NOUNS
            or name.lower() in POST_NOMINALS
        ):
            return None  # "MEP", "Culture", "QC": a title read as a name
        if words[-1].lower() in DOCUMENT_NOUNS or (
            len(words) > 1 and _is_title(words[-1], PERSON_TITLES)
        ):
            return None  # "the ... Bill"; "the Conservative Party Co-Chairman" is a person
        if len(words) > 1 and words[-1].lower() in GOVERNMENT_NOUNS:
            entry = self._gazetteer.lookup(" ".join(words[:-1]))
            if entry is not None and entry.kind == "country":
                return entry.actor, "country", True  # "the UK Government" speaks for the UK
        listed = self._gazetteer.lookup(name)
        if listed is not None:
            return listed.actor, listed.kind, True
        return name, _KIND_BY_LABEL.get(ent.label_, "organization"), False

    # ------------------------------------------------------------------- roles, salience
    def _index_roles(self) -> None:
        for actor in self.actors:
            if actor.kind != "person":
                continue
            for start, end in actor.mentions:
                role, affiliation = self._role_of(start, end)
                if role and not actor.role:
                    actor.role = role
                if affiliation and not actor.affiliation and affiliation != actor.name:
                    actor.affiliation = affiliation
            if actor.role:
                self._roles.setdefault(_role_key(actor.role), []).append(actor.id)

    def _role_of(self, start: int, end: int) -> tuple[str | None, str | None]:
        doc = self.doc
        head = doc[start:end].root
        # Title compound in front: "Deputy Foreign Minister X", "French President X".
        left = [
            c
            for c in head.children
            if c.i < start
            and c.dep_ in ("compound", "amod", "nmod", "poss")
            and c.lower_ not in HONORIFICS
        ]
        if left:
            lo = min(c.left_edge.i for c in left)
            tokens = trim([t for t in doc[lo:start] if t.lower_ not in HONORIFICS])
            if tokens and any(_is_title(t.text, PERSON_TITLES) for t in tokens):
                return self._split_affiliation(tokens)
        # Apposition after: "X, head of France's military intelligence agency".
        for child in head.children:
            if child.dep_ == "appos" and child.i >= end and child.pos_ in ("NOUN", "PROPN"):
                if self.actor_at[child.i] >= 0:
                    continue
                tokens = subtree_without(child, _ROLE_CUT_DEPS)
                role = span_text(trim(tokens))
                return role or None, self._first_affiliation(tokens)
        # Name in apposition to a title: "The Shadow Secretary of State ..., Theresa May".
        if head.dep_ == "appos" and head.head.pos_ == "NOUN" and head.head.i < start:
            tokens = trim(
                [t for t in subtree_without(head.head, _ROLE_CUT_DEPS | {"appos"}) if t.i < start]
            )
            if tokens:
                return span_text(tokens), self._first_affiliation(tokens)
        return None, None

    def _split_affiliation(self, tokens: list[Token]) -> tuple[str | None, str | None]:
        """Country or party words in a title are the affiliation, the rest is the role."""
        affiliation: str | None = None
        role_tokens: list[Token] = []
        for token in tokens:
            if token.ent_type_ in ("GPE", "NORP"):
                actor_id = self.actor_at[token.i]
                if affiliation is None:
                    affiliation = (
                        self.actors[actor_id].name if actor_id >= 0 else _clean_text(token.text)
                    )
                continue
            role_tokens.append(token)
        role = span_text(trim(role_tokens)) if role_tokens else None
        return role or None, affiliation

    def _first_affiliation(self, tokens: list[Token]) -> str | None:
        for token in tokens:
            actor_id = self.actor_at[token.i]
            if actor_id >= 0 and self.actors[actor_id].kind != "person":
                return self.actors[actor_id].name
        return None

    def _sentence_of(self, i: int) -> int:
        return bisect.bisect_right(self._sent_starts, i) - 1

    def _rank(self, head: Token) -> int | None:
        """_MAIN for the subject of a main clause, _EMBEDDED for a subordinate one, _AGENT for
        a passive's agent, else None."""
        subject = head
        if subject.dep_ in ("conj", "appos") and subject.head.dep_ in _SUBJECT_DEPS:
            subject = subject.head
        if subject.dep_ == "pobj" and subject.head.dep_ == "agent":
            return _AGENT  # "a delegation headed by X. He is accompanied by ..."
        if subject.dep_ not in _SUBJECT_DEPS:
            return None
        verb = subject.head
        while verb.dep_ == "conj" and verb.head.i != verb.i:
            verb = verb.head
        return _MAIN if verb.dep_ == "ROOT" else _EMBEDDED

    def _index_genders(self) -> None:
        """ "Gere greeted the crowd, accompanied by his wife": a possessive pronoun in a clause
        tells the gender of that clause's one named subject, when no other person is about."""
        for token in self.doc:
            gender = PERSON_PRONOUNS.get(token.lower_)
            if gender is None or token.dep_ != "poss" or self.quotes.inside(token.i):
                continue
            current = token
            for _ in range(8):
                if current.head.i == current.i:
                    break
                current = current.head
                if current.pos_ in ("VERB", "AUX") and (
                    any(c.dep_ == "nsubj" for c in current.children)
                    or current.dep_ not in ("acl", "advcl", "conj", "xcomp")
                ):
                    break
            subjects = [c for c in current.children if c.dep_ == "nsubj"]
            if len(subjects) != 1:
                continue
            actor = self.at(subjects[0])
            if actor is None or actor.kind != "person" or actor.gender is not None:
                continue
            sentence = self._sentence_of(token.i)
            others = {
                self.actor_at[i]
                for i in range(self._sent_starts[sentence], token.i)
                if self.actor_at[i] >= 0 and self.actors[self.actor_at[i]].kind == "person"
            }
            if others <= {actor.id}:
                actor.gender = gender

    def _index_neuter_reporters(self) -> None:
        """ "Ericsson said it is pulling out": a lone name the NER took for a person, that
        reports about itself as "it", is a company or body."""
        for token in self.doc:
            if token.lower_ != "it" or token.dep_ != "nsubj" or self.quotes.inside(token.i):
                continue
            verb = token.head
            if (
                verb.dep_ != "ccomp"
                or verb.head.lemma_.lower() not in SPEECH_VERBS
                or verb.lemma_.lower() in _DUMMY_IT_VERBS  # "said it was a good day"
                or any(c.dep_ in ("attr", "acomp", "ccomp", "xcomp") for c in verb.children)
            ):
                continue
            reporters = [c for c in verb.head.children if c.dep_ == "nsubj"]
            actor = self.at(reporters[0]) if len(reporters) == 1 else None
            if (
                actor is not None
                and actor.kind == "person"
                and " " not in actor.name
                and actor.gender is None
                and actor.role is None
            ):
                actor.kind = "organization"
                same = self._by_key.setdefault(f"organization:{actor.name.lower()}", actor.id)
                if same != actor.id:  # the NER labelled its other mentions ORG: one actor
                    for start, end in actor.mentions:
                        self._add_mention(same, start, end)
                    actor.mentions.clear()

    def _index_salience(self) -> None:
        for actor in self.actors:
            for start, end in actor.mentions:
                if self.quotes.inside(start):
                    continue
                head = self.doc[start:end].root
                rank = self._rank(head)
                if rank is not None:
                    self._salient.append(
                        _Salient(head.i, actor.id, rank, self._sentence_of(head.i))
                    )
        self._salient.sort()

    # ---------------------------------------------------------------------- building
    def _new_actor(self, name: str, kind: ActorKind, first: int) -> int:
        actor_id = len(self.actors)
        self.actors.append(ActorInfo(actor_id, name, kind, first=first))
        return actor_id

    def _add_mention(self, actor_id: int, start: int, end: int) -> None:
        self.actors[actor_id].mentions.append((start, end))
        for i in range(start, end):
            self.actor_at[i] = actor_id

    # ------------------------------------------------------------------------ queries
    def at(self, token: Token) -> ActorInfo | None:
        """The actor a token is part of the name of, if any."""
        actor_id = self.actor_at[token.i]
        return self.actors[actor_id] if actor_id >= 0 else None

    def remember(self, token: Token, actor: ActorInfo) -> None:
        """A resolved pronoun subject makes its actor the latest salient one from here on."""
        pronoun = PERSON_PRONOUNS.get(token.lower_)
        if pronoun and actor.gender is None and token.dep_ in _SUBJECT_DEPS:
            actor.gender = pronoun
        rank = self._rank(token)
        if rank is not None and not self.quotes.inside(token.i):
            entry = _Salient(token.i, actor.id, rank, self._sentence_of(token.i))
            if entry not in self._salient:
                bisect.insort(self._salient, entry)

    def resolve(self, token: Token) -> ActorInfo | None:
        """The named actor a subject token stands for, or None for unnamed sources."""
        actor = self.at(token)
        if actor is not None and actor.kind == "group" and _aged_epithet(token):
            # "the 78-year-old Republican will take the oath": a person described, not a party.
            return self._antecedent(token.i, None, person=True)
        if actor is not None:
            if actor.kind != "person" and any(
                c.lower_ in QUANTIFIERS for c in token.children if c.dep_ in ("amod", "det")
            ):
                return None  # "many Britons believe" is no statement by Britain
            return actor
        lower = token.lower_
        if lower == "whose":
            # "X, whose attendance was announced": the relative clause's antecedent.
            clause = next((a for a in token.ancestors if a.dep_ == "relcl"), None)
            return self.resolve(self.antecedent(clause)) if clause is not None else None
        if token.pos_ == "PRON":
            if lower in PERSON_PRONOUNS:
                bound = self._bound_by_reporter(token, PERSON_PRONOUNS[lower])
                if bound is not False:
                    return bound
                return self._antecedent(token.i, PERSON_PRONOUNS[lower], person=True)
            if lower in GROUP_PRONOUNS:
                if self._bound_in_relative(token):
                    return None  # "among those who said they would not go": the crowd
                reporter = self._body_reporting(token)
                if reporter is not None:
                    return reporter
                return self._antecedent(self._clause_start(token), None, person=False)
            if lower in ("who", "that", "which") and token.head.dep_ == "relcl":
                found = self.resolve(self.antecedent(token.head))
                if lower == "who" and (found is None or found.kind != "person"):
                    # "refused Oscars, including actor George C Scott who said": the parser
                    # hangs "who" on the wrong noun; the person just before it is meant.
                    return self._person_just_before(token) or found
                return found
            return None
        if token.pos_ not in ("NOUN", "PROPN") or lower in UNNAMED_NOUNS:
            return None
        if any(c.lower_ in QUANTIFIERS for c in token.children if c.dep_ in ("amod", "det")):
            return None  # "many Britons", "some officials": a crowd, not a body
        named = self._apposed(token)
        if named is not None:
            return named
        if token.pos_ == "PROPN" and lower in POST_NOMINALS:
            # "Frank Field MP said": the letters head the phrase, the name is their compound.
            for child in token.children:
                found = self.at(child) if child.dep_ == "compound" else None
                if found is not None and found.kind == "person":
                    return found
        lemma = token.lemma_.lower()
        if lemma in MEDIA_NOUNS:
            return self._publication(token)
        if token.pos_ == "PROPN" and lower in ORG_HEADS:
            found = self._unlabelled_org(token)
            if found is not None:
                return found
        if (
            token.pos_ == "NOUN"
            and lower in ORG_HEADS
            and not _is_title(token.text)  # "Spartak Moscow chief executive X"
            # "the UN agency, UNHCR": the name in apposition is the body.
            and not any(c.dep_ == "appos" and self.at(c) is not None for c in token.children)
        ):
            # "the CGT union", "the Unison union": the body is the name before its kind.
            for child in token.children:
                found = self.at(child) if child.dep_ == "compound" and child.i < token.i else None
                if found is not None and found.kind == "organization":
                    return found
        if lower in PERSON_NOUNS or lemma in PERSON_NOUNS:
            anchor = self.at(token.head) if token.dep_ == "appos" else None
            if anchor is not None and anchor.kind == "person":
                return anchor  # "X, a Y aide, who ...": the aide is X, not Y
            found = self._by_role(token)
            if found is None and (lower in REPRESENTATIVE_NOUNS or lemma in REPRESENTATIVE_NOUNS):
                found = self._body_of(token)
            return found or self._named_inside(token)
        if lower in GOVERNMENT_NOUNS or lemma in GOVERNMENT_NOUNS or lower in MISSION_NOUNS:
            body = self._body_of(token)
            return body if body is not None and body.kind == "country" else None
        if lower in NAME_STYLES and token.text.islower():
            # "the crown prince": the one holding that title before any latest prince.
            titled = (
                self._by_role(token)
                if any(c.dep_ in ("compound", "amod") for c in token.children)
                else None
            )
            return titled or self._by_style(token)
        if lower == "party" and any(c.lower_ == "the" for c in token.children):
            return self._latest(token.i, "group")  # "the party challenged him"
        if lower in _BODY_ANAPHORS and any(c.lower_ == "the" for c in token.children):
            return self._latest_subject_body(token.i)  # "the club said in a statement"
        if token.pos_ == "PROPN" and _speaker_slot(token):
            return self._unlabelled_speaker(token)
        return None

    def _body_reporting(self, pronoun: Token) -> ActorInfo | None:
        """The body whose spokesperson reports the clause an "it" or "they" stands in: "a
        spokesman for the bank said it is considering ..." (the bank, not the last name)."""
        clause = next((a for a in pronoun.ancestors if a.dep_ == "ccomp"), None)
        if clause is None:
            return None
        subject = next((c for c in clause.head.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.pos_ != "NOUN":
            return None
        found = self.resolve(subject)
        return found if found is not None and found.kind != "person" else None

    def office_holders_of(
        self, title: Token, members: Callable[[Token], list[Token]] | None = None
    ) -> list[Token]:
        """The named country or body an unnamed holder of a post stands for: "the president of
        Afghanistan", "the heads of government of Belgium and Malta", "the prime ministers from
        the member countries of A and B". `members` lists a phrase's members (conjuncts by
        default; attendance passes its fuller reading of lists)."""
        if title.pos_ != "NOUN" or not (
            title.lemma_.lower() in PERSON_TITLES or title.lower_ in PERSON_TITLES
        ):
            return []
        if any(c.dep_ == "appos" for c in title.children) or any(
            (a := self.at(t)) is not None and a.kind == "person" for t in title.subtree
        ):
            return []  # named: "the president, X", read as the person
        if title.dep_ in ("appos", "conj", "attr") or self.at(title.head) is not None:
            return []  # "X, the director of the agency": the named person is meant
        listed = members or _conjuncts
        out: list[Token] = []
        for o in objects_of(title, frozenset({"of", "from"}), direct=False):
            if o.lower_ in ("state", "government"):  # "heads of government of X"
                o = next(iter(objects_of(o, frozenset({"of"}), direct=False)), o)
            if o.lemma_.lower() in NATION_NOUNS:  # "the member countries of A and B"
                o = next(iter(objects_of(o, frozenset({"of"}), direct=False)), o)
            out += [
                m
                for m in listed(o)
                if (a := self.at(m)) is not None
                # "leaders of the Pacific Alliance" stand for its members, not the bloc;
                # "MPs from A, B and C" stand for their parties
                and (
                    a.kind == "country"
                    or (a.kind != "person" and title.tag_ != "NNS")
                    or (a.kind != "person" and title.lower_ in _MEMBERS_OF_BODIES)
                )
            ]
        return out

    def _named_inside(self, title: Token) -> ActorInfo | None:
        """ "director of rugby Nigel Melville told": a title the parser made the head of the
        phrase, with the one person it names inside it."""
        if title.tag_ == "NNS" or title.dep_ not in _SUBJECT_DEPS:
            return None
        # The name as the title's own "of" object ("director of rugby Nigel Melville"), not
        # someone further in ("an official from President Bush's administration").
        slots = [
            p
            for prep in title.children
            if prep.dep_ == "prep" and prep.lower_ == "of"
            for p in prep.children
            if p.dep_ == "pobj"
        ]
        found = {
            actor.id: actor
            for t in slots
            if (actor := self.at(t)) is not None and actor.kind == "person"
        }
        return next(iter(found.values())) if len(found) == 1 else None

    def _person_just_before(self, token: Token) -> ActorInfo | None:
        before = token.i - 1
        while before >= 0 and self.doc[before].is_punct:
            before -= 1
        actor = self.at(self.doc[before]) if before >= 0 else None
        return actor if actor is not None and actor.kind == "person" else None

    def _bound_in_relative(self, pronoun: Token) -> bool:
        """A plural pronoun inside a relative clause on an unnamed plural ("those who said
        they ...", "MPs who say they ...")."""
        if pronoun.lower_ not in ("they", "them", "their"):
            return False
        clause = next((a for a in pronoun.ancestors if a.dep_ == "relcl"), None)
        if clause is None:
            return False
        antecedent = self.antecedent(clause)
        plural = antecedent.tag_ == "NNS" or antecedent.lower_ in ("those", "these")
        return plural and antecedent.i != pronoun.i and self.at(antecedent) is None

    @staticmethod
    def _clause_start(pronoun: Token) -> int:
        """Where a pronoun's antecedent search starts: before the clause a parenthetical
        reporting verb interrupts ("Iraq, they insisted, would not ...": not Iraq)."""
        verb = pronoun.head
        if pronoun.dep_ in _SUBJECT_DEPS and verb.dep_ == "parataxis" and verb.head.i > verb.i:
            return min(verb.head.left_edge.i, pronoun.i)
        return pronoun.i

    def _bound_by_reporter(self, pronoun: Token, gender: str) -> ActorInfo | bool | None:
        """ "The chancellor has said he ...": a subject pronoun in reported speech is the
        reporter's own subject, named or not. False when no reporter binds it."""
        if pronoun.dep_ not in _SUBJECT_DEPS:
            return False
        current = pronoun.head
        while current.dep_ == "conj" and current.head.i != current.i:
            current = current.head
        if current.dep_ != "ccomp" or current.head.i == current.i:
            return False
        reporter = next((c for c in current.head.children if c.dep_ == "nsubj"), None)
        if reporter is None or reporter.pos_ == "PRON" or self.quotes.inside(reporter.i):
            return False
        actor = self.at(reporter) or self._apposed(reporter)  # "The DUP leader, X, said he"
        if actor is not None:
            if actor.kind != "person" or (actor.gender and actor.gender != gender):
                return False
            return actor
        lemma = reporter.lemma_.lower()
        if reporter.tag_ == "NN" and (lemma in PERSON_NOUNS or _is_title(reporter.text)):
            # An unnamed or unresolved person ("the chancellor"): not whoever came last.
            return self._by_role(reporter)
        return False

    def _publication(self, token: Token) -> ActorInfo | None:
        """ "The Mirror newspaper" is the Mirror; "the paper" after it is the same title."""
        for child in token.children:
            if child.dep_ in ("compound", "poss") and child.i < token.i:
                actor = self.at(child)
                if actor is not None and actor.kind == "organization":
                    self._press.append((token.i, actor.id))
                    return actor
        if any(c.lower_ == "the" for c in token.children) and self._press:
            earlier = [(i, actor_id) for i, actor_id in self._press if i < token.i]
            if earlier:
                return self.actors[max(earlier)[1]]
        return None

    def _latest_subject_body(self, i: int) -> ActorInfo | None:
        """The organisation last told of as a subject (or owner) before token `i`: "Real
        Madrid were named club of the year ... the club said" (not the news agency cited in
        between)."""
        best: tuple[int, ActorInfo] | None = None
        for actor in self.actors:
            if actor.kind != "organization":
                continue
            starts = [
                start
                for start, end in actor.mentions
                if start < i
                and self.doc[start:end].root.dep_ in ("nsubj", "nsubjpass", "poss")
                and not self.quotes.inside(start)
            ]
            if starts and (best is None or max(starts) > best[0]):
                best = (max(starts), actor)
        return best[1] if best else None

    def _latest(self, i: int, kind: ActorKind) -> ActorInfo | None:
        """The actor of that kind mentioned last before token `i`."""
        best: tuple[int, ActorInfo] | None = None
        for actor in self.actors:
            if actor.kind != kind:
                continue
            before = [start for start, _ in actor.mentions if start < i]
            if before and (best is None or max(before) > best[0]):
                best = (max(before), actor)
        return best[1] if best else None

    def antecedent(self, relcl: Token) -> Token:
        """What a relative clause is about: its head, or the anchor of the apposition the head
        sits in ("X, a close aide to Y and former minister, who ..." is about X)."""
        head = relcl.head
        current = head
        for _ in range(6):
            if current.dep_ == "appos":
                return current.head
            if current.pos_ in ("VERB", "AUX") or current.head.i == current.i:
                break
            current = current.head
        return head

    def _apposed(self, token: Token) -> ActorInfo | None:
        """A person named in apposition inside the phrase ("Spain's director, Jose Pons")."""
        stack = [c for c in token.children if c.dep_ not in _CLAUSE_DEPS]
        while stack:
            child = stack.pop()
            if child.dep_ in ("appos", "npadvmod"):
                # The name may end before the apposition's head ("Guy Mansfield QC").
                for word in self.doc[child.left_edge.i : child.i + 1]:
                    named = self.at(word)
                    if named is not None and named.kind == "person":
                        return named
            stack.extend(c for c in child.children if c.dep_ not in _CLAUSE_DEPS)
        return None

    def _unlabelled_org(self, head: Token) -> ActorInfo | None:
        """An institution the NER missed: capitalised words ending in an institution noun
        ("the Scottish Executive")."""
        if not head.text[:1].isupper() or head.is_sent_start:
            return None
        parts = [
            c
            for c in head.children
            if c.i < head.i and c.dep_ in ("compound", "amod") and c.text[:1].isupper()
        ]
        if not parts:
            return None
        start = min(p.left_edge.i for p in parts)
        name = _clean_text(self.doc[start : head.i + 1].text)
        key = f"organization:{name.lower()}"
        actor_id = self._by_key.get(key)
        if actor_id is None:
            actor_id = self._new_actor(name, "organization", start)
            self._by_key[key] = actor_id
            self.actors[actor_id].mentions.append((start, head.i + 1))
        return self.actors[actor_id]

    def titled_person(self, head: Token) -> ActorInfo | None:
        """A name the NER missed after a title, in any slot ("Deputy Minister Ivan
        Petrov"): only a title before capitalised words makes them a person's name."""
        if head.pos_ != "PROPN" or self.at(head) is not None:
            return None
        words = [c for c in head.children if c.dep_ == "compound" and c.i < head.i]
        if not any(_is_title(t.text) for w in words for t in w.subtree):
            return None
        found = self._unlabelled_speaker(head)
        return found if found is not None and found.kind == "person" else None

    def _unlabelled_speaker(self, head: Token) -> ActorInfo | None:
        """A name the NER missed in a speaker's slot ("said Councillor Brian Parbutt",
        "according to the FT", "Euronext has said"): the capitalised words of the phrase after
        any title are a person's name when a title precedes them, else a body's."""
        if head.ent_type_ in _NOT_NAME_LABELS or not _NAME_TOKEN.match(head.text):
            return None
        if _is_title(head.text) or head.lower_ in HONORIFICS or head.lower_ in NAME_STYLES:
            return None
        if any(t.lower_ in DOCUMENT_NOUNS for t in head.subtree):
            return None  # "the Serious Organised Crime and Police Bill proposes"
        words = [c for c in head.children if c.dep_ == "compound" and c.i < head.i]
        start = min((w.left_edge.i for w in words), default=head.i)
        tokens = list(self.doc[start : head.i + 1])
        if any(not _NAME_TOKEN.match(t.text) for t in tokens):
            return None
        cut = max(
            (i for i, t in enumerate(tokens) if _is_title(t.text) or t.lower_ in HONORIFICS),
            default=-1,
        )
        tokens = tokens[cut + 1 :]
        if not tokens or any(self.actor_at[t.i] >= 0 for t in tokens):
            return None
        name = _clean_text(" ".join(t.text for t in tokens))
        kind: ActorKind = "person" if cut >= 0 else "organization"
        for actor in self.actors:
            # "Gen Musharraf said" after "President Pervez Musharraf": the person named before.
            same_surname = actor.name.split()[-1] == name.split()[-1]
            if (
                actor.kind == "person"
                and same_surname
                and _compatible(tuple(name.split()), tuple(actor.name.split()))
            ):
                return actor
        key = f"{kind}:{name.lower()}"
        actor_id = self._by_key.get(key)
        if actor_id is None:
            actor_id = self._new_actor(name, kind, tokens[0].i)
            self._by_key[key] = actor_id
            self.actors[actor_id].mentions.append((tokens[0].i, head.i + 1))
        return self.actors[actor_id]

    def _body_of(self, token: Token) -> ActorInfo | None:
        """ "a Home Office spokeswoman", "Mr Blair's spokesman", "a spokesman for X"."""
        for child in token.children:
            if child.dep_ in ("compound", "poss", "nmod", "amod") and child.i < token.i:
                if (
                    child.ent_type_ == "NORP"
                    and token.lemma_.lower() == "source"
                    and (demonym := self.at(child)) is not None
                    and demonym.kind == "country"
                ):
                    continue  # "an Israeli source" may be anyone Israeli, not the state
                actor = self.at(child) or (
                    self.resolve(child) if child.pos_ == "PRON" and child.dep_ == "poss" else None
                )
                if actor is not None:
                    return actor
            if child.dep_ == "prep" and child.lower_ in _BODY_PREPS:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        actor = self.at(pobj)
                        if actor is not None:
                            return actor
        return None

    def _by_role(self, token: Token) -> ActorInfo | None:
        """ "the prime minister", "the French president": the one actor given that title."""
        if not any(c.dep_ in ("det", "poss") for c in token.children) or token.tag_ == "NNS":
            return None
        words: list[str] = []
        affiliation: ActorInfo | None = None
        for word in self.doc[token.left_edge.i : token.i + 1]:
            owner = self.at(word)
            if owner is not None and owner.kind != "person":
                affiliation = owner
            elif word.dep_ not in ("det", "poss", "case", "punct") and word.head.i >= word.i:
                words.append(word.lower_)
        ids = {
            i
            for i in self._roles.get(_role_key(" ".join(words)), ())
            if affiliation is None or self.actors[i].affiliation == affiliation.name
        }
        return self.actors[ids.pop()] if len(ids) == 1 else None

    def _by_style(self, token: Token) -> ActorInfo | None:
        """ "the prince" after "Prince Harry": the latest person of that style."""
        style = token.lower_
        for entry in reversed(self._salient_before(token.i)):
            actor = self.actors[entry.actor]
            if actor.kind == "person" and actor.name.lower().startswith(style + " "):
                return actor
        return None

    def _salient_before(self, i: int) -> list[_Salient]:
        pos = bisect.bisect_left(self._salient, _Salient(i, -1, -1, -1))
        return self._salient[:pos]

    def _antecedent(self, i: int, gender: str | None, *, person: bool) -> ActorInfo | None:
        """The latest main-clause subject that fits; a subordinate-clause subject only when
        no main-clause one comes as late (they are often people merely mentioned)."""
        here = self._sentence_of(i)
        fallback: ActorInfo | None = None
        for entry in reversed(self._salient_before(i)):
            if here - entry.sentence > _PRONOUN_WINDOW:
                break
            actor = self.actors[entry.actor]
            if (actor.kind == "person") != person:
                continue
            if person and gender and actor.gender and actor.gender != gender:
                continue
            if entry.rank == _MAIN:
                return actor
            if entry.sentence == here and self._leads_into(entry.token, i):
                return actor  # "Although X will be there, she is unable to attend"
            if entry.rank == _AGENT and entry.sentence == here:
                continue  # "at a dinner hosted by X he told Y": not the host
            if fallback is None and here - entry.sentence <= 1:
                fallback = actor
        return fallback

    def _leads_into(self, subject: int, pronoun: int) -> bool:
        """Whether a subject's clause is an adverbial one opening the pronoun's clause."""
        clause, own = self.doc[subject].head, self.doc[pronoun].head
        return clause.dep_ == "advcl" and clause.head.i == own.i and clause.i < pronoun


def _joined_bodies(doc: Doc) -> list[Span]:
    """The document's entities, with a body's name the NER split at "and" put back together
    ("Department for Education" + "and" + "Skills")."""
    ents = list(doc.ents)
    out: list[Span] = []
    i = 0
    while i < len(ents):
        ent = ents[i]
        nxt = ents[i + 1] if i + 1 < len(ents) else None
        if (
            nxt is not None
            and ent.label_ == "ORG"
            and nxt.label_ == "ORG"
            and not ent.kb_id_
            and nxt.start == ent.end + 1
            and doc[ent.end].lower_ == "and"
            and any(t.lower_ in ("of", "for") for t in ent)
            and len(nxt) == 1  # "and Skills"; not "and the Hungarian Football Federation"
            and nxt.root.dep_ == "conj"
            and ent.start <= nxt.root.head.i < ent.end
        ):
            out.append(Span(doc, ent.start, nxt.end, label=ent.label_))
            i += 2
            continue
        out.append(ent)
        i += 1
    return out


def _speaker_slot(token: Token) -> bool:
    """Whether a word stands where a speaker is named: the subject of a reporting verb, or
    the object of "according to"."""
    head = token.head
    if token.dep_ == "nsubj":
        return head.pos_ == "VERB" and head.lemma_.lower() in SPEECH_VERBS
    return token.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according"


# Nouns that, with "the", take up the organisation the story is about ("the club said").
_BODY_ANAPHORS = frozenset(
    {"club", "company", "firm", "carmaker", "airline", "bank", "retailer", "insurer", "union"}
)
# Plural titles whose holders sit for a party or body ("MPs from A and B").
_MEMBERS_OF_BODIES = frozenset(
    {"mps", "meps", "msps", "lawmakers", "legislators", "senators", "councillors", "delegates"}
)
_ARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|an|as|ash|at|az)[-‐]", re.I)


def _name_words(tokens: list[Token]) -> bool:
    """Whether tokens can all be words of a person's name: proper, capitalised, and neither a
    title nor the head word of a body or a document."""
    return all(
        t.pos_ == "PROPN"
        and _NAME_TOKEN.match(t.text)
        and t.lower_ not in ORG_HEADS
        and t.lower_ not in DOCUMENT_NOUNS
        and not _is_title(t.text)
        for t in tokens
    )


def _conjuncts(head: Token) -> list[Token]:
    out, stack = [], [head]
    while stack:
        token = stack.pop()
        out.append(token)
        stack.extend(c for c in token.children if c.dep_ == "conj")
    return out


def _aged_epithet(token: Token) -> bool:
    """ "the 78-year-old Republican": one person of a group, by age."""
    return token.tag_ in ("NNP", "NN", "JJ") and any(
        c.dep_ in ("amod", "compound", "nummod") and c.lower_ == "old" for c in token.children
    )


def _same_surname(a: str, b: str) -> bool:
    """ "Al-Sisi" and "Sisi", "al-Burhan" and "Burhan": the Arabic article is often dropped
    on second mention."""
    return a == b or _ARTICLE_PREFIX.sub("", a) == _ARTICLE_PREFIX.sub("", b)


def _compatible(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Whether a name form can be the same person as a fuller one (same surname assumed)."""
    if len(short) == 1 or full[-len(short) :] == short:
        return True  # "Bowles", "Parker Bowles" of "Camilla Parker Bowles"
    firsts = [w for w in short[:-1] if w.lower() not in NAME_STYLES]
    others = [w for w in full[:-1] if w.lower() not in NAME_STYLES]
    if not firsts or not others:
        return True
    a, b = firsts[0].rstrip("."), others[0].rstrip(".")
    return a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in _ORG_STOPWORDS]
    if len(words) < 2:
        return name.upper()  # "G7" and "G20" are not both "G"
    return "".join(w[0] for w in words if w[0].isalpha()).upper()


def _role_key(role: str) -> str:
    words = [w for w in role.lower().split() if w not in ("former", "the", "a", "an")]
    return " ".join(words)
