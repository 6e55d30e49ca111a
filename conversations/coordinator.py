"""/ringkasan (/summary) and /unduh (/export): the region summary and the workbook.

Scope is read from the store on every command (bot.report_access): a coordinator sees their
own region, an officer their own unit (/unduh only), an admin any region named in the
command (`/ringkasan Kota Metro`).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from typing import Any, TypeVar

from telegram import InlineKeyboardMarkup, InputFile, Update
from telegram.constants import ChatAction
from telegram.ext import BaseHandler, CommandHandler

from bot import reports, texts
from bot.broadcast import Delivery, as_parts, broadcaster_of
from bot.report_access import NoScope, Overseer, PickRegion, RegionUnits, Scope
from bot.reports import RegionSummary
from bot.services import BotContext
from bot.store import NotFound
from bot.texts.html import Html, clip
from conversations import callbacks as cb
from conversations import command
from conversations.auth import (
    Caller,
    CoordinatorPress,
    Handler,
    Role,
    coordinator_press,
    roles,
)
from conversations.keyboards import Button, paged
from conversations.render import answer, edit_or_send, send_text
from conversations.summary_view import summary_content
from conversations.unit_page import export_buttons

log = logging.getLogger(__name__)
U = TypeVar("U")


async def scope_or_say(
    update: Update, context: BotContext, who: Caller, command_name: str, busy: ChatAction
) -> tuple[int, Scope] | None:
    """(chat, the caller's report scope), showing `busy` while the report is made; or None
    after telling them why not (admins: which regions they can name)."""
    chat = update.effective_chat
    assert chat is not None
    asked = " ".join(context.args or [])
    found = await context.services.access.scope(who.person, who.is_admin, asked)
    if not isinstance(found, Scope):
        await send_text(context.bot, chat.id, scope_refusal(found, who.lang, command_name))
        return None
    if found.other_asked:
        region = await context.services.store.region(found.region_id)
        await send_text(context.bot, chat.id, own_region_note(region.name, who.lang))
    await context.bot.send_chat_action(chat.id, busy)
    return chat.id, found


def scope_refusal(found: NoScope | PickRegion, lang: str, command_name: str) -> Html:
    if isinstance(found, NoScope):
        return texts.render("co.no_scope", lang)
    names = ", ".join(r.name for r in found.regions) or "–"
    used = command(command_name)[1 if lang == "en" else 0]
    example = found.regions[0].name if found.regions else "Kota Metro"
    pick = texts.render("co.admin_pick", lang, command=used, example=example, regions=names)
    if found.asked:
        missing = texts.render("co.admin_not_found", lang, name=clip(found.asked, 100))
        pick = Html(missing + "\n" + pick)
    return pick


def own_region_note(region: str, lang: str) -> Html:
    """ "You can only see your own region", before what they see instead."""
    return texts.render("co.own_region_only", lang, region=region)


UnitsOf = Callable[[Overseer, str], Awaitable[RegionUnits[U] | NoScope | PickRegion]]
"""A service's units of the reviewer's or manager's region (an admin names one)."""


UNITS_PAGE = 20
"""Unit buttons on one page of /tinjau and /undang (Telegram refuses a keyboard of a
hundred-odd units: "reply markup is too long")."""


def units_command(
    flow: tuple[str, str],
    units: Callable[[BotContext], UnitsOf[U]],
    buttons: Callable[[Sequence[U], str], list[Button]],
    pages: type[cb.UnitsPage],
) -> list[BaseHandler]:  # type: ignore[type-arg]
    """/tinjau and /undang: the units of the region (an admin names one) as the flow's
    service finds them (`units`), as buttons (`buttons`: every listed unit's, so that each
    label can be told apart from the others), a page at a time (`pages` presses between
    them), or why not. `flow`: the flow's text prefix and command ("rv", "tinjau"). The
    command's handler and the page presses' handler."""

    @roles("officer", "coordinator", "admin")
    async def on_command(update: Update, context: BotContext, who: Caller) -> None:
        assert update.effective_chat is not None
        found = await units(context)(who.overseer, " ".join(context.args or []))
        text, keys = await units_view(context, found, who.lang, flow, buttons, pages)
        await send_text(context.bot, update.effective_chat.id, text, keys)

    @coordinator_press(pages)
    async def on_page(context: BotContext, pressed: CoordinatorPress[cb.UnitsPage]) -> None:
        """⬅ / ➡ between pages: the region as the presser may list it now (a coordinator
        their own, whatever the button names)."""
        asked = ""
        if pressed.who.is_admin:
            with contextlib.suppress(NotFound):
                asked = (await context.services.store.region(pressed.data.r)).name
        found = await units(context)(pressed.who.overseer, asked)
        view = await units_view(
            context, found, pressed.who.lang, flow, buttons, pages, pressed.data.p
        )
        await answer(pressed.query)
        await edit_or_send(context.bot, pressed.chat_id, pressed.message_id, *view)

    return [CommandHandler(command(flow[1]), on_command), on_page]


async def units_view(
    context: BotContext,
    found: RegionUnits[U] | NoScope | PickRegion,
    lang: str,
    flow: tuple[str, str],
    buttons: Callable[[Sequence[U], str], list[Button]],
    pages: type[cb.UnitsPage],
    page: int = 1,
) -> tuple[Html, InlineKeyboardMarkup | None]:
    prefix, command_name = flow
    if isinstance(found, NoScope):
        text, keys = texts.render(f"{prefix}.no_scope", lang), None
    elif isinstance(found, PickRegion):
        text, keys = scope_refusal(found, lang, command_name), None
    else:
        region = await context.services.store.region(found.region_id)
        told = own_region_note(region.name, lang) + "\n\n" if found.other_asked else ""
        if found.units:
            pick = texts.render(f"{prefix}.pick_unit", lang, region=region.name)
            text = Html(told + pick)
            other = lambda p: pages(r=found.region_id, p=p)  # noqa: E731
            keys = paged(buttons(found.units, lang), page, UNITS_PAGE, lang, other)
        else:
            text, keys = Html(told + texts.render(f"{prefix}.no_units", lang)), None
    return text, keys


ReportHandler = Callable[[BotContext, Caller, int, Scope], Coroutine[Any, Any, None]]


def report_command(
    command_name: str, busy: ChatAction, *allowed: Role
) -> Callable[[ReportHandler], Handler]:
    """`@roles(*allowed)`, then the caller's report scope (`scope_or_say`): the handler gets
    the chat and the scope, and makes the report."""

    def decorate(handler: ReportHandler) -> Handler:
        @roles(*allowed)
        @functools.wraps(handler)
        async def wrapper(update: Update, context: BotContext, who: Caller) -> None:
            found = await scope_or_say(update, context, who, command_name, busy)
            if found is not None:
                await handler(context, who, *found)

        return wrapper

    return decorate


@report_command("ringkasan", ChatAction.TYPING, "coordinator", "admin")
async def summary(context: BotContext, who: Caller, chat_id: int, scope: Scope) -> None:
    """Send the region's summary: texts, then the charts."""
    store, now = context.services.store, context.services.now()
    pieces, photos = await summary_content(
        store, scope.region_id, now, who.lang, unit_id=scope.unit_id
    )
    # Through the shared broadcaster: a 300-unit region is a dozen messages, and a flood
    # control answer (RetryAfter) then waits and resends instead of losing the rest.
    delivery = Delivery(chat_id, as_parts(pieces, photos), spaced=False)
    result = await broadcaster_of(context.application).send(delivery)
    if result.outcome != "sent":
        log.warning("summary to %s stopped after %s parts: %s", chat_id, result.sent_parts,
                    result.error)  # fmt: skip


@report_command("unduh", ChatAction.UPLOAD_DOCUMENT, "officer", "coordinator", "admin")
async def export(context: BotContext, who: Caller, chat_id: int, scope: Scope) -> None:
    """Send the XLSX workbook: the region (coordinators) or the own unit (officers)."""
    store, now = context.services.store, context.services.now()
    summary, data = await reports.workbook_for(
        store, scope.region_id, now, unit_id=scope.unit_id, lang=who.lang
    )
    if summary.cycle is None:  # nothing to report: say so, as /skor and /ringkasan do
        no_cycle = "cycle.none" if who.is_officer else "co.no_cycle"
        await send_text(context.bot, chat_id, texts.render(no_cycle, who.lang))
        return
    book = await asyncio.to_thread(reports.build_workbook, data)
    filename, caption = workbook_caption(summary, scope, who.lang)
    keys = export_buttons(scope.region_id, scope.unit_id, who.lang)
    await context.bot.send_document(
        chat_id, InputFile(book, filename=filename), caption=caption, reply_markup=keys
    )


def workbook_caption(summary: RegionSummary, scope: Scope, lang: str) -> tuple[str, Html]:
    """The workbook's file name and caption."""
    unit = summary.units[0].unit.name if scope.unit_id is not None and summary.units else None
    filename = reports.workbook_name(summary.region.name, summary.today, unit)
    key = "co.export_caption_unit" if unit else "co.export_caption"
    caption = texts.render(key, lang, region=summary.region.name, unit=unit or "",
                           date=summary.today)  # fmt: skip
    return filename, Html(caption + "\n" + texts.render("co.export_pack_hint", lang))


def handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    return [
        CommandHandler(command("ringkasan"), summary),
        CommandHandler(command("unduh"), export),
    ]
