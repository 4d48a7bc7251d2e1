"""One story per event: cluster extracted articles across feeds and merge their key points.

Matching compares an article with the stories of the last `briefing.story_window`:
TF-IDF cosine of stemmed terms (title terms weigh most), title overlap, and shared actors
from the key points. Each story keeps a small `signature` (top terms, title terms, actor keys)
so that matching never re-reads old articles.

Merging keeps, for every attendee, absentee and statement, the sources that support it. When
sources disagree about someone (attending in one, absent in another) both entries stay,
attributed, and are marked `disputed`. The revision goes up only when the merged key points
change, not when one more outlet repeats them.
"""

from __future__ import annotations

import asyncio
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from sumy.nlp.stemmers import Stemmer
from sumy.utils import get_stop_words

from bot.config import Settings
from bot.domain import Article
from bot.store import Store
from bot.store.stories import StoryDraft
from summarizer.model import Attendance, KeyPoints

__all__ = [
    "MATCH_THRESHOLD",
    "article_features",
    "fingerprint",
    "merge_keypoints",
    "similarity",
    "story_draft",
    "update_stories",
    "whats_new",
]

# Calibrated on BBC News (tests/stories): another outlet's rewrite of a report scores 0.5-0.8
# against the original, a random half of its sentences 0.5-0.9; 99% of pairs of unrelated
# reports from the same desk stay below 0.25, and follow-ups in a months-long saga reach
# 0.35-0.5 (the time window keeps those apart).
MATCH_THRESHOLD = 0.40
_TITLE_WEIGHT, _SUMMARY_WEIGHT, _BODY_WEIGHT = 3.0, 2.0, 1.0
_BODY_CHARS = 3000
_SIGNATURE_TERMS = 80
_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]", re.UNICODE)
_STOP = frozenset(get_stop_words("english")) | {"said", "says", "say", "told", "also", "would"}


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer:
    return Stemmer("english")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return str(_stemmer()(word))


def terms(text: str) -> list[str]:
    """Stemmed content words of `text` (no stop words, no numbers)."""
    out = []
    for match in _WORD.finditer(text.lower()):
        word = match.group().replace("’", "'").removesuffix("'s")
        if len(word) < 3 or word in _STOP:
            continue
        out.append(_stem(word))
    return out


def _name_tokens(name: str) -> tuple[str, ...]:
    return tuple(t for t in re.split(r"[^\w]+", name.casefold()) if t)


def same_actor(a: str, b: str) -> bool:
    """'Putin' and 'Vladimir Putin' are one actor: the shorter name ends the longer one."""
    ta, tb = _name_tokens(a), _name_tokens(b)
    if not ta or not tb:
        return False
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    return long_[-len(short) :] == short


def _actor_key(name: str) -> str:
    tokens = _name_tokens(name)
    return tokens[-1] if tokens else ""


# -- features and similarity ----------------------------------------------------------------------


@dataclass(slots=True)
class Features:
    """What matching needs from an article or a story."""

    terms: dict[str, float]  # sublinear, weighted term frequencies (not yet IDF-weighted)
    title_terms: frozenset[str]
    actors: frozenset[str]  # actor keys (last name tokens), from the key points

    def to_signature(self, n_articles: int) -> dict[str, Any]:
        top = sorted(self.terms.items(), key=lambda kv: (-kv[1], kv[0]))[:_SIGNATURE_TERMS]
        return {
            "terms": {t: round(w, 4) for t, w in top},
            "title_terms": sorted(self.title_terms),
            "actors": sorted(self.actors),
            "articles": n_articles,
        }

    @classmethod
    def from_signature(cls, signature: dict[str, Any]) -> Features:
        return cls(
            terms={str(k): float(v) for k, v in (signature.get("terms") or {}).items()},
            title_terms=frozenset(signature.get("title_terms") or ()),
            actors=frozenset(signature.get("actors") or ()),
        )


def _actor_names(points: KeyPoints | None) -> list[str]:
    if points is None:
        return []
    names = [a.name for a in points.attendees] + [a.name for a in points.absentees]
    return names + [p.actor.name for p in points.positions]


