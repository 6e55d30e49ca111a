"""/periksa and the self-check's buttons: parse, ask the self-check service, show.

The database is the state: where the officer is comes from the store (the first unanswered
item, or the item the pressed button names), so a restart changes nothing. The service
(`bot.selfcheck`) makes every check before anything is written.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.services import BotContext
from conversations import callbacks as cb
from conversations import command
from conversations.auth import Caller, Pressed, officer_press, roles
from conversations.show import reply, reply_to_press


async def open_check(update: Update, context: BotContext, who: Caller) -> None:
    """Open the unit's current self-check at the first unanswered item (a new message)."""
    assert update.effective_chat is not None and who.person is not None
    outcome = await context.services.selfchecks.open(who.person)
    await reply(context, update.effective_chat.id, who, outcome)


@roles("officer")
async def on_check(update: Update, context: BotContext, who: Caller) -> None:
    """/periksa: open the self-check at the first unanswered item."""
    await open_check(update, context, who)


@officer_press(cb.Answer)
async def on_answer(update: Update, context: BotContext, pressed: Pressed[cb.Answer]) -> None:
    """An option (or N/A) pressed on a question."""
    outcome = await context.services.selfchecks.answer(pressed.press, pressed.data.opt)
    await reply_to_press(context, pressed, outcome)


async def na_reason_text(update: Update, context: BotContext, who: Caller, text: str) -> None:
    """The reason for an N/A answer, written as text (pending "na_reason")."""
    assert update.effective_chat is not None and who.person is not None
    outcome = await context.services.selfchecks.na_reason(who.person, text, update.update_id)
    await reply(context, update.effective_chat.id, who, outcome)


# Presses that show the walk read its answer states with the press: one round trip.
@officer_press(cb.Move, states=True)
async def on_move(update: Update, context: BotContext, pressed: Pressed[cb.Move]) -> None:
    """⬅ Kembali / Lewati ➡."""
    outcome = await context.services.selfchecks.move(pressed.press, back=pressed.data.to == "b")
    await reply_to_press(context, pressed, outcome)


@officer_press(cb.Open, states=True)
async def on_open(update: Update, context: BotContext, pressed: Pressed[cb.Open]) -> None:
    """Open one item (from Daftar, a gap, or after evidence)."""
    outcome = await context.services.selfchecks.open_item(pressed.press)
    await reply_to_press(context, pressed, outcome)


@officer_press(cb.ListPage, states=True)
async def on_list(update: Update, context: BotContext, pressed: Pressed[cb.ListPage]) -> None:
    """Daftar: a page of the item list."""
    outcome = await context.services.selfchecks.item_list(pressed.press, pressed.data.page)
    await reply_to_press(context, pressed, outcome)


def handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    return [
        CommandHandler(command("periksa"), on_check),
        CallbackQueryHandler(on_answer, pattern=cb.Answer.pattern()),
        CallbackQueryHandler(on_move, pattern=cb.Move.pattern()),
        CallbackQueryHandler(on_open, pattern=cb.Open.pattern()),
        CallbackQueryHandler(on_list, pattern=cb.ListPage.pattern()),
    ]
