"""Round 8 (blind batches J and K of real articles): negations the parse hides ("will not be
participating in the January ceremony", "would no longer take part"), who "the latest firm to
withdraw" is, the body behind a spokesperson's "it", and names the NER cuts short ("Hardeep |
Singh Dang") or reads as a city ("Real Madrid"). Each rule with a near miss that must not
count."""

from __future__ import annotations

from summarizer import extract
from tests.summarizer.views import absent, attending


def test_a_negated_participle_with_a_date_for_its_object_is_an_absence() -> None:
    points = extract(
        "Outgoing governor Maria Lund has told her aides that she will not be participating in "
        "the January first swearing-in ceremony of her successor."
    )
    assert absent(points) == ["Maria Lund"]
    assert "Maria Lund" not in attending(points)


def test_taking_part_in_something_that_is_no_event_is_still_nothing() -> None:
    points = extract("Maria Lund took part in the rescue effort in January.")
    assert attending(points) == {}
    assert absent(points) == []


def test_the_latest_to_withdraw_is_the_subject_of_the_copula() -> None:
    points = extract(
        "Globex Corp has become the latest company to withdraw from this year's trade fair "
        "in Milan."
    )
    assert absent(points) == ["Globex Corp"]
    # Near miss: the latest to sign a deal is not a participant of anything.
    points = extract("Globex Corp has become the latest company to sign the climate pledge.")
    assert absent(points) == []
    assert attending(points) == {}


def test_no_longer_taking_part_is_an_absence_of_everyone_who_said_it() -> None:
    points = extract(
        "The departures from the Berlin forum were preceded by Acme Corp and Globex Corp, who said "
        "on Thursday that they would no longer participate in the forum."
    )
    assert absent(points) == ["Acme Corp", "Globex Corp"]
    assert attending(points) == {}


def test_a_spokespersons_it_is_the_body_they_speak_for() -> None:
    points = extract(
        "Globex Corp said it had decided not to attend the conference. A spokesman for the Ford "
        "Foundation said it is considering its participation in the conference."
    )
    assert absent(points) == ["Globex Corp"]
    # Considering a participation is a plan, hedged, and it is the foundation's.
    assert attending(points) == {"Ford Foundation": "expected"}


def test_an_urged_participation_is_no_attendance() -> None:
    points = extract("The union urged Globex's participation in the conference.")
    assert attending(points) == {}


def test_a_first_name_the_ner_left_off_belongs_to_the_name() -> None:
    points = extract(
        "Those who were absent from the cabinet meeting were Vijay Shah, Prem Singh, Hardeep "
        "Singh Dang and Inder Singh Parmar."
    )
    assert absent(points) == [
        "Vijay Shah",
        "Prem Singh",
        "Hardeep Singh Dang",
        "Inder Singh Parmar",
    ]


def test_a_club_named_after_a_city_is_the_club_not_the_country() -> None:
    points = extract(
        "Real Madrid were named club of the year but were absent from Monday's awards ceremony "
        "in Paris. Real Madrid manager Carlo Ancelotti also won an award."
    )
    assert absent(points) == ["Real Madrid"]
    # Near miss: a title's adjective before a country is no part of a name.
    points = extract("Former U.S. President Donald Trump attended the ceremony in Paris.")
    assert attending(points) == {"Donald Trump": "attending"}
    assert points.attendees[0].affiliation == "United States"


def test_a_dateline_is_not_the_subject_of_the_first_sentence() -> None:
    for dateline in ("Nairobi (AFP) - ", "KABUL: ", "OMAHA, April 30 — "):
        points = extract(dateline + "The opposition boycotted the opening session of parliament.")
        assert absent(points) == [], dateline
    # Near miss: a hyphenated name at the start of a paragraph is no dateline.
    points = extract(
        "Officials met in Paris.\nNasser Al-Khelaifi, the club president, was among those "
        "present at the meeting."
    )
    assert attending(points) == {"Nasser Al-Khelaifi": "attending"}


def test_joining_the_people_at_the_event_is_attending() -> None:
    points = extract(
        "Anna Berg and Tom Reyes will answer questions when the meeting convenes in Omaha. "
        "Joining them will be Vice Chairmen Greg Abel, the designated successor, and Ajit Jain."
    )
    assert {"Greg Abel", "Ajit Jain"} <= set(attending(points))
    # Near miss: joining someone in a sale is no attendance.
    points = extract("Anna Berg sold her shares. Joining her in the sale was Ajit Jain.")
    assert attending(points) == {}


def test_opting_out_and_absentees_named_as_such() -> None:
    points = extract(
        "Jelena Dokic has opted out of the tournament. Monica Seles is another absentee because "
        "of an injured foot. Tom Reyes was a notable no-show at the gala."
    )
    assert absent(points) == ["Jelena Dokic", "Monica Seles", "Tom Reyes"]
    assert attending(points) == {}
    # Near miss: opting out of a scheme is no absence from an event.
    assert absent(extract("Ana Costa has opted out of the pension scheme.")) == []


def test_members_of_a_named_body_who_stay_away_stand_for_it() -> None:
    points = extract(
        "Supreme Court judges normally attend the opening of parliament but also stayed away."
    )
    assert absent(points) == ["Supreme Court"]
    # The contrast is told as fact, but a modal on the second verb still hedges it.
    points = extract("Jane Doe attended the opening but may skip the closing ceremony.")
    assert attending(points) == {"Jane Doe": "attending"}
    assert absent(points) == []


def test_members_from_a_list_of_parties_stand_for_each_party() -> None:
    # The NER reads "the Congress, Trinamool Congress" as one name; a comma splits a list.
    points = extract(
        "MPs from the Congress, Trinamool Congress, DMK and NCP boycotted the proceedings of "
        "the House on Tuesday."
    )
    assert absent(points) == ["Congress", "Trinamool Congress", "DMK", "NCP"]
    # Near miss: leaders of a bloc stand for its members, not for the bloc.
    points = extract("Leaders of the Pacific Alliance boycotted the summit.")
    assert absent(points) == []


def test_neither_of_those_just_named_was_present() -> None:
    points = extract(
        "Carlo Ancelotti and Jude Bellingham both won awards at the gala but neither was "
        "present to receive them."
    )
    assert absent(points) == ["Carlo Ancelotti", "Jude Bellingham"]
    assert attending(points) == {}
    points = extract(
        "Maria Lund and Tom Reyes won prizes at the gala but neither winner was present."
    )
    assert absent(points) == ["Maria Lund", "Tom Reyes"]
    # Near miss: "both were present" places them there.
    points = extract("Maria Lund and Tom Reyes won prizes but both were present at the gala.")
    assert absent(points) == []


def test_sitting_out_and_left_out_of_the_side() -> None:
    points = extract(
        "The Ryder Cup begins on Friday. Tom Reyes is sitting out the first session. "
        "Maria Lund was left out of the England squad for the match."
    )
    assert absent(points) == ["Tom Reyes", "Maria Lund"]
    # Near misses: songs left out of a list, and sitting out in the sun.
    points = extract(
        "The awards ceremony was held on Monday. Unfortunately, Tom Reyes's songs were left "
        "out of the list. Maria Lund sat out in the sun."
    )
    assert absent(points) == []
