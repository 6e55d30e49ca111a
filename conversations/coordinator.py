"""Coordinator flows: /ringkasan (/summary), /unduh (/export) and evidence packs.

Scope is read from the store on every command and press: a coordinator sees their own
region, an officer their own unit (/unduh and the evidence pack only), an admin any region
named in the command (`/ringkasan Kota Metro`). Rendering the summary (texts and charts) is
public here because the Monday digest (bot.reminders) sends the same content.

Big regions: up to `FULL_UNITS` units each unit gets two lines (with its top gaps); beyond
that one compact line each, so 300 units fit in four or five messages. Charts draw every
unit up to 100 units; beyond, the 30 highest and 30 lowest (scores) and the 60 lowest
(heat map), one image each (see bot.charts).
"""

from __future__ import annotations

import asyncio
import logging
import math
from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup, InputFile, Update
from telegram.constants import ChatAction
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot import charts, reports
from bot.broadcast import Delivery, PhotoPart, as_parts, broadcaster_of
from bot.reports import RegionSummary, UnitSummary
from bot.services import BotContext
from bot.store import Cycle, Forbidden, NotFound, Store
from conversations import callbacks as cb
from conversations import command, keyboards, survey, texts
from conversations.auth import Caller, roles
from conversations.render import CAPTION_LIMIT, PARSE_MODE, Html, answer, clip, send_text, split
from rubric import Rubric

log = logging.getLogger(__name__)

FULL_UNITS = 30
"""Up to this many units, each gets its completion, score, evidence, activity and gaps."""
GAPS_SHOWN = 3
GAP_CHARS = 60
PACK_PAGE = 10


class PackMenu(cb.CallbackData, prefix="pkm"):
    """Choose a unit of the region for the evidence pack (a page of unit buttons)."""

    region: int
    page: int


class PackUnit(cb.CallbackData, prefix="pku"):
    """Build and send the evidence pack of one unit."""

    unit: int


# -- rendering (shared with the Monday digest) -------------------------------------------


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _percent(value: float) -> str:
    return str(math.floor(value * 100 + 1e-9))


def _local(moment: datetime | None, timezone: str, lang: str) -> str:
    """A moment in the region's time, with its zone label (WIB, WITA, WIT)."""
    if moment is None:
        return texts.plain("co.never", lang)
    local = moment.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")
    return f"{local} {reports.zone_abbreviation(timezone)}"


def score_text(total: float | None, index: float | None, lang: str) -> str:
    """The provisional score in points (out of 100, like the gaps' "+points"), with the
    index in brackets for index rubrics (PEKPPP): "81.20 (indeks 4.06)"."""
    if total is None:
        return "–"
    if index is None:
        return _num(total)
    return texts.plain("co.score_index", lang, total=_num(total), index=_num(index))


def unit_score_text(unit: UnitSummary, lang: str) -> str:
    if unit.score is None:
        return "–"
    return score_text(unit.score.total, unit.score.index, lang)


def category_text(unit: UnitSummary, lang: str) -> str:
    if unit.category is None:
        return "–"
    zone = f" {texts.plain(f'zone.{unit.zone}', lang)}" if unit.zone else ""
    return f"{unit.category}{zone}"


def gap_labels_for(
    the_rubric: Rubric | None, unit: UnitSummary, lang: str, count: int, chars: int = GAP_CHARS
) -> list[str]:
    """The unit's top gaps as short plain labels: question [product] (+points)."""
    if the_rubric is None:
        return []
    labels = []
    for gap in unit.gaps[:count]:
        label = clip(reports.item_label(the_rubric, gap.item_id, lang, limit=200), chars)
        if gap.product:
            label += f" [{gap.product}]"
        labels.append(texts.plain("co.gap_label", lang, item=label, points=_num(gap.points)))
    return labels


