"""CLI verbs for admins: `units import|list`, `invite officer|coordinator`, `cycle open`, `backup`.

Every verb opens the store (which applies pending migrations), does one thing, closes it.
Every change is written to the audit log as `cli:<os user>`.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import getpass
import sqlite3
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import ValidationError

from bot.cli_common import CliError, print_json
from bot.settings import Settings
from bot.store import Store, StoreError, UnitRow

T = TypeVar("T")
COLUMNS = ("region", "unit", "timezone", "products")
OFFICER_USES = 20
COORDINATOR_USES = 1
INVITE_DAYS = 14


def register(verbs: Any) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="print JSON")
    common.add_argument("--database", type=Path, help="SQLite file (default: SIAPNILAI_DATABASE)")

    units = verbs.add_parser("units", help="service units: import a CSV, list")
    units_verbs = units.add_subparsers(dest="units_verb", required=True, parser_class=type(units))
    imp = units_verbs.add_parser(
        "import",
        parents=[common],
        help="import region,unit[,timezone][,products] rows (all or nothing)",
    )
    imp.add_argument("file", type=Path, metavar="FILE.csv")
    imp.set_defaults(handler=units_import)
    lst = units_verbs.add_parser("list", parents=[common], help="list units with their products")
    lst.set_defaults(handler=units_list)

    invite = verbs.add_parser("invite", help="print an invite code and deep link")
    roles = invite.add_subparsers(dest="role", required=True, parser_class=type(invite))
    officer = roles.add_parser("officer", parents=[common], help="an invite for a unit's officers")
    officer.add_argument("--unit", required=True, help="id, unique name, or REGION/UNIT")
    officer.add_argument("--uses", type=int, default=OFFICER_USES)
    coordinator = roles.add_parser(
        "coordinator", parents=[common], help="an invite for a region's coordinator"
    )
    coordinator.add_argument("--region", required=True, help="id or name")
    coordinator.add_argument("--uses", type=int, default=COORDINATOR_USES)
    for parser in (officer, coordinator):
        parser.add_argument("--days", type=int, default=INVITE_DAYS, help="valid for D days")
        parser.set_defaults(handler=invite_create)

    cycle = verbs.add_parser("cycle", help="assessment cycles")
    cycle_verbs = cycle.add_subparsers(dest="cycle_verb", required=True, parser_class=type(cycle))
    opening = cycle_verbs.add_parser("open", parents=[common], help="open a cycle of a rubric")
    opening.add_argument("rubric", metavar="RUBRIC")
    opening.add_argument("--opens", required=True, type=_date, metavar="YYYY-MM-DD")
    opening.add_argument("--closes", required=True, type=_date, metavar="YYYY-MM-DD")
    opening.add_argument("--region", help="only this region (default: every region)")
    opening.set_defaults(handler=cycle_open)

    backup = verbs.add_parser(
        "backup", parents=[common], help="a consistent copy of the live database"
    )
    backup.add_argument("file", type=Path, metavar="FILE")
    backup.set_defaults(handler=backup_copy)


# -- verbs -------------------------------------------------------------------------------------


def units_import(args: argparse.Namespace) -> int:
    settings = _settings()
    rows = read_units_csv(args.file)

    async def work(store: Store) -> Any:
        return await store.import_units(rows, default_timezone=settings.timezone, who=_who())

    result = _with_store(args, settings, work)
    summary = {
        "regions_added": result.regions_added,
        "units_added": result.units_added,
        "products_added": result.products_added,
        "timezones_updated": result.timezones_updated,
    }
    if args.json:
        print_json(summary)
    else:
        print(
            f"{len(rows)} rows: added {result.regions_added} regions, {result.units_added} units, "
            f"{result.products_added} products; updated {result.timezones_updated} time zones."
        )
    return 0


def units_list(args: argparse.Namespace) -> int:
    units = _with_store(args, _settings(), lambda store: store.list_units())
    if args.json:
        print_json(
            [
                {
                    "id": u.id,
                    "region": u.region,
                    "unit": u.unit,
                    "timezone": u.timezone,
                    "products": list(u.products),
                }
                for u in units
            ]
        )
    elif not units:
        print("No units yet: siapnilai units import FILE.csv")
    else:
        for u in units:
            products = "; ".join(u.products) or "(no products)"
            print(f"{u.id:>4}  {u.region}/{u.unit}  [{u.timezone}]  {products}")
    return 0


def invite_create(args: argparse.Namespace) -> int:
    if args.uses < 1:
        raise CliError("--uses must be at least 1")
    if args.days < 1:
        raise CliError("--days must be at least 1")

    async def work(store: Store) -> tuple[Any, str, str | None]:
        if args.role == "officer":
            unit = await store.resolve_unit(args.unit)
            target = f"{unit.region}/{unit.name}"
            invite = await store.create_invite(
                "officer", unit_id=unit.id, uses=args.uses, days=args.days, who=_who()
            )
        else:
            region = await store.resolve_region(args.region)
            target = region.name
            invite = await store.create_invite(
                "coordinator", region_id=region.id, uses=args.uses, days=args.days, who=_who()
            )
        return invite, target, await store.get_meta("bot_username")

    invite, target, username = _with_store(args, _settings(), work)
    link = f"https://t.me/{username}?start={invite.code}" if username else f"/start {invite.code}"
    expires = invite.expires_at.isoformat(timespec="seconds")
    if args.json:
        print_json({"code": invite.code, "link": link, "role": invite.role, "expires_at": expires})
    else:
        print(f"Invite for {invite.role} of {target}: {invite.uses} uses, expires {expires}")
        print(f"code: {invite.code}")
        print(f"link: {link}")
        if not username:
            print("(the t.me link is printed once the bot has run and learned its username)")
    return 0


def cycle_open(args: argparse.Namespace) -> int:
    known = _rubric_ids()
    if args.rubric not in known:
        raise CliError(f"unknown rubric {args.rubric!r}; known: {', '.join(known) or 'none'}")
    if args.closes <= args.opens:
        raise CliError(f"--closes {args.closes} must be after --opens {args.opens}")

    async def work(store: Store) -> tuple[Any, str | None]:
        region = await store.resolve_region(args.region) if args.region else None
        cycle = await store.open_cycle(
            args.rubric,
            args.opens,
            args.closes,
            None if region is None else region.id,
            who=_who(),
        )
        return cycle, None if region is None else region.name

    cycle, region_name = _with_store(args, _settings(), work)
    if args.json:
        print_json(
            {
                "id": cycle.id,
                "rubric_id": cycle.rubric_id,
                "year": cycle.year,
                "opens": cycle.opens.isoformat(),
                "closes": cycle.closes.isoformat(),
                "region_id": cycle.region_id,
                "region": region_name,
            }
        )
    else:
        where = region_name or "every region"
        print(
            f"Opened cycle {cycle.id}: {cycle.rubric_id} {cycle.opens} to {cycle.closes} "
            f"for {where}."
        )
    return 0


def backup_copy(args: argparse.Namespace) -> int:
    dest: Path = args.file

    async def work(store: Store) -> int:
        return await store.backup(dest, who=_who())

    size = _with_store(args, _settings(), work)
    if args.json:
        print_json({"path": str(dest), "bytes": size})
    else:
        print(f"Backed up to {dest} ({size} bytes).")
    return 0


# -- CSV -----------------------------------------------------------------------------------------


def read_units_csv(path: Path) -> list[UnitRow]:
    """Rows of `region,unit[,timezone][,products]`; a header row names the columns.

    Any problem raises CliError naming the row (the file's line number) and the problem.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CliError(f"no such file: {path}") from None
    except UnicodeDecodeError:
        raise CliError(f"{path} is not UTF-8 text") from None
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror}") from None
    reader = csv.reader(text.splitlines())
    columns: tuple[str, ...] = COLUMNS
    rows: list[UnitRow] = []
    first = True
    try:
        for cells in reader:
            line = reader.line_num
            cells = [c.strip() for c in cells]
            if not any(cells):
                continue
            if first:
                first = False
                if cells[0].lower() == "region":
                    columns = _header(cells)
                    continue
            rows.append(_unit_row(cells, columns, line))
    except csv.Error as exc:
        raise CliError(f"row {reader.line_num}: {exc}") from None
    if not rows:
        raise CliError(f"{path} has no unit rows")
    return rows


