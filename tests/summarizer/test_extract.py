"""The public API: extract, extract_many, Extractor, and what they do with real-world input."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

import summarizer
from summarizer import Extractor, KeyPoints, extract, extract_many
from summarizer.extract import MAX_CHARS, clean_text
from summarizer.nlp import load_pipeline
from summarizer.summary import summarize_doc

DATA = Path(__file__).resolve().parents[3] / "shared/data/bbc-news-full"
ARTICLE = (
    "Tony Blair will host the summit in London on Tuesday. Jacques Chirac will not attend.\n\n"
    'Mr Blair said the meeting was "vital". "We must act now," he added. Critics disagreed. '
    "The Liberal Democrats said the summit was a distraction from problems at home."
)


def test_public_api_is_declared() -> None:
    assert {"extract", "extract_many", "Extractor", "KeyPoints", "ModelNotFoundError"} <= set(
        summarizer.__all__
    )


@pytest.mark.parametrize("blank", ["", "   ", "\n\t \n"])
def test_blank_text_is_an_error(blank: str) -> None:
    with pytest.raises(ValueError, match="empty text"):
        extract(blank)


def test_extract_fills_every_part_and_the_json_shape() -> None:
    points = extract(
        ARTICLE, title="Summit in London", url="https://example.org/a", summary_sentences=2
    )
    assert points.title == "Summit in London"
    assert points.url == "https://example.org/a"
    assert len(points.summary) == 2
    assert [a.name for a in points.attendees] == ["Tony Blair"]
    assert [a.name for a in points.absentees] == ["Jacques Chirac"]
    assert [p.actor.name for p in points.positions] == ["Tony Blair", "Liberal Democrats"]
    data = points.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert KeyPoints.from_dict(data, url=points.url) == points


def test_the_summary_comes_from_the_same_parse() -> None:
    points = extract(ARTICLE, summary_sentences=3)
    expected = summarize_doc(load_pipeline()(clean_text(ARTICLE)), 3)
    assert list(points.summary) == expected


def test_extract_many_keeps_order_titles_and_urls() -> None:
    texts = [ARTICLE, "   ", "Gordon Brown said growth was strong."]
    results = list(
        extract_many(texts, titles=["a", "b", "c"], urls=["u1", "u2", "u3"], batch_size=2)
    )
    assert [(p.title, p.url) for p in results] == [("a", "u1"), ("b", "u2"), ("c", "u3")]
    # A blank text in a batch gives empty key points instead of stopping the batch.
    assert results[1] == KeyPoints(title="b", url="u2")
    assert [p.actor.name for p in results[2].positions] == ["Gordon Brown"]
    assert results[0] == extract(ARTICLE, title="a", url="u1")


def test_extractor_takes_the_model_alias_and_checks_the_algorithm() -> None:
    extractor = Extractor("en_core_web_sm", summary_algorithm="textrank")
    assert extractor.nlp is load_pipeline()
    assert len(extractor.extract(ARTICLE, summary_sentences=1).summary) == 1
    with pytest.raises(ValueError, match="unknown summary algorithm"):
        Extractor(summary_algorithm="nonsense")


def test_clean_text_strips_html_entities_and_control_characters() -> None:
    raw = "<p>Tony Blair&nbsp;said &quot;no&quot;.</p><script>var x = 1;</script>\x00\x07Done."
    cleaned = clean_text(raw)
    assert "<" not in cleaned
    assert "var x" not in cleaned
    assert "\x00" not in cleaned
    assert 'Tony Blair said "no".' in cleaned
    points = extract(raw)
    assert [p.actor.name for p in points.positions] == ["Tony Blair"]


def test_a_megabyte_is_cut_to_a_bounded_size_in_bounded_time() -> None:
    sentence = "Gordon Brown said the economy was strong and growing. "
    text = sentence * (1_000_000 // len(sentence) + 1)
    assert len(clean_text(text)) <= MAX_CHARS
    started = time.perf_counter()
    points = extract(text)
    assert time.perf_counter() - started < 120
    assert points.positions[0].actor.name == "Gordon Brown"


@pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data/bbc-news-full is absent")
def test_the_latin1_article_decoded_with_a_fallback() -> None:
    raw = (DATA / "sport/199.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    points = extract(raw.decode("latin-1"))
    assert points.summary
