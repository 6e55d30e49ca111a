"""The region summary as the chat shows it: texts (two lines a unit up to `FULL_UNITS`
units, one compact line beyond, so 300 units fit in four or five messages) and charts (every
unit up to 100, more than `IDLE_ROWS` units that have not started as one row; beyond, the 30
highest and 30 lowest scores and the 60 lowest in the heat map). /ringkasan and the Monday
digest send the same content."""

from __future__ import annotations

import asyncio
import math
from datetime import datetime

from bot import charts, reports, texts
from bot.broadcast import PhotoPart
from bot.reports import RegionSummary, UnitSummary
from bot.settings import local_moment
from bot.store import Store
from bot.texts.html import CAPTION_LIMIT, Html, split
from conversations import survey
from rubric import Rubric

IDLE_ROWS = 5
"""Up to this many units that have not started get a grey row each on the charts; more are
one grey row saying how many ("35 unit (daftarnya di teks)"): in a province where most units
had not started, 35 grey rows filled the top of both charts, the units with scores squeezed
below them into a picture twice the height of a phone screen."""
FULL_UNITS = 30
"""Up to this many units, each gets its completion, score, evidence, activity and gaps."""
GAPS_SHOWN = 3
GAP_CHARS = 60


def _num(value: float | None) -> str:
    return "–" if value is None else texts.points(value)


def _percent(value: float) -> str:
    return str(math.floor(value * 100 + 1e-9))


def _local(moment: datetime | None, timezone: str, lang: str) -> str:
    """A moment in the region's time, with its zone label (WIB, WITA, WIT)."""
    if moment is None:
        return texts.plain("co.never", lang)
    return local_moment(moment, timezone)


def score_text(total: float | None, index: float | None, lang: str) -> str:
    """The provisional score as /skor spells it (`texts.score`): "81.20 poin (indeks 4.06)"."""
    return texts.score(total, index, lang)


def unit_score_text(unit: UnitSummary, lang: str) -> str:
    if unit.score is None:
        return "–"
    return score_text(unit.score.total, unit.score.index, lang)


def verified_text(unit: UnitSummary, lang: str) -> str:
    """The verified score, spelled like the claimed one."""
    if unit.verified is None:
        return "–"
    return score_text(unit.verified.total, unit.verified.index, lang)


def category_text(unit: UnitSummary, lang: str) -> str:
    if unit.category is None:
        return "–"
    zone = f" {texts.plain(f'zone.{unit.zone}', lang)}" if unit.zone else ""
    return f"{unit.category}{zone}"


def gap_labels_for(
    the_rubric: Rubric | None, unit: UnitSummary, lang: str, count: int, chars: int = GAP_CHARS
) -> list[str]:
    """The unit's top gaps as short plain labels: question [product] (+points), or for an
    item answered in full without its evidence the points at risk (a unit at 100 read
    "+6.00 poin" as if it could still gain them)."""
    if the_rubric is None:
        return []
    labels = []
    for gap in unit.gaps[:count]:
        label = reports.item_label(the_rubric, gap.item_id, lang, limit=chars)
        if gap.product:
            label += f" [{gap.product}]"
        labels.append(f"{label} ({reports.gap_points(gap, lang)})")
    return labels


def totals_line(summary: RegionSummary, lang: str) -> str:
    """Units, how many finished, and the averages: of the units that have started (said so
    when some have not), or that none has."""
    units = texts.count("unit", len(summary.units), lang)
    averages = summary.averages
    if averages is None:
        return texts.render("co.totals_none_started", lang, units=units,
                            complete=summary.complete_units)  # fmt: skip
    key = "co.totals" if averages.units == len(summary.units) else "co.totals_started"
    return texts.render(
        key,
        lang,
        units=units,
        complete=summary.complete_units,
        started=texts.count("unit", averages.units, lang),
        completion=_percent(averages.completion),
        average=score_text(averages.total, averages.index, lang),
    )


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
        state: str = summary.window.state
        if state == "open" and summary.window.days == 0:
            state = "last_day"  # not "closes in 0 days"
        days = texts.count("day", summary.window.days, lang)
        lines.append(texts.render(f"co.window.{state}", lang, days=days))
    # Every region gets this line, a one-unit region too: it is where "finished" is said.
    lines.append(totals_line(summary, lang))
    items, units = summary.waiting
    if items:  # the coordinator's own work: answers with files to accept or return
        waiting = {
            "items": texts.count("item", items, lang),
            "units": texts.count("unit", units, lang),
        }
        lines.append(texts.render("co.waiting", lang, **waiting))
    lines.append("")
    lines.append(texts.render("co.units_title", lang))
    full = len(summary.units) <= FULL_UNITS
    for rank, unit in enumerate(summary.units, start=1):
        if not unit.started:  # no score yet, as the chart greys it: not a 0.00 and an E
            key = "co.unit_no_score" if unit.score is None else "co.unit_not_started"
            lines.append(texts.render(key, lang, rank=rank, unit=unit.unit.name))
            continue
        values = {
            "rank": rank,
            "unit": unit.unit.name,
            "completion": unit.percent,
            "score": unit_score_text(unit, lang),
            "verified": verified_text(unit, lang),
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
    if summary.common_gaps and summary.common_gaps[0].of > 1:
        lines.append("")
        lines.append(texts.render("co.common_title", lang))
        for common in summary.common_gaps:
            lines.append(
                texts.render(
                    "co.common_line",
                    lang,
                    item=reports.item_label(summary.rubric, common.item_id, lang, limit=80),
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
    idle = sum(1 for bar in bars if not bar.started)
    idle_label = texts.plain("co.chart_idle", lang, units=texts.count("unit", idle, lang))
    if idle > IDLE_ROWS:  # who has not started comes first (`needs_help_first`): one row
        bars = [charts.Bar(idle_label, 0.0, "", started=False), *bars[idle:]]
    index = the_rubric.display == "index"
    zones = ("hijau", "kuning", "merah")
    words = charts.Words(
        not_started=texts.plain("co.chart_not_started", lang),
        zones=tuple((z, texts.plain(f"co.zone_word.{z}", lang)) for z in zones),
    )
    score_images = charts.score_chart(
        texts.plain("co.chart_scores", lang, region=summary.region.name),
        bars,
        the_rubric.categories,
        the_rubric.scale_max,
        axis_label=texts.plain("co.chart_axis_index" if index else "co.chart_axis_points", lang),
        gap_label=texts.plain(
            "co.chart_gap", lang, units=texts.count("unit", len(bars) - 2 * charts.EDGE_ROWS, lang)
        ),
        words=words,
    )
    dims = reports.heat_columns(summary, lang)
    heat_rows = reports.heat_rows(summary)
    if idle > IDLE_ROWS:
        idle_row = charts.HeatRow(idle_label, (None,) * len(dims), started=False)
        heat_rows = [idle_row, *heat_rows[idle:]]
    heat_images = charts.heatmap_chart(
        texts.plain("co.chart_heatmap", lang, region=summary.region.name),
        dims,
        heat_rows,
        words,
    )
    bands = ", ".join(
        f"{b.code} ≥ {b.min:g}"
        + (f" {texts.plain(f'co.zone_word.{b.zone}', lang)}" if b.zone else "")
        for b in the_rubric.categories
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
