"""Attendance in the phrasings of real agency and newspaper copy (found on a blind set of real
articles): lists of those in attendance, delegations resumed by a pronoun, decisions to stay
away, envoys sent to attend; each rule with a near miss that must not count."""

from __future__ import annotations

from summarizer import extract
from tests.summarizer.views import absent, attending


def test_among_those_attending_or_present_and_in_attendance() -> None:
    points = extract(
        "The central bankers met in Basel on Sunday. Bank of England Governor Andrew Bailey "
        "and Bank of Japan Governor Kazuo Ueda were among those attending. Tony Blair was "
        "among those present. Saudi Foreign Minister Faisal bin Farhan was in attendance. "
        "Kais Saied and Mohammed Shia Al Sudani were among regional leaders in attendance, as "
        "well as Armenian Prime Minister Nikol Pashinyan. Gordon Brown was not in attendance. "
        "John Prescott was among those criticising the plan."
    )
    # The banks only name the governors' titles: they are no attendees of their own.
    assert attending(points) == {
        "Andrew Bailey": "attending",
        "Kazuo Ueda": "attending",
        "Tony Blair": "attending",
        "Faisal bin Farhan": "attending",
        "Kais Saied": "attending",
        "Mohammed Shia Al Sudani": "attending",
        "Nikol Pashinyan": "attending",
    }
    assert absent(points) == ["Gordon Brown"]


def test_arrival_representing_a_country_and_welcoming_heads_of_state() -> None:
    points = extract(
        "Nato ministers met in Brussels on Thursday. Speaking on her arrival at the meeting, "
        "Yvette Cooper said the UK would fund more missiles. Christopher Landau represented "
        "the United States on Thursday. Nancy Pelosi represented California for 30 years. "
        "Abiy Ahmed welcomed more than 30 heads of state and government to the headquarters. "
        "Joe Biden welcomed the heads of the two firms."
    )
    assert attending(points) == {
        "Yvette Cooper": "attending",
        "Christopher Landau": "attending",
        "Abiy Ahmed": "attending",
    }


def test_joined_by_someone_known_to_be_there() -> None:
    points = extract(
        "The committee met on Tuesday. Luke Pollard chaired the hearing. Pollard was joined by "
        "Roly Walker and Andy Start. Mary Smith wrote a book. Smith was joined by Ann Jones on "
        "the walk."
    )
    assert set(attending(points)) == {"Luke Pollard", "Roly Walker", "Andy Start"}


def test_a_delegation_resumed_by_a_pronoun_and_members_named_after_titles() -> None:
    points = extract(
        "Talks opened in Cairo. The delegation, led by Chairman of the Hamas Leadership "
        "Council Muhammad Darwish, included other key leaders, among them Khaled Meshaal and "
        "Khalil al-Hayya. The Russian delegation is led by Pavel Sokolov. It also "
        "includes Deputy Foreign Minister Oleg Ivanov. Oil prices rose. It also includes "
        "Anna Petrova, the report said."
    )
    assert set(attending(points)) == {
        "Muhammad Darwish",
        "Khaled Meshaal",
        "Khalil al-Hayya",
        "Pavel Sokolov",
        "Oleg Ivanov",
    }


def test_a_named_envoy_sent_to_attend_and_the_one_accompanying_a_leader() -> None:
    points = extract(
        "The summit and the inauguration were held on Monday. The government sent the "
        "Defence Minister, Rajnath Singh, as a special envoy of the prime minister to attend "
        "the inauguration. Iran is represented by a delegation headed by Abbas Araghchi. "
        "He is accompanied by Majid Takht-Ravanchi and Esmaeil Baghaei. Serbia is "
        "represented by its ambassador."
    )
    # Iran has a named delegate, so it is not listed; Serbia has none, so it is.
    assert set(attending(points)) == {
        "Rajnath Singh",
        "Abbas Araghchi",
        "Majid Takht-Ravanchi",
        "Esmaeil Baghaei",
        "Serbia",
    }


def test_decisions_refusals_and_no_shows() -> None:
    points = extract(
        "The summit opens on Friday. Zelenskiy said Vladimir Putin's decision not to attend "
        "was a mistake. Hosni Mubarak's decision to stay away from the summit hurt. Tony "
        "Blair's refusal to attend the summit angered Paris. Gordon Brown's decision to "
        "attend the summit was welcome. John Smith's plan to cut taxes failed. James Cleverly "
        "did not show up. The row showed up the flaws."
    )
    assert attending(points) == {"Gordon Brown": "attending"}
    assert absent(points) == ["Vladimir Putin", "Hosni Mubarak", "Tony Blair", "James Cleverly"]


