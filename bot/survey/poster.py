"""The survey's QR code (segno) and its printable A4 poster (fpdf2), as bytes.

The poster's words are passed in (the chat and the CLI take them from the text catalogue):
this module only lays out a page. Fonts: DejaVu Sans, shipped with matplotlib (already a
dependency), so unit names in any script print.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import segno
from fpdf import FPDF

_FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def qr_png(link: str, *, scale: int = 10, border: int = 4) -> bytes:
    """The link as a QR code PNG (error correction M: survives a worn print)."""
    out = io.BytesIO()
    segno.make(link, error="m", micro=False).save(out, kind="png", scale=scale, border=border)
    return out.getvalue()


@dataclass(frozen=True)
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


def poster_pdf(text: PosterText) -> bytes:
    """One A4 portrait page: heading, unit, the QR code (11 cm), why, how, the link."""
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.set_margins(18, 18, 18)
    pdf.add_font("DejaVu", "", str(_FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(_FONTS / "DejaVuSans-Bold.ttf"))
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    pdf.set_y(22)
    pdf.set_font("DejaVu", "B", 26)
    pdf.multi_cell(width, 12, text.heading, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("DejaVu", "B", 22)
    pdf.multi_cell(width, 10, text.unit, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 14)
    pdf.multi_cell(width, 8, text.region, align="C", new_x="LMARGIN", new_y="NEXT")

    size = 110.0
    top = max(pdf.get_y() + 8, 80.0)
    pdf.image(io.BytesIO(qr_png(text.link, scale=12)), x=(pdf.w - size) / 2, y=top, w=size, h=size)

    pdf.set_y(top + size + 8)
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(width, 8, text.why, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 12)
    pdf.multi_cell(width, 6, text.how, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 11)
    pdf.multi_cell(width, 6, text.link, align="C", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
