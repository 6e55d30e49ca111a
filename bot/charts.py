"""Charts for coordinators, rendered off-screen with matplotlib's Agg canvas -> PNG bytes.

Pure and blocking: call them through `asyncio.to_thread`. Each call builds its own
`Figure` (never pyplot's global state), so renders in several threads do not interfere.

Scaling: a chart holds at most `ROWS_PER_IMAGE` units; more units are split over several
images (pages), at most `MAX_PAGES` per chart. Beyond that (over 300 units with the
defaults) a chart shows the `ROWS_PER_IMAGE * MAX_PAGES` lowest-scoring units, the ones a
coordinator has to act on, and says so in its title; the XLSX workbook always has every unit.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from matplotlib.figure import Figure

T = TypeVar("T")

ROWS_PER_IMAGE = 100
MAX_PAGES = 3
LABEL_CHARS = 48

ZONE_COLOURS = {"hijau": "#2e7d32", "kuning": "#f9a825", "merah": "#c62828"}
ZONE_SHADES = {"hijau": "#e8f5e9", "kuning": "#fff8e1", "merah": "#ffebee"}
# Bands without zones (PEKPPP): one neutral blue-grey per band, darker = better.
NEUTRAL_COLOURS = (
    "#0d47a1",
    "#1565c0",
    "#1e88e5",
    "#42a5f5",
    "#78909c",
    "#90a4ae",
    "#b0bec5",
    "#cfd8dc",
    "#eceff1",
)
NO_SCORE_COLOUR = "#9e9e9e"


@dataclass(frozen=True)
class BandSpec:
    """A category band on the display scale: values >= `min` (up to the next band)."""

    code: str
    min: float
    zone: str | None = None


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    """On the display scale (points 0-100 or index 0-5)."""
    band: str
    """The category code of `value`."""


@dataclass(frozen=True)
class HeatRow:
    label: str
    shares: tuple[float | None, ...]
    """Per column, the share 0-1 of the dimension's points earned (None: not applicable)."""


def band_colours(bands: Sequence[BandSpec]) -> dict[str, tuple[str, str]]:
    """Band code -> (bar colour, background shade)."""
    colours: dict[str, tuple[str, str]] = {}
    for i, band in enumerate(bands):
        if band.zone is not None:
            colours[band.code] = (ZONE_COLOURS[band.zone], ZONE_SHADES[band.zone])
        else:
            tone = NEUTRAL_COLOURS[min(i, len(NEUTRAL_COLOURS) - 1)]
            colours[band.code] = (tone, "#f5f5f5" if i % 2 else "#fafafa")
    return colours


def pages(rows: Sequence[T], lowest_first: Sequence[T] | None = None) -> list[list[T]]:
    """Split rows into pages of ROWS_PER_IMAGE, at most MAX_PAGES; when there are too many,
    keep the rows of `lowest_first` that fit (in their original order)."""
    limit = ROWS_PER_IMAGE * MAX_PAGES
    kept = list(rows)
    if len(kept) > limit:
        keep = {id(r) for r in list(lowest_first or rows)[:limit]}
        kept = [r for r in rows if id(r) in keep]
    return [kept[i : i + ROWS_PER_IMAGE] for i in range(0, len(kept), ROWS_PER_IMAGE)] or [[]]


