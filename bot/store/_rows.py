"""Row -> dataclass conversions and the access rules every service method applies.

The rules are plain functions of the sqlite3 connection (`db`), run on the connection's
thread inside one unit of work (`StoreCore._run_read` / `_run_write`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import fields
from datetime import date, datetime, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from bot.store.core import from_iso, to_date
from bot.store.errors import Forbidden, NotFound
from bot.store.types import Cycle, Person, Product, SelfCheck, Unit

ANSWERING_GRACE = timedelta(days=60)
"""Answers are accepted until this long after a cycle closes (SPEC "Cycles")."""

PERSON_COLUMNS = (
    "telegram_id, name, language, role, unit_id, region_id, reminders, active, app_language"
)
CYCLE_COLUMNS = "id, rubric_id, year, opens, closes, region_id, created_at"

PERSON_SQL = f"SELECT {PERSON_COLUMNS} FROM people WHERE telegram_id = ?"
_UNIT_REGION_SQL = (
    "SELECT r.id, r.timezone FROM units u JOIN regions r ON r.id = u.region_id WHERE u.id = ?"
)
_SELFCHECK_SQL = (
    "SELECT s.id AS sid, s.unit_id, r.timezone, "
    "c.id, c.rubric_id, c.year, c.opens, c.closes, c.region_id, c.created_at "
    "FROM selfchecks s JOIN cycles c ON c.id = s.cycle_id "
    "JOIN units u ON u.id = s.unit_id JOIN regions r ON r.id = u.region_id "
    "WHERE s.id = ?"
)
_UNIT_SQL = (
    "SELECT u.id, u.region_id, u.name, r.name AS region, r.timezone FROM units u "
    "JOIN regions r ON r.id = u.region_id WHERE u.id = ?"
)
_PRODUCTS_SQL = "SELECT id, unit_id, name FROM products WHERE unit_id = ? ORDER BY id"

Row = sqlite3.Row  # aiosqlite.Row is sqlite3.Row
T = TypeVar("T")


_FIELDS: dict[type[Any], tuple[str, ...]] = {}


def _field_names(cls: type[Any]) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in fields(cls))
    return names


def build(cls: type[T], row: Row, **converted: Any) -> T:
    """A row type from the columns named like its fields; `converted` gives the fields that
    need more than the column as it is (a time, a bool, a nested value)."""
    values = {name: row[name] for name in _field_names(cls) if name not in converted}
    return cls(**values, **converted)


def person_from(row: Row) -> Person:
    return build(Person, row, reminders=bool(row["reminders"]), active=bool(row["active"]))


def unit_from(row: Row) -> Unit:
    return Unit(row["id"], row["region_id"], row["name"], row["region"], row["timezone"])


def cycle_from(row: Row) -> Cycle:
    return Cycle(
        id=row["id"],
        rubric_id=row["rubric_id"],
        year=row["year"],
        opens=to_date(row["opens"]),
        closes=to_date(row["closes"]),
        region_id=row["region_id"],
        created_at=from_iso(row["created_at"]),
    )


def accepting(cycle: Cycle, timezone: str, now: datetime) -> bool:
    """Open from the moment the cycle exists until 60 days after it closes (region time)."""
    return accepting_on(cycle, now.astimezone(ZoneInfo(timezone)).date())


def accepting_on(cycle: Cycle, today: date) -> bool:
    """`accepting` on the region's date `today`."""
    return today <= cycle.closes + ANSWERING_GRACE


def current_cycle(cycles: Iterable[Cycle], region_id: int, today: date) -> Cycle | None:
    """A unit's current cycle among `cycles`, on its region's date `today` (SPEC): the most
    specific (the region's own over an every-region one), then the latest opening. Cycles
    still taking answers come first, so that last year's regional cycle does not hide this
    year's every-region one."""
    return max(
        (c for c in cycles if c.region_id in (None, region_id)),
        key=lambda c: (accepting_on(c, today), c.region_id is not None, c.opens, c.id),
        default=None,
    )


# -- on the connection's thread (db: sqlite3.Connection) ------------------------------


def read_person(db: sqlite3.Connection, telegram_id: int) -> Person | None:
    row = db.execute(PERSON_SQL, (telegram_id,)).fetchone()
    return None if row is None else person_from(row)


def live_person(db: sqlite3.Connection, person: Person | int) -> Person:
    """The person as the database knows them now (a Person object may be stale)."""
    telegram_id = person if isinstance(person, int) else person.telegram_id
    fresh = read_person(db, telegram_id)
    if fresh is None or not fresh.active:
        raise Forbidden("not a member" if fresh is None else "inactive")
    return fresh


def region_of_unit(db: sqlite3.Connection, unit_id: int) -> tuple[int, str]:
    row = db.execute(_UNIT_REGION_SQL, (unit_id,)).fetchone()
    if row is None:
        raise NotFound(f"unit {unit_id}")
    return row[0], row[1]


def may_touch_unit(db: sqlite3.Connection, person: Person, unit_id: int, *, write: bool) -> None:
    """Officers touch their own unit; coordinators read their region's units; admins read all."""
    if person.role == "officer":
        if person.unit_id != unit_id:
            raise Forbidden("another unit")
        return
    if write:
        raise Forbidden("only officers answer for a unit")
    if person.role == "admin":
        return
    region_id, _ = region_of_unit(db, unit_id)
    if person.region_id != region_id:
        raise Forbidden("a unit of another region")


def read_selfcheck(db: sqlite3.Connection, selfcheck_id: int, now: datetime) -> SelfCheck:
    row = db.execute(_SELFCHECK_SQL, (selfcheck_id,)).fetchone()
    if row is None:
        raise NotFound(f"self-check {selfcheck_id}")
    cycle = cycle_from(row)
    return SelfCheck(
        id=row["sid"],
        unit_id=row["unit_id"],
        cycle=cycle,
        rubric_id=cycle.rubric_id,
        accepting=accepting(cycle, row["timezone"], now),
        timezone=row["timezone"],
    )


def read_unit(db: sqlite3.Connection, unit_id: int) -> Unit:
    row = db.execute(_UNIT_SQL, (unit_id,)).fetchone()
    if row is None:
        raise NotFound(f"unit {unit_id}")
    return unit_from(row)


_OFFER_SQL = (
    "SELECT u.online, p.id, p.name FROM units u LEFT JOIN products p ON p.unit_id = u.id "
    "WHERE u.id = ? ORDER BY p.id"
)


def offer_of(db: sqlite3.Connection, unit_id: int) -> tuple[list[Product], bool]:
    """The unit's products (`products_of`) and its online flag in one statement (what a
    unit's checklist needs)."""
    rows = db.execute(_OFFER_SQL, (unit_id,)).fetchall()
    products = [
        Product(id=r["id"], unit_id=unit_id, name=r["name"]) for r in rows if r["id"] is not None
    ]
    return products, bool(rows and rows[0]["online"])


def products_of(db: sqlite3.Connection, unit_id: int) -> list[Product]:
    return [
        Product(id=r["id"], unit_id=r["unit_id"], name=r["name"])
        for r in db.execute(_PRODUCTS_SQL, (unit_id,)).fetchall()
    ]
