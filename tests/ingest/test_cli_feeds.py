"""`briefbot feeds ...` run as a real process against a local feed server."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.fakes.feed_server import FeedServer, synthetic_feed


class Cli:
    def __init__(self, tmp_path: Path, database: str) -> None:
        config = tmp_path / "briefbot.toml"
        config.write_text("")
        self.env = {
            **os.environ,
            "BRIEFBOT_CONFIG": str(config),
            "BRIEFBOT_DATABASE_URL": database,
            "BRIEFBOT_INGEST_ALLOWED_HOSTS": "127.0.0.1",
            "BRIEFBOT_INGEST_FEEDS": "[]",
            "BRIEFBOT_INGEST_FULLTEXT_MIN_WORDS": "0",
            "BRIEFBOT_SERVICE_LOG_LEVEL": "WARNING",
        }
        self.cwd = tmp_path

    async def __call__(self, *args: str) -> tuple[int, str, str]:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "feeds", *args,
            cwd=self.cwd, env={**self.env, "PYTHONPATH": str(ROOT)},
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        out, err = await asyncio.wait_for(process.communicate(), timeout=120)
        assert process.returncode is not None
        return process.returncode, out.decode(), err.decode()


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path, f"sqlite:///{tmp_path / 'cli.db'}")


async def test_add_list_poll_pause_resume_remove(
    cli: Cli, server: FeedServer, tmp_path: Path
) -> None:
    server.feed("/a.xml", synthetic_feed(1, 3))
    local = tmp_path / "local.xml"
    local.write_bytes(synthetic_feed(2, 2))

    code, out, _ = await cli("add", server.url("/a.xml"), "--interval", "30m", "--title", "Alpha")
    assert code == 0
    assert "added feed 1" in out
    assert "every 30m" in out
    code, out, _ = await cli("add", "local.xml")
    assert code == 0
    assert local.as_uri() in out

    code, _, err = await cli("add", server.url("/a.xml"))
    assert code == 2, err
    assert err.strip() == f"briefbot: {server.url('/a.xml')} is already a feed as feed 1"
    code, _, err = await cli("add", "http://10.0.0.1/feed")
    assert code == 2
    assert "private address" in err
    assert "Traceback" not in err
    code, _, err = await cli("add", server.url("/a.xml"), "--interval", "soon")
    assert code == 2
    assert "--interval" in err

    code, out, _ = await cli("poll", "--once", "--no-extract")
    assert code == 0
    assert "2 feeds: 2 updated" in out
    assert "5 new articles" in out
    assert "[#" not in out  # no progress bar when stdout is not a terminal

    code, out, _ = await cli("list")
    assert code == 0
    header, alpha, second = out.strip().splitlines()
    assert header.split()[:3] == ["ID", "STATUS", "FEED"]
    assert "LAST ERROR" in header
    assert alpha.split()[:3] == ["1", "ok", "Alpha"]
    assert " 3 " in alpha  # articles
    assert "Synthetic feed 2" in second

    assert (await cli("pause", "1"))[0] == 0
    assert "paused" in (await cli("list"))[1].splitlines()[1]
    code, out, _ = await cli("poll", "--once", "--all", "--no-extract")
    assert "1 feeds" in out  # the paused feed is left alone
    assert (await cli("resume", "1"))[0] == 0
    assert (await cli("list"))[1].splitlines()[1].split()[1] == "ok"

    code, out, _ = await cli("remove", server.url("/a.xml"))
    assert code == 0
    assert "removed feed 1" in out
    code, _, err = await cli("remove", "99")
    assert code == 2
    assert "no feed with id 99" in err


async def test_opml_export_and_import_round_trip(
    cli: Cli, server: FeedServer, tmp_path: Path
) -> None:
    for name in ("a", "b"):
        server.feed(f"/{name}.xml", synthetic_feed(3, 1))
    await cli("add", server.url("/a.xml"), "--title", "Alpha & Co")
    await cli("add", server.url("/b.xml"))
    code, opml, _ = await cli("export")
    assert code == 0
    assert opml.startswith("<?xml")
    (tmp_path / "feeds.opml").write_text(opml)

    other = Cli(tmp_path, f"sqlite:///{tmp_path / 'other.db'}")
    code, out, _ = await other("import", "feeds.opml")
    assert code == 0
    assert "imported 2 feeds" in out
    code, again, _ = await other("export")
    strip = [line for line in again.splitlines() if "dateCreated" not in line]
    assert strip == [line for line in opml.splitlines() if "dateCreated" not in line]
    code, out, _ = await other("import", "feeds.opml")
    assert "imported 0 feeds (2 already present, 0 refused)" in out

    (tmp_path / "bad.opml").write_text("<html/>")
    code, _, err = await other("import", "bad.opml")
    assert code == 2
    assert "not an OPML document" in err


def test_progress_bar_only_on_a_terminal() -> None:
    import io
    from datetime import UTC, datetime

    from bot.cli.feeds import ProgressBar
    from bot.domain import Feed
    from bot.ingest import FeedOutcome

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    feed = Feed(1, "https://e.example/", None, "http", 900, datetime.now(UTC))
    terminal, pipe = Terminal(), io.StringIO()
    for stream in (terminal, pipe):
        bar = ProgressBar(stream, width=10)
        bar(FeedOutcome(feed, "updated"), 1, 2)
        bar(FeedOutcome(feed, "failed", error="x"), 2, 2)
    assert terminal.getvalue() == "\r[#####-----] 1/2 feeds\r[##########] 2/2 feeds, 1 failed\n"
    assert pipe.getvalue() == ""
