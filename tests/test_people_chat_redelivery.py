"""A `➕` (new invite) press delivered twice, as Telegram redelivers what the bot did not
confirm before a crash, makes one invite: before, it made a second live code (and sent it)."""

from __future__ import annotations

from typing import Any

from bot.services import services_of
from tests.fakebot import FakeBotAPI
from tests.flow_helpers import fixed_clock, join, seed, unit_page


async def test_a_redelivered_new_invite_press_makes_one_invite(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, coordinators=("Kota Metro",))
    unit = world.units["Dinas Sosial"]
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        store = services_of(app).store
        coordinator = fake_api.user(901, "Koor")
        await join(coordinator, world.codes["coordinator:Kota Metro"])
        page = await unit_page(coordinator, "Dinas Sosial", "Orang")
        assert len(await store.invites(unit_id=unit)) == 1  # the seed's

        pressed = await coordinator.press(page, "➕ 1 orang · 7 hari")
        created = await coordinator.wait_for(lambda m: m.text.startswith("✉️"))
        await coordinator.wait_answer(pressed)
        await coordinator.wait_idle()
        fake_api.redeliver(pressed.update_id)
        await coordinator.wait_idle(quiet=0.5)

        assert len(await store.invites(unit_id=unit)) == 2
        codes = [m.message_id for m in coordinator.messages if m.text.startswith("✉️")]
        assert codes == [created.message_id]
        # The same button pressed again (a new update) is a new invite, as asked.
        await coordinator.press(page, "➕ 1 orang · 7 hari")
        await coordinator.wait_for(lambda m: m.text.startswith("✉️"))
        assert len(await store.invites(unit_id=unit)) == 3
