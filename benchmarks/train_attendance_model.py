"""Train the learned attendance layer (summarizer/attendance_model.py) and report what it adds.

Reads the project's annotated sets (the wire set in tests/devset/wire and the BBC dev set in
tests/devset/gold, whose texts are in ../shared/data/bbc-news-full), runs the extractor's rules
on each article, and fits a logistic regression (scikit-learn, `pip install -e '.[train]'`)
over the features of every actor the rules could list: label 1 when the gold lists it as an
attendee. Before the final fit it prints, for each set, attendee P/R/F1 of the rules alone and
of the rules plus a model trained on the other sets only, so the figure for a set is never
measured on text the model learned from. `--extra DATA GOLD` adds a set (untitled texts) to
the report and, with `--train-extra`, to the training data.

    .venv/bin/python benchmarks/train_attendance_model.py [--write] [--threshold 0.35]

With --write the weights go to summarizer/data/attendance_model.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sklearn.feature_extraction import DictVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from summarizer.actors import ActorIndex  # noqa: E402
from summarizer.attendance import rules_and_candidates  # noqa: E402
from summarizer.attendance_model import MODEL_PATH, LinearModel  # noqa: E402
from summarizer.evaluation import CategoryScore, Gold, names_match, score_names  # noqa: E402
from summarizer.extract import clean_text, default_extractor  # noqa: E402
from summarizer.quotes import find_quotes  # noqa: E402

BBC = (ROOT.parent / "shared/data/bbc-news-full", ROOT / "tests/devset/gold", True)
WIRE = (ROOT / "tests/devset/wire", ROOT / "tests/devset/wire/gold", True)
REGULARISATION = 0.3  # inverse strength; chosen by leave-one-set-out F1


@dataclass(frozen=True)
class Row:
    name: str
    features: frozenset[str]
    decided: bool  # the rules listed it (attending, expected or absent)
    label: bool


@dataclass(frozen=True)
class Article:
    gold: Gold
    rules: tuple[str, ...]  # attendee names the rules output
    rows: tuple[Row, ...]


def load_set(data: Path, gold_dir: Path, titled: bool) -> list[Article]:
    nlp = default_extractor().nlp
    articles = []
    for path in sorted(gold_dir.glob("*.json")):
        gold = Gold.from_dict(json.loads(path.read_text(encoding="utf-8")))
        if gold.source.startswith("seeds/"):
            continue
        raw = (data / gold.source).read_text(encoding="utf-8")
        body = raw.partition("\n")[2] if titled else raw
        doc = nlp(clean_text(body))
        sents = [s for s in doc.sents if s.text.strip()]
        rules, candidates = rules_and_candidates(doc, sents, ActorIndex(doc, find_quotes(doc)))
        rows = tuple(
            Row(
                name=c.actor.name,
                features=c.features,
                decided="rule" in c.features,
                label=any(names_match(c.actor.name, e) for e in gold.attendees),
            )
            for c in candidates
        )
        articles.append(Article(gold, tuple(a.name for a in rules.attendees), rows))
    return articles


def fit(articles: Sequence[Article], threshold: float) -> LinearModel:
    rows = [r for a in articles for r in a.rows]
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([dict.fromkeys(r.features, 1) for r in rows])
    model = LogisticRegression(C=REGULARISATION, max_iter=5000)
    model.fit(x, [r.label for r in rows])
    weights = {
        name: round(float(w), 4)
        for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0], strict=True)
        if abs(w) >= 1e-3
    }
    return LinearModel(
        weights=weights, bias=round(float(model.intercept_[0]), 4), threshold=threshold
    )


def score(articles: Sequence[Article], model: LinearModel | None) -> CategoryScore:
    total = CategoryScore()
    for article in articles:
        names = list(article.rules)
        if model is not None:
            names += [
                r.name
                for r in article.rows
                if not r.decided
                and r.name not in names
                and model.probability(r.features) > model.threshold
            ]
        total = total + score_names(names, article.gold.attendees)
    return total


def line(label: str, s: CategoryScore) -> str:
    return f"  {label:<28} P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=0.35)
    parser.add_argument("--extra", nargs=2, metavar=("DATA", "GOLD"), type=Path)
    parser.add_argument("--train-extra", action="store_true")
    parser.add_argument("--write", action="store_true", help=f"write {MODEL_PATH.name}")
    args = parser.parse_args(argv)

    sets = {"wire": load_set(*WIRE), "bbc": load_set(*BBC)}
    extra = load_set(args.extra[0], args.extra[1], titled=False) if args.extra else []
    training = dict(sets, **({"extra": extra} if args.train_extra and extra else {}))
    report = dict(training, **({"extra": extra} if extra else {}))
    print(f"attendees, threshold {args.threshold}; each set scored by a model not trained on it")
    figures = {}
    for name, articles in report.items():
        others = [a for other, arts in training.items() if other != name for a in arts]
        rules, learned = score(articles, None), score(articles, fit(others, args.threshold))
        print(f"{name} ({len(articles)} articles)")
        print(line("rules", rules))
        print(line("rules + learned layer", learned))
        figures[name] = {"rules_f1": round(rules.f1, 4), "learned_f1": round(learned.f1, 4)}
    final = fit([a for arts in training.values() for a in arts], args.threshold)
    if args.write:
        payload = {
            "trained_on": sorted(training),
            "regularisation": REGULARISATION,
            "threshold": final.threshold,
            "bias": final.bias,
            "weights": dict(sorted(final.weights.items())),
        }
        MODEL_PATH.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH.relative_to(ROOT)} ({len(final.weights)} weights)")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
