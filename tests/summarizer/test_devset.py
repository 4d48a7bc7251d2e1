"""The dev set: name matching and scoring, the gold files' shape, and a quality floor.

The floors in tests/devset/floors.json are micro F1 per category over the dev-set
articles (the seed excluded); keep them just under what the benchmark
(benchmarks/extraction_quality.py) achieves so that a regression fails here.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest

from summarizer.evaluation import (
    CATEGORIES,
    Gold,
    GoldEntry,
    match_names,
    micro_average,
    names_match,
    normalise_name,
    score_article,
    score_names,
)
from summarizer.model import Actor, Attendance, KeyPoints, Position

ROOT = Path(__file__).resolve().parents[2]
DEVSET = ROOT / "tests/devset"
GOLD_FILES = sorted((DEVSET / "gold").glob("*.json"))
WIRE = DEVSET / "wire"
WIRE_GOLD_FILES = sorted((WIRE / "gold").glob("*.json"))
CORPUS = ROOT.parent / "shared/data/bbc-news-full"
NO_CORPUS = f"the BBC corpus is not at {CORPUS} (../shared/data is absent)"


@cache
def _benchmark() -> ModuleType:
    """The benchmark script's loader, so the test and the figures read the dev set alike."""
    name = "benchmarks_extraction_quality"
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks/extraction_quality.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


def entry(name: str, *aliases: str, status: str | None = None) -> GoldEntry:
    return GoldEntry(name=name, aliases=aliases, status=status)


# ---------------------------------------------------------------- normalisation and matching


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("Mr Blair", "blair"),
        ("  Tony   BLAIR ", "tony blair"),
        ("Sir Menzies Campbell", "menzies campbell"),
        ("Lord Holme", "holme"),
        ("Dr. Azzam Tamimi", "azzam tamimi"),
        ("The Tories", "tories"),
        ("U.S.", "us"),
        ("Kilroy-Silk", "kilroy silk"),
        ("José María Pons", "jose maria pons"),
        ("O’Brien", "obrien"),
        ("Lord", "lord"),  # a bare title is kept rather than emptied
    ],
)
def test_normalise_name(raw: str, normal: str) -> None:
    assert normalise_name(raw) == normal


def test_names_match_name_and_aliases_only() -> None:
    blair = entry("Tony Blair", "Blair")
    assert names_match("Tony Blair", blair)
    assert names_match("Mr Blair", blair)
    assert names_match("tony  blair.", blair)
    assert not names_match("Tony", blair)
    assert not names_match("Gordon Brown", blair)
    # Role titles are not honorifics: a name with one is not canonical.
    assert not names_match("Prime Minister Tony Blair", blair)
    assert not names_match("Blair", entry("Tony Blair"))  # no alias, no surname match


def test_each_gold_entry_is_matched_at_most_once() -> None:
    score = score_names(["Tony Blair", "Blair", "Gordon Brown"], [entry("Tony Blair", "Blair")])
    assert (score.tp, score.fp, score.fn) == (1, 2, 0)
    assert score.false_positives == ("Blair", "Gordon Brown")


def test_matching_is_maximum_not_greedy() -> None:
    gold = [entry("Michael Howard", "Howard"), entry("John Howard", "Howard")]
    # Greedy order would give "Howard" the first Howard and strand "Michael Howard".
    pairs = match_names(["Howard", "Michael Howard"], gold)
    assert pairs == {0: 1, 1: 0}
    score = score_names(["Howard", "Michael Howard"], gold)
    assert (score.tp, score.fp, score.fn) == (2, 0, 0)


def test_exact_name_preferred_over_alias() -> None:
    gold = [entry("Russia", "Moscow"), entry("Moscow", "Moscow City Council")]
    assert match_names(["Moscow"], gold) == {0: 1}


def test_misses_and_empty_categories() -> None:
    score = score_names([], [entry("Sergei Lavrov", "Lavrov")])
    assert (score.tp, score.fp, score.fn, score.misses) == (0, 0, 1, ("Sergei Lavrov",))
    assert score.precision == 1.0
    assert score.recall == 0.0
    assert score.f1 == 0.0
    empty = score_names([], [])
    assert (empty.precision, empty.recall, empty.f1) == (1.0, 1.0, 1.0)


# ---------------------------------------------------------------- article scores


