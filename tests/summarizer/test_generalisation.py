"""Rules added so the extractor reads attendance and speech phrased beyond the dev set's first
batch. Every sentence here is composed for the test (no article text), and each test has a
counterpart showing the rule does not fire on a near miss."""

from __future__ import annotations

from summarizer import KeyPoints, extract
from tests.summarizer.views import absent, attending


def _speakers(points: KeyPoints) -> list[str]:
    return [p.actor.name for p in points.positions]


def test_among_the_leaders_attending_names_the_subjects() -> None:
    points = extract(
        "President Ana Silva and Premier John Ward are among the leaders attending the summit."
    )
    assert attending(points) == {"Ana Silva": "attending", "John Ward": "attending"}


def test_was_supposed_to_lead_is_an_absence() -> None:
    points = extract(
        "The chancellor, Martin Hale, who was supposed to lead the trade delegation, stayed in "
        "London."
    )
    assert absent(points) == ["Martin Hale"]
    assert points.attendees == ()


def test_is_supposed_to_attend_is_an_expectation() -> None:
    points = extract("Senator Maria Lopes is supposed to attend the conference on Monday.")
    assert attending(points) == {"Maria Lopes": "expected"}


def test_will_be_here_and_is_to_speak() -> None:
    points = extract(
        "Hundreds of delegates are arriving for the forum. Mayor Jonas Berg will be here too. "
        "Premier Anna Holm is to speak on Tuesday."
    )
    assert attending(points) == {"Jonas Berg": "attending", "Anna Holm": "attending"}


def test_here_inside_a_quote_is_a_figure_of_speech() -> None:
    points = extract('"But here\'s old Tom Reed, rude as ever," said Ann Wills.')
    assert points.attendees == ()


def test_inducting_and_introducing_people_puts_both_on_stage() -> None:
    points = extract(
        "Singer Carl Moss inducted the band Blue Harbour into the Hall of Fame. "
        "Actress Jane Pike introduced veteran guitarist Otis Bell."
    )
    names = set(attending(points))
    assert {"Carl Moss", "Jane Pike", "Otis Bell"} <= names


def test_introducing_a_bill_is_no_attendance() -> None:
    points = extract("Home Secretary David Lane introduced the Identity Cards Bill in 2004.")
    assert points.attendees == ()


def test_performing_at_a_ceremony_and_with_others() -> None:
    points = extract(
        "Also performing at the ceremony was veteran pianist Lou Grant, "
        "who performed with Mia Stone."
    )
    assert attending(points) == {"Lou Grant": "attending", "Mia Stone": "attending"}


def test_performing_a_u_turn_is_no_performance() -> None:
    points = extract("Opposition leader Tom Hale accused Sam Reid of performing a U-turn.")
    assert points.attendees == ()


def test_turned_out_listed_by_include() -> None:
    points = extract(
        "The premiere drew a big crowd. Other stars who turned out on the night included Ruth "
        "Gale and Simon Dyer."
    )
    assert set(attending(points)) == {"Ruth Gale", "Simon Dyer"}


def test_it_turned_out_is_not_attendance() -> None:
    points = extract("The report said it turned out that Adam Fry had lied.")
    assert points.attendees == ()


def test_cancelled_an_appearance_is_an_absence() -> None:
    points = extract("Singer Lara Quinn cancelled an appearance at the charity gala.")
    assert absent(points) == ["Lara Quinn"]
    assert points.attendees == ()


def test_her_absence_binds_to_the_clause_subject() -> None:
    points = extract(
        "Actor Tom Blake attended the premiere. Lara Quinn issued a statement apologising for "
        "her absence."
    )
    assert absent(points) == ["Lara Quinn"]
    assert attending(points) == {"Tom Blake": "attending"}


def test_announced_his_attendance_and_made_an_appearance() -> None:
    points = extract(
        "President Paul Morel, who announced his attendance at the last minute, will speak "
        "first. A year ago Vice President Dan Coe made a surprise appearance in Geneva."
    )
    assert set(attending(points)) == {"Paul Morel", "Dan Coe"}


def test_an_appearance_on_television_is_a_broadcast() -> None:
    points = extract("Ken Marsh's appearance on television drew complaints.")
    assert points.attendees == ()


def test_accompanied_by_a_known_attendee() -> None:
    points = extract(
        "Actor Tom Blake attended the premiere. Mr Blake signed autographs, accompanied by his "
        "wife Mary Lee."
    )
    assert set(attending(points)) == {"Tom Blake", "Mary Lee"}


def test_accompanied_without_any_occasion_is_nothing() -> None:
    points = extract("Tom Blake walked home, accompanied by his wife Mary Lee.")
    assert points.attendees == ()


def test_in_a_lecture_and_a_speech_to_a_body() -> None:
    points = extract(
        "In a lecture at the university, Ruth Kane said rights were flouted. "
        "Minister Alan Brook gave a speech to the Fabian Society."
    )
    assert set(attending(points)) == {"Ruth Kane", "Alan Brook"}


def test_in_a_statement_is_not_a_lecture() -> None:
    points = extract("In a statement, Ruth Kane said rights were flouted.")
    assert points.attendees == ()