def _header(cells: list[str]) -> tuple[str, ...]:
    names = tuple(c.lower() for c in cells)
    unknown = [n for n in names if n not in COLUMNS]
    if unknown:
        raise CliError(f"row 1: unknown column {unknown[0]!r} (columns: {', '.join(COLUMNS)})")
    if len(set(names)) != len(names):
        raise CliError("row 1: a column is named twice")
    if "unit" not in names:
        raise CliError("row 1: the header needs region and unit columns")
    return names


def _unit_row(cells: list[str], columns: tuple[str, ...], line: int) -> UnitRow:
    if len(cells) > len(columns):
        raise CliError(f"row {line}: {len(cells)} cells, expected at most {len(columns)}")
    values = dict(zip(columns, cells, strict=False))
    region, unit = values.get("region", ""), values.get("unit", "")
    if not region:
        raise CliError(f"row {line}: the region is empty")
    if not unit:
        raise CliError(f"row {line}: the unit is empty")
    timezone = values.get("timezone") or None
    if timezone is not None:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise CliError(f"row {line}: unknown time zone {timezone!r}") from None
    products = tuple(p.strip() for p in values.get("products", "").split(";") if p.strip())
    for product in products:
        if "@" in product:
            raise CliError(f"row {line}: product {product!r} contains '@'")
    return UnitRow(region=region, unit=unit, timezone=timezone, products=products, line=line)


# -- plumbing ------------------------------------------------------------------------------------


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None


def _settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "settings"
        raise CliError(f"bad setting {where}: {first['msg']}") from None


def _who() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _rubric_ids() -> list[str]:
    import rubric

    return sorted(rubric.builtin_ids())


def _with_store(
    args: argparse.Namespace, settings: Settings, work: Callable[[Store], Awaitable[T]]
) -> T:
    """Open the store (applying migrations), run `work`, close; store errors become CliError."""
    path: Path = args.database or settings.database

    async def main() -> T:
        store = await Store.open(path)
        try:
            return await work(store)
        finally:
            await store.close()

    try:
        return asyncio.run(main())
    except StoreError as exc:
        raise CliError(str(exc)) from None
    except sqlite3.Error as exc:
        raise CliError(f"database {path}: {exc}") from None
    except OSError as exc:
        raise CliError(f"{exc.filename or path}: {exc.strerror}") from None
