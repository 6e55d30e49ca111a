"""/start: join with an invite code (deep link `t.me/<bot>?start=<code>` or `/start <code>`),
or be welcomed back. Strangers get the short explanation and nothing else."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from bot.services import BotContext
from bot.store import InviteError, Person
from conversations import callbacks as cb
from conversations import keyboards, texts
from conversations.auth import Caller, caller
from conversations.render import Html, send_text


async def on_start(update: Update, context: BotContext) -> None:
    """/start [code]: redeem the code, or say what to do next."""
    who = await caller(update, context)
    chat = update.effective_chat
    user = update.effective_user
    if who is None or chat is None or user is None:
        return
    if context.args:
        await _join(update, context, who, context.args[0])
        return
    if not who.registered:
        await send_text(context.bot, chat.id, texts.render("unregistered", who.lang))
        return
    text, with_button = await welcome_text(context, who)
    markup = (
        keyboards.markup([[(texts.plain("btn.start_check", who.lang), cb.StartCheck())]])
        if with_button
        else None
    )
    await send_text(context.bot, chat.id, text, markup)


async def _join(update: Update, context: BotContext, who: Caller, code: str) -> None:
    store = context.services.store
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None and user is not None
    try:
        person = await store.join(
            code, user.id, user.full_name, user.language_code, context.services.now()
        )
    except InviteError as exc:
        await send_text(context.bot, chat.id, texts.render(f"join.error.{exc.reason}", who.lang))
        return
    lang = texts.lang_of(person.language, user.language_code)
    await send_text(context.bot, chat.id, await joined_text(context, person, who.first_name, lang))


async def joined_text(context: BotContext, person: Person, name: str, lang: str) -> Html:
    store = context.services.store
    if person.role == "officer" and person.unit_id is not None:
        unit = await store.unit(person.unit_id)
        return texts.render("join.officer", lang, name=name, unit=unit.name)
    if person.region_id is not None:
        region = await store.region(person.region_id)
        return texts.render("join.coordinator", lang, name=name, region=region.name)
    return texts.render("welcome.admin", lang, name=name)


async def welcome_text(context: BotContext, who: Caller) -> tuple[Html, bool]:
    """Welcome back, by role; True when a "start the self-check" button belongs under it."""
    store = context.services.store
    person = who.person
    if who.is_officer and person is not None and person.unit_id is not None:
        unit = await store.unit(person.unit_id)
        return texts.render("welcome.officer", who.lang, name=who.first_name, unit=unit.name), True
    if who.is_coordinator and person is not None and person.region_id is not None:
        region = await store.region(person.region_id)
        return (
            texts.render("welcome.coordinator", who.lang, name=who.first_name, region=region.name),
            False,
        )
    return texts.render("welcome.admin", who.lang, name=who.first_name), False


def handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    return [CommandHandler("start", on_start)]
