"""/start: join with an invite code (deep link `t.me/<bot>?start=<code>` or `/start <code>`),
or be welcomed back. Strangers get the short explanation and nothing else.

A registered person whose code would move them is asked first ("You are now X. This code
makes you Y. Switch?", bot.joining); only the `Pindah` press redeems the code.
"""

from __future__ import annotations

import hashlib
import hmac

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot import texts
from bot.joining import PASTED, AskMove, Place, Redeem, start_parameter
from bot.refused import Refused
from bot.services import BotContext
from bot.texts.html import Html
from conversations import callbacks as cb
from conversations import keyboards, survey
from conversations.auth import Caller, caller, not_allowed, pressed_message_id, refuse_caller
from conversations.render import answer, edit_or_send, send_text


async def on_start(update: Update, context: BotContext) -> None:
    """/start [code]: redeem the code (asking first when it moves someone), or say what to do;
    `/start s-<code>` opens a unit's citizens' survey, for anyone."""
    given = start_parameter(context.args[0]) if context.args else ""
    if given:  # (only punctuation after /start: as /start alone)
        await _open_given(update, context, given)
        return
    who = await caller(update, context)
    chat = update.effective_chat
    if who is None or chat is None:
        return
    if not who.registered:  # (mid-survey: the survey's question again)
        # Someone deactivated is told so, as by every other command.
        refusal = not_allowed(who, (), pressed=False) or "unregistered"
        await refuse_caller(update, context, who, refusal)
        return
    text, with_button = await welcome_text(context, who)
    markup = (
        keyboards.markup([[(texts.plain("btn.start_check", who.lang), cb.StartCheck())]])
        if with_button
        else None
    )
    await send_text(context.bot, chat.id, text, markup)


async def on_pasted(update: Update, context: BotContext) -> None:
    """A link or code pasted as text, by someone not (or no longer) registered: as if it
    came after /start. From anyone registered it is free text like any other."""
    from conversations import preferences  # here: preferences' fallbacks import flows

    message, who = update.effective_message, await caller(update, context)
    if message is None or who is None:
        return
    if who.registered:
        await preferences.on_text(update, context)
        return
    await _open_given(update, context, start_parameter(message.text or ""))


async def _open_given(update: Update, context: BotContext, given: str) -> None:
    """What came after /start (or was pasted): a survey link opens the survey, for anyone;
    anything else is an invite code (or a survey link cut or mistyped)."""
    code = survey.survey_code(given)
    if code is not None:
        await survey.start_survey(update, context, code)
        return
    who = await caller(update, context)
    if who is None or update.effective_user is None:
        return
    await _open_parameter(update, context, who, given)


async def _open_parameter(update: Update, context: BotContext, who: Caller, given: str) -> None:
    """/start's parameter that is not a valid survey link: an invite code, or a survey link
    cut or mistyped (said so, not "unknown invite code")."""
    if survey.looks_like_survey_link(given):
        assert update.effective_chat is not None
        text = texts.render("survey.unknown_code", who.lang)
        await send_text(context.bot, update.effective_chat.id, text)
        return
    await _open_code(update, context, who, given)


def join_tag(user_id: int, code: str) -> str:
    """Binds a `Pindah` button to the person who opened the code: a press by anyone else
    does not match. Unkeyed on purpose: forging it only lets someone redeem a code they
    already hold for themselves, which `/start CODE` allows anyway."""
    return hashlib.blake2b(f"{user_id}:{code}".encode(), digest_size=6).hexdigest()


async def _open_code(update: Update, context: BotContext, who: Caller, code: str) -> None:
    assert update.effective_chat is not None
    chat_id = update.effective_chat.id
    outcome = await context.services.joining.open_code(who.person, code)
    if isinstance(outcome, Redeem):
        await _redeem(update, context, who, code)
    elif isinstance(outcome, Refused):
        await send_text(
            context.bot, chat_id, texts.render(f"join.error.{outcome.reason}", who.lang)
        )
    else:
        await send_text(context.bot, chat_id, *move_question(outcome, who, code.strip()))


def move_question(ask: AskMove, who: Caller, code: str) -> tuple[Html, InlineKeyboardMarkup]:
    now, then = place_text(ask.now, who.lang), place_text(ask.then, who.lang)
    text = texts.render("join.confirm", who.lang, now=now, then=then)
    switch = cb.ConfirmJoin(code=code, tag=join_tag(who.user_id, code))
    buttons = [
        (texts.plain("btn.switch", who.lang), switch),
        (texts.plain("btn.keep", who.lang), cb.CancelJoin()),
    ]
    return text, keyboards.markup([buttons])


def place_text(place: Place, lang: str) -> Html:
    if place.role == "officer" and place.unit_id is not None:
        return texts.render("join.place.officer", lang, unit=place.unit, region=place.region)
    if place.role == "coordinator" and place.region_id is not None:
        return texts.render("join.place.coordinator", lang, region=place.region)
    return texts.render("join.place.admin", lang)


async def _redeem(
    update: Update, context: BotContext, who: Caller, code: str, message_id: int | None = None
) -> None:
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None and user is not None
    joining = context.services.joining
    outcome = await joining.redeem(code, user.id, user.full_name, user.language_code)
    if isinstance(outcome, Refused):
        text = texts.render(f"join.error.{outcome.reason}", who.lang)
    else:
        lang = texts.lang_of(outcome.person.language, user.language_code)
        text = joined_text(outcome.place, who.first_name, lang)
    await edit_or_send(context.bot, chat.id, message_id, text)


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
    await _redeem(update, context, who, data.code, pressed_message_id(update))


async def on_cancel(update: Update, context: BotContext) -> None:
    """Batal: nothing is redeemed; say so in place of the question."""
    query = update.callback_query
    who = await caller(update, context)
    chat = update.effective_chat
    if query is None or who is None or chat is None:
        return
    await answer(query)
    await edit_or_send(
        context.bot, chat.id, pressed_message_id(update), texts.render("join.kept", who.lang)
    )


def joined_text(place: Place, name: str, lang: str) -> Html:
    if place.role == "officer" and place.unit_id is not None:
        return texts.render("join.officer", lang, name=name, unit=place.unit)
    if place.region_id is not None:
        return texts.render("join.coordinator", lang, name=name, region=place.region)
    return texts.render("welcome.admin", lang, name=name)


async def welcome_text(context: BotContext, who: Caller) -> tuple[Html, bool]:
    """Welcome back, by role; True when a "start the self-check" button belongs under it."""
    person, name, lang = who.person, who.first_name, who.lang
    if person is None or not (who.is_officer or who.is_coordinator):
        return texts.render("welcome.admin", lang, name=name), False
    place = await context.services.joining.place_of(person)
    if who.is_officer:
        return texts.render("welcome.officer", lang, name=name, unit=place.unit), True
    return texts.render("welcome.coordinator", lang, name=name, region=place.region), False


def handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    return [
        CommandHandler("start", on_start),
        # New messages only (an edit of it is not a second try), private chats only.
        MessageHandler(
            filters.UpdateType.MESSAGE
            & filters.ChatType.PRIVATE
            & filters.TEXT
            & ~filters.COMMAND
            & filters.Regex(PASTED),
            on_pasted,
        ),
        CallbackQueryHandler(on_confirm, pattern=cb.ConfirmJoin.pattern()),
        CallbackQueryHandler(on_cancel, pattern=cb.CancelJoin.pattern()),
    ]