def test_members_of_a_list_that_boycotted() -> None:
    points = extract(
        "The summit opens on Friday. The Aam Aadmi Party and the Trinamool Congress were "
        "among the parties that boycotted the summit. Labour was among the parties that "
        "welcomed the plan."
    )
    assert attending(points) == {}
    assert set(absent(points)) >= {"Trinamool Congress"}
    assert "Labour" not in absent(points)


def test_earlier_editions_speculation_and_a_clause_as_subject_are_not_attendance() -> None:
    points = extract(
        "The conference opened on Sunday. In previous years at the conference, Rishi Sunak "
        "and Boris Johnson have addressed the event. There had been speculation that Tim "
        "Barrow would attend the summit. Sergei Lavrov said after confirming Putin would not "
        "be at the summit. Jeremy Hunt addressed the conference."
    )
    assert attending(points) == {"Jeremy Hunt": "attending"}
    assert "Sergei Lavrov" not in absent(points)


def test_pronouns_after_an_opening_clause_and_inside_a_relative_clause() -> None:
    points = extract(
        "The summit opens on Friday. Nigel Farage spoke. Although Home Secretary Theresa May "
        "will be in Valletta for the closing stages, she is unable to attend the meeting. "
        "Labour leads the polls. Sajid Javid is among those who have confirmed that they will "
        "not attend the summit."
    )
    # "she" is the subject of the clause that opens her sentence, not the last main subject;
    # "they" is "those", not the party named before.
    assert "Theresa May" in absent(points)
    assert "Nigel Farage" not in absent(points)
    assert "Labour" not in absent(points)


def test_a_country_by_its_unnamed_team_or_through_its_named_delegate() -> None:
    points = extract(
        "The talks opened in Cairo on Monday. A working-level Israeli team was in Cairo to "
        "speak with mediators. Iraqi officials attended the talks. Turkish Water Minister "
        "Veysel Eroglu attended the talks, and Turkish officials attended too."
    )
    # Turkey attends through its named minister, so it is not listed itself.
    assert attending(points) == {
        "Israel": "attending",
        "Iraq": "attending",
        "Veysel Eroglu": "attending",
    }


def test_unlikely_to_attend_bare_expected_will_speak_and_will_not_come() -> None:
    points = extract(
        "The summit opens in Baku on Tuesday. Vladimir Putin is unlikely to attend, but his "
        "Prime Minister Mikhail Mishustin is expected. Mia Mottley will also speak. John "
        "Smith will speak to reporters. Ursula von der Leyen will not come. Mary Jones will "
        "not go to the cinema. The Budget is expected."
    )
    assert attending(points) == {"Mikhail Mishustin": "expected", "Mia Mottley": "attending"}
    assert absent(points) == ["Vladimir Putin", "Ursula von der Leyen"]


def test_an_absolute_phrase_a_list_on_the_event_and_a_crowd_resumed() -> None:
    points = extract(
        "The ceremony was held on Saturday. Latin America was unrepresented, with Gustavo "
        "Petro and Claudia Sheinbaum all absent. Hundreds of heads of state attended the "
        "ceremony, including Spain's King Felipe and Queen Letizia. As guests arrived, the "
        "church buzzed. Among them were Emmanuel Macron and Justin Trudeau. Profits rose. "
        "Among them were Tesco and Asda."
    )
    assert set(attending(points)) == {
        "King Felipe",
        "Queen Letizia",
        "Emmanuel Macron",
        "Justin Trudeau",
    }
    assert absent(points) == ["Gustavo Petro", "Claudia Sheinbaum"]


def test_a_speech_due_at_the_gathering_not_one_elsewhere_or_later() -> None:
    points = extract(
        "The summit opens in Baku on Tuesday. Charles Michel is also due to give a speech on "
        "Tuesday. Tony Blair is due to give a speech in Leeds next month."
    )
    assert attending(points) == {"Charles Michel": "expected"}


