"""Sending HTML text to a chat: split to the limits, edit in place, answer a press.

The parse mode and the link previews are the application's `Defaults` (bot/app.py); the
escaping and splitting are `bot.texts.html`.
"""

from __future__ import annotations

import logging

from telegram import Bot, CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot import texts
from bot.botapi import edit_text
from bot.texts.html import ELLIPSIS, fit, split

log = logging.getLogger(__name__)


async def send_text(
    bot: Bot,
    chat_id: int,
    text: str,
    reply_markup: InlineKeyboardMarkup | None = None,
) -> Message | None:
    """Send HTML `text`, split to the message limit; the keyboard goes on the last piece."""
    pieces = split(text) or [ELLIPSIS]
    sent: Message | None = None
    for number, piece in enumerate(pieces, start=1):
        sent = await bot.send_message(
            chat_id,
            piece,
            reply_markup=reply_markup if number == len(pieces) else None,
        )
    return sent


def is_not_modified(exc: BadRequest) -> bool:
    return "message is not modified" in exc.message.lower()


def is_gone(exc: BadRequest) -> bool:
    """The message can't be edited any more (deleted, too old, not ours)."""
    text = exc.message.lower()
    return any(
        part in text
        for part in (
            "message to edit not found",
            "message can't be edited",
            "message_id_invalid",
            "message not found",
            "there is no text in the message to edit",
        )
    )


async def edit_or_send(
    bot: Bot,
    chat_id: int,
    message_id: int | None,
    text: str,
    reply_markup: InlineKeyboardMarkup | None = None,
) -> int | None:
    """Replace a message in place, or send a fresh one when it can't be edited.

    Returns the id of the message that now shows `text`. The text must fit one message
    (use `fit`): an edit can't be split.
    """
    text = fit(text)
    if message_id is not None:
        try:
            await edit_text(bot, chat_id, message_id, text, reply_markup)
            return message_id
        except BadRequest as exc:
            if is_not_modified(exc):
                return message_id
            if not is_gone(exc):
                raise
            log.info("message %s in chat %s can't be edited; sending anew", message_id, chat_id)
    sent = await send_text(bot, chat_id, text, reply_markup)
    return None if sent is None else sent.message_id


async def answer(query: CallbackQuery, text: str | None = None) -> None:
    """Answer a button press; a query Telegram no longer accepts (too old, or delivered again
    after a restart) is not an error: the work the press asks for still gets done."""
    try:
        await query.answer(text)
    except BadRequest as exc:
        message = exc.message.lower()
        if "query is too old" not in message and "query id is invalid" not in message:
            raise
        log.info("callback query %s could not be answered: %s", query.id, exc.message)


async def drop_buttons(bot: Bot, chat_id: int, message_id: int | None) -> bool:
    """Remove a superseded message's buttons (one chat, one live question keyboard); a
    message already without them, or too old to edit, is left as it is. True when buttons
    were removed."""
    if message_id is None:
        return False
    try:
        await bot.edit_message_reply_markup(chat_id, message_id, reply_markup=None)
    except BadRequest as exc:
        log.info("message %s keeps its buttons: %s", message_id, exc.message)
        return False
    return True


async def settle(bot: Bot, chat_id: int, message_id: int, text: str) -> None:
    """Show `text` in a superseded message, without buttons (what it is about now); a
    message too old to edit is left as it is."""
    try:
        await edit_text(bot, chat_id, message_id, fit(text), None)
    except BadRequest as exc:
        log.info("message %s not settled: %s", message_id, exc.message)


def update_lang(update: Update) -> texts.Lang:
    """The language of someone who may not be registered: their Telegram client's, else
    Indonesian."""
    user = update.effective_user
    return texts.lang_of(None, None if user is None else user.language_code)
