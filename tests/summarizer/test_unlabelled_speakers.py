"""Speakers whose names the small model's NER misses or mislabels, read from the speaker's slot."""

from __future__ import annotations

import pytest

from summarizer import extract


def _speakers(text: str) -> list[str]:
    return [p.actor.name for p in extract(text).positions]


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        ('"It is a good day," said Nottingham City Councillor Brian Parbutt.', ["Brian Parbutt"]),
        ("According to the FT, the exchange will adopt a charm offensive.", ["FT"]),
        ("Backbencher Stephen Pound said the reports must stop.", ["Stephen Pound"]),
        ("Former welfare minister Frank Field MP said the minister should go.", ["Frank Field"]),
        # The same person, named once by the NER and once not, is one speaker.
        (
            "President Pervez Musharraf said the war was over. Gen Musharraf said al-Qaeda was "
            "on the run.",
            ["Pervez Musharraf"],
        ),
    ],
)
def test_names_in_a_speakers_slot(text: str, speakers: list[str]) -> None:
    assert _speakers(text) == speakers


@pytest.mark.parametrize(
    "text",
    [
        # A document is no speaker, however it is capitalised.
        "The Serious Organised Crime and Police Bill proposes extra powers.",
        # Capitalised words outside a speaker's slot name nobody.
        "Shares in Euronext rose on Monday.",
        "On Monday the Royal Mail said nothing.",
    ],
)
def test_no_speaker_outside_the_slot_or_in_a_document(text: str) -> None:
    assert "Euronext" not in _speakers(text)
    assert not any("Bill" in s or "Crime" in s or "Monday" in s for s in _speakers(text))
