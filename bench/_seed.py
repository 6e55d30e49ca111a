"""Realistic databases for the benchmarks, written through the Store API.

Regions and units in the shape of examples/units.csv (Lampung-style region names, units with
one to three service products), one ombudsman-2024 cycle for all regions, officers joined
with real invite codes. Seeding is not what is measured, so big seeds run with
`synchronous = OFF` on the seeding connection (`fast=True`); the store itself is unchanged.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import rubric
from bot.store import EvidenceFile, KeyWrite, Newcomer, Person, Store, UnitRow

RUBRIC = "ombudsman-2024"
REGIONS = (
    ("Provinsi Lampung", "Asia/Jakarta"),
    ("Kota Metro", "Asia/Jakarta"),
    ("Kabupaten Lampung Utara", "Asia/Jakarta"),
    ("Kabupaten Way Kanan", "Asia/Jakarta"),
    ("Kota Pangkalpinang", "Asia/Jakarta"),
    ("Kota Makassar", "Asia/Makassar"),
    ("Kota Jayapura", "Asia/Jayapura"),
)
UNIT_KINDS = (
    ("Dinas Kependudukan dan Pencatatan Sipil", ("KTP-el", "Kartu Keluarga", "Akta Kelahiran")),
    ("DPMPTSP", ("Perizinan Berusaha", "Izin Non-Berusaha")),
    ("Dinas Sosial", ("Rekomendasi Bantuan Sosial", "Surat Keterangan Tidak Mampu")),
    ("Puskesmas", ("Rawat Jalan", "Imunisasi", "Kesehatan Ibu dan Anak")),
    ("Samsat", ("Pajak Kendaraan Bermotor", "Balik Nama Kendaraan")),
    ("Dinas Pendidikan", ("Mutasi Siswa", "Legalisir Ijazah")),
    ("Dinas Kesehatan", ("Surat Izin Praktik",)),
    ("RSUD", ("Rawat Inap", "Instalasi Gawat Darurat", "Rawat Jalan")),
)
FIRST_OFFICER = 700_000_000
"""Telegram ids of seeded officers start here (the fake server creates chats on demand)."""
# Share of answers per option position (best first), like a unit half-way through preparing.
OPTION_WEIGHTS = {2: (0.6, 0.4), 3: (0.5, 0.3, 0.2), 4: (0.4, 0.3, 0.2, 0.1)}


def utc_now() -> datetime:
    return datetime.now(UTC)


def window(now: datetime) -> tuple[date, date]:
    """A cycle that accepts answers now and has no reminder due around `now` (it opens in
    20 days: the 30-days-before reminder is older than the dispatcher's look-back, the
    14-days-before one is still ahead), so a bot starting up sends nothing."""
    opens = now.date() + timedelta(days=20)
    return opens, opens + timedelta(days=150)


def unit_rows(count: int, *, region: str | None = None, seed: int = 1) -> list[UnitRow]:
    """`count` units spread over the regions (or all in `region`), each with 1-3 products."""
    rng = random.Random(seed)
    rows = []
    for n in range(count):
        if region is None:
            region_name, timezone = REGIONS[n % len(REGIONS)]
        else:
            region_name, timezone = region, "Asia/Jakarta"
        kind, products = UNIT_KINDS[n % len(UNIT_KINDS)]
        chosen = tuple(products[: rng.randint(1, len(products))])
        rows.append(
            UnitRow(
                region=region_name,
                unit=f"{kind} {n + 1:04d}",
                timezone=timezone,
                products=chosen,
                line=n + 1,
            )
        )
    return rows


@dataclass
class Officer:
    telegram_id: int
    unit_id: int
    products: tuple[str, ...]
    person: Person | None = None


@dataclass
class World:
    path: Path | str
    cycle_id: int = 0
    opens: date | None = None
    officers: list[Officer] = field(default_factory=list)
    units: dict[int, tuple[str, ...]] = field(default_factory=dict)
    """unit id -> product names"""
    region_ids: dict[str, int] = field(default_factory=dict)


async def open_store(
    path: Path | str, *, clock: Callable[[], datetime] = utc_now, fast: bool = False
) -> Store:
    store = await Store.open(path, clock=clock)
    if fast and not store.is_postgres:
        # Seeding only: skip the fsync per commit. The benchmarks reopen the file normally.
        await store._connection().execute("PRAGMA synchronous = OFF")
    return store


async def seed_units_and_officers(
    path: Path | str,
    *,
    units: int,
    officers_per_unit: int = 1,
    region: str | None = None,
    now: datetime | None = None,
    fast: bool = True,
) -> World:
    """Units, one all-regions ombudsman-2024 cycle that accepts answers now, joined officers."""
    now = now or utc_now()
    world = World(path)
    store = await open_store(path, clock=lambda: now, fast=fast)
    try:
        rows = unit_rows(units, region=region)
        await store.import_units(rows)
        for region_row in await store.regions():
            world.region_ids[region_row.name] = region_row.id
        opens, closes = window(now)
        cycle = await store.open_cycle(RUBRIC, opens, closes, now=now)
        world.cycle_id, world.opens = cycle.id, opens
        listing = {(u.unit.region, u.unit.name): u.unit.id for u in await store.list_units()}
        next_id = FIRST_OFFICER
        for row in rows:
            unit_id = listing[(row.region, row.unit)]
            world.units[unit_id] = row.products
            if officers_per_unit <= 0:
                continue
            invite = await store.create_invite(
                "officer", unit_id=unit_id, uses=officers_per_unit, days=14, now=now
            )
            for _ in range(officers_per_unit):
                person = await store.join(
                    invite.code, Newcomer(next_id, f"Petugas {next_id}"), now=now
                )
                world.officers.append(Officer(next_id, unit_id, row.products, person))
                next_id += 1
    finally:
        await store.close()
    return world


def checklist(the_rubric: rubric.Rubric, products: tuple[str, ...]) -> list[str]:
    """The askable keys of a unit in checklist order (as the store builds them)."""
    keys = []
    for item in the_rubric.items:
        if item.scope == "product":
            keys += [rubric.answer_key(item.id, p) for p in products]
        else:
            keys.append(item.id)
    return keys


def pick_option(rng: random.Random, item: rubric.Item) -> int:
    """An option index (0 = best) drawn with OPTION_WEIGHTS."""
    count = len(item.options)
    weights = OPTION_WEIGHTS.get(count) or tuple(1.0 for _ in range(count))
    return rng.choices(range(count), weights=weights)[0]


async def seed_history(
    world: World,
    *,
    rounds: int = 3,
    evidence_share: float = 0.5,
    completion: float = 1.0,
    now: datetime | None = None,
    seed: int = 7,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Answer every unit's checklist `rounds` times over the past weeks (history), the last
    round covering `completion` of the keys; attach evidence to `evidence_share` of the
    positive evidence items. Through `record_answer` / `attach_evidence`. Returns answers."""
    now = now or utc_now()
    rng = random.Random(seed)
    the_rubric = rubric.load_builtin(RUBRIC)
    by_unit: dict[int, Officer] = {}
    for officer in world.officers:
        by_unit.setdefault(officer.unit_id, officer)
    store = await open_store(world.path, clock=lambda: now, fast=True)
    written = 0
    try:
        for n, (unit_id, officer) in enumerate(sorted(by_unit.items())):
            assert officer.person is not None
            selfcheck = await store.current_selfcheck(officer.person, now=now)
            assert selfcheck is not None
            keys = checklist(the_rubric, world.units[unit_id])
            for round_no in range(rounds):
                at = now - timedelta(days=7 * (rounds - round_no))
                last = round_no == rounds - 1
                for key in keys:
                    if rng.random() > (completion if last else 0.6):
                        continue
                    item = the_rubric.item(key.partition("@")[0])
                    assert item is not None
                    option = item.options[pick_option(rng, item)]
                    await store.record_answer(
                        KeyWrite(officer.person, selfcheck.id, key), option.id, now=at
                    )
                    written += 1
                    if (
                        last
                        and item.evidence_required
                        and option.value > 0
                        and rng.random() < evidence_share
                    ):
                        uid = f"U{unit_id:05d}{written:07d}"
                        await store.attach_evidence(
                            KeyWrite(officer.person, selfcheck.id, key),
                            EvidenceFile(
                                file_id=f"PHO-{uid}-AgACAgUAAxkBAAIBZmV",
                                file_unique_id=uid,
                                kind="photo",
                                size=rng.randint(80_000, 2_500_000),
                                caption="Foto papan informasi standar pelayanan",
                            ),
                            now=at,
                        )
            if progress is not None:
                progress(n + 1)
    finally:
        await store.close()
    return written


