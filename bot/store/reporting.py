"""Reporting queries: region overviews, workbook rows, evidence lists, reminder targets.

Read-only (they never create self-check rows). Every unit of a region shares the region's
current cycle (cycles are per region or for all regions), so an overview is a handful of
queries whatever the number of units. `*_for(person, ...)` methods apply the access rules:
coordinators read their own region, officers their own unit, nobody anything else.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import field
from datetime import datetime
from typing import Any

import rubric
from bot.frozen import frozen
from bot.store import _rows
from bot.store._selfchecks import cycle_now, evidence_from
from bot.store._standing import reviews_of
from bot.store.core import StoreCore, from_iso, placeholders
from bot.store.errors import Forbidden, NotFound
from bot.store.types import Cycle, EvidenceRow, Person, Region, Reviews, Unit, queue_size


@frozen
class UnitSnapshot:
    """One unit's current self-check as plain data (no self-check row yet: no answers)."""

    unit: Unit
    cycle: Cycle | None
    selfcheck_id: int | None
    answers: rubric.AnswerSet
    evidence_count: int
    last_activity: datetime | None
    reviews: Reviews = field(default_factory=Reviews)
    """The reviews that stand (`reviews_of`), for the verified score."""

    @property
    def waiting(self) -> int:
        """Answered items in the review queue, as /tinjau counts them (`queue_size`)."""
        return queue_size(self.answers.answers, self.answers.evidence, self.reviews)


@frozen
class RegionSnapshot:
    region: Region
    units: tuple[UnitSnapshot, ...]
    """Every unit of the region (or the one unit an officer may see), by name."""


@frozen
class AnswerLine:
    """One answer (the latest per key, or one row of history)."""

    unit_id: int
    unit: str
    key: str
    item_id: str
    product: str | None
    option_id: str
    note: str | None
    by: int
    by_name: str | None
    at: datetime
    evidence_count: int


@frozen
class EvidenceLine:
    row: EvidenceRow
    unit: str
    item_id: str
    product: str | None
    by_name: str | None
    note: str | None = None
    """The note (📝 Catatan) on the key's current answer, if any."""


@frozen
class ReminderTarget:
    """Someone reminders go to: in their language, at times of their region's time zone."""

    telegram_id: int
    language: str | None
    region_id: int
    timezone: str
    app_language: str | None = field(default=None, kw_only=True)
    """Their Telegram app's language, for when they chose none."""


@frozen
class OfficerTarget(ReminderTarget):
    """Reminded about their unit."""

    unit_id: int
    mode: int = 1
    """REMIND_ALL, or REMIND_LAST_MONTH (no announcement, no monthly reminders)."""


@frozen
class CoordinatorTarget(ReminderTarget):
    """Gets the region's digest."""


@frozen
class ReminderTargets:
    """Everyone active with reminders on, and each region's current cycle (None: no cycle)."""

    officers: tuple[OfficerTarget, ...]
    coordinators: tuple[CoordinatorTarget, ...]
    cycles: dict[int, Cycle | None]


_Found = tuple[
    dict[int, int],  # unit -> self-check id
    dict[int, list[str]],  # unit -> product names
    dict[int, dict[str, str]],  # self-check -> latest option per key
    dict[int, dict[str, int]],  # self-check -> evidence count per key
    dict[int, datetime],  # self-check -> last activity
    set[int],  # units registered as online
    dict[int, Reviews],  # self-check -> the reviews that stand
]


