"""/periksa and the self-check's buttons: parse, ask the self-check service, show.

The database is the state: where the officer is comes from the store (the first unanswered
item, or the item the pressed button names), so a restart changes nothing. The service
(`bot.selfcheck`) makes every check before anything is written.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from bot import texts
from bot.selfcheck import Outcome, SelfCheckService, Waiting
from bot.services import BotContext
from bot.texts.html import Html
from conversations import callbacks as cb
from conversations import command
from conversations.auth import Caller, Pressed, roles
from conversations.render import send_text
from conversations.saved import mark_if_saved
from conversations.show import reply, service_press


async def open_check(update: Update, context: BotContext, who: Caller) -> None:
    """Open the unit's current self-check at the first unanswered item (a new message)."""
    assert update.effective_chat is not None and who.person is not None
    outcome = await context.services.selfchecks.open(who.person)
    await reply(context, update.effective_chat.id, who, outcome)


@roles("officer")
async def on_check(update: Update, context: BotContext, who: Caller) -> None:
    """/periksa: open the self-check at the first unanswered item."""
    await open_check(update, context, who)


@service_press(cb.Answer)
async def on_answer(service: SelfCheckService, pressed: Pressed[cb.Answer]) -> Outcome:
    """An option (or N/A) pressed on a question."""
    return await service.answer(pressed.press, pressed.data.opt)


async def na_reason_text(update: Update, context: BotContext, who: Caller, text: str) -> None:
    """The reason for an N/A answer, written as text (pending "na_reason")."""
    assert update.effective_chat is not None and who.person is not None
    outcome = await context.services.selfchecks.na_reason(who.person, text, update.update_id)
    mark_if_saved(update, context, outcome, who.lang)
    await reply(context, update.effective_chat.id, who, outcome)


@service_press(cb.Note)
async def on_note(service: SelfCheckService, pressed: Pressed[cb.Note]) -> Outcome:
    """📝 Catatan: a note on the current answer (Ganti: the note typed on a stale screen)."""
    return await service.ask_note(pressed.press, draft=pressed.data.d == 1)


@service_press(cb.Carry)
async def on_carry(service: SelfCheckService, pressed: Pressed[cb.Carry]) -> Outcome:
    """Masih berlaku: keep the previous cycle's answer, note and files."""
    return await service.carry(pressed.press)


async def note_text(update: Update, context: BotContext, who: Caller, text: str) -> None:
    """The note on an answer, written as text (pending "note")."""
    assert update.effective_chat is not None and who.person is not None
    outcome = await context.services.selfchecks.note(who.person, text, update.update_id)
    mark_if_saved(update, context, outcome, who.lang)  # a failure below: "saved"
    await reply(context, update.effective_chat.id, who, outcome)


async def typed_text(update: Update, context: BotContext, who: Caller, text: str) -> None:
    """Text while a question is on screen: an option's label answers it ("ya", "sebagian",
    "tidak", "yes", "no", a level's label); anything else is told what the bot waits for."""
    assert update.effective_chat is not None and who.person is not None
    service = context.services.selfchecks
    outcome = await service.typed(who.person, text, update.update_id)
    if outcome is None:
        await say_waiting(update, context, who)
        return
    mark_if_saved(update, context, outcome, who.lang)  # a failure below: "saved"
    await reply(context, update.effective_chat.id, who, outcome)


def waiting_text(waiting: Waiting, lang: str) -> Html:
    """What the bot waits for, in words; an answer is typed as an option's label, so the
    example is the item's own first option (a levelled item has no "Ya")."""
    example = waiting.item.options[0].label.get(lang) if waiting.item else None
    example = example or texts.plain("option.example", lang)
    return texts.render(f"waiting.{waiting.what}", lang, at=waiting.at, example=example)


async def say_waiting(
    update: Update, context: BotContext, who: Caller, nothing: str = "text.unexpected"
) -> None:
    """Name what the bot waits for (a sticker, a voice note, text it can't use...), or say
    `nothing` when it waits for nothing."""
    assert update.effective_chat is not None
    waiting = None
    if who.person is not None and who.is_officer:
        waiting = await context.services.selfchecks.waiting_for(who.person)
    elif who.has_role("coordinator", "admin") and await context.services.reviews.awaits_comment(
        who.overseer
    ):
        nothing = "rv.comment_text_only"  # a photo, a sticker...: the comment is text
    text = texts.render(nothing, who.lang) if waiting is None else waiting_text(waiting, who.lang)
    await send_text(context.bot, update.effective_chat.id, text)


def for_role(key: str, who: Caller) -> str:
    """A hint that points a coordinator (or an admin) who is no officer at their own commands
    instead of the officer's (/periksa)."""
    if who.is_officer or not who.has_role("coordinator", "admin"):
        return key
    return f"{key}.coordinator"


# Presses that show the walk read its answer states with the press: one round trip.
@service_press(cb.Move, states=True)
async def on_move(service: SelfCheckService, pressed: Pressed[cb.Move]) -> Outcome:
    """⬅ Kembali / Lewati ➡."""
    return await service.move(pressed.press, back=pressed.data.to == "b")


@service_press(cb.Open, states=True)
async def on_open(service: SelfCheckService, pressed: Pressed[cb.Open]) -> Outcome:
    """Open one item (from Daftar, a gap, or after evidence)."""
    return await service.open_item(pressed.press)


@service_press(cb.ListPage, states=True)
async def on_list(service: SelfCheckService, pressed: Pressed[cb.ListPage]) -> Outcome:
    """Daftar: a page of the item list."""
    return await service.item_list(pressed.press, pressed.data.page)


def handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    return [
        CommandHandler(command("periksa"), on_check),
        on_answer,
        on_note,
        on_carry,
        on_move,
        on_open,
        on_list,
    ]
