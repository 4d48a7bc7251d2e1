"""Attendance in wire-style diplomatic copy: datelines, delegations, sides, mediators, sending
people, venues and partners of talks; each rule with a near miss that must not count."""

from __future__ import annotations

from summarizer import extract
from summarizer.extract import clean_text
from tests.summarizer.views import absent, attending


def test_a_wire_dateline_is_no_actor() -> None:
    assert clean_text("OSLO, June 2 (Reuters) - Talks began.") == "Talks began."
    assert clean_text("NAIROBI, Kenya (AP) — Talks began.") == "Talks began."
    # Capitals that are not a dateline stay.
    assert clean_text("NATO - the alliance - met.") == "NATO - the alliance - met."
    points = extract(
        "OSLO, June 2 (Reuters) - Norwegian Foreign Minister Espen Barth Eide hosted the talks."
    )
    assert attending(points) == {"Espen Barth Eide": "attending"}


def test_delegations_led_sides_and_members_in_a_relative_clause() -> None:
    points = extract(
        "The talks opened in Doha. Sudan's delegation was led by Foreign Minister Ali Youssef. "
        "Mohammed Hamdan Dagalo sent envoy Omar Hamdan to lead his side. Ali Karti arrived at "
        "the head of a delegation that includes his deputies Khalid Omar and Amna Hassan."
    )
    assert set(attending(points)) == {
        "Ali Youssef",
        "Omar Hamdan",
        "Ali Karti",
        "Khalid Omar",
        "Amna Hassan",
    }


def test_sending_named_ministers_and_object_control() -> None:
    points = extract(
        "The summit opened in Lima. Chile sent Foreign Minister Pedro Soto and Defence "
        "Minister Maya Fernandez. Gabriel Boric pulled out and sent Carolina Toha to lead the "
        "delegation instead. Boric sent a letter to Congress."
    )
    assert set(attending(points)) == {"Pedro Soto", "Maya Fernandez", "Carolina Toha"}
    assert absent(points) == ["Gabriel Boric"]


def test_mediators_and_fellow_leaders_in_a_summit_story() -> None:
    points = extract(
        "Leaders met for the summit in Brasilia. Kofi Annan acted as mediator. Emmanuel "
        "Macron told fellow leaders that Europe must act. Gordon Brown told the prime minister "
        "he would resign."
    )
    assert attending(points) == {"Kofi Annan": "attending", "Emmanuel Macron": "attending"}


def test_venue_partners_and_talks_on_the_sidelines() -> None:
    points = extract(
        "The talks will be held in Muscat. Abbas Araghchi arrived in Muscat on Friday. Rafael "
        "Grossi is expected in Tehran next week for talks with Mohammad Eslami. Mark Rutte "
        "held talks on the sidelines with Danish Prime Minister Mette Frederiksen."
    )
    assert attending(points) == {
        "Abbas Araghchi": "attending",
        "Rafael Grossi": "expected",
        "Mohammad Eslami": "expected",
        "Mark Rutte": "attending",
        "Mette Frederiksen": "attending",
    }


def test_what_is_not_attendance_in_a_talks_story() -> None:
    points = extract(
        "The talks opened in Geneva. Rutte declined to comment on reports that Donald Trump "
        "could meet Vladimir Putin. The United States has expanded its naval presence in the "
        "region. Diplomats argued over South Africa's participation. Ali Khamenei warned in a "
        "speech last month that Washington could not be trusted."
    )
    assert points.attendees == ()


def test_an_attending_apposition_and_crowds_drawn_to_an_event() -> None:
    points = extract(
        "Commonwealth Secretary-General Shirley Botchwey, attending her first summit, said it "
        "mattered. Andy Burnham drew large crowds to a fringe event on Monday."
    )
    assert set(attending(points)) == {"Shirley Botchwey", "Andy Burnham"}