def _label(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def _png(fig: Figure) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)  # attach an Agg canvas: no GUI backend, safe in any thread
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def score_chart(
    title: str,
    bars: Sequence[Bar],
    bands: Sequence[BandSpec],
    scale_max: float,
    *,
    axis_label: str = "",
) -> list[bytes]:
    """Horizontal bars, one per unit (highest on top), over the category bands' zone colours.

    Returns one PNG per page (see the module docstring)."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    colours = band_colours(bands)
    ordered = sorted(bars, key=lambda b: -b.value)
    chunks = pages(ordered, sorted(bars, key=lambda b: b.value))
    images = []
    for number, chunk in enumerate(chunks, start=1):
        rows = max(len(chunk), 1)
        fig = Figure(figsize=(9.0, 1.6 + 0.22 * rows), dpi=100)
        ax = fig.add_subplot()
        uppers = [scale_max, *(b.min for b in bands[:-1])]
        for band, upper in zip(bands, uppers, strict=True):
            ax.axvspan(band.min, upper, color=colours[band.code][1], zorder=0)
            if band.min > 0:  # neighbouring bands may share a zone colour: draw the edge
                ax.axvline(band.min, color="#9e9e9e", linewidth=0.6, linestyle="--", zorder=1)
            ax.text(
                (band.min + upper) / 2, 1.0, band.code, transform=ax.get_xaxis_transform(),
                ha="center", va="bottom", fontsize=8, color="#424242",
            )  # fmt: skip
        positions = list(range(len(chunk)))
        ax.barh(
            positions,
            [b.value for b in chunk],
            color=[colours.get(b.band, (NO_SCORE_COLOUR, ""))[0] for b in chunk],
            height=0.7,
            zorder=2,
        )
        for y, bar in zip(positions, chunk, strict=True):
            ax.text(bar.value, y, f" {bar.value:.2f}", va="center", fontsize=7, zorder=3)
        ax.set_yticks(positions, [_label(b.label) for b in chunk], fontsize=7)
        ax.invert_yaxis()
        ax.set_xlim(0, scale_max * 1.08)
        ax.set_ylim(len(chunk) - 0.5 if chunk else 0.5, -0.5)
        if axis_label:
            ax.set_xlabel(axis_label, fontsize=8)
        suffix = f" ({number}/{len(chunks)})" if len(chunks) > 1 else ""
        ax.set_title(title + suffix, fontsize=10, pad=14)
        legend = [Patch(color=colour, label=label) for colour, label in _legend(bands, colours)]
        ax.legend(handles=legend, fontsize=7, loc="lower right", ncol=min(len(legend), 9))
        fig.tight_layout()
        images.append(_png(fig))
    return images


def _legend(
    bands: Sequence[BandSpec], colours: dict[str, tuple[str, str]]
) -> list[tuple[str, str]]:
    """One entry per bar colour: "A/B hijau", "C kuning", … (or one per band without zones)."""
    groups: dict[str, list[BandSpec]] = {}
    for band in bands:
        groups.setdefault(colours[band.code][0], []).append(band)
    return [
        (colour, "/".join(b.code for b in group) + (f" {group[0].zone}" if group[0].zone else ""))
        for colour, group in groups.items()
    ]


def heatmap_chart(title: str, columns: Sequence[str], rows: Sequence[HeatRow]) -> list[bytes]:
    """Dimension-by-unit heat map: each cell the share of the dimension's points earned.

    Rows keep their given order; pages as in `score_chart` (lowest mean share kept)."""
    import numpy as np
    from matplotlib.figure import Figure

    def mean(row: HeatRow) -> float:
        values = [v for v in row.shares if v is not None]
        return sum(values) / len(values) if values else 0.0

    chunks = pages(rows, sorted(rows, key=mean))
    images = []
    for number, chunk in enumerate(chunks, start=1):
        n = max(len(chunk), 1)
        fig = Figure(figsize=(2.8 + 0.9 * len(columns), 1.8 + 0.22 * n), dpi=100)
        ax = fig.add_subplot()
        data = np.array(
            [[np.nan if v is None else v * 100 for v in r.shares] for r in chunk]
            or [[np.nan] * len(columns)],
            dtype=float,
        )
        image = ax.imshow(data, cmap="RdYlGn", vmin=0, vmax=100, aspect="auto")
        if len(chunk) <= 60:
            for y, row in enumerate(chunk):
                for x, value in enumerate(row.shares):
                    text = "–" if value is None else f"{value * 100:.0f}"
                    ax.text(x, y, text, ha="center", va="center", fontsize=7)
        ax.set_xticks(range(len(columns)), [_label(c)[:18] for c in columns], fontsize=7)
        ax.tick_params(axis="x", labelrotation=30)
        ax.set_yticks(range(len(chunk)), [_label(r.label) for r in chunk], fontsize=7)
        fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02, label="%")
        suffix = f" ({number}/{len(chunks)})" if len(chunks) > 1 else ""
        ax.set_title(title + suffix, fontsize=10)
        fig.tight_layout()
        images.append(_png(fig))
    return images
