"""The spaCy tokenizer for sumy, and the extractive summary on a parsed Doc."""

from __future__ import annotations

import importlib.util
import math
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from sumy.nlp.stemmers import Stemmer
from sumy.parsers.plaintext import PlaintextParser
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import get_stop_words

from summarizer.nlp import load_pipeline
from summarizer.sentences import SpacyTokenizer, sentences_of
from summarizer.summary import (
    ALGORITHMS,
    DEFAULT_ALGORITHM,
    MAX_SENTENCES,
    CentralitySummarizer,
    summarize_doc,
    summarize_text,
)

ROOT = Path(__file__).resolve().parents[2]

# A made-up story: five sentences about one rate rise, one aside that shares none of its words.
STORY = (
    "The central bank raised interest rates to 5% on Tuesday.\n"
    "Gardeners in the valley reported an unusually early crop of tulips.\n\n"
    "The bank said higher interest rates were needed because prices kept rising.\n"
    "Economists had expected the bank to raise rates by a smaller amount.\n"
    "Mortgage lenders said the rise in interest rates would reach borrowers within weeks.\n\n"
    "The bank will meet again in March to decide whether rates rise further."
)
ASIDE = "Gardeners in the valley reported an unusually early crop of tulips."


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


def _sentences(doc: Doc) -> list[str]:
    return [sent.text.strip() for sent in sentences_of(doc)]


# --- the tokenizer -------------------------------------------------------------------------


def test_tokenizer_splits_sentences_with_spacy(nlp: Language) -> None:
    tokenizer = SpacyTokenizer(nlp)
    text = 'Dr. Smith arrived at 9 a.m. in Paris. "We will win," she said! Did they?'
    assert tokenizer.to_sentences(text) == (
        "Dr. Smith arrived at 9 a.m. in Paris.",
        '"We will win," she said!',
        "Did they?",
    )
    assert tokenizer.language == "english"


def test_tokenizer_words_drop_punctuation_and_clitics(nlp: Language) -> None:
    words = SpacyTokenizer(nlp).to_words('"It\'s over," the U.S. envoy said -- 76% of it.')
    assert words == ("It", "over", "the", "U.S.", "envoy", "said", "76", "of", "it")


def test_tokenizer_needs_sentence_boundaries() -> None:
    with pytest.raises(ValueError, match="sentence boundaries"):
        SpacyTokenizer(spacy.blank("en"))


def test_sumy_parser_and_summarizer_accept_the_tokenizer(nlp: Language) -> None:
    parser = PlaintextParser.from_string(STORY, SpacyTokenizer(nlp))
    assert len(parser.document.paragraphs) == 3
    assert len(parser.document.sentences) == 6
    picked = [str(sentence) for sentence in TextRankSummarizer()(parser.document, 2)]
    assert len(picked) == 2
    assert set(picked) <= set(_sentences(nlp(STORY)))


def test_ours_is_a_sumy_summarizer(nlp: Language) -> None:
    document = PlaintextParser.from_string(STORY, SpacyTokenizer(nlp)).document
    summarizer = CentralitySummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    picked = summarizer(document, "50%")
    assert len(picked) == 3
    order = list(document.sentences)
    assert [order.index(sentence) for sentence in picked] == sorted(
        order.index(sentence) for sentence in picked
    )
    assert ASIDE not in [str(sentence) for sentence in picked]


# --- summarize_doc ---------------------------------------------------------------------------


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_each_algorithm_picks_count_sentences_of_the_doc_in_order(
    nlp: Language, algorithm: str
) -> None:
    doc = nlp((ROOT / "seeds" / "istanbul-talks.txt").read_text(encoding="utf-8"))
    sentences = _sentences(doc)
    assert len(sentences) > 6
    for count in (1, 3, 5):
        summary = summarize_doc(doc, count, algorithm)
        assert len(summary) == count
        positions = [sentences.index(sentence) for sentence in summary]
        assert positions == sorted(set(positions))


# Not TextRank or LexRank: sumy's versions rank a sentence linked to no other highly (a
# dangling node, a self-loop), one reason "ours" beats them.
@pytest.mark.parametrize("algorithm", ["ours", "luhn"])
def test_centrality_leaves_out_the_unrelated_aside(nlp: Language, algorithm: str) -> None:
    summary = summarize_doc(nlp(STORY), 3, algorithm)
    assert len(summary) == 3
    assert ASIDE not in summary


