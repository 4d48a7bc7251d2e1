"""Schedules across timezones and DST changes, with the clock passed in."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.schedule import next_briefing_at, parse_schedule


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "canonical", "timezone"),
    [
        ("08:30 Europe/Kyiv weekdays", "08:30 weekdays", "Europe/Kyiv"),
        ("08:00", "08:00", None),
        ("daily", "08:00", None),
        ("07:00,18:00 weekends", "07:00,18:00 weekends", None),
        ("18:00, 7:00 WEEKENDS", "07:00,18:00 weekends", None),
        ("mon,wed-fri 9am america/new_york", "09:00 mon,wed,thu,fri", "America/New_York"),
        ("fri-mon 12:15pm", "12:15 mon,fri,sat,sun", None),
        ("off", "off", None),
    ],
)
def test_parse(text: str, canonical: str, timezone: str | None) -> None:
    schedule = parse_schedule(text)
    assert str(schedule) == canonical
    assert schedule.timezone == timezone
    assert str(parse_schedule(str(schedule))) == canonical  # the stored text parses back


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("25:00", "not a time of day"),
        ("13pm", "not a time of day"),
        ("sometimes", "don't understand 'sometimes'"),
        ("08:00 Mars/Olympus", "unknown timezone"),
        ("off daily", "stands alone"),
        ("", "empty schedule"),
        ("weekdays weekends", "days once"),
        ("08:00 (.*)", "don't understand"),
    ],
)
def test_bad_schedules_say_why(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        parse_schedule(text)


def test_next_time_in_the_chats_timezone() -> None:
    # 08:30 in Kyiv (UTC+3 in summer) is 05:30 UTC; asked at 06:00 UTC it is tomorrow's.
    assert next_briefing_at("08:30", "Europe/Kyiv", utc(2025, 6, 10, 5, 0)) == utc(
        2025, 6, 10, 5, 30
    )
    assert next_briefing_at("08:30", "Europe/Kyiv", utc(2025, 6, 10, 5, 30)) == utc(
        2025, 6, 11, 5, 30
    )
    # A timezone in the schedule text wins over the chat's.
    assert next_briefing_at("08:30 Asia/Tokyo", "Europe/Kyiv", utc(2025, 6, 10, 0, 0)) == utc(
        2025, 6, 10, 23, 30
    )


def test_several_times_a_day_and_weekdays_only() -> None:
    # Friday 2025-06-13 19:00 UTC: the 18:00 has passed; weekdays skip to Monday 07:00.
    assert next_briefing_at("07:00,18:00 weekdays", "UTC", utc(2025, 6, 13, 19)) == utc(
        2025, 6, 16, 7
    )
    assert next_briefing_at("07:00,18:00 weekdays", "UTC", utc(2025, 6, 13, 8)) == utc(
        2025, 6, 13, 18
    )
    assert next_briefing_at("07:00,18:00 weekends", "UTC", utc(2025, 6, 13, 8)) == utc(
        2025, 6, 14, 7
    )
    assert next_briefing_at("off", "UTC", utc(2025, 6, 13, 8)) is None


def test_the_utc_hour_follows_dst() -> None:
    # New York switched to EDT on 2025-03-09: 08:00 local is 13:00 UTC before, 12:00 after.
    after = utc(2025, 3, 8, 14)
    assert next_briefing_at("08:00", "America/New_York", after) == utc(2025, 3, 9, 12)
    assert next_briefing_at("08:00", "America/New_York", utc(2025, 3, 7, 14)) == utc(2025, 3, 8, 13)


def test_a_time_in_the_spring_forward_gap_moves_forward() -> None:
    # Kyiv: 2025-03-30 03:00 EET -> 04:00 EEST; 03:30 does not exist that day.
    fired = next_briefing_at("03:30", "Europe/Kyiv", utc(2025, 3, 29, 23))
    assert fired == utc(2025, 3, 30, 1, 30)  # 04:30 EEST, one gap later
    # Next day it is back to 03:30 local (00:30 UTC).
    assert next_briefing_at("03:30", "Europe/Kyiv", fired) == utc(2025, 3, 31, 0, 30)


def test_an_ambiguous_time_fires_once() -> None:
    # Kyiv: 2025-10-26 04:00 EEST -> 03:00 EET; 03:30 happens twice (00:30 and 01:30 UTC).
    first = next_briefing_at("03:30", "Europe/Kyiv", utc(2025, 10, 25, 22))
    assert first == utc(2025, 10, 26, 0, 30)
    second = next_briefing_at("03:30", "Europe/Kyiv", first)
    assert second == utc(2025, 10, 27, 1, 30)  # tomorrow, not the repeat an hour later


def test_naive_clock_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        next_briefing_at("08:00", "UTC", datetime(2025, 1, 1))