def test_unnamed_office_holders_stand_for_their_country_or_body() -> None:
    points = extract(
        "The meeting will be held on Monday. The prime ministers from the member countries "
        "of Kazakhstan and Uzbekistan will attend the meeting. Turkmenistan will be "
        "represented by the deputy chairman of the cabinet. The heads of government of "
        "Belgium and Malta will be present. The chair of the European Olympic Committee, "
        "Maria Lopez, will attend the meeting. Leaders of the Pacific Alliance will attend too."
    )
    # A named holder is recorded herself; leaders of a bloc stand for its members.
    assert set(attending(points)) == {
        "Kazakhstan",
        "Uzbekistan",
        "Turkmenistan",
        "Belgium",
        "Malta",
        "Maria Lopez",
    }


def test_a_list_of_representatives_and_arrivals_at_the_venue_of_a_service() -> None:
    points = extract(
        "The memorial service was held on Friday. Ed Miliband and Gordon Brown arrived at "
        "Southwark Cathedral. European representatives include Ursula von der Leyen and "
        "Antonio Costa. Fruit exports include apples."
    )
    assert set(attending(points)) == {
        "Ed Miliband",
        "Gordon Brown",
        "Ursula von der Leyen",
        "Antonio Costa",
    }


def test_they_in_a_reported_clause_is_everyone_who_reported_it() -> None:
    points = extract(
        "The congress opens on Monday. Facebook and Intel have announced that they will not "
        "be attending the congress. Critics said they would not attend the congress."
    )
    assert absent(points) == ["Facebook", "Intel"]
    points = extract(
        "The fair opens on Monday. The first to announce that they would not be coming to the "
        "fair were Microsoft, Google and Amazon."
    )
    assert absent(points) == ["Microsoft", "Google", "Amazon"]


def test_choosing_against_attending_and_those_who_were_absent() -> None:
    points = extract(
        "The cabinet meeting was held on Tuesday. Those who were absent from the meeting were "
        "Kamal Patel and Vijay Shah. Maxine Waters and Bennie Thompson have also opted "
        "against attending the meeting. Alexandria Ocasio-Cortez said she will not be in the "
        "House chamber for the address. Mary Jones voted against the meeting's motion."
    )
    assert absent(points) == [
        "Kamal Patel",
        "Vijay Shah",
        "Maxine Waters",
        "Bennie Thompson",
        "Alexandria Ocasio-Cortez",
    ]
    # Voting against a motion is no absence (voting on the meeting's motion is taking part,
    # which the learned layer may read, but no rule does).
    assert set(attending(points)) <= {"Mary Jones"}


def test_a_bare_surname_keeps_meaning_the_first_person_of_that_name() -> None:
    points = extract(
        "The forum opens on Monday. President Donald Trump will lead the delegation. He will "
        "be joined by Ivanka Trump. Markets rose. Trump had to cancel his trip last year."
    )
    assert "Ivanka Trump" not in absent(points)


def test_asking_someone_to_attend_or_keeping_them_from_it() -> None:
    points = extract(
        "The cabinet meeting was held on Tuesday. Shivraj Singh Chouhan has been telling the "
        "ministers to attend the cabinet meetings. Tony Blair asked Gordon Brown to attend the "
        "meeting. Theresa May had banned Michael Gove from attending the meeting. Jack Straw "
        "told fellow ministers that the plan was sound."
    )
    assert attending(points) == {"Jack Straw": "attending"}
    assert absent(points) == ["Michael Gove"]


def test_meeting_the_other_team_and_being_confirmed_as_a_speaker() -> None:
    points = extract(
        "Trade talks resume on Monday in Geneva. Trump posted that Scott Bessent and Howard "
        "Lutnick would meet the Chinese team. The forum opens next month. Goodluck Jonathan "
        "is confirmed as a speaker at the forum. John Smith was named as chairman of the bank."
    )
    assert set(attending(points)) == {"Scott Bessent", "Howard Lutnick", "Goodluck Jonathan"}


def test_also_there_allies_attending_and_leaders_who_skipped() -> None:
    points = extract(
        "The funeral was held in Caracas. Also there was Mahmoud Ahmadinejad. Close allies "
        "attending included Rafael Correa and Dilma Rousseff. Other leaders who skipped the "
        "funeral were Lee Hsien Loong and Joko Widodo. The man who said it was John Smith. "
        "There was also Mary Jones, a farmer, on the radio."
    )
    assert set(attending(points)) == {"Mahmoud Ahmadinejad", "Rafael Correa", "Dilma Rousseff"}
    assert absent(points) == ["Lee Hsien Loong", "Joko Widodo"]
