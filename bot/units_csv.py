"""The units CSV of `siapnilai units import`: header `region,unit[,timezone][,products]`
(columns in any order, names in any case, products separated by ';'). Every problem is a
CliError naming the row (the file's line number) and what is wrong."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from bot.cli_common import CliError, read_bytes
from bot.settings import indonesian_zone
from bot.store import UnitRow

COLUMNS = ("region", "unit", "timezone", "products", "online")
HEADER = "region,unit[,timezone][,products][,online]"
YES = frozenset({"1", "true", "yes", "ya", "y"})
NO = frozenset({"0", "false", "no", "tidak", "t", "n"})
EXPECTED = f"comma-separated columns {HEADER} (products separated by ';')"


def read_units_csv(path: Path) -> list[UnitRow]:
    """Rows of a CSV whose first line is the header `region,unit[,timezone][,products]`
    (columns in any order, names in any case).

    Any problem raises CliError naming the row (the file's line number) and the problem.
    """
    data = read_bytes(path)  # once: a pipe (`/dev/stdin`) gives its bytes once
    _refuse_spreadsheet(path, data)
    text = data.decode("utf-8-sig")
    # strict: a quote that never closes is an error, not a cell that swallows the file.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    columns: tuple[str, ...] | None = None
    rows: list[UnitRow] = []
    line = 0  # the last line of the record read so far
    try:
        for cells in reader:
            start, line = line + 1, reader.line_num
            if any("\n" in c or "\r" in c for c in cells):
                raise CliError(
                    f"row {start}: {_quote_problem(f'a quote spans lines {start}-{line}')}"
                )
            cells = [c.strip() for c in cells]
            if not any(cells):
                continue
            if columns is None:
                columns = _header(cells, start)
            else:
                rows.append(_unit_row(cells, columns, start))
    except csv.Error as exc:
        raise CliError(f"row {line + 1}: {_quote_problem(str(exc))}") from None
    if not rows:
        raise CliError(f"{path} has no unit rows")
    return rows


SAVE_AS = "save it from the spreadsheet as 'CSV UTF-8 (comma delimited)' and import that"
SPREADSHEETS = (
    (b"PK\x03\x04", "a spreadsheet workbook (XLSX or ODS), not CSV"),
    (b"\xd0\xcf\x11\xe0", "an old Excel workbook (XLS), not CSV"),
    (b"\xff\xfe", "UTF-16 text (Excel's 'Unicode Text'), not UTF-8 CSV"),
    (b"\xfe\xff", "UTF-16 text, not UTF-8 CSV"),
)


def _refuse_spreadsheet(path: Path, data: bytes) -> None:
    """What admins most often give instead of a UTF-8 CSV, named with the way out: a workbook
    itself, UTF-16 text, or Excel's plain 'CSV' (Windows-1252: "Dinas Kesehatan — Ö" is not
    UTF-8). All three used to be "not UTF-8 text"."""
    for magic, what in SPREADSHEETS:
        if data.startswith(magic):
            raise CliError(f"{path} is {what}: {SAVE_AS}")
    if b"\x00" in data[:4096]:  # an image, a PDF, a program: not text at all
        raise CliError(f"{path} is not a text file: expected a CSV with the header {HEADER}")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CliError(
            f"{path}: row {line} is not UTF-8 text (Excel's plain 'CSV' is Windows-1252): {SAVE_AS}"
        ) from None


def _quote_problem(detail: str) -> str:
    return (
        f"unbalanced quotes ({detail}); expected {EXPECTED}, a cell holding a comma in "
        'double quotes, a quote inside it doubled ("")'
    )


def _header(cells: list[str], line: int) -> tuple[str, ...]:
    while cells and not cells[-1]:
        cells = cells[:-1]  # spreadsheets write trailing empty columns
    names = tuple(c.lower() for c in cells)
    if "region" not in names and "unit" not in names:
        if any(";" in c for c in cells):
            raise CliError(f"row {line}: the columns are separated by ';'; expected {EXPECTED}")
        got = ",".join(cells)
        got = got if len(got) <= 60 else got[:59] + "…"
        raise CliError(
            f"row {line}: the first line must be the header {HEADER}, not {got!r}; "
            f"expected {EXPECTED}"
        )
    for number, name in enumerate(names, 1):
        if not name:
            raise CliError(f"row {line}: column {number} has no name; expected {EXPECTED}")
        if name not in COLUMNS:
            hint = "; columns are separated by ','" if ";" in name else ""
            raise CliError(
                f"row {line}: unknown column {name!r} (columns: {', '.join(COLUMNS)}){hint}"
            )
        if names.count(name) > 1:
            raise CliError(f"row {line}: the column {name!r} appears twice")
    for needed in ("region", "unit"):
        if needed not in names:
            raise CliError(f"row {line}: the header has no {needed} column; expected {EXPECTED}")
    return names


def _unit_row(cells: list[str], columns: tuple[str, ...], line: int) -> UnitRow:
    filled = [c for c in cells if c]
    if len(columns) > 1 and len(filled) == 1 and ";" in filled[0]:
        raise CliError(f"row {line}: the columns are separated by ';'; expected {EXPECTED}")
    if any(cells[len(columns) :]):
        raise CliError(
            f"row {line}: {len(cells)} cells, expected at most {len(columns)} "
            f"({','.join(columns)}); products are separated by ';', and a cell holding a "
            "comma goes in double quotes"
        )
    values = dict(zip(columns, cells, strict=False))
    region, unit = values.get("region", ""), values.get("unit", "")
    if not region:
        raise CliError(f"row {line}: the region is empty")
    if not unit:
        raise CliError(f"row {line}: the unit is empty")
    timezone = values.get("timezone") or None
    if timezone is not None:
        try:
            timezone = indonesian_zone(timezone)
        except ValueError as exc:
            raise CliError(f"row {line}: {exc}") from None
    products = tuple(p.strip() for p in values.get("products", "").split(";") if p.strip())
    for product in products:
        if "@" in product:
            raise CliError(f"row {line}: product {product!r} contains '@'")
    flag = values.get("online", "").lower()
    if flag and flag not in YES | NO:
        raise CliError(f"row {line}: online must be yes or no (or empty), not {flag!r}")
    online = (flag in YES) if flag else None
    return UnitRow(
        region=region, unit=unit, timezone=timezone, products=products, line=line, online=online
    )