def test_demonym_on_unnamed_ministers_is_no_attending_country() -> None:
    points = extract("Three Israeli ministers are coming to the summit.")
    assert points.attendees == ()


def test_as_did_extends_the_speech_to_its_subjects() -> None:
    points = extract(
        "Prime Minister Ian Ross said he was delighted, as did opposition leader Carol Wynne "
        "and Liberal leader Hugh Dale."
    )
    assert _speakers(points) == ["Ian Ross", "Carol Wynne", "Hugh Dale"]


def test_courts_rule_and_decide() -> None:
    points = extract(
        "The Court of Appeal decided the policy was lawful. "
        "The Law Lords ruled that the rules discriminated against travellers."
    )
    assert _speakers(points) == ["Court of Appeal", "Law Lords"]


def test_decided_to_is_a_decision_not_a_statement() -> None:
    points = extract("The Court of Appeal decided to adjourn the case.")
    assert points.positions == ()


def test_invited_to_take_part_is_expected_with_companions() -> None:
    points = extract(
        "Chile, along with Peru and Kenya, has been invited to take part in the trade summit."
    )
    assert attending(points) == {"Chile": "expected", "Peru": "expected", "Kenya": "expected"}


def test_inviting_someone_else_asserts_nothing() -> None:
    points = extract("Tom Hale invited Peru to take part in the trade summit.")
    assert points.attendees == ()


def test_a_country_attending_through_its_named_minister_is_not_listed() -> None:
    points = extract(
        "Kenya, which attends the summit, sent a strong team. Kenya's finance minister, Ruth "
        "Otieno, is attending the summit."
    )
    assert set(attending(points)) == {"Ruth Otieno"}


def test_named_people_meeting_each_other() -> None:
    points = extract("For the first time in years, Anna Berg, Carl Lund and Eva Moss have met.")
    assert set(attending(points)) == {"Anna Berg", "Carl Lund", "Eva Moss"}


def test_met_his_future_wife_is_no_meeting() -> None:
    points = extract("At college, Tom Hale met his future wife, Jane Cole.")
    assert points.attendees == ()


def test_pronoun_in_reported_speech_is_the_reporters_own_subject() -> None:
    # "he" is the chancellor, not the last-named man: nobody named is due at the launch.
    points = extract(
        "Peter Ward spoke on Monday. The chancellor has said he is due to attend a poster launch."
    )
    assert points.attendees == ()
    named = extract("Peter Ward spoke on Monday. Mr Ward has said he is due to attend the launch.")
    assert attending(named) == {"Peter Ward": "expected"}


def test_style_and_first_name_is_the_same_person() -> None:
    points = extract(
        "Police Commissioner Sir John Stevens said the evidence was inadmissible. "
        "Later, Sir John said his officers needed other evidence."
    )
    assert _speakers(points) == ["Sir John Stevens"]


def test_numbered_groups_are_not_merged_by_initials() -> None:
    points = extract("The G7 said growth was slowing. The G20 said it disagreed.")
    assert _speakers(points) == ["G7", "G20"]


def test_short_and_full_forms_of_a_body_are_one_actor() -> None:
    points = extract(
        "The Muslim Council of Britain urged calm. A spokesman for the Muslim Council said "
        "the men were innocent."
    )
    assert _speakers(points) == ["Muslim Council of Britain"]


def test_finite_verb_hung_on_the_name_is_the_predicate() -> None:
    points = extract(
        "Trevor Bell, chairman of the Commission for Racial Equality, called on Mr Clarke to "
        "withdraw the remark."
    )
    assert "Trevor Bell" in _speakers(points)


def test_participle_on_a_noun_is_still_a_description() -> None:
    points = extract("The plans announced by Tom Hale in May were dropped.")
    assert points.positions == ()


def test_likened_is_a_stance() -> None:
    points = extract('Party chairman Liam Ford likened the two men to "squabbling schoolboys".')
    assert _speakers(points) == ["Liam Ford"]


def test_a_newspaper_speaks_as_its_title() -> None:
    points = extract(
        "The Mirror newspaper said on Tuesday it had been handed a dossier. "
        "The paper said the visit had been kept secret."
    )
    assert _speakers(points) == ["Mirror"]
    assert len(points.positions[0].statements) == 2


def test_the_paper_without_a_named_title_is_nobody() -> None:
    points = extract("The paper said the visit had been kept secret.")
    assert points.positions == ()


def test_a_countrys_watchdog_speaks_for_the_country() -> None:
    points = extract("Australia's competition watchdog said it would not oppose the purchase.")
    assert _speakers(points) == ["Australia"]


def test_hosted_by_reaches_the_event_through_its_modifiers() -> None:
    points = extract(
        "At a conference on developing enterprise hosted by Finance Minister Gordon Hale on "
        "Friday, delegates argued about trade."
    )
    assert attending(points) == {"Gordon Hale": "attending"}


def test_a_book_hosted_by_nobody_is_no_event() -> None:
    points = extract("A website on gardening hosted by Gordon Hale has closed.")
    assert points.attendees == ()


