"""People are served only in private chats. In a group (or supergroup, or channel) every
command addressed to this bot gets one line, "open a private chat with me", and nothing
else: no workbook, summary, score or invite is ever posted where others can read it.
Buttons pressed there get the same line as an answer; other group messages are ignored.

Registered in handler group -2, before every flow and before the flows' early handlers
(group -1): it ends the update's processing (`ApplicationHandlerStop`) so no flow handler
sees a group update, also when the line itself cannot be sent (an exception would let PTB
go on to the next handler groups). Its press handler takes every press, so it needs a
group of its own: in one group only the first matching handler runs."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import (
    ApplicationHandlerStop,
    BaseHandler,
    CallbackQueryHandler,
    MessageHandler,
    filters,
)

from bot import texts
from bot.services import BotContext
from conversations.render import answer, send_text, update_lang

log = logging.getLogger(__name__)

NOT_PRIVATE = ~filters.ChatType.PRIVATE
GROUP = -2
"""The handler group these run in: before the flows' early handlers (-1) and the flows (0)."""


def for_this_bot(text: str, username: str | None) -> bool:
    """Whether a command text (`/unduh`, `/unduh@SiapNilaiBot arg`) is addressed to us (pure).
    A command for another bot in the same group is none of our business."""
    head = text.split(maxsplit=1)[0] if text.strip() else ""
    _, at, name = head.partition("@")
    return not at or (username is not None and name.lower() == username.lower())


async def on_group_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    chat = update.effective_chat
    if message is None or chat is None:
        raise ApplicationHandlerStop
    if for_this_bot(message.text or "", context.bot.username):
        line = texts.render("private_only", update_lang(update), bot=context.bot.username or "")
        try:
            await send_text(context.bot, chat.id, line)
        except Exception as exc:  # any failure: never fall through to the flows
            # Ends here all the same: an exception would let PTB run the next handler groups,
            # and the flows would post the data (or redeem the invite) in the group.
            log.warning("the private-only line to chat %s failed: %s", chat.id, exc)
    raise ApplicationHandlerStop


async def on_group_other(update: Update, context: BotContext) -> None:
    raise ApplicationHandlerStop


async def on_group_press(update: Update, context: BotContext) -> None:
    query = update.callback_query
    chat = update.effective_chat
    if query is None or chat is None or chat.type == ChatType.PRIVATE:
        return  # a private chat (or an inline message): the flows handle it
    try:
        await answer(
            query, texts.plain("private_only", update_lang(update), bot=context.bot.username or "")
        )
    except Exception as exc:  # as for commands: a failed answer still ends the press here
        log.warning("the private-only answer in chat %s failed: %s", chat.id, exc)
    raise ApplicationHandlerStop


def handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    return [
        MessageHandler(
            filters.UpdateType.MESSAGES & NOT_PRIVATE & filters.COMMAND, on_group_command
        ),
        MessageHandler(filters.UpdateType.MESSAGES & NOT_PRIVATE, on_group_other),
        CallbackQueryHandler(on_group_press),
    ]
