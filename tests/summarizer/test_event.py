"""The event an article is about: what, where and when."""

from __future__ import annotations

from summarizer import Event, extract


def test_hosted_meeting_with_topic_place_and_day() -> None:
    points = extract(
        "Tuesday's meeting on Palestinian reform is being hosted by Tony Blair in London. "
        "Ministers from 23 countries will attend the meeting."
    )
    assert points.event == Event(
        what="meeting on Palestinian reform", where="London", when="Tuesday"
    )


def test_the_lede_event_wins_over_later_ones() -> None:
    points = extract(
        "EU leaders opened a two-day summit in Brussels on Thursday. Later, some of them will "
        "attend a dinner at the palace. The summit is expected to focus on the budget."
    )
    assert points.event.what == "two-day summit"
    assert points.event.where == "Brussels"
    assert points.event.when == "Thursday"


def test_a_duration_is_not_the_date() -> None:
    points = extract("The two sides will hold their first talks in over three years on Monday.")
    assert points.event.when == "Monday"


def test_no_event_in_an_article_about_figures() -> None:
    points = extract(
        "The economy grew by 2% last year, official figures show. Public services improved."
    )
    assert points.event == Event()
