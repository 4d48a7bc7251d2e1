"""Fixtures for the Telegram tests: the fake Bot API, settings pointing at it, a store."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from bot.adapters.telegram import TelegramAdapter
from bot.config import Settings, load_settings
from bot.store import Store
from tests.fakes.telegram_api import DEFAULT_TOKEN, FakeTelegramApi

SettingsFactory = Callable[..., Settings]


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeTelegramApi]:
    async with FakeTelegramApi() as fake:
        yield fake


@pytest.fixture
def make_settings(tmp_path: Path, fake_api: FakeTelegramApi) -> SettingsFactory:
    """Settings from the environment, as `briefbot run` reads them; keyword overrides win."""

    def build(**env: str) -> Settings:
        config = tmp_path / "briefbot.toml"
        config.write_text("")
        environ = {
            "BRIEFBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'briefbot.db'}",
            "BRIEFBOT_TELEGRAM_ENABLED": "true",
            "BRIEFBOT_TELEGRAM_TOKEN": DEFAULT_TOKEN,
            "BRIEFBOT_TELEGRAM_BASE_URL": fake_api.base_url,
            **{f"BRIEFBOT_{key.upper()}": value for key, value in env.items()},
        }
        return load_settings(config, environ={k: v for k, v in environ.items() if v})[0]

    return build


@pytest.fixture
async def sqlite_store(tmp_path: Path) -> AsyncIterator[Store]:
    store = await Store.open(f"sqlite:///{tmp_path / 'briefbot.db'}")
    try:
        yield store
    finally:
        await store.close()


@asynccontextmanager
async def running(
    settings: Settings, store: Store, **options: Any
) -> AsyncIterator[TelegramAdapter]:
    adapter = TelegramAdapter(settings, store, **options)
    await adapter.start()
    try:
        yield adapter
    finally:
        await adapter.stop()
