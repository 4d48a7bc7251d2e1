"""Who said what: direct and reported speech, stance verbs, attribution and its limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer import KeyPoints, Position, extract

POLITICS = Path(__file__).resolve().parents[3] / "shared/data/bbc-news-full/politics"


def _speakers(points: KeyPoints) -> dict[str, Position]:
    return {p.actor.name: p for p in points.positions}


def test_said_mr_x_after_the_quote() -> None:
    points = extract(
        'Michael Howard launched the Tory campaign in Kent. "We will win this election," '
        "said Mr Howard."
    )
    [position] = points.positions
    assert position.actor.name == "Michael Howard"
    [statement] = position.statements
    assert statement.quote == "We will win this election"
    assert statement.verb == "say"
    assert statement.evidence == '"We will win this election," said Mr Howard.'


def test_x_the_y_minister_said() -> None:
    points = extract("Jack Straw, the foreign secretary, said the plan was deeply flawed.")
    [position] = points.positions
    assert position.actor.name == "Jack Straw"
    assert position.actor.role == "foreign secretary"
    assert position.statements[0].text == "the plan was deeply flawed"


def test_according_to_a_named_body() -> None:
    points = extract("According to the Electoral Commission, turnout fell sharply in May.")
    [position] = points.positions
    assert (position.actor.name, position.actor.kind) == ("Electoral Commission", "organization")
    assert position.statements[0].verb == "according to"
    assert "turnout fell sharply" in position.statements[0].text


def test_floating_quotes_belong_to_the_last_speaker() -> None:
    points = extract(
        'Ms Hewitt said: "We have already doubled maternity pay." '
        '"We are going to extend it to nine months." '
        "She said employers would not pay."
    )
    [position] = points.positions
    assert position.actor.name == "Hewitt"
    assert [s.quote for s in position.statements] == [
        "We have already doubled maternity pay.",
        "We are going to extend it to nine months.",
        None,
    ]
    assert position.statements[2].text == "employers would not pay"


def test_a_floating_quote_after_an_unnamed_source_is_dropped() -> None:
    points = extract(
        'Gordon Brown said growth was strong. An aide said: "It is not over." "We will see."'
    )
    [position] = points.positions
    assert position.actor.name == "Gordon Brown"
    assert [s.text for s in position.statements] == ["growth was strong"]


def test_unnamed_sources_and_crowds_are_not_speakers() -> None:
    points = extract(
        "Critics said the plan was unfair. A spokesman said nothing would change. "
        "Many voters believe the tax is too high."
    )
    assert points.positions == ()


def test_he_said_resolves_to_the_named_person() -> None:
    points = extract(
        "Chancellor Gordon Brown spoke in London on Monday. He said growth would stay strong."
    )
    [position] = points.positions
    assert position.actor.name == "Gordon Brown"
    assert position.actor.role == "Chancellor"
    assert position.statements[0].text == "growth would stay strong"


def test_spokeswoman_of_a_named_body_speaks_for_it() -> None:
    points = extract("A Home Office spokeswoman said the new rules were working well.")
    [position] = points.positions
    assert (position.actor.name, position.actor.kind) == ("Home Office", "organization")


def test_stance_verbs_groups_and_scare_quotes() -> None:
    points = extract(
        'The Tories dismissed the maternity pay plan as "desperate", while the Liberal '
        "Democrats said it was misdirected."
    )
    speakers = _speakers(points)
    assert {k: v.actor.kind for k, v in speakers.items()} == {
        "Conservative Party": "group",
        "Liberal Democrats": "group",
    }
    dismissed = speakers["Conservative Party"].statements[0]
    assert (dismissed.verb, dismissed.quote) == ("dismiss", "desperate")
    assert speakers["Liberal Democrats"].statements[0].text == "it was misdirected"


def test_metonyms_speak_for_their_country() -> None:
    points = extract("Washington has urged Tehran to halt its nuclear programme.")
    [position] = points.positions
    assert (position.actor.name, position.actor.kind) == ("United States", "country")
    assert position.statements[0].verb == "urge"


def test_speech_only_supposed_or_denied_is_no_statement() -> None:
    points = extract(
        "If Tony Blair said so, it would matter. Gordon Brown declined to say whether he "
        "agreed. Michael Howard did not confirm the date. Mr Kennedy is likely to defend his plan."
    )
    assert points.positions == ()


def test_speech_reported_inside_someone_elses_speech_is_theirs() -> None:
    points = extract(
        "Sandra Gidley said the Conservatives would announce their own plans soon. "
        'Mr Howard said: "Gordon Brown told us nothing."'
    )
    assert list(_speakers(points)) == ["Sandra Gidley", "Howard"]


def test_a_nominal_speech_act_with_its_owner() -> None:
    points = extract("Israel refuses to accept Syria's denials that it was involved.")
    assert list(_speakers(points)) == ["Israel", "Syria"]
    syria = _speakers(points)["Syria"].statements[0]
    assert syria.verb == "denial"


def test_one_entry_per_actor_with_statements_in_order() -> None:
    points = extract(
        "Tony Blair said the economy was strong. The Tories disagreed. Mr Blair added that "
        "taxes would not rise. Prime Minister Blair also warned of risks abroad."
    )
    blair = _speakers(points)["Tony Blair"]
    assert [s.verb for s in blair.statements] == ["say", "add", "warn"]
    assert len([p for p in points.positions if p.actor.name == "Tony Blair"]) == 1


@pytest.mark.skipif(not POLITICS.is_dir(), reason="../shared/data/bbc-news-full is absent")
def test_a_real_politics_article() -> None:
    # politics/001: maternity pay, with minister, shadow minister, party and lobby voices.
    title, _, body = (POLITICS / "001.txt").read_text(encoding="utf-8").partition("\n")
    speakers = _speakers(extract(body, title=title))
    assert set(speakers) == {
        "Patricia Hewitt",
        "Conservative Party",
        "Liberal Democrats",
        "Theresa May",
        "Sandra Gidley",
        "David Frost",
    }
    hewitt = speakers["Patricia Hewitt"]
    assert hewitt.actor.role == "Trade and Industry Secretary"
    # "Ms Hewitt told GMTV's Sunday programme" and the quotes that follow are hers.
    assert hewitt.statements[0].verb == "tell"
    assert any(s.verb is None and s.quote for s in hewitt.statements)
    frost = speakers["David Frost"]
    assert frost.actor.affiliation == "British Chambers of Commerce"
    # The quote ending '..., he said.' after Frost's warning is his.
    assert any((s.quote or "").startswith("While the majority of") for s in frost.statements)
    gidley = speakers["Sandra Gidley"]
    assert gidley.actor.affiliation == "Liberal Democrats"
