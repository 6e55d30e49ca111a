"""The survey's QR code (segno), its printable A4 poster and the one-page result sheet
(fpdf2), as bytes.

The poster's words are passed in (the chat and the CLI take them from the text catalogue):
this module only lays out a page. Fonts: DejaVu Sans, shipped with matplotlib (already a
dependency), so unit names in any script print.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib
from fpdf import FPDF

from bot import texts
from bot.frozen import frozen
from bot.qr import qr_png
from bot.survey.service import SHOW_DETAILS_FROM, period_words

if TYPE_CHECKING:
    from bot.store import Unit
    from bot.survey.service import Results

_FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"


@frozen
class PosterText:
    heading: str
    """e.g. "Survei Kepuasan Masyarakat"."""
    unit: str
    region: str
    why: str
    """One line: why to answer, and that it is anonymous."""
    how: str
    """e.g. "Pindai dengan kamera ponsel, atau buka:"."""
    link: str


def poster_text(unit: Unit, link: str, lang: str) -> PosterText:
    """The poster's words for `unit` in `lang`, from the catalogue."""
    return PosterText(
        heading=texts.plain("survey.poster.heading", lang),
        unit=unit.name,
        region=unit.region,
        why=texts.plain("survey.poster.why", lang),
        how=texts.plain("survey.poster.how", lang),
        link=link,
    )


