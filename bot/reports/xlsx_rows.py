"""Big sheets written as XML rows spliced into the workbook XlsxWriter made (much faster
than a cell at a time)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence

from bot.frozen import frozen

Cell = str | int | float | None
"""A cell value; a moment is written as its Excel serial number (`ExcelClock`)."""


@frozen
class BulkSheet:
    number: int
    """1-based, as in xl/worksheets/sheet<number>.xml"""
    rows: Sequence[Sequence[Cell]]
    width: int
    when_column: int | None
    two_decimals: Sequence[int] = ()
    """Columns of scores: the summary sheet's two-decimal style (30.00, not 30)."""


_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_x(?=[0-9A-Fa-f]{4}_)")


def _inline_text(text: str) -> str:
    """A string cell's <is> content, escaped as XlsxWriter escapes it: &, <, > as entities,
    control characters as _xHHHH_ (and a literal "_x0000_" kept literal)."""
    escaped = _XML_ILLEGAL.sub(
        lambda m: "_x005F_x" if m.group() == "_x" else f"_x{ord(m.group()):04X}_", text
    ).translate(_XML_ESCAPES)
    if escaped != escaped.strip():
        return f'<t xml:space="preserve">{escaped}</t>'
    return f"<t>{escaped}</t>"


def column_letters(count: int) -> list[str]:
    letters = []
    for c in range(count):
        name, n = "", c + 1
        while n:
            n, rest = divmod(n - 1, 26)
            name = chr(65 + rest) + name
        letters.append(name)
    return letters


def rows_xml(sheet: BulkSheet, when_style: int, score_style: int | None = None) -> str:
    """The data rows (from row 2) as SpreadsheetML. Strings are inline strings
    (t="inlineStr", as XlsxWriter's constant_memory mode writes them): always text, so a
    note such as "=HYPERLINK(...)" is never a formula. Numbers in `sheet.two_decimals`
    columns take `score_style`."""
    letters = column_letters(sheet.width)
    styled = {c: f' s="{score_style}"' for c in sheet.two_decimals if score_style is not None}
    texts: dict[str, str] = {}
    parts: list[str] = []
    for r, row in enumerate(sheet.rows, start=2):
        cells = [f'<row r="{r}">']
        for c, value in enumerate(row):
            if value is None:
                continue
            if value.__class__ is str:
                inline = texts.get(value)
                if inline is None:
                    inline = texts[value] = _inline_text(value)
                cells.append(f'<c r="{letters[c]}{r}" t="inlineStr"><is>{inline}</is></c>')
            elif c == sheet.when_column:
                cells.append(f'<c r="{letters[c]}{r}" s="{when_style}"><v>{value:.16g}</v></c>')
            else:
                style = styled.get(c, "")
                cells.append(f'<c r="{letters[c]}{r}"{style}><v>{value:.16g}</v></c>')
        cells.append("</row>")
        parts.append("".join(cells))
    return "".join(parts)


def splice_rows(
    book: bytes,
    sheets: Sequence[BulkSheet],
    when_style: int | None,
    score_style: int | None = None,
) -> bytes:
    """Put the long sheets' data rows into the closed workbook.

    XlsxWriter's cost is per cell (about 10 µs: a Python call to store it, another to write
    its XML), which made a 500-unit region's workbook take seconds. Its sheets keep what it
    does well (header, widths, frozen panes, filter, conditional colours, styles); the rows
    below the header are written here as plain SpreadsheetML, about ten times faster."""
    if not sheets:
        return book
    if when_style is None:
        raise RuntimeError("the date format has no style index: XlsxWriter did not use it")
    if score_style is None and any(s.two_decimals for s in sheets):
        raise RuntimeError("the score format has no style index: XlsxWriter did not use it")
    wanted = {f"xl/worksheets/sheet{s.number}.xml": s for s in sheets}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(book)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            sheet = wanted.get(info.filename)
            if sheet is not None:
                xml = data.decode("utf-8")
                last = f"{column_letters(sheet.width)[-1]}{len(sheet.rows) + 1}"
                xml, found = re.subn(
                    r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{last}"/>', xml, count=1
                )
                head, end, tail = xml.partition("</sheetData>")
                if not found or not end:
                    raise RuntimeError(f"{info.filename}: not the sheet XlsxWriter writes")
                rows = rows_xml(sheet, when_style, score_style)
                data = (head + rows + end + tail).encode("utf-8")
            # Level 1: a quarter of the default level's time, a fifth bigger.
            target.writestr(info, data, compresslevel=1)
    return out.getvalue()
