"""Summary quality: ROUGE-1/2/L of each summary algorithm against human-picked extracts.

For every article of the BBC News Summary subset (../shared/data/bbc-news-summary-100) each
system picks as many sentences as the reference summary has; the baseline lead-k takes the
first k. All systems summarise the same spaCy Doc of the article without its title line.
Scores are F-measures averaged over articles; ROUGE-L is the summary-level (union) LCS of
Lin (2004), the "rougeLsum" of Google's rouge-score, because the reference sentences are not in
article order. Tokens are lower-cased alphanumeric runs, without stemming.

The run also times each algorithm's `summarize_doc` against the spaCy parse of the same texts.

    .venv/bin/python benchmarks/summary_quality.py [--data PATH] [--model NAME]

Prints a table, then one JSON line with every figure.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from summarizer.nlp import DEFAULT_MODEL, load_pipeline
from summarizer.sentences import sentences_of
from summarizer.summary import ALGORITHMS, DEFAULT_ALGORITHM, summarize_doc

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared/data/bbc-news-summary-100"
BASELINE = "lead"

_TOKEN = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Article:
    name: str
    text: str  # the article without its title line
    reference: tuple[str, ...]  # one sentence per line


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def _f_measure(hits: int, candidate_total: int, reference_total: int) -> float:
    if not hits:
        return 0.0
    precision, recall = hits / candidate_total, hits / reference_total
    return 2 * precision * recall / (precision + recall)


def rouge_n(candidate: Sequence[str], reference: Sequence[str], n: int) -> float:
    """ROUGE-N F-measure of two token lists (n-gram matches clipped by reference counts)."""

    def grams(words: Sequence[str]) -> Counter[tuple[str, ...]]:
        return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))

    cand, ref = grams(candidate), grams(reference)
    hits = sum((cand & ref).values())
    return _f_measure(hits, sum(cand.values()), sum(ref.values()))


def _lcs_positions(reference: Sequence[str], candidate: Sequence[str]) -> set[int]:
    """Positions in `reference` of one longest common subsequence with `candidate`."""
    rows, cols = len(reference), len(candidate)
    table = [[0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows):
        for j in range(cols):
            table[i + 1][j + 1] = (
                table[i][j] + 1
                if reference[i] == candidate[j]
                else max(table[i][j + 1], table[i + 1][j])
            )
    positions: set[int] = set()
    i, j = rows, cols
    while i and j:
        if reference[i - 1] == candidate[j - 1]:
            positions.add(i - 1)
            i, j = i - 1, j - 1
        elif table[i - 1][j] >= table[i][j - 1]:
            i -= 1
        else:
            j -= 1
    return positions


def rouge_lsum(candidate: Sequence[Sequence[str]], reference: Sequence[Sequence[str]]) -> float:
    """Summary-level ROUGE-L F-measure of two summaries given as lists of tokenised sentences.

    Each reference sentence scores the union of its LCS with every candidate sentence; a
    token counts at most as often as it occurs in either summary (as rouge-score does).
    """
    cand_left = Counter(word for sentence in candidate for word in sentence)
    ref_left = Counter(word for sentence in reference for word in sentence)
    cand_total, ref_total = sum(cand_left.values()), sum(ref_left.values())
    hits = 0
    for ref_sentence in reference:
        union: set[int] = set()
        for cand_sentence in candidate:
            union |= _lcs_positions(ref_sentence, cand_sentence)
        for position in sorted(union):
            word = ref_sentence[position]
            if cand_left[word] > 0 and ref_left[word] > 0:
                hits += 1
                cand_left[word] -= 1
                ref_left[word] -= 1
    return _f_measure(hits, cand_total, ref_total)


def load_articles(data: Path) -> list[Article]:
    articles = []
    for path in sorted((data / "article").glob("*/*.txt")):
        relative = path.relative_to(data / "article")
        lines = path.read_text(encoding="utf-8").splitlines()
        summary_path = data / "summary" / relative
        reference = tuple(
            line.strip() for line in summary_path.read_text(encoding="utf-8").splitlines()
        )
        articles.append(
            Article(
                name=str(relative),
                # The first line is the title: no system may pick it, none gets to read it.
                text="\n".join(lines[1:]).strip(),
                reference=tuple(line for line in reference if line),
            )
        )
    if not articles:
        raise SystemExit(f"no articles under {data / 'article'}")
    return articles


def lead(doc: Doc, count: int) -> list[str]:
    return [sent.text.strip() for sent in sentences_of(doc)[:count]]


def _system(algorithm: str) -> Callable[[Doc, int], list[str]]:
    return lambda doc, count: summarize_doc(doc, count, algorithm)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="dataset directory")
    parser.add_argument("--model", default=DEFAULT_MODEL, help="spaCy pipeline to load")
    args = parser.parse_args(argv)

    articles = load_articles(args.data)
    nlp = load_pipeline(args.model)
    texts = [article.text for article in articles]
    started = time.perf_counter()
    docs = list(nlp.pipe(texts))
    parse_seconds = time.perf_counter() - started
    references = [[tokens(line) for line in article.reference] for article in articles]

    systems: dict[str, Callable[[Doc, int], list[str]]] = {BASELINE: lead}
    systems.update((algorithm, _system(algorithm)) for algorithm in ALGORITHMS)
    results: dict[str, dict[str, float]] = {}
    for name, system in systems.items():
        scores = {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}
        seconds = 0.0
        for doc, article, reference in zip(docs, articles, references, strict=True):
            started = time.perf_counter()
            summary = system(doc, len(article.reference))
            seconds += time.perf_counter() - started
            candidate = [tokens(sentence) for sentence in summary]
            flat_candidate = [word for sentence in candidate for word in sentence]
            flat_reference = [word for sentence in reference for word in sentence]
            scores["rouge1"] += rouge_n(flat_candidate, flat_reference, 1)
            scores["rouge2"] += rouge_n(flat_candidate, flat_reference, 2)
            scores["rougeL"] += rouge_lsum(candidate, reference)
        results[name] = {key: round(total / len(articles), 4) for key, total in scores.items()}
        results[name]["ms_per_article"] = round(1000 * seconds / len(articles), 2)
        results[name]["cost_vs_parse"] = round(seconds / parse_seconds, 4)

    parse_ms = 1000 * parse_seconds / len(articles)
    print(f"{len(articles)} articles, model {args.model}, parse {parse_ms:.1f} ms/article")
    print(f"{'system':<10} {'R-1':>7} {'R-2':>7} {'R-L':>7} {'ms/art':>8} {'vs parse':>9}")
    for name, figures in results.items():
        marker = " (default)" if name == DEFAULT_ALGORITHM else ""
        print(
            f"{name:<10} {figures['rouge1']:>7.4f} {figures['rouge2']:>7.4f} "
            f"{figures['rougeL']:>7.4f} {figures['ms_per_article']:>8.2f} "
            f"{figures['cost_vs_parse']:>9.1%}{marker}"
        )
    plain = [algorithm for algorithm in ALGORITHMS if algorithm != "ours"]
    best_plain = max(plain, key=lambda algorithm: results[algorithm]["rouge2"])
    default_beats_plain = all(
        results[DEFAULT_ALGORITHM][key] >= results[best_plain][key]
        for key in ("rouge1", "rouge2", "rougeL")
    )
    print(
        f"default {DEFAULT_ALGORITHM!r} vs best plain sumy {best_plain!r} (by R-2): "
        f"{'at least as good' if default_beats_plain else 'WORSE'} on R-1, R-2 and R-L"
    )
    print(
        json.dumps(
            {
                "benchmark": "summary_quality",
                "articles": len(articles),
                "model": args.model,
                "baseline": BASELINE,
                "default": DEFAULT_ALGORITHM,
                "best_plain_sumy": best_plain,
                "default_at_least_best_plain": default_beats_plain,
                "parse_ms_per_article": round(parse_ms, 2),
                "systems": results,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
