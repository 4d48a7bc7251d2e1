"""Wire-style reporting phrasings: who states a position, and who only names something."""

from __future__ import annotations

import pytest

from summarizer import extract


def _speakers(text: str) -> list[str]:
    return [p.actor.name for p in extract(text).positions]


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        (
            "Hungarian Prime Minister Viktor Orban said in an interview with a German newspaper "
            "that sanctions had failed.",
            ["Viktor Orban"],
        ),
        (
            'Ukrainian President Volodymyr Zelensky called the proposal "unacceptable".',
            ["Volodymyr Zelensky"],
        ),
        (
            "In a statement, the Russian foreign ministry said the talks were constructive.",
            ["Russia"],
        ),
        ("Ukraine's foreign ministry is calling for more air defence systems.", ["Ukraine"]),
        # An outlet reporting a claim states it; a company reporting profits does not.
        (
            "Obama will not meet the leaders, the New York Times reported on Wednesday.",
            ["New York Times"],
        ),
        ("Reuters reported that the talks had failed.", ["Reuters"]),
        ("Apple reported record profits.", []),
        # The White House, like Downing Street, is an office that speaks, not the country.
        ("The White House confirmed that Mnuchin would lead the delegation.", ["White House"]),
        # An unnamed embassy speaks for its country; a named one is a body of its own.
        ("The Russian embassy announced that its ambassador will come.", ["Russia"]),
        ("The Indian Embassy in Nigeria said that Singh would arrive.", ["Indian Embassy"]),
        # A speech act carried by a light verb.
        (
            "The Indian Embassy had earlier issued a statement that Singh would arrive on Sunday.",
            ["Indian Embassy"],
        ),
        ("Hassan Rouhani offered condolences to the family.", ["Hassan Rouhani"]),
        ("Hassan Rouhani sent a letter to the family.", []),
        # A stance voiced by a light verb; a fortune made is none.
        ("Tom Perriello expressed hope that the army would join the talks.", ["Tom Perriello"]),
        ("John Smith expressed concern about the plan.", ["John Smith"]),
        ("John Smith made a fortune.", []),
        # "as reported by X": the agent reports the clause, even a forecast.
        ("William is set to be an usher, as reported by The Sunday Times.", ["Sunday Times"]),
        ("The crash, as reported by police, killed two.", []),
        # A pronoun after "a dinner hosted by X" is not the host.
        (
            "Tony Blair felt he had lost voters' trust. And at a dinner hosted by John Prescott "
            "he told Gordon Brown he would stand down.",
            ["Tony Blair"],
        ),
        (
            "Benjamin Netanyahu spoke on Friday. Netanyahu's office said the delegation would "
            "leave on Sunday.",
            ["Benjamin Netanyahu"],
        ),
        (
            "Polish Prime Minister Donald Tusk posted on social media that the attack was a "
            "provocation.",
            ["Donald Tusk"],
        ),
        (
            "So far only Sri Lanka and Indonesia have indicated that they will take up the offer.",
            ["Sri Lanka", "Indonesia"],
        ),
        # Naming something is not stating anything; a post without a clause is no statement.
        ('It is what the minister, John Reid, calls a "new deal".', []),
        ("Donald Tusk posted a photograph of the summit.", []),
    ],
)
def test_reporting_phrasings(text: str, speakers: list[str]) -> None:
    assert _speakers(text) == speakers


