"""Store fixtures: a tiny rubric built in code, a clock you can move, a seeded database.

Import the fixtures into a test module (they are registered under the names
clock, store, seeded): `from tests.store_fixtures import clock_fixture, seeded_fixture,
store_fixture  # noqa: F401`
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

import rubric
from bot.store import Newcomer, Person, Store, UnitRow
from rubric import Band, Dimension, Item, Option, Rubric, Text

TINY = "tiny-2026"
START = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # a Monday, 08:00 in Jakarta


def _t(text: str) -> Text:
    return Text(id=text, en=text)


def _item(item_id: str, **kw: object) -> Item:
    return Item(
        id=item_id,
        question=_t(f"Question {item_id}?"),
        help=_t("help"),
        evidence_hint=_t("a photo"),
        weight=1.0,
        **kw,
    )


def tiny_rubric() -> Rubric:
    """Two dimensions: unit items (one with N/A and evidence) and a product item with levels."""
    levels = (
        Option(id="3", label=_t("Full"), value=1.0),
        Option(id="2", label=_t("Most"), value=2 / 3),
        Option(id="1", label=_t("Some"), value=1 / 3),
        Option(id="0", label=_t("None"), value=0.0),
    )
    return Rubric(
        id=TINY,
        version="1",
        title=_t("Tiny"),
        sources=("tests",),
        notes=_t("made up"),
        dimensions=(
            Dimension(
                id="input",
                title=_t("Input"),
                weight=60,
                items=(
                    _item("sop", evidence_required=True, na_allowed=True),
                    _item("staff"),
                ),
            ),
            Dimension(
                id="output",
                title=_t("Output"),
                weight=40,
                items=(_item("board", scope="product", options=levels),),
            ),
        ),
        categories=(
            Band(code="A", label=_t("A"), min=88, zone="hijau"),
            Band(code="B", label=_t("B"), min=78, zone="hijau"),
            Band(code="C", label=_t("C"), min=54, zone="kuning"),
            Band(code="D", label=_t("D"), min=32, zone="merah"),
            Band(code="E", label=_t("E"), min=0, zone="merah"),
        ),
    )


def load_rubric(rubric_id: str) -> Rubric:
    if rubric_id == TINY:
        return tiny_rubric()
    return rubric.load_builtin(rubric_id)


class Clock:
    """An injectable clock: `clock()` is now; `clock.advance(days=1)` moves it."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


async def open_store(path: Path | str, clock: Clock | None = None) -> Store:
    return await Store.open(path, clock=clock or Clock(), rubric_loader=load_rubric)


SAMPLE_ROWS = [
    UnitRow("Kota Metro", "Dukcapil", "Asia/Jakarta", ("KTP-el", "Akta Kelahiran"), 2),
    UnitRow("Kota Metro", "Puskesmas Yosodadi", "Asia/Jakarta", ("Rawat Jalan",), 3),
    UnitRow("Kota Makassar", "Dukcapil", "Asia/Makassar", ("KTP-el",), 4),
    UnitRow("Kota Jayapura", "Puskesmas Hamadi", "Asia/Jayapura", (), 5),
]


@dataclass
class Seeded:
    """A store with units, an all-regions cycle of the tiny rubric and a few people."""

    store: Store
    clock: Clock
    metro: int
    makassar: int
    dukcapil: int  # Kota Metro/Dukcapil, products KTP-el, Akta Kelahiran
    puskesmas: int  # Kota Metro/Puskesmas Yosodadi
    dukcapil_mks: int  # Kota Makassar/Dukcapil
    officer: Person  # of dukcapil
    officer2: Person  # of dukcapil too
    other_officer: Person  # of puskesmas
    coordinator: Person  # of Kota Metro
    far_coordinator: Person  # of Kota Makassar


async def make_person(store: Store, telegram_id: int, role: str, target: int) -> Person:
    if role == "officer":
        invite = await store.create_invite("officer", unit_id=target, uses=1, days=1)
    else:
        invite = await store.create_invite("coordinator", region_id=target, uses=1, days=1)
    return await store.join(invite.code, Newcomer(telegram_id, f"Person {telegram_id}", "id"))


async def seed(store: Store, clock: Clock) -> Seeded:
    await store.import_units(SAMPLE_ROWS)
    metro = (await store.resolve_region("Kota Metro")).id
    makassar = (await store.resolve_region("Kota Makassar")).id
    dukcapil = (await store.resolve_unit("Kota Metro/Dukcapil")).id
    puskesmas = (await store.resolve_unit("Puskesmas Yosodadi")).id
    dukcapil_mks = (await store.resolve_unit("Kota Makassar/Dukcapil")).id
    await store.open_cycle(TINY, date(2026, 5, 1), date(2026, 9, 30))
    return Seeded(
        store=store,
        clock=clock,
        metro=metro,
        makassar=makassar,
        dukcapil=dukcapil,
        puskesmas=puskesmas,
        dukcapil_mks=dukcapil_mks,
        officer=await make_person(store, 101, "officer", dukcapil),
        officer2=await make_person(store, 102, "officer", dukcapil),
        other_officer=await make_person(store, 103, "officer", puskesmas),
        coordinator=await make_person(store, 201, "coordinator", metro),
        far_coordinator=await make_person(store, 202, "coordinator", makassar),
    )


@pytest.fixture(name="clock")
def clock_fixture() -> Clock:
    return Clock()


@pytest.fixture(name="store")
async def store_fixture(database: Path | str, clock: Clock) -> AsyncIterator[Store]:
    """The store on both backends (conftest.py `database`: SQLite, then PostgreSQL)."""
    opened = await open_store(database, clock)
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture(name="seeded")
async def seeded_fixture(store: Store, clock: Clock) -> Seeded:
    return await seed(store, clock)


# -- backend-neutral probes (the contract tests run on SQLite and PostgreSQL) ---------------


def in_transaction(store: Store) -> bool:
    """Is the store's connection inside a transaction (it must not be between units)?"""
    if store._pg is not None:
        return store._pg.db.in_transaction
    return store._connection()._conn.in_transaction


async def writes_so_far(store: Store) -> int:
    """A number that grows whenever the database is written: SQLite's total_changes; on
    PostgreSQL the next transaction id (only a transaction that writes takes one)."""
    if store._pg is not None:
        row = await store._fetchone("SELECT pg_snapshot_xmax(pg_current_snapshot())::text")
        assert row is not None
        return int(row[0])
    changes: int = store._connection()._conn.total_changes
    return changes


def query(path: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Rows of `sql` read straight from the SQLite file at `path`, as plain tuples."""
    conn = sqlite3.connect(path)
    try:
        return [tuple(row) for row in conn.execute(sql, params).fetchall()]
    finally:
        conn.close()
