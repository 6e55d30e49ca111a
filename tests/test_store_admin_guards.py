"""The store refuses what the CLI refuses, for any other caller: cycle dates the calendar
cannot do arithmetic on, overlapping cycles of one instrument in one scope, and time zones
outside Indonesia's three."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from bot.store import Invalid, NotFound, Overlap, Store, UnitRow
from tests.store_fixtures import Clock, clock_fixture, store_fixture  # noqa: F401


@pytest.mark.parametrize(
    ("opens", "closes", "says"),
    [
        (
            date(9999, 5, 1),
            date(9999, 12, 31),
            "9999-05-01: the year must be between 2000 and 2100",
        ),
        (date(2027, 5, 1), date(2101, 1, 1), "2101-01-01: the year must be between 2000 and 2100"),
        (date(1999, 5, 1), date(2000, 1, 1), "1999-05-01: the year must be between 2000"),
        (date(2027, 1, 1), date(2028, 6, 1), "longer than a year"),
        (date(2027, 9, 30), date(2027, 5, 3), "must be after opens"),
    ],
)
async def test_cycle_dates_out_of_range_are_refused(
    store: Store, opens: date, closes: date, says: str
) -> None:
    with pytest.raises(Invalid) as refused:
        await store.open_cycle("ombudsman-2024", opens, closes)
    assert says in str(refused.value)
    assert await store.cycles() == []


async def test_a_leap_year_window_and_the_usual_window_are_fine(store: Store) -> None:
    whole = await store.open_cycle("ombudsman-2024", date(2028, 1, 1), date(2028, 12, 31))
    usual = await store.open_cycle("pekppp-2024", date(2027, 5, 3), date(2027, 9, 30))
    assert sorted(c.id for c in await store.cycles()) == [whole.id, usual.id]


async def test_only_indonesian_time_zones_and_their_aliases(store: Store) -> None:
    with pytest.raises(Invalid) as refused:
        await store.import_units([UnitRow("Kota Paris", "Unit P", "Europe/Paris", (), line=2)])
    assert "row 2: time zone 'Europe/Paris' is not one of" in str(refused.value)
    await store.import_units(
        [UnitRow("Kota Makassar", "Samsat", "wita", ()), UnitRow("Kota Jayapura", "RSUD", "WIT")]
    )
    zones = {r.name: r.timezone for r in await store.regions()}
    assert zones == {"Kota Makassar": "Asia/Makassar", "Kota Jayapura": "Asia/Jayapura"}


async def test_cycles_never_overlap_in_one_scope(store: Store) -> None:
    """The same scope: refused, both end days included, whatever the rubric (a unit has one
    current cycle: another instrument's later window hid the first, found by the stop's
    review). A region's cycle over an every-region one, or another region: fine (SPEC: the
    region's is the current one there)."""
    await store.import_units([UnitRow("Kota Metro", "A", None, ()), UnitRow("Kota Solok", "B")])
    metro = await store.resolve_region("Kota Metro")
    solok = await store.resolve_region("Kota Solok")
    national = await store.open_cycle("ombudsman-2024", date(2027, 5, 3), date(2027, 9, 30))
    for opens, closes in (
        (date(2027, 9, 30), date(2027, 12, 1)),
        (date(2027, 1, 1), date(2027, 5, 3)),
    ):
        with pytest.raises(Overlap) as refused:
            await store.open_cycle("ombudsman-2025", opens, closes)
        assert refused.value.other == national
    regional = await store.open_cycle(
        "ombudsman-2025", date(2027, 6, 1), date(2027, 10, 31), metro.id
    )
    with pytest.raises(Overlap) as refused:
        await store.open_cycle("ombudsman-2024", date(2027, 10, 31), date(2027, 11, 30), metro.id)
    assert refused.value.other == regional
    await store.open_cycle("ombudsman-2025", date(2027, 6, 1), date(2027, 10, 31), solok.id)
    with pytest.raises(Overlap) as refused:
        await store.open_cycle("pekppp-2025", date(2027, 5, 15), date(2027, 9, 30))
    assert refused.value.other == national
    await store.open_cycle("pekppp-2025", date(2027, 10, 1), date(2027, 12, 20))
    await store.open_cycle("ombudsman-2025", date(2027, 12, 21), date(2028, 3, 1))
    assert len(await store.cycles()) == 5
    assert [r[0] for r in await store._fetchall("SELECT action FROM audit_log")].count(
        "cycle.open"
    ) == 5


async def test_edit_cycle_moves_its_window_and_keeps_its_id(store: Store) -> None:
    await store.import_units([UnitRow("Kota Metro", "A", None, ())])
    first = await store.open_cycle("ombudsman-2025", date(2027, 5, 3), date(2027, 9, 30))
    typo = await store.open_cycle("ombudsman-2025", date(2028, 5, 3), date(2028, 9, 30))
    edited = await store.edit_cycle(typo.id, date(2026, 11, 2), date(2027, 3, 31), who="cli:ani")
    assert (edited.id, edited.year, edited.opens, edited.closes) == (
        typo.id,
        2026,
        date(2026, 11, 2),
        date(2027, 3, 31),
    )
    assert edited.created_at == typo.created_at and edited.rubric_id == typo.rubric_id
    # Its own old window is no overlap; another cycle's is, and nothing changes then.
    assert await store.edit_cycle(typo.id, date(2026, 11, 1), date(2027, 3, 31))
    with pytest.raises(Overlap) as refused:
        await store.edit_cycle(typo.id, date(2026, 11, 1), date(2027, 5, 3))
    assert refused.value.other == first
    with pytest.raises(Invalid):
        await store.edit_cycle(typo.id, date(2027, 3, 31), date(2027, 3, 31))
    with pytest.raises(NotFound):
        await store.edit_cycle(999, date(2029, 5, 3), date(2029, 9, 30))
    assert await store.cycle(typo.id) == replace(edited, opens=date(2026, 11, 1))
    [(who, details)] = await store._fetchall(
        "SELECT who, details FROM audit_log WHERE action = 'cycle.edit' ORDER BY id LIMIT 1"
    )
    assert who == "cli:ani" and json.loads(details) == {
        "cycle_id": typo.id,
        "opens": "2026-11-02",
        "closes": "2027-03-31",
        "was": {"opens": "2028-05-03", "closes": "2028-09-30"},
    }
