"""Charts: valid PNGs, zone colours (and a neutral palette for PEKPPP), pages that scale."""

from __future__ import annotations

import io

import matplotlib.image

import rubric
from bot import charts
from bot.reports import band_specs

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def size_of(png: bytes) -> tuple[int, int]:
    assert png.startswith(PNG_MAGIC)
    height, width = matplotlib.image.imread(io.BytesIO(png), format="png").shape[:2]
    return width, height


def test_zones_for_ombudsman_and_a_neutral_palette_for_pekppp() -> None:
    ombudsman = charts.band_colours(band_specs(rubric.load_builtin("ombudsman-2024")))
    assert ombudsman["A"][0] == ombudsman["B"][0] == charts.ZONE_COLOURS["hijau"]
    assert ombudsman["C"][0] == charts.ZONE_COLOURS["kuning"]
    assert ombudsman["E"][0] == charts.ZONE_COLOURS["merah"]
    pekppp = charts.band_colours(band_specs(rubric.load_builtin("pekppp-2024")))
    assert len(pekppp) == 9
    assert not set(c for c, _ in pekppp.values()) & set(charts.ZONE_COLOURS.values())
    assert len({c for c, _ in pekppp.values()}) >= 8  # one tone per band (the last two may meet)


def test_index_chart_renders_on_the_zero_to_five_scale() -> None:
    the_rubric = rubric.load_builtin("pekppp-2024")
    bars = [charts.Bar("Unit A", 4.6, "A"), charts.Bar("Unit B", 2.2, "C-")]
    images = charts.score_chart("PEKPPP", bars, band_specs(the_rubric), the_rubric.scale_max)
    assert len(images) == 1
    width, height = size_of(images[0])
    assert width == 900 and height > 150


def test_height_grows_with_units_then_stays_constant() -> None:
    bands = [charts.BandSpec("hijau", 81, "hijau"), charts.BandSpec("merah", 0, "merah")]

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