GOLD = {
    "source": "politics/999.txt",
    "attendees": [
        {"name": "Vladimir Medinsky", "aliases": ["Medinsky"], "status": "attending"},
        {"name": "Marco Rubio", "aliases": ["Rubio"], "status": "expected"},
    ],
    "absentees": [{"name": "Vladimir Putin", "aliases": ["Putin"]}],
    "speakers": [
        {"name": "Russia", "aliases": ["Moscow", "Kremlin"]},
        {"name": "Volodymyr Zelensky", "aliases": ["Zelensky"]},
    ],
    "notes": "",
}


def test_score_article_counts_each_category_and_status() -> None:
    points = KeyPoints(
        attendees=(
            Attendance(name="Medinsky", status="attending"),
            Attendance(name="Marco Rubio", status="attending"),  # status wrong
            Attendance(name="Vladimir Putin"),  # an absentee is no attendee
        ),
        absentees=(Attendance(name="Putin"),),
        positions=(
            Position(actor=Actor(name="the Kremlin", kind="organization")),
            Position(actor=Actor(name="Kyiv", kind="person")),
        ),
    )
    score = score_article(points, GOLD)
    att, absent, spk = (score.categories[c] for c in CATEGORIES)
    assert (att.tp, att.fp, att.fn, att.false_positives) == (2, 1, 0, ("Vladimir Putin",))
    assert (absent.tp, absent.fp, absent.fn) == (1, 0, 0)
    assert (spk.tp, spk.fp, spk.fn) == (1, 1, 1)
    assert spk.misses == ("Volodymyr Zelensky",)
    assert spk.false_positives == ("Kyiv",)
    assert (score.status.correct, score.status.total) == (1, 2)
    assert score.status.wrong == (("Marco Rubio", "attending", "expected"),)


def test_micro_average_sums_counts_before_ratios() -> None:
    perfect = KeyPoints(
        attendees=(Attendance("Vladimir Medinsky"), Attendance("Rubio", status="expected")),
        absentees=(Attendance("Putin"),),
        positions=(Position(Actor("Russia")), Position(Actor("Zelensky"))),
    )
    silent = KeyPoints()
    total = micro_average([score_article(perfect, GOLD), score_article(silent, GOLD)])
    speakers = total.categories["speakers"]
    assert (speakers.tp, speakers.fp, speakers.fn) == (2, 0, 2)
    assert speakers.precision == 1.0
    assert speakers.recall == 0.5
    assert speakers.f1 == pytest.approx(2 / 3)
    assert total.status.accuracy == 1.0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"speakers": None}, "must be a list"),
        ({"attendees": [{"name": "X", "aliases": []}]}, "status"),
        ({"absentees": [{"aliases": ["X"]}]}, "without a name"),
        ({"speakers": [{"name": "A", "aliases": "A"}]}, "list of strings"),
        (
            {
                "speakers": [
                    {"name": "Tony Blair"},
                    {"name": "Cherie Blair", "aliases": ["Mr Tony Blair"]},
                ]
            },
            "names both",
        ),
    ],
)
def test_malformed_gold_is_rejected(change: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Gold.from_dict({**GOLD, **change})


def test_missing_keys_are_named() -> None:
    with pytest.raises(ValueError, match="absentees"):
        Gold.from_dict({k: v for k, v in GOLD.items() if k != "absentees"})


# ---------------------------------------------------------------- the gold files


def test_devset_size_and_mix() -> None:
    politics = [p for p in GOLD_FILES if p.name.startswith("politics-")]
    assert len(politics) >= 20
    others = [p for p in GOLD_FILES if not p.name.startswith(("politics-", "seed-"))]
    assert others, "the dev set should not be politics-only prose"
    golds = [Gold.from_dict(json.loads(p.read_text(encoding="utf-8"))) for p in politics]
    with_attendance = [g for g in golds if g.attendees or g.absentees]
    assert len(with_attendance) >= 10
    assert sum(len(g.absentees) for g in golds) >= 5
    assert any(a.status == "expected" for g in golds for a in g.attendees)
    assert (DEVSET / "gold/seed-istanbul-talks.json").exists()


@pytest.mark.parametrize("path", GOLD_FILES + WIRE_GOLD_FILES, ids=lambda p: p.name)
def test_gold_file_schema(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) == {"source", *CATEGORIES, "notes"}
    gold = Gold.from_dict(data)
    for category in CATEGORIES:
        for item in data[category]:
            allowed = (
                {"name", "aliases", "status"} if category == "attendees" else {"name", "aliases"}
            )
            if category == "speakers":
                allowed = {"name", "aliases", "kind"}
                assert item["kind"] in {"person", "organization", "country", "group"}
            assert set(item) <= allowed, item
    match = re.fullmatch(r"(politics|business|entertainment|sport|tech)-(\d{3})\.json", path.name)
    if match:
        assert gold.source == f"{match[1]}/{match[2]}.txt"
    elif path.parent.parent == WIRE:
        assert gold.source == f"{path.stem}.txt"
        assert (WIRE / gold.source).exists()
    else:
        assert gold.source.startswith("seeds/")


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_gold_names_occur_in_their_article(path: Path) -> None:
    """Every entity is spelt as the article spells it (catches typos and wrong files)."""
    gold = Gold.from_dict(json.loads(path.read_text(encoding="utf-8")))
    source = _benchmark().source_path(gold.source, CORPUS, ROOT)
    if not source.exists():
        if gold.source.startswith("seeds/"):
            pytest.fail(f"{source} is missing")
        pytest.skip(NO_CORPUS)
    text = source.read_text(encoding="utf-8")
    for category in CATEGORIES:
        for item in gold.entries(category):
            forms = (item.name, *item.aliases)
            assert any(form in text for form in forms), f"{category}: {item.name} not in {source}"


# ---------------------------------------------------------------- end to end


@pytest.fixture(scope="module")
def devset_scores() -> dict[str, object]:
    if not CORPUS.is_dir():
        pytest.skip(NO_CORPUS)
    try:
        from summarizer import extract_many  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"the extractor is not importable yet: {exc}")
    bench = _benchmark()
    cases = [c for c in bench.load_cases(DEVSET / "gold", CORPUS, ROOT) if not c.is_seed]
    predicted = bench.extract_cases(cases)
    scores = [score_article(p, c.gold) for p, c in zip(predicted, cases, strict=True)]
    return {c: s.f1 for c, s in micro_average(scores).categories.items()}