def article_features(article: Article) -> Features:
    points = article.keypoints
    title = article.title or (points.title if points else None) or ""
    counts: Counter[str] = Counter()
    for text, weight in (
        (title, _TITLE_WEIGHT),
        (" ".join(points.summary) if points else "", _SUMMARY_WEIGHT),
        (article.text[:_BODY_CHARS], _BODY_WEIGHT),
    ):
        for term, n in Counter(terms(text)).items():
            counts[term] += weight * (1.0 + math.log(n))
    actors = frozenset(k for k in map(_actor_key, _actor_names(points)) if k)
    return Features(terms=dict(counts), title_terms=frozenset(terms(title)), actors=actors)


def combine(features: Sequence[Features], title_terms: frozenset[str]) -> Features:
    """A story's features: its articles' unit-length term vectors summed."""
    total: Counter[str] = Counter()
    for f in features:
        norm = math.sqrt(sum(w * w for w in f.terms.values())) or 1.0
        for term, weight in f.terms.items():
            total[term] += weight / norm
    actors = frozenset().union(*(f.actors for f in features)) if features else frozenset()
    return Features(terms=dict(total), title_terms=title_terms, actors=actors)


def _cosine(a: dict[str, float], b: dict[str, float], idf: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(w * b[t] * idf.get(t, 1.0) ** 2 for t, w in a.items() if t in b)
    if dot == 0.0:
        return 0.0
    na = math.sqrt(sum((w * idf.get(t, 1.0)) ** 2 for t, w in a.items()))
    nb = math.sqrt(sum((w * idf.get(t, 1.0)) ** 2 for t, w in b.items()))
    return dot / (na * nb)


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def similarity(a: Features, b: Features, idf: dict[str, float] | None = None) -> float:
    """0..1: how likely two texts report the same event."""
    idf = idf or {}
    text = _cosine(a.terms, b.terms, idf)
    titles = len(a.title_terms & b.title_terms) / (len(a.title_terms | b.title_terms) or 1)
    if a.actors and b.actors:
        # Shared actors corroborate, but only when there is some textual agreement as well:
        # the same minister appears in many unrelated reports of one day.
        return 0.6 * text + 0.2 * titles + 0.2 * _overlap(a.actors, b.actors) * min(1.0, 3 * text)
    return 0.75 * text + 0.25 * titles


def inverse_document_frequency(documents: Iterable[Features]) -> dict[str, float]:
    """Smoothed IDF over the documents at hand (recent stories and new articles)."""
    df: Counter[str] = Counter()
    n = 0
    for doc in documents:
        n += 1
        df.update(doc.terms.keys())
    return {t: math.log((1 + n) / (1 + c)) + 1.0 for t, c in df.items()}


# -- merging key points ------------------------------------------------------------------------


def _source(article: Article, evidence: str = "", **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "article_id": article.id,
        "link": article.url,
        "feed": article.sources[0] if article.sources else None,
        "title": article.title,
    }
    if evidence:
        out["evidence"] = evidence
    out.update(extra)
    return out


def _find(entries: list[dict[str, Any]], name: str) -> dict[str, Any] | None:
    for entry in entries:
        if same_actor(entry["name"], name):
            return entry
    return None


def _add_person(
    entries: list[dict[str, Any]], person: Attendance, source: dict[str, Any]
) -> dict[str, Any]:
    entry = _find(entries, person.name)
    if entry is None:
        entry = {
            "name": person.name,
            "role": person.role,
            "affiliation": person.affiliation,
            "sources": [],
            "disputed": False,
        }
        entries.append(entry)
    elif len(person.name) > len(entry["name"]):
        entry["name"] = person.name  # keep the fullest name
    entry["role"] = entry["role"] or person.role
    entry["affiliation"] = entry["affiliation"] or person.affiliation
    if all(s["article_id"] != source["article_id"] for s in entry["sources"]):
        entry["sources"].append(source)
    return entry


def _statement_key(text: str) -> frozenset[str]:
    return frozenset(terms(text))


def _same_statement(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return a == b
    return len(a & b) / len(a | b) >= 0.6


def merge_keypoints(articles: Sequence[Article]) -> dict[str, Any]:
    """The story's key points from its articles' (oldest first), each item with its sources."""
    ordered = sorted(articles, key=lambda a: (a.published_at or a.fetched_at, a.id))
    attendees: list[dict[str, Any]] = []
    absentees: list[dict[str, Any]] = []
    positions: list[dict[str, Any]] = []
    statement_keys: dict[int, frozenset[str]] = {}
    event: dict[str, str | None] = {"what": None, "where": None, "when": None}
    title: str | None = None
    summary: list[str] = []
    for article in ordered:
        points = article.keypoints or KeyPoints()
        title = title or article.title or points.title
        if not summary and points.summary:
            summary = list(points.summary)
        for key, value in points.event.to_dict().items():
            event[key] = event[key] or value
        for person in points.attendees:
            entry = _add_person(
                attendees, person, _source(article, person.evidence, status=person.status)
            )
            statuses = {s.get("status") for s in entry["sources"]}
            entry["status"] = "attending" if "attending" in statuses else "expected"
        for person in points.absentees:
            _add_person(absentees, person, _source(article, person.evidence))
        for position in points.positions:
            found = next(
                (p for p in positions if same_actor(p["actor"]["name"], position.actor.name)), None
            )
            if found is None:
                found = {"actor": position.actor.to_dict(), "statements": []}
                positions.append(found)
            elif len(position.actor.name) > len(found["actor"]["name"]):
                found["actor"]["name"] = position.actor.name
            for statement in position.statements:
                key = _statement_key(statement.text)
                source = _source(article, statement.evidence)
                same = next(
                    (s for s in found["statements"] if _same_statement(statement_keys[id(s)], key)),
                    None,
                )
                if same is None:
                    same = {**statement.to_dict(), "sources": []}
                    statement_keys[id(same)] = key
                    found["statements"].append(same)
                if all(s["article_id"] != article.id for s in same["sources"]):
                    same["sources"].append(source)
    # A disagreement between sources is shown, attributed, not resolved.
    for present in attendees:
        absent = _find(absentees, present["name"])
        if absent is not None:
            present["disputed"] = absent["disputed"] = True
            present["disputed_by"] = [s for s in absent["sources"]]
            absent["disputed_by"] = [s for s in present["sources"]]
    return {
        "title": title or "Untitled story",
        "summary": summary,
        "event": event,
        "attendees": attendees,
        "absentees": absentees,
        "positions": positions,
        "sources": [_source(a) | {"feeds": list(a.sources)} for a in ordered],
    }


def fingerprint(keypoints: dict[str, Any]) -> dict[str, Any]:
    """The content of merged key points without their sources: what a revision tracks and
    what a chat is recorded as having been told."""
    return {
        "attending": sorted(
            a["name"] for a in keypoints.get("attendees", ()) if a.get("status") != "expected"
        ),
        "expected": sorted(
            a["name"] for a in keypoints.get("attendees", ()) if a.get("status") == "expected"
        ),
        "absent": sorted(a["name"] for a in keypoints.get("absentees", ())),
        "disputed": sorted(
            {
                a["name"]
                for group in ("attendees", "absentees")
                for a in keypoints.get(group, ())
                if a.get("disputed")
            }
        ),
        "positions": {
            p["actor"]["name"]: sorted(s["text"] for s in p.get("statements", ()))
            for p in keypoints.get("positions", ())
        },
    }


def _names(before: Iterable[str], now: Iterable[str]) -> list[str]:
    return [n for n in now if not any(same_actor(n, b) for b in before)]


def whats_new(before: dict[str, Any], keypoints: dict[str, Any]) -> list[str]:
    """Human lines for what changed since the `fingerprint` a chat was briefed on."""
    after = fingerprint(keypoints)
    lines = []
    for key, label in (
        ("attending", "Now attending"),
        ("expected", "Now expected"),
        ("absent", "Now reported absent"),
        ("disputed", "Now disputed"),
    ):
        added = _names(before.get(key, ()), after[key])
        if added:
            lines.append(f"{label}: {', '.join(added)}")
    old_positions: dict[str, list[str]] = before.get("positions", {})
    for actor, statements in after["positions"].items():
        previous = next((v for k, v in old_positions.items() if same_actor(k, actor)), None)
        fresh = [s for s in statements if s not in (previous or ())]
        if not fresh:
            continue
        verb = "New position" if previous is None else "Position update"
        lines.append(
            f"{verb}: {actor}: {fresh[0]}"
            + (f" (+{len(fresh) - 1} more)" if len(fresh) > 1 else "")
        )
    return lines


# -- clustering -----------------------------------------------------------------------------


@dataclass(slots=True)
class _Cluster:
    story_id: int | None
    features: Features
    last_published: datetime | None
    new_articles: list[Article] = field(default_factory=list)


def _when(article: Article) -> datetime:
    return article.published_at or article.fetched_at


def _denormalised(keypoints: dict[str, Any]) -> tuple[str, str, int, int]:
    names = [a["name"] for a in keypoints["attendees"]] + [
        a["name"] for a in keypoints["absentees"]
    ]
    names += [p["actor"]["name"] for p in keypoints["positions"]]
    actor_names = "\n".join(dict.fromkeys(n.lower() for n in names))
    event = keypoints["event"]
    search_text = "\n".join(
        [keypoints["title"], *keypoints["summary"], *(v for v in event.values() if v), actor_names]
    ).lower()
    feeds = {f for s in keypoints["sources"] for f in s.get("feeds", ())}
    unnamed = sum(1 for s in keypoints["sources"] if not s.get("feeds"))
    richness = len(keypoints["attendees"]) + len(keypoints["absentees"])
    richness += sum(len(p["statements"]) for p in keypoints["positions"])
    return search_text, actor_names, len(feeds) + unnamed, richness


def story_draft(
    story_id: int | None, members: Sequence[Article], before: dict[str, Any] | None
) -> StoryDraft:
    """What to store for a story of these articles; `before` is its previous key points."""
    keypoints = merge_keypoints(members)
    first = min(members, key=lambda a: (_when(a), a.id))
    signature = combine(
        [article_features(a) for a in members], frozenset(terms(keypoints["title"]))
    )
    search_text, actor_names, source_count, richness = _denormalised(keypoints)
    return StoryDraft(
        id=story_id,
        title=keypoints["title"],
        signature=signature.to_signature(len(members)),
        keypoints=keypoints,
        first_published_at=_when(first),
        last_published_at=max(_when(a) for a in members),
        search_text=search_text,
        actor_names=actor_names,
        source_count=source_count,
        richness=richness,
        content_changed=before is None or fingerprint(before) != fingerprint(keypoints),
    )


def _assign(
    articles: Sequence[Article], clusters: list[_Cluster], window: timedelta
) -> list[_Cluster]:
    """Greedy, oldest article first: join the most similar story in the window, or start one."""
    features_ = [article_features(a) for a in articles]
    idf = inverse_document_frequency([c.features for c in clusters] + features_)
    for article, features in zip(articles, features_, strict=True):
        when = _when(article)
        best: _Cluster | None = None
        best_score = MATCH_THRESHOLD
        for cluster in clusters:
            if cluster.last_published and abs(when - cluster.last_published) > window:
                continue
            score = similarity(features, cluster.features, idf)
            if score >= best_score:
                best, best_score = cluster, score
        if best is None:
            best = _Cluster(None, features, when)
            clusters.append(best)
        else:
            best.features = combine([best.features, features], best.features.title_terms)
            if best.last_published is None or when > best.last_published:
                best.last_published = when
        best.new_articles.append(article)
    return [c for c in clusters if c.new_articles]


async def update_stories(store: Store, settings: Settings, *, now: datetime) -> list[int]:
    """Cluster extracted, unassigned articles into stories; return the changed story ids.

    Runs from the scheduler after extraction. One instance at a time: when another holds the
    work, this one returns at once and the articles are taken at a later tick.
    """
    async with store.exclusive("update_stories") as mine:
        if not mine:
            return []
        return await _update_stories(store, settings, now=now)


async def _update_stories(store: Store, settings: Settings, *, now: datetime) -> list[int]:
    window = timedelta(seconds=settings.briefing.story_window)
    articles = await store.stories.unassigned_articles(since=now - window)
    if not articles:
        return []
    recent = await store.stories.recent_signatures(since=now - 2 * window)
    clusters = [
        _Cluster(s.id, Features.from_signature(s.signature), s.last_published_at) for s in recent
    ]
    # CPU-bound on big batches: off the event loop, so replies stay responsive.
    touched = await asyncio.to_thread(_assign, articles, clusters, window)
    existing = await store.stories.articles_of(c.story_id for c in touched if c.story_id)
    old_keypoints = {
        sid: story.keypoints
        for sid, story in (await store.stories.get_many(existing.keys())).items()
    }
    changed: list[int] = []
    for cluster in touched:
        members = existing.get(cluster.story_id, []) if cluster.story_id else []
        before = old_keypoints.get(cluster.story_id or -1)
        draft = story_draft(cluster.story_id, members + cluster.new_articles, before)
        story_id = await store.stories.save(
            draft, article_ids=[a.id for a in cluster.new_articles], now=now
        )
        content_changed = draft.content_changed
        if content_changed:
            changed.append(story_id)
    return changed
