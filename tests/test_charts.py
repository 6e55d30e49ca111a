"""Charts: valid PNGs, zone colours (and a neutral palette for PEKPPP), pages that scale."""

from __future__ import annotations

import io
from typing import Literal

import matplotlib.image

import rubric
from bot import charts

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def band(code: str, minimum: float, zone: Literal["hijau", "kuning", "merah"]) -> rubric.Band:
    """A category band as a rubric declares it (the label is not drawn)."""
    return rubric.Band(code=code, label=rubric.Text(id=code, en=code), min=minimum, zone=zone)


def size_of(png: bytes) -> tuple[int, int]:
    assert png.startswith(PNG_MAGIC)
    height, width = matplotlib.image.imread(io.BytesIO(png), format="png").shape[:2]
    return width, height


def test_zones_for_ombudsman_and_a_neutral_palette_for_pekppp() -> None:
    ombudsman = charts.band_colours(rubric.load_builtin("ombudsman-2024").categories)
    assert ombudsman["A"][0] == ombudsman["B"][0] == charts.ZONE_COLOURS["hijau"]
    assert ombudsman["C"][0] == charts.ZONE_COLOURS["kuning"]
    assert ombudsman["E"][0] == charts.ZONE_COLOURS["merah"]
    pekppp = charts.band_colours(rubric.load_builtin("pekppp-2024").categories)
    assert len(pekppp) == 9
    assert not set(c for c, _ in pekppp.values()) & set(charts.ZONE_COLOURS.values())
    assert len({c for c, _ in pekppp.values()}) >= 8  # one tone per band (the last two may meet)


def test_index_chart_renders_on_the_zero_to_five_scale() -> None:
    the_rubric = rubric.load_builtin("pekppp-2024")
    bars = [charts.Bar("Unit A", 4.6, "A"), charts.Bar("Unit B", 2.2, "C-")]
    images = charts.score_chart("PEKPPP", bars, the_rubric.categories, the_rubric.scale_max)
    assert len(images) == 1
    width, height = size_of(images[0])
    assert width == 900 and height > 150


def test_height_grows_with_units_then_stays_constant() -> None:
    bands = [band("hijau", 81, "hijau"), band("merah", 0, "merah")]

    def height(units: int) -> int:
        bars = [charts.Bar(f"u{i}", i % 100, "merah") for i in range(units)]
        images = charts.score_chart("t", bars, bands, 100, gap_label="… {count} more …")
        assert len(images) == 1
        return size_of(images[0])[1]

    assert height(100) > height(5) * 3  # grows with the units
    assert height(150) < height(100)  # 61 rows: 30 + the gap + 30
    assert height(1000) == height(150)  # and no more, however big the region


def test_heatmap_with_not_applicable_cells() -> None:
    rows = [
        charts.HeatRow("Unit A", (1.0, None, 0.25)),
        charts.HeatRow("Unit B", (0.0, 0.5, None)),
    ]
    images = charts.heatmap_chart("dims", ["Input", "Proses", "Output"], rows)
    assert len(images) == 1 and size_of(images[0])[1] > 100


def test_empty_chart_still_renders() -> None:
    images = charts.heatmap_chart("none", ["Input"], [])
    assert len(images) == 1 and images[0].startswith(PNG_MAGIC)


def test_names_wrap_at_words_and_numbers_pick_their_ink() -> None:
    name = "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Metro"
    label = charts.drawn_label(name)
    assert "\n" in label and label.count("\n") == 1
    assert all(word in name.split() or word.endswith("…") for word in label.split())
    assert charts.drawn_label("Samsat") == "Samsat"
    assert charts._ink((0.65, 0.0, 0.15)) == "#ffffff"  # dark red: white numbers
    assert charts._ink((1.0, 1.0, 0.75)) == "#000000"  # pale yellow: black numbers


def test_not_started_units_are_grey_first_and_legend_speaks_the_language() -> None:
    bands = rubric.load_builtin("ombudsman-2024").categories
    colours = charts.band_colours(bands)
    words = {"hijau": "green", "kuning": "yellow", "merah": "red"}
    legend = [label for _, label in charts._legend(bands, colours, words)]
    assert legend == ["A/B green", "C yellow", "D/E red"]
    bars = [
        charts.Bar("Done", 90, "A"),
        charts.Bar("Waiting", 0, "E", started=False),
        charts.Bar("Low", 10, "E"),
    ]
    words_en = charts.Words(not_started="not started", zones=tuple(words.items()))
    images = charts.score_chart("t", bars, bands, 100, words=words_en)
    assert images[0].startswith(PNG_MAGIC)
    rows = [charts.HeatRow("Waiting", (None, None), started=False), charts.HeatRow("A", (0.1, 1))]
    assert charts.heatmap_chart("h", ["D1", "D2"], rows, words_en)[0].startswith(PNG_MAGIC)


def test_the_legend_stands_below_the_plot_and_hides_no_bar() -> None:
    """The best units are drawn last, at the bottom: a legend inside the plot (it was at the
    lower right) covered their bars and scores, worst for PEKPPP's nine bands (two rows)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    for rubric_id, top in (("pekppp-2025", 5.0), ("ombudsman-2025", 100.0)):
        the_rubric = rubric.load_builtin(rubric_id)
        best = the_rubric.categories[0].code
        bars = [
            charts.Bar("Belum", 0, best, started=False),
            charts.Bar("Rendah", top / 5, the_rubric.categories[-1].code),
            charts.Bar("Terbaik A", top, best),
            charts.Bar("Terbaik B", top, best),
        ]
        fig = charts.score_figure("t", bars, the_rubric.categories, the_rubric.scale_max)
        renderer = FigureCanvasAgg(fig).get_renderer()
        legends = fig.legends or [fig.axes[0].get_legend()]
        legend = legends[0].get_window_extent(renderer)
        plot = fig.axes[0].get_window_extent(renderer)
        figure = fig.bbox
        assert not legend.overlaps(plot), (rubric_id, legend, plot)
        assert figure.x0 <= legend.x0 and legend.x1 <= figure.x1  # not cut off
        assert figure.y0 <= legend.y0 and legend.y1 <= figure.y1
        drawn = fig.axes[0].get_tightbbox(renderer)  # the plot, its numbers and axis label
        assert drawn is not None and legend.y1 <= drawn.y0


def luminance(colour: str) -> float:
    """WCAG relative luminance of "#rrggbb"."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_pekppp_band_f_is_visible_and_still_the_lightest() -> None:
    """PEKPPP's band F was drawn #eceff1 on its band's #fafafa (1.1:1): a unit in F had no
    bar one could see, only its number. Every neutral bar now stands out from its band's
    background, and F stays the lightest of them: darker is better, so it reads lowest."""
    for rubric_id in ("pekppp-2024", "pekppp-2025"):
        bands = rubric.load_builtin(rubric_id).categories
        assert bands[-1].code == "F"
        colours = charts.band_colours(bands)
        for code, (bar, shade) in colours.items():
            assert contrast(bar, shade) >= charts.NEUTRAL_CONTRAST, (rubric_id, code, bar)
        lightness = [luminance(colours[b.code][0]) for b in bands]
        assert lightness[-1] == max(lightness)  # F, the lowest, is the lightest bar
        greys = lightness[bands.index(next(b for b in bands if b.code == "C")) :]
        assert greys == sorted(greys) and len(set(greys)) == len(greys)  # C … F lighten
