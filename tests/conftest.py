"""Shared fixtures: the fake Bot API server, settings pointing at it, and a running bot."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import hypothesis
import pytest

# PTB 22 warns (an error here) whenever RetryAfter.retry_after or another time period is read as
# an int; opt in to the timedelta types it will use in its next major version.
os.environ["PTB_TIMEDELTA"] = "1"

from tests.fakebot import FakeBotAPI
from tests.fakebot.runner import BotRunner, Build

# CI runs the property tests on the same examples every time (a run at any hour passes or
# fails alike); elsewhere they explore, and a failing example found is kept in .hypothesis.
hypothesis.settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    hypothesis.settings.load_profile("ci")


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
def tmp_settings(tmp_path: Path, fake_api: FakeBotAPI, request: pytest.FixtureRequest) -> Any:
    """Settings with the database in tmp_path and the Bot API URLs of `fake_api` (no .env read).

    SIAPNILAI_TEST_BACKEND=postgres runs the bot of these tests on a fresh PostgreSQL database
    instead (an opt-in run of the flows on PostgreSQL; tests that open the SQLite file
    themselves do not apply there)."""
    from bot.settings import Settings

    database: Path | str = tmp_path / "siapnilai.db"
    if os.environ.get("SIAPNILAI_TEST_BACKEND") == "postgres":
        database = request.getfixturevalue("pg_database")
    return Settings(
        _env_file=None,
        bot_token=fake_api.token,
        database=database,
        api_base_url=fake_api.base_url,
        api_file_url=fake_api.file_url,
        admins=frozenset(),
        timezone="Asia/Jakarta",
        # Simulated respondents press at machine speed, far above a person's 3 a second:
        # the survey lane's per-person limit is off here (tests/test_flow_survey_lane.py sets it).
        survey_presses_per_second=0,
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
        settings: Any,
        *,
        clock: Any = None,
        build: Build | None = None,
        poll_timeout: float = 1.0,
        startup_dispatch: bool = True,
    ) -> BotRunner:
        runner = BotRunner(
            settings,
            clock=clock,
            build=build,
            poll_timeout=poll_timeout,
            startup_dispatch=startup_dispatch,
        )
        runners.append(runner)
        return runner

    yield factory
    for runner in runners:
        await runner.stop()


# -- PostgreSQL ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_server() -> Any:
    """A throw-away PostgreSQL server for the session (tests/pgserver.py), with a migrated
    template database; skips, naming the reason, when none can be started."""
    from bot.store import pg
    from tests import pgserver

    try:
        server = pgserver.start()
    except pgserver.Unavailable as exc:
        pytest.skip(f"no PostgreSQL server for the PostgreSQL store tests: {exc}")
    try:
        pg.migrate(server.create_database("siapnilai_template"))
        yield server
    finally:
        server.stop()


_pg_databases = iter(range(1, 1_000_000))


@pytest.fixture
def pg_database(pg_server: Any) -> str:
    """A fresh, fully migrated PostgreSQL database (a copy of the template); its URL."""
    import psycopg

    name = f"t{next(_pg_databases)}"
    with psycopg.connect(pg_server.dsn, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE siapnilai_template")
    return str(pg_server.dsn_for(name))


@pytest.fixture(params=["sqlite", "postgres"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str | Path:
    """Every store test runs on both stores: a SQLite file, or a PostgreSQL database URL.
    A test marked `sqlite_only` (WAL files, PRAGMAs, the file itself) runs on SQLite alone."""
    if request.param == "sqlite":
        return tmp_path / "siapnilai.db"
    marker = request.node.get_closest_marker("sqlite_only")
    if marker is not None:
        pytest.skip(f"SQLite only: {marker.args[0] if marker.args else 'the SQLite file'}")
    url: str = request.getfixturevalue("pg_database")
    return url