def _a4_page() -> FPDF:
    """A new A4 portrait PDF with one page, 18 mm margins and the DejaVu font (which has
    every Indonesian and English character), set up for one page only."""
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.set_margins(18, 18, 18)
    pdf.add_font("DejaVu", "", str(_FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(_FONTS / "DejaVuSans-Bold.ttf"))
    pdf.add_page()
    return pdf


def _centred(pdf: FPDF, width: float, lines: Sequence[tuple[str, int, float, str, float]]) -> None:
    """Centred paragraphs, each (font style, size, line height, text, space after)."""
    for style, size, height, line, after in lines:
        pdf.set_font("DejaVu", style, size)
        pdf.multi_cell(width, height, line, align="C", new_x="LMARGIN", new_y="NEXT")
        if after:
            pdf.ln(after)


def poster_pdf(text: PosterText) -> bytes:
    """One A4 portrait page: heading, unit, the QR code (11 cm), why, how, the link."""
    pdf = _a4_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    pdf.set_y(22)
    heads = [
        ("B", 26, 12, text.heading, 4),
        ("B", 22, 10, text.unit, 0),
        ("", 14, 8, text.region, 0),
    ]
    _centred(pdf, width, heads)

    size = 110.0
    top = max(pdf.get_y() + 8, 80.0)
    pdf.image(io.BytesIO(qr_png(text.link, scale=12)), x=(pdf.w - size) / 2, y=top, w=size, h=size)

    pdf.set_y(top + size + 8)
    _centred(
        pdf, width, [("B", 16, 8, text.why, 4), ("", 12, 6, text.how, 0), ("", 11, 6, text.link, 0)]
    )
    return bytes(pdf.output())


Say = Callable[..., str]
"""`say(text_key, **values)`: a plain text from the catalogue in the sheet's language."""


def result_sheet_pdf(results: Results, say: Say, lang: str, *, ended: bool = False) -> bytes:
    """One A4 page to publish the results (publishing SKM results is itself an F-02
    indicator): the unit, the period, the IKM and its band, NRR per element, the
    maladministration reported and trust (those from SHOW_DETAILS_FROM responses:
    `Results.shows_reports`); below the minimum sample, a line saying so (an IKM of 6
    respondents is not the regulation's survey). Aggregates only: no suggestion, no
    profile. A period that has `ended` below its minimum says so, not "provisional": a sheet
    printed in January for July-December is final."""
    pdf = _a4_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def para(height: float, text: str, align: str = "L") -> None:
        """A wrapped paragraph across the page; the next one starts below it."""
        pdf.multi_cell(width, height, text, align=align, new_x="LMARGIN", new_y="NEXT")

    def cell_line(w: float, height: float, text: str, align: str = "L") -> None:
        """A one-line cell that ends the line."""
        pdf.cell(w, height, text, align=align, new_x="LMARGIN", new_y="NEXT")

    def number(value: object) -> str:
        return texts.decimal(value, lang)

    pdf.set_font("DejaVu", "B", 20)
    para(10, say("survey.sheet.heading"), "C")
    pdf.set_font("DejaVu", "B", 15)
    para(8, results.unit.name, "C")
    pdf.set_font("DejaVu", "", 11)
    sub = say(
        "survey.sheet.sub",
        region=results.unit.region,
        period=period_words(results.period, lang),
        responses=texts.count("respondent", results.responses, lang),
    )
    para(6, sub, "C")
    if 0 < results.responses < results.needed:  # said on the page, as /survei says it
        pdf.set_font("DejaVu", "B", 11)
        key = "survey.sheet.short" if ended else "survey.sheet.below"
        para(6, say(key, responses=results.responses, needed=results.needed), "C")
    pdf.ln(6)
    ikm = results.ikm
    if ikm is None:
        pdf.set_font("DejaVu", "", 13)
        para(8, say("survey.sheet.none"), "C")
        return bytes(pdf.output())

    pdf.set_font("DejaVu", "B", 44)
    cell_line(width, 20, number(ikm.value), "C")
    pdf.set_font("DejaVu", "B", 16)
    cell_line(width, 9, f"{ikm.category} · {ikm.label(lang)}", "C")
    pdf.set_font("DejaVu", "", 10)
    para(5, say("survey.sheet.formula"), "C")
    pdf.ln(5)

    columns = (width * 0.58, width * 0.14, width * 0.14, width * 0.14)
    pdf.set_font("DejaVu", "B", 11)
    pdf.set_fill_color(230, 230, 230)
    for text, w in zip(say("survey.sheet.columns").split("|"), columns, strict=True):
        pdf.cell(w, 8, text, border=1, align="C", fill=True)
    pdf.ln(8)
    pdf.set_font("DejaVu", "", 10.5)
    for element in ikm.elements:
        cells = (
            f"{element.id} {say(f'survey.e.{element.id}')}",
            number(element.nrr2),
            number(element.converted),
            element.category,
        )
        for i, (text, w) in enumerate(zip(cells, columns, strict=True)):
            pdf.cell(w, 7, text, border=1, align="L" if i == 0 else "C")
        pdf.ln(7)
    pdf.ln(6)

    if not results.shows_reports:  # one citizen's answers must not be read off the sheet
        pdf.set_font("DejaVu", "", 10.5)
        para(6, say("survey.sheet.reports_later", n=SHOW_DETAILS_FROM))
        return _footer(pdf, para, say("survey.sheet.footer"))
    pdf.set_font("DejaVu", "B", 12)
    cell_line(width, 7, say("survey.sheet.mal_head"))
    pdf.set_font("DejaVu", "", 10.5)
    for kind, value in results.maladministration.items():
        share = number(f"{float(value * 100):.0f}") + "%"
        pdf.cell(columns[0], 6, say(f"survey.m.{kind}"))
        cell_line(columns[1], 6, share, "R")
    pdf.ln(4)
    if results.trust_mean is not None and results.trust_share_high is not None:
        pdf.set_font("DejaVu", "B", 12)
        mean = number(results.trust_shown)
        high = number(f"{float(results.trust_share_high * 100):.0f}") + "%"
        para(7, say("survey.sheet.trust", mean=mean, share=high))
    return _footer(pdf, para, say("survey.sheet.footer"))


def _footer(pdf: FPDF, para: Callable[..., None], text: str) -> bytes:
    """The sheet's footer line at the foot of the page, and the page's bytes."""
    pdf.set_y(pdf.h - 24)
    pdf.set_font("DejaVu", "", 8.5)
    para(4.5, text, "C")
    return bytes(pdf.output())