def test_the_misread_that_clause_is_the_statement() -> None:
    points = extract(
        "Hungarian Prime Minister Viktor Orban said in an interview with a German newspaper "
        "that sanctions had failed."
    )
    statement = points.positions[0].statements[0]
    assert "sanctions had failed" in statement.text


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        # The parser leaves these reporting verbs without a subject.
        (
            "His comments come as the co-chairman of the Conservative Party, Liam Fox, on "
            'Saturday called him "a disappointment of historic proportions".',
            ["Liam Fox"],
        ),
        (
            "Jack Straw spoke on Monday. In a speech to the Foreign Policy Centre Mr Straw said "
            'of the Tory leader: "He is clever, fluent and tactical, but he is not wise."',
            ["Jack Straw"],
        ),
        # "for saying": the one who did the governing deed said it.
        (
            "This echoed the views of comedian Chris Rock, who whipped up a media storm for "
            "saying he rarely watched them.",
            ["Chris Rock"],
        ),
        (
            "They ridiculed the claims made on Monday by Michael Howard that he could save £35bn.",
            ["Michael Howard"],
        ),
        (
            'A Department for Education and Skills source said: "Every day in school counts."',
            ["Department for Education and Skills"],
        ),
        (
            "Camilla Parker Bowles is to marry. Mrs Parker Bowles said the prince went down on "
            "one knee.",
            ["Camilla Parker Bowles"],
        ),
        # A subjectless verb borrows no place name, and a plan announced is no statement.
        ("Speaking in Paris on Monday, said the talks had failed.", []),
        ("Pay will rise under proposals announced by Trade Secretary Patricia Hewitt.", []),
    ],
)
def test_speakers_the_parse_hides(text: str, speakers: list[str]) -> None:
    assert _speakers(text) == speakers


