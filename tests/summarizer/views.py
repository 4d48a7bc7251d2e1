"""What the attendance tests compare: who attends (with status) and who is absent, by name."""

from __future__ import annotations

from summarizer import KeyPoints


def attending(points: KeyPoints) -> dict[str, str]:
    return {a.name: a.status for a in points.attendees}


def absent(points: KeyPoints) -> list[str]:
    return [a.name for a in points.absentees]
