"""Attendance phrasings found in unseen news (blind batch 4 and wire-style sentences), each with
a near miss that must not count."""

from __future__ import annotations

import pytest

from summarizer import extract
from tests.summarizer.views import absent, attending


def test_neither_nor_is_a_negation_of_both() -> None:
    points = extract("Neither Nicolas Sarkozy nor Angela Merkel will attend the summit in Rome.")
    assert absent(points) == ["Nicolas Sarkozy", "Angela Merkel"]
    assert points.attendees == ()


def test_telling_a_gathering_is_addressing_it() -> None:
    points = extract(
        "Kenyan President William Ruto told the climate summit in Nairobi that Africa needed "
        "more finance. Jane Doe told the BBC that the plan would fail."
    )
    assert attending(points) == {"William Ruto": "attending"}


def test_hosting_a_named_guest() -> None:
    points = extract(
        "Turkish President Recep Tayyip Erdogan will host Hungarian Prime Minister Viktor "
        "Orban in Ankara on Friday. Channel 4 presenter Jon Snow will host a new quiz show."
    )
    assert attending(points) == {"Recep Tayyip Erdogan": "attending", "Viktor Orban": "attending"}


@pytest.mark.parametrize(
    ("sentence", "expected_attending", "expected_absent"),
    [
        (
            "Australian Prime Minister Anthony Albanese declined an invitation to the summit.",
            {},
            ["Anthony Albanese"],
        ),
        (
            "Boris Johnson accepted an invitation to speak at the party conference.",
            {"Boris Johnson": "attending"},
            [],
        ),
        # An invitation to nothing that is an event answers no attendance question.
        ("Boris Johnson rejected an invitation to resign.", {}, []),
    ],
)
def test_answers_to_an_invitation(
    sentence: str, expected_attending: dict[str, str], expected_absent: list[str]
) -> None:
    points = extract(sentence)
    assert attending(points) == expected_attending
    assert absent(points) == expected_absent


def test_an_event_that_brings_people_together_or_attracts_them() -> None:
    points = extract(
        "The summit brought together Joe Biden, Rishi Sunak and Anthony Albanese. The film "
        "festival has attracted such directors as Oliver Stone and Joel Schumacher. The "
        "scandal has attracted critics such as Ann Widdecombe."
    )
    assert set(attending(points)) == {
        "Joe Biden",
        "Rishi Sunak",
        "Anthony Albanese",
        "Oliver Stone",
        "Joel Schumacher",
    }


def test_meeting_read_as_a_gerund_is_still_an_event() -> None:
    points = extract("Newly elected Prime Minister Mark Carney attended his first G7 meeting.")
    assert attending(points) == {"Mark Carney": "attending"}


def test_passive_join_with_the_agent_on_the_event() -> None:
    points = extract(
        "Rishi Sunak will be joined at the talks by Defence Secretary Grant Shapps. Mr Sunak "
        "was joined by his wife, Akshata Murty, in criticising the plan."
    )
    assert attending(points) == {"Rishi Sunak": "attending", "Grant Shapps": "attending"}


def test_sending_a_delegation_or_not() -> None:
    points = extract(
        "The European Union sent a team of negotiators to the talks in Geneva. North Korea "
        "did not send a delegation to the games. Japan sent a letter to the conference."
    )
    assert attending(points) == {"European Union": "attending"}
    assert absent(points) == ["North Korea"]


def test_whose_attendance_and_including_on_the_verb() -> None:
    points = extract(
        "Tony Blair - whose attendance was announced at the last minute - will focus on "
        "Africa. More than 20 other world leaders are expected to attend, including French "
        "President Jacques Chirac."
    )
    assert attending(points) == {"Tony Blair": "attending", "Jacques Chirac": "expected"}


def test_will_be_there_but_not_was_there() -> None:
    points = extract(
        "Viktor Yushchenko, Ukraine's new president, will also be there. Kofi Annan was "
        "there when the bomb went off."
    )
    assert attending(points) == {"Viktor Yushchenko": "attending"}


def test_contests_won_lost_or_fought_out() -> None:
    points = extract(
        "Germany's Alexander Kosenkow won the race in 21.07 secs. The 60m event was won by "
        "Christine Arron of France. Roger Federer beat Andy Roddick in the final. Labour won "
        "the vote by 12 votes. Andrew Flintoff won the award."
    )
    assert set(attending(points)) == {
        "Alexander Kosenkow",
        "Christine Arron",
        "Roger Federer",
        "Andy Roddick",
    }


def test_keynotes_and_speeches_at_a_gathering() -> None:
    points = extract(
        "The Game Developers Conference opened in San Jose. The importance of mobile gaming "
        "was reflected by a keynote given by John Batter. Delegates cheered Gordon Brown's "
        "speech on Saturday."
    )
    assert attending(points) == {"John Batter": "attending", "Gordon Brown": "attending"}


def test_a_speech_in_a_story_without_a_gathering_places_nobody() -> None:
    points = extract(
        "Gordon Brown's speech on crime was criticised by Michael Howard. The Tory leader said "
        "it was empty."
    )
    assert points.attendees == ()


