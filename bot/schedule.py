"""Per-chat briefing schedules: `08:30 Europe/Kyiv weekdays`, `07:00,18:00 weekends`, `off`.

A schedule is a set of local times on a set of weekdays in the chat's timezone; the next
briefing time is stored in UTC (`chats.next_briefing_at`) so the scheduler only compares
instants. DST is handled by zoneinfo: a local time that does not exist on a spring-forward
day moves forward by the size of the gap (02:30 -> 03:30); a time that happens twice on a
fall-back day fires once, at its first occurrence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

__all__ = [
    "DEFAULT_TIME",
    "EXAMPLES",
    "Schedule",
    "next_briefing_at",
    "parse_schedule",
    "resolve_timezone",
]

DEFAULT_TIME = time(8, 0)
EVERY_DAY = frozenset(range(7))
EXAMPLES = "08:30 Europe/Kyiv weekdays · 08:00 · daily · 07:00,18:00 weekends · mon,thu 09:15 · off"
_DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_SETS = {
    "daily": EVERY_DAY,
    "everyday": EVERY_DAY,
    "weekdays": frozenset(range(5)),
    "weekends": frozenset({5, 6}),
    "weekend": frozenset({5, 6}),
}
_TIME = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$")
_OFF = {"off", "none", "never", "stop"}
_MAX_TIMES = 12


@dataclass(frozen=True, slots=True)
class Schedule:
    times: tuple[time, ...] = (DEFAULT_TIME,)
    days: frozenset[int] = EVERY_DAY
    timezone: str | None = None  # only when the text named one; else the chat's applies
    off: bool = False
    explicit_times: bool = True  # False when the text gave no times ("weekdays")
    explicit_days: bool = True  # False when the text gave no days ("08:00")

    def __str__(self) -> str:
        """The canonical text stored on the chat (without the timezone, stored apart)."""
        if self.off:
            return "off"
        text = ",".join(f"{t:%H:%M}" for t in self.times)
        return text if self.days == EVERY_DAY else f"{text} {_days_text(self.days)}"

    def describe(self, timezone: str) -> str:
        if self.off:
            return "off (no scheduled briefings)"
        when = "every day" if self.days == EVERY_DAY else f"on {_days_text(self.days)}"
        times = ", ".join(f"{t:%H:%M}" for t in self.times)
        return f"{times} {when} ({self.timezone or timezone})"


def _days_text(days: frozenset[int]) -> str:
    for name, value in _DAY_SETS.items():
        if value == days and name in ("weekdays", "weekends"):
            return name
    return ",".join(_DAY_NAMES[d] for d in sorted(days))


@lru_cache(maxsize=1)
def _zones() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


def resolve_timezone(name: str) -> str:
    """The IANA name for `name` (any case), or ValueError with an example."""
    canonical = _zones().get(name.strip().lower())
    if canonical is None:
        raise ValueError(
            f"unknown timezone {name!r}: use an IANA name such as Europe/Kyiv, "
            "America/New_York or UTC"
        )
    return canonical


def _parse_time(token: str) -> time | None:
    match = _TIME.match(token)
    if match is None or (match.group(2) is None and match.group(3) is None):
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if match.group(3):
        if not 1 <= hour <= 12:
            raise ValueError(f"{token!r} is not a time of day")
        hour = hour % 12 + (12 if match.group(3) == "pm" else 0)
    if hour > 23 or minute > 59:
        raise ValueError(f"{token!r} is not a time of day (use 00:00-23:59)")
    return time(hour, minute)


def _day(word: str) -> int | None:
    """'mon', 'monday', 'Tues' -> 0..6."""
    for number, full in enumerate(_FULL_DAY_NAMES):
        if len(word) >= 3 and full.startswith(word):
            return number
    return None


def _parse_days(token: str) -> frozenset[int] | None:
    if token in _DAY_SETS:
        return _DAY_SETS[token]
    days: set[int] = set()
    for part in token.split(","):
        bounds = [_day(b) for b in part.split("-")]
        if len(bounds) > 2 or any(b is None for b in bounds):
            return None
        day, last = bounds[0], bounds[-1]
        assert day is not None
        assert last is not None
        days.add(day)
        while day != last:  # ranges may wrap: fri-mon
            day = (day + 1) % 7
            days.add(day)
    return frozenset(days)


def parse_schedule(text: str) -> Schedule:
    """`08:30 Europe/Kyiv weekdays` -> Schedule; ValueError with a helpful message."""
    cleaned = re.sub(r"\s*,\s*", ",", text.strip().lower())
    cleaned = re.sub(r"\s+(am|pm)\b", r"\1", cleaned)
    tokens = cleaned.split()
    if not tokens:
        raise ValueError(f"empty schedule; examples: {EXAMPLES}")
    if tokens[0] in _OFF:
        if len(tokens) > 1:
            raise ValueError("'off' stands alone (it turns scheduled briefings off)")
        return Schedule(times=(), off=True)
    times: list[time] = []
    days: frozenset[int] | None = None
    timezone: str | None = None
    for token in tokens:
        parts = token.split(",")
        parsed = [_parse_time(p) for p in parts]
        if all(t is not None for t in parsed):
            times.extend(t for t in parsed if t is not None)
            continue
        if (found := _parse_days(token)) is not None:
            if days is not None:
                raise ValueError("give the days once (e.g. 'weekdays' or 'mon,wed,fri')")
            days = found
            continue
        if "/" in token or token in {"utc", "gmt"}:
            if timezone is not None:
                raise ValueError("give one timezone")
            timezone = resolve_timezone(token)
            continue
        raise ValueError(f"don't understand {token!r} in the schedule; examples: {EXAMPLES}")
    unique = tuple(sorted(set(times)))
    if len(unique) > _MAX_TIMES:
        raise ValueError(f"at most {_MAX_TIMES} briefing times a day")
    return Schedule(
        times=unique or (DEFAULT_TIME,),
        days=days if days is not None else EVERY_DAY,
        timezone=timezone,
        explicit_times=bool(unique),
        explicit_days=days is not None,
    )


def _instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of local `day at`; fold=0 moves gap times forward, picks the first
    of two ambiguous ones."""
    return datetime.combine(day, at).replace(tzinfo=zone, fold=0).astimezone(UTC)


def next_briefing_at(schedule: str, timezone: str, after: datetime) -> datetime | None:
    """The first scheduled instant strictly after `after` (aware), in UTC; None when off."""
    if after.tzinfo is None:
        raise ValueError("`after` must be timezone-aware")
    parsed = parse_schedule(schedule)
    if parsed.off:
        return None
    try:
        zone = ZoneInfo(parsed.timezone or timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown timezone {timezone!r}") from exc
    start = after.astimezone(zone).date()
    for offset in range(-1, 9):
        day = start + timedelta(days=offset)
        if day.weekday() not in parsed.days:
            continue
        instants = [_instant(day, at, zone) for at in parsed.times]
        later = [i for i in instants if i > after]
        if later:
            return min(later)
    return None  # unreachable with at least one day and one time
