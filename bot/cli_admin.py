"""CLI verbs for admins: `units import|list`, `invite officer|coordinator` (`invite list|revoke`
and `people list|deactivate` are in cli_people), `cycle open|edit|list`, `backup`.

Every verb opens the store (which applies pending migrations), does one thing, closes it.
Only `units import` creates a database; the others refuse a missing one. Every change is
written to the audit log as `cli:<os user>`. Input is checked here, before the store sees it,
so that a bad value is a sentence naming the option or the CSV row, never a traceback.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any, NamedTuple

import rubric
from bot import cli_people, dbfamily
from bot.cli_common import (
    DATABASE_HELP,
    CliError,
    add_bot_username,
    bot_username,
    cli_clock,
    cli_today,
    database_arg,
    database_path,
    load_settings,
    name_arg,
    no_username,
    plural,
    print_json,
    warn,
    who,
    with_store,
)
from bot.settings import local_moment
from bot.store import (
    ANSWERING_GRACE,
    Cycle,
    Overlap,
    Region,
    RegionSnapshot,
    Store,
    accepting_on,
    current_cycle,
)
from bot.store.pg import PG_BACKUP
from bot.units_csv import HEADER, NO, YES, read_units_csv

OFFICER_USES = 20
COORDINATOR_USES = 1
INVITE_DAYS = 14
USES = (1, 10_000)
DAYS = (1, 365)
YEARS = (2000, 2100)
WINDOW_MAX = timedelta(days=366)
"""A cycle is one assessment year at most (the Ombudsman's fieldwork took some months of one
year: May-September in 2024, September-November in 2025; domain §2)."""
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
Scope = tuple[list[Cycle], list[Region]]
"""Every cycle and every region, as a change left them (for `_warn_if_passed_over`)."""


def register(verbs: Any) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="print JSON")
    common.add_argument("--database", type=database_arg, help=DATABASE_HELP)

    units = verbs.add_parser("units", help="service units: import a CSV, list")
    units_verbs = units.add_subparsers(dest="units_verb", required=True, parser_class=type(units))
    imp = units_verbs.add_parser(
        "import",
        parents=[common],
        help=f"import a CSV with the header {HEADER} (all or nothing)",
    )
    imp.add_argument("file", type=Path, metavar="FILE.csv")
    imp.set_defaults(handler=units_import)
    lst = units_verbs.add_parser("list", parents=[common], help="list units with their products")
    online = units_verbs.add_parser(
        "online",
        parents=[common],
        help="register a unit as serving online (PEKPPP form B) or face to face",
    )
    online.add_argument("unit", metavar="UNIT", help="id, unique name, or REGION/UNIT")
    online.add_argument("value", metavar="yes|no", type=_yes_no)
    online.set_defaults(handler=units_online)
    lst.set_defaults(handler=units_list)

    invite = verbs.add_parser("invite", help="print an invite code and deep link")
    roles = invite.add_subparsers(dest="role", required=True, parser_class=type(invite))
    officer = roles.add_parser("officer", parents=[common], help="an invite for a unit's officers")
    officer.add_argument(
        "--unit", required=True, type=name_arg, help="id, unique name, or REGION/UNIT"
    )
    officer.add_argument(
        "--uses", type=_count(*USES), default=OFFICER_USES, help=f"default {OFFICER_USES}"
    )
    coordinator = roles.add_parser(
        "coordinator", parents=[common], help="an invite for a region's coordinator"
    )
    coordinator.add_argument("--region", required=True, type=name_arg, help="id or name")
    coordinator.add_argument(
        "--uses", type=_count(*USES), default=COORDINATOR_USES, help=f"default {COORDINATOR_USES}"
    )
    for parser in (officer, coordinator):
        parser.add_argument(
            "--days",
            type=_count(*DAYS),
            default=INVITE_DAYS,
            help=f"valid for D days (default {INVITE_DAYS})",
        )
        add_bot_username(parser, "print the t.me link")
        parser.set_defaults(handler=invite_create)
    cli_people.add_invite_verbs(roles, common)
    cli_people.register(verbs, common)

    cycle = verbs.add_parser("cycle", help="assessment cycles: open, edit, list")
    cycle_verbs = cycle.add_subparsers(dest="cycle_verb", required=True, parser_class=type(cycle))
    opening = cycle_verbs.add_parser("open", parents=[common], help="open a cycle of a rubric")
    opening.add_argument("rubric", metavar="RUBRIC")
    opening.add_argument("--opens", required=True, type=_date, metavar="YYYY-MM-DD")
    opening.add_argument("--closes", required=True, type=_date, metavar="YYYY-MM-DD")
    opening.add_argument("--region", type=name_arg, help="only this region (default: every region)")
    opening.set_defaults(handler=cycle_open)
    editing = cycle_verbs.add_parser(
        "edit",
        parents=[common],
        help="change a cycle's dates (its self-checks and answers stay with it)",
    )
    editing.add_argument("cycle_id", type=int, metavar="ID")
    editing.add_argument("--opens", type=_date, metavar="YYYY-MM-DD")
    editing.add_argument("--closes", type=_date, metavar="YYYY-MM-DD")
    editing.set_defaults(handler=cycle_edit)
    listing = cycle_verbs.add_parser("list", parents=[common], help="list every cycle")
    listing.set_defaults(handler=cycle_list)

    backup = verbs.add_parser(
        "backup", parents=[common], help="a consistent copy of the live database"
    )
    backup.add_argument("file", type=Path, metavar="FILE")
    backup.add_argument("--force", action="store_true", help="replace FILE if it exists")
    backup.set_defaults(handler=backup_copy)


# -- verbs -------------------------------------------------------------------------------------


def units_import(args: argparse.Namespace) -> int:
    settings = load_settings()
    rows = read_units_csv(args.file)

    async def work(store: Store) -> Any:
        return await store.import_units(rows, default_timezone=settings.timezone, who=who())

    result = with_store(args, settings, work, create=True)
    for what, written, kept, line in result.respelled:
        warn(f"row {line}: {what} {written!r} is taken as {kept!r} (the same name but for case)")
    summary = {
        "regions_added": result.regions_added,
        "units_added": result.units_added,
        "products_added": result.products_added,
        "timezones_updated": result.timezones_updated,
        "online_updated": result.online_updated,
    }
    if args.json:
        print_json(summary)
    else:
        print(
            f"{plural(len(rows), 'row')}: added {plural(result.regions_added, 'region')}, "
            f"{plural(result.units_added, 'unit')}, "
            f"{plural(result.products_added, 'product')}; "
            f"updated {plural(result.timezones_updated, 'time zone')}, "
            f"{plural(result.online_updated, 'online flag')}."
        )
    return 0


def units_list(args: argparse.Namespace) -> int:
    units = with_store(args, load_settings(), lambda store: store.list_units())
    if args.json:
        print_json(
            [
                {
                    "id": u.unit.id,
                    "region": u.unit.region,
                    "unit": u.unit.name,
                    "timezone": u.unit.timezone,
                    "products": list(u.products),
                    "online": u.online,
                }
                for u in units
            ]
        )
    elif not units:
        print("No units yet: siapnilai units import FILE.csv")
    else:
        for u in units:
            products = "; ".join(u.products) or "(no products)"
            online = " [online]" if u.online else ""
            unit = u.unit
            print(f"{unit.id:>4}  {unit.region}/{unit.name}  [{unit.timezone}]{online}  {products}")
    return 0


def units_online(args: argparse.Namespace) -> int:
    async def work(store: Store) -> tuple[str, bool]:
        unit = await store.resolve_unit(args.unit)
        return f"{unit.region}/{unit.name}", await store.set_unit_online(
            unit.id, args.value, who=who()
        )

    name, changed = with_store(args, load_settings(), work)
    if args.json:
        print_json({"unit": name, "online": args.value, "changed": changed})
    else:
        state = "online (form B)" if args.value else "face to face (form A)"
        print(f"{name} is {'now' if changed else 'already'} {state}.")
    return 0


def invite_create(args: argparse.Namespace) -> int:
    settings = load_settings()

    async def work(store: Store) -> tuple[Any, str, str, str | None]:
        username = await bot_username(store, settings, args.bot_username)  # checked first
        if args.role == "officer":
            unit = await store.resolve_unit(args.unit)
            target, timezone = f"{unit.region}/{unit.name}", unit.timezone
            invite = await store.create_invite(
                "officer", unit_id=unit.id, uses=args.uses, days=args.days, who=who()
            )
        else:
            region = await store.resolve_region(args.region)
            target, timezone = region.name, region.timezone
            invite = await store.create_invite(
                "coordinator", region_id=region.id, uses=args.uses, days=args.days, who=who()
            )
        return invite, target, timezone, username

    invite, target, timezone, username = with_store(args, settings, work)
    # No username, no deep link: `link` is null (a script must not send "/start CODE" as a
    # link), and the code alone joins by typing /start CODE to the bot.
    link = f"https://t.me/{username}?start={invite.code}" if username else None
    if link is None:
        why = no_username(settings)
        warn(f"no t.me link: {why}; meanwhile the code joins as /start {invite.code}")
    if args.json:
        expires = invite.expires_at.isoformat(timespec="seconds")
        print_json({"code": invite.code, "link": link, "role": invite.role, "expires_at": expires})
    else:
        expires = local_moment(invite.expires_at, timezone)
        print(
            f"Invite for {invite.role} of {target}: {plural(invite.uses, 'use')}, expires {expires}"
        )
        print(f"code: {invite.code}")
        print(f"link: {link or f'none yet (they send /start {invite.code} to the bot)'}")
    return 0


def cycle_open(args: argparse.Namespace) -> int:
    known = _rubric_ids()
    if args.rubric not in known:
        raise CliError(f"unknown rubric {args.rubric!r}; known: {', '.join(known) or 'none'}")
    today = cli_today(cli_clock(args)())
    check_cycle_dates(args.opens, args.closes, today=today)

    async def work(store: Store) -> tuple[Cycle, str | None, list[Moved], Scope]:
        region = None if args.region is None else await store.resolve_region(args.region)
        scope = None if region is None else region.id
        before = await _snapshots(store, region)
        try:
            cycle = await store.open_cycle(args.rubric, args.opens, args.closes, scope, who=who())
        except Overlap as exc:
            asked = f"{args.rubric} {args.opens} to {args.closes}"
            raise _overlap(exc.other, asked, region) from None
        moved = await _moved(store, before)
        passed = (await store.cycles(), await store.regions())
        return cycle, None if region is None else region.name, moved, passed

    cycle, region_name, moved, (cycles, regions) = with_store(args, load_settings(), work)
    _warn_if_outdated(cycle.rubric_id, cycle.year)
    _warn_if_passed_over(cycles, regions, cycle, today)
    if moved:
        lines = "; ".join(m.line() for m in moved)
        warn(
            f"cycle {cycle.id} is now the current cycle of units that have answers in another "
            f"cycle ({lines}); their officers start it with an empty checklist"
        )
    if args.json:
        print_json(cycle_json(cycle, region_name))
    else:
        where = region_name or "every region"
        print(
            f"Opened cycle {cycle.id}: {cycle.rubric_id} {cycle.opens} to {cycle.closes} "
            f"for {where}."
        )
    return 0


def cycle_edit(args: argparse.Namespace) -> int:
    if args.opens is None and args.closes is None:
        raise CliError("cycle edit: give --opens, --closes or both")
    today = cli_today(cli_clock(args)())

    async def work(store: Store) -> tuple[Cycle, Cycle, str | None, list[Moved], Scope]:
        old = await store.cycle(args.cycle_id)
        opens, closes = args.opens or old.opens, args.closes or old.closes
        check_cycle_dates(
            opens, closes, today=today, given=(args.opens is not None, args.closes is not None)
        )
        region = None if old.region_id is None else await store.region(old.region_id)
        before = await _snapshots(store, region)
        try:
            cycle = await store.edit_cycle(old.id, opens, closes, who=who())
        except Overlap as exc:
            raise _overlap(exc.other, f"cycle {old.id} {opens} to {closes}", region) from None
        moved = await _moved(store, before)
        passed = (await store.cycles(), await store.regions())
        return old, cycle, None if region is None else region.name, moved, passed

    old, cycle, region_name, moved, (cycles, regions) = with_store(args, load_settings(), work)
    _warn_if_passed_over(cycles, regions, cycle, today)
    if moved:
        lines = "; ".join(f"{m.line()} to cycle {m.now}" for m in moved)
        warn(
            f"the new dates change the current cycle of units that have answers ({lines}); "
            "their officers now answer that cycle's checklist"
        )
    if args.json:
        print_json(cycle_json(cycle, region_name))
    else:
        print(
            f"Cycle {cycle.id}: {cycle.rubric_id} {cycle.opens} to {cycle.closes} for "
            f"{region_name or 'every region'} (was {old.opens} to {old.closes}); "
            "its self-checks and answers stay with it."
        )
    return 0


def cycle_list(args: argparse.Namespace) -> int:
    async def work(store: Store) -> tuple[list[Cycle], dict[int, str], list[tuple[Cycle, Cycle]]]:
        regions = {r.id: r.name for r in await store.regions()}
        return await store.cycles(), regions, await store.overlapping_cycles()

    cycles, regions, overlapping = with_store(args, load_settings(), work)
    for a, b in overlapping:  # opened before overlaps were refused
        where = "every region" if a.region_id is None else regions.get(a.region_id, "?")
        warn(
            f"cycles {a.id} ({a.rubric_id} {a.opens} to {a.closes}) and {b.id} "
            f"({b.rubric_id} {b.opens} to {b.closes}) overlap for {where}; the later opening "
            f"is the current one: move one with siapnilai cycle edit ID --opens D --closes D"
        )
    if args.json:
        print_json(
            [
                cycle_json(c, None if c.region_id is None else regions.get(c.region_id))
                for c in cycles
            ]
        )
    elif not cycles:
        print("No cycles yet: siapnilai cycle open RUBRIC --opens YYYY-MM-DD --closes YYYY-MM-DD")
    else:
        for c in cycles:
            where = "every region" if c.region_id is None else regions.get(c.region_id, "?")
            print(f"{c.id:>4}  {c.rubric_id}  {c.opens} to {c.closes}  {where}")
    return 0


def backup_copy(args: argparse.Namespace) -> int:
    settings = load_settings()
    dest: Path = args.file
    database = database_path(args, settings)
    if not isinstance(database, Path):
        raise CliError(PG_BACKUP)
    if dest.resolve() == database.resolve():
        raise CliError("the backup cannot overwrite the database itself")
    clashing = dbfamily.clash(dest, database)
    if clashing is not None:
        raise CliError(f"{dest} is {clashing}, a file of the live database: choose another path")
    if dest.is_dir():  # "exists: add --force" sent the admin to an option that cannot help
        raise CliError(
            f"{dest} is a folder: give the backup's file name (e.g. {dest / 'siapnilai-copy.db'})"
        )
    if dest.exists() and not args.force:
        raise CliError(f"{dest} exists: add --force to replace it")

    async def work(store: Store) -> int:
        return await store.backup(dest, who=who())

    size = with_store(args, settings, work)
    if args.json:
        print_json({"path": str(dest), "bytes": size})
    else:
        print(f"Backed up to {dest} ({size} bytes).")
    return 0


def cycle_json(cycle: Cycle, region_name: str | None) -> dict[str, Any]:
    """One cycle as every cycle verb prints it with --json. `rubric` and `rubric_id` are the
    same id: `cycle list` printed the one, `cycle open` the other, and scripts read both."""
    return {
        "id": cycle.id,
        "rubric": cycle.rubric_id,
        "rubric_id": cycle.rubric_id,
        "year": cycle.year,
        "opens": cycle.opens.isoformat(),
        "closes": cycle.closes.isoformat(),
        "region_id": cycle.region_id,
        "region": region_name,
    }


# -- checks --------------------------------------------------------------------------------------


def check_cycle_dates(
    opens: date, closes: date, *, today: date, given: tuple[bool, bool] = (True, True)
) -> None:
    """Refuse a window the bot cannot use: dates far from now, longer than an assessment
    year, or over so long ago that the cycle would never accept an answer. `given` says
    which of the two the admin typed (`cycle edit` keeps the other): only a typed --closes
    is refused for being long past, and a kept date is named as the cycle's."""
    low, high = YEARS
    opening = "--opens" if given[0] else "the cycle's opening"
    closing = "--closes" if given[1] else "the cycle's closing"
    for option, day in ((opening, opens), (closing, closes)):
        if not low <= day.year <= high:
            raise CliError(f"{option} {day}: the year must be between {low} and {high}")
    if closes <= opens:
        raise CliError(f"{closing} {closes} must be after {opening} {opens}")
    if closes - opens > WINDOW_MAX:
        raise CliError(
            f"{opening} {opens} to {closing} {closes} is {(closes - opens).days} days; "
            f"a cycle lasts at most {WINDOW_MAX.days} days (one assessment year)"
        )
    if given[1] and closes + ANSWERING_GRACE < today:
        raise CliError(
            f"--closes {closes} is more than {ANSWERING_GRACE.days} days before today ({today}): "
            "the cycle would never accept an answer"
        )


