"""Evidence packs: choose a unit (coordinators, admins) or take one's own (officers), then
the ZIP parts under 50 MB with a README of what is inside and what is not."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup, InputFile, Update
from telegram.constants import ChatAction
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot import reports, texts
from bot.report_access import PackPlan
from bot.services import BotContext
from bot.settings import zone_alias
from bot.store import Cycle
from bot.texts.html import Html
from conversations import callbacks as cb
from conversations import keyboards
from conversations.auth import Caller, parse_press, roles
from conversations.render import answer, send_text
from rubric import Rubric

log = logging.getLogger(__name__)

PACK_PAGE = 10


class RegionPage(cb.CallbackData):
    """A page of a region's unit buttons, to choose a unit for something."""

    region: int
    page: int


class PackMenu(RegionPage, prefix="pkm"):
    """Choose a unit of the region for the evidence pack (a page of unit buttons)."""


class PackUnit(cb.CallbackData, prefix="pku"):
    """Build and send the evidence pack of one unit."""

    unit: int


@roles("coordinator", "admin")
async def pack_menu(update: Update, context: BotContext, who: Caller) -> None:
    """Show a page of the region's units to choose one for the evidence pack."""
    await choose_unit(update, context, who, PackMenu, lambda u: PackUnit(unit=u), "co.pack_choose")


async def choose_unit(
    update: Update,
    context: BotContext,
    who: Caller,
    menu: type[RegionPage],
    unit: Callable[[int], cb.CallbackData],
    prompt: str,
) -> None:
    """A page of the pressed region's units (if the presser may list that region), each
    button `unit(id)`, with `menu` presses between pages."""
    query, chat = update.callback_query, update.effective_chat
    assert query is not None and chat is not None
    data = await parse_press(update, context, who, menu)
    if data is None:
        return
    access = context.services.access
    if not access.may_list(who.person, who.is_admin, data.region):
        await answer(query, texts.plain("cb.forbidden", who.lang))
        return
    await answer(query)
    region, names = await access.pack_units(data.region)
    pages = lambda p: menu(region=data.region, page=p)  # noqa: E731
    markup = unit_menu(names, data.page, who.lang, unit, other_page=pages, region=region)
    await send_text(context.bot, chat.id, texts.render(prompt, who.lang), markup)


def unit_menu(
    names: list[tuple[str, int]],
    page: int,
    lang: str,
    unit: Callable[[int], cb.CallbackData] = lambda uid: PackUnit(unit=uid),
    other_page: Callable[[int], cb.CallbackData] | None = None,
    region: str = "",
) -> InlineKeyboardMarkup:
    """A page of unit buttons (`unit(id)` each), with ⬅ / ➡ between pages; the names as
    `keyboards.unit_label` shows them in `region`, each told apart from the others."""
    among = [name for name, _ in names]
    buttons = [(keyboards.unit_label(name, region, among=among), unit(uid)) for name, uid in names]
    return keyboards.paged(buttons, page, PACK_PAGE, lang, other_page)


@roles("officer", "coordinator", "admin")
async def pack_unit(update: Update, context: BotContext, who: Caller) -> None:
    """Build the unit's evidence pack and send it (in parts under 50 MB), one at a time."""
    query = update.callback_query
    assert query is not None
    data = await parse_press(update, context, who, PackUnit)
    if data is None:
        return
    unit = await context.services.access.pack_unit(who.person, who.is_admin, data.unit)
    if unit is None:
        await answer(query, texts.plain("cb.forbidden", who.lang))
        return
    busy = context.bot_data.evidence_packs_running
    if who.user_id in busy:
        await query.answer(texts.plain("co.pack_busy", who.lang), show_alert=True)
        return
    await answer(query)
    busy.add(who.user_id)
    try:
        await send_pack(context, update, who, unit.id)
    finally:
        busy.discard(who.user_id)


def pack_name(unit: str, day: date, lang: str) -> str:
    """An evidence pack's file name without ".zip": siapnilai-bukti-<unit>-<date> (the unit's
    name whole, as far as it goes: `reports.unit_slug`)."""
    parts = (texts.plain("co.pack_file", lang), reports.unit_slug(unit), day.isoformat())
    return "-".join(p for p in parts if p)