@pytest.mark.parametrize("category", CATEGORIES)
def test_devset_f1_at_least_floor(devset_scores: dict[str, float], category: str) -> None:
    floors = json.loads((DEVSET / "floors.json").read_text(encoding="utf-8"))
    assert devset_scores[category] >= floors[category], (
        f"{category} F1 {devset_scores[category]:.3f} fell below the floor {floors[category]}"
    )


@pytest.fixture(scope="module")
def wire_scores() -> dict[str, float]:
    """The wire-style set ships with the project, so it runs without the BBC corpus."""
    bench = _benchmark()
    cases = bench.load_cases(WIRE / "gold", WIRE, ROOT)
    assert len(cases) >= 30
    predicted = bench.extract_cases(cases)
    scores = [score_article(p, c.gold) for p, c in zip(predicted, cases, strict=True)]
    return {c: s.f1 for c, s in micro_average(scores).categories.items()}


@pytest.mark.parametrize("category", CATEGORIES)
def test_wire_f1_at_least_floor(wire_scores: dict[str, float], category: str) -> None:
    floors = json.loads((DEVSET / "floors.json").read_text(encoding="utf-8"))["wire"]
    assert wire_scores[category] >= floors[category], (
        f"wire {category} F1 {wire_scores[category]:.3f} fell below the floor {floors[category]}"
    )


@pytest.mark.parametrize("path", WIRE_GOLD_FILES, ids=lambda p: p.name)
def test_wire_gold_names_occur_in_their_article(path: Path) -> None:
    gold = Gold.from_dict(json.loads(path.read_text(encoding="utf-8")))
    text = (WIRE / gold.source).read_text(encoding="utf-8")
    for category in CATEGORIES:
        for item in gold.entries(category):
            forms = (item.name, *item.aliases)
            assert any(form in text for form in forms), f"{category}: {item.name} not in {path}"


def test_untitled_texts_keep_their_first_line(tmp_path: Path) -> None:
    """Pages saved from the web have no title line: the first paragraph is body text."""
    bench = _benchmark()
    (tmp_path / "gold").mkdir()
    (tmp_path / "001.txt").write_text("First paragraph.\nSecond paragraph.", encoding="utf-8")
    gold = {"source": "001.txt", "attendees": [], "absentees": [], "speakers": []}
    (tmp_path / "gold" / "001.json").write_text(json.dumps(gold), encoding="utf-8")
    titled = bench.load_cases(tmp_path / "gold", tmp_path, ROOT)
    untitled = bench.load_cases(tmp_path / "gold", tmp_path, ROOT, titled=False)
    assert (titled[0].title, titled[0].body) == ("First paragraph.", "Second paragraph.")
    assert (untitled[0].title, untitled[0].body) == (None, "First paragraph.\nSecond paragraph.")
