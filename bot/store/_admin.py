"""Admin work behind the CLI: regions and units, cycles, backups."""

from __future__ import annotations

import asyncio
import os
import sqlite3
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.settings import indonesian_zone
from bot.store import _import, _rows
from bot.store._people import clean_product_name
from bot.store.core import StoreCore, audit_row, iso, until_done
from bot.store.errors import Ambiguous, Invalid, NotFound, Overlap
from bot.store.pg import PG_BACKUP
from bot.store.types import Cycle, ImportResult, Region, Unit, UnitListing, UnitRow

NAME_MAX = 200


def clean_name(text: str, what: str, line: int = 0) -> str:
    cleaned = " ".join(text.split())
    where = f"row {line}: " if line else ""
    if not cleaned:
        raise Invalid(what, f"{where}empty {what} name")
    if len(cleaned) > NAME_MAX:
        raise Invalid(what, f"{where}{what} name longer than {NAME_MAX} characters")
    if "/" in cleaned and what == "region":
        # REGION/UNIT names a unit on the command line, so a region name cannot hold "/".
        raise Invalid(what, f"{where}a region name cannot contain '/'")
    if any(not ch.isprintable() for ch in cleaned):
        raise Invalid(what, f"{where}{what} name has control characters")
    return cleaned


class Spellings:
    """One name whatever its case, as chat's /produk has it ("ktp-el" is the KTP-el there
    is): a region, a unit of a region and a product of a unit are spelled as the database
    has them, else as the import first wrote them; an exact name always stands for itself
    (old databases may hold names equal but for case)."""

    def __init__(self, listings: list[UnitListing]) -> None:
        self._exact: set[tuple[str, ...]] = set()
        self._kept: dict[tuple[str, ...], str] = {}
        self._respelled: dict[tuple[str, str, str], int] = {}
        for listing in sorted(listings, key=lambda u: (u.unit.region, u.unit.name)):
            region, unit = listing.unit.region, listing.unit.name
            self._know(("region",), region)
            self._know(("unit", region.casefold()), unit)
            for product in listing.products:
                self._know(("product", region.casefold(), unit.casefold()), product)

    def _know(self, scope: tuple[str, ...], name: str) -> None:
        self._exact.add((*scope, name))
        self._kept.setdefault((*scope, name.casefold()), name)

    def _spell(self, scope: tuple[str, ...], name: str, line: int) -> str:
        if (*scope, name) in self._exact:
            return name
        kept = self._kept.setdefault((*scope, name.casefold()), name)
        if kept != name:
            self._respelled.setdefault((scope[0], name, kept), line)
        return kept

    def region(self, name: str, line: int) -> str:
        return self._spell(("region",), name, line)

    def unit(self, region: str, name: str, line: int) -> str:
        return self._spell(("unit", region.casefold()), name, line)

    def product(self, region: str, unit: str, name: str, line: int) -> str:
        return self._spell(("product", region.casefold(), unit.casefold()), name, line)

    def respelled(self) -> tuple[tuple[str, str, str, int], ...]:
        """(what, as a row wrote it, as it was taken, the first such row)."""
        return tuple((*names, line) for names, line in self._respelled.items())


def check_timezone(name: str, line: int = 0) -> str:
    """The IANA name of one of Indonesia's three zones (aliases WIB, WITA, WIT accepted)."""
    where = f"row {line}: " if line else ""
    try:
        return indonesian_zone(name)
    except ValueError as exc:
        raise Invalid("timezone", f"{where}{exc}") from None


# Dates the reminder calendar and the workbook can do arithmetic on, with room to spare
# (a cycle in year 9999 once made `closes + 60 days` overflow everywhere).
CYCLE_YEARS = range(2000, 2101)
CYCLE_LONGEST = timedelta(days=366)