async def send_pack(context: BotContext, update: Update, who: Caller, unit_id: int) -> None:
    """Say what is coming, send the ZIP parts, then say what is in them and what is not."""
    assert update.effective_chat is not None
    chat_id, lang = update.effective_chat.id, who.lang
    plan = await context.services.access.pack_plan(unit_id, context.services.now())
    name = plan.unit.name
    if plan.cycle is None or plan.rubric is None:
        await send_text(context.bot, chat_id, texts.render("co.pack_empty", lang, unit=name))
        return
    files = reports.plan_pack(plan.lines, plan.rubric, lang)
    count = texts.count("file", len(files), lang)
    await send_text(
        context.bot, chat_id, texts.render("co.pack_working", lang, unit=name, files=count)
    )
    report = reports.PackReport()
    parts = await _send_parts(context, chat_id, plan, files, lang, report)
    await send_text(context.bot, chat_id, done_text(report, name, parts, lang))


async def _send_parts(
    context: BotContext,
    chat_id: int,
    plan: PackPlan,
    files: list[reports.PackFile],
    lang: str,
    report: reports.PackReport,
) -> int:
    """Build the pack part by part (files downloaded from Telegram) and send each."""
    unit, cycle, the_rubric, now = plan.unit, plan.cycle, plan.rubric, plan.now
    assert cycle is not None and the_rubric is not None

    async def fetch(file_id: str) -> bytes:
        telegram_file = await context.bot.get_file(file_id)
        return bytes(await telegram_file.download_as_bytearray())

    def readme(report: reports.PackReport) -> str:
        return pack_readme(
            report, unit.name, unit.region, unit.timezone, cycle, the_rubric, lang, now
        )

    # the region's date, as the workbook's: not the UTC one (a pack made before 07:00 WIB on
    # 1 January was named after 31 December)
    base = pack_name(unit.name, now.astimezone(ZoneInfo(unit.timezone)).date(), lang)
    parts = 0
    async for part in reports.build_pack(
        files,
        fetch,
        base_name=base,
        readme=readme,
        the_rubric=the_rubric,
        lang=lang,
        timezone=unit.timezone,
        part_limit=reports.UPLOAD_LIMIT,
        report=report,
    ):
        parts += 1
        await context.bot.send_chat_action(chat_id, ChatAction.UPLOAD_DOCUMENT)
        caption = texts.render("co.pack_caption", lang, unit=unit.name, part=parts)
        await context.bot.send_document(
            chat_id, InputFile(part.data, filename=part.filename), caption=caption
        )
    return parts


def done_text(report: reports.PackReport, unit: str, parts: int, lang: str) -> Html:
    files = texts.count("file", len(report.included), lang)
    archives = texts.count("archive", parts, lang)
    done = texts.render("co.pack_done", lang, unit=unit, files=files, archives=archives)
    missing = len(report.too_big) + len(report.failed)
    if not missing:
        return done
    missing_files = texts.count("file", missing, lang)
    return Html(done + "\n" + texts.render("co.pack_missing", lang, files=missing_files))


def pack_readme(
    report: reports.PackReport,
    unit: str,
    region: str,
    timezone: str,
    cycle: Cycle,
    the_rubric: Rubric,
    lang: str,
    now: datetime,
) -> str:
    """README.txt of the pack (plain text): what it is, its layout, what is not inside."""
    plain = texts.plain
    total = len(report.included) + len(report.too_big) + len(report.failed)
    lines = [
        plain("co.readme_title", lang, unit=unit, region=region),
        plain(
            "co.readme_cycle",
            lang,
            rubric=the_rubric.title.get(lang),
            year=cycle.year,
            opens=cycle.opens,
            closes=cycle.closes,
        ),
        plain(
            "co.readme_made",
            lang,
            at=now.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M"),
            tz=zone_alias(timezone),
        ),
        "",
        plain("co.readme_layout", lang),
        plain("co.readme_counts", lang, included=len(report.included), total=total),
        "",
    ]
    if report.too_big or report.failed:
        lines.append(plain("co.readme_missing_title", lang))
        for f in report.too_big:
            size = f.line.row.file.size
            lines.append(plain("co.readme_too_big", lang, path=f.path, size=_megabytes(size)))
        for f, reason in report.failed:
            lines.append(plain("co.readme_failed", lang, path=f.path, reason=reason))
    else:
        lines.append(plain("co.readme_none_missing", lang))
    return "\r\n".join(lines) + "\r\n"


def _megabytes(size: int | None) -> str:
    return "?" if size is None else f"{size / 1024 / 1024:.1f} MB"


def handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    return [
        CallbackQueryHandler(pack_menu, pattern=PackMenu.pattern()),
        CallbackQueryHandler(pack_unit, pattern=PackUnit.pattern()),
    ]
