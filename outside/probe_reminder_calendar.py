"""Walk the clock hour by hour through a January cycle in WITA (opens Monday 2027-01-04, so
day 7 before is also a Monday) with the real bot's dispatcher: what each officer and
coordinator receives and when (UTC and local); then a `cycle edit` and a regional cycle
that overrides the all-regions one."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot import reminders
from bot.services import services_of
from bot.store import Newcomer, Store, UnitRow
from tests.fakebot import FakeBotAPI
from tests.store_fixtures import Clock
from tests.test_coordinator import build

OFF_WIB, OFF_WITA, OFF_WIT, CO_WITA = 601, 602, 603, 604
ZONES = {
    OFF_WIB: "Asia/Jakarta",
    OFF_WITA: "Asia/Makassar",
    OFF_WIT: "Asia/Jayapura",
    CO_WITA: "Asia/Makassar",
}


async def seed(db: Any, clock: Clock, fake_api: FakeBotAPI) -> None:
    store = await Store.open(db, clock=clock)
    try:
        await store.import_units(
            [
                UnitRow("Kota Metro", "Dukcapil Kota Metro", "Asia/Jakarta", ("KTP-el",), 1),
                UnitRow("Kota Makassar", "Dukcapil Makassar", "Asia/Makassar", ("KTP-el",), 2),
                UnitRow("Kota Jayapura", "Puskesmas Hamadi", "Asia/Jayapura", ("Rawat Jalan",), 3),
            ]
        )
        await store.open_cycle("ombudsman-2024", date(2027, 1, 4), date(2027, 3, 31))
        for tg, unit in (
            (OFF_WIB, "Dukcapil Kota Metro"),
            (OFF_WITA, "Dukcapil Makassar"),
            (OFF_WIT, "Puskesmas Hamadi"),
        ):
            u = (await store.resolve_unit(unit)).id
            inv = await store.create_invite("officer", unit_id=u, uses=1, days=30)
            await store.join(inv.code, Newcomer(tg, f"Petugas {tg}", "id"))
            fake_api.user(tg, f"Petugas {tg}")
        r = (await store.resolve_region("Kota Makassar")).id
        inv = await store.create_invite("coordinator", region_id=r, uses=1, days=30)
        await store.join(inv.code, Newcomer(CO_WITA, "Koord", "id"))
        fake_api.user(CO_WITA, "Koord")
    finally:
        await store.close()


def log(fake_api: FakeBotAPI, seen: dict[int, int], now: datetime) -> None:
    for tg, zone in ZONES.items():
        msgs = fake_api.sent_messages(tg)
        for m in msgs[seen.get(tg, 0) :]:
            first = (m.text or m.caption or "<media>").splitlines()
            local = now.astimezone(ZoneInfo(zone))
            print(
                f"{now:%Y-%m-%d %H:%M}Z {local:%a %Y-%m-%d %H:%M} local -> {tg}: "
                f"{' | '.join(first[:2])[:150]}"
            )
        seen[tg] = len(msgs)


async def test_walk(tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any) -> None:
    clock = Clock(datetime(2026, 11, 1, 2, 0, tzinfo=UTC))
    await seed(tmp_settings.database, clock, fake_api)
    seen: dict[int, int] = {}
    async with running_bot(tmp_settings, clock=clock, build=build) as app:
        store: Store = services_of(app).store
        edited = regional = False
        while clock.now < datetime(2027, 2, 2, tzinfo=UTC):
            await reminders.dispatch(app, clock.now)
            log(fake_api, seen, clock.now)
            if not edited and clock.now >= datetime(2026, 12, 22, tzinfo=UTC):
                edited = True
                cyc = (await store.cycles())[0]
                await store.edit_cycle(cyc.id, date(2027, 1, 11), date(2027, 3, 31))
                print("--- cycle edit: opens 2027-01-11")
            if not regional and clock.now >= datetime(2027, 1, 12, tzinfo=UTC):
                regional = True
                r = (await store.resolve_region("Kota Makassar")).id
                await store.open_cycle("pekppp-2025", date(2027, 2, 15), date(2027, 4, 30), r)
                print("--- regional pekppp-2025 cycle for Kota Makassar: opens 2027-02-15")
            clock.now += timedelta(hours=1)
