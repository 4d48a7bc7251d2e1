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
