"""CLI verb `report`: `siapnilai report REGION -o FILE.xlsx` writes the /unduh workbook.

REGION is an id or a name; an unknown one, or a database file that does not exist, is a
one-line error (exit 2). `--json` prints {"path": ..., "units": N, "bytes": N}. The History
sheet follows /unduh (left out above `reports.HISTORY_LIMIT` answers) unless `--history` or
`--no-history` says otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import Any

from bot import reports
from bot.cli_common import (
    DATABASE_HELP,
    CliError,
    check_output,
    cli_clock,
    database_arg,
    load_settings,
    plural,
    print_json,
    with_store,
    write_output,
)
from bot.store import Store


def register(verbs: Any) -> None:
    report = verbs.add_parser("report", help="write a region's XLSX workbook")
    report.add_argument("region", metavar="REGION", help="id or name")
    report.add_argument(
        "-o", "--output", required=True, type=Path, metavar="FILE.xlsx", help="where to write"
    )
    report.add_argument("--lang", choices=("id", "en"), default="id", help="workbook language")
    history = report.add_mutually_exclusive_group()
    history.add_argument(
        "--history",
        dest="history",
        action="store_const",
        const=True,
        help="always include the History sheet (by default a region's over "
        f"{reports.HISTORY_LIMIT} answers is left out)",
    )
    history.add_argument(
        "--no-history",
        dest="history",
        action="store_const",
        const=False,
        help="leave out the History sheet",
    )
    report.add_argument(
        "--pages",
        type=Path,
        metavar="FILE.pdf",
        help="also write one printable page per unit (score, verified, the five biggest gaps)",
    )
    report.add_argument("--json", action="store_true", help="print JSON")
    report.add_argument("--database", type=database_arg, help=DATABASE_HELP)
    report.set_defaults(handler=write_report)


def write_report(args: argparse.Namespace) -> int:
    settings = load_settings()
    output: Path = args.output
    check_output(output, ".xlsx")

    pages_path: Path | None = args.pages
    if pages_path is not None:
        check_output(pages_path, ".pdf")

    async def work(store: Store) -> tuple[bytes, int, bytes | None]:
        region = await store.resolve_region(args.region)
        now = cli_clock(args)()
        summary, data = await reports.workbook_for(
            store, region.id, now, lang=args.lang, history=args.history
        )
        if summary.cycle is None:  # a workbook would only list sheets it does not hold
            raise CliError(f"no cycle for {region.name} yet: open one with `siapnilai cycle open`")
        book = await asyncio.to_thread(reports.build_workbook, data)
        pages = None
        if pages_path is not None:
            pages = await asyncio.to_thread(reports.unit_pages_pdf, summary, args.lang)
        return book, len(summary.units), pages

    book, units, pages = with_store(args, settings, work)
    write_output(output, book)
    if pages_path is not None and pages is not None:
        write_output(pages_path, pages)
    if args.json:
        found: dict[str, object] = {"path": str(output), "units": units, "bytes": len(book)}
        if pages_path is not None:
            found["pages"] = str(pages_path)
        print_json(found)
    else:
        print(f"wrote {output}: {plural(units, 'unit')}, {len(book)} bytes")
        if pages_path is not None:
            print(f"wrote {pages_path}: one page per unit")
    return 0
