"""The speed benchmark runs end to end on a few articles and reports what it promises."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared/data/bbc-news-full"


@pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data/bbc-news-full is absent")
def test_benchmark_prints_both_rates_the_ratio_and_memory(
    capsys: pytest.CaptureFixture[str],
) -> None:
    spec = importlib.util.spec_from_file_location(
        "benchmarks_summarizer_speed", ROOT / "benchmarks/summarizer_speed.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)

    assert module.main(["--limit", "6", "--chunk", "3"]) == 0
    figures = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert figures["articles"] == figures["extracted"] == 6
    assert figures["bare_articles_per_s"] > 0
    assert figures["ours_articles_per_s"] > 0
    ratio = figures["bare_articles_per_s"] / figures["ours_articles_per_s"]
    assert figures["ratio"] == pytest.approx(ratio, rel=0.02)
    assert figures["peak_rss_mb"] > 0
    # The corpus's one Latin-1 file decodes through the fallback.
    assert "£" in module.read_text(DATA / "sport/199.txt")
