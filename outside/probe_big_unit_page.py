"""Probe: /undang on a unit with many officers and pending invites (Telegram allows at most
100 inline buttons and 4096 characters a message)."""

from __future__ import annotations

from typing import Any

from bot.store import Newcomer, Store
from tests.fakebot import FakeBotAPI
from tests.flow_helpers import NOW, api_errors, fixed_clock, join, seed


async def test_probe(fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any) -> None:
    world = await seed(tmp_settings.database, coordinators=("Kota Metro",))
    unit = world.units["Dinas Sosial"]
    store = await Store.open(tmp_settings.database, clock=fixed_clock)
    try:
        invite = await store.create_invite("officer", unit_id=unit, uses=1000, days=14, now=NOW)
        for n in range(120):
            await store.join(
                invite.code, Newcomer(10_000 + n, f"Petugas Nomor {n:03d} " + "x" * 30)
            )
    finally:
        await store.close()
    async with running_bot(tmp_settings, clock=fixed_clock):
        coordinator = fake_api.user(901, "Koor")
        await join(coordinator, world.codes["coordinator:Kota Metro"])
        await coordinator.send("/undang")
        units = await coordinator.wait_for()
        print(units.text, units.button_texts)
        await coordinator.press(units, "Dinas Sosial")
        await coordinator.wait_idle(quiet=0.5)
        for m in coordinator.events[-3:]:
            print(m.kind, len(m.text), m.text[-200:], len(m.button_texts))
    print("API errors:", api_errors(fake_api))
