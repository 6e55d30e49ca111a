"""The typed services object every handler reaches through its context.

`build_application` creates one `Services` and puts it in `application.bot_data["services"]`;
handlers use `context.services` (see `BotContext`), never the raw dict. The store is opened in
`post_init` and closed in `post_shutdown`, so `services.store` is only valid while the bot runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

import rubric
from bot.selfcheck import SelfCheckService
from bot.settings import Settings
from bot.store import Clock, Store, utc_now
from bot.survey import SurveyService


@dataclass
class Services:
    settings: Settings
    clock: Clock = utc_now
    _store: Store | None = None
    _selfchecks: SelfCheckService | None = None
    _survey: SurveyService | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            raise RuntimeError("the store is not open (it opens in post_init)")
        return self._store

    @property
    def selfchecks(self) -> SelfCheckService:
        """The self-check service over the open store."""
        if self._selfchecks is None:
            raise RuntimeError("the store is not open (it opens in post_init)")
        return self._selfchecks

    @property
    def survey(self) -> SurveyService:
        """The citizens' survey service over the open store."""
        if self._survey is None:
            raise RuntimeError("the store is not open (it opens in post_init)")
        return self._survey

    @property
    def store_open(self) -> bool:
        return self._store is not None

    def attach_store(self, store: Store | None) -> None:
        self._store = store
        self._selfchecks = None if store is None else SelfCheckService(store)
        secret = self.settings.survey_secret
        key = None if secret is None else secret.get_secret_value().encode()
        self._survey = None if store is None else SurveyService(store, key)

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
