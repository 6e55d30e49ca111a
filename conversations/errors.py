"""The error handler: log with the update id, tell the user, keep serving everyone else.

Harmless Bot API answers ("message is not modified", a callback query too old to answer)
are logged quietly and not reported to the user.
"""

from __future__ import annotations

import contextlib
import logging

from telegram import Update
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError, TimedOut

from bot import texts
from bot.services import BotContext
from conversations.render import send_text
from conversations.saved import saved_by, storage_failure

log = logging.getLogger(__name__)

_QUIET = (
    "message is not modified",
    "query is too old",
    "query id is invalid",
    "response timeout expired",
)


def is_quiet(exc: BaseException | None) -> bool:
    return isinstance(exc, BadRequest) and any(p in exc.message.lower() for p in _QUIET)


async def on_error(update: object, context: BotContext) -> None:
    """Log a failure; tell the user something went wrong when there is someone to tell."""
    exc = context.error
    if not _worth_telling(update, exc):
        return
    assert isinstance(update, Update)
    lang = await _lang(update, context)
    if update.callback_query is not None:
        # Stop the button's spinner if the handler failed before answering; it may have
        # answered already, so a refusal here means nothing.
        with contextlib.suppress(TelegramError):
            await update.callback_query.answer()
    if update.effective_chat is None:
        return
    stored = saved_by(update, context)
    text = texts.render(stored[0], lang, answer=stored[1]) if stored else None
    if storage_failure(exc) and not stored:  # disk full, read-only: nothing was stored
        log.critical("the database refused a write: %s", exc)
        text = texts.render("error.not_saved", lang)
    try:
        text = text or texts.render("error.generic", lang)
        await send_text(context.bot, update.effective_chat.id, text)
    except Exception:  # the user may be unreachable; the error is logged already
        log.warning("could not tell the user about the failure of update %s", update.update_id)


def _worth_telling(update: object, exc: BaseException | None) -> bool:
    """Log the failure at its level; True when the user of an update should hear of it."""
    update_id = update.update_id if isinstance(update, Update) else None
    if is_quiet(exc):
        log.debug("update %s: %s (ignored)", update_id, exc)
        return False
    if isinstance(exc, Forbidden):
        # The user blocked the bot: nothing can be said to them.
        log.info("update %s: %s", update_id, exc)
        return False
    if isinstance(exc, TimedOut | NetworkError) and not isinstance(update, Update):
        log.warning("network trouble outside an update: %s", exc)
        return False
    log.error("update %s failed", update_id, exc_info=exc)
    return isinstance(update, Update)


async def _lang(update: Update, context: BotContext) -> str:
    user = update.effective_user
    if user is None:
        return texts.DEFAULT_LANG
    chosen = None
    try:
        person = await context.services.store.person(user.id)
        chosen = person.language if person is not None else None
    except Exception:  # the store itself may be what failed
        log.debug("no language for user %s", user.id, exc_info=True)
    return texts.lang_of(chosen, user.language_code)