class ReportingMixin(StoreCore):
    # -- access ------------------------------------------------------------------------

    async def report_scope(self, person: Person | int) -> tuple[int, int | None]:
        """(region id, unit id or None) the person may report on: a coordinator their region,
        an officer their own unit. Anyone else: Forbidden."""

        def work(db: sqlite3.Connection) -> tuple[int, int | None]:
            fresh = _rows.live_person(db, person)
            if fresh.role == "coordinator" and fresh.region_id is not None:
                return fresh.region_id, None
            if fresh.role == "officer" and fresh.unit_id is not None:
                region_id, _ = _rows.region_of_unit(db, fresh.unit_id)
                return region_id, fresh.unit_id
            raise Forbidden("no region or unit to report on")

        return await self._run_read(work)

    async def check_unit_access(self, person: Person | int, unit_id: int) -> Unit:
        """The unit, if the person may read it (a coordinator's region, an officer's own)."""
        region_id, own_unit = await self.report_scope(person)
        unit = await self._run_read(lambda db: _rows.read_unit(db, unit_id))
        if unit.region_id != region_id or (own_unit is not None and own_unit != unit_id):
            raise Forbidden("a unit outside the person's scope")
        return unit

    # -- overviews ---------------------------------------------------------------------

    async def overview_for(
        self, person: Person | int, now: datetime | None = None
    ) -> RegionSnapshot:
        region_id, unit_id = await self.report_scope(person)
        return await self.overview(region_id, unit_id=unit_id, now=now)

    async def overview(
        self, region_id: int, *, unit_id: int | None = None, now: datetime | None = None
    ) -> RegionSnapshot:
        """Every unit of the region (or just `unit_id`) with its current self-check's answers."""
        now = now or self.now()

        def work(db: sqlite3.Connection) -> tuple[Region, list[Unit], Cycle | None, _Found]:
            region, units, cycle = _region_units(db, region_id, unit_id, now)
            if cycle is None:
                return region, units, None, ({}, {}, {}, {}, {}, set(), {})
            ids = [u.id for u in units]
            selfchecks = {
                r["unit_id"]: r["id"]
                for r in db.execute(
                    f"SELECT id, unit_id FROM selfchecks WHERE cycle_id = ? "
                    f"AND unit_id IN ({placeholders(ids)})",
                    (cycle.id, *ids),
                ).fetchall()
            }
            sc_ids = list(selfchecks.values())
            found = (
                selfchecks,
                _products(db, ids),
                _latest(db, sc_ids),
                _evidence_counts(db, sc_ids),
                _last_activity(db, sc_ids),
                _online(db, ids),
                reviews_of(db, sc_ids),
            )
            return region, units, cycle, found

        region, units, cycle, read = await self._run_read(work)
        selfchecks, products, latest, evidence, last, online, reviews = read
        if cycle is None:
            return RegionSnapshot(
                region,
                tuple(UnitSnapshot(u, None, None, rubric.AnswerSet(), 0, None) for u in units),
            )
        the_rubric = self.rubric(cycle.rubric_id)
        snapshots = []
        for unit in units:
            sc = selfchecks.get(unit.id)
            names = products.get(unit.id, [])
            keys = _askable(the_rubric, names, unit.id in online)
            mine = latest.get(sc, {}) if sc is not None else {}
            answers = {k: v for k, v in mine.items() if k in keys}
            found = evidence.get(sc, {}) if sc is not None else {}
            counts = {k: n for k, n in found.items() if k in keys}
            snapshots.append(
                UnitSnapshot(
                    unit=unit,
                    cycle=cycle,
                    selfcheck_id=sc,
                    answers=rubric.AnswerSet(
                        answers=answers,
                        products=names,
                        evidence=set(counts),
                        online=unit.id in online,
                    ),
                    evidence_count=sum(counts.values()),
                    last_activity=last.get(sc) if sc is not None else None,
                    reviews=reviews.get(sc, Reviews()) if sc is not None else Reviews(),
                )
            )
        return RegionSnapshot(region, tuple(snapshots))

    # -- workbook rows -----------------------------------------------------------------

    async def answer_lines(
        self,
        region_id: int,
        *,
        unit_id: int | None = None,
        history: bool = False,
        now: datetime | None = None,
    ) -> list[AnswerLine]:
        """Answers of the region's current self-checks: the latest per key, or every answer
        ever given (`history`), by unit name then answer order."""
        now = now or self.now()

        def work(db: sqlite3.Connection) -> tuple[list[Unit], list[sqlite3.Row]]:
            _, units, cycle = _region_units(db, region_id, unit_id, now)
            if cycle is None:
                return units, []
            ids = [u.id for u in units]
            # The region's self-checks once, then the answers (all, or the latest per key:
            # one GROUP BY over the answers_latest index, not a subquery per answer row)
            # and the evidence per key (one GROUP BY, not a COUNT per answer row).
            wanted = (
                "SELECT a.id FROM answers a JOIN region_selfchecks s ON s.id = a.selfcheck_id"
                if history
                else "SELECT MAX(a.id) AS id FROM answers a "
                "JOIN region_selfchecks s ON s.id = a.selfcheck_id GROUP BY a.selfcheck_id, a.key"
            )
            rows = db.execute(
                "WITH region_selfchecks AS (SELECT id, unit_id FROM selfchecks "
                f"WHERE cycle_id = ? AND unit_id IN ({placeholders(ids)})), "
                f"wanted AS ({wanted}), "
                "evidence_counts AS (SELECT e.selfcheck_id, e.key, COUNT(*) AS n FROM evidence e "
                "JOIN region_selfchecks s ON s.id = e.selfcheck_id WHERE e.removed_at IS NULL "
                "GROUP BY e.selfcheck_id, e.key) "
                "SELECT a.key, a.item_id, a.option_id, a.note, a.by, a.at, "
                "s.unit_id, p.name AS product, pe.name AS by_name, "
                "COALESCE(ec.n, 0) AS evidence_count "
                "FROM wanted w JOIN answers a ON a.id = w.id "
                "JOIN region_selfchecks s ON s.id = a.selfcheck_id "
                "LEFT JOIN evidence_counts ec "
                "ON ec.selfcheck_id = a.selfcheck_id AND ec.key = a.key "
                "LEFT JOIN products p ON p.id = a.product_id "
                "LEFT JOIN people pe ON pe.telegram_id = a.by "
                "ORDER BY s.unit_id, a.id",
                (cycle.id, *ids),
            ).fetchall()
            return units, rows

        units, rows = await self._run_read(work)
        names = {u.id: u.name for u in units}
        lines = [
            _rows.build(AnswerLine, r, unit=names[r["unit_id"]], at=from_iso(r["at"])) for r in rows
        ]
        order = {u.id: i for i, u in enumerate(units)}
        return sorted(lines, key=lambda line: order[line.unit_id])

    async def answer_count(
        self, region_id: int, *, unit_id: int | None = None, now: datetime | None = None
    ) -> int:
        """How many answers the region's current self-checks hold, replaced ones included
        (the length of `answer_lines(..., history=True)`), without reading them."""
        now = now or self.now()

        def work(db: sqlite3.Connection) -> int:
            _, units, cycle = _region_units(db, region_id, unit_id, now)
            if cycle is None:
                return 0
            ids = [u.id for u in units]
            row = db.execute(
                "SELECT COUNT(*) AS n FROM answers a JOIN selfchecks s ON s.id = a.selfcheck_id "
                f"WHERE s.cycle_id = ? AND s.unit_id IN ({placeholders(ids)})",
                (cycle.id, *ids),
            ).fetchone()
            return int(row["n"])

        return await self._run_read(work)

    async def evidence_lines(self, unit_id: int, now: datetime | None = None) -> list[EvidenceLine]:
        """Every piece of evidence of the unit's current self-check, oldest first."""
        now = now or self.now()

        def work(db: sqlite3.Connection) -> list[sqlite3.Row]:
            cycle = cycle_now(db, unit_id, now)
            if cycle is None:
                return []
            return db.execute(
                "SELECT e.id, e.selfcheck_id, e.key, e.item_id, e.file_id, e.file_unique_id, "
                "e.kind, e.file_name, e.mime_type, e.size, e.caption, e.media_group_id, e.by, "
                "e.at, u.name AS unit, p.name AS product, pe.name AS by_name, "
                "(SELECT a.note FROM answers a WHERE a.selfcheck_id = e.selfcheck_id "
                "AND a.key = e.key ORDER BY a.id DESC LIMIT 1) AS note "
                "FROM evidence e JOIN selfchecks s ON s.id = e.selfcheck_id "
                "JOIN units u ON u.id = s.unit_id "
                "LEFT JOIN products p ON p.id = e.product_id "
                "LEFT JOIN people pe ON pe.telegram_id = e.by "
                "WHERE s.unit_id = ? AND s.cycle_id = ? AND e.removed_at IS NULL ORDER BY e.id",
                (unit_id, cycle.id),
            ).fetchall()

        rows = await self._run_read(work)
        return [
            EvidenceLine(
                row=evidence_from(r),
                unit=r["unit"],
                item_id=r["item_id"],
                product=r["product"],
                by_name=r["by_name"],
                note=r["note"],
            )
            for r in rows
        ]

    # -- reminders ---------------------------------------------------------------------

    async def reminder_targets(self, now: datetime | None = None) -> ReminderTargets:
        """Officers and coordinators who are active with reminders on, and the cycles."""
        now = now or self.now()

        def work(
            db: sqlite3.Connection,
        ) -> tuple[list[sqlite3.Row], list[sqlite3.Row], dict[int, Cycle | None]]:
            officers = db.execute(
                "SELECT p.telegram_id, p.language, p.app_language, p.unit_id, u.region_id, "
                "r.timezone, p.reminders FROM people p JOIN units u ON u.id = p.unit_id "
                "JOIN regions r ON r.id = u.region_id "
                "WHERE p.role = 'officer' AND p.active = 1 AND p.reminders >= 1 "
                "ORDER BY p.telegram_id"
            ).fetchall()
            coordinators = db.execute(
                "SELECT p.telegram_id, p.language, p.app_language, p.region_id, r.timezone "
                "FROM people p JOIN regions r ON r.id = p.region_id "
                "WHERE p.role = 'coordinator' AND p.active = 1 AND p.reminders >= 1 "
                "ORDER BY p.telegram_id"
            ).fetchall()
            region_ids = {r["region_id"] for r in officers} | {r["region_id"] for r in coordinators}
            cycles: dict[int, Cycle | None] = {}
            for region_id in sorted(region_ids):
                unit = db.execute(
                    "SELECT id FROM units WHERE region_id = ? LIMIT 1", (region_id,)
                ).fetchone()
                cycles[region_id] = None if unit is None else cycle_now(db, unit["id"], now)
            return officers, coordinators, cycles

        officers, coordinators, cycles = await self._run_read(work)
        return ReminderTargets(
            officers=tuple(_rows.build(OfficerTarget, r, mode=r["reminders"]) for r in officers),
            coordinators=tuple(_rows.build(CoordinatorTarget, r) for r in coordinators),
            cycles=cycles,
        )

    async def known_notifications(self, keys: Iterable[str]) -> set[str]:
        """The keys among `keys` already claimed or finished."""
        wanted = list(dict.fromkeys(keys))
        found: set[str] = set()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            rows = await self._fetchall(
                f"SELECT key FROM notifications WHERE key IN ({placeholders(chunk)})", chunk
            )
            found.update(r["key"] for r in rows)
        return found