def _overlap(other: Cycle, asked: str, region: Region | None) -> CliError:
    """The one line refusing a window that overlaps `other`, and how to move `other`."""
    where = "every region" if region is None else region.name
    how = (
        f"to change its dates: siapnilai cycle edit {other.id} "
        "--opens YYYY-MM-DD --closes YYYY-MM-DD"
    )
    if asked == f"{other.rubric_id} {other.opens} to {other.closes}":
        return CliError(f"cycle {other.id} is already {asked} for {where}; {how}")
    return CliError(
        f"{asked} overlaps cycle {other.id}, {other.rubric_id} {other.opens} to {other.closes} "
        f"for {where}: a unit has one current cycle, so one cycle at a time there; {how}"
    )


class Moved(NamedTuple):
    """Units of a region whose current cycle changed away from one they had answers in."""

    region: str
    units: int
    was: list[int]
    now: int | None

    def line(self) -> str:
        cycles = "cycle" if len(self.was) == 1 else "cycles"
        where = ", ".join(str(c) for c in self.was)
        return f"{self.region}: {plural(self.units, 'unit')} in {cycles} {where}"


def _warn_if_passed_over(
    cycles: list[Cycle], regions: list[Region], changed: Cycle, today: date
) -> None:
    """Warn of each cycle whose window has not closed yet and that is current for no unit of
    some region `changed` reaches: a unit's current cycle is its region's own over an
    every-region one, then the latest opening (SPEC), so the year's second cycle opened early
    (or a region's own) hides the first for its whole window, without a word to anyone."""
    reached = [r for r in regions if changed.region_id in (None, r.id)]
    hidden: dict[tuple[Cycle, Cycle], list[str]] = {}
    for region in reached:
        top = current_cycle(cycles, region.id, today)
        if top is None or not accepting_on(top, today):
            continue  # nothing takes answers there: nothing is hidden
        for c in cycles:
            mine = c.region_id in (None, region.id)
            if mine and c.id != top.id and c.closes >= today:  # its window is not over
                hidden.setdefault((c, top), []).append(region.name)
    for (c, top), names in sorted(hidden.items(), key=lambda h: (h[0][0].opens, h[0][1].id)):
        everywhere = c.region_id is None and len(names) == len(regions)
        where = "every region" if everywhere else _names(names)
        until = top.closes + ANSWERING_GRACE
        exists = f"takes answers (until {until})" if top.closes < today else "exists"
        warn(
            f"cycle {c.id} ({c.rubric_id} {c.opens} to {c.closes}) is current for no unit "
            f"of {where} while cycle {top.id} ({top.rubric_id} {top.opens} to {top.closes}) "
            f"{exists}: a region's own cycle comes first, then the latest opening, so its "
            "officers get no /periksa and no reminders for it; open a cycle once the one "
            "before it has closed"
        )