class AdminMixin(StoreCore):
    async def import_units(
        self,
        rows: list[UnitRow],
        *,
        default_timezone: str = "Asia/Jakarta",
        now: datetime | None = None,
        who: int | str = "cli",
    ) -> ImportResult:
        """Add regions, units and products; update time zones given; never delete.

        All or nothing: any bad row raises Invalid naming the row, and nothing is written.
        """
        now = now or self.now()
        default_timezone = check_timezone(default_timezone)
        clean: list[UnitRow] = []
        zones: dict[str, tuple[str, int]] = {}
        flags: dict[tuple[str, str], tuple[bool, int]] = {}
        names = Spellings(await self.list_units())
        for row in rows:
            region = names.region(clean_name(row.region, "region", row.line), row.line)
            unit = names.unit(region, clean_name(row.unit, "unit", row.line), row.line)
            timezone = check_timezone(row.timezone, row.line) if row.timezone else None
            products: list[str] = []
            for name in row.products:
                try:
                    cleaned = clean_product_name(name)
                except Invalid as exc:
                    raise Invalid(exc.reason, f"row {row.line}: {exc}") from None
                products.append(names.product(region, unit, cleaned, row.line))
            if timezone is not None:
                seen = zones.setdefault(region, (timezone, row.line))
                if seen[0] != timezone:
                    raise Invalid(
                        "timezone",
                        f"row {row.line}: {region} has time zone {timezone}, "
                        f"but row {seen[1]} says {seen[0]}",
                    )
            if row.online is not None:  # as a time zone: two rows disagreeing is a mistake
                said = flags.setdefault((region, unit), (row.online, row.line))
                if said[0] != row.online:
                    raise Invalid(
                        "online",
                        f"row {row.line}: {region}/{unit} has online {_yes_no(row.online)}, "
                        f"but row {said[1]} says {_yes_no(said[0])}",
                    )
            clean.append(UnitRow(region, unit, timezone, tuple(products), row.line, row.online))

        # Staged outside the write lock, merged in one short unit of work (bot/store/_import.py).
        await self._on_thread(_import.stage, clean)
        try:
            result = await self._run_write(
                lambda db: _import.merge(db, default_timezone, now, who, len(clean))
            )
        finally:
            await self._on_thread(_import.drop_stage)
        return replace(result, respelled=names.respelled())

    async def list_units(self, region_id: int | None = None) -> list[UnitListing]:
        """Every unit (of one region, if given) with its products, by region then unit."""

        def work(db: sqlite3.Connection) -> tuple[list[sqlite3.Row], list[sqlite3.Row]]:
            units = db.execute(
                "SELECT u.id, u.region_id, u.name, r.name AS region, r.timezone, u.online "
                "FROM units u "
                "JOIN regions r ON r.id = u.region_id "
                "WHERE CAST(? AS INTEGER) IS NULL OR r.id = ? ORDER BY r.name, u.name",
                (region_id, region_id),
            ).fetchall()
            products = db.execute("SELECT unit_id, name FROM products ORDER BY id").fetchall()
            return units, products

        units, products = await self._run_read(work)
        by_unit: dict[int, list[str]] = {}
        for p in products:
            by_unit.setdefault(p["unit_id"], []).append(p["name"])
        return [
            UnitListing(
                unit=_rows.unit_from(u),
                products=tuple(by_unit.get(u["id"], ())),
                online=bool(u["online"]),
            )
            for u in units
        ]

    async def set_unit_online(
        self, unit_id: int, online: bool, *, now: datetime | None = None, who: int | str = "cli"
    ) -> bool:
        """Register a unit as serving online (PEKPPP form B) or face to face; True when it
        changed. Answers already given stay stored; the checklist follows the new setting."""
        now = now or self.now()

        def work(db: sqlite3.Connection) -> bool:
            cursor = db.execute(
                "UPDATE units SET online = ? WHERE id = ? AND online != ?",
                (int(online), unit_id, int(online)),
            )
            if cursor.rowcount == 1:
                audit_row(db, who, "unit.online", {"unit_id": unit_id, "online": online}, now)
                return True
            if db.execute("SELECT id FROM units WHERE id = ?", (unit_id,)).fetchone() is None:
                raise NotFound(f"unit {unit_id}")
            return False

        changed = await self._run_write(work)
        return changed

    async def regions(self) -> list[Region]:
        rows = await self._fetchall("SELECT id, name, timezone FROM regions ORDER BY name")
        return [Region(r["id"], r["name"], r["timezone"]) for r in rows]

    async def region(self, region_id: int) -> Region:
        row = await self._fetchone(
            "SELECT id, name, timezone FROM regions WHERE id = ?", (region_id,)
        )
        if row is None:
            raise NotFound(f"region {region_id}")
        return Region(row["id"], row["name"], row["timezone"])

    async def unit(self, unit_id: int) -> Unit:
        return await self._run_read(lambda db: _rows.read_unit(db, unit_id))

    async def resolve_region(self, text: str) -> Region:
        """A region by id or name: the exact name, else the one name equal to it but for case
        ("lampung" finds "Lampung"). A name equal but for case to several regions, or a number
        that is one region's id and another's name, is Ambiguous (none silently wins)."""
        text = text.strip()
        by_id = None
        if _an_id(text):
            by_id = await self._fetchone(
                "SELECT id, name, timezone FROM regions WHERE id = ?", (int(text),)
            )
        named = regions_named(await self.regions(), text)
        if len(named) > 1:
            raise Ambiguous(text, [r.name for r in named])
        if by_id is not None and named and by_id["id"] != named[0].id:
            raise Ambiguous(text, [f"id {by_id['id']}: {by_id['name']}", named[0].name])
        if by_id is not None:
            return Region(by_id["id"], by_id["name"], by_id["timezone"])
        if not named:
            raise NotFound(f"no region {text!r}")
        return named[0]

    async def resolve_unit(self, text: str) -> Unit:
        """A unit by id, unique name, or REGION/UNIT (REGION as `resolve_region` reads it); a
        name in several regions is Ambiguous."""
        text = text.strip()
        sql = (
            "SELECT u.id, u.region_id, u.name, r.name AS region, r.timezone FROM units u "
            "JOIN regions r ON r.id = u.region_id "
        )
        by_id = await self._fetchone(sql + "WHERE u.id = ?", (int(text),)) if _an_id(text) else None
        rows = await self._fetchall(sql + "WHERE u.name = ?", (" ".join(text.split()),))
        if not rows and by_id is None:  # "dukcapil" finds "Dukcapil", as regions are read
            rows = named_rows(await self._fetchall(sql), text)
        if by_id is not None:  # a number that also names another unit: neither wins silently
            others = [r for r in rows if r["id"] != by_id["id"]]
            if others:
                named = [f"{r['region']}/{r['name']}" for r in others]
                raise Ambiguous(
                    text, [f"id {by_id['id']}: {by_id['region']}/{by_id['name']}", *named]
                )
            return _rows.unit_from(by_id)
        if not rows and "/" in text:
            region, _, name = text.partition("/")
            for place in regions_named(await self.regions(), region):  # its case need not match
                rows += named_rows(await self._fetchall(sql + "WHERE r.id = ?", (place.id,)), name)
        if not rows:
            raise NotFound(f"no unit {text!r}")
        if len(rows) > 1:
            raise Ambiguous(text, [f"{r['region']}/{r['name']}" for r in rows])
        row = rows[0]
        return _rows.unit_from(row)

    async def open_cycle(
        self,
        rubric_id: str,
        opens: date,
        closes: date,
        region_id: int | None = None,
        *,
        now: datetime | None = None,
        who: int | str = "cli",
    ) -> Cycle:
        """A new cycle of a rubric, for one region or (region_id None) for all. A window
        overlapping another cycle for the same scope (any rubric) raises Overlap."""
        now = now or self.now()
        check_window(opens, closes)
        try:
            self.rubric(rubric_id)
        except Exception as exc:
            raise Invalid("rubric", f"unknown rubric {rubric_id!r}") from exc

        def work(db: sqlite3.Connection) -> Cycle:
            if region_id is not None:
                cursor = db.execute("SELECT 1 FROM regions WHERE id = ?", (region_id,))
                if cursor.fetchone() is None:
                    raise NotFound(f"region {region_id}")
            _refuse_overlap(db, rubric_id, region_id, opens, closes)
            cursor = db.execute(
                "INSERT INTO cycles (rubric_id, year, opens, closes, region_id, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (rubric_id, opens.year, opens.isoformat(), closes.isoformat(), region_id, iso(now)),
            )
            cycle_id = cursor.lastrowid
            audit_row(
                db,
                who,
                "cycle.open",
                {
                    "cycle_id": cycle_id,
                    "rubric_id": rubric_id,
                    "opens": opens.isoformat(),
                    "closes": closes.isoformat(),
                    "region_id": region_id,
                },
                now,
            )
            assert cycle_id is not None
            return _read_cycle(db, cycle_id)

        return await self._run_write(work)

    async def edit_cycle(
        self,
        cycle_id: int,
        opens: date,
        closes: date,
        *,
        now: datetime | None = None,
        who: int | str = "cli",
    ) -> Cycle:
        """New window dates for a cycle (its year follows `opens`). Its self-checks, answers
        and evidence stay with it: they hang on the cycle's id. Refused as `open_cycle` refuses
        a window, and with Overlap when it would overlap another cycle of its scope."""
        now = now or self.now()
        check_window(opens, closes)

        def work(db: sqlite3.Connection) -> Cycle:
            before = _read_cycle(db, cycle_id)
            _refuse_overlap(db, before.rubric_id, before.region_id, opens, closes, cycle_id)
            db.execute(
                "UPDATE cycles SET year = ?, opens = ?, closes = ? WHERE id = ?",
                (opens.year, opens.isoformat(), closes.isoformat(), cycle_id),
            )
            audit_row(
                db,
                who,
                "cycle.edit",
                {
                    "cycle_id": cycle_id,
                    "opens": opens.isoformat(),
                    "closes": closes.isoformat(),
                    "was": {"opens": before.opens.isoformat(), "closes": before.closes.isoformat()},
                },
                now,
            )
            return _read_cycle(db, cycle_id)

        return await self._run_write(work)

    async def overlapping_cycles(self) -> list[tuple[Cycle, Cycle]]:
        """Pairs of cycles that overlap (`clash`), earlier first: opened before the store
        refused them, each pair is one to move apart with `edit_cycle`."""
        cycles = await self.cycles()
        return [(a, b) for i, a in enumerate(cycles) for b in cycles[i + 1 :] if clash(a, b)]

    async def cycle(self, cycle_id: int) -> Cycle:
        return await self._run_read(lambda db: _read_cycle(db, cycle_id))

    async def cycles(self) -> list[Cycle]:
        rows = await self._fetchall(f"SELECT {_rows.CYCLE_COLUMNS} FROM cycles ORDER BY opens, id")
        return [_rows.cycle_from(r) for r in rows]

    async def backup(self, dest: str | Path, *, who: int | str = "cli") -> int:
        """A consistent copy of the live database at `dest` (replaced atomically); its size."""
        if self.is_postgres:
            raise Invalid("backup", PG_BACKUP)
        dest = Path(dest)
        if dest.resolve() == self.path.resolve():
            raise Invalid("backup", "the backup cannot overwrite the database itself")
        if not dest.parent.is_dir():
            raise Invalid("backup", f"no directory {dest.parent}")
        partial = dest.with_name(f".{dest.name}.partial")
        partial.unlink(missing_ok=True)
        target = sqlite3.connect(str(partial), check_same_thread=False)
        try:
            async with self._lock:
                # The SQLite backup API copies pages under a read lock: a consistent state
                # even while the bot (another process) keeps writing.
                await until_done(asyncio.ensure_future(self._connection().backup(target)))
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
        try:
            await asyncio.to_thread(os.replace, partial, dest)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise Invalid("backup", f"cannot write {dest}: {exc.strerror}") from None
        now = self.now()
        await self._run_write(lambda db: audit_row(db, who, "backup", {"path": str(dest)}, now))
        return dest.stat().st_size


