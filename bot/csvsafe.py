"""CSV that a spreadsheet never runs (pure): OWASP's advice on CSV injection.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return (or their full-width
forms, which some spreadsheets also accept) is a formula to Excel and LibreOffice, even in
a CSV file: `=HYPERLINK("http://x","y")` in a file name becomes a live link. Such a cell gets
a leading `'` (shown by spreadsheets as text, kept visible in a text editor), and every cell
is quoted. Use `writer(out)` for every CSV SiapNilai writes.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise(value: Any) -> Any:
    """`value` made safe for a spreadsheet cell; numbers and None are left as they are."""
    if not isinstance(value, str):
        return value
    if value.lstrip(" ").startswith(TRIGGERS):
        return "'" + value
    return value


class SafeWriter:
    """A `csv.writer` that neutralises every cell and quotes every field."""

    def __init__(self, out: Any) -> None:
        self._writer = csv.writer(out, quoting=csv.QUOTE_ALL)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([neutralise(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(out: Any) -> SafeWriter:
    return SafeWriter(out)