def _names(names: list[str], shown: int = 3) -> str:
    """Region names for one line: the first `shown`, then how many more."""
    more = len(names) - shown
    return ", ".join(names[:shown]) + (f" and {more} more" if more > 0 else "")


async def _snapshots(store: Store, region: Region | None) -> list[RegionSnapshot]:
    """The overview of every region a cycle of `region`'s scope is for, before a change."""
    regions = [region] if region is not None else await store.regions()
    return [await store.overview(r.id) for r in regions]


async def _moved(store: Store, before: list[RegionSnapshot]) -> list[Moved]:
    """Per region, the units that had answers in their current cycle before a change and
    have another current cycle after it (their officers see another checklist)."""
    moved = []
    for snap in before:
        answered = [u for u in snap.units if u.cycle is not None and u.answers.answers]
        if not answered:
            continue
        after = await store.overview(snap.region.id)
        current = after.units[0].cycle if after.units else None
        now = None if current is None else current.id
        left = [u.cycle.id for u in answered if u.cycle is not None and u.cycle.id != now]
        if left:
            moved.append(Moved(snap.region.name, len(left), sorted(set(left)), now))
    return moved


def _count(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from `low` to `high`."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"must be from {low} to {high}, got {text.strip()[:24]}"
            )
        return value

    return parse


# -- plumbing ------------------------------------------------------------------------------------


def _date(text: str) -> date:
    """YYYY-MM-DD only: Python also reads 20270503 and 2027-W18-1, which an admin who typed
    them did not mean as a checked date."""
    if not ISO_DATE.fullmatch(text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError:  # 2027-02-29, 2027-13-01: the shape is right, the day does not exist
        raise argparse.ArgumentTypeError(f"{text!r} is not a day of the calendar") from None


def _warn_if_outdated(rubric_id: str, year: int) -> None:
    """A rubric that models an older instrument still opens, with a warning."""
    r = rubric.load_builtin(rubric_id)
    if r.last_year is not None and year > r.last_year:
        note = f": {r.status_note.en}" if r.status_note else ""
        warn(f"{rubric_id} is {r.status}, the instrument up to {r.last_year}, not {year}{note}")


def _yes_no(text: str) -> bool:
    value = text.strip().lower()
    if value in YES:
        return True
    if value in NO:
        return False
    raise argparse.ArgumentTypeError(f"{text!r} is not yes or no")


def _rubric_ids() -> list[str]:
    return sorted(rubric.builtin_ids())
