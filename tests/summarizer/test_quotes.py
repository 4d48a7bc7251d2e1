"""Where quotations start and end, with straight quotes, curly ones, and news-copy habits."""

from __future__ import annotations

import pytest
from spacy.language import Language

from summarizer.nlp import load_pipeline
from summarizer.quotes import find_quotes


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


def _quoted(nlp: Language, text: str) -> list[str]:
    doc = nlp(text)
    quotes = find_quotes(doc)
    return [quotes.text(q) for q in quotes.quotes]


def test_straight_quotes_open_and_close_by_their_spacing(nlp: Language) -> None:
    text = 'He called the plan "desperate", and she said: "We will not give in."'
    assert _quoted(nlp, text) == ["desperate", "We will not give in."]


def test_curly_quotes(nlp: Language) -> None:
    text = "Moscow wants to address the “root causes” of the conflict, he said."
    assert _quoted(nlp, text) == ["root causes"]


def test_a_quote_reopened_in_the_next_paragraph_closes_the_first(nlp: Language) -> None:
    text = 'Ms Hewitt said: "We have doubled it.\n\n"We will go further than that."'
    assert _quoted(nlp, text) == ["We have doubled it.", "We will go further than that."]


def test_a_reopening_quote_mid_paragraph_closes_the_open_one(nlp: Language) -> None:
    text = 'She said: "We acted. "We will act again."'
    assert _quoted(nlp, text) == ["We acted.", "We will act again."]


def test_stray_and_unbalanced_marks_do_not_swallow_the_text(nlp: Language) -> None:
    doc = nlp('" Director Ken Smith said the rules were clear.\nAnother "odd mark')
    quotes = find_quotes(doc)
    said = next(t for t in doc if t.text == "said")
    assert not quotes.inside(said.i)
    # An unclosed quote ends at the paragraph or the text's end, never beyond.
    assert [quotes.text(q) for q in quotes.quotes] == ["odd mark"]


def test_inside_and_in_span(nlp: Language) -> None:
    doc = nlp('"Yes," she said. "No."')
    quotes = find_quotes(doc)
    yes = next(t for t in doc if t.text == "Yes")
    said = next(t for t in doc if t.text == "said")
    assert quotes.inside(yes.i)
    assert not quotes.inside(said.i)
    assert [quotes.text(q) for q in quotes.in_span(0, len(doc))] == ["Yes", "No."]
