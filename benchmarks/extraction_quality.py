"""Key-point extraction quality: attendees, absentees and speakers against hand-annotated gold.

By default the gold files in tests/devset/gold/ (129 articles of the BBC corpus,
../shared/data/bbc-news-full, first line the title, the rest the body, annotated with the
conventions of issue 3) plus the seed article; with `--data tests/devset/wire --gold
tests/devset/wire/gold`, the project's own wire-style set (see tests/devset/wire/README.md).
`summarizer.extract_many` runs over all of them in one batch; names are matched as
`summarizer.evaluation` describes and P/R/F1 are micro-averaged over the set (the seed is scored
on its own line, since the extractor was built to pass it).

Baselines, measured in the same run: every distinct PERSON, ORG, GPE or NORP entity that the
bare spaCy pipeline finds, output as a speaker (and no attendees or absentees), which shows
what the extractor adds over named-entity recognition alone; and the extractor without its
learned attendance layer (the rules alone), which shows what that layer adds.

    .venv/bin/python benchmarks/extraction_quality.py [--data PATH] [--gold DIR] [--verbose]

Prints a table (with --verbose also each article's misses and false positives), then one JSON
line with every figure.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.evaluation import (  # noqa: E402
    CATEGORIES,
    ArticleScore,
    Gold,
    micro_average,
    normalise_name,
    score_article,
)
from summarizer.model import Actor, KeyPoints, Position  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared/data/bbc-news-full"
DEFAULT_GOLD = ROOT / "tests/devset/gold"
SEED_PREFIX = "seeds/"  # gold sources under the repo's seeds/, not the corpus
BASELINE_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})


@dataclass(frozen=True)
class Case:
    """One annotated article, read and split the way the extractor receives it."""

    gold: Gold
    title: str | None
    body: str

    @property
    def is_seed(self) -> bool:
        return self.gold.source.startswith(SEED_PREFIX)


def source_path(source: str, data: Path, root: Path = ROOT) -> Path:
    return root / source if source.startswith(SEED_PREFIX) else data / source


def load_cases(gold_dir: Path, data: Path, root: Path = ROOT, *, titled: bool = True) -> list[Case]:
    """Gold files in name order with their texts; corpus files carry a title line (unless
    `titled` is false: plain article bodies, such as pages saved from the web), seeds don't."""
    cases = []
    for path in sorted(gold_dir.glob("*.json")):
        gold = Gold.from_dict(json.loads(path.read_text(encoding="utf-8")))
        text = source_path(gold.source, data, root).read_text(encoding="utf-8")
        if gold.source.startswith(SEED_PREFIX) or not titled:
            cases.append(Case(gold, None, text.strip()))
        else:
            title, _, body = text.partition("\n")
            cases.append(Case(gold, title.strip() or None, body.strip()))
    return cases


def extract_cases(cases: Sequence[Case], *, learned: bool = True) -> list[KeyPoints]:
    """`extract_many` over the bodies with their titles, in one batched run (with `learned`
    off, the attendance rules alone, without the learned layer)."""
    from summarizer.extract import Extractor, default_extractor

    extractor = default_extractor() if learned else Extractor(learned_attendance=False)
    bodies, titles = [c.body for c in cases], [c.title for c in cases]
    return list(extractor.extract_many(bodies, titles=titles))


def entity_baseline(cases: Sequence[Case]) -> list[KeyPoints]:
    """Every distinct named person/organisation/place/group as a speaker."""
    from summarizer.nlp import DEFAULT_MODEL, load_pipeline

    nlp = load_pipeline(DEFAULT_MODEL)
    out = []
    for doc in nlp.pipe(case.body for case in cases):
        seen: dict[str, str] = {}
        for ent in doc.ents:
            if ent.label_ in BASELINE_LABELS:
                seen.setdefault(normalise_name(ent.text), ent.text)
        positions = tuple(Position(actor=Actor(name=name)) for name in seen.values())
        out.append(KeyPoints(positions=positions))
    return out


