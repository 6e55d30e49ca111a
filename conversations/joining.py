"""/start: join with an invite code (deep link `t.me/<bot>?start=<code>` or `/start <code>`),
or be welcomed back. Strangers get the short explanation and nothing else.

A registered person whose code would change their role, unit or region is asked first
("You are now X. This code makes you Y. Switch?"): invite links get forwarded in groups,
and opening one must not silently move anybody or spend a coordinator's single-use code.
Only the `Pindah` press redeems the code, through `store.join`, which checks it all again.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.services import BotContext
from bot.store import InviteError, Person
from conversations import callbacks as cb
from conversations import keyboards, survey, texts
from conversations.auth import Caller, caller
from conversations.render import Html, answer, edit_or_send, send_text


async def on_start(update: Update, context: BotContext) -> None:
    """/start [code]: redeem the code (asking first when it moves someone), or say what to do;
    `/start s-<code>` opens a unit's citizens' survey, for anyone."""
    code = survey.survey_code(context.args[0]) if context.args else None
    if code is not None:
        await survey.start_survey(update, context, code)
        return
    who = await caller(update, context)
    chat = update.effective_chat
    user = update.effective_user
    if who is None or chat is None or user is None:
        return
    if context.args:
        await _open_code(update, context, who, context.args[0])
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


@dataclass(frozen=True)
class Place:
    """Where a person is, or where a code would put them."""

    role: str
    unit_id: int | None
    region_id: int | None


def join_tag(user_id: int, code: str) -> str:
    """Binds a `Pindah` button to the person who opened the code: a press by anyone else
    does not match. Unkeyed on purpose: forging it only lets someone redeem a code they
    already hold for themselves, which `/start CODE` allows anyway."""
    return hashlib.blake2b(f"{user_id}:{code}".encode(), digest_size=6).hexdigest()


async def _open_code(update: Update, context: BotContext, who: Caller, code: str) -> None:
    chat = update.effective_chat
    assert chat is not None
    person = who.person
    if person is None or not person.active:
        await _redeem(update, context, who, code)
        return
    current = Place(person.role, person.unit_id, person.region_id)
    try:
        target = Place(*await context.services.store.invite_place(code, context.services.now()))
    except InviteError as exc:
        await send_text(context.bot, chat.id, texts.render(f"join.error.{exc.reason}", who.lang))
        return
    if target == current:
        await send_text(context.bot, chat.id, texts.render("join.error.already_member", who.lang))
        return
    text = texts.render(
        "join.confirm",
        who.lang,
        now=await place_text(context, current, who.lang),
        then=await place_text(context, target, who.lang),
    )
    code = code.strip()
    buttons = keyboards.markup(
        [
            [
                (
                    texts.plain("btn.switch", who.lang),
                    cb.ConfirmJoin(code=code, tag=join_tag(who.user_id, code)),
                ),
                (texts.plain("btn.keep", who.lang), cb.CancelJoin()),
            ]
        ]
    )
    await send_text(context.bot, chat.id, text, buttons)


async def place_text(context: BotContext, place: Place, lang: str) -> Html:
    store = context.services.store
    if place.role == "officer" and place.unit_id is not None:
        unit = await store.unit(place.unit_id)
        return texts.render("join.place.officer", lang, unit=unit.name, region=unit.region)
    if place.role == "coordinator" and place.region_id is not None:
        region = await store.region(place.region_id)
        return texts.render("join.place.coordinator", lang, region=region.name)
    return texts.render("join.place.admin", lang)


async def _redeem(
    update: Update, context: BotContext, who: Caller, code: str, message_id: int | None = None
) -> None:
    store = context.services.store
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None and user is not None
    try:
        person = await store.join(
            code, user.id, user.full_name, user.language_code, context.services.now()
        )
    except InviteError as exc:
        text = texts.render(f"join.error.{exc.reason}", who.lang)
    else:
        lang = texts.lang_of(person.language, user.language_code)
        text = await joined_text(context, person, who.first_name, lang)
    if message_id is None:
        await send_text(context.bot, chat.id, text)
    else:
        await edit_or_send(context.bot, chat.id, message_id, text)


def _pressed_message(update: Update) -> int | None:
    query = update.callback_query
    if query is None or query.message is None or not query.message.is_accessible:
        return None
    return query.message.message_id


async def on_confirm(update: Update, context: BotContext) -> None:
    """Pindah: redeem the code now (every check runs again in `store.join`)."""
    query = update.callback_query
    who = await caller(update, context)
    if query is None or who is None:
        return
    try:
        data = cb.ConfirmJoin.unpack(query.data or "")
    except cb.CallbackDataError:
        await answer(query, texts.plain("cb.invalid", who.lang))
        return
    if not hmac.compare_digest(data.tag, join_tag(who.user_id, data.code)):
        await answer(query, texts.plain("cb.forbidden", who.lang))
        return
    await answer(query)
    await _redeem(update, context, who, data.code, _pressed_message(update))


async def on_cancel(update: Update, context: BotContext) -> None:
    """Batal: nothing is redeemed; say so in place of the question."""
    query = update.callback_query
    who = await caller(update, context)
    chat = update.effective_chat
    if query is None or who is None or chat is None:
        return
    await answer(query)
    await edit_or_send(
        context.bot, chat.id, _pressed_message(update), texts.render("join.kept", who.lang)
    )


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
    return [
        CommandHandler("start", on_start),
        CallbackQueryHandler(on_confirm, pattern=cb.ConfirmJoin.pattern()),
        CallbackQueryHandler(on_cancel, pattern=cb.CancelJoin.pattern()),
    ]