def check_window(opens: date, closes: date) -> None:
    """A window the reminder calendar and the workbook can do arithmetic on."""
    if closes <= opens:
        raise Invalid("dates", f"closes ({closes}) must be after opens ({opens})")
    for day in (opens, closes):
        if day.year not in CYCLE_YEARS:
            raise Invalid("dates", f"{day}: the year must be between 2000 and 2100")
    if closes - opens > CYCLE_LONGEST:
        raise Invalid("dates", f"the window {opens} to {closes} is longer than a year")


def _read_cycle(db: sqlite3.Connection, cycle_id: int) -> Cycle:
    row = db.execute(f"SELECT {_rows.CYCLE_COLUMNS} FROM cycles WHERE id = ?", (cycle_id,))
    found = row.fetchone()
    if found is None:
        raise NotFound(f"no cycle {cycle_id}")
    return _rows.cycle_from(found)


def _refuse_overlap(
    db: sqlite3.Connection,
    rubric_id: str,
    region_id: int | None,
    opens: date,
    closes: date,
    editing: int | None = None,
) -> None:
    """Overlap when [opens, closes] (both days in) meets the window of another cycle for
    the same scope, of any rubric. A region's cycle over an every-region one is allowed:
    SPEC makes the region's the current one there."""
    if region_id is None:
        rows = db.execute(f"SELECT {_rows.CYCLE_COLUMNS} FROM cycles WHERE region_id IS NULL")
    else:
        rows = db.execute(
            f"SELECT {_rows.CYCLE_COLUMNS} FROM cycles WHERE region_id = ?", (region_id,)
        )
    asked = Cycle(editing or 0, rubric_id, opens.year, opens, closes, region_id, datetime.min)
    for row in sorted(rows.fetchall(), key=lambda r: (r["opens"], r["id"])):
        other = _rows.cycle_from(row)
        if other.id != editing and clash(asked, other):
            raise Overlap(other)


def clash(a: Cycle, b: Cycle) -> bool:
    """Two cycles for one scope whose windows share a day, whatever their rubrics: a unit has
    one current cycle (SPEC), so the later would hide the other and the answers in it."""
    return a.region_id == b.region_id and a.opens <= b.closes and b.opens <= a.closes


def named_rows(rows: list[Any], text: str) -> list[Any]:
    """The unit rows `text` names: those of that exact name, else those equal to it but for
    case and spacing (as `regions_named`)."""
    name = " ".join(text.split())
    exact = [r for r in rows if r["name"] == name]
    return exact or [r for r in rows if r["name"].casefold() == name.casefold()]


def regions_named(regions: list[Region], text: str) -> list[Region]:
    """The regions `text` names: the one of that exact name, else every one whose name is
    equal to it but for case (and runs of spaces)."""
    name = " ".join(text.split())
    exact = [r for r in regions if r.name == name]
    return exact or [r for r in regions if r.name.casefold() == name.casefold()]


def _an_id(text: str) -> bool:
    """Digits that can be a row id (SQLite's integers are 64-bit: longer is a name)."""
    return text.isdecimal() and text.isascii() and len(text) <= 18


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"