@pytest.mark.parametrize("algorithm", ["textrank", "lexrank", "lsa", "luhn"])
def test_same_picks_as_sumy_on_its_own_parse(nlp: Language, algorithm: str) -> None:
    # summarize_doc builds sumy's document from the Doc; sumy's PlaintextParser with our
    # tokenizer builds it from the text. Where they see the same sentences, picks must agree.
    summarizer = {
        "textrank": TextRankSummarizer,
        "lexrank": LexRankSummarizer,
        "lsa": LsaSummarizer,
        "luhn": LuhnSummarizer,
    }[algorithm](Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    document = PlaintextParser.from_string(STORY, SpacyTokenizer(nlp)).document
    doc = nlp(STORY)
    assert [str(sentence) for sentence in document.sentences] == _sentences(doc)
    for count in (2, 3, 4):
        expected = [str(sentence) for sentence in summarizer(document, count)]
        assert summarize_doc(doc, count, algorithm) == expected


def test_algorithms_are_really_different(nlp: Language) -> None:
    doc = nlp((ROOT / "seeds" / "istanbul-talks.txt").read_text(encoding="utf-8"))
    picks = {tuple(summarize_doc(doc, 3, algorithm)) for algorithm in ALGORITHMS}
    assert len(picks) >= 3


def test_default_is_ours() -> None:
    assert DEFAULT_ALGORITHM == "ours"
    assert set(ALGORITHMS) == {"ours", "textrank", "lexrank", "lsa", "luhn"}


def test_unknown_algorithm_names_the_valid_ones(nlp: Language) -> None:
    doc = nlp(STORY)
    with pytest.raises(ValueError, match="bogus") as raised:
        summarize_doc(doc, 2, "bogus")
    assert all(name in str(raised.value) for name in ALGORITHMS)
    with pytest.raises(ValueError, match="TextRank"):
        summarize_doc(doc, 2, "TextRank")
    with pytest.raises(ValueError, match="choose one of"):
        summarize_text(STORY, 2, "edmundson", nlp)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize(
    ("text", "count", "expected"),
    [
        ("", 3, []),
        ("  \n\n \t ", 3, []),
        ("Only one sentence here.", 3, ["Only one sentence here."]),
        ("Only one sentence here.", 1, ["Only one sentence here."]),
        ("First point. Second point.", 0, []),
        ("First point. Second point.", -2, []),
        ("First point.\nSecond point.", 2, ["First point.", "Second point."]),
        ("First point.\nSecond point.", 9, ["First point.", "Second point."]),
    ],
)
def test_degenerate_docs(
    nlp: Language, algorithm: str, text: str, count: int, expected: list[str]
) -> None:
    assert summarize_doc(nlp(text), count, algorithm) == expected


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize(
    "text",
    [
        "!!! ??? ...\n* * *\n--- ---",
        "It is. It was. Is it?\nThey were.",
        "Same words again. Same words again. Same words again. Same words again.",
    ],
)
def test_sentences_without_content_words_do_not_crash(
    nlp: Language, algorithm: str, text: str
) -> None:
    doc = nlp(text)
    sentences = _sentences(doc)
    assert len(sentences) >= 3
    summary = summarize_doc(doc, 2, algorithm)
    assert len(summary) == 2
    assert all(sentence in sentences for sentence in summary)


def test_ours_skips_a_near_duplicate_while_others_are_left(nlp: Language) -> None:
    repeated = "The central bank raised interest rates to 5% on Tuesday."
    doc = nlp(f"{STORY}\n{repeated}")
    assert _sentences(doc).count(repeated) == 2
    summary = summarize_doc(doc, 3, "ours")
    assert summary.count(repeated) <= 1
    # With only duplicates left, they still fill the count.
    twice = nlp(f"{repeated}\n{repeated}\nShares were flat.")
    assert summarize_doc(twice, 3, "ours") == [repeated, repeated, "Shares were flat."]
    assert len(summarize_doc(twice, 2, "ours")) == 2


def test_ours_ranks_by_word_overlap_with_a_lead_prior() -> None:
    summarizer = CentralitySummarizer()
    # Sentence 1 shares two words with the rest, 0 and 2 share one each, 3 shares none.
    ratings = summarizer.rate_sentences([["bank"], ["bank", "rate"], ["rate"], ["tulip"], []])
    assert ratings[1] > ratings[0] > ratings[2] > ratings[3] > ratings[4] == 0.0
    weight, decay = summarizer.lead_weight, summarizer.lead_decay
    # The most central sentence has all the centrality share, plus its lead prior...
    assert ratings[1] == pytest.approx(1 - weight + weight * math.exp(-decay * 1))
    # ...and a word found nowhere else adds nothing: "tulip" has only its lead prior.
    assert ratings[3] == pytest.approx(weight * math.exp(-decay * 3))
    # Equal centrality: the earlier sentence wins, by the lead prior only.
    even = summarizer.rate_sentences([["bank", "rate"], ["bank", "rate"]])
    assert even[0] > even[1] > even[0] - summarizer.lead_weight


def test_uses_the_docs_own_sentences_without_parsing_again(nlp: Language) -> None:
    # Boundaries no parser would draw, in a Doc that never went through a pipeline.
    words = ["rates", "rise", "again", "banks", "rates", "rise", "tulips", "bloom", "rates"]
    starts = [True, False, False, True, False, False, True, False, True]
    doc = Doc(nlp.vocab, words=words, sent_starts=starts)
    for algorithm in ALGORITHMS:
        summary = summarize_doc(doc, 2, algorithm)
        assert len(summary) == 2
        assert set(summary) <= {"rates rise again", "banks rates rise", "tulips bloom", "rates"}
    assert summarize_doc(doc, 2, "ours") == ["rates rise again", "banks rates rise"]


def test_a_doc_without_sentence_boundaries_is_one_sentence(nlp: Language) -> None:
    doc = nlp.make_doc("No parser ran. So this is all one.")
    assert summarize_doc(doc, 1) == ["No parser ran. So this is all one."]


def test_sentences_come_back_stripped_and_whole(nlp: Language) -> None:
    first, second = "The bank raised rates.", "The bank will raise rates in March."
    doc = nlp(f"\n\n  {first}  \n\n{second}\n\nTulips.\n")
    assert summarize_doc(doc, 2) == [first, second]


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_long_docs_rank_only_the_leading_sentences(nlp: Language, algorithm: str) -> None:
    # The leading sentences share few words; the later ones, past the cap, repeat each other
    # and would be the most central if they were ranked.
    words: list[str] = []
    starts: list[bool] = []
    for index in range(3 * MAX_SENTENCES):
        if index < MAX_SENTENCES:
            sentence = [f"alpha{index}", f"beta{index}", f"gamma{index % 7}", "rates"]
        else:
            sentence = ["bank", "rates", "rise", "lenders", f"delta{index % 3}"]
        words += [*sentence, "."]
        starts += [True, *([False] * len(sentence))]
    doc = Doc(nlp.vocab, words=words, sent_starts=starts)
    leading = set(_sentences(doc)[:MAX_SENTENCES])
    started = time.perf_counter()
    summary = summarize_doc(doc, 5, algorithm)
    assert time.perf_counter() - started < 30
    assert len(summary) == 5
    assert set(summary) <= leading


def test_summarize_text_parses_then_summarises(nlp: Language) -> None:
    assert summarize_text(STORY, 3, "ours", nlp) == summarize_doc(nlp(STORY), 3, "ours")
    assert summarize_text(STORY, 2) == summarize_doc(nlp(STORY), 2)


# --- the benchmark's ROUGE -------------------------------------------------------------------


@pytest.fixture(scope="module")
def benchmark() -> ModuleType:
    path = ROOT / "benchmarks" / "summary_quality.py"
    spec = importlib.util.spec_from_file_location("summary_quality_benchmark", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_rouge_n_against_hand_counts(benchmark: ModuleType) -> None:
    reference = benchmark.tokens("The cat sat on the mat.")
    candidate = benchmark.tokens("The cat lay on the mat, the end")
    # Unigrams: candidate 8, reference 6, clipped matches the x2, cat, on, mat = 5.
    assert benchmark.rouge_n(candidate, reference, 1) == pytest.approx(2 * 5 / (8 + 6))
    # Bigrams: candidate 7, reference 5, matches "the cat", "on the", "the mat" = 3.
    assert benchmark.rouge_n(candidate, reference, 2) == pytest.approx(2 * 3 / (7 + 5))
    assert benchmark.rouge_n(reference, reference, 2) == 1.0
    assert benchmark.rouge_n(benchmark.tokens("dogs bark"), reference, 1) == 0.0


def test_rouge_lsum_ignores_sentence_order_but_not_word_order(benchmark: ModuleType) -> None:
    first = benchmark.tokens("the bank raised rates")
    second = benchmark.tokens("lenders followed within weeks")
    assert benchmark.rouge_lsum([second, first], [first, second]) == 1.0
    shuffled = benchmark.tokens("rates raised bank the")
    # The longest common subsequence of a reversed sentence is one word.
    assert benchmark.rouge_lsum([shuffled], [first]) == pytest.approx(0.25)
    # Union of LCS: "the bank" from one candidate sentence, "rates" from another.
    split = [benchmark.tokens("the bank said"), benchmark.tokens("rates fell")]
    assert benchmark.rouge_lsum(split, [first]) == pytest.approx(2 * (3 / 5) * (3 / 4) / 1.35)
