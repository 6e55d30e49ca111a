"""/pengingat (/reminders): turn one's own reminders and summaries off and on; and the
texts of the reminders and the Monday digest the dispatcher (bot.reminders) sends.

`/pengingat` alone toggles; `/pengingat on|off` (also `nyala|mati`, `ya|tidak`) sets.
"""

from __future__ import annotations

import asyncio
from datetime import datetime

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

import rubric
from bot import reports, texts
from bot.broadcast import Part, TextPart
from bot.reminders import Occurrence, ReminderState, reminder_state
from bot.reports import UnitSummary
from bot.reports.labels import category_label
from bot.services import BotContext
from bot.store import REMIND_ALL, REMIND_LAST_MONTH, REMIND_OFF, Cycle, Store
from bot.texts.html import Html, clip
from conversations import callbacks as cb
from conversations import command, keyboards
from conversations.auth import Caller, parse_press, pressed_message_id, roles
from conversations.render import answer, edit_or_send, send_text
from conversations.summary_view import (
    gap_labels_for,
    render_charts,
    summary_texts,
    unit_score_text,
)

ON_WORDS = frozenset({"on", "nyala", "hidupkan", "ya", "yes", "1"})
OFF_WORDS = frozenset({"off", "mati", "matikan", "tidak", "no", "0"})
GAPS_SHOWN = 3
GAP_CHARS = 110
"""Each gap has its own line in a reminder: room for most whole questions."""


@roles("officer", "coordinator")
async def toggle(update: Update, context: BotContext, who: Caller) -> None:
    """/pengingat: the state, the next reminder's date and the choices; `on` / `off` set."""
    chat = update.effective_chat
    assert chat is not None and who.person is not None
    word = (context.args or [""])[0].lower()
    asked = REMIND_ALL if word in ON_WORDS else REMIND_OFF if word in OFF_WORDS else None
    # Set once per update: a redelivered /pengingat changes nothing twice.
    state = await reminder_state(
        context.services.store, who.person, asked, update.update_id, context.services.now()
    )
    text, markup = state_view(state, who)
    if word and asked is None:  # a word it does not know: say so, and which it knows
        text = Html(unknown_word(word, who.lang) + "\n\n" + text)
    await send_text(context.bot, chat.id, text, markup)


def unknown_word(word: str, lang: str) -> Html:
    """`/pengingat kadang`: the word was not understood; the words that are."""
    on, off = (", ".join(sorted(words)) for words in (ON_WORDS, OFF_WORDS))
    return texts.render("rem.unknown_word", lang, word=clip(word, 30), on=on, off=off)


@roles("officer", "coordinator")
async def on_mode(update: Update, context: BotContext, who: Caller) -> None:
    """A choice under /pengingat (all, only the last month, off): set, once per update."""
    query, chat = update.callback_query, update.effective_chat
    assert query is not None and chat is not None and who.person is not None
    data = await parse_press(update, context, who, cb.ReminderMode)
    if data is None:
        return
    if data.m not in (*mode_choices(who), REMIND_OFF):  # a forged or foreign mode
        await answer(query, texts.plain("cb.invalid", who.lang))
        return
    state = await reminder_state(
        context.services.store, who.person, data.m, update.update_id, context.services.now()
    )
    await answer(query, texts.plain(f"btn.rem.{state.mode}", who.lang))
    text, markup = state_view(state, who)
    await edit_or_send(context.bot, chat.id, pressed_message_id(update), text, markup)


def state_view(state: ReminderState, who: Caller) -> tuple[Html, InlineKeyboardMarkup]:
    lang = who.lang
    # A coordinator gets one thing, the Monday digest: their "on" says so (not the officers'
    # announcement, monthly and last-month reminders).
    on = not who.is_officer and state.mode != REMIND_OFF
    lines = [texts.render("rem.digest_state" if on else f"rem.state.{state.mode}", lang)]
    if who.is_officer and state.mode != REMIND_OFF:
        if state.complete:
            lines.append(texts.render("rem.next_complete", lang))
        elif state.next is None:
            lines.append(texts.render("rem.next_none", lang))
        else:
            lines.append(texts.render("rem.next", lang, day=state.next.day.isoformat()))
    lines.append(texts.render("rem.choose", lang))
    choices = mode_choices(who)
    rows = [
        [(texts.plain(f"btn.rem.{m}", lang), cb.ReminderMode(m=m))]
        for m in (*choices, REMIND_OFF)
        if m != state.mode
    ]
    return Html("\n".join(lines)), keyboards.markup(rows)


