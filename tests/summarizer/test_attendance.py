"""Who attends, who is expected, who stays away: and who is merely mentioned."""

from __future__ import annotations

from summarizer import extract
from tests.summarizer.views import absent, attending


def test_will_not_attend_and_boycott() -> None:
    points = extract(
        "Tony Blair will not attend the summit in Brussels. The Tories will boycott the debate."
    )
    assert absent(points) == ["Tony Blair", "Conservative Party"]
    assert points.attendees == ()
    assert points.absentees[0].evidence == "Tony Blair will not attend the summit in Brussels."


def test_will_not_take_part_reported_with_a_pronoun() -> None:
    points = extract(
        "Tony Blair has said he will not take part in a TV debate with his rivals before the "
        "election."
    )
    assert absent(points) == ["Tony Blair"]


def test_ruled_out_taking_part_is_an_absence() -> None:
    points = extract("Gordon Brown has ruled out taking part in the televised debate.")
    assert absent(points) == ["Gordon Brown"]
    assert points.attendees == ()


def test_expected_and_due_to_attend() -> None:
    points = extract(
        "Tony Blair will host the conference in London on Tuesday. Also due to attend are US "
        "Secretary of State Condoleezza Rice and UN Secretary General Kofi Annan. Israel will "
        "not attend."
    )
    assert attending(points) == {
        "Tony Blair": "attending",
        "Condoleezza Rice": "expected",
        "Kofi Annan": "expected",
    }
    assert absent(points) == ["Israel"]


def test_send_someone_in_his_place() -> None:
    points = extract(
        "Michael Howard will miss the rally in Leeds. Mr Howard will send his deputy, Michael "
        "Ancram, in his place."
    )
    assert absent(points) == ["Michael Howard"]
    assert attending(points) == {"Michael Ancram": "attending"}


def test_absence_and_notably_absent() -> None:
    points = extract(
        "Vladimir Putin's absence was noted at the talks. Notably absent were Foreign Minister "
        "Sergei Lavrov and adviser Yuri Ushakov."
    )
    assert absent(points) == ["Vladimir Putin", "Sergei Lavrov", "Yuri Ushakov"]


def test_people_only_urged_or_possibly_attending_are_neither() -> None:
    # Being invited ("was invited to join") is an expectation: see test_generalisation.py.
    points = extract(
        "Critics urged Gordon Brown to attend the talks. Charles Kennedy could attend the "
        "summit. If Tony Blair attends the debate, the broadcasters will be pleased."
    )
    assert points.attendees == ()
    assert points.absentees == ()


def test_delegations_led_by_and_made_up_of_named_members() -> None:
    points = extract(
        "France is sending a delegation led by Michel Barnier. Other members of the French "
        "delegation include Jean Dupont and Marie Curie."
    )
    assert attending(points) == {
        "Michel Barnier": "attending",
        "Jean Dupont": "attending",
        "Marie Curie": "attending",
    }
    assert {a.affiliation for a in points.attendees} == {"France"}


def test_host_passive_and_meetings() -> None:
    points = extract(
        "Tuesday's meeting on Palestinian reform is being hosted by Tony Blair. "
        "On Monday Mr Blair met Italian Prime Minister Silvio Berlusconi in Rome."
    )
    assert set(attending(points)) == {"Tony Blair", "Silvio Berlusconi"}


def test_meeting_targets_and_news_conferences_are_no_events() -> None:
    points = extract(
        "Gordon Brown said he would meet his fiscal rules. Tony Blair told his monthly news "
        "conference that the economy was strong."
    )
    assert points.attendees == ()


def test_not_at_the_meeting() -> None:
    points = extract(
        "Gordon Brown, who was not at the Downing Street meeting, says he has been in talks."
    )
    assert absent(points) == ["Gordon Brown"]


def test_one_person_in_both_lists() -> None:
    points = extract(
        "Jacques Chirac will miss the summit in Brussels. Mr Chirac is going to a memorial "
        "service in Abu Dhabi instead."
    )
    assert absent(points) == ["Jacques Chirac"]
    assert attending(points) == {"Jacques Chirac": "attending"}


def test_countries_holding_talks_are_its_parties() -> None:
    # Countries that are to hold talks are the talks' parties, whoever they send (the seed
    # lists Russia's delegates, not Russia or Ukraine) ...
    points = extract("France and Germany will hold talks in Paris on Friday.")
    assert points.attendees == ()
    assert points.event.what == "talks between France and Germany"
    assert points.event.where == "Paris"
    assert points.event.when == "Friday"
    # ... and once the talks are told as held, they took part in them.
    points = extract("He spoke after Spain, Italy and Greece held virtual talks on Friday.")
    assert attending(points) == {
        "Spain": "attending",
        "Italy": "attending",
        "Greece": "attending",
    }
    points = extract("Spain and Italy have held talks on the crisis.")
    assert attending(points) == {"Spain": "attending", "Italy": "attending"}


def test_a_town_hosting_is_a_venue_not_a_guest() -> None:
    # The small model reads a sentence-initial town as a PERSON; a lone word with no first
    # name, title or courtesy title anywhere is not taken for an attendee.
    points = extract("Manchester hosted the party conference last year.")
    assert points.attendees == ()


def test_addressing_an_audience_at_an_event() -> None:
    points = extract(
        "Gordon Brown has delivered a speech to Labour's spring conference in Gateshead. "
        "Later Tony Blair told delegates that the election would be close."
    )
    assert attending(points) == {"Gordon Brown": "attending", "Tony Blair": "attending"}
