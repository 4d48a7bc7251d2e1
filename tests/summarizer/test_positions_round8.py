"""Round 8 (blind batches J and K of real articles): speakers behind a lower-case Arabic
article ("al-Burhan"), refusals told as "ruled out", greetings that state nothing, unnamed
sources that are no country, and a body's national arm ("CNN Philippines")."""

from __future__ import annotations

import pytest

from summarizer import extract


def _speakers(text: str) -> list[str]:
    return [p.actor.name for p in extract(text).positions]


def test_a_surname_with_a_lower_case_article_is_the_same_person() -> None:
    points = extract(
        "Army chief General Abdel Fattah Al-Burhan announced on Saturday that a delegation had "
        "been sent to Cairo. Speaking to reporters, al-Burhan said the talks would go ahead."
    )
    assert [p.actor.name for p in points.positions] == ["Abdel Fattah Al-Burhan"]
    assert points.positions[0].actor.kind == "person"
    assert len(points.positions[0].statements) == 2


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        ("Tehran has ruled out face-to-face talks with Washington.", ["Iran"]),
        (
            "Even without direct talks, which Tehran has ruled out, the meeting is a step forward.",
            ["Iran"],
        ),
        # Near miss: a player ruled out of a match states nothing.
        ("Striker Tom Reyes has been ruled out of the final with a knee injury.", []),
    ],
)
def test_ruling_something_out_is_a_stated_refusal(text: str, speakers: list[str]) -> None:
    assert _speakers(text) == speakers


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        ("Festival director Anna Berg welcomed talent at the top of the red carpet.", []),
        ("The mayor, Anne Hidalgo, welcomed the guests at the town hall.", []),
        ("Coach Bob Lee thanked the fans at the stadium.", []),
        ("Prime Minister Jane Doe welcomed the decision.", ["Jane Doe"]),
        (
            "Prime Minister Jane Doe thanked the fans, saying they had carried the team.",
            ["Jane Doe"],
        ),
    ],
)
def test_greeting_people_is_no_position(text: str, speakers: list[str]) -> None:
    assert _speakers(text) == speakers


def test_an_unnamed_source_of_a_nationality_is_not_its_country() -> None:
    text = (
        "An Israeli source familiar with the matter told reporters that no offer had arrived. "
        "An Egyptian official told reporters that Israel had been invited."
    )
    assert _speakers(text) == ["Egypt"]


def test_a_body_named_with_its_country_is_the_body() -> None:
    assert _speakers("CNN Philippines has said that the debate will go ahead.") == [
        "CNN Philippines"
    ]


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        (
            "The likes of Health Secretary John Reid and Lord Haskins are warning of the dangers.",
            ["John Reid", "Lord Haskins"],
        ),
        ("Jane Doe spoke out against the plan on Monday.", ["Jane Doe"]),
        # Near misses: speaking out loud, and liking something, state no position.
        ("Jane Doe spoke out loud in the hall.", []),
        ("Jane Doe likes the new plan.", []),
    ],
)
def test_the_likes_of_and_speaking_out(text: str, speakers: list[str]) -> None:
    assert _speakers(text) == speakers


def test_the_club_or_the_company_is_the_body_last_told_of_as_a_subject() -> None:
    points = extract(
        "Acme Corp reported a loss on Monday. Shares fell, according to Reuters. The company "
        "said it would cut jobs."
    )
    statements = {p.actor.name: [s.evidence for s in p.statements] for p in points.positions}
    assert statements["Acme Corp"] == ["The company said it would cut jobs."]
    # Near miss: with no body told of before, "the club" is no one.
    assert _speakers("The club said it would appeal.") == []


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        # Found after scoring blind batch L: the first-name repair must not take the last word
        # of a title, and "no country for an unnamed source" must not drop a party's sources.
        (
            "Chief Opposition Whip Gayantha Karunathilleka said the protest would go on.",
            ["Gayantha Karunathilleka"],
        ),
        ("Labour sources said the event was part of the conference.", ["Labour"]),
    ],
)
def test_title_words_and_party_sources(text: str, speakers: list[str]) -> None:
    assert _speakers(text) == speakers