def test_absences_in_wire_phrasing() -> None:
    points = extract(
        "The talks opened in Cairo on Monday. Ron Dermer stayed away from the talks, as did "
        "Mossad chief David Barnea. The Palestinian Authority was not represented in Cairo. "
        "Egyptian Finance Minister Ahmed Kouchouk was not invited. Howard Lutnick, who had been "
        "expected to join the American team, stayed in Washington. Jordan was represented by "
        "Foreign Minister Ayman Safadi."
    )
    assert absent(points) == [
        "Ron Dermer",
        "David Barnea",
        "Palestinian Authority",
        "Ahmed Kouchouk",
        "Howard Lutnick",
    ]
    assert "Ayman Safadi" in attending(points)


def test_not_invited_outside_a_meeting_story_says_nothing() -> None:
    points = extract("Gordon Brown was not invited to comment on the report.")
    assert points.absentees == ()


def test_rites_panels_hearings_and_greetings() -> None:
    points = extract(
        "The state funeral was held in Tallinn. Estonia's president, Alar Karis, delivered the "
        "main eulogy. Among the foreign mourners was Finland's president, Alexander Stubb. "
        "Poland's president, Karol Nawrocki, was also in the congregation. Robert Kennedy "
        "testified before the Senate Health Committee. Satya Nadella and Roland Busch were "
        "among the panelists. Indian Prime Minister Narendra Modi greeted Brazilian President "
        "Luiz Inácio Lula da Silva. Modi greeted the news with relief."
    )
    assert set(attending(points)) == {
        "Alar Karis",
        "Alexander Stubb",
        "Karol Nawrocki",
        "Robert Kennedy",
        "Satya Nadella",
        "Roland Busch",
        "Narendra Modi",
        "Luiz Inácio Lula da Silva",
    }


def test_chaired_by_and_due_to_speak() -> None:
    points = extract(
        "The forum opened in Davos. Chaired by European Council President António Costa, the "
        "talks ran well past midnight. Chinese Vice Premier He Lifeng is due to speak on "
        "Wednesday. Paul Krugman is due to speak out on the deal in a column."
    )
    assert attending(points) == {"António Costa": "attending", "He Lifeng": "expected"}


def test_names_with_particles_and_hyphenated_given_names() -> None:
    points = extract(
        "European Commission President Ursula von der Leyen told the summit that money would "
        "be released. Taiwan Foreign Minister Lin Chia-lung said the talks were useful."
    )
    assert attending(points) == {"Ursula von der Leyen": "attending"}
    assert [p.actor.name for p in points.positions] == ["Ursula von der Leyen", "Lin Chia-lung"]


def test_more_absences_in_a_meeting_story() -> None:
    points = extract(
        "The conference opened in Warsaw on Monday. The DUP leader, Gavin Robinson, said that "
        "neither he nor any of his party colleagues would attend. Secretary of State Marco "
        "Rubio declined an invitation. Volodymyr Zelensky sent his foreign minister, Andrii "
        "Sybiha, instead. Cyril Ramaphosa canceled his trip to Warsaw. Oman's ruler Haitham "
        "bin Tariq did not make the trip. Keir Starmer declined an invitation to comment."
    )
    assert absent(points) == [
        "Gavin Robinson",
        "Marco Rubio",
        "Volodymyr Zelensky",
        "Cyril Ramaphosa",
        "Haitham bin Tariq",
    ]
    assert "Andrii Sybiha" in attending(points)


def test_wire_details_datelines_briefings_keynotes_and_split_names() -> None:
    assert clean_text("AMSTERDAM/BRUSSELS, Jan 20 (Reuters) - Banks met.") == "Banks met."
    points = extract(
        "The forum opened in Davos on Monday. In Beijing, foreign ministry spokesperson Lin "
        "Jian told a regular briefing that the talks were useful. European Commission "
        "President Ursula von der Leyen delivered a keynote address on Tuesday. Odile "
        "Renaud-Basso, president of the European Bank for Reconstruction and Development, told "
        "the forum the bank had invested a record amount. Before the session began, France's "
        "Emmanuel Macron and German Chancellor Friedrich Merz held talks with Giorgia Meloni."
    )
    assert set(attending(points)) == {
        "Ursula von der Leyen",
        "Odile Renaud-Basso",
        "Emmanuel Macron",
        "Friedrich Merz",
        "Giorgia Meloni",
    }