def test_a_spaced_dash_ends_a_name() -> None:
    points = extract(
        "Fund manager Florian Hamm - Borussia Dortmund's largest investor - has been named. "
        "Florian Hamm said the club needed new managers."
    )
    assert [p.actor.name for p in points.positions] == ["Florian Hamm"]


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        # A pronoun around which the reported clause is built points before that clause.
        (
            "Labour met in Gateshead on Sunday. Iraq, they insisted, would not be a factor for "
            "most voters.",
            ["Labour"],
        ),
        # A person and the body he speaks for, side by side: the person speaks.
        (
            'Colin Asplin, Blackpool Hotel Association said: "We have tried very hard."',
            ["Colin Asplin"],
        ),
        # "who" hung on the wrong noun still means the person just before it.
        (
            "Three people have refused Oscars, including actor George C Scott who said the "
            'whole thing was "demeaning".',
            ["George C Scott"],
        ),
        # Deeds, not words: a refused penalty, an added goal.
        ("England refused a possible three points to kick a penalty to the corner.", []),
        ("Charlie Hodgson converted and added a penalty for a 10-3 lead.", []),
        (
            "The union refused the offer, and Dave Prentis added that talks would go on.",
            ["Dave Prentis"],
        ),
        # A surname the NER read as a town is the person named before.
        (
            "Manager David Moyes has claimed that he expects Gravesen to stay. Moyes said: "
            '"There has been no contact."',
            ["David Moyes"],
        ),
    ],
)
def test_who_speaks_when_the_parse_misleads(text: str, speakers: list[str]) -> None:
    assert _speakers(text) == speakers


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        (
            "A new European directive could put software writers at risk of legal action, "
            "warns former programmer and technology analyst Bill Thompson.\n\n",
            ["Bill Thompson"],
        ),
        (
            '"We are worried," director of rugby Nigel Melville told the Gloucester Citizen.',
            ["Nigel Melville"],
        ),
        # The inversion needs the name to close the sentence; a name further in is no speaker.
        ("Only one senior official from President Bush's administration warned of delays.", []),
    ],
)
def test_inverted_and_title_headed_speakers(text: str, speakers: list[str]) -> None:
    assert _speakers(text) == speakers


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        ("Beijing was quick to criticise the meeting.", ["China"]),
        ("The CGT union called for an urgent meeting with management.", ["CGT"]),
        (
            "Ukrainian football president Andriy Shevchenko thanked the committee for its support.",
            ["Andriy Shevchenko"],
        ),
        (
            "Indian Prime Minister Narendra Modi pulled out, citing pressing commitments at home.",
            ["Narendra Modi"],
        ),
        # Quick to act is no statement; thanks without anyone thanked say nothing.
        ("Beijing was quick to build the bridge.", []),
    ],
)
def test_more_reporting_forms(text: str, speakers: list[str]) -> None:
    assert _speakers(text) == speakers


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        (
            "French President Emmanuel Macron and German Chancellor Friedrich Merz warned that "
            "Europe must act.",
            ["Emmanuel Macron", "Friedrich Merz"],
        ),
        # A body before a person's title is his employer, not a second speaker.
        (
            "Spartak Moscow chief executive Yevgeny Melnikov said the club had stopped "
            "budgeting for European football.",
            ["Yevgeny Melnikov"],
        ),
    ],
)
def test_titled_pairs_and_employers(text: str, speakers: list[str]) -> None:
    assert _speakers(text) == speakers


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        # Companions "along with" the subject, and those one "joined in announcing", speak too.
        (
            "Saudi Arabia, along with Bahrain and Egypt, cut links with Qatar, accusing it of "
            "funding extremism.",
            ["Saudi Arabia", "Bahrain", "Egypt"],
        ),
        (
            "John Lewis and Maxine Waters joined Bobby Rush in announcing that they would "
            "boycott the speech.",
            ["John Lewis", "Maxine Waters", "Bobby Rush"],
        ),
        # Joining someone for a walk is no statement of theirs.
        ("John Lewis joined Bobby Rush in walking to the hall.", []),
        # Bodies listed side by side; an announcement made by a named body.
        (
            "The United Nations, European Union, as well as civic groups, have welcomed the "
            "resumption of the talks.",
            ["United Nations", "European Union"],
        ),
        (
            "Yesterday's announcement by the Justice and Equality Movement that it will boycott "
            "the talks was a blow.",
            ["Justice and Equality Movement"],
        ),
        ("The announcement by critics that they will boycott the talks was denied.", []),
        # Unnamed holders of a country's post speak for it (not a club's president); a
        # sentence rooted on its subject still has a speaker.
        (
            "The leaders of Bolivia and Honduras have indicated they might boycott the event. "
            "The president of the club said nothing.",
            ["Bolivia", "Honduras"],
        ),
        (
            "The United States, which is leading the negotiations, pressed forward with the "
            'event, vowing to do "everything we can to end this crisis."',
            ["United States"],
        ),
        # What unnamed sources report is the article's telling; inside a named speaker's
        # words it is not.
        (
            "Lavrov walked out of a session as Annalena Baerbock criticised Moscow, diplomats "
            "said. Antony Blinken said Kuleba had criticised Moscow.",
            ["Annalena Baerbock", "Antony Blinken"],
        ),
        # A thing used to say something is no speaker; one urged to say it has not said it.
        (
            "Vladimir Putin used a late-night address to call for direct negotiations. Boris "
            "Johnson urged Emmanuel Macron to call for talks.",
            ["Vladimir Putin", "Boris Johnson"],
        ),
    ],
)
def test_companions_and_announcements(text: str, speakers: list[str]) -> None:
    assert _speakers(text) == speakers


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        # The Arabic article is often dropped on second mention; a hyphenated surname the
        # NER reads as a body is still the person's.
        (
            "Egyptian President Abdel Fattah Al-Sisi will skip the summit. Sisi said the "
            "threat was real.",
            ["Abdel Fattah Al-Sisi"],
        ),
        (
            'Cuban President Miguel Diaz-Canel said he will not attend. "Under no '
            'circumstances will I attend," Diaz-Canel said on Twitter.',
            ["Miguel Diaz-Canel"],
        ),
        # A name after "Chairman of the X, " is a person's.
        (
            "Chairman of the African Union Commission, Moussa Faki Mahamat has welcomed the "
            "talks. Faki Mahamat said he was encouraged.",
            ["Moussa Faki Mahamat"],
        ),
    ],
)
def test_names_the_ner_splits(text: str, speakers: list[str]) -> None:
    assert [(p.actor.name, p.actor.kind) for p in extract(text).positions] == [
        (name, "person") for name in speakers
    ]