def test_presiding_is_attending() -> None:
    points = extract(
        "The couple will marry in May at a chapel where the Bishop of Ely, Dr Peter Rowe, "
        "will preside."
    )
    assert "Peter Rowe" in attending(points)


def test_talks_between_and_talks_with_name_the_people() -> None:
    points = extract(
        "Fans recall 1994, when talks between Omar Haddad and Mr Levin came close to a deal. "
        "Within hours of his final talks with Mr Thorpe, Sir Edward Hale resigned."
    )
    assert {"Omar Haddad", "Levin", "Edward Hale", "Thorpe"} <= {
        name.removeprefix("Sir ") for name in attending(points)
    }


def test_talks_between_countries_or_hoped_for_name_no_attendee() -> None:
    points = extract(
        "Talks between Russia and Ukraine resumed. Organisers hope for talks between Omar "
        "Haddad and Dan Levin."
    )
    assert points.attendees == ()


def test_had_been_due_to_welcome_delegates_is_an_absence() -> None:
    points = extract(
        "Party leader Tom Hale, who had been due to welcome delegates to the conference on "
        "Friday, stayed in London."
    )
    assert absent(points) == ["Tom Hale"]
    assert points.attendees == ()


def test_is_due_to_welcome_delegates_is_expected() -> None:
    points = extract("Party leader Tom Hale is due to welcome delegates to the conference.")
    assert attending(points) == {"Tom Hale": "expected"}


def test_welcoming_a_decision_is_no_attendance() -> None:
    points = extract("Party leader Tom Hale welcomed the decision to hold a conference.")
    assert points.attendees == ()


def test_would_not_need_to_attend_is_an_absence() -> None:
    points = extract("The Israelis said they would not need to attend the conference.")
    assert absent(points) == ["Israel"]


def test_met_his_future_wife_by_name_is_no_meeting() -> None:
    points = extract("At university he met his future wife Glenys, now an MEP. Neil Kay agreed.")
    assert points.attendees == ()


def test_a_possessive_tells_the_gender_of_its_clause_subject() -> None:
    # "his wife" makes Dean Rowe a man, so "she said" is Mary Lind, mentioned before him.
    points = extract(
        "Actress Mary Lind cancelled her trip. Dean Rowe greeted the crowd, accompanied by his "
        'wife. "I am so sorry," she said.'
    )
    assert _speakers(points) == ["Mary Lind"]


def test_without_the_possessive_she_goes_to_the_latest_subject() -> None:
    points = extract(
        'Actress Mary Lind cancelled the trip. Dean Rowe greeted the crowd. "Sorry," she said.'
    )
    assert _speakers(points) == ["Dean Rowe"]


def test_a_lone_surname_the_ner_missed_is_the_known_person() -> None:
    points = extract(
        "Singer Bruce Hollis inducted the band. Introducing the band, Hollis mocked the singer. "
        "But he also spoke of the group's stature, adding that he knew all four members."
    )
    assert _speakers(points) == ["Bruce Hollis"]


def test_speech_in_an_adverbial_clause_of_reported_content_is_nested() -> None:
    points = extract(
        "The Pentagon says the men were freed after the Danish government promised they would "
        "not be a threat."
    )
    assert _speakers(points) == ["Pentagon"]


def test_speech_in_an_adverbial_clause_of_the_main_verb_stands_alone() -> None:
    points = extract(
        "The Pentagon freed the men after the Danish government promised they would not be a "
        "threat."
    )
    assert _speakers(points) == ["Denmark"]


def test_object_of_a_wish_does_not_speak_but_the_forced_one_does() -> None:
    wished = extract("Many in France would prefer Turkey to admit the killings were genocide.")
    assert wished.positions == ()
    forced = extract("The scandal forced Tom Hale to admit that he had lied.")
    assert _speakers(forced) == ["Tom Hale"]


def test_singing_with_a_named_partner() -> None:
    points = extract(
        "Singer Mary Lind appeared at the awards, singing a duet with her husband Marc Hale."
    )
    assert set(attending(points)) == {"Mary Lind", "Marc Hale"}


def test_a_bracketed_acronym_names_the_body_and_its_board() -> None:
    points = extract(
        "Anil Hale, vice-chairman of India Petrochemicals Limited (IPCL), stayed away from a "
        "gathering. The IPCL board met in Mumbai on Friday. The IPCL board asked him to "
        "reconsider. Reliance Energy's board reaffirmed its faith in Mr Hale."
    )
    assert attending(points) == {"India Petrochemicals Limited": "attending"}
    assert _speakers(points) == ["India Petrochemicals Limited", "Reliance Energy"]


def test_an_unnamed_committee_meeting_names_no_one() -> None:
    points = extract("The committee met on Monday.")
    assert points.attendees == ()


def test_a_peerage_names_one_person() -> None:
    points = extract(
        "The Queen and the Duke of Edinburgh said the news had made them very happy. "
        "Edinburgh is cold in winter."
    )
    assert _speakers(points) == ["the Queen", "Duke of Edinburgh"]
    assert points.positions[1].actor.kind == "person"
