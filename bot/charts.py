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

import functools
import io
from collections.abc import Callable, Sequence
from dataclasses import KW_ONLY
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from bot.frozen import frozen
from rubric import Band

if TYPE_CHECKING:
    from matplotlib.figure import Figure

R = TypeVar("R")
P = ParamSpec("P")

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
# Bands without zones (PEKPPP): one neutral tone per band, blues for A to B-, then blue-greys
# that lighten band by band, darker = better. The lightest (F, the lowest) stays visible on
# the chart's near-white background: at least 1.6:1 against it (`NEUTRAL_CONTRAST`; F was
# #eceff1, 1.1:1, a bar one could not see). The blue-greys are spaced evenly in luminance.
NEUTRAL_COLOURS = (
    "#0d47a1",
    "#1565c0",
    "#1e88e5",
    "#42a5f5",
    "#78909c",
    "#8d9fa9",
    "#9fadb5",
    "#aebac1",
    "#bcc5cb",
)
NEUTRAL_CONTRAST = 1.6
"""The least contrast of a neutral band's bar against its band's background."""
NO_SCORE_COLOUR = "#9e9e9e"


@frozen
class ChartRow:
    """A unit's row on a chart: its label, and whether it has started."""

    label: str
    _: KW_ONLY
    started: bool = True
    """False: the unit has answered nothing yet (a grey row, labelled, not as a 0 score)."""


@frozen
class Bar(ChartRow):
    value: float
    """On the display scale (points 0-100 or index 0-5)."""
    band: str
    """The category code of `value`."""


@frozen
class HeatRow(ChartRow):
    shares: tuple[float | None, ...]
    """Per column, the share 0-1 of the dimension's points earned (None: not applicable)."""


@frozen
class Words:
    """What a chart says in the reader's language (the chat layer fills it from the texts)."""

    not_started: str = "belum mulai"
    zones: tuple[tuple[str, str], ...] = (
        ("hijau", "hijau"), ("kuning", "kuning"), ("merah", "merah"),
    )  # fmt: skip
    """Zone -> its name in the reader's language."""


def band_colours(bands: Sequence[Band]) -> dict[str, tuple[str, str]]:
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


WRAP_CHARS = 30
"""A unit name wraps onto a second line after about this many characters."""


def drawn_label(text: str) -> str:
    """A row's label as the chart draws it: on at most two lines, wrapped at word
    boundaries (never cut mid-word unless a single word is longer than a line)."""
    import textwrap

    text = " ".join(drawable(text).split())
    lines = textwrap.wrap(text, WRAP_CHARS, break_long_words=True) or [""]
    if len(lines) > 2:
        rest = " ".join(lines[1:])
        second = textwrap.shorten(rest, WRAP_CHARS, placeholder=" …")
        lines = [lines[0], second if second != " …" else rest[: WRAP_CHARS - 1] + "…"]
    return "\n".join(lines)


@functools.cache
def _font_has() -> frozenset[int]:
    """The code points matplotlib's default font (DejaVu Sans) draws."""
    from matplotlib.font_manager import FontProperties, findfont
    from matplotlib.ft2font import FT2Font

    return frozenset(FT2Font(findfont(FontProperties())).get_charmap())


_EMOJI_GLUE = "\ufe0e\ufe0f\u200d"
"""Variation selectors and the zero-width joiner: the font has them, but with the emoji
gone they only leave a gap."""


def drawable(text: str) -> str:
    """`text` without the characters the font cannot draw (emoji, their variation selectors
    and joiners): each was an empty box, drawn over the next letters ("Layanan 🏛️ Terpadu"
    printed as "Layanan ▯▯rpadu" on the unit's page)."""
    has = _font_has()
    drawn = [ch in "\n\t" or (ord(ch) in has and ch not in _EMOJI_GLUE) for ch in text]
    if all(drawn):
        return text
    kept = "".join(ch for ch, ok in zip(text, drawn, strict=True) if ok)
    return "\n".join(" ".join(line.split()) for line in kept.split("\n"))


TOLD_APART_CHARS = 2 * WRAP_CHARS - 8
"""A name told apart from others drawn alike (`tell_apart`) fits this: two lines, with room
for the words' wrapping."""


def label_is_cut(text: str) -> bool:
    """Whether a row's label has to shorten `text` (it does not fit two lines)."""
    return drawn_label(text).replace("\n", " ") != " ".join(drawable(text).split())


def _row_inches(labels: Sequence[str]) -> float:
    """Room per row: more when a name wraps onto two lines."""
    return ROW_INCHES * (1.45 if any("\n" in drawn_label(t) for t in labels) else 1.0)