def _askable(the_rubric: rubric.Rubric, products: list[str], online: bool = False) -> set[str]:
    return {e.key for e in rubric.checklist(the_rubric, products, online)}


def _online(db: sqlite3.Connection, unit_ids: list[int]) -> set[int]:
    """Which of the units are registered as serving online (PEKPPP form B)."""
    sql = f"SELECT id FROM units WHERE online = 1 AND id IN ({placeholders(unit_ids)})"
    return {r["id"] for r in db.execute(sql, unit_ids).fetchall()}


def _region_units(
    db: sqlite3.Connection, region_id: int, unit_id: int | None, now: datetime
) -> tuple[Region, list[Unit], Cycle | None]:
    """The region, its units (or just `unit_id`) and their current cycle (None without
    units or cycle)."""
    row = db.execute("SELECT id, name, timezone FROM regions WHERE id = ?", (region_id,)).fetchone()
    if row is None:
        raise NotFound(f"region {region_id}")
    region = Region(row["id"], row["name"], row["timezone"])
    sql = "SELECT id, region_id, name FROM units WHERE region_id = ?"
    params: tuple[int, ...] = (region.id,)
    if unit_id is not None:
        sql += " AND id = ?"
        params += (unit_id,)
    rows = db.execute(sql + " ORDER BY name, id", params).fetchall()
    units = [Unit(r["id"], r["region_id"], r["name"], region.name, region.timezone) for r in rows]
    return region, units, None if not units else cycle_now(db, units[0].id, now)


