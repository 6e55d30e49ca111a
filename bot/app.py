"""The composition root: `build_application(settings)` builds the whole bot.

Read top to bottom: settings -> services -> PTB application (our update processor,
typed context) -> handlers -> lifecycle hooks. `siapnilai run` and the tests both call it.
PTB runs `post_init`/`post_shutdown` itself under `run_polling`/`run_webhook`; code that
drives the application by hand (tests) calls `start_services` / `stop_services` instead.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import BotCommand, BotCommandScopeDefault, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, ContextTypes, Defaults

import conversations
from bot import reminders
from bot.botapi import SendBudget, skip_failed_sniffio_import
from bot.bothttp import AiohttpRequest
from bot.processing import PerUserUpdateProcessor
from bot.services import BotContext, BotData, Services, services_of
from bot.settings import Settings
from bot.store import Clock, Store, utc_now
from bot.texts.commands import menu

log = logging.getLogger(__name__)

DEFAULTS = Defaults(
    parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)
)
"""Every text is HTML and no message shows a link preview: said once, here (a bot built
elsewhere, e.g. a test's, passes these too)."""

App = Application[Any, Any, Any, Any, Any, Any]
POOL_WAIT = 30.0
"""Seconds a request waits for a free Bot API connection before it fails (PTB's default,
1 s, would fail a reply while a few slow requests hold the connections)."""


def build_application(settings: Settings, *, clock: Clock | None = None) -> App:
    if settings.bot_token is None or not settings.bot_token.get_secret_value().strip():
        raise ValueError("SIAPNILAI_BOT_TOKEN is not set")
    services = Services(settings=settings, clock=clock or utc_now)
    skip_failed_sniffio_import()
    bot_api = (
        AiohttpRequest(settings.bot_api_connections, pool_timeout=POOL_WAIT),
        AiohttpRequest(1),
    )
    application = (
        ApplicationBuilder()
        .token(settings.bot_token.get_secret_value())
        .base_url(settings.api_base_url)
        .base_file_url(settings.api_file_url)
        .context_types(ContextTypes(context=BotContext, bot_data=BotData))
        .defaults(DEFAULTS)
        # PTB's networking over aiohttp, a few kept-alive connections (bot/bothttp.py).
        .request(bot_api[0])
        .get_updates_request(bot_api[1])
        # One send budget for every new message, broadcasts and replies alike; presses'
        # answers and edits are not queued behind it (bot/botapi.py).
        .rate_limiter(SendBudget(settings.send_per_second))
        # Each user's updates in order; the citizens' survey in its own lane with a bounded
        # backlog, so a burst of respondents never queues officers' presses behind it.
        .concurrent_updates(PerUserUpdateProcessor(lanes=conversations.lanes(settings)))
        .post_init(start_services)
        .post_shutdown(stop_services)
        .build()
    )
    application.bot_data.attach(services)
    application.bot_data.bot_api = bot_api
    conversations.register(application)
    return application


async def start_services(application: App) -> None:
    """Open the store, remember the bot's username, register the command menus, schedule jobs.

    Idempotent: calling it again on a running application does nothing.
    """
    services = services_of(application)
    if services.store_open:
        return
    store = await Store.open(services.settings.database, clock=services.clock)
    services.attach_store(store)
    if store.is_postgres:
        from bot.store.cluster import Cluster

        cluster = Cluster(str(store.database))
        application.bot_data.cluster = cluster
        processor = application.update_processor
        if isinstance(processor, PerUserUpdateProcessor):
            processor.cross_instance = cluster.user_turn
    me = await application.bot.get_me()
    if me.username:
        await store.set_meta("bot_username", me.username)
    await register_commands(application)
    reminders.install(application)
    log.info("SiapNilai is up as @%s", me.username)


async def stop_services(application: App) -> None:
    services = services_of(application)
    for client in application.bot_data.bot_api:
        await client.shutdown()  # already done by PTB, unless its start-up failed
    cluster, application.bot_data.cluster = application.bot_data.cluster, None
    if cluster is not None:
        await cluster.close()
    if services.store_open:
        store = services.store
        services.attach_store(None)
        await store.close()


async def register_commands(application: App) -> None:
    """setMyCommands: Indonesian names by default, English names for language_code "en"."""
    for lang, language_code in (("id", None), ("en", "en")):
        commands = [BotCommand(name, description) for name, description in menu(lang)]
        await application.bot.set_my_commands(
            commands, scope=BotCommandScopeDefault(), language_code=language_code
        )
