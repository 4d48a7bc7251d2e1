from __future__ import annotations

import pytest

from bot.commands import statement_line


@pytest.mark.parametrize(
    ("statement", "shown"),
    [
        ({"text": "This is his war", "quote": "This is his war"}, "“This is his war”"),
        (
            {"text": "insists on the “root causes”", "quote": "root causes"},
            "insists on the “root causes”",
        ),
        (
            {"text": "hinted he might mediate", "quote": "I'd think about it."},
            "hinted he might mediate: “I'd think about it.”",
        ),
        ({"text": "rejected the terms", "quote": None}, "rejected the terms"),
    ],
)
def test_a_statement_is_shown_once(statement: dict[str, str | None], shown: str) -> None:
    assert statement_line(statement) == shown