def summarise(scores: Iterable[ArticleScore]) -> dict[str, object]:
    total = micro_average(scores)
    figures: dict[str, object] = {
        c: {
            "precision": round(s.precision, 4),
            "recall": round(s.recall, 4),
            "f1": round(s.f1, 4),
            "tp": s.tp,
            "fp": s.fp,
            "fn": s.fn,
        }
        for c, s in total.categories.items()
    }
    accuracy = total.status.accuracy
    figures["status_accuracy"] = None if accuracy is None else round(accuracy, 4)
    figures["status_matched"] = total.status.total
    return figures


def print_table(rows: Sequence[tuple[str, dict[str, object]]]) -> None:
    header = f"{'system':<22}{'category':<11}{'P':>7}{'R':>7}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}"
    print(header)
    print("-" * len(header))
    for label, figures in rows:
        for category in CATEGORIES:
            f = figures[category]
            assert isinstance(f, dict)
            print(
                f"{label:<22}{category:<11}{f['precision']:>7.3f}{f['recall']:>7.3f}"
                f"{f['f1']:>7.3f}{f['tp']:>5}{f['fp']:>5}{f['fn']:>5}"
            )
        accuracy = figures["status_accuracy"]
        shown = "n/a" if accuracy is None else f"{accuracy:.3f}"
        print(f"{label:<22}{'status':<11}{shown:>7}  (over {figures['status_matched']} matched)")


def print_details(scores: Sequence[ArticleScore]) -> None:
    for score in scores:
        lines = []
        for category, s in score.categories.items():
            if s.misses:
                lines.append(f"  {category} missed: {'; '.join(s.misses)}")
            if s.false_positives:
                lines.append(f"  {category} false +: {'; '.join(s.false_positives)}")
        for name, predicted, gold in score.status.wrong:
            lines.append(f"  status of {name}: {predicted}, gold {gold}")
        if lines:
            print(score.source)
            print("\n".join(lines))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="bbc-news-full directory")
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="gold JSON directory")
    parser.add_argument("--verbose", action="store_true", help="per-article misses and false +")
    parser.add_argument(
        "--untitled", action="store_true", help="texts have no title line (plain article bodies)"
    )
    args = parser.parse_args(argv)

    cases = load_cases(args.gold, args.data, titled=not args.untitled)
    dev = [i for i, case in enumerate(cases) if not case.is_seed]
    seed = [i for i, case in enumerate(cases) if case.is_seed]

    started = time.perf_counter()
    predicted = extract_cases(cases)
    seconds = time.perf_counter() - started
    scores = [score_article(p, case.gold) for p, case in zip(predicted, cases, strict=True)]
    dev_cases = [cases[i] for i in dev]
    baseline = [
        score_article(p, case.gold)
        for p, case in zip(entity_baseline(dev_cases), dev_cases, strict=True)
    ]

    rules_only = [
        score_article(p, case.gold)
        for p, case in zip(extract_cases(dev_cases, learned=False), dev_cases, strict=True)
    ]

    figures = {
        "extractor (dev set)": summarise(scores[i] for i in dev),
        "rules only (dev)": summarise(rules_only),
        "NER baseline (dev)": summarise(baseline),
    }
    if seed:
        figures["extractor (seed)"] = summarise(scores[i] for i in seed)
    print(f"{len(dev)} dev-set articles, {len(seed)} seed; extraction took {seconds:.1f} s\n")
    print_table(list(figures.items()))
    if args.verbose:
        print()
        print_details(scores)
    print(
        json.dumps(
            {
                "articles": len(dev),
                "seed_articles": len(seed),
                "extract_seconds": round(seconds, 2),
                "devset": figures["extractor (dev set)"],
                "rules_only": figures["rules only (dev)"],
                "baseline": figures["NER baseline (dev)"],
                "seed": figures.get("extractor (seed)"),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