def summary_texts(summary: RegionSummary, lang: str, *, heading: str | None = None) -> list[Html]:
    """The /ringkasan text, split into messages under Telegram's limit."""
    region = summary.region
    lines: list[str] = [heading] if heading else []
    lines.append(texts.render("co.title", lang, region=region.name, date=summary.today))
    if not summary.units:
        lines.append(texts.render("co.no_units", lang))
        return [Html(p) for p in split("\n".join(lines))]
    if summary.cycle is None or summary.rubric is None:
        lines.append(texts.render("co.no_cycle", lang))
        return [Html(p) for p in split("\n".join(lines))]
    cycle = summary.cycle
    lines.append(
        texts.render(
            "co.cycle",
            lang,
            rubric=summary.rubric.title.get(lang),
            year=cycle.year,
            opens=cycle.opens,
            closes=cycle.closes,
        )
    )
    if summary.window is not None:
        days = texts.count("day", summary.window.days, lang)
        lines.append(texts.render(f"co.window.{summary.window.state}", lang, days=days))
    scored = [u.score for u in summary.units if u.score is not None]
    # Every region gets this line, a one-unit region too: it is where "finished" is said.
    average = index = None
    if scored:
        average = sum(s.total for s in scored) / len(scored)
        indexes = [s.index for s in scored if s.index is not None]
        index = sum(indexes) / len(indexes) if indexes else None
    completion = sum(s.completion for s in scored) / len(scored) if scored else 0.0
    lines.append(
        texts.render(
            "co.totals",
            lang,
            units=texts.count("unit", len(summary.units), lang),
            complete=summary.complete_units,
            completion=_percent(completion),
            average=score_text(average, index, lang),
        )
    )
    lines.append("")
    lines.append(texts.render("co.units_title", lang))
    full = len(summary.units) <= FULL_UNITS
    for rank, unit in enumerate(summary.units, start=1):
        if unit.score is None:
            lines.append(texts.render("co.unit_no_score", lang, rank=rank, unit=unit.unit.name))
            continue
        values = {
            "rank": rank,
            "unit": unit.unit.name,
            "completion": _percent(unit.completion),
            "score": unit_score_text(unit, lang),
            "category": category_text(unit, lang),
            "evidence": unit.evidence_count,
            "last": _local(unit.last_activity, region.timezone, lang),
        }
        if not full:
            lines.append(texts.render("co.unit_compact", lang, **values))
            continue
        lines.append(texts.render("co.unit", lang, **values))
        labels = gap_labels_for(summary.rubric, unit, lang, GAPS_SHOWN)
        if labels:
            lines.append(texts.render("co.unit_gaps", lang, gaps="; ".join(labels)))
    if summary.common_gaps and len(scored) > 1:
        lines.append("")
        lines.append(texts.render("co.common_title", lang))
        for common in summary.common_gaps:
            lines.append(
                texts.render(
                    "co.common_line",
                    lang,
                    item=clip(reports.item_label(summary.rubric, common.item_id, lang), 80),
                    dimension=reports.dimension_title(summary.rubric, common.dimension_id, lang),
                    units=common.units,
                    of=common.of,
                )
            )
    lines.append("")
    lines.append(texts.render("co.more_in_export", lang))
    return [Html(p) for p in split("\n".join(lines))]