def _products(db: sqlite3.Connection, unit_ids: list[int]) -> dict[int, list[str]]:
    rows = db.execute(
        f"SELECT unit_id, name FROM products WHERE unit_id IN ({placeholders(unit_ids)}) "
        "ORDER BY id",
        unit_ids,
    ).fetchall()
    found: dict[int, list[str]] = {}
    for r in rows:
        found.setdefault(r["unit_id"], []).append(r["name"])
    return found


def _latest(db: sqlite3.Connection, sc_ids: list[int]) -> dict[int, dict[str, str]]:
    """self-check -> key -> the option of its latest answer (the highest id per key)."""
    if not sc_ids:
        return {}
    rows = db.execute(
        "SELECT selfcheck_id, key, option_id FROM answers WHERE id IN ("
        f"SELECT MAX(id) FROM answers WHERE selfcheck_id IN ({placeholders(sc_ids)}) "
        "GROUP BY selfcheck_id, key)",
        sc_ids,
    ).fetchall()
    found: dict[int, dict[str, str]] = {}
    for r in rows:
        found.setdefault(r["selfcheck_id"], {})[r["key"]] = r["option_id"]
    return found


def _evidence_counts(db: sqlite3.Connection, sc_ids: list[int]) -> dict[int, dict[str, int]]:
    return _per_key(db, "COUNT(*) AS n FROM evidence", sc_ids, "n", "removed_at IS NULL AND ")


