"""The learned attendance layer: its weights file, which mentions it reads, and how it joins
the rules (it only adds, never overrides, and shows the sentence it read)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from spacy.tokens import Doc, Span

from summarizer.actors import ActorIndex
from summarizer.attendance import find_attendance, rules_and_candidates
from summarizer.attendance_model import MODEL_PATH, LinearModel, load_model
from summarizer.extract import Extractor, clean_text, default_extractor
from summarizer.quotes import find_quotes


def _parse(text: str) -> tuple[Doc, list[Span], ActorIndex]:
    doc = default_extractor().nlp(clean_text(text))
    sents = [s for s in doc.sents if s.text.strip()]
    return doc, sents, ActorIndex(doc, find_quotes(doc))


# A model that trusts one feature only, so the tests below do not depend on trained weights.
SAME_SENTENCE = LinearModel(weights={"with_found": 4.0}, bias=-2.0, threshold=0.5)

MOURNERS = (
    "The funeral took place in Rome on Friday. Among the mourners were Ann Lee and Tom Reyes, "
    "with Rosa Lima and Ana Costa close by at the funeral."
)


def test_the_model_file_loads_and_every_weight_is_a_feature_the_layer_makes() -> None:
    model = load_model()
    assert 0.0 < model.threshold < 1.0
    # A renamed feature would leave its weight dead without any error: the names must be
    # ones `candidates` produces.
    known = re.compile(
        r"^(kind|mentions|dep|event_dep|prep|verb|event_verb|rule)=.+$|^(rule|has_role|"
        r"has_affiliation|first_sentence|lead|event_sentence|with_found|"
        r"event_with_found|listed_with_found|negated_verb|read_by_rules)$"
    )
    unknown = [name for name in model.weights if not known.match(name)]
    assert unknown == []
    assert json.loads(MODEL_PATH.read_text(encoding="utf-8"))["trained_on"] == ["bbc", "wire"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"weights": {"a": "x"}, "bias": 0, "threshold": 0.5}, "'weights' must map"),
        ({"weights": {}, "bias": "0", "threshold": 0.5}, "must be numbers"),
        ({"weights": {}, "bias": 0, "threshold": 1.5}, "not a probability"),
    ],
)
def test_a_malformed_model_file_is_a_clear_error(data: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        LinearModel.from_dict(data)


def test_a_bad_model_file_on_disk_names_itself(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    path.write_text('{"weights": {}, "bias": 0, "threshold": 0}', encoding="utf-8")
    with pytest.raises(ValueError, match="attendance model"):
        load_model(path)


def test_probability_is_the_logistic_of_the_summed_weights() -> None:
    model = LinearModel(weights={"a": 1.0, "b": -3.0}, bias=0.5, threshold=0.5)
    assert model.probability({"a"}) == pytest.approx(1 / (1 + 2.718281828**-1.5))
    assert model.probability({"a", "b", "unseen"}) == pytest.approx(1 / (1 + 2.718281828**1.5))


def test_only_asserted_mentions_near_an_event_or_an_attendee_are_read() -> None:
    doc, sents, actors = _parse(
        "The summit opened in Lima. Ann Lee attended the summit. Tom Reyes could attend the "
        'summit. Rosa Lima likes tennis. "Gordon Brown was at the summit," said Ann Lee.'
    )
    found = {c.actor.name: c for c in rules_and_candidates(doc, sents, actors)[1]}
    assert "rule=attending" in found["Ann Lee"].features
    assert "Tom Reyes" not in found  # a hedge: the rules' business, not a guess
    assert "Rosa Lima" not in found  # no event or attendee in her sentence
    assert "Gordon Brown" not in found  # only inside a quote


def test_the_layer_adds_those_the_rules_missed_beside_an_attendee_and_shows_the_sentence() -> None:
    doc, sents, actors = _parse(MOURNERS)
    rules = find_attendance(doc, sents, actors)
    doc, sents, actors = _parse(MOURNERS)
    both = find_attendance(doc, sents, actors, SAME_SENTENCE)
    assert [a.name for a in rules.attendees] == ["Ann Lee", "Tom Reyes"]
    added = [a for a in both.attendees if a.name not in ("Ann Lee", "Tom Reyes")]
    assert [a.name for a in added] == ["Rosa Lima"]
    assert added[0].status == "attending"
    assert added[0].evidence == sents[1].text.strip()


def test_the_layer_never_overrides_what_the_rules_decided() -> None:
    text = (
        "The summit opened in Lima. Ann Lee attended the summit with Tom Reyes, but Rosa Lima "
        "stayed away from the summit."
    )
    everyone = LinearModel(weights={}, bias=10.0, threshold=0.5)  # would add anyone it reads
    doc, sents, actors = _parse(text)
    points = find_attendance(doc, sents, actors, everyone)
    assert [a.name for a in points.absentees] == ["Rosa Lima"]
    assert "Rosa Lima" not in [a.name for a in points.attendees]


def test_the_shipped_layer_on_a_list_the_rules_read_only_in_part() -> None:
    rules_only = Extractor(learned_attendance=False).extract(MOURNERS)
    shipped = default_extractor().extract(MOURNERS)
    assert [a.name for a in rules_only.attendees] == ["Ann Lee", "Tom Reyes"]
    assert [a.name for a in shipped.attendees] == ["Ann Lee", "Tom Reyes", "Rosa Lima"]