# -- bulk rows ----------------------------------------------------------------------------
# Hundreds of thousands of rows through one API call each would take minutes of seeding
# per run (about 450 record_answer calls a second even without fsync). These helpers
# write the same rows the store methods write, in one transaction per table, through the
# store's own unit of work. They know the schema of bot/migrations; the smoke test
# (tests/test_bench_smoke.py) reads the result back through the Store API, so a schema
# change that breaks them fails there.


def _iso(moment: datetime) -> str:
    from bot.store.core import iso

    return iso(moment)


async def bulk_officers(
    world: World, per_unit: int, *, now: datetime | None = None, first_id: int = 800_000_000
) -> int:
    """`per_unit` more officers in every unit, as `join` would leave them."""
    now = now or utc_now()
    rows = []
    next_id = first_id
    for unit_id in sorted(world.units):
        for _ in range(per_unit):
            rows.append((next_id, f"Petugas {next_id}", "officer", unit_id, None, _iso(now)))
            world.officers.append(Officer(next_id, unit_id, world.units[unit_id]))
            next_id += 1
    store = await open_store(world.path, fast=True)
    try:

        def add_people(db: sqlite3.Connection) -> None:
            units = {
                r["id"]: r["region_id"]
                for r in db.execute("SELECT id, region_id FROM units").fetchall()
            }
            db.executemany(
                "INSERT INTO people (telegram_id, name, role, unit_id, region_id, joined_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [(*r[:3], r[3], units[r[3]], r[5]) for r in rows],
            )

        await store._run_write(add_people)
    finally:
        await store.close()
    return len(rows)


