"""The one-page summary of a unit (PDF: score, category, the five biggest gaps, what was
verified), from the `Halaman unit (PDF)` button under /unduh: an officer gets their own
unit's page, a coordinator (or admin) chooses one of the region's units. Every press is
checked against the presser's role and unit or region (`ReportAccess.unit_page`)."""

from __future__ import annotations

import asyncio

from telegram import InlineKeyboardMarkup, InputFile, Update
from telegram.constants import ChatAction
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot import reports, texts
from bot.reports import RegionSummary
from bot.services import BotContext
from bot.texts.html import Html
from conversations import callbacks as cb
from conversations import keyboards
from conversations.auth import Caller, parse_press, roles
from conversations.packs import PackMenu, PackUnit, RegionPage, choose_unit
from conversations.render import answer


class PageMenu(RegionPage, prefix="upm"):
    """Choose a unit of the region for its one-page summary (a page of unit buttons)."""


class PageUnit(cb.CallbackData, prefix="upu"):
    """Make and send the one-page summary (PDF) of one unit."""

    unit: int


def export_buttons(region_id: int, unit_id: int | None, lang: str) -> InlineKeyboardMarkup:
    """Under the /unduh workbook: the evidence pack and the unit page, each straight to the
    officer's own unit, or to a choice of the region's units."""
    pack: cb.CallbackData = (
        PackUnit(unit=unit_id) if unit_id is not None else PackMenu(region=region_id, page=1)
    )
    page: cb.CallbackData = (
        PageUnit(unit=unit_id) if unit_id is not None else PageMenu(region=region_id, page=1)
    )
    return keyboards.markup(
        [[(texts.plain("co.btn_pack", lang), pack)], [(texts.plain("co.btn_page", lang), page)]]
    )


@roles("coordinator", "admin")
async def page_menu(update: Update, context: BotContext, who: Caller) -> None:
    """Show a page of the region's units to choose one for its one-page summary."""
    await choose_unit(update, context, who, PageMenu, lambda u: PageUnit(unit=u), "co.page_choose")


@roles("officer", "coordinator", "admin")
async def page_unit(update: Update, context: BotContext, who: Caller) -> None:
    """Send the unit's one-page summary as a PDF document, if the presser may see it."""
    query, chat = update.callback_query, update.effective_chat
    assert query is not None and chat is not None
    data = await parse_press(update, context, who, PageUnit)
    if data is None:
        return
    services = context.services
    summary = await services.access.unit_page(who.person, who.is_admin, data.unit, services.now())
    if summary is None or not summary.units:
        await answer(query, texts.plain("cb.forbidden", who.lang))
        return
    await answer(query)
    await context.bot.send_chat_action(chat.id, ChatAction.UPLOAD_DOCUMENT)
    pdf = await asyncio.to_thread(reports.unit_pages_pdf, summary, who.lang)
    filename, caption = page_caption(summary, who.lang)
    await context.bot.send_document(chat.id, InputFile(pdf, filename=filename), caption=caption)


def page_caption(summary: RegionSummary, lang: str) -> tuple[str, Html]:
    """The PDF's file name (siapnilai-<region>-<unit>-<date>.pdf) and its escaped caption."""
    unit, region = summary.units[0].unit.name, summary.region.name
    name = reports.workbook_name(region, summary.today, unit).removesuffix(".xlsx") + ".pdf"
    caption = texts.render("co.page_caption", lang, unit=unit, region=region, date=summary.today)
    return name, caption


def handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    return [
        CallbackQueryHandler(page_menu, pattern=PageMenu.pattern()),
        CallbackQueryHandler(page_unit, pattern=PageUnit.pattern()),
    ]
