"""Round 7 (a new blind batch of real articles): attendance told in a trailing "with X also
expected", meetings between one named person and an unnamed side, expectations that a
trailing "at the summit" must not turn into attendance, and asides in brackets that the
parser takes for sentence ends. Each rule with a near miss that must not count."""

from __future__ import annotations

from summarizer import extract
from tests.summarizer.views import absent, attending


def test_a_trailing_with_clause_lists_who_else_is_expected() -> None:
    points = extract(
        "Prime Minister Ana Costa has confirmed she will attend the summit, with the leaders of "
        "Chile, Peru, and the European Union also all expected. Trade will top the agenda, "
        "with a deal on tariffs also expected."
    )
    assert attending(points) == {
        "Ana Costa": "attending",
        "Chile": "expected",
        "Peru": "expected",
        "European Union": "expected",
    }


def test_a_with_clause_needs_an_occasion() -> None:
    points = extract("Sales rose in May, with further gains at Acme Corp also expected.")
    assert attending(points) == {}


def test_expected_at_the_summit_stays_expected() -> None:
    points = extract("Finance Minister Ana Costa is expected at the summit on Friday.")
    assert attending(points) == {"Ana Costa": "expected"}


def test_a_meeting_between_one_named_person_and_an_unnamed_side() -> None:
    points = extract(
        "No breakthrough came after a meeting between Health Secretary Tom Reyes and the "
        "nurses' unions. A meeting between rivals was ruled out by Ana Costa."
    )
    assert attending(points) == {"Tom Reyes": "attending"}


def test_a_lone_name_that_reports_about_itself_as_it_is_a_body() -> None:
    points = extract(
        "Ericsson said on Friday it is pulling out of the trade show. Carter said it was a "
        "difficult week at the trade show."
    )
    # The NER takes both lone names for people; only the first speaks of itself as "it".
    assert absent(points) == ["Ericsson"]
    kinds = {p.actor.name: p.actor.kind for p in points.positions}
    assert kinds["Ericsson"] == "organization"
    assert kinds.get("Carter") != "organization"  # "it was" is no self-report


def test_begging_off_and_not_making_it_are_absences_but_a_could_is_no_plan() -> None:
    points = extract(
        "The televised debate went ahead on Sunday. Maria Lopes begged off at the last minute, "
        "and her rival Luis Mora could not make it because of a campaign rally. Tom Reyes "
        "could not make it work, he said. Rosa Lima could attend the debate next year."
    )
    assert absent(points) == ["Maria Lopes", "Luis Mora"]
    assert attending(points) == {}