def _ink(rgb: Sequence[float]) -> str:
    """Black or white, whichever reads better on a cell of colour `rgb` (0-1 each)."""
    r, g, b = rgb[0], rgb[1], rgb[2]
    return "#000000" if 0.299 * r + 0.587 * g + 0.114 * b > 0.55 else "#ffffff"


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


LEGEND_COLUMNS = 6
LEGEND_ROW_INCHES = 0.2


def score_figure(
    title: str,
    bars: Sequence[Bar],
    bands: Sequence[Band],
    scale_max: float,
    *,
    axis_label: str = "",
    gap_label: str = "… {count} …",
    words: Words | None = None,
) -> Figure:
    """Horizontal bars, one per unit, over the category bands' zone colours, in the given
    order from the top: who needs help first (units that have not started, grey and
    labelled, then the lowest scores: `reports.score_bars`; the order is the caller's, not
    decided here). Over FULL_ROWS units: the edges and a gap row labelled
    `gap_label.format(count=...)` (see the module docstring). Its legend stands below the
    plot, never on it: the best units are drawn last, at the bottom, and a legend inside the
    plot hid their bars and scores. `score_chart` is this figure as one PNG."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    words = words or Words()
    colours = band_colours(bands)
    shown, left_out = shown_rows(bars)
    rows: list[Bar | None] = list(shown)
    if left_out:
        rows.insert(EDGE_ROWS, None)  # the gap
    row_inches = _row_inches([b.label for b in shown])
    entries = len(_legend(bands, colours)) + (1 if any(not b.started for b in shown) else 0)
    legend_rows = -(-entries // LEGEND_COLUMNS)
    legend_inches = 0.1 + LEGEND_ROW_INCHES * legend_rows
    height = 1.6 + legend_inches + row_inches * max(len(rows), 1)
    fig = Figure(figsize=(9.0, height), dpi=100)
    _margins(fig, left=LABEL_INCHES, right=0.3, top=0.6, bottom=0.55 + legend_inches)
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
    scored = [(y, bar) for y, bar in drawn if bar.started]
    ax.barh(
        [y for y, _ in scored],
        [bar.value for _, bar in scored],
        color=[colours.get(bar.band, (NO_SCORE_COLOUR, ""))[0] for _, bar in scored],
        height=0.7,
        zorder=2,
    )
    waiting = [(y, bar) for y, bar in drawn if not bar.started]
    ax.barh([y for y, _ in waiting], [scale_max] * len(waiting), color="#eeeeee",
            edgecolor=NO_SCORE_COLOUR, hatch="///", linewidth=0.4, height=0.7,
            zorder=2)  # fmt: skip
    labels = ax.get_yaxis_transform()
    for y, bar in drawn:
        if bar.started:
            ax.text(bar.value, y, f" {bar.value:.2f}", va="center", fontsize=7, zorder=3,
                    parse_math=False)  # fmt: skip
        else:
            ax.text(scale_max / 2, y, words.not_started, va="center", ha="center", fontsize=7,
                    color="#424242", style="italic", zorder=3, parse_math=False,
                    bbox={"facecolor": "#eeeeee", "edgecolor": "none", "pad": 1})  # fmt: skip
        # Plain texts, not tick labels: matplotlib measures tick labels several times.
        ax.text(-0.01, y, drawn_label(bar.label), transform=labels, ha="right", va="center",
                fontsize=7, color="#000000" if bar.started else "#616161",
                parse_math=False)  # fmt: skip
    if left_out:
        ax.text(0.5, EDGE_ROWS, gap_label.format(count=left_out), transform=labels,
                ha="center", va="center", fontsize=8, style="italic", color="#424242",
                parse_math=False)  # fmt: skip
    ax.set_yticks([])
    ax.set_xlim(0, scale_max * 1.08)
    ax.set_ylim(len(rows) - 0.5 if rows else 0.5, -0.5)
    if axis_label:
        ax.set_xlabel(axis_label, fontsize=8, parse_math=False)
    ax.set_title(drawable(title), fontsize=10, pad=14, parse_math=False)
    legend = [
        Patch(color=colour, label=_plain(label))
        for colour, label in _legend(bands, colours, dict(words.zones))
    ]
    if waiting:
        legend.append(Patch(facecolor="#eeeeee", edgecolor=NO_SCORE_COLOUR, hatch="///",
                            label=_plain(words.not_started)))  # fmt: skip
    box = ax.get_position()
    fig.legend(handles=legend, fontsize=7, loc="lower center", frameon=False,
               ncol=min(len(legend), LEGEND_COLUMNS), bbox_transform=fig.transFigure,
               bbox_to_anchor=((box.x0 + box.x1) / 2, 0.05 / height))  # fmt: skip
    return fig


def _as_png(build: Callable[P, Figure]) -> Callable[P, list[bytes]]:
    """A chart builder returning the figure, as one returning its PNG in a list (so that a
    caller can send whatever comes)."""

    def chart(*args: P.args, **kwargs: P.kwargs) -> list[bytes]:
        return [_png(build(*args, **kwargs))]

    return chart


score_chart = _as_png(score_figure)
"""`score_figure` as one PNG, in a list."""


def _margins(fig: Figure, *, left: float, right: float, top: float, bottom: float) -> None:
    """Fixed margins in inches: tight_layout would draw every label once more to measure it."""
    width, height = fig.get_size_inches()
    fig.subplots_adjust(
        left=left / width, right=1 - right / width, top=1 - top / height, bottom=bottom / height
    )


def _legend(
    bands: Sequence[Band],
    colours: dict[str, tuple[str, str]],
    zone_names: dict[str, str] | None = None,
) -> list[tuple[str, str]]:
    """One entry per bar colour: "A/B hijau", "C kuning", … (the zone named in the reader's
    language: "A/B green"), or one per band without zones."""
    names = zone_names or {}
    groups: dict[str, list[Band]] = {}
    for band in bands:
        groups.setdefault(colours[band.code][0], []).append(band)
    return [
        (
            colour,
            "/".join(b.code for b in group)
            + (f" {names.get(group[0].zone, group[0].zone)}" if group[0].zone else ""),
        )
        for colour, group in groups.items()
    ]


def heatmap_chart(
    title: str, columns: Sequence[str], rows: Sequence[HeatRow], words: Words | None = None
) -> list[bytes]:
    """Dimension-by-unit heat map: each cell the share of the dimension's points earned.

    Rows are drawn in the given order (who needs help first, as the score chart: units that
    have not started are a grey row saying so); over FULL_ROWS only the first 2 * EDGE_ROWS
    are drawn. Numbers are black or white, whichever reads on the cell. One PNG, in a list."""
    import matplotlib
    import numpy as np
    from matplotlib.figure import Figure

    words = words or Words()
    chosen = list(rows) if len(rows) <= FULL_ROWS else list(rows[: 2 * EDGE_ROWS])
    n = max(len(chosen), 1)
    row_inches = _row_inches([r.label for r in chosen])
    fig = Figure(figsize=(LABEL_INCHES + 1.4 + 0.9 * len(columns), 1.9 + row_inches * n), dpi=100)
    _margins(fig, left=LABEL_INCHES, right=1.2, top=0.45, bottom=0.95)
    ax = fig.add_subplot()
    data = np.array(
        [[np.nan if v is None or not r.started else v * 100 for v in r.shares] for r in chosen]
        or [[np.nan] * len(columns)],
        dtype=float,
    )
    cmap = matplotlib.colormaps["RdYlGn"].with_extremes(bad="#e0e0e0")
    image = ax.imshow(data, cmap=cmap, vmin=0, vmax=100, aspect="auto")
    for y, row in enumerate(chosen):
        if not row.started:
            ax.text((len(columns) - 1) / 2, y, words.not_started, ha="center", va="center",
                    fontsize=7, style="italic", color="#424242", parse_math=False)  # fmt: skip
        elif len(chosen) <= ANNOTATE_CELLS_UP_TO:
            for x, value in enumerate(row.shares):
                text = "–" if value is None else f"{value * 100:.0f}"
                ink = "#424242" if value is None else _ink(cmap(value))
                ax.text(x, y, text, ha="center", va="center", fontsize=7, color=ink,
                        parse_math=False)  # fmt: skip
    ax.set_xticks(range(len(columns)), [_short(c) for c in columns], fontsize=7, parse_math=False)
    ax.tick_params(axis="x", labelrotation=30)
    ax.set_yticks([])
    labels = ax.get_yaxis_transform()
    for y, row in enumerate(chosen):
        ax.text(-0.01, y, drawn_label(row.label), transform=labels, ha="right", va="center",
                fontsize=7, parse_math=False)  # fmt: skip
    colour_axis = fig.add_axes((1 - 1.0 / fig.get_size_inches()[0], 0.2, 0.02, 0.6))
    fig.colorbar(image, cax=colour_axis, label="%")
    ax.set_title(drawable(title), fontsize=10, parse_math=False)
    return [_png(fig)]


def _short(column: str) -> str:
    """A dimension title without its explanation ("Input (kompetensi …)" -> "Input"), on at
    most two lines."""
    return drawn_label(column.split(" (")[0])
