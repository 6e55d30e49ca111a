"""Rendering the self-check service's outcomes: what a press or a message leads to.

A press is answered (a toast) and its message edited in place; a message gets a new one.
After showing a question or the results, the service is told which message holds it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from telegram import Update

from bot import texts
from bot.refused import Refused
from bot.selfcheck import (
    AskText,
    Awaited,
    Changed,
    CycleClosed,
    Finished,
    ItemList,
    NeedsProduct,
    NoCycle,
    NoteSaved,
    Outcome,
    Question,
    Saved,
    SelfCheckService,
    Shown,
    Stay,
)
from bot.services import BotContext
from bot.store import NOTE_MAX
from bot.texts.html import Html, clip
from conversations import keyboards, results, survey
from conversations.auth import ButtonHandler, Caller, Pressed, officer_press, refuse_press
from conversations.callbacks import CallbackData
from conversations.questions import (
    changed_view,
    cycle_name,
    evidence_view,
    list_view,
    question_text,
    question_view,
)
from conversations.render import answer, drop_buttons, edit_or_send, send_text, settle
from conversations.saved import mark_if_saved

_Data = TypeVar("_Data", bound=CallbackData)
_MESSAGE_REFUSALS = {
    "empty": "na.empty",
    "empty_note": "note.empty",
    "too_long": "text.too_long",
    "unexpected": "text.unexpected",
    "stale_cycle": "text.stale_cycle",  # a text or file sent to a prompt of the old cycle
    "unexpected_media": "media.unexpected",
    "unsupported_media": "evidence.unsupported_media",
    "bad_type": "evidence.bad_type",
}
_ASKED: dict[Awaited, str] = {"na_reason": "na.ask_reason", "note": "note.ask"}


Decide = Callable[[SelfCheckService, Pressed[_Data]], Awaitable[Outcome]]


def service_press(
    kind: type[_Data], *, states: bool = False
) -> Callable[[Decide[_Data]], ButtonHandler]:
    """The whole handler of a self-check button, made of `decide` (what the service is asked;
    its docstring says what the button is): `officer_press` reads the press (`states`: with
    the walk's answer states), `decide` asks the service, `reply_to_press` shows the
    outcome."""

    def made_of(decide: Decide[_Data]) -> ButtonHandler:
        async def handler(update: Update, context: BotContext, pressed: Pressed[_Data]) -> None:
            outcome = await decide(context.services.selfchecks, pressed)
            mark_if_saved(update, context, outcome, pressed.who.lang)  # a failure below: "saved"
            await reply_to_press(context, pressed, outcome)

        handler.__doc__ = decide.__doc__
        return officer_press(kind, states=states)(handler)

    return made_of


async def reply_to_press(context: BotContext, pressed: Pressed[Any], outcome: Outcome) -> None:
    """Answer the press (a refusal, "saved", or nothing) and show what comes next. The answer
    and the next screen go out together: the officer sees the next question one Bot API
    round trip sooner than if the edit waited for the answer."""
    lang, query = pressed.who.lang, pressed.query
    if isinstance(outcome, Refused):
        await refuse_press(pressed, outcome)
        return
    toast: str | None = None
    if isinstance(outcome, Saved) and outcome.option is not None:
        toast = texts.plain("cb.saved", lang, answer=outcome.option.label.get(lang))
        outcome = outcome.then
    elif isinstance(outcome, Changed):
        own = outcome.made_by(pressed.who.user_id)
        toast = texts.plain("cb.changed_own" if own else "cb.changed", lang)
    elif isinstance(outcome, Stay):  # says why nothing moved; the item is shown as it stands
        toast = texts.plain(f"cb.stay.{outcome.edge}", lang)
        outcome = outcome.then
    answered = asyncio.ensure_future(answer(query, toast))
    try:
        await reply(context, pressed.chat_id, pressed.who, outcome, pressed.press.message_id)
    finally:
        await answered


async def reply(
    context: BotContext,
    chat_id: int,
    who: Caller,
    outcome: Outcome,
    message_id: int | None = None,
) -> None:
    """Show `outcome` in the message `message_id` (edited in place) or a new one."""
    lang = who.lang
    if isinstance(outcome, Refused):
        key = _MESSAGE_REFUSALS.get(outcome.reason, f"cb.{outcome.reason}")
        detail = outcome.detail
        text = texts.render(key, lang, reason=detail, name=clip(detail, 80), limit=NOTE_MAX)
        await send_text(context.bot, chat_id, text)
    elif isinstance(outcome, Changed):
        await show(context, chat_id, who, outcome, message_id)
    elif isinstance(outcome, Saved):  # written as text: an N/A reason, or a typed answer
        said = (
            texts.render("na.saved", lang)
            if outcome.option is None
            else texts.render("typed.saved", lang, answer=outcome.option.label.get(lang))
        )
        await send_text(context.bot, chat_id, said)
        await show(context, chat_id, who, outcome.then, None, answered=outcome.key)
    elif isinstance(outcome, AskText):
        key = _ASKED[outcome.what]
        question = clip(outcome.item.question.get(lang), 300)
        text = texts.render(key, lang, limit=NOTE_MAX, question=question, at=outcome.at)
        await send_text(context.bot, chat_id, text)
    elif isinstance(outcome, NoteSaved):
        await send_text(context.bot, chat_id, texts.render("note.saved", lang))
        await show(context, chat_id, who, outcome.then, message_id)
    elif isinstance(outcome, NoCycle):
        await send_text(context.bot, chat_id, texts.render("cycle.none", lang))
    elif isinstance(outcome, CycleClosed):
        the_rubric = context.services.rubric(outcome.selfcheck.rubric_id)
        name = cycle_name(the_rubric, outcome.selfcheck, lang)
        await send_text(context.bot, chat_id, texts.render("cycle.closed", lang, cycle=name))
    elif isinstance(outcome, NeedsProduct):
        needed = texts.render("products.needed", lang)
        await send_text(
            context.bot, chat_id, Html(needed + "\n\n" + texts.render("products.ask_name", lang))
        )
    elif isinstance(outcome, ItemList):
        text, markup = list_view(outcome.walk, outcome.page, lang, outcome.back_to)
        await edit_or_send(context.bot, chat_id, message_id, text, markup)
    elif isinstance(outcome, Stay):
        await show(context, chat_id, who, outcome.then, message_id)
    else:
        await show(context, chat_id, who, outcome, message_id)


async def show(
    context: BotContext,
    chat_id: int,
    who: Caller,
    outcome: Shown | Changed,
    message_id: int | None,
    *,
    answered: str | None = None,
) -> None:
    """A question (or its evidence prompt, or a colleague's change) or the results; then
    remember where we are, and take the buttons off the question it supersedes. That
    question is shown as it stands now when it is the item `answered` by text (an N/A
    reason, a typed label): it would still read as before the answer."""
    lang = who.lang
    if isinstance(outcome, Changed):
        text, markup = changed_view(
            outcome.walk,
            outcome.key,
            outcome.wanted,
            outcome.what,
            lang,
            outcome.files,
            own=outcome.made_by(who.user_id),
            draft=outcome.draft,
        )
    elif isinstance(outcome, Finished):
        score = results.score_text(outcome.results.report, outcome.results.unit_name, lang)
        text = Html(texts.render("done.all", lang) + "\n\n" + score)
        markup = keyboards.finished(outcome.walk.selfcheck.id, lang)
    elif isinstance(outcome, Question) and outcome.evidence:
        received = outcome.walk.evidence_count(outcome.key) > 0
        text, markup = evidence_view(outcome.walk, outcome.key, lang, received=received)
    else:
        text, markup = question_view(outcome.walk, outcome.key, lang)
    text = await survey.with_suggestion(context, outcome, text, lang)  # F-02's SKM question
    shown = await edit_or_send(context.bot, chat_id, message_id, text, markup)
    superseded = await context.services.selfchecks.shown(who.user_id, outcome, shown)
    if answered is not None and superseded is not None:
        await settle(context.bot, chat_id, superseded, question_text(outcome.walk, answered, lang))
        return
    await drop_buttons(context.bot, chat_id, superseded)
