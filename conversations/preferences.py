"""/bahasa, /bantuan, /batal, and the fallbacks: free text for pending prompts, unknown
commands, unknown buttons and anything else a person may send."""

from __future__ import annotations

import logging

from telegram import BotCommand, BotCommandScopeChat, ChatMember, Update
from telegram.error import TelegramError
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot import texts
from bot.services import BotContext
from bot.store import NotFound
from bot.texts.commands import menu
from bot.texts.html import Html
from conversations import callbacks as cb
from conversations import command, keyboards, survey
from conversations.auth import Caller, caller, not_allowed, parse_press, refuse_caller, roles
from conversations.render import answer, edit_or_send, send_text

log = logging.getLogger(__name__)


async def _say(update: Update, context: BotContext, key: str, lang: str) -> None:
    assert update.effective_chat is not None
    await send_text(context.bot, update.effective_chat.id, texts.render(key, lang))


@roles()
async def on_language(update: Update, context: BotContext, who: Caller) -> None:
    """/bahasa: choose Indonesian or English."""
    assert update.effective_chat is not None
    await send_text(
        context.bot,
        update.effective_chat.id,
        texts.render("language.choose", who.lang),
        keyboards.languages(),
    )


@roles()
async def on_set_language(update: Update, context: BotContext, who: Caller) -> None:
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    data = await parse_press(update, context, who, cb.SetLanguage)
    if data is None:
        return
    lang = data.lang
    note = None
    try:
        await context.services.store.set_language(who.user_id, lang)
    except NotFound:  # an admin from SIAPNILAI_ADMINS who never joined: nothing to keep it in
        note = "language.admin_note"
    await answer(query)
    if note is None:
        await chat_menu(context, update.effective_chat.id, lang)
    text = texts.render("language.set", lang)
    if note is not None:
        text = Html(text + "\n" + texts.render(note, lang))
    message = query.message
    message_id = message.message_id if message is not None and message.is_accessible else None
    await edit_or_send(context.bot, update.effective_chat.id, message_id, text)


async def chat_menu(context: BotContext, chat_id: int, lang: str) -> None:
    """The chat's command menu in the chosen language: the default menus follow the Telegram
    app's language, and the texts name the commands of the chosen one (/check, /periksa)."""
    commands = [BotCommand(name, description) for name, description in menu(lang)]
    try:
        await context.bot.set_my_commands(commands, scope=BotCommandScopeChat(chat_id))
    except TelegramError as exc:  # the menu is a convenience: the choice itself is kept
        log.warning("command menu of chat %s not set: %s", chat_id, exc)


async def on_help(update: Update, context: BotContext) -> None:
    """/bantuan: what this person can do (strangers: how to get an invite; mid-survey: how to
    answer the survey)."""
    who = await caller(update, context)
    if who is None or update.effective_chat is None:
        return
    if not who.registered:
        await refuse_caller(update, context, who, "unregistered")
        return
    if who.is_officer:
        key = "help.officer"
    elif who.is_coordinator:
        key = "help.coordinator"
    else:
        key = "help.admin"
    await _say(update, context, key, who.lang)


async def on_cancel(update: Update, context: BotContext) -> None:
    """/batal: stop waiting for anything of one's own flows — a prompt (an N/A reason, a
    note, files) and the answer or files for the question on screen (its buttons still
    work; /periksa goes on); with none, the citizens' survey in progress (uncounted,
    dropped)."""
    who = await caller(update, context)
    if who is None or update.effective_chat is None:
        return
    said = await _cancel_prompt(context, who) if who.registered else None
    if said is not None:
        note = await survey.still_open(context, who.user_id, who.lang)
        text = texts.render(said, who.lang)
        await send_text(context.bot, update.effective_chat.id, join_lines(text, note))
    elif not await survey.cancel(update, context):
        problem = not_allowed(who, (), pressed=False)  # a stranger: as before the survey
        await _say(update, context, problem or "cancel.nothing", who.lang)


