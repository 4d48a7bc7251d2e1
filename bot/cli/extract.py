"""`briefbot extract`: the key points of one article file, as text or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.cli.errors import UsageError
from bot.config import Settings

if TYPE_CHECKING:
    from summarizer import KeyPoints


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("extract", help="print the key points of one article file")
    parser.add_argument("path", help="article text file (UTF-8), or - for standard input")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--sentences", type=int, default=None, help="summary length")
    parser.add_argument("--title", help="the article's title, if the file does not hold it")
    parser.set_defaults(handler=run_extract)


def read_article(path: str) -> str:
    """The file's text: UTF-8, else decoded with a fallback and a warning on stderr."""
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text = data.decode("cp1252", errors="replace")
        print(
            f"briefbot: warning: {path} is not valid UTF-8 (byte {exc.start}); "
            "decoded as Windows-1252",
            file=sys.stderr,
        )
    if not text.strip():
        raise UsageError(f"{path}: the article is empty")
    return text


def format_text(points: KeyPoints) -> str:
    lines: list[str] = []
    if points.title:
        lines += [points.title, ""]
    event = points.event
    if event.what or event.where or event.when:
        lines.append("Event: " + " · ".join(x for x in (event.what, event.where, event.when) if x))
    if points.summary:
        lines += ["", "Summary:"] + [f"  {s}" for s in points.summary]

    def person(name: str, role: str | None, affiliation: str | None) -> str:
        extra = ", ".join(x for x in (role, affiliation) if x)
        return f"{name} ({extra})" if extra else name

    attending = [a for a in points.attendees if a.status == "attending"]
    expected = [a for a in points.attendees if a.status == "expected"]
    for label, group in (("Attending", attending), ("Expected", expected)):
        if group:
            lines += ["", f"{label}:"] + [
                f"  - {person(a.name, a.role, a.affiliation)}" for a in group
            ]
    if points.absentees:
        lines += ["", "Absent:"] + [
            f"  - {person(a.name, a.role, a.affiliation)}" for a in points.absentees
        ]
    if points.positions:
        lines += ["", "Positions:"]
        for position in points.positions:
            actor = position.actor
            lines.append(f"  {person(actor.name, actor.role, actor.affiliation)}:")
            for statement in position.statements:
                verb = f"[{statement.verb}] " if statement.verb else ""
                lines.append(f"    - {verb}{statement.text}")
    return "\n".join(lines).strip() + "\n"


def run_extract(args: argparse.Namespace, settings: Settings) -> int:
    from summarizer import Extractor, ModelNotFoundError  # the NLP stack only when needed

    text = read_article(args.path)
    sentences = args.sentences or settings.summarizer.summary_sentences
    if sentences < 1:
        raise UsageError(f"--sentences = {sentences}: expected a whole number of at least 1")
    try:
        extractor = Extractor(
            settings.summarizer.model, summary_algorithm=settings.summarizer.summary_algorithm
        )
        points = extractor.extract(text, title=args.title, summary_sentences=sentences)
    except ModelNotFoundError as exc:
        raise UsageError(str(exc)) from exc
    if args.format == "json":
        print(json.dumps(points.to_dict(), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(format_text(points))
    return 0
