"""Scoring extracted key points against hand-annotated gold (the dev set in tests/devset/).

Pure: the caller loads the gold JSON and runs the extractor; this module only compares.
A gold file lists, per category, entities with a canonical `name` and the `aliases` an
extractor may reasonably output instead ("Blair", "the Tories"). A predicted name matches a
gold entry when its normalised form equals the entry's name or one of its aliases; each gold
entry and each prediction is used at most once, so a second entry for the same actor counts
as a false positive (the API promises one entry per actor).

Attendees are scored by name; whether their status ("attending"/"expected") is right is a
separate accuracy over the matched pairs, so a status slip does not hide a found attendee.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from summarizer.model import KeyPoints

__all__ = [
    "CATEGORIES",
    "STATUSES",
    "ArticleScore",
    "CategoryScore",
    "Gold",
    "GoldEntry",
    "StatusScore",
    "match_names",
    "micro_average",
    "names_match",
    "normalise_name",
    "predicted_names",
    "score_article",
    "score_names",
]

CATEGORIES = ("attendees", "absentees", "speakers")
STATUSES = ("attending", "expected")

# Honorifics carry no identity ("Mr Blair" is Blair); role titles ("Foreign Secretary") do not
# belong in a canonical name, so they are deliberately not stripped: outputting them is an error.
_TITLES = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "lord", "lady", "sir", "dame"}
    | {"baroness", "baron", "rev", "reverend"}
)
_ARTICLES = frozenset({"the"})
# Dots and apostrophes vanish ("U.S." = "US", "O'Brien" = "OBrien"); other punctuation separates.
_DROPPED = re.compile(r"[.'’‘`´]")
_SEPARATORS = re.compile(r"[^\w]+|_")


def normalise_name(name: str) -> str:
    """Casefolded, accent-free, punctuation- and space-normalised, without leading honorifics."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = _SEPARATORS.sub(" ", _DROPPED.sub("", plain.casefold())).split()
    while len(words) > 1 and (words[0] in _TITLES or words[0] in _ARTICLES):
        words.pop(0)
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class GoldEntry:
    name: str
    aliases: tuple[str, ...] = ()
    status: str | None = None  # attendees only

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(normalise_name(n) for n in (self.name, *self.aliases)) - {""}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, with_status: bool = False) -> GoldEntry:
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"gold entry without a name: {data!r}")
        aliases = data.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise ValueError(f"aliases of {name!r} must be a list of strings")
        status = data.get("status")
        if with_status and status not in STATUSES:
            raise ValueError(f"attendee {name!r} has status {status!r}, expected one of {STATUSES}")
        return cls(name=name, aliases=tuple(aliases), status=status if with_status else None)


@dataclass(frozen=True, slots=True)
class Gold:
    """One annotated article."""

    source: str
    attendees: tuple[GoldEntry, ...] = ()
    absentees: tuple[GoldEntry, ...] = ()
    speakers: tuple[GoldEntry, ...] = ()
    notes: str = ""

    def entries(self, category: str) -> tuple[GoldEntry, ...]:
        by_category = {
            "attendees": self.attendees,
            "absentees": self.absentees,
            "speakers": self.speakers,
        }
        return by_category[_checked(category)]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Gold:
        """Parses a gold file's JSON; raises ValueError naming what is malformed."""
        missing = [k for k in ("source", *CATEGORIES) if k not in data]
        if missing:
            raise ValueError(f"gold lacks required keys: {', '.join(missing)}")
        if not isinstance(data["source"], str) or not data["source"]:
            raise ValueError("gold 'source' must be a non-empty path")
        parsed: dict[str, tuple[GoldEntry, ...]] = {}
        for category in CATEGORIES:
            if not isinstance(data[category], list):
                raise ValueError(f"gold {category!r} must be a list")
            parsed[category] = tuple(
                GoldEntry.from_dict(e, with_status=category == "attendees") for e in data[category]
            )
        for category, entries in parsed.items():
            # One entity per entry: a shared key would make the matching arbitrary.
            seen: dict[str, int] = {}
            for index, entry in enumerate(entries):
                for key in entry.keys:
                    if key in seen:
                        raise ValueError(
                            f"{category}: {key!r} names both {entries[seen[key]].name!r} "
                            f"and {entry.name!r}"
                        )
                    seen[key] = index
        return cls(
            source=data["source"],
            attendees=parsed["attendees"],
            absentees=parsed["absentees"],
            speakers=parsed["speakers"],
            notes=str(data.get("notes", "")),
        )