def render_charts(summary: RegionSummary, lang: str) -> list[PhotoPart]:
    """Both charts as photos with captions under 1024 characters. Blocking: use a thread."""
    the_rubric = summary.rubric
    bars = reports.score_bars(summary)
    if the_rubric is None or not bars:
        return []
    index = the_rubric.display == "index"
    score_images = charts.score_chart(
        texts.plain("co.chart_scores", lang, region=summary.region.name),
        bars,
        reports.band_specs(the_rubric),
        the_rubric.scale_max,
        axis_label=texts.plain("co.chart_axis_index" if index else "co.chart_axis_points", lang),
        gap_label=texts.plain(
            "co.chart_gap", lang, units=texts.count("unit", len(bars) - 2 * charts.EDGE_ROWS, lang)
        ),
    )
    dims = [d.title.get(lang) for d in the_rubric.dimensions]
    heat_images = charts.heatmap_chart(
        texts.plain("co.chart_heatmap", lang, region=summary.region.name),
        dims,
        reports.heat_rows(summary),
    )
    bands = ", ".join(
        f"{b.code} ≥ {b.min:g}" + (f" {b.zone}" if b.zone else "") for b in the_rubric.categories
    )
    truncated = (
        texts.render(
            "co.caption_truncated", lang, edge=charts.EDGE_ROWS, lowest=2 * charts.EDGE_ROWS
        )
        if len(bars) > charts.FULL_ROWS
        else ""
    )
    score_caption = _caption(texts.render("co.caption_scores", lang, bands=bands) + truncated)
    heat_caption = _caption(texts.render("co.caption_heatmap", lang) + truncated)
    photos = [
        PhotoPart(png, score_caption if i == 0 else None, f"skor-{i + 1}.png")
        for i, png in enumerate(score_images)
    ]
    photos += [
        PhotoPart(png, heat_caption if i == 0 else None, f"dimensi-{i + 1}.png")
        for i, png in enumerate(heat_images)
    ]
    return photos


def _caption(text: str) -> str:
    return split(text, CAPTION_LIMIT)[0]


async def summary_content(
    store: Store, region_id: int, now: datetime, lang: str, *, unit_id: int | None = None
) -> tuple[list[Html], list[PhotoPart]]:
    """The /ringkasan content: texts and chart photos (charts rendered in a thread)."""
    summary = await reports.region_summary(store, region_id, now, unit_id=unit_id)
    photos = await asyncio.to_thread(render_charts, summary, lang)
    surveyed = await survey.region_text(store, region_id, now, lang, unit_id)
    return summary_texts(summary, lang) + ([surveyed] if surveyed else []), photos


# -- scope --------------------------------------------------------------------------------


async def _scope(
    update: Update, context: BotContext, who: Caller, command_name: str
) -> tuple[int, int | None] | None:
    """(region, unit or None) for the caller, or None after telling them why not.

    Admins name the region after the command, in any case: `/ringkasan kota metro`."""
    store = context.services.store
    chat = update.effective_chat
    assert chat is not None
    person = who.person
    if person is not None and person.active and person.role in ("coordinator", "officer"):
        try:
            return await store.report_scope(person)
        except (Forbidden, NotFound):
            await send_text(context.bot, chat.id, texts.render("co.no_scope", who.lang))
            return None
    if who.is_admin:
        name = " ".join(" ".join(context.args or []).split())
        regions = await store.regions()
        if name:
            wanted = name.casefold()
            matches = [r for r in regions if " ".join(r.name.split()).casefold() == wanted]
            if len(matches) == 1:
                return matches[0].id, None
            try:
                return (await store.resolve_region(name)).id, None
            except NotFound:
                pass
        names = ", ".join(r.name for r in regions) or "–"
        used = command(command_name)[1 if who.lang == "en" else 0]
        example = regions[0].name if regions else "Kota Metro"
        pick = texts.render("co.admin_pick", who.lang, command=used, example=example, regions=names)
        if name:
            missing = texts.render("co.admin_not_found", who.lang, name=clip(name, 100))
            pick = Html(missing + "\n" + pick)
        await send_text(context.bot, chat.id, pick)
        return None
    await send_text(context.bot, chat.id, texts.render("co.no_scope", who.lang))
    return None


# -- handlers ----------------------------------------------------------------------------


