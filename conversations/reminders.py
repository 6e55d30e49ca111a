"""/pengingat (/reminders): turn one's own reminders and summaries off and on; and the
texts of the reminders and the Monday digest the dispatcher (bot.reminders) sends.

`/pengingat` alone toggles; `/pengingat on|off` (also `nyala|mati`, `ya|tidak`) sets.
"""

from __future__ import annotations

import asyncio
import math
from datetime import datetime

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

import rubric
from bot import reports, texts
from bot.broadcast import Part, TextPart
from bot.reminders import Occurrence
from bot.reports import UnitSummary
from bot.services import BotContext
from bot.store import Cycle, Store
from bot.texts.html import Html
from conversations import callbacks as cb
from conversations import command, keyboards
from conversations.auth import Caller, roles
from conversations.render import send_text
from conversations.summary_view import gap_labels_for, render_charts, summary_texts

ON_WORDS = frozenset({"on", "nyala", "hidupkan", "ya", "yes", "1"})
OFF_WORDS = frozenset({"off", "mati", "matikan", "tidak", "no", "0"})
GAPS_SHOWN = 3
GAP_CHARS = 110
"""Each gap has its own line in a reminder: room for most whole questions."""


@roles("officer", "coordinator")
async def toggle(update: Update, context: BotContext, who: Caller) -> None:
    """Turn the caller's reminders off or on."""
    chat = update.effective_chat
    assert chat is not None and who.person is not None
    word = (context.args or [""])[0].lower()
    store = context.services.store
    asked = True if word in ON_WORDS else False if word in OFF_WORDS else None
    # Decided and recorded once per update: a redelivered /pengingat does not flip it back.
    wanted = await store.set_reminders_for_update(who.user_id, asked, update.update_id)
    await send_text(context.bot, chat.id, texts.render("rem.on" if wanted else "rem.off", who.lang))


def reminder_text(
    entry: Occurrence, cycle: Cycle, the_rubric: rubric.Rubric, unit: UnitSummary, lang: str
) -> Html:
    """An officer's reminder: the window, completion, score, top gaps."""
    title = the_rubric.title.get(lang)
    if entry.kind.startswith("before-"):
        head = texts.render(
            "rem.before", lang, rubric=title, days=(cycle.opens - entry.day).days, opens=cycle.opens
        )
    else:
        head = texts.render(
            "rem.weekly",
            lang,
            rubric=title,
            days=(cycle.closes - entry.day).days,
            closes=cycle.closes,
        )
    score = unit.score
    assert score is not None
    category = score.category.code + (
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
            completion=math.floor(score.completion * 100),
            score=f"{unit.shown:.2f}" if unit.shown is not None else "–",
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
    return [CommandHandler(command("pengingat"), toggle)]
