"""`units import` without holding the bot hostage: stage, then one short set-based merge.

The rows (already checked) are first written to TEMP tables of the store's connection.
Temp tables live in the connection's own temp database, so staging takes no lock on the
live database: the bot keeps writing meanwhile. Then one `BEGIN IMMEDIATE … COMMIT` merges
them with a handful of set-based statements (regions, time zones, units, products, the
audit entry): all or nothing, as before, but the write lock is held for the merge only
(well under a second for 100,000 rows, where the row-by-row loop held it for two minutes
and the bot's writes failed with "database is locked").
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime

from bot.store.core import audit_row, iso
from bot.store.errors import Invalid
from bot.store.limits import PRODUCTS_PER_UNIT
from bot.store.types import ImportResult, UnitRow

STAGE_BATCH = 5000
"""Rows staged per transaction of the temp database (short, and nothing waits on them)."""


def stage(db: sqlite3.Connection, rows: Sequence[UnitRow]) -> None:
    """Write `rows` to temp tables (autocommit connection; no lock on the live database)."""
    db.execute("DROP TABLE IF EXISTS temp.import_units")
    db.execute("DROP TABLE IF EXISTS temp.import_products")
    db.execute(
        "CREATE TEMP TABLE import_units "
        "(line INTEGER, region TEXT, unit TEXT, timezone TEXT, online INTEGER)"
    )
    db.execute(
        "CREATE TEMP TABLE import_products (seq INTEGER, region TEXT, unit TEXT, product TEXT)"
    )
    seq = 0
    for start in range(0, len(rows), STAGE_BATCH):
        chunk = rows[start : start + STAGE_BATCH]
        products = []
        for row in chunk:
            for product in row.products:
                seq += 1
                products.append((seq, row.region, row.unit, product))
        db.execute("BEGIN")
        try:
            db.executemany(
                "INSERT INTO temp.import_units VALUES (?, ?, ?, ?, ?)",
                [
                    (n, r.region, r.unit, r.timezone, None if r.online is None else int(r.online))
                    for n, r in enumerate(chunk, start)
                ],
            )
            db.executemany("INSERT INTO temp.import_products VALUES (?, ?, ?, ?)", products)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise


def merge(
    db: sqlite3.Connection, default_timezone: str, now: datetime, who: int | str, rows: int
) -> ImportResult:
    """The staged rows into the live tables; call inside BEGIN IMMEDIATE … COMMIT."""
    regions_added = db.execute(
        "INSERT INTO regions (name, timezone) "
        "SELECT region, COALESCE(MAX(timezone), ?) FROM temp.import_units WHERE true "
        "GROUP BY region ORDER BY MIN(line) ON CONFLICT(name) DO NOTHING",
        (default_timezone,),
    ).rowcount
    timezones_updated = db.execute(
        "UPDATE regions SET timezone = s.timezone FROM "
        "(SELECT region, MAX(timezone) AS timezone FROM temp.import_units "
        " WHERE timezone IS NOT NULL GROUP BY region) AS s "
        "WHERE regions.name = s.region AND regions.timezone != s.timezone"
    ).rowcount
    units_added = db.execute(
        "INSERT INTO units (region_id, name) "
        "SELECT r.id, s.unit FROM "
        "(SELECT region, unit, MIN(line) AS line FROM temp.import_units GROUP BY region, unit) s "
        "JOIN regions r ON r.name = s.region WHERE true ORDER BY s.line "
        "ON CONFLICT(region_id, name) DO NOTHING"
    ).rowcount
    products_added = db.execute(
        "INSERT INTO products (unit_id, name, created_at) "
        "SELECT u.id, p.product, ? FROM "
        "(SELECT region, unit, product, MIN(seq) AS seq FROM temp.import_products "
        " GROUP BY region, unit, product) p "
        "JOIN regions r ON r.name = p.region "
        "JOIN units u ON u.region_id = r.id AND u.name = p.unit "
        "WHERE true ORDER BY p.seq ON CONFLICT(unit_id, name) DO NOTHING",
        (iso(now),),
    ).rowcount
    _check_product_caps(db)
    online_updated = db.execute(
        "UPDATE units SET online = s.online FROM "
        # `online` of each unit's last row that sets it (a window: portable SQL).
        "(SELECT region, unit, online FROM (SELECT region, unit, online, ROW_NUMBER() OVER "
        "  (PARTITION BY region, unit ORDER BY line DESC) AS latest FROM temp.import_units "
        "  WHERE online IS NOT NULL) AS w WHERE latest = 1) AS s "
        "JOIN regions r ON r.name = s.region "
        "WHERE units.region_id = r.id AND units.name = s.unit AND units.online != s.online"
    ).rowcount
    result = ImportResult(
        regions_added,
        units_added,
        products_added,
        timezones_updated,
        online_updated=online_updated,
    )
    audit_row(
        db,
        who,
        "units.import",
        {
            "rows": rows,
            "regions_added": regions_added,
            "units_added": units_added,
            "products_added": products_added,
            "timezones_updated": timezones_updated,
            "online_updated": online_updated,
        },
        now,
    )
    return result


def _check_product_caps(db: sqlite3.Connection) -> None:
    """Refuse the whole import (it rolls back) when it leaves an imported unit with more than
    PRODUCTS_PER_UNIT products, naming the first such unit: the cap the chat keeps."""
    row = db.execute(
        "SELECT r.name AS region, u.name AS unit, COUNT(p.id) AS n FROM products p "
        "JOIN units u ON u.id = p.unit_id JOIN regions r ON r.id = u.region_id "
        "WHERE p.unit_id IN (SELECT u2.id FROM temp.import_units s "
        "JOIN regions r2 ON r2.name = s.region "
        "JOIN units u2 ON u2.region_id = r2.id AND u2.name = s.unit) "
        "GROUP BY r.name, u.name HAVING COUNT(p.id) > ? ORDER BY r.name, u.name LIMIT 1",
        (PRODUCTS_PER_UNIT,),
    ).fetchone()
    if row is not None:
        raise Invalid(
            "too_many_products",
            f"{row['region']}/{row['unit']} would have {row['n']} products; "
            f"a unit has at most {PRODUCTS_PER_UNIT}",
        )


def drop_stage(db: sqlite3.Connection) -> None:
    db.execute("DROP TABLE IF EXISTS temp.import_units")
    db.execute("DROP TABLE IF EXISTS temp.import_products")
