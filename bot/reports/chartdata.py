"""What the charts are drawn from (bot.charts draws them): bands, score bars, heat rows."""

from __future__ import annotations

import rubric
from bot.charts import BandSpec, Bar, HeatRow
from bot.reports.summary import RegionSummary


def band_specs(the_rubric: rubric.Rubric) -> list[BandSpec]:
    return [BandSpec(b.code, b.min, b.zone) for b in the_rubric.categories]


def score_bars(summary: RegionSummary) -> list[Bar]:
    return [
        Bar(u.unit.name, u.shown, u.category or "") for u in summary.units if u.shown is not None
    ]


def heat_rows(summary: RegionSummary) -> list[HeatRow]:
    rows = []
    for unit in summary.units:
        if unit.score is None:
            continue
        shares = tuple(
            (d.points / d.weight if d.weight else 0.0) if d.applicable else None
            for d in unit.score.dimensions
        )
        rows.append(HeatRow(unit.unit.name, shares))
    return rows
