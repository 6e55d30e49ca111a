"""Probe: the same update delivered twice (Telegram after a crash) for joining and /undang
presses: does anything change twice?"""

from __future__ import annotations

from typing import Any

from bot.services import services_of
from tests.fakebot import FakeBotAPI
from tests.flow_helpers import api_errors, fixed_clock, join, seed


async def test_probe(fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any) -> None:
    world = await seed(tmp_settings.database, coordinators=("Kota Metro",))
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        store = services_of(app).store
        coordinator = fake_api.user(901, "Koor")
        await join(coordinator, world.codes["coordinator:Kota Metro"])
        await coordinator.send("/undang")
        units = await coordinator.wait_for()
        await coordinator.press(units, "Dinas Sosial")
        page = await coordinator.wait_for(lambda m: "Orang" in m.text)
        before = len(await store.invites(unit_id=world.units["Dinas Sosial"]))
        pressed = await coordinator.press(page, page.button_texts[0])
        await coordinator.wait_idle(quiet=0.5)
        fake_api.redeliver(pressed.update_id)
        await coordinator.wait_idle(quiet=0.5)
        after = len(await store.invites(unit_id=world.units["Dinas Sosial"]))
        print("pending invites before/after one press delivered twice:", before, after)
        for m in coordinator.events[-6:]:
            print(" ", m.kind, m.text[:90].replace("\n", " | "))
    print("API errors:", api_errors(fake_api))
