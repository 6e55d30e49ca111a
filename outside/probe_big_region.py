"""Probe: a coordinator of a region with 150 units (long names): /ringkasan, /tinjau, /undang,
/unduh — does anything go over Telegram's limits?"""

from __future__ import annotations

from typing import Any

from tests.fakebot import FakeBotAPI
from tests.flow_helpers import api_errors, fixed_clock, join, seed

UNITS = tuple(
    ("Kota Metro", f"Unit Pelayanan Terpadu Satu Pintu Kecamatan Nomor {n:03d} " + "y" * 40, ())
    for n in range(150)
)


async def test_probe(fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any) -> None:
    world = await seed(tmp_settings.database, units=UNITS, coordinators=("Kota Metro",))
    async with running_bot(tmp_settings, clock=fixed_clock):
        coordinator = fake_api.user(901, "Koor")
        await join(coordinator, world.codes["coordinator:Kota Metro"])
        for command in ("/ringkasan", "/tinjau", "/undang", "/unduh", "/bantuan", "/survei"):
            before = len(coordinator.events)
            await coordinator.send(command)
            await coordinator.wait_idle(quiet=1.0, timeout=30)
            print(f"\n>>> {command}")
            for m in coordinator.events[before:]:
                print(f"  <{m.kind}> {len(m.text)} chars, {len(m.button_texts)} buttons, "
                      f"media={[x for x in m.media][:1]} {m.text[:100]!r}")  # fmt: skip
    print("API errors:", api_errors(fake_api))
