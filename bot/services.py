"""The typed services object every handler reaches through its context.

`build_application` creates one `Services` and puts it in `application.bot_data["services"]`;
handlers use `context.services` (see `BotContext`), never the raw dict. The store is opened in
`post_init` and closed in `post_shutdown`, so `services.store` is only valid while the bot runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from telegram.ext import Application, CallbackContext, ExtBot

import rubric
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.store import Store

Clock = Callable[[], datetime]
"""Returns the current time, timezone-aware (UTC). Tests pass a fake one."""


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Services:
    settings: Settings
    clock: Clock = utc_now
    _store: Store | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            raise RuntimeError("the store is not open (it opens in post_init)")
        return self._store

    @property
    def store_open(self) -> bool:
        return self._store is not None

    def attach_store(self, store: Store | None) -> None:
        self._store = store

    def now(self) -> datetime:
        return self.clock()

    def rubric(self, rubric_id: str) -> rubric.Rubric:
        """A rubric by id, loaded once and cached by the store (rubrics are immutable)."""
        return self.store.rubric(rubric_id)

    def is_admin(self, telegram_id: int) -> bool:
        return telegram_id in self.settings.admins


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """The handlers' context: `context.services` instead of dict lookups."""

    @property
    def services(self) -> Services:
        services: Services = self.bot_data["services"]
        return services


def services_of(application: Application[Any, Any, Any, Any, Any, Any]) -> Services:
    services: Services = application.bot_data["services"]
    return services
