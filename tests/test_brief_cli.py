"""`briefbot brief`: the main job end to end on the bundled seed feed, as `make demo` runs it."""

from __future__ import annotations

from pathlib import Path

from tests.support import ROOT, briefbot


def test_seed_briefing_then_nothing_new_then_all(tmp_path: Path) -> None:
    env = {"BRIEFBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'b.db'}"}
    first = briefbot("brief", "--once", cwd=ROOT, env=env)
    assert first.returncode == 0, first.stderr
    out = first.stdout
    assert "Ukraine and Russia to hold first direct talks" in out
    assert "Vladimir Medinsky" in out
    assert "Absent:    Vladimir Putin" in out
    assert "https://briefbot.example/seeds/istanbul-talks" in out

    again = briefbot("brief", "--once", cwd=ROOT, env=env)
    assert again.returncode == 0, again.stderr
    assert "Nothing new since your last briefing" in again.stdout

    everything = briefbot("brief", "--once", "--all", cwd=ROOT, env=env)
    assert "Vladimir Medinsky" in everything.stdout


def test_a_malformed_configured_feed_is_reported_and_the_rest_still_briefed(
    tmp_path: Path,
) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("<rss><channel><title>half a feed")
    env = {
        "BRIEFBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'b.db'}",
        "BRIEFBOT_INGEST_FEEDS": f"{ROOT / 'seeds' / 'istanbul-talks.xml'},{broken}",
    }
    result = briefbot("brief", "--once", cwd=ROOT, env=env)
    assert result.returncode == 0, result.stderr
    assert "broken.xml" in result.stderr
    assert "Traceback" not in result.stderr
    assert "Vladimir Medinsky" in result.stdout
