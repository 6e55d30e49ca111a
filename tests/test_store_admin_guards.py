"""The store refuses what the CLI refuses, for any other caller: cycle dates the calendar
cannot do arithmetic on, and time zones outside Indonesia's three."""

from __future__ import annotations

from datetime import date

import pytest

from bot.store import Invalid, Store, UnitRow
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
