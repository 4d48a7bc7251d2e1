"""The seed article (seeds/istanbul-talks.txt) comes out as issue 3 lists it."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer import KeyPoints, Position, extract

SEED = Path(__file__).resolve().parents[2] / "seeds/istanbul-talks.txt"


@pytest.fixture(scope="module")
def points() -> KeyPoints:
    return extract(SEED.read_text(encoding="utf-8"), url="https://example.org/istanbul")


def _position(points: KeyPoints, name: str) -> Position:
    matches = [p for p in points.positions if p.actor.name == name]
    assert len(matches) == 1, f"one position entry for {name}, got {points.positions}"
    return matches[0]


def test_attendees_with_rubio_expected(points: KeyPoints) -> None:
    status = {a.name: a.status for a in points.attendees}
    assert status == {
        "Vladimir Medinsky": "attending",
        "Mikhail Galuzin": "attending",
        "Alexander Fomin": "attending",
        "Igor Kostyukov": "attending",
        "Marco Rubio": "expected",
    }


def test_absentees(points: KeyPoints) -> None:
    assert [a.name for a in points.absentees] == [
        "Vladimir Putin",
        "Sergei Lavrov",
        "Yuri Ushakov",
    ]


def test_people_merely_mentioned_are_not_attendees(points: KeyPoints) -> None:
    attendees = {a.name for a in points.attendees}
    for name in ("Vladimir Putin", "Volodymyr Zelensky", "Donald Trump", "Russia", "Ukraine"):
        assert name not in attendees


def test_roles_and_affiliations_from_titles_and_appositions(points: KeyPoints) -> None:
    by_name = {a.name: a for a in (*points.attendees, *points.absentees)}
    assert by_name["Mikhail Galuzin"].role == "Deputy Foreign Minister"
    assert by_name["Alexander Fomin"].role == "Deputy Defence Minister"
    assert by_name["Igor Kostyukov"].role == "head of Russia’s military intelligence agency"
    assert by_name["Vladimir Putin"].role == "President"
    assert by_name["Sergei Lavrov"].role == "Foreign Minister"
    assert by_name["Yuri Ushakov"].role == "foreign policy adviser"
    assert by_name["Marco Rubio"].role == "Secretary of State"
    assert by_name["Marco Rubio"].affiliation == "United States"
    assert by_name["Vladimir Putin"].affiliation == "Russia"
    # Members of the Russian delegation belong to Russia.
    for name in ("Vladimir Medinsky", "Mikhail Galuzin", "Alexander Fomin", "Igor Kostyukov"):
        assert by_name[name].affiliation == "Russia"


def test_evidence_is_the_source_sentence(points: KeyPoints) -> None:
    text = SEED.read_text(encoding="utf-8")
    for entry in (*points.attendees, *points.absentees):
        assert entry.evidence
        assert entry.evidence in text
    assert "Marco Rubio is expected in Istanbul on Friday" in _evidence(points, "Marco Rubio")
    assert _absent_evidence(points, "Sergei Lavrov").startswith("Notably absent are")


def _evidence(points: KeyPoints, name: str) -> str:
    return next(a.evidence for a in points.attendees if a.name == name)


def _absent_evidence(points: KeyPoints, name: str) -> str:
    return next(a.evidence for a in points.absentees if a.name == name)


def test_speakers_are_exactly_the_four_parties(points: KeyPoints) -> None:
    actors = {p.actor.name: p.actor.kind for p in points.positions}
    assert actors == {
        "Volodymyr Zelensky": "person",
        "Russia": "country",
        "Ukraine": "country",
        "Donald Trump": "person",
    }


def test_zelensky_positions(points: KeyPoints) -> None:
    zelensky = _position(points, "Volodymyr Zelensky")
    assert zelensky.actor.role == "President"
    assert zelensky.actor.affiliation == "Ukraine"
    quotes = [s.quote for s in zelensky.statements if s.quote]
    assert "This is his war" in quotes
    # The floating quote after the attributed one is his too.
    assert any("negotiations should be with him" in q for q in quotes)
    texts = " | ".join(s.text for s in zelensky.statements)
    assert "diplomacy may be needed to recover occupied land" in texts
    assert "decide Ukraine’s next steps after seeing who represents Moscow" in texts
    acknowledged = next(s for s in zelensky.statements if s.verb == "acknowledge")
    assert acknowledged.evidence.startswith("Zelensky, however, has acknowledged")


def test_russia_positions_through_metonyms(points: KeyPoints) -> None:
    russia = _position(points, "Russia")
    verbs = [s.verb for s in russia.statements]
    assert verbs[:3] == ["propose", "insist", "demand"]
    proposed, insists, demand = russia.statements[:3]
    assert "counter to a recent Western call for a 30-day ceasefire" in proposed.text
    assert insists.quote == "root causes"
    assert "denazification" in insists.text
    assert "demilitarisation" in insists.text
    assert insists.evidence.startswith("Moscow insists")
    assert "Ukraine cede Russian-occupied territories" in demand.text
    # What Kyiv rejects is Ukraine's position, not part of Russia's.
    assert all("pretexts for aggression" not in s.text for s in russia.statements)


def test_ukraine_opposes_and_rejects(points: KeyPoints) -> None:
    ukraine = _position(points, "Ukraine")
    assert [s.verb for s in ukraine.statements] == ["reject", "oppose"]
    assert "reject as pretexts for aggression" in ukraine.statements[0].text
    assert "strongly opposes" in ukraine.statements[1].text


def test_trump_mediation_quote(points: KeyPoints) -> None:
    trump = _position(points, "Donald Trump")
    assert trump.actor.affiliation == "United States"
    [statement] = trump.statements
    assert statement.verb == "hint"
    assert "might consider a mediation role" in statement.text
    assert statement.quote == "If we could end the war, I’d be thinking about that."


def test_event(points: KeyPoints) -> None:
    assert points.event.what is not None
    assert "direct talks between Ukraine and Russia" in points.event.what
    assert points.event.where == "Istanbul"
    assert points.event.when == "Thursday"


def test_summary_and_json_shape(points: KeyPoints) -> None:
    data = points.to_dict()
    assert set(data) == {"title", "summary", "event", "attendees", "absentees", "positions"}
    assert 1 <= len(data["summary"]) <= 3
    text = SEED.read_text(encoding="utf-8")
    positions = [text.find(sentence) for sentence in data["summary"]]
    assert all(p >= 0 for p in positions)
    assert positions == sorted(positions)
    assert points.url == "https://example.org/istanbul"
    assert all("status" not in a for a in data["absentees"])