def test_denials_counterfactuals_briefings_and_pulling_others_out() -> None:
    points = extract(
        "The summit opened in Addis Ababa. Information Minister Yemane Gebremeskel denied "
        "that Isaias Afwerki was snubbing the gathering. Donald Trump pulled the United States "
        "out of the Paris Agreement. Emma Little-Pengelly, who would ordinarily have attended "
        "alongside Michelle O'Neill, stayed away. At a regular briefing in Beijing, spokesperson "
        "Lin Jian said the talks were useful. Giorgia Meloni pulled out of the summit."
    )
    assert absent(points) == ["Emma Little-Pengelly", "Giorgia Meloni"]
    assert points.attendees == ()


def test_tables_rooms_video_links_and_sitting_bodies() -> None:
    points = extract(
        "The ministers met in Rome on Tuesday. Antonio Tajani hosted the meeting and "
        "co-chaired it with his French counterpart Jean-Noel Barrot. Britain's Yvette Cooper "
        "and Germany's Johann Wadephul were at the table. Richard Thompson and Mike Baird were "
        "among the directors in the room. Mohsin Naqvi joined by video from Lahore. Also "
        "attending were Kazakhstan's Kassym-Jomart Tokayev and Tajikistan's Emomali Rahmon. "
        "Ambassador Mike Waltz told the council the vote sent a message. Brigadier General "
        "Pascal Roux also took part. Rishi Sunak was joined by his wife, Akshata Murty, in "
        "criticising the plan."
    )
    assert set(attending(points)) >= {
        "Antonio Tajani",
        "Jean-Noel Barrot",
        "Yvette Cooper",
        "Johann Wadephul",
        "Richard Thompson",
        "Mike Baird",
        "Mohsin Naqvi",
        "Emomali Rahmon",
        "Mike Waltz",
        "Pascal Roux",
    }
    assert "Akshata Murty" not in attending(points)


def test_venue_presence_missing_delegations_and_styles() -> None:
    points = extract(
        "The talks opened in Doha on Monday. Togo's leader Faure Gnassingbe was not in Doha. "
        "Washington sent no delegation. Saudi Crown Prince Mohammed bin Salman, who had been "
        "expected to attend, remained in Riyadh. Prince Charles was in London."
    )
    assert absent(points) == ["Faure Gnassingbe", "United States", "Mohammed bin Salman"]
    assert points.attendees == ()


def test_hearings_alongside_during_and_leaving_others_to_host() -> None:
    points = extract(
        "The committee hearing opened on Tuesday. Helen Marsh testified before the committee "
        "alongside the firm's finance chief, David Kerr. Chris Walters is due to give evidence "
        "to the same committee next month. Hungarian Foreign Minister Peter Szijjarto, who sat "
        "beside Viktor Orban during the talks, spoke later. Donald Tusk refused to attend, "
        "leaving Viktor Orban to host the meeting."
    )
    assert attending(points) == {
        "Helen Marsh": "attending",
        "David Kerr": "attending",
        "Chris Walters": "expected",
        "Peter Szijjarto": "attending",
        "Viktor Orban": "attending",
    }
    assert absent(points) == ["Donald Tusk"]


def test_unnamed_delegates_companions_and_expected_guests() -> None:
    points = extract(
        "The summit opened in Tirana on Monday. Serbia was represented by its ambassador. "
        "Observers from Saudi Arabia sat in on the final session. Eritrea sent Foreign "
        "Minister Osman Saleh, accompanied by Yemane Gebreab. European Council President "
        "Antonio Costa is due to arrive on Tuesday to join the leaders. The actor Daniel "
        "Whitcombe is expected on the Lido on Saturday for the premiere. Alberto Barbera "
        "welcomed guests before the screening."
    )
    assert attending(points) == {
        "Serbia": "attending",
        "Saudi Arabia": "attending",
        "Osman Saleh": "attending",
        "Yemane Gebreab": "attending",
        "Antonio Costa": "expected",
        "Daniel Whitcombe": "expected",
        "Alberto Barbera": "attending",
    }
