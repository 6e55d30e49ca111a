"""Run a real python-telegram-bot Application against the fake server, as `run_polling` would.

`run_polling` cannot be used inside a test's event loop, so `BotRunner` repeats its sequence:
initialize, post_init, start polling, start — and on stop: updater.stop, stop, post_stop,
shutdown, post_shutdown.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
from collections.abc import Callable
from typing import Any

from apscheduler.events import (  # type: ignore[import-untyped]
    EVENT_JOB_ERROR,
    EVENT_JOB_EXECUTED,
    EVENT_JOB_MISSED,
    JobEvent,
)
from telegram.ext import Application

from bot.reminders import STARTUP_JOB

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
Build = Callable[..., AnyApplication]  # build(settings, clock=clock) -> Application
STARTUP_WAIT = 30.0
"""Seconds `start()` waits at most for the reminder dispatcher's start-up run to end."""


class BotRunner:
    """Starts and stops one bot; `restart()` builds a fresh Application on the same settings."""

    def __init__(
        self,
        settings: Any,
        *,
        clock: Any = None,
        build: Build | None = None,
        poll_timeout: float = 1.0,
        startup_dispatch: bool = True,
    ) -> None:
        self.settings = settings
        self.clock = clock
        self._build = build
        self.poll_timeout = poll_timeout
        self.startup_dispatch = startup_dispatch
        """False: the reminder dispatcher's start-up run is dropped, for tests that patch the
        store after start and then run `reminders.dispatch` themselves."""
        self._app: AnyApplication | None = None
        self.starts = 0

    @property
    def app(self) -> AnyApplication:
        if self._app is None:
            raise RuntimeError("the bot is not running")
        return self._app

    @property
    def running(self) -> bool:
        return self._app is not None

    def _builder(self) -> Build:
        if self._build is not None:
            return self._build
        from bot.app import build_application  # written elsewhere; imported only when used

        return build_application

    async def start(self) -> AnyApplication:
        if self._app is not None:
            raise RuntimeError("the bot is already running")
        app = self._builder()(self.settings, clock=self.clock)
        await app.initialize()
        try:
            if app.post_init:
                await app.post_init(app)
            assert app.updater is not None, "the application must have an updater"
            dispatched = _startup_run(app, keep=self.startup_dispatch)
            await app.updater.start_polling(
                poll_interval=0,
                timeout=dtm.timedelta(seconds=self.poll_timeout),
                drop_pending_updates=False,
            )
            await app.start()
            if dispatched is not None:
                try:
                    await asyncio.wait_for(dispatched.wait(), STARTUP_WAIT)
                except TimeoutError:  # said, not let through into the race this wait removes
                    raise AssertionError(
                        f"the reminder dispatcher's start-up run did not end in {STARTUP_WAIT} s"
                    ) from None
        except BaseException:
            await _stop(app)
            raise
        self._app = app
        self.starts += 1
        return app

    async def stop(self) -> None:
        app, self._app = self._app, None
        if app is not None:
            await _stop(app)

    async def restart(self) -> AnyApplication:
        await self.stop()
        return await self.start()

    async def __aenter__(self) -> AnyApplication:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()


def _startup_run(app: AnyApplication, *, keep: bool) -> asyncio.Event | None:
    """An event set once the reminder dispatcher's start-up run has ended (None: this bot has
    none). `start()` waits for it, so that the test begins after that run: on a clock at a
    reminder's moment (Monday 08:00), a run that a loaded machine delayed past the test's
    first steps sent the day's summary to a coordinator who had just joined, in the middle of
    what the test was reading."""
    queue = app.job_queue
    jobs = queue.get_jobs_by_name(STARTUP_JOB) if queue is not None else ()
    if queue is None or not jobs:
        return None
    if not keep:
        for job in jobs:
            job.schedule_removal()
        return None
    ended, loop, job_id = asyncio.Event(), asyncio.get_running_loop(), jobs[0].id

    def listen(event: JobEvent) -> None:
        if event.job_id == job_id:
            loop.call_soon_threadsafe(ended.set)

    queue.scheduler.add_listener(listen, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR | EVENT_JOB_MISSED)
    return ended


async def _stop(app: AnyApplication) -> None:
    try:
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
            if app.post_stop:
                await app.post_stop(app)
    finally:
        await app.shutdown()
        if app.post_shutdown:
            await app.post_shutdown(app)


def bot_env(settings: Any) -> dict[str, str]:
    """SIAPNILAI_* variables that point a `siapnilai run` subprocess at the same fake server."""
    token = settings.bot_token.get_secret_value() if settings.bot_token else ""
    return {
        "SIAPNILAI_BOT_TOKEN": token,
        "SIAPNILAI_DATABASE": str(settings.database),
        "SIAPNILAI_API_BASE_URL": settings.api_base_url,
        "SIAPNILAI_API_FILE_URL": settings.api_file_url,
        "SIAPNILAI_ADMINS": ",".join(str(a) for a in sorted(settings.admins)),
        "SIAPNILAI_TIMEZONE": settings.timezone,
        "PTB_TIMEDELTA": "1",
    }