async def _cancel_prompt(context: BotContext, who: Caller) -> str | None:
    """Leave a registered person's pending prompt (a review comment, or what a typed text
    would mean); the text key saying so, None when nothing was pending."""
    if await context.services.reviews.cancel(who.user_id):
        return "rv.cancelled"
    return "cancel.done" if await context.services.selfchecks.cancel(who.user_id) else None


def join_lines(text: Html, note: Html | None) -> Html:
    return text if note is None else Html(text + "\n" + note)


@roles()
async def on_text(update: Update, context: BotContext, who: Caller) -> None:
    """Free text: the answer to whatever the bot is waiting for, if anything."""
    from conversations import evidence, products, review, selfcheck

    message = update.effective_message
    assert message is not None
    text = message.text or ""
    if await review.comment_text(update, context, who, text):
        return
    state = await context.services.store.chat_state(who.user_id)
    if state.pending is not None and not who.is_officer:
        state = type(state)(telegram_id=who.user_id)
    if state.pending == "na_reason":
        await selfcheck.na_reason_text(update, context, who, text)
    elif state.pending == "product_name":
        await products.product_name_text(update, context, who, text)
    elif state.pending == "evidence":
        await evidence.evidence_text(update, context, who)
    elif state.pending == "note":
        await selfcheck.note_text(update, context, who, text)
    elif state.pending is None and state.key is not None and who.is_officer:
        await selfcheck.typed_text(update, context, who, text)
    else:
        await _say(update, context, selfcheck.for_role("text.unexpected", who), who.lang)


@roles()
async def on_unknown_command(update: Update, context: BotContext, who: Caller) -> None:
    await _say(update, context, "unknown_command", who.lang)


@roles()
async def on_other_message(update: Update, context: BotContext, who: Caller) -> None:
    """Stickers, voice, video, locations...: say what the bot waits for, or what it reads."""
    from conversations import selfcheck

    nothing = selfcheck.for_role("message.unsupported", who)
    await selfcheck.say_waiting(update, context, who, nothing=nothing)


async def on_unknown_button(update: Update, context: BotContext) -> None:
    """Callback data that no handler claimed: garbage, an old version, or a forgery."""
    query = update.callback_query
    assert query is not None
    who = await caller(update, context)
    lang = who.lang if who is not None else texts.DEFAULT_LANG
    log.info("unknown callback data %r from %s", (query.data or "")[:64], query.from_user.id)
    await answer(query, texts.plain("cb.invalid", lang))


async def on_my_chat_member(update: Update, context: BotContext) -> None:
    """The person blocked (or unblocked) the bot: stop (or resume) reminders to them."""
    change = update.my_chat_member
    if change is None or change.chat.type != "private":
        return
    store = context.services.store
    if await store.person(change.from_user.id) is None:
        return
    status = change.new_chat_member.status
    if status in (ChatMember.BANNED, ChatMember.LEFT):
        await store.mark_inactive(change.from_user.id)
    elif status == ChatMember.MEMBER:
        await store.mark_active(change.from_user.id)


def handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    return [
        CommandHandler(command("bahasa"), on_language),
        CallbackQueryHandler(on_set_language, pattern=cb.SetLanguage.pattern()),
        CommandHandler(command("bantuan"), on_help),
        CommandHandler(command("batal"), on_cancel),
        ChatMemberHandler(on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER),
    ]


# New messages only: editing an N/A reason or a product name must not record it twice.
PRIVATE = filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE


def fallbacks() -> list[BaseHandler]:  # type: ignore[type-arg]
    """Registered last: they catch whatever no other handler took."""
    return [
        MessageHandler(PRIVATE & filters.COMMAND, on_unknown_command),
        MessageHandler(PRIVATE & filters.TEXT, on_text),
        CallbackQueryHandler(on_unknown_button),
        MessageHandler(PRIVATE & ~filters.StatusUpdate.ALL, on_other_message),
    ]
