"""An officer who blocked the bot is not deactivated: the coordinator's /undang page says
they do not receive messages (not "nonaktif") and still offers to deactivate them. Before,
the page called them inactive and had no button, so someone who left and blocked the bot
could not be deactivated in chat, and was back with full access once they unblocked it."""

from __future__ import annotations

from typing import Any

from bot.services import services_of
from tests.fakebot import FakeBotAPI
from tests.flow_helpers import api_errors, edited, fixed_clock, join, seed, unit_page


async def test_an_officer_who_blocked_the_bot_can_be_deactivated(
    fake_api: FakeBotAPI, tmp_settings: Any, running_bot: Any
) -> None:
    world = await seed(tmp_settings.database, coordinators=("Kota Metro",))
    async with running_bot(tmp_settings, clock=fixed_clock) as app:
        store = services_of(app).store
        officer = fake_api.user(700, "Budi")
        await join(officer, world.codes["Dinas Sosial"])
        fake_api.block(700, notify=True)
        for _ in range(50):
            person = await store.person(700)
            if person is not None and not person.active:
                break
            await officer.wait_idle(quiet=0.1)
        assert person is not None and not person.active

        coordinator = fake_api.user(901, "Koor")
        await join(coordinator, world.codes["coordinator:Kota Metro"])
        page = await unit_page(coordinator, "Dinas Sosial", "Budi")
        assert "• Budi · petugas · tidak menerima pesan bot" in page.text
        assert "nonaktif" not in page.text.replace("Nonaktifkan", "")

        await coordinator.press(page, "🚫 Nonaktifkan Budi")
        asked = await edited(coordinator, page)
        await coordinator.press(asked, "Ya, nonaktifkan")
        done = await edited(coordinator, asked)
        assert "• Budi · petugas · nonaktif" in done.text
        gone = await store.person(700)
        assert gone is not None and not gone.active

        # Unblocking no longer brings them back.
        fake_api.unblock(700, notify=True)
        await officer.send("/periksa")
        assert "dinonaktifkan" in (await officer.wait_for()).text
    assert [e for e in api_errors(fake_api) if "blocked" not in str(e[1])] == []