@roles("coordinator", "admin")
async def summary(update: Update, context: BotContext, who: Caller) -> None:
    """Send the region's summary: texts, then the charts."""
    chat = update.effective_chat
    assert chat is not None
    scope = await _scope(update, context, who, "ringkasan")
    if scope is None:
        return
    await context.bot.send_chat_action(chat.id, ChatAction.TYPING)
    services = context.services
    pieces, photos = await summary_content(
        services.store, scope[0], services.now(), who.lang, unit_id=scope[1]
    )
    # Through the shared broadcaster: a 300-unit region is a dozen messages, and a flood
    # control answer (RetryAfter) then waits and resends instead of losing the rest.
    delivery = Delivery(chat.id, as_parts(pieces, photos), spaced=False)
    result = await broadcaster_of(context.application).send(delivery)
    if result.outcome != "sent":
        log.warning("summary to %s stopped after %s parts: %s", chat.id, result.sent_parts,
                    result.error)  # fmt: skip


@roles("officer", "coordinator", "admin")
async def export(update: Update, context: BotContext, who: Caller) -> None:
    """Send the XLSX workbook: the region (coordinators) or the own unit (officers)."""
    chat = update.effective_chat
    assert chat is not None
    scope = await _scope(update, context, who, "unduh")
    if scope is None:
        return
    region_id, unit_id = scope
    await context.bot.send_chat_action(chat.id, ChatAction.UPLOAD_DOCUMENT)
    services = context.services
    now = services.now()
    summary, data = await reports.workbook_for(
        services.store, region_id, now, unit_id=unit_id, lang=who.lang
    )
    book = await asyncio.to_thread(reports.build_workbook, data)
    unit_name = summary.units[0].unit.name if unit_id is not None and summary.units else None
    filename = reports.workbook_name(summary.region.name, summary.today, unit_name)
    key = "co.export_caption_unit" if unit_name else "co.export_caption"
    caption = texts.render(key, who.lang, region=summary.region.name, unit=unit_name or "",
                           date=summary.today)  # fmt: skip
    await context.bot.send_document(
        chat.id,
        InputFile(book, filename=filename),
        caption=caption + "\n" + texts.render("co.export_pack_hint", who.lang),
        parse_mode=PARSE_MODE,
        reply_markup=pack_button(region_id, unit_id, who.lang),
    )


def pack_button(region_id: int, unit_id: int | None, lang: str) -> InlineKeyboardMarkup:
    target: cb.CallbackData = (
        PackUnit(unit=unit_id) if unit_id is not None else PackMenu(region=region_id, page=1)
    )
    return keyboards.markup([[(texts.plain("co.btn_pack", lang), target)]])


@roles("coordinator", "admin")
async def pack_menu(update: Update, context: BotContext, who: Caller) -> None:
    """Show a page of the region's units to choose one for the evidence pack."""
    query = update.callback_query
    assert query is not None
    try:
        data = cb.unpack(query.data)
    except cb.CallbackDataError:
        await answer(query, texts.plain("cb.invalid", who.lang))
        return
    assert isinstance(data, PackMenu)
    store = context.services.store
    person = who.person
    if not who.is_admin and (person is None or person.region_id != data.region):
        await answer(query, texts.plain("cb.forbidden", who.lang))
        return
    await answer(query)
    listing = await store.overview(data.region)
    names = [(s.unit.name, s.unit.id) for s in listing.units]
    pages = max(1, math.ceil(len(names) / PACK_PAGE))
    page = min(max(1, data.page), pages)
    chunk = names[(page - 1) * PACK_PAGE : page * PACK_PAGE]
    rows: list[list[keyboards.Button]] = [[(name, PackUnit(unit=uid))] for name, uid in chunk]
    pager: list[keyboards.Button] = []
    if page > 1:
        previous = PackMenu(region=data.region, page=page - 1)
        pager.append((texts.plain("btn.prev_page", who.lang), previous))
    if page < pages:
        following = PackMenu(region=data.region, page=page + 1)
        pager.append((texts.plain("btn.next_page", who.lang), following))
    rows.append(pager)
    chat = update.effective_chat
    assert chat is not None
    await send_text(
        context.bot, chat.id, texts.render("co.pack_choose", who.lang), keyboards.markup(rows)
    )


