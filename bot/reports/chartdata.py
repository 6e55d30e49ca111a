"""What the charts are drawn from (bot.charts draws them): score bars and heat rows (the
bands are the rubric's categories as they are)."""

from __future__ import annotations

from bot.charts import TOLD_APART_CHARS, Bar, HeatRow, drawn_label, label_is_cut
from bot.reports.summary import RegionSummary, UnitSummary
from bot.texts.html import told_apart


def chart_name(name: str, region: str) -> str:
    """A unit's row label: its name, without its region's name at the end when the name
    does not fit a label's two lines (the title names the region): "UPTD Puskesmas Rawat
    Inap Kecamatan Tanjung Karang Barat Kota Bandar Lampung" and "… Timur …" both read
    "UPTD Puskesmas Rawat Inap / Kecamatan Tanjung Karang …"."""
    shown = " ".join(name.split())
    suffix = " " + " ".join(region.split())
    if label_is_cut(shown) and region.strip() and shown.casefold().endswith(suffix.casefold()):
        return shown[: -len(suffix)].rstrip(" ,-–") or shown
    return shown


def chart_names(summary: RegionSummary) -> dict[int, str]:
    """Unit id -> its row label (`chart_name`), told apart from the labels drawn alike: a
    province's "Dinas Kependudukan dan Pencatatan Sipil (Dukcapil) Kabupaten <place> —
    Layanan Terpadu" were thirteen rows of "Dinas Kependudukan dan / Pencatatan Sipil
    (Dukcapil) …"; such a row keeps the words that tell it apart (`tell_apart`)."""
    names = [chart_name(u.unit.name, summary.region.name) for u in summary.units]
    told = told_apart(names, TOLD_APART_CHARS, seen=drawn_label)
    return {u.unit.id: label for u, label in zip(summary.units, told, strict=True)}


def needs_help_first(summary: RegionSummary) -> list[UnitSummary]:
    """The units with a cycle in the order the charts draw them, top to bottom: who needs
    help most on top. The summary's one order (the text's "highest score first") reversed,
    ties included, so a chart read from the bottom up reads as the text reads down."""
    return [u for u in reversed(summary.units) if u.score is not None]


def score_bars(summary: RegionSummary) -> list[Bar]:
    """Every unit with a cycle (`needs_help_first`); one that has answered nothing is
    `started=False`."""
    names = chart_names(summary)
    return [
        Bar(
            names[u.unit.id],
            u.shown or 0.0,
            u.category or "",
            started=u.started,
        )
        for u in needs_help_first(summary)
    ]


def heat_columns(summary: RegionSummary, lang: str) -> list[str]:
    """The heat map's columns: the scored dimensions, as /skor, the unit page and the
    workbook's dimension sheet show them (a weight-0 one was a column of dashes)."""
    if summary.rubric is None:
        return []
    return [d.title.get(lang) for d in summary.rubric.dimensions if d.weight > 0]


def heat_rows(summary: RegionSummary) -> list[HeatRow]:
    """Who needs help first (`needs_help_first`: units that have not started, then the
    lowest scores); one share per `heat_columns`."""
    rows = []
    names = chart_names(summary)
    for unit in needs_help_first(summary):
        assert unit.score is not None
        shares = tuple(
            d.points / d.weight if d.applicable else None
            for d in unit.score.dimensions
            if d.weight > 0  # information only (F-02's Informasi Tambahan): never scored
        )
        rows.append(HeatRow(names[unit.unit.id], shares, started=unit.started))
    return rows
