"""Row -> dataclass conversions and the access rules every service method applies."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import aiosqlite

from bot.store.core import to_date
from bot.store.errors import Forbidden, NotFound
from bot.store.types import Cycle, Person, Product, SelfCheck

ANSWERING_GRACE = timedelta(days=60)
"""Answers are accepted until this long after a cycle closes (SPEC "Cycles")."""

PERSON_COLUMNS = "telegram_id, name, language, role, unit_id, region_id, reminders, active"
CYCLE_COLUMNS = "id, rubric_id, year, opens, closes, region_id"


def person_from(row: aiosqlite.Row) -> Person:
    return Person(
        telegram_id=row["telegram_id"],
        name=row["name"],
        language=row["language"],
        role=row["role"],
        unit_id=row["unit_id"],
        region_id=row["region_id"],
        reminders=bool(row["reminders"]),
        active=bool(row["active"]),
    )


def cycle_from(row: aiosqlite.Row) -> Cycle:
    return Cycle(
        id=row["id"],
        rubric_id=row["rubric_id"],
        year=row["year"],
        opens=to_date(row["opens"]),
        closes=to_date(row["closes"]),
        region_id=row["region_id"],
    )


def accepting(cycle: Cycle, timezone: str, now: datetime) -> bool:
    """Open from the moment the cycle exists until 60 days after it closes (region time)."""
    today = now.astimezone(ZoneInfo(timezone)).date()
    return today <= cycle.closes + ANSWERING_GRACE


async def fetch_person(conn: aiosqlite.Connection, telegram_id: int) -> Person | None:
    cursor = await conn.execute(
        f"SELECT {PERSON_COLUMNS} FROM people WHERE telegram_id = ?", (telegram_id,)
    )
    row = await cursor.fetchone()
    return None if row is None else person_from(row)


async def current_person(conn: aiosqlite.Connection, person: Person | int) -> Person:
    """The person as the database knows them now (a Person object may be stale)."""
    telegram_id = person if isinstance(person, int) else person.telegram_id
    fresh = await fetch_person(conn, telegram_id)
    if fresh is None or not fresh.active:
        raise Forbidden("not a member" if fresh is None else "inactive")
    return fresh


async def unit_region(conn: aiosqlite.Connection, unit_id: int) -> tuple[int, str]:
    cursor = await conn.execute(
        "SELECT r.id, r.timezone FROM units u JOIN regions r ON r.id = u.region_id WHERE u.id = ?",
        (unit_id,),
    )
    row = await cursor.fetchone()
    if row is None:
        raise NotFound(f"unit {unit_id}")
    return row[0], row[1]


async def check_unit(
    conn: aiosqlite.Connection, person: Person, unit_id: int, *, write: bool
) -> None:
    """Officers touch their own unit; coordinators read their region's units; admins read all."""
    if person.role == "officer":
        if person.unit_id != unit_id:
            raise Forbidden("another unit")
        return
    if write:
        raise Forbidden("only officers answer for a unit")
    if person.role == "admin":
        return
    region_id, _ = await unit_region(conn, unit_id)
    if person.region_id != region_id:
        raise Forbidden("a unit of another region")


async def load_selfcheck(conn: aiosqlite.Connection, selfcheck_id: int, now: datetime) -> SelfCheck:
    cursor = await conn.execute(
        "SELECT s.id AS sid, s.unit_id, r.timezone, "
        "c.id, c.rubric_id, c.year, c.opens, c.closes, c.region_id "
        "FROM selfchecks s JOIN cycles c ON c.id = s.cycle_id "
        "JOIN units u ON u.id = s.unit_id JOIN regions r ON r.id = u.region_id "
        "WHERE s.id = ?",
        (selfcheck_id,),
    )
    row = await cursor.fetchone()
    if row is None:
        raise NotFound(f"self-check {selfcheck_id}")
    cycle = cycle_from(row)
    return SelfCheck(
        id=row["sid"],
        unit_id=row["unit_id"],
        cycle=cycle,
        rubric_id=cycle.rubric_id,
        accepting=accepting(cycle, row["timezone"], now),
    )


async def unit_products(conn: aiosqlite.Connection, unit_id: int) -> list[Product]:
    rows = await conn.execute_fetchall(
        "SELECT id, unit_id, name FROM products WHERE unit_id = ? ORDER BY id", (unit_id,)
    )
    return [Product(id=r["id"], unit_id=r["unit_id"], name=r["name"]) for r in rows]