def _checked(category: str) -> str:
    if category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r}; expected one of {CATEGORIES}")
    return category


def names_match(predicted: str, entry: GoldEntry) -> bool:
    return normalise_name(predicted) in entry.keys


def match_names(predicted: Sequence[str], gold: Sequence[GoldEntry]) -> dict[int, int]:
    """A maximum one-to-one matching: {prediction index: gold index}.

    Maximum rather than greedy so that an ambiguous alias ("Howard" for two Howards) cannot
    steal the entry another prediction names exactly.
    """
    candidates = [_candidates(name, gold) for name in predicted]
    owner: dict[int, int] = {}  # gold index -> prediction index

    def augment(p: int, visited: set[int]) -> bool:
        for g in candidates[p]:
            if g in visited:
                continue
            visited.add(g)
            if g not in owner or augment(owner[g], visited):
                owner[g] = p
                return True
        return False

    for p in range(len(predicted)):
        augment(p, set())
    return {p: g for g, p in owner.items()}


def _candidates(name: str, gold: Sequence[GoldEntry]) -> list[int]:
    """Indices of the gold entries `name` may stand for; the one it names exactly first."""
    key = normalise_name(name)
    hits = [g for g, entry in enumerate(gold) if key in entry.keys]
    return sorted(hits, key=lambda g: normalise_name(gold[g].name) != key)


@dataclass(frozen=True, slots=True)
class CategoryScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    false_positives: tuple[str, ...] = ()  # predicted names that match no gold entry
    misses: tuple[str, ...] = ()  # canonical names of unmatched gold entries

    @property
    def precision(self) -> float:
        # Claiming nothing is never wrong; recall carries the cost of silence.
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: CategoryScore) -> CategoryScore:
        return CategoryScore(
            tp=self.tp + other.tp,
            fp=self.fp + other.fp,
            fn=self.fn + other.fn,
            false_positives=self.false_positives + other.false_positives,
            misses=self.misses + other.misses,
        )


@dataclass(frozen=True, slots=True)
class StatusScore:
    """Status agreement over the attendees matched by name."""

    correct: int = 0
    total: int = 0
    wrong: tuple[tuple[str, str, str], ...] = ()  # (gold name, predicted, gold status)

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None

    def __add__(self, other: StatusScore) -> StatusScore:
        return StatusScore(
            self.correct + other.correct, self.total + other.total, self.wrong + other.wrong
        )


@dataclass(frozen=True, slots=True)
class ArticleScore:
    source: str
    categories: dict[str, CategoryScore] = field(default_factory=dict)
    status: StatusScore = field(default_factory=StatusScore)


def score_names(predicted: Sequence[str], gold: Sequence[GoldEntry]) -> CategoryScore:
    pairs = match_names(predicted, gold)
    matched_gold = set(pairs.values())
    return CategoryScore(
        tp=len(pairs),
        fp=len(predicted) - len(pairs),
        fn=len(gold) - len(matched_gold),
        false_positives=tuple(n for p, n in enumerate(predicted) if p not in pairs),
        misses=tuple(e.name for g, e in enumerate(gold) if g not in matched_gold),
    )


def predicted_names(points: KeyPoints, category: str) -> list[str]:
    if _checked(category) == "speakers":
        return [position.actor.name for position in points.positions]
    return [entry.name for entry in getattr(points, category)]


def score_article(points: KeyPoints, gold: Gold | Mapping[str, Any]) -> ArticleScore:
    if not isinstance(gold, Gold):
        gold = Gold.from_dict(gold)
    categories = {c: score_names(predicted_names(points, c), gold.entries(c)) for c in CATEGORIES}
    pairs = match_names([a.name for a in points.attendees], gold.attendees)
    wrong = tuple(
        (gold.attendees[g].name, points.attendees[p].status, str(gold.attendees[g].status))
        for p, g in pairs.items()
        if points.attendees[p].status != gold.attendees[g].status
    )
    status = StatusScore(correct=len(pairs) - len(wrong), total=len(pairs), wrong=wrong)
    return ArticleScore(source=gold.source, categories=categories, status=status)


def micro_average(scores: Iterable[ArticleScore]) -> ArticleScore:
    """Counts summed over articles: P/R/F1 of the totals, not a mean of per-article ratios."""
    totals = {c: CategoryScore() for c in CATEGORIES}
    status = StatusScore()
    for score in scores:
        for c in CATEGORIES:
            totals[c] = totals[c] + score.categories[c]
        status = status + score.status
    return ArticleScore(source="(all)", categories=totals, status=status)
