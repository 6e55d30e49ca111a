"""Charts for coordinators, rendered off-screen with matplotlib's Agg canvas -> PNG bytes.

Pure and blocking: call them through `asyncio.to_thread`. Each call builds its own
`Figure` (never pyplot's global state), so renders in several threads do not interfere.

Scaling: up to `FULL_ROWS` units every unit is drawn, one image per chart, its height
growing with the units. Beyond that a phone screen cannot show every name anyway, so a
chart keeps a constant size: the score chart shows the `EDGE_ROWS` highest and the
`EDGE_ROWS` lowest units with a marked gap between them ("… 240 more units …"), and the
heat map the `2 * EDGE_ROWS` lowest-scoring units. The text lists every unit and the XLSX
has them all. (Text drawing dominates the cost: about 10 ms a label on this machine.)
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from matplotlib.figure import Figure

R = TypeVar("R")

FULL_ROWS = 100
EDGE_ROWS = 30
ANNOTATE_CELLS_UP_TO = 40
"""Heat-map cells get their number written in them up to this many rows."""
LABEL_CHARS = 48
LABEL_INCHES = 3.1
"""Room for a 48-character unit name at 7 pt left of the plot."""
ROW_INCHES = 0.22

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


def shown_rows(rows: Sequence[R]) -> tuple[list[R], int]:
    """The rows a chart draws (in order) and how many are left out between the edges."""
    if len(rows) <= FULL_ROWS:
        return list(rows), 0
    return [*rows[:EDGE_ROWS], *rows[-EDGE_ROWS:]], len(rows) - 2 * EDGE_ROWS


def _label(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def _plain(text: str) -> str:
    """`text` shown as is wherever a Text object cannot be told `parse_math=False` (legend
    entries): matplotlib reads `$…$` as math, so every dollar sign is escaped."""
    return text.replace("$", r"\$")


def _png(fig: Figure) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)  # attach an Agg canvas: no GUI backend, safe in any thread
    buffer = io.BytesIO()
    # Fast zlib level: the charts are flat colours, so the files stay small anyway.
    fig.savefig(buffer, format="png", pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


def score_chart(
    title: str,
    bars: Sequence[Bar],
    bands: Sequence[BandSpec],
    scale_max: float,
    *,
    axis_label: str = "",
    gap_label: str = "… {count} …",
) -> list[bytes]:
    """Horizontal bars, one per unit (highest on top), over the category bands' zone colours.

    One PNG (a list, so a caller can send whatever comes). Over FULL_ROWS units: the edges
    and a gap row labelled `gap_label.format(count=...)` (see the module docstring)."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    colours = band_colours(bands)
    ordered = sorted(bars, key=lambda b: -b.value)
    shown, left_out = shown_rows(ordered)
    rows: list[Bar | None] = list(shown)
    if left_out:
        rows.insert(EDGE_ROWS, None)  # the gap
    fig = Figure(figsize=(9.0, 1.6 + ROW_INCHES * max(len(rows), 1)), dpi=100)
    _margins(fig, left=LABEL_INCHES, right=0.3, top=0.6, bottom=0.55)
    ax = fig.add_subplot()
    uppers = [scale_max, *(b.min for b in bands[:-1])]
    for band, upper in zip(bands, uppers, strict=True):
        ax.axvspan(band.min, upper, color=colours[band.code][1], zorder=0)
        if band.min > 0:  # neighbouring bands may share a zone colour: draw the edge
            ax.axvline(band.min, color="#9e9e9e", linewidth=0.6, linestyle="--", zorder=1)
        ax.text(
            (band.min + upper) / 2, 1.0, band.code, transform=ax.get_xaxis_transform(),
            ha="center", va="bottom", fontsize=8, color="#424242", parse_math=False,
        )  # fmt: skip
    drawn = [(y, bar) for y, bar in enumerate(rows) if bar is not None]
    ax.barh(
        [y for y, _ in drawn],
        [bar.value for _, bar in drawn],
        color=[colours.get(bar.band, (NO_SCORE_COLOUR, ""))[0] for _, bar in drawn],
        height=0.7,
        zorder=2,
    )
    labels = ax.get_yaxis_transform()
    for y, bar in drawn:
        ax.text(bar.value, y, f" {bar.value:.2f}", va="center", fontsize=7, zorder=3,
                parse_math=False)  # fmt: skip
        # Plain texts, not tick labels: matplotlib measures tick labels several times.
        ax.text(-0.01, y, _label(bar.label), transform=labels, ha="right", va="center",
                fontsize=7, parse_math=False)  # fmt: skip
    if left_out:
        ax.text(0.5, EDGE_ROWS, gap_label.format(count=left_out), transform=labels,
                ha="center", va="center", fontsize=8, style="italic", color="#424242",
                parse_math=False)  # fmt: skip
    ax.set_yticks([])
    ax.set_xlim(0, scale_max * 1.08)
    ax.set_ylim(len(rows) - 0.5 if rows else 0.5, -0.5)
    if axis_label:
        ax.set_xlabel(axis_label, fontsize=8, parse_math=False)
    ax.set_title(title, fontsize=10, pad=14, parse_math=False)
    legend = [Patch(color=colour, label=_plain(label)) for colour, label in _legend(bands, colours)]
    ax.legend(handles=legend, fontsize=7, loc="lower right", ncol=min(len(legend), 9))
    return [_png(fig)]


