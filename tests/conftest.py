"""Shared fixtures: the fake Bot API server, settings pointing at it, and a running bot."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

# PTB 22 warns (an error here) whenever RetryAfter.retry_after or another time period is read as
# an int; opt in to the timedelta types it will use in its next major version.
os.environ["PTB_TIMEDELTA"] = "1"

from tests.fakebot import FakeBotAPI
from tests.fakebot.runner import BotRunner, Build


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeBotAPI]:
    """A started fake Bot API on 127.0.0.1 (random port); `.base_url`, `.file_url`, `.token`."""
    server = FakeBotAPI()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
def tmp_settings(tmp_path: Path, fake_api: FakeBotAPI) -> Any:
    """Settings with the database in tmp_path and the Bot API URLs of `fake_api` (no .env read)."""
    from bot.settings import Settings

    return Settings(
        _env_file=None,
        bot_token=fake_api.token,
        database=tmp_path / "siapnilai.db",
        api_base_url=fake_api.base_url,
        api_file_url=fake_api.file_url,
        admins=frozenset(),
        timezone="Asia/Jakarta",
    )


@pytest.fixture
async def running_bot() -> AsyncIterator[Callable[..., BotRunner]]:
    """Factory: `async with running_bot(settings, clock=clock) as app:` runs the real bot.

    Keep the runner to restart it: `runner = running_bot(settings)`, `async with runner as app:`,
    then `app = await runner.restart()` (same database). Runners still running at the end of
    the test are stopped.
    """
    runners: list[BotRunner] = []

    def factory(
        settings: Any, *, clock: Any = None, build: Build | None = None, poll_timeout: float = 1.0
    ) -> BotRunner:
        runner = BotRunner(settings, clock=clock, build=build, poll_timeout=poll_timeout)
        runners.append(runner)
        return runner

    yield factory
    for runner in runners:
        await runner.stop()