def reminder_text(
    entry: Occurrence, cycle: Cycle, the_rubric: rubric.Rubric, unit: UnitSummary, lang: str
) -> Html:
    """An officer's reminder: the window, completion, score, top gaps."""
    name = the_rubric.cycle_name(cycle.year, lang)
    if entry.kind == "opened" and entry.day < cycle.opens:
        head = texts.render("rem.opened", lang, cycle=name, opens=cycle.opens, closes=cycle.closes)
        return Html(head + "\n\n" + texts.render("rem.off_hint", lang))
    # Before the window the days count to its opening, during it to its closing.
    before = entry.kind == "monthly" or entry.kind.startswith("before-")
    key = "rem.monthly" if entry.kind == "monthly" else "rem.before" if before else "rem.weekly"
    if entry.kind == "opened":
        key = "rem.opened_open"  # a cycle created once its window was open
    day, named = (cycle.opens, "opens") if before else (cycle.closes, "closes")
    if not before and day == entry.day:
        key = "rem.weekly_last_day"  # the closing day (a Monday, or a cycle created on it)
    head = texts.render(key, lang, cycle=name, days=(day - entry.day).days, **{named: day})
    score = unit.score
    if score is None:  # nobody has started yet (a monthly reminder during preparation)
        return Html(
            head
            + "\n\n"
            + texts.render("rem.not_started", lang, unit=unit.unit.name)
            + "\n\n"
            + texts.render("rem.off_hint", lang)
        )
    category = category_label(score, lang) + (
        f" {texts.plain(f'zone.{score.zone}', lang)}" if score.zone else ""
    )
    lines = [
        head,
        "",
        texts.render(
            "rem.status",
            lang,
            unit=unit.unit.name,
            answered=score.answered,
            askable=score.askable,
            completion=score.percent,
            score=unit_score_text(unit, lang),  # "X poin (indeks Y)", as /ringkasan says it
            category=category,
        ),
    ]
    gaps = gap_labels_for(the_rubric, unit, lang, GAPS_SHOWN, chars=GAP_CHARS)
    if gaps:
        lines.append(texts.render("rem.gaps_title", lang))
        lines.extend(texts.render("rem.gap", lang, item=label) for label in gaps)
    lines.append("")
    lines.append(texts.render("rem.off_hint", lang))
    return Html("\n".join(lines))


def reminder_parts(
    entry: Occurrence, cycle: Cycle, the_rubric: rubric.Rubric, unit: UnitSummary, lang: str
) -> tuple[Part, ...]:
    button = keyboards.markup([[(texts.plain("rem.btn_continue", lang), cb.StartCheck())]])
    return (TextPart(reminder_text(entry, cycle, the_rubric, unit, lang), button),)


async def digest_parts(store: Store, region_id: int, now: datetime, lang: str) -> tuple[Part, ...]:
    """The Monday digest: the /ringkasan content under a heading, then the charts."""
    summary = await reports.region_summary(store, region_id, now)
    pieces = summary_texts(summary, lang, heading=texts.render("rem.digest_title", lang))
    photos = await asyncio.to_thread(render_charts, summary, lang)
    return (*(TextPart(p) for p in pieces), *photos)


def handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    return [
        CommandHandler(command("pengingat"), toggle),
        CallbackQueryHandler(on_mode, pattern=cb.ReminderMode.pattern()),
    ]


def mode_choices(who: Caller) -> tuple[int, ...]:
    """The reminder modes offered besides off: the last month only is an officer's choice."""
    return (REMIND_ALL, REMIND_LAST_MONTH) if who.is_officer else (REMIND_ALL,)
