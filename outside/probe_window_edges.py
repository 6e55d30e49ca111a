"""Answering at the edges of the window in WIT: before it opens, at close, at close + 60 days
(the last second, WIT) and one second later; what /skor, /kekurangan, /ringkasan, /unduh say."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from bot.store import Store, UnitRow
from tests.fakebot import FakeBotAPI
from tests.flow_helpers import edited, is_question, join, option_labels
from tests.store_fixtures import Clock


async def seed(db: Any, clock: Clock) -> dict[str, str]:
    store = await Store.open(db, clock=clock)
    try:
        await store.import_units(
            [UnitRow("Kota Jayapura", "Puskesmas Hamadi", "Asia/Jayapura", ("Rawat Jalan",), 1)]
        )
        unit = (await store.resolve_unit("Puskesmas Hamadi")).id
        region = (await store.resolve_region("Kota Jayapura")).id
        await store.open_cycle("ombudsman-2024", date(2026, 5, 1), date(2026, 9, 30))
        off = await store.create_invite("officer", unit_id=unit, uses=5, days=400)
        coo = await store.create_invite("coordinator", region_id=region, uses=5, days=400)
        return {"off": off.code, "coo": coo.code}
    finally:
        await store.close()


async def test_edges(tmp_settings: Any, fake_api: FakeBotAPI, running_bot: Any) -> None:
    clock = Clock(datetime(2026, 3, 1, 3, 0, tzinfo=UTC))  # before the window
    codes = await seed(tmp_settings.database, clock)
    async with running_bot(tmp_settings, clock=clock):
        officer = fake_api.user(501, "Petugas")
        coordinator = fake_api.user(502, "Koord")
        await join(officer, codes["off"])
        await join(coordinator, codes["coo"])
        for label, moment in (
            ("before", datetime(2026, 3, 1, 3, 0, tzinfo=UTC)),
            ("at close 23:59 WIT", datetime(2026, 9, 30, 14, 59, 59, tzinfo=UTC)),
            (
                "last second (2026-11-29 23:59:59 WIT)",
                datetime(2026, 11, 29, 14, 59, 59, tzinfo=UTC),
            ),
            ("one second later", datetime(2026, 11, 29, 15, 0, 0, tzinfo=UTC)),
        ):
            clock.now = moment
            officer.skip_pending()
            await officer.send("/periksa")
            q = await officer.wait_for()
            print(f"\n=== {label}: /periksa ->\n{q.text[:400]}\nbuttons={q.button_texts}")
            if is_question(q):
                opts = option_labels(q)
                if opts:
                    await officer.press(q, opts[0])
                    shown = await edited(officer, q)
                    print(f"--- press {opts[0]} ->\n{shown.text[:300]}")
                    await officer.wait_idle()
                    for m in officer.events[-3:]:
                        print("   event:", m.kind, (m.text or "")[:200])
            for cmd in ("/skor", "/kekurangan"):
                await officer.send(cmd)
                m = await officer.wait_for()
                print(f"--- {cmd}:\n{m.text[:500]}")
                await officer.wait_idle()
            for cmd in ("/ringkasan", "/unduh"):
                coordinator.skip_pending()
                await coordinator.send(cmd)
                m = await coordinator.wait_for()
                print(f"--- coord {cmd}: {m.kind} {(m.text or m.caption or '')[:400]}")
                await coordinator.wait_idle()
