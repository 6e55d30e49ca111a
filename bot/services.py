"""The typed services every handler reaches through its context, and the typed bot data.

`build_application` creates one `Services` and puts it in `application.bot_data.services`
(`bot_data` is a `BotData`, PTB `ContextTypes(bot_data=BotData)`); handlers use
`context.services` (see `BotContext`). The store is opened in `post_init` and closed in
`post_shutdown`, so `services.store` is only valid while the bot runs.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from telegram.ext import Application, CallbackContext, ExtBot

import rubric
from bot.evidence import EvidenceService
from bot.joining import JoiningService
from bot.membership import MembershipService
from bot.report_access import ReportAccess
from bot.review import ReviewService
from bot.selfcheck import SelfCheckService
from bot.settings import Settings
from bot.store import Clock, Store, utc_now
from bot.survey import SurveyService

if TYPE_CHECKING:
    from bot.bothttp import AiohttpRequest
    from bot.broadcast import Broadcaster, Rates
    from bot.reminders import Renderer
    from bot.store.cluster import Cluster

T = TypeVar("T")


class Running:
    """The services that exist while the store is open (post_init to post_shutdown), built
    together from it."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        secret = settings.survey_secret
        key = None if secret is None else secret.get_secret_value().encode()
        self.survey = SurveyService(store, key)
        self.selfchecks = SelfCheckService(store, self.survey.cycle_measures)
        self.access = ReportAccess(store)
        self.evidence = EvidenceService(self.selfchecks)
        self.joining = JoiningService(store)
        self.reviews = ReviewService(store, self.access)
        self.membership = MembershipService(store, self.access)


class WhileOpen(Generic[T]):
    """A service of `Services` that exists while the store is open: `services.x` reads
    `Running.x`, and refuses while the store is closed."""

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self.name = name

    @overload
    def __get__(self, services: None, owner: type[Any]) -> WhileOpen[T]: ...
    @overload
    def __get__(self, services: Services, owner: type[Any]) -> T: ...
    def __get__(self, services: Services | None, owner: type[Any]) -> T | WhileOpen[T]:
        if services is None:
            return self
        if services.running is None:
            raise RuntimeError("the store is not open (it opens in post_init)")
        found: T = getattr(services.running, self.name)
        return found


@dataclass
class Services:
    settings: Settings
    clock: Clock = utc_now
    running: Running | None = None
    """Set while the store is open (`attach_store`)."""

    store = WhileOpen[Store]()
    selfchecks = WhileOpen[SelfCheckService]()
    survey = WhileOpen[SurveyService]()
    """The citizens' survey (bot.survey)."""
    access = WhileOpen[ReportAccess]()
    """Who may report on what (bot.report_access)."""
    evidence = WhileOpen[EvidenceService]()
    joining = WhileOpen[JoiningService]()
    reviews = WhileOpen[ReviewService]()
    """/tinjau (bot.review)."""
    membership = WhileOpen[MembershipService]()
    """People and invites in chat, /undang (bot.membership)."""

    @property
    def store_open(self) -> bool:
        return self.running is not None

    def attach_store(self, store: Store | None) -> None:
        self.running = None if store is None else Running(store, self.settings)

    def now(self) -> datetime:
        return self.clock()

    def rubric(self, rubric_id: str) -> rubric.Rubric:
        """A rubric by id, loaded once and cached by the store (rubrics are immutable)."""
        return self.store.rubric(rubric_id)

    def is_admin(self, telegram_id: int) -> bool:
        return telegram_id in self.settings.admins


class BotData:
    """`application.bot_data`: the services and the application's shared state, typed."""

    def __init__(self) -> None:
        self._services: Services | None = None
        self.broadcaster: Broadcaster | None = None
        """The one broadcaster (bot.broadcast.broadcaster_of creates it on first use)."""
        self.broadcast_rates: Rates | None = None
        """Its rates, if not the defaults (tests set them before the first broadcast)."""
        self.reminders_lock = asyncio.Lock()
        """One dispatcher run at a time (start-up and the repeating job may overlap)."""
        self.processed_updates_pruned_at: datetime | None = None
        self.reminder_retries: dict[str, Any] = {}
        """Notifications released after a transient failure: when to try again, and the parts
        already delivered (bot.reminders.Retry, by notification key)."""
        self.evidence_packs_running: set[int] = set()
        """Chats with an evidence pack being built (one at a time per chat)."""
        self.cluster: Cluster | None = None
        """Several instances on one PostgreSQL: turns and the dispatcher's leadership
        (bot/store/cluster.py); None on SQLite."""
        self.render_reminders: Renderer | None = None
        """How reminders and digests are worded: registered by the chat layer."""
        self.bot_api: tuple[AiohttpRequest, ...] = ()
        """The Bot API clients (requests, getUpdates): `stop_services` closes them, since PTB
        does not when its start-up failed (a wrong token, no network)."""

    @property
    def services(self) -> Services:
        if self._services is None:
            raise RuntimeError("the services are not attached (build_application does it)")
        return self._services

    def attach(self, services: Services) -> None:
        self._services = services


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    """The handlers' context: `context.services` instead of dict lookups."""

    @property
    def services(self) -> Services:
        return self.bot_data.services


def services_of(application: Application[Any, Any, Any, Any, Any, Any]) -> Services:
    data: BotData = application.bot_data
    return data.services