def _margins(fig: Figure, *, left: float, right: float, top: float, bottom: float) -> None:
    """Fixed margins in inches: tight_layout would draw every label once more to measure it."""
    width, height = fig.get_size_inches()
    fig.subplots_adjust(
        left=left / width, right=1 - right / width, top=1 - top / height, bottom=bottom / height
    )


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

    Rows are drawn in the given order (best first, as the score chart); over FULL_ROWS only
    the last 2 * EDGE_ROWS (the lowest scores) are drawn. One PNG, in a list."""
    import numpy as np
    from matplotlib.figure import Figure

    chosen = list(rows) if len(rows) <= FULL_ROWS else list(rows[-2 * EDGE_ROWS :])
    n = max(len(chosen), 1)
    fig = Figure(figsize=(LABEL_INCHES + 1.4 + 0.9 * len(columns), 1.9 + ROW_INCHES * n), dpi=100)
    _margins(fig, left=LABEL_INCHES, right=1.2, top=0.45, bottom=0.95)
    ax = fig.add_subplot()
    data = np.array(
        [[np.nan if v is None else v * 100 for v in r.shares] for r in chosen]
        or [[np.nan] * len(columns)],
        dtype=float,
    )
    image = ax.imshow(data, cmap="RdYlGn", vmin=0, vmax=100, aspect="auto")
    if len(chosen) <= ANNOTATE_CELLS_UP_TO:
        for y, row in enumerate(chosen):
            for x, value in enumerate(row.shares):
                text = "–" if value is None else f"{value * 100:.0f}"
                ax.text(x, y, text, ha="center", va="center", fontsize=7, parse_math=False)
    ax.set_xticks(range(len(columns)), [_short(c) for c in columns], fontsize=7, parse_math=False)
    ax.tick_params(axis="x", labelrotation=30)
    ax.set_yticks([])
    labels = ax.get_yaxis_transform()
    for y, row in enumerate(chosen):
        ax.text(-0.01, y, _label(row.label), transform=labels, ha="right", va="center",
                fontsize=7, parse_math=False)  # fmt: skip
    colour_axis = fig.add_axes((1 - 1.0 / fig.get_size_inches()[0], 0.2, 0.02, 0.6))
    fig.colorbar(image, cax=colour_axis, label="%")
    ax.set_title(title, fontsize=10, parse_math=False)
    return [_png(fig)]


def _short(column: str) -> str:
    """A dimension title without its explanation: "Input (kompetensi …)" -> "Input"."""
    return _label(column.split(" (")[0])[:24]
