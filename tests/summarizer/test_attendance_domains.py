"""Attendance outside politics: fixtures, shows, tribunals, players kept out, envoys.

Each rule is checked on a sentence that triggers it and on a near miss that must not.
"""

from __future__ import annotations

from summarizer import extract
from tests.summarizer.views import absent, attending


def test_both_sides_of_a_fixture_take_part() -> None:
    points = extract("Roger Federer will face Andy Roddick in the final on Sunday.")
    assert attending(points) == {"Roger Federer": "attending", "Andy Roddick": "attending"}
    points = extract("Bayern Munich will play Real Madrid in the Champions League final in Paris.")
    assert "Bayern Munich" in attending(points)
    assert "Real Madrid" in attending(points)


def test_facing_someone_without_an_event_is_no_fixture() -> None:
    assert extract("Roger Federer will face Andy Roddick over the prize money.").attendees == ()
    assert extract("Roger Federer played a key role in the decision.").attendees == ()


def test_giving_or_headlining_a_show() -> None:
    points = extract("The singer Kylie Minogue gave a concert at the O2 Arena last night.")
    assert attending(points) == {"Kylie Minogue": "attending"}
    points = extract("The singer Jenna Cole will headline the festival in August.")
    assert attending(points) == {"Jenna Cole": "attending"}
    assert extract("The actor Tom Hardy played the new Halo game all night.").attendees == ()


def test_giving_an_interview_or_a_speech_alone_is_no_show() -> None:
    assert extract("The singer Kylie Minogue gave an interview to a newspaper.").attendees == ()
    assert extract("Tony Blair gave a speech about schools.").attendees == ()


def test_performing_for_an_audience() -> None:
    points = extract("The rapper Nelly will perform for 20,000 fans in Arkansas.")
    assert attending(points) == {"Nelly": "attending"}
    assert extract("The rapper Nelly will perform U-turns.").attendees == ()


def test_a_concert_belongs_to_its_performer() -> None:
    points = extract("Church leaders urged fans to boycott Nelly's concert at the university.")
    assert "Nelly" in attending(points)
    assert extract("Nelly's new album sold a million copies.").attendees == ()


def test_appearing_before_a_tribunal() -> None:
    points = extract(
        "Marcus Holt and Dana Reyes appeared before a disciplinary tribunal in Athens on Monday."
    )
    assert attending(points) == {"Marcus Holt": "attending", "Dana Reyes": "attending"}
    assert extract("Dana Reyes appeared on television on Monday.").attendees == ()


def test_testifying_at_a_tribunal() -> None:
    points = extract("Marcus Holt also testified at the tribunal in Athens.")
    assert attending(points) == {"Marcus Holt": "attending"}


def test_ruled_out_of_or_sidelined_for_a_match() -> None:
    points = extract("The defender Paul Mason has been ruled out of the final with a knee injury.")
    assert absent(points) == ["Paul Mason"]
    points = extract("Tom Briggs is sidelined for the final with a hamstring injury.")
    assert absent(points) == ["Tom Briggs"]


def test_ruling_out_a_move_is_no_absence() -> None:
    points = extract("The defender Paul Mason has ruled out a move to Spain.")
    assert points.absentees == ()


def test_missing_a_quarter_final() -> None:
    points = extract("The winger James Hart misses the quarter-final against Bristol.")
    assert absent(points) == ["James Hart"]
    assert extract("The winger James Hart misses his family.").absentees == ()


def test_players_away_with_their_countries() -> None:
    points = extract(
        "Six players, including captain Tom Briggs and Paul Mason, were away with their countries."
    )
    assert absent(points) == ["Tom Briggs", "Paul Mason"]
    assert extract("Tom Briggs was away from home for the summer.").absentees == ()


def test_representatives_stand_for_those_who_send_them() -> None:
    points = extract(
        "Representatives from China, India and Brazil were invited to attend some of the sessions."
    )
    assert attending(points) == {"China": "expected", "India": "expected", "Brazil": "expected"}
    # Unnamed officials stand for their country too, unless it has a named delegate there.
    assert attending(extract("Chinese officials attended the summit.")) == {"China": "attending"}
    points = extract("Chinese officials and Chinese Vice Premier Li Wei attended the summit.")
    assert attending(points) == {"Li Wei": "attending"}


def test_holding_a_meeting_with_a_named_body() -> None:
    points = extract(
        "The Home Office held a meeting on Friday with the British Board of Film Classification."
    )
    assert "British Board of Film Classification" in attending(points)


def test_keynote_speakers_and_guests_are_on_the_bill() -> None:
    points = extract("Speakers at the conference included Kofi Annan and Bill Gates.")
    assert attending(points) == {"Kofi Annan": "attending", "Bill Gates": "attending"}
    points = extract("Bill Gates was among the speakers at the summit.")
    assert attending(points) == {"Bill Gates": "attending"}
    points = extract(
        "Ms Jane Grant was one of several keynote speakers, who also included Microsoft chief "
        "Peter Lowe."
    )
    assert attending(points) == {"Jane Grant": "attending", "Peter Lowe": "attending"}


def test_a_guest_on_a_programme_or_the_speaker_of_a_house_is_not_billed() -> None:
    assert extract("Bill Gates was a guest on the programme.").attendees == ()
    assert extract("The Commons Speaker Michael Martin said MPs must behave.").attendees == ()
    assert extract("Bill Gates could be the keynote speaker at the show.").attendees == ()


def test_on_stage() -> None:
    points = extract("The singer Gwen Stefani joined him on stage at the festival.")
    assert attending(points) == {"Gwen Stefani": "attending"}
    points = extract("Pop star Jenna Cole took to the stage in London.")
    assert attending(points) == {"Jenna Cole": "attending"}
    points = extract("Tony Blair wants Britain to play a bigger role on the world stage.")
    assert points.attendees == ()


def test_resuming_talks_with_a_named_body() -> None:
    points = extract(
        "The Home Office resumed negotiations with the British Medical Association on Monday."
    )
    assert attending(points) == {
        "Home Office": "attending",
        "British Medical Association": "attending",
    }
    assert extract("The Home Office began work on a new database.").attendees == ()


def test_performing_at_a_venue() -> None:
    points = extract("The band Oasis will also perform at the national stadium in Glasgow.")
    assert attending(points) == {"Oasis": "attending"}
    assert extract("Shares in the company performed well in London.").attendees == ()


def test_a_trade_show_is_an_event_but_a_broadcast_show_is_not() -> None:
    points = extract("Carlos Ghosn opened the Detroit motor show on Monday.")
    assert attending(points) == {"Carlos Ghosn": "attending"}
    points = extract("Helen Marsh delivered the keynote at the Consumer Electronics Show.")
    assert attending(points) == {"Helen Marsh": "attending"}
    points = extract("Bass player Nicky Wire will join Phil Jupitus on his morning show.")
    assert points.attendees == ()
    assert extract("In Holland Adam Curry hosted a music video show.").attendees == ()
    assert extract("Johnny Carson hosted the Tonight Show for 30 years.").attendees == ()


def test_among_a_long_list_of_leaders_attending() -> None:
    points = extract(
        "Tony Blair and Jacques Chirac are among the more than 20 government leaders and heads "
        "of state attending the meeting."
    )
    assert attending(points) == {"Tony Blair": "attending", "Jacques Chirac": "attending"}
    assert extract("The heads of state attending the summit praised Tony Blair.").attendees == ()
