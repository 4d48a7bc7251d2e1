"""The one-way import rule (adapters -> bot -> summarizer), read from the source."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLATFORM_LIBS = {"telegram", "slack_bolt", "slack_sdk"}
DATABASE_LIBS = {"sqlalchemy", "alembic", "asyncpg", "aiosqlite"}
IO_LIBS = {"httpx", "aiohttp", "requests", "urllib", "socket", "sqlite3"}
TRAINING_LIBS = {"sklearn"}  # an optional extra: only benchmarks/train_attendance_model.py


def imported_modules(source: str) -> set[str]:
    """Top-level names of every module a source file imports (relative imports resolved)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def test_collector_sees_plain_from_and_nested_imports() -> None:
    source = "import telegram.ext\nfrom slack_bolt import App\ndef f():\n    import bot.store\n"
    assert imported_modules(source) == {"telegram", "slack_bolt", "bot"}


@pytest.mark.parametrize("path", files("summarizer"), ids=str)
def test_summarizer_is_a_pure_library(path: Path) -> None:
    imports = imported_modules(path.read_text(encoding="utf-8"))
    forbidden = imports & ({"bot"} | PLATFORM_LIBS | DATABASE_LIBS | IO_LIBS | TRAINING_LIBS)
    assert not forbidden, f"{path.relative_to(ROOT)} imports {sorted(forbidden)}"


@pytest.mark.parametrize("path", files("bot"), ids=str)
def test_only_adapters_import_platform_libraries(path: Path) -> None:
    relative = path.relative_to(ROOT)
    if relative.parts[:2] == ("bot", "adapters"):
        return
    imports = imported_modules(path.read_text(encoding="utf-8"))
    assert not imports & PLATFORM_LIBS, f"{relative} imports {sorted(imports & PLATFORM_LIBS)}"


@pytest.mark.parametrize("path", files("bot"), ids=str)
def test_only_the_store_imports_the_database(path: Path) -> None:
    relative = path.relative_to(ROOT)
    if relative.parts[:2] == ("bot", "store"):
        return
    imports = imported_modules(path.read_text(encoding="utf-8"))
    assert not imports & DATABASE_LIBS, f"{relative} imports {sorted(imports & DATABASE_LIBS)}"


def test_summarizer_has_an_explicit_public_api() -> None:
    import summarizer

    assert {"extract", "extract_many", "KeyPoints"} <= set(summarizer.__all__)
