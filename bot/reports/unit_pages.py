"""One page per unit (PDF) that the head of a Dinas can read on paper: the score and its
category, what was verified, completion, the five biggest gaps and the points per dimension.
Drawn with matplotlib (PDF backend; blocking: run in a thread). Texts are the catalogue's,
user text is drawn as plain text (never math)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from bot.charts import drawable
from bot.reports.labels import category_label, dimension_title, gap_points, item_label
from bot.reports.summary import RegionSummary, UnitSummary
from bot.texts import plain, points
from bot.texts import score as score_text

if TYPE_CHECKING:
    from matplotlib.figure import Figure

GAPS_ON_PAGE = 5
A4 = (8.27, 11.69)


def unit_page_lines(summary: RegionSummary, unit: UnitSummary, lang: str) -> list[tuple[str, str]]:
    """(style, text) lines of a unit's page: "title", "head", "text", "gap", "small"."""
    the_rubric = summary.rubric
    lines: list[tuple[str, str]] = [
        ("title", unit.unit.name),
        (
            "small",
            plain(
                "pdf.subtitle",
                lang,
                region=summary.region.name,
                date=summary.today,
                rubric=the_rubric.title.get(lang) if the_rubric else "–",
            ),
        ),
    ]
    score = unit.score
    if score is None or the_rubric is None or not unit.started:
        lines.append(("head", plain("pdf.not_started", lang)))
        return lines
    shown = score_text(score.total, score.index, lang)
    category = category_label(score, lang)
    lines.append(("head", plain("pdf.score", lang, score=shown, category=category)))
    verified = unit.verified
    if verified is not None:
        checked = score_text(verified.total, verified.index, lang)
        lines.append(("text", plain("pdf.verified", lang, score=checked)))
    lines.append(("text", plain("pdf.completion", lang, answered=score.answered,
                                askable=score.askable,
                                percent=score.percent)))  # fmt: skip
    lines.append(("head", plain("pdf.gaps", lang, n=min(GAPS_ON_PAGE, len(unit.gaps)))))
    for n, gap in enumerate(unit.gaps[:GAPS_ON_PAGE], start=1):
        question = item_label(the_rubric, gap.item_id, lang, 240)
        product = f" [{gap.product}]" if gap.product else ""
        lines.append(("gap", f"{n}. {question}{product} ({gap_points(gap, lang)})"))
    lines.append(("head", plain("pdf.dimensions", lang)))
    for dim in score.dimensions:
        if dim.weight == 0:
            continue  # information only (F-02's Informasi Tambahan): never scored, as in /skor
        title = dimension_title(the_rubric, dim.id, lang)
        value = f"{points(dim.points)} / {dim.weight:.2f}" if dim.applicable else "–"
        lines.append(("text", f"{title}: {value}"))
    return lines


SIZES = {"title": 16, "head": 12, "text": 10, "gap": 10, "small": 8}
LEFT = 0.08
"""Left margin as a share of the page width; the right margin is the same."""


def wrap_to_width(text: str, size: float, bold: bool, width_points: float) -> list[str]:
    """`text` in lines that each measure at most `width_points` in the page's font at `size`
    (DejaVu Sans, as drawn): a character count cannot tell "MMM" from "iii", and at 16 pt a
    long unit name ran off the page. A word longer than a line is cut at characters."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    measure = TextToPath()
    prop = FontProperties(size=size, weight="bold" if bold else "normal")

    def fits(line: str) -> bool:
        width, _, _ = measure.get_text_width_height_descent(line, prop, ismath=False)
        return bool(width <= width_points)

    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if fits(candidate):
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        while not fits(word):  # a single word wider than the page
            cut = len(word) - 1
            while cut > 1 and not fits(word[:cut]):
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines or [""]


def unit_page_figure(summary: RegionSummary, unit: UnitSummary, lang: str) -> Figure:
    """One unit's A4 page, every line wrapped to the page's width (drawn plain, never math)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=A4)
    width_points = A4[0] * (1 - 2 * LEFT) * 72
    y = 0.94
    for style, text in unit_page_lines(summary, unit, lang):
        bold = style in ("title", "head")
        if style == "head":
            y -= 0.02
        for line in wrap_to_width(drawable(text), SIZES[style], bold, width_points):
            fig.text(LEFT, y, line, fontsize=SIZES[style], parse_math=False,
                     weight="bold" if bold else "normal",
                     color="#616161" if style == "small" else "#000000")  # fmt: skip
            y -= 0.022 if style != "title" else 0.03
        y -= 0.006
    footer = "\n".join(wrap_to_width(plain("pdf.footer", lang), 7, False, width_points))
    fig.text(LEFT, 0.03, footer, fontsize=7, color="#757575", parse_math=False)
    return fig


def unit_pages_pdf(summary: RegionSummary, lang: str = "id") -> bytes:
    """Every unit of the summary, one A4 page each, in one PDF."""
    from matplotlib.backends.backend_pdf import FigureCanvasPdf, PdfPages

    buffer = io.BytesIO()
    units = summary.units
    title = units[0].unit.name if len(units) == 1 else summary.region.name
    metadata = {"Title": f"SiapNilai · {title} · {summary.today}", "Creator": "SiapNilai"}
    with PdfPages(buffer, metadata=metadata) as pdf:
        for unit in summary.units:
            fig = unit_page_figure(summary, unit, lang)
            FigureCanvasPdf(fig)
            pdf.savefig(fig)
    return buffer.getvalue()
