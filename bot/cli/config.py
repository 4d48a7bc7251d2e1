"""`briefbot config check`: validate the settings and print them with secrets masked."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from bot.config import Settings, effective_settings, load_settings


def register(subparsers: Any) -> None:
    config = subparsers.add_parser("config", help="inspect the settings")
    actions = config.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    check = actions.add_parser("check", help="validate and print the effective settings")
    check.add_argument("--config", dest="config_override", type=Path, help="settings file to check")
    check.set_defaults(handler=check_config)


def _toml_value(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def check_config(args: argparse.Namespace, settings: Settings) -> int:
    # Loaded again to learn which file was read; main() already validated the same inputs.
    _, used = load_settings(args.config_override or args.config)
    print(f"# settings OK ({'file ' + str(used) if used else 'embedded defaults'} + environment)")
    for section, values in effective_settings(settings).items():
        print(f"\n[{section}]")
        for key, value in values.items():
            if value is not None:
                print(f"{key} = {_toml_value(value)}")
    return 0
