"""Clustering real texts into stories, and merging their key points with sources."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.config import Settings
from bot.domain import Article
from bot.store import Store
from bot.stories import fingerprint, merge_keypoints, update_stories, whats_new
from summarizer.model import Attendance, KeyPoints
from tests.stories.helpers import GIBRALTAR, UNRELATED, add_article, bbc
from tests.stories.texts import (
    GIBRALTAR_SECOND_TEXT,
    GIBRALTAR_SECOND_TITLE,
    GIBRALTAR_THIRD_TEXT,
    GIBRALTAR_THIRD_TITLE,
)

MORNING = datetime(2025, 5, 14, 7, 0, tzinfo=UTC)


def _by_name(entries: list[dict], name: str) -> dict:
    return next(e for e in entries if e["name"] == name)


async def test_two_outlets_merge_and_unrelated_reports_stay_apart(
    store: Store, settings: Settings
) -> None:
    bbc_feed = await store.feeds.add("https://bbc.example/rss", title="BBC")
    other = await store.feeds.add("https://other.example/rss", title="Other Times")
    title, text = bbc(GIBRALTAR)
    first = await add_article(store, bbc_feed, title, text, published=MORNING)
    unrelated = []
    for n, path in enumerate(UNRELATED):
        t, body = bbc(path)
        unrelated.append(
            await add_article(store, bbc_feed, t, body, published=MORNING + timedelta(hours=n))
        )
    second = await add_article(
        store,
        other,
        GIBRALTAR_SECOND_TITLE,
        GIBRALTAR_SECOND_TEXT,
        published=MORNING + timedelta(hours=3),
    )

    changed = await update_stories(store, settings, now=MORNING + timedelta(hours=4))

    assert len(changed) == 1 + len(UNRELATED)
    stories = await store.stories.get_many(changed)
    by_articles = {s.article_ids: s for s in stories.values()}
    gibraltar = by_articles[(first, second)]
    for article_id in unrelated:
        assert (article_id,) in by_articles
    assert gibraltar.title == title  # the first report names the story
    caruana = _by_name(gibraltar.keypoints["attendees"], "Peter Caruana")
    assert {s["feed"] for s in caruana["sources"]} == {"BBC", "Other Times"}
    assert caruana["sources"][0]["evidence"]
    assert [s["feeds"] for s in gibraltar.keypoints["sources"]] == [["BBC"], ["Other Times"]]
    # Nothing left to do: a second run changes nothing.
    assert await update_stories(store, settings, now=MORNING + timedelta(hours=5)) == []


async def test_a_contradicting_source_marks_both_sides_disputed_and_bumps_the_revision(
    store: Store, settings: Settings
) -> None:
    feeds = [
        await store.feeds.add(f"https://{name}.example/rss", title=name)
        for name in ("BBC", "Courier", "Herald")
    ]
    title, text = bbc(GIBRALTAR)
    await add_article(store, feeds[0], title, text, published=MORNING)
    await add_article(
        store, feeds[1], GIBRALTAR_SECOND_TITLE, GIBRALTAR_SECOND_TEXT, published=MORNING
    )
    (story_id,) = await update_stories(store, settings, now=MORNING + timedelta(hours=1))
    before = await store.stories.get(story_id)
    moratinos = _by_name(before.keypoints["absentees"], "Miguel Moratinos")
    assert moratinos["disputed"] is False
    assert [s["feed"] for s in moratinos["sources"]] == ["Courier"]

    await add_article(
        store,
        feeds[2],
        GIBRALTAR_THIRD_TITLE,
        GIBRALTAR_THIRD_TEXT,
        published=MORNING + timedelta(hours=2),
    )
    assert await update_stories(store, settings, now=MORNING + timedelta(hours=3)) == [story_id]

    after = await store.stories.get(story_id)
    assert after.revision == before.revision + 1
    attending = _by_name(after.keypoints["attendees"], "Miguel Moratinos")
    absent = _by_name(after.keypoints["absentees"], "Miguel Moratinos")
    assert attending["disputed"]
    assert absent["disputed"]
    assert [s["feed"] for s in attending["sources"]] == ["Herald"]
    assert [s["feed"] for s in attending["disputed_by"]] == ["Courier"]
    assert [s["feed"] for s in absent["disputed_by"]] == ["Herald"]
    lines = whats_new(fingerprint(before.keypoints), after.keypoints)
    assert "Now attending: Miguel Moratinos" in lines
    assert "Now disputed: Miguel Moratinos" in lines


async def test_the_same_event_outside_the_window_is_a_new_story(
    store: Store, settings: Settings
) -> None:
    feed = await store.feeds.add("https://bbc.example/rss", title="BBC")
    other = await store.feeds.add("https://other.example/rss", title="Other")
    title, text = bbc(GIBRALTAR)
    await add_article(store, feed, title, text, published=MORNING)
    (first,) = await update_stories(store, settings, now=MORNING + timedelta(hours=1))
    later = MORNING + timedelta(seconds=settings.briefing.story_window, days=1)
    await add_article(store, other, GIBRALTAR_SECOND_TITLE, GIBRALTAR_SECOND_TEXT, published=later)
    (second,) = await update_stories(store, settings, now=later + timedelta(hours=1))
    assert second != first


def _article(article_id: int, feed: str, points: KeyPoints) -> Article:
    return Article(
        id=article_id,
        uid=str(article_id),
        url=f"https://{feed}.example/{article_id}",
        title=points.title,
        text="",
        published_at=MORNING + timedelta(minutes=article_id),
        fetched_at=MORNING,
        keypoints=points,
        sources=(feed,),
    )


def test_one_more_source_repeating_the_key_points_is_not_a_new_revision() -> None:
    caruana = Attendance("Peter Caruana", evidence="Peter Caruana attends.")
    one = _article(1, "BBC", KeyPoints(title="Talks", attendees=(caruana,)))
    short = Attendance("Caruana", status="expected", evidence="Caruana is expected.")
    two = _article(2, "Courier", KeyPoints(title="Talks", attendees=(short,)))
    merged_one = merge_keypoints([one])
    merged_two = merge_keypoints([one, two])
    assert fingerprint(merged_one) == fingerprint(merged_two)
    (entry,) = merged_two["attendees"]
    assert entry["name"] == "Peter Caruana"  # the fuller name wins
    assert entry["status"] == "attending"  # attending outranks expected
    assert [s["status"] for s in entry["sources"]] == ["attending", "expected"]
