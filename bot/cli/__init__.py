"""The `briefbot` command. Each subcommand group lives in its own module with `register()`."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

from bot.cli.errors import UsageError
from bot.config import ConfigError, Settings, load_settings

Handler = Callable[[argparse.Namespace, Settings], Awaitable[int | None] | int | None]

_GROUPS = (
    "bot.cli.brief",
    "bot.cli.extract",
    "bot.cli.feeds",
    "bot.cli.service",
    "bot.cli.config",
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse's own exits with 2 too; keep it one line
        raise UsageError(f"{self.prog}: {message} (see {self.prog} --help)")


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = _Parser(prog="briefbot", description="News briefings for Telegram and Slack.")
    parser.add_argument("--config", type=Path, help="settings file (default config/briefbot.toml)")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    subparsers.required = True
    for name in _GROUPS:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        settings, _ = load_settings(getattr(args, "config_override", None) or args.config)
        # One-shot commands speak through their output; the service logs at its own level.
        quiet = "WARNING" if args.command != "run" else settings.service.log_level
        level = logging.DEBUG if args.verbose else quiet
        logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        if not args.verbose:
            # Alembic narrates every start at INFO; only its problems matter to a user.
            logging.getLogger("alembic").setLevel(logging.WARNING)
        handler: Handler = args.handler
        result = handler(args, settings)
        if asyncio.iscoroutine(result):
            result = asyncio.run(result)
        return int(result or 0)
    except (UsageError, ConfigError) as exc:
        print(f"briefbot: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