async def bulk_history(
    world: World,
    *,
    rounds: int = 3,
    evidence_share: float = 0.5,
    completion: float = 1.0,
    now: datetime | None = None,
    seed: int = 7,
) -> tuple[int, int]:
    """Like `seed_history` (answers over `rounds` weeks, evidence on the last round), in bulk.
    Returns (answers, evidence rows)."""
    now = now or utc_now()
    rng = random.Random(seed)
    the_rubric = rubric.load_builtin(RUBRIC)
    by_unit: dict[int, Officer] = {}
    for officer in world.officers:
        by_unit.setdefault(officer.unit_id, officer)
    store = await open_store(world.path, clock=lambda: now, fast=True)
    answers: list[tuple[object, ...]] = []
    evidence: list[tuple[object, ...]] = []
    try:
        for unit_id, officer in sorted(by_unit.items()):
            assert officer.person is not None, "bulk_history needs officers who joined"
            selfcheck = await store.current_selfcheck(officer.person, now=now)
            assert selfcheck is not None
            product_ids = {p.name: p.id for p in await store.products(officer.person)}
            keys = checklist(the_rubric, world.units[unit_id])
            for round_no in range(rounds):
                at = now - timedelta(days=7 * (rounds - round_no), minutes=rng.randint(0, 600))
                last = round_no == rounds - 1
                for key in keys:
                    if rng.random() > (completion if last else 0.6):
                        continue
                    item_id, _, product = key.partition("@")
                    item = the_rubric.item(item_id)
                    assert item is not None
                    option = item.options[pick_option(rng, item)]
                    product_id = product_ids[product] if product else None
                    answers.append(
                        (
                            selfcheck.id,
                            key,
                            item_id,
                            product_id,
                            option.id,
                            None,
                            officer.telegram_id,
                            _iso(at),
                        )
                    )
                    if (
                        last
                        and item.evidence_required
                        and option.value > 0
                        and rng.random() < evidence_share
                    ):
                        for _ in range(rng.randint(1, 3)):
                            uid = f"U{unit_id:05d}{len(evidence):08d}"
                            evidence.append(
                                (
                                    selfcheck.id,
                                    key,
                                    item_id,
                                    product_id,
                                    f"AgACAgUAAxkBAAIBZmV{uid}",
                                    uid,
                                    "photo",
                                    None,
                                    "image/jpeg",
                                    rng.randint(80_000, 2_500_000),
                                    "Foto papan informasi standar pelayanan",
                                    None,
                                    officer.telegram_id,
                                    _iso(at),
                                )
                            )

        def add_answers(db: sqlite3.Connection) -> None:
            db.executemany(
                "INSERT INTO answers (selfcheck_id, key, item_id, product_id, option_id, note, "
                "by, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                answers,
            )
            db.executemany(
                "INSERT INTO evidence (selfcheck_id, key, item_id, product_id, file_id, "
                "file_unique_id, kind, file_name, mime_type, size, caption, media_group_id, "
                "by, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                evidence,
            )

        await store._run_write(add_answers)
    finally:
        await store.close()
    return len(answers), len(evidence)


async def bulk_notifications(
    world: World, count: int, *, now: datetime | None = None, status: str = "claimed"
) -> int:
    """`count` notification rows keyed like the dispatcher's, spread over the officers and
    past Mondays; `claimed` = left behind by a crash an hour ago (pending)."""
    now = now or utc_now()
    rows = []
    officers = world.officers
    week = 0
    while len(rows) < count:
        day = (now - timedelta(days=7 * (week + 1))).date()
        for officer in officers:
            if len(rows) >= count:
                break
            key = f"remind:{officer.telegram_id}:{world.cycle_id}:weekly:{day.isoformat()}"
            due = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=1)
            rows.append(
                (
                    key,
                    officer.telegram_id,
                    "remind:weekly",
                    _iso(due),
                    status,
                    _iso(now - timedelta(hours=1)),
                    None if status == "claimed" else _iso(due),
                )
            )
        week += 1
    store = await open_store(world.path, fast=True)
    try:
        await store._run_write(
            lambda db: db.executemany(
                "INSERT INTO notifications (key, telegram_id, kind, due_at, status, claimed_at, "
                "finished_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
        )
    finally:
        await store.close()
    return len(rows)
