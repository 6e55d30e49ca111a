"""Issue 16 #8: `units import` stages its rows outside the write lock and merges them in one
short unit of work: a 100,000-row import takes seconds, and another connection writing
meanwhile (the bot) never waits near its 5-second busy timeout, let alone fails."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from bot.store import PRODUCTS_PER_UNIT, Invalid, Store, UnitRow


def rows(count: int, *, per_region: int = 100) -> list[UnitRow]:
    return [
        UnitRow(
            f"Kabupaten {n // per_region:04d}",
            f"Unit Layanan {n:06d}",
            "Asia/Makassar" if n // per_region % 3 == 0 else None,
            (f"Produk {n % 7}",),
            n + 2,
        )
        for n in range(count)
    ]


async def test_a_big_import_is_quick_and_never_locks_others_out(tmp_path: Path) -> None:
    path = tmp_path / "siapnilai.db"
    store = await Store.open(path)
    await store.import_units(rows(10))  # the first rows are already there: idempotent merge
    waits: list[float] = []
    failures: list[str] = []
    stop = threading.Event()

    def other_writer() -> None:  # the bot, in another process, writing all along
        conn = sqlite3.connect(path, isolation_level=None, timeout=5.0)
        try:
            n = 0
            while not stop.is_set():
                started = time.monotonic()
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    conn.execute(
                        "INSERT OR REPLACE INTO meta (key, value) VALUES ('beside', ?)", (str(n),)
                    )
                    conn.execute("COMMIT")
                except sqlite3.OperationalError as exc:
                    failures.append(str(exc))
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                waits.append(time.monotonic() - started)
                n += 1
                time.sleep(0.005)
        finally:
            conn.close()

    thread = threading.Thread(target=other_writer)
    thread.start()
    try:
        started = time.monotonic()
        result = await store.import_units(rows(100_000))
        took = time.monotonic() - started
    finally:
        stop.set()
        thread.join()
    try:
        assert (result.regions_added, result.units_added) == (999, 100_000 - 10)
        assert result.products_added == 100_000 - 10
        assert result.timezones_updated == 0  # the first region got its zone the first time
        assert took < 40, took  # the row-by-row import took 118 s on the attack machine
        assert failures == []
        assert waits and max(waits) < 4.0, max(waits)
        units = await store.list_units()
        assert len(units) == 100_000
        again = await store.import_units(rows(100_000))
        assert (again.regions_added, again.units_added, again.products_added) == (0, 0, 0)
        zones = {u.unit.region: u.unit.timezone for u in units}
        assert zones["Kabupaten 0000"] == "Asia/Makassar"
        assert zones["Kabupaten 0001"] == "Asia/Jakarta"
    finally:
        await store.close()


async def test_import_keeps_file_order_and_counts_zone_changes(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "siapnilai.db")
    try:
        await store.import_units(
            [
                UnitRow("Kota B", "Unit 2", None, ("P2", "P1"), 2),
                UnitRow("Kota A", "Unit 1", None, (), 3),
                UnitRow("Kota B", "Unit 1", None, ("P1",), 4),
            ]
        )
        listing = await store.list_units()
        ids = {(u.unit.region, u.unit.name): u.unit.id for u in listing}
        assert ids[("Kota B", "Unit 2")] < ids[("Kota A", "Unit 1")] < ids[("Kota B", "Unit 1")]
        products = {(u.unit.region, u.unit.name): list(u.products) for u in listing}
        assert products[("Kota B", "Unit 2")] == ["P2", "P1"]
        changed = await store.import_units(
            [UnitRow("Kota B", "Unit 2", "Asia/Jayapura", ("P3",), 2)]
        )
        assert (changed.timezones_updated, changed.products_added, changed.units_added) == (1, 1, 0)
    finally:
        await store.close()


async def test_an_import_that_passes_the_product_cap_changes_nothing(tmp_path: Path) -> None:
    """Issue 16 #10: the 30-products cap the chat keeps holds for the CSV too, counting the
    products a unit already has; the import is refused whole, naming the unit."""
    store = await Store.open(tmp_path / "siapnilai.db")
    try:
        await store.import_units([UnitRow("Kota A", "Unit 1", None, ("P0",), 2)])
        many = tuple(f"P{n}" for n in range(1, PRODUCTS_PER_UNIT))  # 29 more: 30 in all
        await store.import_units([UnitRow("Kota A", "Unit 1", None, many, 2)])
        with pytest.raises(Invalid, match="Kota A/Unit 1 would have 31 products"):
            await store.import_units(
                [
                    UnitRow("Kota A", "Unit 2", None, ("Q",), 2),
                    UnitRow("Kota A", "Unit 1", None, ("P30",), 3),
                ]
            )
        units = {u.unit.name: len(u.products) for u in await store.list_units()}
        assert units == {"Unit 1": PRODUCTS_PER_UNIT}  # nothing of the refused file stayed
    finally:
        await store.close()