@roles("officer", "coordinator", "admin")
async def pack_unit(update: Update, context: BotContext, who: Caller) -> None:
    """Build the unit's evidence pack and send it (in parts under 50 MB)."""
    query = update.callback_query
    assert query is not None
    try:
        data = cb.unpack(query.data)
    except cb.CallbackDataError:
        await answer(query, texts.plain("cb.invalid", who.lang))
        return
    assert isinstance(data, PackUnit)
    store = context.services.store
    try:
        person = who.person
        if person is not None and person.active and person.role in ("coordinator", "officer"):
            unit = await store.check_unit_access(person, data.unit)
        elif who.is_admin:
            unit = await store.unit(data.unit)
        else:
            raise Forbidden("not registered")
    except (Forbidden, NotFound):
        await answer(query, texts.plain("cb.forbidden", who.lang))
        return
    busy: set[int] = context.bot_data.setdefault("evidence_packs_running", set())
    if who.user_id in busy:
        await query.answer(texts.plain("co.pack_busy", who.lang), show_alert=True)
        return
    await answer(query)
    busy.add(who.user_id)
    try:
        await send_pack(context, update, who, unit.id)
    finally:
        busy.discard(who.user_id)


async def send_pack(context: BotContext, update: Update, who: Caller, unit_id: int) -> None:
    chat = update.effective_chat
    assert chat is not None
    services = context.services
    store = services.store
    lang = who.lang
    now = services.now()
    unit = await store.unit(unit_id)
    lines = await store.evidence_lines(unit_id, now)
    if not lines:
        await send_text(context.bot, chat.id, texts.render("co.pack_empty", lang, unit=unit.name))
        return
    snapshot = await store.overview(unit.region_id, unit_id=unit_id, now=now)
    cycle = snapshot.units[0].cycle if snapshot.units else None
    assert cycle is not None  # evidence exists, so the unit has a current cycle
    the_rubric = store.rubric(cycle.rubric_id)
    files = reports.plan_pack(lines, the_rubric, lang)
    await send_text(
        context.bot,
        chat.id,
        texts.render(
            "co.pack_working", lang, unit=unit.name, files=texts.count("file", len(files), lang)
        ),
    )

    async def fetch(file_id: str) -> bytes:
        telegram_file = await context.bot.get_file(file_id)
        return bytes(await telegram_file.download_as_bytearray())

    def readme(report: reports.PackReport) -> str:
        return pack_readme(
            report, unit.name, unit.region, unit.timezone, cycle, the_rubric, lang, now
        )

    report = reports.PackReport()
    base = "-".join(
        p for p in ("siapnilai-bukti", reports.slug(unit.name), now.date().isoformat()) if p
    )
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
        await context.bot.send_chat_action(chat.id, ChatAction.UPLOAD_DOCUMENT)
        await context.bot.send_document(
            chat.id,
            InputFile(part.data, filename=part.filename),
            caption=texts.render("co.pack_caption", lang, unit=unit.name, part=parts),
            parse_mode=PARSE_MODE,
        )
    done = texts.render(
        "co.pack_done",
        lang,
        unit=unit.name,
        files=texts.count("file", len(report.included), lang),
        archives=texts.count("archive", parts, lang),
    )
    missing = len(report.too_big) + len(report.failed)
    if missing:
        missing_files = texts.count("file", missing, lang)
        done = Html(done + "\n" + texts.render("co.pack_missing", lang, files=missing_files))
    await send_text(context.bot, chat.id, done)


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
            tz=reports.zone_abbreviation(timezone),
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
        CommandHandler(command("ringkasan"), summary),
        CommandHandler(command("unduh"), export),
        CallbackQueryHandler(pack_menu, pattern=PackMenu.pattern()),
        CallbackQueryHandler(pack_unit, pattern=PackUnit.pattern()),
    ]
