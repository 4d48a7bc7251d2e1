"""Canonical actors: fullest names, roles and affiliations, metonyms, and who a subject is."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Token

from summarizer.actors import ActorIndex
from summarizer.nlp import load_pipeline
from summarizer.quotes import find_quotes


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


def _index(nlp: Language, text: str) -> tuple[Doc, ActorIndex]:
    doc = nlp(text)
    return doc, ActorIndex(doc, find_quotes(doc))


def _subject_of(doc: Doc, verb: str, nth: int = 0) -> Token:
    verbs = [t for t in doc if t.text == verb]
    return next(c for c in verbs[nth].children if c.dep_ in ("nsubj", "nsubjpass"))


def test_short_forms_resolve_to_the_fullest_name(nlp: Language) -> None:
    doc, index = _index(
        nlp, "Prime Minister Tony Blair arrived in Rome. Later Mr Blair said he was pleased."
    )
    people = [a for a in index.actors if a.kind == "person"]
    assert [a.name for a in people] == ["Tony Blair"]
    assert people[0].role == "Prime Minister"
    assert people[0].gender == "m"
    assert index.resolve(_subject_of(doc, "said")).name == "Tony Blair"


def test_a_shared_surname_goes_to_the_nearest_full_mention(nlp: Language) -> None:
    doc, index = _index(
        nlp,
        "Gordon Brown spoke first. Nick Brown, the former chief whip, spoke next. "
        "Mr Brown then left the room.",
    )
    names = sorted(a.name for a in index.actors if a.kind == "person")
    assert names == ["Gordon Brown", "Nick Brown"]
    assert index.resolve(_subject_of(doc, "left")).name == "Nick Brown"


def test_title_compound_gives_role_and_affiliation(nlp: Language) -> None:
    _, index = _index(nlp, "Russian President Vladimir Putin met Tory leader Michael Howard.")
    by_name = {a.name: a for a in index.actors}
    assert (by_name["Vladimir Putin"].role, by_name["Vladimir Putin"].affiliation) == (
        "President",
        "Russia",
    )
    assert (by_name["Michael Howard"].role, by_name["Michael Howard"].affiliation) == (
        "leader",
        "Conservative Party",
    )


def test_apposition_gives_role_and_affiliation(nlp: Language) -> None:
    _, index = _index(
        nlp,
        "But David Frost, director general of the British Chambers of Commerce, warned "
        "that small firms could be hit.",
    )
    frost = next(a for a in index.actors if a.name == "David Frost")
    assert frost.role == "director general of the British Chambers of Commerce"
    assert frost.affiliation == "British Chambers of Commerce"


def test_a_title_is_not_a_name(nlp: Language) -> None:
    _, index = _index(
        nlp, "The Lord Chief Justice, Lord Woolf, said the guidelines would be published."
    )
    people = [a.name for a in index.actors if a.kind == "person"]
    assert people == ["Lord Woolf"]


def test_metonyms_name_their_country_and_offices_stay_organisations(nlp: Language) -> None:
    _, index = _index(
        nlp, "Moscow and the Kremlin agreed, Washington objected and Downing Street said no."
    )
    kinds = {a.name: a.kind for a in index.actors}
    assert kinds == {
        "Russia": "country",
        "United States": "country",
        "Downing Street": "organization",
    }


def test_party_names_are_one_actor(nlp: Language) -> None:
    _, index = _index(
        nlp,
        "The Tories attacked the plan. The Conservatives later said the Conservative Party "
        "would vote against it.",
    )
    assert [a.name for a in index.actors] == ["Conservative Party"]


def test_a_spokeswoman_of_a_named_body_is_the_body(nlp: Language) -> None:
    doc, index = _index(nlp, "A Home Office spokeswoman said the rules were clear.")
    actor = index.resolve(_subject_of(doc, "said"))
    assert actor is not None
    assert (actor.name, actor.kind) == ("Home Office", "organization")


def test_a_spokesman_of_a_named_person_is_the_person(nlp: Language) -> None:
    doc, index = _index(
        nlp,
        "Tony Blair flew to Washington. Mr Blair's official spokesman said the visit went well.",
    )
    assert index.resolve(_subject_of(doc, "said")).name == "Tony Blair"


def test_unnamed_sources_are_no_actors(nlp: Language) -> None:
    doc, index = _index(
        nlp, "Critics said the plan was unfair. A spokesman said nothing. Many Britons agreed."
    )
    assert index.resolve(_subject_of(doc, "said", 0)) is None
    assert index.resolve(_subject_of(doc, "said", 1)) is None
    assert index.resolve(_subject_of(doc, "agreed")) is None


def test_the_title_refers_to_the_one_person_holding_it(nlp: Language) -> None:
    doc, index = _index(
        nlp,
        "French President Jacques Chirac arrived late. The French president told reporters "
        "that Europe must unite.",
    )
    assert index.resolve(_subject_of(doc, "told")).name == "Jacques Chirac"


def test_pronouns_take_the_latest_main_clause_subject_of_their_gender(nlp: Language) -> None:
    doc, index = _index(
        nlp,
        "Ms Hewitt spoke first. Mr Howard then arrived late. She said the delay was regrettable.",
    )
    assert index.resolve(_subject_of(doc, "said")).name == "Hewitt"


def test_a_pronoun_skips_people_named_in_a_subordinate_clause(nlp: Language) -> None:
    doc, index = _index(
        nlp,
        "Tony Blair admitted he went to bed early, thinking John Kerry might have won. "
        "He said he woke up at dawn.",
    )
    assert index.resolve(_subject_of(doc, "said")).name == "Tony Blair"


def test_a_name_the_ner_read_as_an_organisation(nlp: Language) -> None:
    doc, index = _index(
        nlp, "Guy Mansfield QC, chairman of the Bar Council, warned there is a real risk."
    )
    actor = index.resolve(_subject_of(doc, "warned"))
    assert actor is not None
    assert (actor.name, actor.kind) == ("Guy Mansfield", "person")
    assert actor.role == "chairman of the Bar Council"