def _per_key(
    db: sqlite3.Connection, what: str, sc_ids: list[int], column: str, where: str = ""
) -> dict[int, dict[str, Any]]:
    """self-check -> key -> `column` of `SELECT selfcheck_id, key, <what> ... GROUP BY`."""
    if not sc_ids:
        return {}
    rows = db.execute(
        f"SELECT selfcheck_id, key, {what} "
        f"WHERE {where}selfcheck_id IN ({placeholders(sc_ids)}) GROUP BY selfcheck_id, key",
        sc_ids,
    ).fetchall()
    found: dict[int, dict[str, Any]] = {}
    for r in rows:
        found.setdefault(r["selfcheck_id"], {})[r["key"]] = r[column]
    return found


def _last_activity(db: sqlite3.Connection, sc_ids: list[int]) -> dict[int, datetime]:
    if not sc_ids:
        return {}
    marks = placeholders(sc_ids)
    rows = db.execute(
        "SELECT selfcheck_id, MAX(at) AS at FROM ("
        f"SELECT selfcheck_id, at FROM answers WHERE selfcheck_id IN ({marks}) "
        f"UNION ALL SELECT selfcheck_id, at FROM evidence WHERE selfcheck_id IN ({marks})"
        ") AS activity GROUP BY selfcheck_id",
        (*sc_ids, *sc_ids),
    ).fetchall()
    return {r["selfcheck_id"]: from_iso(r["at"]) for r in rows if r["at"] is not None}
