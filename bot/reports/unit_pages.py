"""One page per unit (PDF) that the head of a Dinas can read on paper: the score and its
category, what was verified, completion, the five biggest gaps and the points per dimension.
Drawn with matplotlib (PDF backend; blocking: run in a thread). Texts are the catalogue's,
user text is drawn as plain text (never math)."""

from __future__ import annotations

import io
import textwrap

from bot.reports.labels import category_label, dimension_title, item_label
from bot.reports.summary import RegionSummary, UnitSummary
from bot.texts import plain, points
from bot.texts import score as score_text

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
        lines.append(("gap", f"{n}. {question}{product} (+{points(gap.points)})"))
    lines.append(("head", plain("pdf.dimensions", lang)))
    for dim in score.dimensions:
        if dim.weight == 0:
            continue  # information only (F-02's Informasi Tambahan): never scored, as in /skor
        title = dimension_title(the_rubric, dim.id, lang)
        value = f"{points(dim.points)} / {dim.weight:.2f}" if dim.applicable else "–"
        lines.append(("text", f"{title}: {value}"))
    return lines


def unit_pages_pdf(summary: RegionSummary, lang: str = "id") -> bytes:
    """Every unit of the summary, one A4 page each, in one PDF."""
    from matplotlib.backends.backend_pdf import FigureCanvasPdf, PdfPages
    from matplotlib.figure import Figure

    sizes = {"title": 16, "head": 12, "text": 10, "gap": 10, "small": 8}
    buffer = io.BytesIO()
    units = summary.units
    title = units[0].unit.name if len(units) == 1 else summary.region.name
    metadata = {"Title": f"SiapNilai · {title} · {summary.today}", "Creator": "SiapNilai"}
    with PdfPages(buffer, metadata=metadata) as pdf:
        for unit in summary.units:
            fig = Figure(figsize=A4)
            FigureCanvasPdf(fig)
            y = 0.94
            for style, text in unit_page_lines(summary, unit, lang):
                width = 70 if style == "title" else 95
                wrapped = textwrap.wrap(text, width) or [""]
                if style == "head":
                    y -= 0.02
                for line in wrapped:
                    fig.text(0.08, y, line, fontsize=sizes[style], parse_math=False,
                             weight="bold" if style in ("title", "head") else "normal",
                             color="#616161" if style == "small" else "#000000")  # fmt: skip
                    y -= 0.022 if style != "title" else 0.03
                y -= 0.006
            footer = "\n".join(textwrap.wrap(plain("pdf.footer", lang), 120))
            fig.text(0.08, 0.03, footer, fontsize=7, color="#757575", parse_math=False)
            pdf.savefig(fig)
    return buffer.getvalue()
