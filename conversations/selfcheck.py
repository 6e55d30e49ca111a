"""/periksa: walk the checklist one question at a time, editing the question message in place.

The database is the state: where the officer is comes from the store (the first unanswered
item, or the item the pressed button names), so a restart changes nothing. Every press is
re-checked by `auth.check_press` before anything is written.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.services import BotContext
from bot.store import NOTE_MAX, AnswerState, ChatState, Closed, Invalid, SelfCheck, Store
from conversations import callbacks as cb
from conversations import command, keyboards, results, texts
from conversations.auth import Caller, Press, check_press, parse_press, roles, still_current
from conversations.render import Html, answer, clip, edit_or_send, esc, fit, send_text
from conversations.saved import mark_saved
from rubric import NA, Item, Rubric

NOTE_SHOWN = 300
"""How much of an N/A reason the question message shows."""
LIST_PAGE_SIZE = 10
EVIDENCE_FULL_MB = 20
"""Files up to this size are kept in the evidence pack; bigger ones are listed as references
(the Bot API's getFile downloads at most 20 MB)."""
LIST_LABEL = 44
LIST_TEXT_LABEL = 160
"""The list's text shows more of each question than its buttons can: items that start alike
("Apakah pimpinan dan petugas dapat menyebutkan …") stay distinguishable."""


def split_key(key: str) -> tuple[str, str | None]:
    item_id, _, product = key.partition("@")
    return item_id, product or None


@dataclass(frozen=True)
class Walk:
    """One self-check as the chat shows it: the checklist and the latest answer per key."""

    selfcheck: SelfCheck
    rubric: Rubric
    checklist: list[str]
    states: dict[str, AnswerState]

    def item(self, key: str) -> Item:
        found = self.rubric.item(split_key(key)[0])
        if found is None:
            raise KeyError(key)
        return found

    def answered(self, key: str) -> bool:
        state = self.states.get(key)
        return state is not None and state.option_id is not None

    @property
    def answered_count(self) -> int:
        return sum(1 for k in self.checklist if self.answered(k))

    def value(self, key: str) -> float | None:
        state = self.states.get(key)
        if state is None or state.option_id is None or state.option_id == NA:
            return None
        option = self.item(key).option(state.option_id)
        return None if option is None else option.value

    def at_risk(self, key: str) -> bool:
        value = self.value(key)
        state = self.states.get(key)
        return (
            self.item(key).evidence_required
            and value is not None
            and value > 0
            and (state is None or state.evidence_count == 0)
        )

    def mark(self, key: str) -> str:
        if not self.answered(key):
            return "❌"
        value = self.value(key)
        if (value is not None and value < 1) or self.at_risk(key):
            return "⏳"
        return "✅"

    def previous(self, key: str) -> str:
        at = self.checklist.index(key)
        return self.checklist[max(at - 1, 0)]

    def following(self, key: str) -> str:
        at = self.checklist.index(key)
        return self.checklist[(at + 1) % len(self.checklist)]

    def next_unanswered(self, after: str | None = None) -> str | None:
        """The first unanswered key after `after`, wrapping to the start (as store.next_key)."""
        start = self.checklist.index(after) + 1 if after in self.checklist else 0
        ordered = self.checklist[start:] + self.checklist[:start]
        return next((k for k in ordered if not self.answered(k)), None)


async def load_walk(store: Store, selfcheck: SelfCheck, checklist: list[str] | None = None) -> Walk:
    """The walk as the store has it now (`checklist` when the caller just read it)."""
    return Walk(
        selfcheck=selfcheck,
        rubric=store.rubric(selfcheck.rubric_id),
        checklist=checklist if checklist is not None else await store.checklist(selfcheck),
        states=await store.answer_states(selfcheck),
    )


def option_label(item: Item, option_id: str, lang: str) -> str:
    if option_id == NA:
        return texts.plain("option.na", lang)
    option = item.option(option_id)
    return option.label.get(lang) if option is not None else option_id


# Views -------------------------------------------------------------------------------


def question_text(walk: Walk, key: str, lang: str) -> Html:
    item = walk.item(key)
    _, product = split_key(key)
    dimension = walk.rubric.dimension_of(item.id)
    lines: list[str] = [
        texts.render(
            "q.header",
            lang,
            n=walk.checklist.index(key) + 1,
            total=len(walk.checklist),
            dimension=dimension.title.get(lang) if dimension else "",
        )
    ]
    if product:
        lines.append(texts.render("q.product", lang, product=product))
    lines.append(texts.render("q.question", lang, question=item.question.get(lang)))
    lines.append(texts.render("q.help", lang, help=item.help.shown(lang)))
    described = [o for o in item.options if o.description is not None]
    for option in described:
        assert option.description is not None
        lines.append(f"• <b>{esc(option.label.get(lang))}</b>: {esc(option.description.get(lang))}")
    lines.append(texts.render("q.evidence_hint", lang, hint=item.evidence_hint.shown(lang)))
    state = walk.states.get(key)
    if state is None or state.option_id is None:
        lines.append(texts.render("q.unanswered", lang))
    elif state.option_id == NA:
        lines.append(texts.render("q.current_na", lang, reason=clip(state.note or "", NOTE_SHOWN)))
    else:
        lines.append(
            texts.render("q.current", lang, answer=option_label(item, state.option_id, lang))
        )
    if state is not None and state.evidence_count:
        lines.append(texts.render("q.evidence_count", lang, count=state.evidence_count))
    if walk.at_risk(key):
        lines.append(texts.render("q.at_risk", lang))
    if not walk.selfcheck.accepting:
        lines.append(texts.render("q.closed_note", lang))
    return Html(fit("\n".join(lines)))


def question_view(walk: Walk, key: str, lang: str) -> tuple[Html, InlineKeyboardMarkup]:
    item = walk.item(key)
    buttons = keyboards.QuestionButtons(
        selfcheck_id=walk.selfcheck.id,
        key=key,
        option_labels=tuple(o.label.get(lang) for o in item.options),
        na_allowed=item.na_allowed,
        evidence_item=item.evidence_required,
        accepting=walk.selfcheck.accepting,
        list_page=list_page_of(walk, key),
    )
    return question_text(walk, key, lang), keyboards.question(buttons, lang)


def evidence_view(
    walk: Walk, key: str, lang: str, *, received: bool
) -> tuple[Html, InlineKeyboardMarkup]:
    item = walk.item(key)
    text = Html(
        fit(
            question_text(walk, key, lang)
            + "\n\n"
            + texts.render(
                "evidence.ask", lang, limit_mb=EVIDENCE_FULL_MB, hint=item.evidence_hint.shown(lang)
            )
        )
    )
    return text, keyboards.evidence_prompt(walk.selfcheck.id, key, lang, received=received)


def list_pages(walk: Walk) -> int:
    return max(1, math.ceil(len(walk.checklist) / LIST_PAGE_SIZE))


def list_view(
    walk: Walk, page: int, lang: str, back_to: str | None = None
) -> tuple[Html, InlineKeyboardMarkup]:
    pages = list_pages(walk)
    page = min(max(page, 1), pages)
    keys = walk.checklist[(page - 1) * LIST_PAGE_SIZE : page * LIST_PAGE_SIZE]
    lines: list[str] = [
        texts.render(
            "list.title",
            lang,
            answered=walk.answered_count,
            total=len(walk.checklist),
            page=page,
            pages=pages,
        ),
        texts.render("list.legend", lang),
    ]
    entries: list[tuple[str, str]] = []
    current_dimension = None
    for key in keys:
        item = walk.item(key)
        dimension = walk.rubric.dimension_of(item.id)
        if dimension is not None and dimension.id != current_dimension:
            current_dimension = dimension.id
            lines.append("")
            lines.append(texts.render("list.dimension", lang, dimension=dimension.title.get(lang)))
        lines.append(esc(_item_label(walk, key, lang, LIST_TEXT_LABEL)))
        entries.append((_item_label(walk, key, lang), key))
    return Html(fit("\n".join(lines))), keyboards.item_list(
        walk.selfcheck.id, entries, page, pages, lang, back_to
    )


def _item_label(walk: Walk, key: str, lang: str, width: int = LIST_LABEL) -> str:
    item = walk.item(key)
    _, product = split_key(key)
    n = walk.checklist.index(key) + 1
    name = item.question.get(lang)
    if product:
        name = f"[{clip(product, 20)}] {name}"
    return f"{walk.mark(key)} {n}. {clip(name, width)}"


def list_page_of(walk: Walk, key: str) -> int:
    return walk.checklist.index(key) // LIST_PAGE_SIZE + 1


# Moving around ---------------------------------------------------------------------------


async def remember_view(
    context: BotContext,
    state: ChatState,
    *,
    remembered: ChatState | None = None,
    keep_state: bool = False,
) -> None:
    """Write the chat state a view leaves, unless the store already holds it: `remembered`
    is what the answer's own unit of work wrote (an edit that worked leaves it as is), and
    `keep_state` is a repeated update, whose first delivery wrote the state (a duplicate
    must not move it)."""
    if keep_state or state == remembered:
        return
    await context.services.store.set_chat_state(
        state.telegram_id,
        selfcheck_id=state.selfcheck_id,
        key=state.key,
        pending=state.pending,
        message_id=state.message_id,
    )


async def show_question(
    context: BotContext,
    chat_id: int,
    message_id: int | None,
    walk: Walk,
    key: str,
    who: Caller,
    *,
    remembered: ChatState | None = None,
    keep_state: bool = False,
) -> None:
    """Show `key` in the message `message_id` (or a new one) and remember where we are
    (see `remember_view` for `remembered` and `keep_state`)."""
    text, markup = question_view(walk, key, who.lang)
    shown = await edit_or_send(context.bot, chat_id, message_id, text, markup)
    await remember_view(
        context,
        ChatState(who.user_id, walk.selfcheck.id, key, None, shown),
        remembered=remembered,
        keep_state=keep_state,
    )


async def show_next(
    context: BotContext,
    chat_id: int,
    message_id: int | None,
    selfcheck: SelfCheck,
    after: str | None,
    who: Caller,
    checklist: list[str] | None = None,
    *,
    walk: Walk | None = None,
    remembered: ChatState | None = None,
    keep_state: bool = False,
) -> None:
    """The first unanswered item after `after`, or the results when everything is answered
    (`walk` when the caller has just read it; `remembered`, `keep_state` as in `remember_view`)."""
    store = context.services.store
    if walk is None:
        walk = await load_walk(store, selfcheck, checklist)
    following = walk.next_unanswered(after)
    if following is None:
        await remember_view(
            context,
            ChatState(who.user_id, selfcheck.id),
            remembered=remembered,
            keep_state=keep_state,
        )
        report = await store.score(selfcheck)
        unit = await store.unit(selfcheck.unit_id)
        text = Html(
            texts.render("done.all", who.lang)
            + "\n\n"
            + results.score_text(report, unit.name, who.lang)
        )
        markup = keyboards.finished(selfcheck.id, who.lang)
        await edit_or_send(context.bot, chat_id, message_id, text, markup)
        return
    await show_question(
        context,
        chat_id,
        message_id,
        walk,
        following,
        who,
        remembered=remembered,
        keep_state=keep_state,
    )


async def open_check(update: Update, context: BotContext, who: Caller) -> None:
    """Open the unit's current self-check at the first unanswered item (a new message)."""
    store = context.services.store
    chat = update.effective_chat
    assert chat is not None and who.person is not None
    selfcheck = await store.current_selfcheck(who.person)
    if selfcheck is None:
        await send_text(context.bot, chat.id, texts.render("cycle.none", who.lang))
        return
    the_rubric = store.rubric(selfcheck.rubric_id)
    if not selfcheck.accepting:
        await send_text(
            context.bot,
            chat.id,
            texts.render(
                "cycle.closed", who.lang, cycle=cycle_name(the_rubric, selfcheck, who.lang)
            ),
        )
        return
    if any(i.scope == "product" for i in the_rubric.items) and not await store.products(who.person):
        await store.set_chat_state(who.user_id, selfcheck_id=selfcheck.id, pending="product_name")
        await send_text(
            context.bot,
            chat.id,
            Html(
                texts.render("products.needed", who.lang)
                + "\n\n"
                + texts.render("products.ask_name", who.lang)
            ),
        )
        return
    await show_next(context, chat.id, None, selfcheck, None, who)


def cycle_name(the_rubric: Rubric, selfcheck: SelfCheck, lang: str) -> str:
    return f"{the_rubric.title.get(lang)} ({selfcheck.cycle.year})"


def pressed_message_id(update: Update) -> int | None:
    query = update.callback_query
    if query is None or query.message is None or not query.message.is_accessible:
        return None
    return query.message.message_id


# Handlers ---------------------------------------------------------------------------------


@roles("officer")
async def on_check(update: Update, context: BotContext, who: Caller) -> None:
    """/periksa: open the self-check at the first unanswered item."""
    await open_check(update, context, who)


@roles("officer")
async def on_answer(update: Update, context: BotContext, who: Caller) -> None:
    """An option (or N/A) pressed on a question."""
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    data = await parse_press(update, context, who, cb.Answer)
    if data is None:
        return
    press = await check_press(update, context, who, data.sc, data.key)
    if press is None or press.key is None:
        return
    store = context.services.store
    item = store.rubric(press.selfcheck.rubric_id).item(split_key(press.key)[0])
    assert item is not None  # the key is on the current checklist
    message_id = pressed_message_id(update)
    chat_id = update.effective_chat.id
    if not press.selfcheck.accepting:
        await answer(query, texts.plain("cb.closed", who.lang))
        return
    if data.opt == cb.NA_OPTION:
        if not item.na_allowed:
            await answer(query, texts.plain("cb.invalid", who.lang))
            return
        await answer(query)
        await ask_na_reason(context, chat_id, press, item, who)
        return
    if not 0 <= data.opt < len(item.options):
        await answer(query, texts.plain("cb.invalid", who.lang))
        return
    option = item.options[data.opt]
    evidence = item.evidence_required and option.value > 0
    try:
        # The answer, the walk as it leaves it and the chat state for what is shown next (in
        # the pressed message), in one unit of work: one commit per press. A crash before the
        # edit leaves the state pointing at the next item; /periksa goes on from there.
        recorded, states, remembered = await store.record_answer_and_states(
            press.person,
            press.selfcheck.id,
            press.key,
            option.id,
            update_id=update.update_id,
            remember="evidence" if evidence else "next",
            message_id=message_id,
        )
    except Closed:
        await answer(query, texts.plain("cb.closed", who.lang))
        return
    except Invalid as exc:
        await answer(query, texts.plain("cb.rejected", who.lang, reason=exc.reason))
        return
    mark_saved(update, context, option.label.get(who.lang))  # a failure below: "saved"
    await answer(query, texts.plain("cb.saved", who.lang, answer=option.label.get(who.lang)))
    walk = Walk(press.selfcheck, store.rubric(press.selfcheck.rubric_id), press.checklist, states)
    if evidence:
        await show_evidence_prompt(
            context,
            chat_id,
            message_id,
            walk,
            press.key,
            who,
            remembered=remembered,
            keep_state=not recorded,
        )
        return
    await show_next(
        context,
        chat_id,
        message_id,
        press.selfcheck,
        press.key,
        who,
        walk=walk,
        remembered=remembered,
        keep_state=not recorded,
    )


async def show_evidence_prompt(
    context: BotContext,
    chat_id: int,
    message_id: int | None,
    walk: Walk,
    key: str,
    who: Caller,
    *,
    remembered: ChatState | None = None,
    keep_state: bool = False,
) -> None:
    """Ask for files for `key` in the message `message_id` (or a new one) and wait for them
    (pending "evidence"; `remembered`, `keep_state` as in `remember_view`)."""
    state = walk.states.get(key)
    text, markup = evidence_view(
        walk, key, who.lang, received=state is not None and state.evidence_count > 0
    )
    shown = await edit_or_send(context.bot, chat_id, message_id, text, markup)
    await remember_view(
        context,
        ChatState(who.user_id, walk.selfcheck.id, key, "evidence", shown),
        remembered=remembered,
        keep_state=keep_state,
    )


async def ask_na_reason(
    context: BotContext, chat_id: int, press: Press, item: Item, who: Caller
) -> None:
    assert press.key is not None
    await context.services.store.set_chat_state(
        who.user_id, selfcheck_id=press.selfcheck.id, key=press.key, pending="na_reason"
    )
    await send_text(
        context.bot,
        chat_id,
        texts.render(
            "na.ask_reason",
            who.lang,
            limit=NOTE_MAX,
            question=clip(item.question.get(who.lang), 300),
        ),
    )


async def na_reason_text(update: Update, context: BotContext, who: Caller, text: str) -> None:
    """The reason for an N/A answer, written as text (pending "na_reason")."""
    store = context.services.store
    chat = update.effective_chat
    assert chat is not None and who.person is not None
    state = await store.chat_state(who.user_id)
    reason = text.strip()
    if not reason:
        await send_text(context.bot, chat.id, texts.render("na.empty", who.lang))
        return
    if len(reason) > NOTE_MAX:
        await send_text(
            context.bot, chat.id, texts.render("text.too_long", who.lang, limit=NOTE_MAX)
        )
        return
    if state.selfcheck_id is None or state.key is None:
        await store.set_chat_state(who.user_id)
        await send_text(context.bot, chat.id, texts.render("text.unexpected", who.lang))
        return
    if not await still_current(context, who, state.selfcheck_id):
        await store.set_chat_state(who.user_id)
        await send_text(context.bot, chat.id, texts.render("cb.stale_cycle", who.lang))
        return
    try:
        await store.record_answer(
            who.person, state.selfcheck_id, state.key, NA, reason, update_id=update.update_id
        )
    except Closed:
        await store.set_chat_state(who.user_id)
        await send_text(context.bot, chat.id, texts.render("cb.closed", who.lang))
        return
    except Invalid as exc:
        await store.set_chat_state(who.user_id)
        await send_text(
            context.bot, chat.id, texts.render("cb.rejected", who.lang, reason=exc.reason)
        )
        return
    mark_saved(update, context, texts.plain("option.na", who.lang))
    selfcheck = await store.selfcheck_for(who.person, state.selfcheck_id)
    await send_text(context.bot, chat.id, texts.render("na.saved", who.lang))
    await show_next(context, chat.id, None, selfcheck, state.key, who)


@roles("officer")
async def on_move(update: Update, context: BotContext, who: Caller) -> None:
    """⬅ Kembali / Lewati ➡."""
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    data = await parse_press(update, context, who, cb.Move)
    if data is None:
        return
    press = await check_press(update, context, who, data.sc, data.key)
    if press is None or press.key is None:
        return
    await answer(query)
    walk = await load_walk(context.services.store, press.selfcheck, press.checklist)
    if data.to == "b":
        target = walk.previous(press.key)
    else:
        following = walk.next_unanswered(press.key)
        target = following if following not in (None, press.key) else walk.following(press.key)
        assert target is not None
    await show_question(
        context, update.effective_chat.id, pressed_message_id(update), walk, target, who
    )


@roles("officer")
async def on_open(update: Update, context: BotContext, who: Caller) -> None:
    """Open one item (from Daftar, a gap, or after evidence)."""
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    data = await parse_press(update, context, who, cb.Open)
    if data is None:
        return
    press = await check_press(update, context, who, data.sc, data.key)
    if press is None or press.key is None:
        return
    await answer(query)
    walk = await load_walk(context.services.store, press.selfcheck, press.checklist)
    await show_question(
        context, update.effective_chat.id, pressed_message_id(update), walk, press.key, who
    )


@roles("officer")
async def on_list(update: Update, context: BotContext, who: Caller) -> None:
    """Daftar: a page of the item list."""
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    data = await parse_press(update, context, who, cb.ListPage)
    if data is None:
        return
    press = await check_press(update, context, who, data.sc)
    if press is None:
        return
    await answer(query)
    store = context.services.store
    walk = await load_walk(store, press.selfcheck, press.checklist)
    state = await store.chat_state(who.user_id)
    came_from = state.key if state.selfcheck_id == walk.selfcheck.id else None
    text, markup = list_view(
        walk, data.page, who.lang, came_from if came_from in walk.checklist else None
    )
    await edit_or_send(
        context.bot, update.effective_chat.id, pressed_message_id(update), text, markup
    )


def handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    return [
        CommandHandler(command("periksa"), on_check),
        CallbackQueryHandler(on_answer, pattern=cb.Answer.pattern()),
        CallbackQueryHandler(on_move, pattern=cb.Move.pattern()),
        CallbackQueryHandler(on_open, pattern=cb.Open.pattern()),
        CallbackQueryHandler(on_list, pattern=cb.ListPage.pattern()),
    ]