def test_failing_to_turn_up_or_attend_is_an_absence() -> None:
    points = extract(
        "Jose Mourinho failed to turn up for the meeting with league officials. Gordon Brown "
        "failed to attend the cabinet meeting. Tony Blair showed up at the launch in London. "
        "The company failed to meet its targets."
    )
    assert absent(points) == ["Jose Mourinho", "Gordon Brown"]
    assert attending(points) == {"Tony Blair": "attending"}


def test_a_habit_is_no_attendance_either_way() -> None:
    points = extract(
        "Best British male artist winner Mike Skinner - aka The Streets - does not usually "
        "attend award ceremonies. Amy Winehouse often attends the festival."
    )
    assert points.absentees == ()
    assert points.attendees == ()


def test_whom_one_tells_at_an_event_is_there_too() -> None:
    points = extract(
        "Tony Blair and Gordon Brown are rivals. At a dinner hosted by John Prescott, Mr Blair "
        "told Mr Brown of his intention to stand down. Mr Blair told Jack Straw in a letter "
        "that he would go."
    )
    assert set(attending(points)) == {"Tony Blair", "Gordon Brown", "John Prescott"}


def test_names_the_ner_cut_short() -> None:
    points = extract(
        "Rustem Umerov headed the Ukrainian delegation. Ursula von der Leyen will lead the EU "
        "delegation to the talks."
    )
    assert set(attending(points)) == {"Rustem Umerov", "Ursula von der Leyen"}


def test_unable_to_attend_and_instead_of_going() -> None:
    points = extract(
        "Olaf Scholz will be unable to attend the summit. Antony Blinken will stay in "
        "Washington instead of travelling to the G20 summit. Pedro Sanchez will be able to "
        "attend the summit."
    )
    assert absent(points) == ["Olaf Scholz", "Antony Blinken"]
    assert points.attendees == ()


def test_travel_to_the_stories_venue() -> None:
    points = extract(
        "Russia and Ukraine will hold talks in Istanbul on Thursday. Vladimir Putin will not "
        "be travelling to Istanbul, the Kremlin said. Volodymyr Zelensky arrived in Istanbul "
        "on Thursday. Gordon Brown flew to Washington on Monday."
    )
    assert attending(points) == {"Volodymyr Zelensky": "attending"}
    assert absent(points) == ["Vladimir Putin"]


def test_held_without_and_left_early() -> None:
    points = extract(
        "The talks went ahead without Chinese President Xi Jinping. Rishi Sunak left the "
        "summit early. Hungary's Viktor Orban walked out of the meeting. Tony Blair left the "
        "party in 1999."
    )
    assert absent(points) == ["Xi Jinping"]
    assert set(attending(points)) == {"Rishi Sunak", "Viktor Orban"}


def test_talks_that_involved_people() -> None:
    points = extract(
        "The negotiations, which involved Steve Witkoff and Jared Kushner, lasted five hours. "
        "The scandal, which involved Jack Straw, grew."
    )
    assert set(attending(points)) == {"Steve Witkoff", "Jared Kushner"}


def test_in_talks_with() -> None:
    points = extract(
        "Trouble-hit Mitsubishi Motors is in talks with French carmaker PSA Peugeot Citroen "
        "about a possible alliance. Nissan is in trouble with its lenders."
    )
    assert set(attending(points)) == {"Mitsubishi Motors", "PSA Peugeot Citroen"}


def test_keynotes_made_by_and_named_events() -> None:
    points = extract(
        "Several keynote speeches were made by industry leaders, such as Microsoft chief Bill "
        "Gates. At the mobile phone conference 3GSM in Cannes last month Samsung demonstrated "
        "a phone. In the conference room Nokia showed a phone."
    )
    assert set(attending(points)) == {"Bill Gates", "Samsung"}


def test_among_those_due_and_some_of_the_firms_attending() -> None:
    points = extract(
        "Leonardo DiCaprio, Jamie Foxx and Hilary Swank are among those due to attend this "
        "year's nominees luncheon on Monday. Giants such as Boeing and Airbus are some of the "
        "firms attending the show. Critics such as Mark Kermode are some of the people "
        "watching the show on television."
    )
    assert attending(points) == {
        "Leonardo DiCaprio": "expected",
        "Jamie Foxx": "expected",
        "Hilary Swank": "expected",
        "Boeing": "attending",
        "Airbus": "attending",
    }


def test_a_name_after_a_title_that_the_ner_read_as_a_place() -> None:
    points = extract(
        "UK Prime Minister Tony Blair and South African President Thabo Mbeki are among the "
        "more than 20 government leaders attending the meeting."
    )
    assert set(attending(points)) == {"Tony Blair", "Thabo Mbeki"}


def test_joining_others_on_the_bill() -> None:
    points = extract(
        "The actor will join other hopefuls such as co-star Cate Blanchett, Natalie Portman "
        "and Kate Winslet as Oscar presenters. Gordon Brown will join Tony Blair as a critic "
        "of the plan."
    )
    assert set(attending(points)) == {"Cate Blanchett", "Natalie Portman", "Kate Winslet"}


def test_out_injured_or_out_of_the_match() -> None:
    points = extract(
        "The fresh verve is inspired by skipper Gareth Thomas, now out with a broken thumb, and "
        "centre Gavin Henson. Wales captain Martyn Williams is out of the match with a knee "
        "injury. Labour is out of power. The minister, Jack Straw, is out of the country with "
        "his family."
    )
    assert absent(points) == ["Gareth Thomas", "Martyn Williams"]
